"""The household of a traject (issue 15, point 1): partner and huisgenoten, through the gate
(the package task "informatie verzamelen"), on the page, and in DDAS (client[1])."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from klantplan.huishouden import services
from klantplan.huishouden.models import Huishouden
from klantplan.models import Schuld, Schuldeiser
from rapportage.ddas import importer
from rapportage.ddas.export import maak_export
from schuldhulp.models import Auditregel, Klant
from tests.bouwers import KlantFactory
from tests.bouwers.ddas import GELDIG_BSN, als_bytes, met_traject, traject
from tests.bouwers.trajecten import aanmelding
from trajecten.services import Geweigerd

pytestmark = pytest.mark.django_db

PARTNER_BSN = "111222333"
NIEUW = services.NieuwePartner("Sanne", "de", "Vries", date(1985, 3, 4))


@pytest.fixture
def traject_a(klant_a, regisseur_a):
    return aanmelding(klant_a, regisseur_a)


def test_nieuwe_partner_en_huisgenoten(traject_a, regisseur_a):
    huishouden = services.koppel_partner(
        traject_id=traject_a.pk, door=regisseur_a, bsn=PARTNER_BSN, nieuw=NIEUW
    )
    partner = huishouden.partner
    assert (partner.volledige_naam, partner.gemeente_id) == (
        "Sanne de Vries",
        traject_a.gemeente_id,
    )
    assert partner.postcode == traject_a.klant.postcode  # same address
    services.voeg_huisgenoot_toe(
        traject_id=traject_a.pk, door=regisseur_a, soort="kind", geboortejaar=2015
    )
    assert [str(h) for h in huishouden.huisgenoten.all()] == ["Kind (2015)"]
    assert Auditregel.objects.filter(objecttype__icontains="huishouden").exists()


def test_bestaande_klant_wordt_partner(traject_a, regisseur_a, gemeente_a):
    bestaand = KlantFactory(gemeente=gemeente_a, bsn=PARTNER_BSN)
    huishouden = services.koppel_partner(traject_id=traject_a.pk, door=regisseur_a, bsn=PARTNER_BSN)
    assert huishouden.partner == bestaand


@pytest.mark.parametrize(
    ("bsn", "melding"),
    [
        ("123456789", "elfproef"),
        ("", "BSN van de partner"),
        ("eigen", "het BSN van de klant zelf"),
        (PARTNER_BSN, "Vul ook de voornamen"),  # not a klant yet, no names given
    ],
)
def test_onjuiste_partner(traject_a, regisseur_a, bsn, melding):
    bsn = traject_a.klant.bsn if bsn == "eigen" else bsn
    with pytest.raises(Geweigerd, match=melding):
        services.koppel_partner(traject_id=traject_a.pk, door=regisseur_a, bsn=bsn)
    assert not Huishouden.objects.filter(partner__isnull=False).exists()


def test_partner_van_een_andere_gemeente_blijft_onbekend(traject_a, regisseur_a, gemeente_b):
    KlantFactory(gemeente=gemeente_b, bsn=PARTNER_BSN)
    with pytest.raises(Geweigerd, match="bij een gemeente waarvoor u niet werkt"):
        services.koppel_partner(traject_id=traject_a.pk, door=regisseur_a, bsn=PARTNER_BSN)
    assert Auditregel.objects.filter(objecttype="bsn-controle").exists()


@pytest.mark.parametrize(("soort", "jaar"), [("kind", 1850), ("kind", 3000), ("hond", 2015)])
def test_onjuiste_huisgenoot(traject_a, regisseur_a, soort, jaar):
    with pytest.raises(Geweigerd):
        services.voeg_huisgenoot_toe(
            traject_id=traject_a.pk, door=regisseur_a, soort=soort, geboortejaar=jaar
        )


def test_in_basis_legt_de_gemeente_het_huishouden_vast(gemeente_b, consulent_b):
    from schuldhulp.models import Rol
    from tests.bouwers import GebruikerFactory

    regisseur_b = GebruikerFactory(rol=Rol.KLANTREGISSEUR, gemeenten=[gemeente_b])
    traject_b = aanmelding(KlantFactory(gemeente=gemeente_b), consulent_b)
    with pytest.raises(Geweigerd):
        services.voeg_huisgenoot_toe(
            traject_id=traject_b.pk, door=regisseur_b, soort="kind", geboortejaar=2015
        )
    services.voeg_huisgenoot_toe(
        traject_id=traject_b.pk, door=consulent_b, soort="kind", geboortejaar=2015
    )


def test_ontkoppelen_kan_niet_met_schulden_van_de_partner(traject_a, regisseur_a):
    services.koppel_partner(traject_id=traject_a.pk, door=regisseur_a, bsn=PARTNER_BSN, nieuw=NIEUW)
    schuldeiser, _ = Schuldeiser.objects.get_or_create(naam="Vitens", defaults={"soort": "water"})
    Schuld.objects.create(
        traject=traject_a,
        schuldeiser=schuldeiser,
        oorspronkelijk_bedrag_cent=100,
        actueel_bedrag_cent=100,
        peildatum=date(2026, 1, 1),
        van="samen",
    )
    with pytest.raises(Geweigerd, match="schulden van de partner of van beiden"):
        services.ontkoppel_partner(traject_id=traject_a.pk, door=regisseur_a)


def test_de_pagina(client, traject_a, regisseur_a, contractmanager_a):
    url = reverse("huishouden:huishouden", args=[traject_a.pk])
    client.force_login(regisseur_a)
    pagina = client.get(url).content.decode()
    assert "Er is geen partner vastgelegd." in pagina and "Partner vastleggen" in pagina
    antwoord = client.post(
        reverse("huishouden:partner", args=[traject_a.pk]),
        {"bsn": PARTNER_BSN, "voornamen": "Sanne", "achternaam": "Vries"},
    )
    assert antwoord.status_code == 400
    assert "Vul ook de geboortedatum van de partner in." in antwoord.content.decode()
    client.post(
        reverse("huishouden:partner", args=[traject_a.pk]),
        {
            "bsn": PARTNER_BSN,
            "voornamen": "Sanne",
            "achternaam": "Vries",
            "geboortedatum": "4-3-1985",
        },
    )
    client.post(
        reverse("huishouden:huisgenoot", args=[traject_a.pk]),
        {"soort": "kind", "geboortejaar": "2016"},
    )
    pagina = client.get(url).content.decode()
    assert "Sanne Vries" in pagina and "*****333" in pagina and "2016" in pagina
    assert PARTNER_BSN not in pagina
    # Ontkoppelen asks first.
    ontkoppel = reverse("huishouden:partner_ontkoppelen", args=[traject_a.pk])
    assert "Weet u zeker" in client.post(ontkoppel).content.decode()
    client.post(ontkoppel, {"bevestigd": "1"})
    assert Huishouden.objects.get().partner is None
    # A contractmanager sees no dossier.
    client.force_login(contractmanager_a)
    assert client.get(url).status_code in (403, 404)


def test_ddas_draagt_de_partner(gemeente_a, regisseur_a, traject_a):
    services.koppel_partner(traject_id=traject_a.pk, door=regisseur_a, bsn=PARTNER_BSN, nieuw=NIEUW)
    export = maak_export(gemeenten=[gemeente_a], van=date(2020, 1, 1), tot=date.today())
    [record] = export.document["leveringen"][0]["schuldhulptrajecten"]
    assert [c["Burgerservicenummer"] for c in record["client"]] == [
        traject_a.klant.bsn,
        PARTNER_BSN,
    ]


def test_ddas_import_neemt_de_partner_over(gemeente_a, regisseur_a):
    tweede = {"Burgerservicenummer": PARTNER_BSN, "Geboortedatum": "1982-01-01"}
    ruw = traject(client=[traject()["client"][0], tweede])
    [record] = importer.analyseer(
        importer.lees_bestand(als_bytes(met_traject(**ruw))), gebruiker=regisseur_a
    ).records
    assert record.status == importer.Status.NIEUW, [str(f) for f in record.fouten]
    importer.importeer(importer.lees_bestand(als_bytes(met_traject(**ruw))), door=regisseur_a)
    huishouden = Huishouden.objects.get()
    assert huishouden.traject.klant.bsn == GELDIG_BSN
    assert huishouden.partner == Klant.objects.get(bsn=PARTNER_BSN)
    assert huishouden.partner.postcode == "7607 AB"  # the klant's address
