"""A new version of a specificatie made on the screen (issue 19): through the gate, next to
the old version (never an overwrite), a Dutch message for a month that is not over."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from rapportage.facturatie import services
from rapportage.facturatie.berekening import Maand
from rapportage.facturatie.models import Specificatie
from schuldhulp.models import Rol
from schuldhulp.permissions import mag
from tests.bouwers import GebruikerFactory
from tests.bouwers.rijen import Bouwer

VORIGE = Maand.van(timezone.localdate()).vorige()


@pytest.fixture
def eerste(heusden, bouw: Bouwer) -> Specificatie:
    bouw.traject(VORIGE.start)
    return services.maak(gemeente=heusden, maand=VORIGE)


def test_contractmanager_maakt_een_nieuwe_versie_in_het_scherm(client, eerste, heusden, bouw):
    cm = GebruikerFactory(rol=Rol.CONTRACTMANAGER, gemeenten=[heusden])
    client.force_login(cm)
    lijst = client.get(reverse("specificaties"))
    assert "Nieuwe specificatie maken" in lijst.text
    bouw.traject(VORIGE.start)  # a correction in the dossiers: one more traject
    antwoord = client.post(
        reverse("specificatie_maken"), {"gemeente": heusden.pk, "maand": VORIGE.code}
    )
    assert antwoord.status_code == 302
    nieuw = Specificatie.objects.get(gemeente=heusden, versie=2)
    assert nieuw.gemaakt_door == cm and nieuw.totaal_centen > eerste.totaal_centen
    # The first version is untouched and now 'Vervangen'.
    assert Specificatie.objects.get(pk=eerste.pk).totaal_centen == eerste.totaal_centen
    lijst = client.get(antwoord["Location"])
    assert "versie 2" in lijst.text and "Vervangen" in lijst.text


def test_lopende_maand_en_onzin_geven_een_melding(client, heusden):
    client.force_login(GebruikerFactory(rol=Rol.BEHEERDER))
    deze_maand = Maand.van(timezone.localdate()).code
    antwoord = client.post(
        reverse("specificatie_maken"), {"gemeente": heusden.pk, "maand": deze_maand}
    )
    assert antwoord.status_code == 422 and "Kies een maand uit de lijst." in antwoord.text
    antwoord = client.post(reverse("specificatie_maken"), {"gemeente": "x", "maand": "2026-13"})
    assert antwoord.status_code == 422 and "Kies een gemeente uit de lijst." in antwoord.text
    with pytest.raises(services.SpecificatieFout, match="nog niet voorbij"):
        services.maak_in_scherm(
            gemeente=heusden,
            maand=Maand.van(timezone.localdate()),
            door=GebruikerFactory(rol=Rol.BEHEERDER),
        )
    assert not Specificatie.objects.exists()


def test_de_poort(heusden, gemeente_a):
    cm = GebruikerFactory(rol=Rol.CONTRACTMANAGER, gemeenten=[heusden])
    regisseur = GebruikerFactory(rol=Rol.KLANTREGISSEUR, gemeenten=[heusden])
    assert mag(cm, "specificatie.maken", heusden) is None
    assert mag(cm, "specificatie.maken", gemeente_a)  # not its gemeente
    assert mag(regisseur, "specificatie.maken", heusden)
    assert mag(GebruikerFactory(rol=Rol.BEHEERDER), "specificatie.maken", gemeente_a) is None


def test_dossierrol_kan_niet_maken(client, heusden):
    client.force_login(GebruikerFactory(rol=Rol.KLANTREGISSEUR, gemeenten=[heusden]))
    antwoord = client.post(
        reverse("specificatie_maken"), {"gemeente": heusden.pk, "maand": VORIGE.code}
    )
    assert antwoord.status_code == 404
    assert not Specificatie.objects.exists()
