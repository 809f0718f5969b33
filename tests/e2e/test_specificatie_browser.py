"""Browser: the contractmanager finds last month's specificatie (made by the monthly job) and
downloads it as PDF and CSV; the totals agree with the page."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from rapportage.facturatie import tasks
from schuldhulp.models import Rol
from tests.bouwers import GebruikerFactory
from tests.bouwers.browser import geen_toegankelijkheidsfouten, inloggen
from tests.bouwers.rijen import Bouwer
from tests.facturatie.conftest import maak_heusden

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def heusden(transactional_db):
    return maak_heusden()


def test_contractmanager_downloadt_de_specificatie(page: Page, live_server, heusden, gemeente_a):
    bouw = Bouwer(heusden)
    t = bouw.traject(date(2026, 10, 5))
    bouw.product(t, "Budgetbeheer", date(2026, 10, 6))
    bouw.traject(date(2026, 9, 1))
    Bouwer(gemeente_a).traject(date(2026, 10, 5))  # another gemeente: not on it
    assert tasks.maak_specificaties.apply(kwargs={"vandaag": "2026-11-01"}).get() == 2
    cm = GebruikerFactory(username="cm_h", rol=Rol.CONTRACTMANAGER, gemeenten=[heusden])

    inloggen(page, live_server, cm)
    page.get_by_role("link", name="Specificaties").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Specificaties op realisatie")
    rij = page.locator("#specificaties-tabel tbody tr")
    expect(rij).to_have_count(1)  # only Heusden's
    # 1.000,00 vast + 450,00 nieuw + 2 × 45,50 + 1 × 12,34 budgetbeheer
    expect(rij).to_contain_text("€ 1.553,34")
    geen_toegankelijkheidsfouten(page)
    page.screenshot(path="var/screenshots/specificaties.png", full_page=True)

    with page.expect_download() as download:
        rij.get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename == "specificatie-GM0797-2026-10-v1.pdf"
    inhoud = Path(download.value.path()).read_bytes()
    Path("var/screenshots/specificatie.pdf").write_bytes(inhoud)
    pagina = PdfReader(io.BytesIO(inhoud)).pages
    tekst = " ".join(" ".join(p.extract_text().split()) for p in pagina)
    assert "Heusden" in tekst and "Totaal oktober 2026: € 1.553,34" in tekst

    with page.expect_download() as download:
        rij.get_by_role("link", name="CSV").click()
    regels = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert regels[-1] == "Totaal;;;;;1553,34"


def test_contractmanager_maakt_een_nieuwe_versie_in_het_scherm(page: Page, live_server, heusden):
    from rapportage.facturatie.berekening import Maand
    from rapportage.facturatie.models import Specificatie

    vorige = Maand.van(date.today()).vorige()
    Bouwer(heusden).traject(vorige.start)
    cm = GebruikerFactory(username="cm_m", rol=Rol.CONTRACTMANAGER, gemeenten=[heusden])
    inloggen(page, live_server, cm)
    page.goto(f"{live_server.url}/specificaties/")
    page.locator("summary", has_text="Nieuwe specificatie maken").click()
    page.get_by_label("Gemeente", exact=True).select_option(label="Heusden")
    page.get_by_label("Maand", exact=True).select_option(label=vorige.naam)
    geen_toegankelijkheidsfouten(page)
    page.get_by_role("button", name="Specificatie maken").click()
    expect(page.locator(".melding--success")).to_contain_text("(versie 1,")
    page.locator("summary", has_text="Nieuwe specificatie maken").click()
    page.get_by_label("Maand", exact=True).select_option(label=vorige.naam)
    page.get_by_role("button", name="Specificatie maken").click()
    expect(page.locator(".melding--success")).to_contain_text("(versie 2,")
    expect(page.locator("#specificaties-tabel tbody tr")).to_have_count(2)
    expect(page.locator("#specificaties-tabel")).to_contain_text("Vervangen")
    assert list(Specificatie.objects.values_list("versie", flat=True).order_by("versie")) == [1, 2]
