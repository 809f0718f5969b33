"""Figures from the klantplan and vroegsignalering apps (looked up by app label)."""

from __future__ import annotations

from datetime import date

import pytest

from klantplan.models import Gesprek, Klacht
from rapportage import figuren
from rapportage.models import Instellingen
from tests.bouwers.rijen import Q2
from trajecten.vroegsignalering.models import Signaalzaak, Vroegsignaal

pytestmark = pytest.mark.django_db
D = date


def cijfers(gemeente) -> dict:
    return figuren.bereken(gemeente.pk, Q2, Instellingen.huidige())


def test_figuren_van_andere_apps_zijn_beschikbaar():
    sleutels = {f.sleutel for f in figuren.figuren()}
    assert {"gesprekken", "klachten", "vroegsignalen"} <= sleutels


def test_gesprekken_naar_soort(bouw_a, gemeente_a):
    t = bouw_a.traject(D(2026, 3, 1))
    for soort, datum in [
        ("adviesgesprek", D(2026, 3, 31)),  # Q1
        ("adviesgesprek", D(2026, 4, 1)),
        ("adviesgesprek", D(2026, 6, 30)),
        ("exitgesprek", D(2026, 5, 5)),
    ]:
        Gesprek.objects.create(traject=t, soort=soort, datum=datum, deelnemers="klant, regisseur")
    g = cijfers(gemeente_a)["gesprekken"]
    assert g["totaal"] == 3
    assert (g["per_soort"]["adviesgesprek"], g["per_soort"]["exitgesprek"]) == (2, 1)


def test_klachten_ontvangen_afgehandeld_en_open(bouw_a, gemeente_a):
    t = bouw_a.traject(D(2026, 3, 1))

    def klacht(soort, datum, uitkomst="open", afgehandeld=None):
        Klacht.objects.create(
            traject=t,
            soort=soort,
            datum=datum,
            onderwerp="Wachttijd",
            uitkomst=uitkomst,
            afgehandeld_op=afgehandeld,
        )

    klacht("klacht", D(2026, 3, 20), "gegrond", D(2026, 4, 2))  # in Q1, handled in Q2
    klacht("klacht", D(2026, 4, 10))  # open at the end
    klacht("bezwaar", D(2026, 5, 1), "ongegrond", D(2026, 7, 1))  # open on 30 June
    k = cijfers(gemeente_a)["klachten"]
    assert (k["ontvangen"]["klacht"], k["ontvangen"]["bezwaar"]) == (1, 1)
    assert k["afgehandeld"]["gegrond"] == 1 and sum(k["afgehandeld"].values()) == 1
    assert k["open_eind"] == 2


def test_vroegsignalen(bouw_a, gemeente_a):
    def zaak(eerste, contact=None, **velden):
        return Signaalzaak.objects.create(
            gemeente=gemeente_a,
            eerste_signaal_op=eerste,
            laatste_signaal_op=eerste,
            eerste_contact_op=contact,
            **velden,
        )

    z1 = zaak(D(2026, 4, 1), D(2026, 4, 15))  # contact on day 14
    zaak(D(2026, 5, 1), D(2026, 5, 16))  # day 15: too late
    zaak(D(2026, 3, 31), D(2026, 4, 1))  # Q1
    zaak(
        D(2026, 6, 1),
        status="aangemeld",
        traject=bouw_a.traject(D(2026, 6, 10), kanaal="vroegsignalering"),
    )
    zaak(
        D(2026, 2, 1),
        status="gesloten",
        sluitreden="geen_contact",
        afgehandeld_op=D(2026, 4, 30),
    )
    Vroegsignaal.objects.create(
        zaak=z1,
        gemeente=gemeente_a,
        bron="csv",
        partner_soort="woningcorporatie",
        partner_naam="Woonbedrijf",
        soort_achterstand="huur",
        bedrag_centen=85000,
        maanden_achterstand=2,
        ontvangen_op=D(2026, 4, 1),
    )
    v = cijfers(gemeente_a)["vroegsignalen"]
    assert (v["signalen"], v["per_partner"]["woningcorporatie"]) == (1, 1)
    assert (v["nieuw"], v["contact_2_weken"], v["aangemeld"]) == (3, 1, 1)
    assert v["contact_2_weken_pct"] == 33.3
    assert v["gesloten_per_reden"]["geen_contact"] == 1
