"""Only dossier roles of the traject's gemeente: another gemeente 404, contractmanager and
beheerder 403, nobody logged in → the login page. A shared dossier is read-only."""

from __future__ import annotations

import pytest
from django.utils import timezone

from klantplan import services
from klantplan.models import Document, Gesprek, Klantplan
from schuldhulp import services as kernservices

PAGINAS = [
    "klantplan/",
    "klantplan/versie/1/",
    "schulden/",
    "schulden/inlezen/",
    "saneringsvoorstel/",
    "documenten/",
    "gesprekken/",
    "gesprekken/nieuw/",
    "afstemming/",
    "klachten/",
]


@pytest.fixture
def dossier(traject_a, regisseur_a):
    plan = services.maak_klantplan(traject=traject_a, door=regisseur_a)
    services.voeg_doel_toe(klantplan_id=plan.pk, door=regisseur_a, omschrijving="Rust")
    # Access is what is tested here, not the PDF: any stored bytes will do.
    document = services.bewaar_document(
        traject=traject_a,
        door=regisseur_a,
        soort="dos_en_donts",
        titel="Kaart",
        pdf=b"%PDF-1.7 test",
        bestandsnaam="kaart.pdf",
    )
    return traject_a, plan, document


def _urls(traject, document) -> list[str]:
    paginas = [*PAGINAS, f"documenten/{document.pk}/download/"]
    return [f"/trajecten/{traject.pk}/{pagina}" for pagina in paginas]


def test_eigen_gemeente_ziet_de_paginas(client, dossier, regisseur_a, consulent_a):
    traject, _plan, document = dossier
    # Ontzorging: the Stadsbank makes the schuldenoverzicht, so its import form is not the
    # consulent's (tests/klantplan/test_taken_gebonden.py).
    alleen_stadsbank = f"/trajecten/{traject.pk}/schulden/inlezen/"
    for gebruiker in (regisseur_a, consulent_a):
        client.force_login(gebruiker)
        for url in _urls(traject, document):
            verwacht = 403 if gebruiker == consulent_a and url == alleen_stadsbank else 200
            assert client.get(url).status_code == verwacht, url


def test_andere_gemeente_krijgt_404(client, dossier, consulent_b):
    traject, _plan, document = dossier
    client.force_login(consulent_b)
    for url in _urls(traject, document):
        assert client.get(url).status_code == 404, url


def test_contractmanager_en_beheerder_krijgen_403(client, dossier, contractmanager_a, beheerder):
    traject, _plan, document = dossier
    for gebruiker in (contractmanager_a, beheerder):
        client.force_login(gebruiker)
        for url in _urls(traject, document):
            assert client.get(url).status_code == 403, url


def test_niet_ingelogd_naar_inloggen(client, dossier):
    traject, _plan, _document = dossier
    antwoord = client.get(f"/trajecten/{traject.pk}/klantplan/")
    assert antwoord.status_code == 302 and antwoord.url.startswith("/inloggen/")


def test_andere_gemeente_kan_niets_schrijven(client, dossier, consulent_b):
    traject, plan, _document = dossier
    client.force_login(consulent_b)
    posts = [
        ("klantplan/versie/1/doelen/nieuw/", {"omschrijving": "x", "status": "open"}),
        ("klantplan/versie/1/vaststellen/", {"datum": "2026-01-01", "besproken_met_klant": "on"}),
        ("gesprekken/nieuw/", {"soort": "extra_gesprek", "datum": "2026-01-01", "deelnemers": "x"}),
        ("documenten/maken/", {"soort": "klantplan"}),
        ("klantplan/nieuwe-versie/", {}),
    ]
    for pad, data in posts:
        assert client.post(f"/trajecten/{traject.pk}/{pad}", data).status_code == 404
    assert plan.doelen.count() == 1
    assert not Gesprek.objects.exists()
    assert Document.objects.count() == 1
    assert Klantplan.objects.get().status == "concept"


def test_gedeeld_dossier_is_alleen_lezen(client, dossier, consulent_b):
    traject, _plan, _document = dossier
    kernservices.deel_dossier(klant=traject.klant, gebruiker=consulent_b)
    client.force_login(consulent_b)
    pagina = client.get(f"/trajecten/{traject.pk}/klantplan/")
    assert pagina.status_code == 200
    assert "Doel toevoegen" not in pagina.content.decode()
    antwoord = client.post(
        f"/trajecten/{traject.pk}/gesprekken/nieuw/",
        {"soort": "extra_gesprek", "datum": timezone.localdate(), "deelnemers": "x"},
    )
    assert antwoord.status_code == 403
    assert not Gesprek.objects.exists()


def test_register_schuldeisers_alleen_voor_dossierrollen(client, regisseur_a, contractmanager_a):
    client.force_login(contractmanager_a)
    assert client.get("/schuldeisers/").status_code == 403
    client.force_login(regisseur_a)
    assert client.get("/schuldeisers/").status_code == 200
