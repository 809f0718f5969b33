"""Browser: a klantregisseur makes and downloads a DDAS file, then imports one from a previous
system: upload → preview with the problems per record → confirm → imported."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from tests.bouwers.browser import geen_toegankelijkheidsfouten, inloggen
from tests.bouwers.ddas import (
    VOORBEELD,
    als_bytes,
    bouw_gemeente,
    met_traject,
    officieel_geldig,
    traject,
)
from trajecten.models import Traject

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_export_downloaden(page: Page, live_server, gemeente_a, regisseur_a, tmp_path):
    bouw_gemeente(gemeente_a, regisseur_a)
    inloggen(page, live_server, regisseur_a)
    page.get_by_role("link", name="DDAS", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("DDAS-bestand maken")
    page.get_by_label("Gemeente").select_option(label="Almelo (GM0141)")
    page.get_by_label("Van").fill("2026-01-01")
    page.get_by_label("Tot en met").fill("2026-12-31")
    page.get_by_role("button", name="Bestand maken en controleren").click()
    expect(page.locator(".melding--success")).to_contain_text("voldoet aan het DDAS v1.0-schema")
    geen_toegankelijkheidsfouten(page)
    page.screenshot(path="var/screenshots/ddas-export.png", full_page=True)

    with page.expect_download() as download:
        page.get_by_role("button", name="Bestand downloaden (4 trajecten)").click()
    assert download.value.suggested_filename == "ddas-GM0141-2026-01-01-2026-12-31.json"
    pad = tmp_path / "ddas.json"
    download.value.save_as(pad)
    document = json.loads(pad.read_text(encoding="utf-8"))
    assert officieel_geldig(document) == []
    assert len(document["leveringen"][0]["schuldhulptrajecten"]) == 4


def test_import_uploaden_controleren_bevestigen(
    page: Page, live_server, gemeente_a, regisseur_a, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    document = met_traject(
        **traject(
            intake={
                "startdatum": "2026-02-05",
                "beschikkingsdatum": "2026-02-20",
                "beschikkingssoort": "Toelatingsbeschikking",
            },
            begeleiding=[{"soort": "Budgetbeheer", "startdatum": "2026-03-01"}],
        )
    )
    lijst = document["leveringen"][0]["schuldhulptrajecten"]
    lijst.append(
        traject(bsn="111222333", uitstroom={"datum": "2026-02-20", "reden": "Nietverschenen"})
    )
    lijst.append(traject(bsn="987654321"))  # fails the elfproef, like the official example
    bestand = tmp_path / "vorig-systeem.json"
    bestand.write_bytes(als_bytes(document))

    inloggen(page, live_server, regisseur_a)
    page.goto(f"{live_server.url}/ddas/")
    page.get_by_role("link", name="DDAS-bestand importeren").click()
    page.get_by_label("DDAS-bestand").set_input_files(str(bestand))
    page.get_by_role("button", name="Bestand controleren").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Wat wordt er geïmporteerd?")
    tabel = page.locator("#ddas-records")
    expect(tabel.locator("tbody tr")).to_have_count(3)
    expect(tabel.locator("tbody tr").nth(2)).to_contain_text("voldoet niet aan de elfproef")
    expect(tabel.locator("tbody tr").nth(2)).to_contain_text("Fout: niet importeren")
    geen_toegankelijkheidsfouten(page)
    page.screenshot(path="var/screenshots/ddas-import-voorbeeld.png", full_page=True)
    assert not Traject.objects.exists()

    page.get_by_role("button", name="2 trajecten importeren").click()
    expect(page.locator(".melding--success")).to_contain_text(
        "2 trajecten geïmporteerd (2 nieuwe klanten), 0 aangevuld. 0 stonden er al in, 1 met fouten"
    )
    expect(tabel.locator("tbody tr").first).to_contain_text("Staat er al")
    page.screenshot(path="var/screenshots/ddas-import-klaar.png", full_page=True)
    assert Traject.objects.count() == 2
    assert Traject.objects.get(klant__bsn="123456782").fase == "stabilisatie"


def test_fout_bestand_en_het_officiele_voorbeeld_in_de_browser(
    page: Page, live_server, regisseur_a, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    kapot = tmp_path / "kapot.json"
    kapot.write_text("dit is geen json", encoding="utf-8")
    inloggen(page, live_server, regisseur_a)
    page.goto(f"{live_server.url}/ddas/importeren/")
    page.get_by_label("DDAS-bestand").set_input_files(str(kapot))
    page.get_by_role("button", name="Bestand controleren").click()
    expect(page.locator(".foutsamenvatting")).to_contain_text("geen geldig JSON-bestand")
    geen_toegankelijkheidsfouten(page)
    page.screenshot(path="var/screenshots/ddas-import-fout.png", full_page=True)

    # The official example: made-up BSN, gemeentecode GM001, dates out of order. Said clearly.
    page.get_by_label("DDAS-bestand").set_input_files(str(VOORBEELD))
    page.get_by_role("button", name="Bestand controleren").click()
    rij = page.locator("#ddas-records tbody tr")
    expect(rij).to_have_count(1)
    expect(rij).to_contain_text("Fout: niet importeren")
    expect(rij).to_contain_text("voldoet niet aan de elfproef")
    expect(rij).to_contain_text("'GM001' is geen geldige CBS-gemeentecode")
    expect(rij).to_contain_text("ligt vóór het eerste gesprek")
    expect(page.get_by_role("button", name="importeren")).to_have_count(0)
    geen_toegankelijkheidsfouten(page)
    page.screenshot(path="var/screenshots/ddas-import-voorbeeldbestand.png", full_page=True)
