"""Browser: a klantregisseur creates a klant, sees the BSN error, fixes it, finds the klant."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.bouwers.browser import inloggen

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_klant_aanmaken_met_fout_bsn_en_terugvinden(page: Page, live_server, regisseur_a):
    inloggen(page, live_server, regisseur_a)
    page.get_by_role("link", name="Klanten", exact=True).first.click()
    page.get_by_role("link", name="Nieuwe klant aanmaken").click()
    page.get_by_label("Gemeente").select_option(label="Almelo")
    page.get_by_label("BSN").fill("123456789")
    page.get_by_label("Voornamen").fill("Tanya")
    page.get_by_label("Achternaam").fill("Veldkamp")
    page.get_by_label("Geboortedatum").fill("1984-05-12")
    page.get_by_label("Postcode").fill("7607ab")
    page.get_by_role("button", name="Klant aanmaken").click()
    expect(page.locator(".foutsamenvatting")).to_contain_text("elfproef")
    expect(page.get_by_label("Achternaam")).to_have_value("Veldkamp")
    page.screenshot(path="var/screenshots/klant-bsn-fout.png", full_page=True)
    page.get_by_label("BSN").fill("123456782")
    page.get_by_role("button", name="Klant aanmaken").click()
    expect(page.locator(".melding--success")).to_contain_text("Tanya Veldkamp is aangemaakt")
    page.get_by_role("link", name="Klanten", exact=True).first.click()
    page.get_by_label("Zoek op naam, BSN of postcode").fill("Veldk")
    expect(page.locator("#klanten-tabel")).to_contain_text("Veldkamp, Tanya")
    page.screenshot(path="var/screenshots/klantenlijst.png", full_page=True)
    # A BSN in the search box (live, then with the button) never ends up in the URL.
    page.get_by_label("Zoek op naam, BSN of postcode").fill("123456782")
    expect(page.locator("#klanten-tabel")).to_contain_text("Veldkamp, Tanya")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator("#klanten-tabel")).to_contain_text("Veldkamp, Tanya")
    assert "123456782" not in page.url
