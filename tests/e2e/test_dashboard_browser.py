"""Browser: the contractmanager lands on the dashboard, picks a month, sees the norms,
records a kwartaalgesprek with two actions, asks for the next version of the report and
finds the meeting as an appendix in its PDF; then ticks an action off on the dashboard."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from rapportage import services
from rapportage.kwartalen import Kwartaal
from tests.bouwers.browser import geen_toegankelijkheidsfouten, inloggen, past_in_de_breedte
from tests.bouwers.rijen import Bouwer
from tests.e2e.test_rapportage_browser import worker_na_even  # noqa: F401 (fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
D = date
WGS = "wgs-eerste-gesprek"


def test_dashboard_kwartaalgesprek_en_bijlage_in_de_volgende_versie(
    page: Page,
    live_server,
    contractmanager_a,
    gemeente_a,
    gemeente_b,
    worker_na_even,  # noqa: F811
):
    cache.clear()
    bouw = Bouwer(gemeente_a)
    for dag in (1, 6, 13, 20):
        t = bouw.traject(D(2026, 7, dag))
        bouw.klok(t, WGS, D(2026, 7, dag + 7), gehaald_op=D(2026, 7, dag + 3) if dag < 10 else None)
    versie1 = services.vraag_aan(
        gemeente=gemeente_a, kwartaal=Kwartaal(2026, 3), door=None, in_wachtrij=False
    )
    services.maak(rapportage_id=versie1.pk)

    inloggen(page, live_server, contractmanager_a)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard: Almelo")
    expect(page.get_by_label("Gemeente", exact=True).locator("option")).to_have_text(["Almelo"])
    page.get_by_label("Een maand").check()
    page.get_by_label("Maand", exact=True).fill("2026-07")
    page.get_by_role("button", name="Toon cijfers").click()

    expect(page.get_by_role("heading", name="Almelo: juli 2026")).to_be_visible()
    kaart = page.locator(".normkaart").filter(has_text="eerste gesprek")
    expect(kaart).to_contain_text("50,0%")
    expect(kaart).to_contain_text("2 van 4 gehaald")
    expect(kaart.locator("svg")).to_have_count(1)  # the trend with its target line
    intake = page.locator("#uitsplitsing-fase tr").filter(has_text="Eerste gesprek en intake")
    expect(intake.locator("td")).to_have_text("4")
    geen_toegankelijkheidsfouten(page)
    past_in_de_breedte(page)
    page.screenshot(path="var/screenshots/dashboard.png", full_page=True)

    page.get_by_role("link", name="Laatste kwartaalrapportage (3e kwartaal 2026)").click()
    page.get_by_role("link", name="Kwartaalgesprek vastleggen").click()
    page.get_by_label("Datum van het gesprek").fill("2026-10-14")
    page.get_by_label("Aanwezig").fill("J. Jansen (gemeente Almelo)\nP. de Vries (Stadsbank)")
    page.get_by_label("Afspraken").fill("De wachttijd voor het eerste gesprek gaat omlaag.")
    page.get_by_label("Opmerkingen van de gemeente bij de cijfers").fill(
        "De gemeente mist de signalen van de woningcorporatie."
    )
    for nummer, (wat, wie, wanneer) in enumerate(
        [
            ("Extra spreekuur in Almelo-Noord", "P. de Vries", "2026-11-01"),
            ("Convenant woningcorporatie tekenen", "Gemeente Almelo", "2027-01-15"),
        ],
        start=1,
    ):
        regel = page.get_by_role("group", name=f"Actie {nummer}")
        regel.get_by_label("Actie").fill(wat)
        regel.get_by_label("Eigenaar").fill(wie)
        regel.get_by_label("Uiterlijk op").fill(wanneer)
    page.screenshot(path="var/screenshots/kwartaalgesprek.png", full_page=True)
    page.get_by_role("button", name="Kwartaalgesprek vastleggen").click()
    expect(page.locator(".melding--success")).to_contain_text("volgende versie van de PDF")
    expect(page.locator(".gesprek")).to_contain_text("Convenant woningcorporatie tekenen")

    page.get_by_role("button", name="Opnieuw maken (nieuwe versie)").click()
    expect(page.get_by_role("link", name="PDF downloaden")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("heading", level=1)).to_contain_text("versie 2")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF downloaden").click()
    pad = Path(download.value.path())
    Path("var/screenshots").mkdir(parents=True, exist_ok=True)
    Path("var/screenshots/kwartaalrapportage-v2.pdf").write_bytes(pad.read_bytes())
    pdf = PdfReader(io.BytesIO(pad.read_bytes()))
    tekst = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "Bijlage: kwartaalgesprek" in tekst
    assert "Extra spreekuur in Almelo-Noord" in tekst and "Convenant woningcorporatie" in tekst
    assert "De gemeente mist de signalen van de woningcorporatie." in tekst

    # Back on the dashboard: the open actions, one ticked off.
    page.get_by_role("link", name="Dashboard").click()
    acties = page.locator("table.acties")
    expect(acties.locator("tbody tr")).to_have_count(2)
    acties.get_by_role("button", name="Afgerond: Extra spreekuur in Almelo-Noord").click()
    expect(page.locator(".melding--success")).to_contain_text("is afgerond")
    expect(page.locator("table.acties tbody tr")).to_have_count(1)
    expect(page.locator("table.acties")).to_contain_text("Convenant woningcorporatie tekenen")
