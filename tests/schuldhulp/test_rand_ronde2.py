"""Issue 17, the low and medium points at the edge: X-Forwarded-For only from a configured
proxy, no caching of pages of a logged-in user, no formula in the report CSV, and no start in
production with the built-in secret key."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from rapportage.weergave import _csv_tekst
from schuldhulp import checks
from schuldhulp.models import Auditregel
from tests.bouwers import WACHTWOORD

pytestmark = pytest.mark.django_db


def _inloggen(client, gebruiker, **meta) -> Auditregel:
    client.post("/inloggen/", {"username": gebruiker.username, "password": WACHTWOORD}, **meta)
    return Auditregel.objects.filter(gebruiker=gebruiker, actie="inloggen").latest("pk")


def test_vervalst_x_forwarded_for_wordt_genegeerd(client, regisseur_a, settings):
    settings.VERTROUWDE_PROXIES = frozenset()
    regel = _inloggen(client, regisseur_a, HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert regel.ip_adres == "127.0.0.1"  # the test client's REMOTE_ADDR


def test_x_forwarded_for_van_de_eigen_proxy(client, regisseur_a, settings):
    settings.VERTROUWDE_PROXIES = frozenset({"127.0.0.1", "10.0.0.2"})
    # The client forged the first hop; our two proxies added the real one and themselves.
    regel = _inloggen(client, regisseur_a, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9, 10.0.0.2")
    assert regel.ip_adres == "203.0.113.9"


def test_pagina_van_ingelogde_gebruiker_niet_in_een_cache(client, regisseur_a, klant_a):
    client.force_login(regisseur_a)
    antwoord = client.get(f"/klanten/{klant_a.pk}/")
    assert antwoord.status_code == 200
    assert "no-store" in antwoord["Cache-Control"] and "private" in antwoord["Cache-Control"]


@pytest.mark.parametrize(
    "tekst, veilig",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+31 6", "'+31 6"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Gemeente Almelo", "Gemeente Almelo"),
        ("", ""),
    ],
)
def test_csv_tekst_nooit_een_formule(tekst, veilig):
    assert _csv_tekst(tekst) == veilig


def test_check_deploy_weigert_de_ontwikkelsleutel(settings):
    settings.SECRET_KEY = settings.ONTWIKKELSLEUTEL
    with pytest.raises(SystemCheckError, match=r"schuldhulp\.E001"):
        call_command("check", "--deploy", "--fail-level", "ERROR")


def test_productie_start_niet_met_de_ontwikkelsleutel(settings):
    settings.SECRET_KEY, settings.DEBUG = settings.ONTWIKKELSLEUTEL, False
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        checks.weiger_ontwikkelsleutel_in_productie()
    settings.SECRET_KEY = "een-eigen-geheime-sleutel-van-voldoende-lengte-0123456789abcdef"
    checks.weiger_ontwikkelsleutel_in_productie()  # no error


def test_celery_eigen_loghandlers_maskeren_bsn():
    """The worker sets up its own handlers; the signal adds the BSN mask to them (issue 17)."""
    import io
    import logging

    from celery.signals import after_setup_logger

    uit = io.StringIO()
    logger = logging.getLogger("celery-test-maskering")
    logger.propagate = False
    logger.addHandler(logging.StreamHandler(uit))
    after_setup_logger.send(sender=None, logger=logger, loglevel=logging.INFO)
    logger.warning("Taak mislukt voor klant %s", "123456782")
    assert "123456782" not in uit.getvalue() and "*********" in uit.getvalue()


def test_klant_met_lopend_traject_verhuist_niet(client):
    """Access follows the traject's gemeente: a klant cannot move while a traject runs in the
    old one (issue 17, point 9)."""
    from schuldhulp.services import wijs_gemeente_toe
    from tests.bouwers import aanmelden, omgeving

    omg = omgeving()
    traject = aanmelden(omg)
    klant = traject.klant
    from schuldhulp.models import Gemeente

    andere = Gemeente.objects.get(code=f"GM8{omg.gemeente.code[3:]}")
    wijs_gemeente_toe(gebruiker=omg.regisseur, gemeente=andere)
    client.force_login(omg.regisseur)
    velden = {
        "gemeente": andere.pk,
        "bsn": klant.bsn,
        "voornamen": klant.voornamen,
        "achternaam": klant.achternaam,
        "geboortedatum": klant.geboortedatum.isoformat(),
        "postcode": klant.postcode or "7607 AB",
        "huishouden": klant.huishouden,
        "aantal_kinderen": klant.aantal_kinderen,
    }
    antwoord = client.post(f"/klanten/{klant.pk}/wijzigen/", velden)
    assert antwoord.status_code == 200
    assert "lopend traject bij" in antwoord.content.decode()
    klant.refresh_from_db()
    assert klant.gemeente_id == omg.gemeente.pk
