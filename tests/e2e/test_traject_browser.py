"""Browser: a klantregisseur registers an aanmelding with a bedreigende situatie, sees the
3-werkdagen clock on the werkvoorraad, records the journey and sees the clocks met."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.bouwers import maak_traject
from tests.bouwers.browser import geen_toegankelijkheidsfouten, inloggen
from trajecten.workflow import FINANCIELE_RUST_PUNTEN

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

KLOK_3_WERKDAGEN = "Eerste gesprek binnen 3 werkdagen bij bedreigende situatie"


def test_aanmelding_met_bedreigende_situatie_tot_financiele_rust(
    page: Page, live_server, regisseur_a, klant_a
):
    inloggen(page, live_server, regisseur_a)

    # Aanmelden from the klant's page
    page.get_by_role("link", name="Klanten", exact=True).first.click()
    page.get_by_role("link", name=klant_a.achternaam).first.click()
    page.get_by_role("link", name="Aanmelden voor schuldhulp").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("aanmelden voor schuldhulp")
    page.get_by_label("Aangemeld via").select_option(label="Sociaal wijkteam")
    page.get_by_label("Bedreigende situatie").select_option(label="Dreigende huisuitzetting")
    page.get_by_label("Toelichting").fill("Brief van de woningcorporatie: ontruiming aangezegd.")
    page.get_by_role("button", name="Aanmelding vastleggen").click()
    expect(page.locator(".melding--success")).to_contain_text("is aangemeld op")

    # The werkvoorraad shows the 3-werkdagen clock
    page.get_by_role("link", name="Werkvoorraad", exact=True).first.click()
    tabel = page.locator("#werkvoorraad-tabel")
    rij = tabel.locator("tr", has_text=klant_a.volledige_naam)
    expect(rij).to_contain_text(KLOK_3_WERKDAGEN)
    expect(rij.locator(".tag--loopt")).to_have_text("Loopt")
    expect(rij.locator(".tag--stadsbank")).to_have_text("Stadsbank")  # aan zet
    expect(rij).to_contain_text("werkdag")
    expect(page.locator("#werkvoorraad-kaarten")).to_contain_text("1 lopende traject")
    page.screenshot(path="var/screenshots/werkvoorraad.png", full_page=True)
    geen_toegankelijkheidsfouten(page)

    # htmx filter: the table follows the select without a page load
    page.get_by_label("Fase").select_option(label="Stabilisatie")
    expect(tabel).to_contain_text("Geen trajecten met deze filters")
    expect(page.locator("#werkvoorraad-kaarten")).to_contain_text("0 lopende trajecten")
    page.get_by_label("Fase").select_option(label="Aangemeld")
    expect(tabel).to_contain_text(klant_a.volledige_naam)

    # The journey: first conversation, toelating, financiële rust (dates: today)
    tabel.get_by_role("link", name=klant_a.volledige_naam).click()
    expect(page.locator(".stappen [aria-current=step]")).to_contain_text("Aangemeld")
    for knop, fase in [
        ("Eerste gesprek vastleggen", "Eerste gesprek en intake"),
        ("Toelating vastleggen", "Stabilisatie"),
        ("Financiële rust vastleggen", "Financiële rust en plan van aanpak"),
    ]:
        if fase.startswith("Financiële rust"):
            _financiele_rust(page)
        page.get_by_role("button", name=knop).click()
        expect(page.locator(".melding--success")).to_contain_text(f"nu in de fase ‘{fase}’")
        expect(page.locator(".stappen [aria-current=step]")).to_contain_text(fase)

    termijnen = page.locator("table.termijnen")
    for naam in (
        KLOK_3_WERKDAGEN,
        "Bedreigende situatie: financiële rust en plan van aanpak binnen 2 weken",
        "Beschikking binnen 8 weken na het eerste gesprek",
    ):
        expect(
            termijnen.locator("tr", has_text=naam).locator(".utrecht-status-badge")
        ).to_have_text("Gehaald")
    expect(page.locator(".tijdlijn")).to_contain_text("Financiële rust en plan van aanpak")
    expect(page.locator(".tijdlijn")).to_contain_text("ontruiming aangezegd")
    page.screenshot(path="var/screenshots/traject-detail.png", full_page=True)
    geen_toegankelijkheidsfouten(page)


def _financiele_rust(page: Page) -> None:
    """The three points of financiële rust (issue 15): a bare click is refused with the missing
    points; ticked and explained, the step can be taken."""
    kaart = page.locator("#stap-bereik_financiele_rust")
    kaart.get_by_role("button", name="Financiële rust vastleggen").click()
    kaart = page.locator("#stap-bereik_financiele_rust")
    expect(kaart.locator(".foutsamenvatting")).to_contain_text(
        "Vink dit aan als het klopt: De schulden groeien niet meer."
    )
    expect(kaart).to_contain_text("In het dossier: Er is nog geen vastgesteld budget.")
    for _, uitspraak in FINANCIELE_RUST_PUNTEN:
        kaart.get_by_label(uitspraak).check()
    for veld in kaart.get_by_label("Waaruit blijkt dit?").all():
        veld.fill("Besproken met de klant; de bankafschriften laten het zien.")


def test_geweigerde_stap_en_signalering_lezen(page: Page, live_server, regisseur_a, klant_a):
    """Past date without a reason: refused with the reason, input kept. A signalering is
    marked read in place (htmx)."""
    traject = maak_traject(klant_a, regisseur_a, dagen_geleden=40)  # overdue → signalering
    inloggen(page, live_server, regisseur_a)
    page.goto(f"{live_server.url}/trajecten/{traject.pk}/")
    kaart = page.locator("#stap-voer_eerste_gesprek")
    kaart.get_by_label("Datum").fill("2020-01-01")
    kaart.get_by_role("button", name="Eerste gesprek vastleggen").click()
    expect(page.locator(".melding--error")).to_contain_text("niet vastgelegd")
    kaart = page.locator("#stap-voer_eerste_gesprek")
    expect(kaart.locator(".foutsamenvatting")).to_contain_text("De datum ligt voor")
    expect(kaart.get_by_label("Datum")).to_have_value("2020-01-01")
    page.screenshot(path="var/screenshots/traject-geweigerd.png", full_page=True)
    geen_toegankelijkheidsfouten(page)

    page.get_by_role("link", name="Werkvoorraad", exact=True).first.click()
    sectie = page.locator("section", has=page.get_by_role("heading", name="Nieuwe signaleringen"))
    eerste = sectie.locator("tbody tr").first
    expect(eerste).to_contain_text("Nieuw")
    eerste.get_by_role("button", name="Markeer als gelezen").click()
    expect(sectie.locator("tbody tr").first).to_contain_text("Gelezen")
    expect(sectie.locator("tbody tr").first.get_by_role("button")).to_contain_text(
        "Markeer als nieuw"
    )
