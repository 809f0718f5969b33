"""After uitstroom the dossier is read, not changed (issue 17: a klantplan or schuld could
still be changed on a closed traject). Gesprekken, afstemming, klachten and documents can
still come after uitstroom."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from klantplan import services
from klantplan.models import Actie, Klantplan, Schuld
from klantplan.services.toegang import controleer_toegang
from schuldhulp.permissions import mag
from tests.bouwers import overgang
from trajecten.workflow import DOSSIER

pytestmark = pytest.mark.django_db

AFGESLOTEN = "Dit traject is afgesloten."
ALLEEN_OPEN = sorted(n for n, h in DOSSIER.items() if h.open_traject)
OOK_NA_UITSTROOM = sorted(n for n, h in DOSSIER.items() if not h.open_traject)


def test_welke_rijen_een_open_traject_vragen():
    assert set(ALLEEN_OPEN) == {
        "klantplan.wijzigen",
        "klantplan.vaststellen",
        "schulden.wijzigen",
        "sanering.wijzigen",
        "monitoring.vastleggen",
        "actie.afvinken.stadsbank",
        "actie.afvinken.gemeente",
    }
    assert {"klacht.vastleggen", "document.maken", "gesprek.exitgesprek"} <= set(OOK_NA_UITSTROOM)


@pytest.fixture
def gesloten(traject_a, regisseur_a, consulent_a, schuldeisers):
    """Klantplan (concept, with an actie of the Stadsbank) and a schuld, then uitstroom."""
    plan = services.maak_klantplan(traject=traject_a, door=regisseur_a)
    actie = services.voeg_actie_toe(
        door=regisseur_a,
        soort="klant",
        wat="Post meenemen",
        wie="stadsbank",
        klantplan_id=plan.pk,
    )
    schuld = services.voeg_schuld_toe(
        traject=traject_a, door=regisseur_a, gegevens=_schuld(schuldeisers["CJIB"])
    )
    door = {"actie.afvinken.gemeente": consulent_a}
    open_ = {n: mag(door.get(n, regisseur_a), n, traject_a) for n in ALLEEN_OPEN}
    assert open_ == dict.fromkeys(ALLEEN_OPEN)  # allowed while open
    traject = overgang(traject_a, "sluit_af", regisseur_a, uitstroomreden="Zelf")
    assert not traject.is_open
    return traject, plan, actie, schuld, door


def _schuld(schuldeiser) -> services.Schuldgegevens:
    return services.Schuldgegevens(
        schuldeiser=schuldeiser,
        oorspronkelijk_bedrag_cent=10_000,
        actueel_bedrag_cent=10_000,
        peildatum=timezone.localdate(),
    )


@pytest.mark.parametrize("handeling", ALLEEN_OPEN)
def test_poort_en_service_weigeren_na_uitstroom(gesloten, regisseur_a, handeling):
    traject, *_, door = gesloten
    wie = door.get(handeling, regisseur_a)
    assert mag(wie, handeling, traject) == AFGESLOTEN
    with pytest.raises(services.Geweigerd, match=AFGESLOTEN):
        controleer_toegang(traject, wie, handeling)


def test_schrijven_na_uitstroom_verandert_niets(gesloten, regisseur_a, schuldeisers):
    traject, plan, actie, schuld, _ = gesloten
    with pytest.raises(services.Geweigerd, match=AFGESLOTEN):
        services.wijzig_klantplan(
            klantplan_id=plan.pk, door=regisseur_a, hulpvraag="Anders", oorzaak="Anders"
        )
    with pytest.raises(services.Geweigerd, match=AFGESLOTEN):
        services.voeg_schuld_toe(
            traject=traject, door=regisseur_a, gegevens=_schuld(schuldeisers["CJIB"])
        )
    with pytest.raises(services.Geweigerd, match=AFGESLOTEN):
        services.verwijder_schuld(schuld_id=schuld.pk, door=regisseur_a)
    with pytest.raises(services.Geweigerd, match=AFGESLOTEN):
        services.markeer_actie(actie_id=actie.pk, door=regisseur_a, gedaan_op=None)
    assert Klantplan.objects.get(pk=plan.pk).hulpvraag == plan.hulpvraag
    assert Schuld.objects.filter(traject=traject).count() == 1
    assert Actie.objects.get(pk=actie.pk).gedaan_op is None
    # What may come later still can: a klacht.
    services.registreer_klacht(
        traject=traject,
        door=regisseur_a,
        soort="klacht",
        datum=timezone.localdate(),
        onderwerp="Bereikbaarheid",
    )


def test_pagina_leest_wel_en_schrijft_niet(client, gesloten, regisseur_a):
    traject, *_ = gesloten
    client.force_login(regisseur_a)
    r = client.get(reverse("klantplan:klantplan", args=[traject.pk]))
    assert r.status_code == 200 and r.context["kan_schrijven"] is False
    r = client.get(reverse("klantplan:schulden", args=[traject.pk]))
    assert r.status_code == 200 and r.context["kan_schrijven"] is False
    r = client.post(reverse("klantplan:schuld_nieuw", args=[traject.pk]), {})
    assert r.status_code == 403
    assert AFGESLOTEN in r.content.decode()
