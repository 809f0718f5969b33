"""Browser, issue 12 "done when": a beheerder drafts a Basis agreement for a Hybride gemeente,
vaststellen per fase shows the preview; on the start date (time travel) the beat job activates
it; the moved traject gives the consulent the button the Stadsbank had, the kept one does not.
Then a klantregisseur proposes opschalen for that client, the consulent approves, and the gate
follows."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect

from schuldhulp.afspraken import Afspraakstatus
from tests.bouwers.browser import geen_toegankelijkheidsfouten, inloggen
from tests.bouwers.fabrieken import WACHTWOORD
from tests.bouwers.omgeving import omgeving
from tests.bouwers.trajecten import traject_in
from trajecten.models import Fase, Gebeurtenissoort
from trajecten.pakket.models import Afspraakgebeurtenis
from trajecten.pakket.tasks import afspraken_bijwerken

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _knoppen(page: Page, live_server, traject) -> list[str]:
    page.goto(f"{live_server.url}/trajecten/{traject.pk}/")
    return [t.strip() for t in page.locator("main button").all_inner_texts()]


def test_pakketwissel_per_fase_en_maatwerk(page: Page, live_server):
    omg = omgeving("hybride-stadsbank")  # Hybride, the O tasks with the Stadsbank
    verhuist = traject_in(omg, Fase.AANGEMELD)  # next: eerste gesprek (informatie verzamelen)
    blijft = traject_in(omg, Fase.INTAKE)  # next: toelating (Wgs-beschikking)
    morgen = timezone.localdate() + timedelta(days=1)
    for gebruiker in (omg.consulent, omg.beheerder, omg.regisseur):
        gebruiker.set_password(WACHTWOORD)
        gebruiker.save()

    inloggen(page, live_server, omg.consulent)
    assert "Eerste gesprek vastleggen" not in _knoppen(page, live_server, verhuist)
    page.context.clear_cookies()

    # The beheerder drafts Basis from tomorrow and settles it with overgangsregeling "per fase".
    inloggen(page, live_server, omg.beheerder)  # lands on /beheer/ (the admin)
    page.goto(f"{live_server.url}/gemeenten/")
    page.get_by_role("link", name=omg.gemeente.naam, exact=True).click()
    page.get_by_role("link", name=f"Afspraken van {omg.gemeente.naam}", exact=False).click()
    page.get_by_role("link", name="Nieuwe afspraak opstellen").click()
    page.get_by_label("Pakket", exact=True).select_option(label="3 Basis")
    page.get_by_label("Begindatum").fill(morgen.isoformat())
    page.get_by_label("Wie doet: Opmaat tot uitstroom").select_option(label="Gemeente")
    page.get_by_role("button", name="Concept opslaan").click()
    expect(page.locator(".melding--success")).to_be_visible()
    page.get_by_role("link", name="Vaststellen").first.click()
    page.get_by_label("Per fase: trajecten in de gekozen fasen gaan over, de rest blijft").check()
    page.get_by_label("Aangemeld", exact=True).check()
    page.get_by_label("Toelichting").fill("Raadsbesluit pakket Basis.")
    page.get_by_role("button", name="Voorvertoning").click()
    voorvertoning = page.locator("section", has=page.get_by_role("heading", name="Voorvertoning"))
    expect(voorvertoning).to_contain_text("1 lopend traject gaat over")
    expect(voorvertoning).to_contain_text("Informatie verzamelen")
    geen_toegankelijkheidsfouten(page)
    page.screenshot(path="var/screenshots/pakketwissel-voorvertoning.png", full_page=True)
    page.get_by_role("button", name="Vaststellen met deze overgangsregeling").click()
    expect(page.locator(".melding--success")).to_be_visible()
    omg.gemeente.refresh_from_db()
    nieuw = omg.gemeente.afspraken.get(pakket="basis")
    assert nieuw.status == Afspraakstatus.VASTGESTELD
    page.context.clear_cookies()

    # Tomorrow: the beat job activates the agreement and moves the aangemeld traject only.
    with time_machine.travel(timezone.make_aware(datetime.combine(morgen, time(0, 10))), tick=True):
        assert afspraken_bijwerken.apply().get() == {
            "geactiveerd": 1,
            "beeindigd": 1,  # the Hybride agreement ended yesterday
            "verplaatst": 1,
        }
        nieuw.refresh_from_db()
        assert nieuw.status == Afspraakstatus.ACTIEF
        assert [g.naar_status for g in Afspraakgebeurtenis.objects.filter(afspraak=nieuw)] == [
            "concept",
            "vastgesteld",
            "actief",
        ]
        assert verhuist.gebeurtenissen.filter(soort=Gebeurtenissoort.PAKKETWISSEL).exists()
        assert not blijft.gebeurtenissen.filter(soort=Gebeurtenissoort.PAKKETWISSEL).exists()

        inloggen(page, live_server, omg.consulent)
        assert "Eerste gesprek vastleggen" in _knoppen(page, live_server, verhuist)
        expect(page.locator("#takenverdeling")).to_contain_text("3 Basis")
        assert "Toelating vastleggen" not in _knoppen(page, live_server, blijft)
        page.context.clear_cookies()

        # Maatwerk: the Stadsbank takes over "informatie verzamelen" for this one client.
        inloggen(page, live_server, omg.regisseur)
        assert "Eerste gesprek vastleggen" not in _knoppen(page, live_server, verhuist)
        page.get_by_role("link", name="Maatwerk voorstellen").click()
        page.get_by_label("Opschalen: de Stadsbank neemt taken over").check()
        page.get_by_label("Informatie verzamelen", exact=False).first.check()
        page.get_by_label("Evalueren op").fill((morgen + timedelta(days=90)).isoformat())
        page.get_by_label("Reden").fill("De klant heeft moeite met de post; de Stadsbank helpt.")
        page.get_by_role("button", name="Maatwerk voorstellen").click()
        expect(page.locator(".melding--success")).to_contain_text("Maatwerk voorgesteld")
        page.context.clear_cookies()

        inloggen(page, live_server, omg.consulent)
        page.goto(f"{live_server.url}/trajecten/{verhuist.pk}/")
        page.locator("#takenverdeling").get_by_role("button", name="Goedkeuren").click()
        expect(page.locator(".melding--success")).to_contain_text("Maatwerk goedgekeurd")
        geen_toegankelijkheidsfouten(page)
        page.screenshot(path="var/screenshots/maatwerk-goedgekeurd.png", full_page=True)
        assert "Eerste gesprek vastleggen" not in _knoppen(page, live_server, verhuist)
        page.context.clear_cookies()

        inloggen(page, live_server, omg.regisseur)
        assert "Eerste gesprek vastleggen" in _knoppen(page, live_server, verhuist)
