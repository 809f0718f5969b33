"""Browser: the klantregisseur addresses an afstemming to the gemeente; the consulent sees it
wait for an answer and answers it; the klantregisseur reads the answer."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from klantplan.models import Afstemming
from tests.bouwers import toegelaten_traject
from tests.bouwers.browser import geen_toegankelijkheidsfouten, inloggen
from trajecten.models import Signalering

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_afstemming_gericht_aan_de_gemeente_beantwoorden(
    page: Page, live_server, regisseur_a, consulent_a, klant_a
):
    traject = toegelaten_traject(klant_a, regisseur_a)
    inloggen(page, live_server, regisseur_a)
    page.goto(f"{live_server.url}/trajecten/{traject.pk}/afstemming/")
    page.get_by_role("link", name="Afstemming vastleggen").click()
    page.get_by_label("Soort afstemming").select_option(label="Signaal ander leefgebied")
    page.get_by_label("Bericht").fill("Is er een wijkcoach voor de klant?")
    page.get_by_label("De gemeente: wacht op antwoord").check()
    page.get_by_role("button", name="Afstemming vastleggen").click()
    expect(page.locator(".melding--success")).to_contain_text("gericht aan de gemeente")
    rij = page.locator("tr", has_text="wijkcoach")
    expect(rij.locator(".tag--waarschuwing")).to_have_text("Wacht op antwoord")
    expect(rij.get_by_role("button", name="Beantwoorden")).to_have_count(0)  # not for the sender
    assert Signalering.objects.filter(traject=traject, partij="gemeente").count() == 1  # team

    page.get_by_role("button", name="Uitloggen", exact=True).click()
    inloggen(page, live_server, consulent_a)
    page.goto(f"{live_server.url}/trajecten/{traject.pk}/afstemming/")
    expect(page.get_by_text("Eén afstemming wacht op uw antwoord")).to_be_visible()
    rij = page.locator("tr", has_text="wijkcoach")
    rij.get_by_role("button", name="Beantwoorden").click()  # empty: refused beside the field
    expect(page.locator("tr", has_text="wijkcoach")).to_contain_text("Vul uw antwoord in.")
    geen_toegankelijkheidsfouten(page)
    rij = page.locator("tr", has_text="wijkcoach")
    rij.get_by_label("Uw antwoord").fill("Ja, de wijkcoach belt deze week.")
    rij.get_by_role("button", name="Beantwoorden").click()
    expect(page.locator(".melding--success")).to_contain_text("Uw antwoord is vastgelegd")
    rij = page.locator("tr", has_text="wijkcoach")
    expect(rij.locator(".tag--ok")).to_have_text("Beantwoord")
    expect(rij).to_contain_text("Ja, de wijkcoach belt deze week.")
    page.screenshot(path="var/screenshots/afstemming-beantwoord.png", full_page=True)
    geen_toegankelijkheidsfouten(page)
    assert Afstemming.objects.get().beantwoord_door == consulent_a

    page.get_by_role("button", name="Uitloggen", exact=True).click()
    inloggen(page, live_server, regisseur_a)
    page.goto(f"{live_server.url}/trajecten/{traject.pk}/afstemming/")
    expect(page.locator("tr", has_text="wijkcoach")).to_contain_text("Ja, de wijkcoach belt")
