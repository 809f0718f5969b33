"""The scale generator writes what the services would have written, and the clocks that
herbereken would have computed."""

import random
from datetime import date, timedelta

import pytest
from django.db.models import Count, Max

from demo import plan as demo_plan
from demo.schaal import genereer
from trajecten import historie, normbewaking
from trajecten.models import Gebeurtenis, Normbewaking, Signalering, Traject
from trajecten.vroegsignalering.models import Signaalzaak
from trajecten.workflow import OVERGANGEN, Fase

pytestmark = pytest.mark.django_db

KLOKVELDEN = (
    "norm_id",
    "product_id",
    "start",
    "deadline",
    "gehaald_op",
    "dreigt_vanaf",
    "status",
    "opgeschort",
    "vervallen",
)


def _klokken(traject: Traject) -> list[tuple]:
    return sorted(
        Normbewaking.objects.filter(traject=traject).values_list(*KLOKVELDEN),
        key=lambda r: tuple(str(v) for v in r),
    )


@pytest.fixture(scope="module")
def _schaal(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            telling = genereer(trajecten=450, seed=7, melding=lambda _tekst: None)
            yield telling
            transaction.set_rollback(True)


def test_klokken_gelijk_aan_herbereken(_schaal):
    assert _schaal["traject"] == 450
    verschillend = []
    for traject in Traject.objects.order_by("pk"):
        voor = _klokken(traject)
        normbewaking.herbereken(traject)
        if _klokken(traject) != voor:
            verschillend.append(traject.pk)
    assert verschillend == []


def test_rijen_zoals_de_services_ze_schrijven(_schaal):
    # one event per step after the aanmelding: the version counts them
    per_traject = Gebeurtenis.objects.values("traject").annotate(
        n=Count("pk"), laatste=Max("datum")
    )
    versies = dict(Traject.objects.values_list("pk", "versie"))
    assert all(r["n"] == versies[r["traject"]] + 1 for r in per_traject)
    assert all(r["laatste"] <= date.today() + timedelta(days=1) for r in per_traject)
    # the fase is where the last transition led; every uitstroom has a DDAS reason
    for traject in Traject.objects.prefetch_related("gebeurtenissen"):
        naar = [g.naar_fase for g in traject.gebeurtenissen.all() if g.naar_fase]
        assert traject.fase == (naar[-1] if naar else "aangemeld")
        assert bool(traject.uitstroomreden) == (traject.fase == "uitgestroomd")
    # one open traject per klant at most, a klant who came back had closed the earlier one
    assert (
        Traject.objects.exclude(fase="uitgestroomd")
        .values("klant")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
        == 0
    )
    assert Traject.objects.values("klant").annotate(n=Count("pk")).filter(n__gt=1).exists()
    # signals: a signaalzaak behind the vroegsignalering trajecten, keys as the job makes them
    assert Signaalzaak.objects.filter(traject__kanaal="vroegsignalering").exists()
    assert all(
        s.startswith(("klok-", "toets-"))
        for s in Signalering.objects.values_list("sleutel", flat=True)
    )


def test_reizen_volgen_de_regels():
    """Thousands of journeys: dates never go back, steps only where the workflow allows."""
    rng = random.Random(3)
    vandaag = date(2026, 11, 23)
    for i in range(3000):
        aanmelding = vandaag - timedelta(days=rng.randint(0, 1100))
        sluit = aanmelding + timedelta(days=120) if i % 4 == 0 else None
        reis = demo_plan.maak_reis(
            rng, aanmelddatum=aanmelding, vandaag=vandaag, sluit_uiterlijk=sluit
        )
        fase, lopend, vorige = Fase.AANGEMELD, set(), aanmelding
        for stap in reis.stappen:
            assert vorige <= stap.datum <= vandaag
            vorige = stap.datum
            if stap.actie == demo_plan.OVERGANG:
                assert fase in OVERGANGEN[stap.naam].bron
                if stap.naam == "start_uitvoering":
                    assert lopend
                if stap.naam in ("start_nazorg", "sluit_af"):
                    assert not lopend
                fase = historie.doelfase(stap.naam)
            elif stap.actie == demo_plan.PRODUCT_START:
                assert fase not in (Fase.AANGEMELD, Fase.INTAKE, Fase.UITGESTROOMD)
                lopend.add(stap.product)
            elif stap.actie == demo_plan.PRODUCT_EINDE:
                lopend.remove(stap.product)
        assert fase == reis.fase
        if sluit and sluit <= vandaag:
            assert reis.einddatum is not None and reis.einddatum <= sluit
    totaal = [sum(s.actueel_cent for s in demo_plan.schulden(rng)) for _ in range(4000)]
    assert 35_000_00 < sum(totaal) / len(totaal) < 45_000_00
