"""Prices on the pakketafspraak: entered on the agreement's own form by the contract roles,
in cents, only while a concept; a change is in the verwerkingenlog; bad input is refused
with a Dutch message and nothing is saved."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rapportage.facturatie import tarieven
from schuldhulp.afspraken import Afspraakstatus as A
from schuldhulp.models import Auditregel, Dienstverleningsafspraak
from tests.bouwers import O_TAKEN, omgeving
from tests.bouwers.afspraken import vastgesteld

pytestmark = pytest.mark.django_db


def _formulier(**extra) -> dict:
    return {
        "pakket": "hybride",
        "geldig_van": "2040-01-01",
        "prijs_per_traject": "450",
        **{f"keuze_{t}": "gemeente" for t in O_TAKEN},
        "keuze_exitgesprek": "overleg",
        **extra,
    }


def test_contractmanager_zet_prijzen_op_het_concept():
    omg = omgeving("hybride-stadsbank")
    client = Client()
    client.force_login(omg.contractmanager)
    pagina = client.get(reverse("afspraak_nieuw", args=[omg.gemeente.pk])).content.decode()
    assert "Prijzen voor de maandelijkse specificatie" in pagina
    antwoord = client.post(
        reverse("afspraak_nieuw", args=[omg.gemeente.pk]),
        _formulier(vast="1.000,00", maatwerk="30,25", product_budgetbeheer="12,34"),
    )
    assert antwoord.status_code == 302
    nieuw = Dienstverleningsafspraak.objects.get(gemeente=omg.gemeente, status=A.CONCEPT)
    assert tarieven.van(nieuw) == {
        "vast": 100_000,
        "maatwerk": 3_025,
        "product_budgetbeheer": 1_234,
    }
    # Changing the concept replaces the prices; the verwerkingenlog says so.
    antwoord = client.post(
        reverse("afspraak_wijzig", args=[nieuw.pk]), _formulier(vast="900", maatwerk="")
    )
    assert antwoord.status_code == 302
    assert tarieven.van(nieuw) == {"vast": 90_000}
    regel = Auditregel.objects.filter(
        omschrijving="Concept van een dienstverleningsafspraak gewijzigd"
    ).latest("pk")
    assert "prijzen" in regel.wijzigingen


def test_een_foute_prijs_geeft_een_melding_en_bewaart_niets():
    omg = omgeving("hybride-stadsbank")
    client = Client()
    client.force_login(omg.contractmanager)
    antwoord = client.post(reverse("afspraak_nieuw", args=[omg.gemeente.pk]), _formulier(vast="-5"))
    assert antwoord.status_code in (200, 422)
    assert "Een prijs kan niet negatief zijn." in antwoord.content.decode()
    assert not Dienstverleningsafspraak.objects.filter(status=A.CONCEPT).exists()


def test_geen_prijs_na_vaststellen():
    omg = omgeving("hybride-stadsbank")
    afspraak = vastgesteld(omg)  # through the services: the old agreement is cut short
    client = Client()
    client.force_login(omg.contractmanager)
    antwoord = client.post(reverse("afspraak_wijzig", args=[afspraak.pk]), _formulier(vast="1"))
    # The gate refuses (afspraak.wijzigen only on a concept): back to the agreements, unchanged.
    assert antwoord.status_code == 302
    assert tarieven.van(afspraak) == {}
    afspraak.refresh_from_db()
    assert afspraak.status == A.VASTGESTELD and afspraak.prijs_per_traject is None
