"""Browser: a contractmanager asks for a kwartaalrapportage, sees it being made, downloads it."""

from __future__ import annotations

import io
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from rapportage import tasks
from tests.bouwers.browser import inloggen
from tests.bouwers.celery import broker_weg  # noqa: F401 (fixture)
from tests.bouwers.pdfpagina import bijna_leeg, pdf_naar_png
from tests.bouwers.rijen import Bouwer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker_na_even(monkeypatch):
    """Stands in for the Celery worker: runs the task eagerly (``apply``), a moment after the
    request, in a thread, so the page shows the report being made and then ready."""

    def later(rapportage_id: int) -> None:
        def werk() -> None:
            time.sleep(1.5)
            try:
                tasks.maak_kwartaalrapportage.apply(args=[rapportage_id])
            finally:
                connections.close_all()

        threading.Thread(target=werk, daemon=True).start()

    monkeypatch.setattr(tasks.maak_kwartaalrapportage, "delay", later)


def test_contractmanager_vraagt_rapportage_aan_en_downloadt_de_pdf(
    page: Page, live_server, contractmanager_a, gemeente_a, gemeente_b, worker_na_even
):
    bouw = Bouwer(gemeente_a)
    for dag in (2, 9, 16):
        t = bouw.traject(date(2026, 7, dag), kanaal="wijkteam")
        bouw.gebeurtenis(t, "eerste_gesprek", date(2026, 7, dag + 10))
    bouw.traject(date(2026, 8, 3), kanaal="vroegsignalering")

    inloggen(page, live_server, contractmanager_a)
    page.get_by_role("link", name="Rapportages").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kwartaalrapportages")
    gemeente = page.get_by_label("Gemeente", exact=True)
    expect(gemeente.locator("option")).to_have_text(["Almelo"])  # not Hengelo
    gemeente.select_option(label="Almelo")
    page.get_by_label("Kwartaal").select_option(label="3e kwartaal 2026")
    page.screenshot(path="var/screenshots/rapportages.png", full_page=True)
    page.get_by_role("button", name="Rapportage maken").click()

    expect(page.locator(".melding--success")).to_contain_text("wordt gemaakt")
    expect(page.locator("#voortgang")).to_contain_text("De rapportage wordt gemaakt")
    page.screenshot(path="var/screenshots/rapportage-wordt-gemaakt.png", full_page=True)
    # htmx polls; when the job is done the page reloads itself with the figures.
    expect(page.get_by_role("link", name="PDF downloaden")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("heading", name="Wettelijke termijnen")).to_be_visible()
    expect(page.locator(".kaart").first).to_contain_text("4")
    # The written summary for the wethouder, with counts instead of percentages of a few.
    samenvatting = page.locator("section.wethouder")
    expect(samenvatting).to_contain_text("In dit kwartaal meldden zich 4 inwoners aan")
    expect(samenvatting).to_contain_text("Wat vraagt aandacht")
    page.screenshot(path="var/screenshots/rapportage-detail.png", full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="PDF downloaden").click()
    assert download.value.suggested_filename == "kwartaalrapportage-GM0141-2026-K3-v1.pdf"
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    tekst = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "Almelo" in tekst and "3e kwartaal 2026" in tekst and "Pagina 1 van" in tekst
    assert "Samenvatting voor het bestuur" in tekst
    inhoud = Path(download.value.path()).read_bytes()
    assert not bijna_leeg(inhoud)
    # The pages as pictures for a person to look at (issue 20, "Done when").
    assert len(pdf_naar_png(inhoud, "kwartaalrapportage")) == len(pdf.pages)


def test_broker_weg_wachtrij_opnieuw_proberen_en_annuleren(
    page: Page,
    live_server,
    contractmanager_a,
    gemeente_a,
    broker_weg,  # noqa: F811
):
    """Redis down (issue 17, point 8): no error page but 'staat in de wachtrij'; the report
    that hangs can be retried and cancelled from its page."""
    inloggen(page, live_server, contractmanager_a)
    page.get_by_role("link", name="Rapportages").click()
    page.get_by_label("Gemeente", exact=True).select_option(label="Almelo")
    page.get_by_label("Kwartaal").select_option(label="3e kwartaal 2026")
    page.get_by_role("button", name="Rapportage maken").click()

    expect(page.locator(".melding--warning")).to_contain_text(
        "staat in de wachtrij, we proberen het opnieuw"
    )
    voortgang = page.locator("#voortgang")
    expect(voortgang).to_contain_text("Staat in de wachtrij, we proberen het opnieuw.")
    page.screenshot(path="var/screenshots/rapportage-in-de-wachtrij.png", full_page=True)

    voortgang.get_by_role("button", name="Opnieuw proberen").click()
    expect(page.locator(".melding--warning")).to_contain_text("we proberen het opnieuw")

    page.locator("#voortgang").get_by_role("button", name="Annuleren").click()
    expect(page.locator(".melding--success")).to_contain_text("De rapportage is geannuleerd")
    expect(page.locator("#voortgang")).to_contain_text("Geannuleerd door")
    expect(page.get_by_role("button", name="Annuleren")).to_have_count(0)
