"""Browser: in a Hybride gemeente the consulent holds intake and toelating, then hands the
traject over to the Stadsbank with a short summary (an empty summary is refused in Dutch);
the klantregisseur reads it and accepts; the consulent gets the acceptance. Both screens
pass axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.bouwers import WACHTWOORD, omgeving
from tests.bouwers.browser import geen_toegankelijkheidsfouten, inloggen
from tests.samenwerking.bouwers import overdracht_nodig
from trajecten.models import Signalering, Traject
from trajecten.samenwerking.models import Overdracht

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_consulent_draagt_over_en_klantregisseur_accepteert(page: Page, live_server):
    omg = omgeving("hybride-gemeente")
    for gebruiker in (omg.consulent, omg.regisseur):  # omgeving's users have no password
        gebruiker.set_password(WACHTWOORD)
        gebruiker.save(update_fields=["password"])
    traject = overdracht_nodig(omg)
    pagina = f"{live_server.url}/trajecten/{traject.pk}/"

    inloggen(page, live_server, omg.consulent)
    page.goto(pagina)
    sectie = page.locator("#overdracht")
    expect(sectie).to_contain_text("Draag dit traject warm over aan de Stadsbank.")
    geen_toegankelijkheidsfouten(page)
    sectie.get_by_role("button", name="Warme overdracht versturen").click()
    expect(page.locator("#overdracht .foutsamenvatting")).to_contain_text(
        "Beschrijf de situatie van de klant in een paar regels."
    )
    sectie = page.locator("#overdracht")
    sectie.get_by_label("Situatie in een paar regels").fill(
        "Alleenstaand, twee kinderen. Huurachterstand van drie maanden."
    )
    sectie.get_by_label("Wat is urgent").fill("Deurwaarder komt vrijdag.")
    sectie.get_by_label("Ontvangen documenten en post").fill("Aanmaning woningcorporatie.")
    sectie.get_by_role("button", name="Warme overdracht versturen").click()
    expect(page.locator(".melding--success")).to_contain_text(
        "Warme overdracht verstuurd aan de Stadsbank"
    )
    expect(page.locator("#overdracht")).to_contain_text("Open: van de gemeente aan de Stadsbank")
    expect(page.locator("#overdracht .tag--loopt")).to_have_text("Loopt")

    page.context.clear_cookies()
    inloggen(page, live_server, omg.regisseur)
    page.goto(pagina)
    sectie = page.locator("#overdracht")
    expect(sectie).to_contain_text("Deurwaarder komt vrijdag.")
    expect(sectie).to_contain_text("Aanmaning woningcorporatie.")
    geen_toegankelijkheidsfouten(page)
    sectie.get_by_role("button", name="Overdracht accepteren").click()
    expect(page.locator(".melding--success")).to_contain_text("Overdracht geaccepteerd")
    expect(page.locator("#overdracht")).to_contain_text("Geaccepteerd op")
    expect(page.locator("#overdracht").get_by_role("button")).to_have_count(0)
    page.screenshot(path="var/screenshots/traject-overdracht.png", full_page=True)
    geen_toegankelijkheidsfouten(page)

    o = Overdracht.objects.get(traject=traject)
    assert (o.status, o.geaccepteerd_door) == ("geaccepteerd", omg.regisseur)
    assert Traject.objects.get(pk=traject.pk).aan_zet == "stadsbank"
    assert Signalering.objects.filter(
        gebruiker=omg.consulent, sleutel__startswith=f"overdracht-{o.pk}-geaccepteerd"
    ).exists()
