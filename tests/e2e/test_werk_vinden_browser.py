"""Browser: a klantregisseur logs in and lands on the werkvoorraad, filters it with the
"overschreden" tile, searches by name, and registers an aanmelding by searching the klant
as she types; a failed submit puts the focus on the error summary (issue 20, points 4, 9)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.bouwers import KlantFactory, maak_traject
from tests.bouwers.browser import geen_toegankelijkheidsfouten, inloggen, past_in_de_breedte

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCHERMEN = "var/screenshots"


def _schermen(page: Page, naam: str) -> None:
    """Screenshots at 1280 and 390 px; axe and the width checked at both."""
    for breedte in (1280, 390):
        page.set_viewport_size({"width": breedte, "height": 900})
        page.screenshot(path=f"{SCHERMEN}/{naam}-{breedte}.png", full_page=True)
        geen_toegankelijkheidsfouten(page)
    past_in_de_breedte(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_werk_vinden(page: Page, live_server, regisseur_a, gemeente_a):
    laat = maak_traject(
        KlantFactory(gemeente=gemeente_a, achternaam="Overschreden"), regisseur_a, dagen_geleden=60
    )
    maak_traject(
        KlantFactory(gemeente=gemeente_a, achternaam="Dreigend"), regisseur_a, dagen_geleden=25
    )
    maak_traject(KlantFactory(gemeente=gemeente_a, achternaam="Verweg"), regisseur_a)
    nieuw = KlantFactory(gemeente=gemeente_a, achternaam="Zoekmans", voornamen="Tanya")

    inloggen(page, live_server, regisseur_a)
    expect(page).to_have_url(re.compile(r"/werkvoorraad/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkvoorraad")
    tabel = page.locator("#werkvoorraad-tabel")
    expect(tabel.locator("tbody tr")).to_have_count(3)

    # The tile "termijn overschreden" is a filter (a link, marked as chosen)
    page.locator("#werkvoorraad-kaarten").get_by_role(
        "link", name=re.compile("overschreden")
    ).click()
    expect(page).to_have_url(re.compile(r"stand=overschreden"))
    expect(tabel.locator("tbody tr")).to_have_count(1)
    expect(tabel).to_contain_text(laat.klant.volledige_naam)
    expect(page.locator("#werkvoorraad-kaarten [aria-current=true]")).to_contain_text(
        "termijn overschreden"
    )
    _schermen(page, "werkvoorraad-overschreden")

    # Back to all, then search by name as you type (htmx)
    page.locator("#werkvoorraad-kaarten").get_by_role("link", name=re.compile("lopende")).click()
    expect(tabel.locator("tbody tr")).to_have_count(3)
    page.get_by_label("Zoek op naam of dossiernummer").fill("verweg")
    expect(tabel.locator("tbody tr")).to_have_count(1)
    expect(tabel).to_contain_text("Verweg")
    expect(page).to_have_url(re.compile(r"zoek=verweg"))
    _schermen(page, "werkvoorraad-zoeken")

    # Aanmelding vastleggen: search the klant as you type, choose, fill in
    page.get_by_role("link", name="Aanmelding vastleggen").click()
    page.get_by_label("Zoek op naam, BSN of postcode").fill("zoekm")
    resultaten = page.locator("#klant-resultaten")
    expect(resultaten).to_contain_text("1 klant gevonden")
    _schermen(page, "aanmelden-klant-zoeken")
    resultaten.get_by_role("link", name=re.compile("Aanmelden")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"{nieuw.volledige_naam} aanmelden voor schuldhulp"
    )
    page.get_by_label("Aangemeld via").select_option(label="Sociaal wijkteam")
    page.get_by_label("Direct een crisisinterventie starten").check()
    page.get_by_role("button", name="Aanmelding vastleggen").click()

    # The summary names one field and has the focus
    samenvatting = page.locator(".foutsamenvatting")
    expect(samenvatting).to_contain_text("Er is 1 veld niet goed ingevuld")
    expect(samenvatting).to_be_focused()
    _schermen(page, "aanmelden-fout")
    page.get_by_label("Bedreigende situatie").select_option(label="Afsluiting energie of water")
    page.get_by_role("button", name="Aanmelding vastleggen").click()
    expect(page.locator(".melding--success")).to_contain_text("De crisisinterventie is gestart.")
