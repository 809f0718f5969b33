"""Error pages in Dutch (issue 20, point 2): every status the application answers with an
error renders the house style with lang="nl", says why where that is safe, and offers a way
back; a refusal by the gate is one line in the log, without a traceback."""

from __future__ import annotations

import logging

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from schuldhulp import fouten

pytestmark = pytest.mark.django_db
TEST_URLS = "tests.schuldhulp.fout_urls"


def is_nederlandse_foutpagina(antwoord, status: int) -> str:
    html = antwoord.content.decode()
    assert antwoord.status_code == status
    assert '<html lang="nl">' in html
    assert f"Foutcode {status}" in html
    assert 'href="/"' in html  # the way back: the start page
    assert "Traceback" not in html and "Django" not in html
    return html


@pytest.fixture
def foutroutes(settings):
    settings.ROOT_URLCONF = TEST_URLS
    settings.DEBUG = False


def test_403_noemt_de_reden_van_de_poort(client, contractmanager_a, caplog):
    client.force_login(contractmanager_a)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        antwoord = client.get(
            reverse("verwerkingenlog"), HTTP_REFERER="http://testserver/rapportages/"
        )
    html = is_nederlandse_foutpagina(antwoord, 403)
    assert "U heeft geen toegang tot deze pagina" in html
    assert "Alleen de functioneel beheerder kan dit instellen." in html
    assert 'href="http://testserver/rapportages/">Terug naar de vorige pagina' in html
    assert 'class="kop__gebruiker"' in html  # the usual header: the user can go on from here

    [regel] = [r for r in caplog.records if r.name == "django.request"]
    assert regel.levelno == logging.WARNING
    assert regel.exc_info is None and not regel.exc_text
    assert regel.getMessage() == (
        "Forbidden (Permission denied): /verwerkingenlog/ – "
        "Alleen de functioneel beheerder kan dit instellen."
    )
    assert "Traceback" not in caplog.text


def test_vorige_pagina_alleen_van_deze_site(client, contractmanager_a):
    client.force_login(contractmanager_a)
    html = client.get(
        reverse("verwerkingenlog"), HTTP_REFERER="https://evil.example/"
    ).content.decode()
    assert "evil.example" not in html and "vorige pagina" not in html


def test_404_zegt_niets_over_de_binnenkant(client, regisseur_a, klant_b):
    client.force_login(regisseur_a)
    antwoord = client.get(reverse("klant_detail", args=[klant_b.pk]))  # another gemeente
    html = is_nederlandse_foutpagina(antwoord, 404)
    assert "Deze pagina bestaat niet" in html
    assert "matches" not in html and "No Klant" not in html


def test_404_met_een_eigen_melding_toont_die(client, regisseur_a, foutroutes):
    client.force_login(regisseur_a)
    html = is_nederlandse_foutpagina(client.get("/test/eigen-404/"), 404)
    assert "Deze download bestaat niet." in html
    html = is_nederlandse_foutpagina(client.get("/test/intern-404/"), 404)
    assert "No Klant matches" not in html and "Deze pagina bestaat niet" in html


def test_404_onbekend_adres_ook_zonder_inloggen(client, foutroutes):
    html = is_nederlandse_foutpagina(client.get("/bestaat/niet/"), 404)
    assert "Deze pagina bestaat niet" in html


def test_400(client, regisseur_a, foutroutes):
    client.force_login(regisseur_a)
    html = is_nederlandse_foutpagina(client.get("/test/verdacht/"), 400)
    assert "Dit verzoek kunnen we niet verwerken" in html
    assert "Verdacht verzoek" not in html


def test_400_controletekens_in_dezelfde_stijl(client, regisseur_a):
    client.force_login(regisseur_a)
    html = is_nederlandse_foutpagina(client.get("/klanten/?q=a%00b"), 400)
    assert "NUL-teken" in html


def test_413_te_groot_verzoek(client, regisseur_a, settings):
    settings.MAX_VERZOEK_BYTES = 2 * 1024 * 1024
    client.force_login(regisseur_a)
    antwoord = client.post(
        reverse("klant_nieuw"),
        data=b"x" * 100,
        content_type="text/plain",
        CONTENT_LENGTH=str(3 * 1024 * 1024),
    )
    html = is_nederlandse_foutpagina(antwoord, 413)
    assert "Dit bestand of verzoek is te groot" in html and "hooguit 2 MB" in html


def test_413_ook_bij_djangos_eigen_grens(client, regisseur_a, settings):
    """A form body above DATA_UPLOAD_MAX_MEMORY_SIZE: Django calls it a 400, we say why."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(regisseur_a)
    antwoord = client.post(reverse("klant_nieuw"), {"achternaam": "x" * 2000})
    html = is_nederlandse_foutpagina(antwoord, 413)
    assert "te groot" in html


def test_429_blokkade_in_dezelfde_stijl(client, regisseur_a, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(3):
        antwoord = client.post(
            reverse("login"), {"username": regisseur_a.username, "password": "fout"}
        )
    assert antwoord.status_code == 429
    html = antwoord.content.decode()
    assert '<html lang="nl">' in html and "Foutcode 429" in html
    assert "Inloggen tijdelijk geblokkeerd" in html
    assert f'href="{reverse("login")}">Terug naar inloggen' in html


def test_csrf_mislukt_in_het_nederlands(regisseur_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(regisseur_a)
    html = is_nederlandse_foutpagina(client.post(reverse("klant_nieuw"), {}), 403)
    assert "Het formulier is verlopen" in html
    assert "CSRF" not in html.split("<main")[1]


def test_500_met_debug_uit(foutroutes, caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        antwoord = client.get("/test/boem/")
    html = is_nederlandse_foutpagina(antwoord, 500)
    assert "Er ging iets mis" in html and "Iets onverwachts" not in html
    assert "Internal Server Error" in caplog.text  # the error itself stays in the log


def test_500_heeft_geen_database_of_contextprocessor_nodig(monkeypatch, django_assert_num_queries):
    def kapot(request):
        raise AssertionError("de 500-pagina mag geen contextprocessor gebruiken")

    monkeypatch.setattr("schuldhulp.context_processors.navigatie", kapot)
    with django_assert_num_queries(0):
        antwoord = fouten.fout_500(RequestFactory().get("/"))
    assert antwoord.status_code == 500 and "Er ging iets mis" in antwoord.content.decode()


def test_500_valt_terug_op_een_vaste_pagina(monkeypatch):
    def kapot(*args, **kwargs):
        raise OSError("sjabloon weg")

    monkeypatch.setattr(fouten.loader, "render_to_string", kapot)
    antwoord = fouten.fout_500(RequestFactory().get("/"))
    assert antwoord.status_code == 500 and '<html lang="nl">' in antwoord.content.decode()
