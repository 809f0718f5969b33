"""Staying logged in (issue 20, point 9): the endpoint behind *Ingelogd blijven*, for staff
and for the klant on Mijn Schuldhulp (own session of 15 minutes). The browser side (the
warning two minutes before, focus, without JavaScript): tests/e2e/test_sessie_browser.py."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.bouwers.trajecten import maak_traject
from tests.portaal.test_portaal import log_in

pytestmark = pytest.mark.django_db


def _vervalt(client, cookie: str):
    return Session.objects.get(session_key=client.cookies[cookie].value).expire_date


def test_verlengen_geeft_de_nieuwe_duur_en_schuift_het_einde_op(client, regisseur_a, settings):
    settings.SESSION_COOKIE_AGE = 300
    client.force_login(regisseur_a)
    client.get(reverse("werkvoorraad"))
    voor = _vervalt(client, "sessionid")
    antwoord = client.post(reverse("sessie_verlengen"), HTTP_ACCEPT="application/json")
    assert antwoord.status_code == 200 and antwoord.json() == {"seconden": 300}
    assert _vervalt(client, "sessionid") > voor


def test_zonder_javascript_terug_naar_de_pagina(client, regisseur_a):
    client.force_login(regisseur_a)
    antwoord = client.post(reverse("sessie_verlengen"), {"volgende": "/werkvoorraad/?stand=x"})
    assert antwoord.status_code == 302 and antwoord.url == "/werkvoorraad/?stand=x"
    antwoord = client.post(reverse("sessie_verlengen"), {"volgende": "https://elders.example/"})
    assert antwoord.url == reverse("home")  # never off-site


def test_verlopen_sessie_wordt_niet_verlengd(client):
    antwoord = client.post(reverse("sessie_verlengen"), HTTP_ACCEPT="application/json")
    assert antwoord.status_code == 302 and "/inloggen/" in antwoord.url
    assert client.get(reverse("sessie_verlengen")).status_code == 405


def test_pagina_zegt_hoe_lang_de_sessie_duurt(client, regisseur_a, settings):
    settings.SESSION_COOKIE_AGE = 300
    client.force_login(regisseur_a)
    html = client.get(reverse("werkvoorraad")).content.decode()
    assert 'id="sessiewaarschuwing" role="alertdialog"' in html
    assert 'data-seconden="300"' in html and "Ingelogd blijven" in html


def test_portaal_eigen_sessie_van_15_minuten(client, klant_a, regisseur_a, settings):
    settings.PORTAAL_DIGID_MOCK = True
    traject = maak_traject(klant_a, regisseur_a, behandelaar=regisseur_a)
    log_in(client, klant_a.bsn)
    html = client.get(reverse("portaal:traject", args=[traject.pk])).content.decode()
    assert f'data-seconden="{settings.PORTAAL_SESSIE_SECONDEN}"' in html
    assert reverse("portaal:sessie_verlengen") in html
    antwoord = client.post(reverse("portaal:sessie_verlengen"), HTTP_ACCEPT="application/json")
    assert antwoord.json() == {"seconden": settings.PORTAAL_SESSIE_SECONDEN}
    client.post(reverse("portaal:uitloggen"))
    antwoord = client.post(reverse("portaal:sessie_verlengen"), HTTP_ACCEPT="application/json")
    assert antwoord.status_code == 302  # no klant any more: to the portal's login
