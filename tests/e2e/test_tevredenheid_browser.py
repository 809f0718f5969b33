"""Browser: a medewerker ends a traject and records the referral to a partner; the klant
then opens the survey link on a phone (390 px) without
logging in, fills it in (axe clean before and after), cannot fill it in twice; the
contractmanager then sees the mark on the dashboard, for this quarter and for two years."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, expect

from rapportage.kwartalen import Kwartaal
from rapportage.tevredenheid import services
from rapportage.tevredenheid.models import Antwoord, Uitnodiging
from tests.bouwers import aanmelden, omgeving, stap, uitvoerder
from tests.bouwers.browser import geen_toegankelijkheidsfouten, inloggen, past_in_de_breedte
from tests.bouwers.fabrieken import WACHTWOORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SMAL = {"width": 390, "height": 844}


def test_klant_vult_vragenlijst_in_en_het_cijfer_staat_op_het_dashboard(page: Page, live_server):
    cache.clear()
    omg = omgeving()
    gemeente_a, contractmanager_a = omg.gemeente, omg.contractmanager
    for gebruiker in (omg.regisseur, omg.consulent, contractmanager_a):
        gebruiker.set_password(WACHTWOORD)  # the omgeving's users are for force_login
        gebruiker.save(update_fields=["password"])
    # Four earlier answers this quarter: with the klant's the fifth, enough for a mark.
    kwartaal = Kwartaal.van_datum(timezone.localdate()).start
    Antwoord.objects.bulk_create(
        Antwoord(gemeente=gemeente_a, kwartaal=kwartaal, cijfer=c, meer_rust="ja", aanraden="ja")
        for c in (6, 7, 8, 9)
    )
    traject = aanmelden(omg)
    stap(omg, traject, "voer_eerste_gesprek")

    # The medewerker ends the traject in the browser and records the referral (figure 29).
    inloggen(page, live_server, uitvoerder(omg, "sluit_af", traject))
    page.goto(f"{live_server.url}/trajecten/{traject.pk}/")
    formulier = page.locator("details").filter(
        has=page.locator("summary", has_text="Traject afsluiten")
    )
    formulier.locator("summary").click()
    formulier.get_by_label("Reden van uitstroom").select_option(label="Kan zelf verder")
    formulier.get_by_label("Verwezen naar").select_option(label="KRA")
    formulier.get_by_role("button", name="Traject afsluiten (uitstroom)").click()
    page.get_by_role("dialog").get_by_role("button", name=re.compile("^Ja, ")).click()
    expect(page.locator(".melding--success")).to_be_visible()
    expect(page.get_by_text("Verwezen naar: KRA")).to_be_visible()
    token = services.token(Uitnodiging.objects.get(traject=traject))  # made at uitstroom
    page.context.clear_cookies()  # the klant has no account: no session at all
    url = f"{live_server.url}/vragenlijst/{token}/"

    page.set_viewport_size(SMAL)
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoe was de schuldhulp?")
    geen_toegankelijkheidsfouten(page)
    past_in_de_breedte(page)
    page.get_by_role("button", name="Versturen").click()  # nothing chosen
    expect(page.locator("#foutsamenvatting")).to_contain_text(
        "Kies een cijfer van 1 tot en met 10."
    )
    geen_toegankelijkheidsfouten(page)
    assert not Antwoord.objects.filter(cijfer=10).exists()

    page.get_by_role("group", name="Welk rapportcijfer").get_by_label("10", exact=True).check()
    page.get_by_role("group", name="meer rust").get_by_label("Ja", exact=True).check()
    page.get_by_role("group", name="aanraden").get_by_label("Ja", exact=True).check()
    page.get_by_label("Wat kan beter? Of wat ging goed?").fill("Ik slaap weer.")
    page.screenshot(path="var/screenshots/tevredenheid-390.png", full_page=True)
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dank u wel")
    geen_toegankelijkheidsfouten(page)
    past_in_de_breedte(page)

    page.goto(url)  # a second time: a friendly message, nothing stored
    expect(page.get_by_role("heading", level=1)).to_have_text("U hebt de vragenlijst al ingevuld")
    geen_toegankelijkheidsfouten(page)
    assert Antwoord.objects.filter(gemeente=gemeente_a).count() == 5

    page.set_viewport_size({"width": 1280, "height": 900})
    inloggen(page, live_server, contractmanager_a)
    page.goto(f"{live_server.url}/dashboard/")
    kaart = page.locator('[data-tevredenheid="deze-periode"]')
    expect(kaart).to_contain_text("8,0")  # (6 + 7 + 8 + 9 + 10) / 5
    expect(kaart).to_contain_text("uit 5 vragenlijsten")
    expect(kaart).to_contain_text("Zou het aanraden: 100,0%")
    expect(page.locator('[data-tevredenheid="laatste-twee-jaar"]')).to_contain_text("8,0")
    alle = page.locator("section[aria-labelledby=kop-alle]")
    expect(alle).to_contain_text("Verwijzingen naar partners bij uitstroom")
    geen_toegankelijkheidsfouten(page)
    page.screenshot(path="var/screenshots/dashboard-tevredenheid.png", full_page=True)
