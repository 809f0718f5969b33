"""The clock of a warme overdracht: the contract norm as data (5 werkdagen by default, a
gemeente's own row overrides it), counted like the traject clocks (weekends, Dutch holidays,
decree days); and the daily job that signals a clock that dreigt or is overdue, once."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
import time_machine
from django.utils import timezone

from schuldhulp.celery import BEAT_SCHEDULE
from schuldhulp.celery import app as celery_app
from schuldhulp.permissions import gemeente_ids
from tests.samenwerking.bouwers import overdracht_nodig, verstuur
from trajecten.models import Doorlooptijdnorm, Extrafeestdag, Signalering
from trajecten.normen import KlokStatus
from trajecten.samenwerking import overdrachtklok, tasks
from trajecten.samenwerking.normen import OVERDRACHTNORM, STANDAARD
from trajecten.samenwerking.services import overdracht as services

pytestmark = pytest.mark.django_db


def _om(dag: date):
    """Travel to 10:00 on `dag` (Amsterdam) for the whole block."""
    return time_machine.travel(timezone.make_aware(datetime.combine(dag, time(10))), tick=False)


@pytest.mark.parametrize(
    "verstuurd, deadline, dreigt",
    [
        # Friday: five werkdagen over one weekend, Mon 7 .. Fri 11 December 2026.
        (date(2026, 12, 4), date(2026, 12, 11), date(2026, 12, 9)),
        # Thursday before Christmas: 25 and 26 December, the weekend and New Year's Day do
        # not count; Mon 28, Tue 29, Wed 30, Thu 31 December and Mon 4 January do.
        (date(2026, 12, 24), date(2027, 1, 4), date(2026, 12, 31)),
    ],
)
def test_vijf_werkdagen_over_weekend_en_feestdagen(hybride, verstuurd, deadline, dreigt):
    with _om(verstuurd):
        traject = overdracht_nodig(hybride)
        o = verstuur(traject, hybride.consulent)
    assert (o.deadline, o.dreigt_vanaf) == (deadline, dreigt)
    # dreigt from 60% of the term (the norm's dreigpercentage), as the traject clocks do.
    assert STANDAARD["dreigpercentage"] == 60


def test_een_besluitdag_van_de_beheerder_telt_niet_mee(hybride):
    Extrafeestdag.objects.create(datum=date(2026, 12, 8), omschrijving="Brugdag")
    with _om(date(2026, 12, 4)):
        o = verstuur(overdracht_nodig(hybride), hybride.consulent)
    assert o.deadline == date(2026, 12, 14)


def test_een_eigen_norm_van_de_gemeente_gaat_voor(hybride):
    standaard = Doorlooptijdnorm.objects.get(code=OVERDRACHTNORM, gemeente=None)
    eigen = Doorlooptijdnorm.objects.create(
        **{
            veld: getattr(standaard, veld)
            for veld in ("code", "van_mijlpaal", "tot_mijlpaal", "voorwaarde", "productsoort")
        },
        naam="Warme overdracht binnen 2 werkdagen (Hengelo)",
        termijn=2,
        eenheid="werkdagen",
        dreigpercentage=50,
        geldig_van=date(2026, 1, 1),
        gemeente=hybride.gemeente,
    )
    with _om(date(2026, 12, 4)):
        o = verstuur(overdracht_nodig(hybride), hybride.consulent)
    assert o.deadline == date(2026, 12, 8)  # Mon 7, Tue 8
    assert overdrachtklok.norm_op(hybride.gemeente.pk, date(2026, 12, 4)).naam == eigen.naam
    # Another gemeente keeps the default; before its own row was valid, so did this one.
    andere = gemeente_ids(hybride.ander)[0]
    assert overdrachtklok.norm_op(andere, date(2026, 12, 4)).termijn == 5
    assert overdrachtklok.norm_op(hybride.gemeente.pk, date(2025, 12, 4)).termijn == 5


def test_zonder_normrij_geldt_de_standaard(hybride):
    Doorlooptijdnorm.objects.filter(code=OVERDRACHTNORM).delete()
    with _om(date(2026, 12, 4)):
        o = verstuur(overdracht_nodig(hybride), hybride.consulent)
    assert o.deadline == date(2026, 12, 11)


def test_status_van_de_klok():
    class Rij:
        geaccepteerd_op = None
        deadline = date(2026, 12, 11)
        dreigt_vanaf = date(2026, 12, 9)

    o = Rij()
    assert overdrachtklok.status(o, date(2026, 12, 8)) == KlokStatus.LOOPT
    assert overdrachtklok.status(o, date(2026, 12, 9)) == KlokStatus.DREIGT
    assert overdrachtklok.status(o, date(2026, 12, 11)) == KlokStatus.DREIGT
    assert overdrachtklok.status(o, date(2026, 12, 12)) == KlokStatus.OVERSCHREDEN
    o.geaccepteerd_op = timezone.make_aware(datetime(2026, 12, 11, 23, 30))
    assert overdrachtklok.status(o) == KlokStatus.GEHAALD
    o.geaccepteerd_op = timezone.make_aware(datetime(2026, 12, 12, 0, 30))
    assert overdrachtklok.status(o) == KlokStatus.TE_LAAT_GEHAALD


# --- the daily job ------------------------------------------------------------------------


def _signalen(traject) -> list[tuple[str, int | None, str]]:
    return list(
        Signalering.objects.filter(traject=traject, soort="overdracht")
        .exclude(sleutel__contains="-verstuurd")
        .order_by("pk")
        .values_list("sleutel", "gebruiker_id", "tekst")
    )


def test_dagelijkse_taak_signaleert_dreigen_en_overschrijden_een_keer(hybride):
    with _om(date(2026, 12, 4)):
        traject = overdracht_nodig(hybride)
        o = verstuur(traject, hybride.consulent)
    assert tasks.signaleer_overdrachten(vandaag=date(2026, 12, 8)) == {
        "overdrachten": 0,
        "signaleringen": 0,
    }
    assert tasks.signaleer_overdrachten(vandaag=date(2026, 12, 9))["signaleringen"] == 1
    assert tasks.signaleer_overdrachten(vandaag=date(2026, 12, 10))["signaleringen"] == 0
    (dreigt,) = _signalen(traject)
    assert dreigt[0] == f"overdracht-{o.pk}-dreigt-stadsbank"
    assert dreigt[1] == hybride.regisseur.pk  # the receiver is aan zet
    assert dreigt[2] == (
        "Warme overdracht nog niet geaccepteerd: termijn dreigt te verlopen "
        f"(deadline 11 december 2026, dossier {traject.pk})"
    )
    # Overdue: one more, then nothing on the days after (or a retry of the same day).
    assert tasks.signaleer_overdrachten(vandaag=date(2026, 12, 12))["signaleringen"] == 1
    assert tasks.signaleer_overdrachten(vandaag=date(2026, 12, 12))["signaleringen"] == 0
    assert tasks.signaleer_overdrachten(vandaag=date(2026, 12, 14))["signaleringen"] == 0
    assert [s[0] for s in _signalen(traject)] == [
        f"overdracht-{o.pk}-dreigt-stadsbank",
        f"overdracht-{o.pk}-overschreden-stadsbank",
    ]


def test_na_een_vraag_krijgt_de_afzender_het_signaal(hybride):
    with _om(date(2026, 12, 4)):
        traject = overdracht_nodig(hybride)
        o = verstuur(traject, hybride.consulent)
        services.stel_vraag(overdracht_id=o.pk, door=hybride.regisseur, vraag="Beslag?")
    tasks.signaleer_overdrachten(vandaag=date(2026, 12, 12))
    (signaal,) = _signalen(traject)[-1:]
    assert signaal[0] == f"overdracht-{o.pk}-overschreden-gemeente"
    assert signaal[1] == hybride.consulent.pk
    assert signaal[2].startswith("Vraag over de warme overdracht nog niet beantwoord")


def test_geaccepteerd_of_traject_gesloten_geeft_geen_signaal(hybride):
    from tests.bouwers import overgang

    with _om(date(2026, 12, 4)):
        geaccepteerd = overdracht_nodig(hybride)
        o = verstuur(geaccepteerd, hybride.consulent)
        services.accepteer(overdracht_id=o.pk, door=hybride.regisseur)
        gesloten = overdracht_nodig(hybride)
        verstuur(gesloten, hybride.consulent)
        overgang(gesloten, "sluit_af", hybride.consulent, uitstroomreden="Zelf")
    assert tasks.signaleer_overdrachten(vandaag=date(2026, 12, 20)) == {
        "overdrachten": 0,
        "signaleringen": 0,
    }


def test_de_taak_leest_alleen_wat_dreigt(hybride, django_assert_max_num_queries):
    with _om(date(2026, 12, 4)):
        for _ in range(3):
            verstuur(overdracht_nodig(hybride), hybride.consulent)
    # A savepoint in and out (the test's transaction), one select; then one lookup of what
    # was signalled before and one insert per new signal (few: open ones that dreigen).
    with django_assert_max_num_queries(3):
        assert tasks.signaleer_overdrachten(vandaag=date(2026, 12, 8))["overdrachten"] == 0
    with django_assert_max_num_queries(4 + 3):
        assert tasks.signaleer_overdrachten(vandaag=date(2026, 12, 9))["signaleringen"] == 3
    with django_assert_max_num_queries(4):  # nothing new the next day: no insert at all
        assert tasks.signaleer_overdrachten(vandaag=date(2026, 12, 10))["signaleringen"] == 0


def test_taak_staat_in_het_schema_en_is_geregistreerd():
    naam = "trajecten.samenwerking.tasks.dagelijkse_overdrachtbewaking"
    assert any(regel["task"] == naam for regel in BEAT_SCHEDULE.values())
    assert naam in celery_app.tasks
    assert tasks.dagelijkse_overdrachtbewaking.run("2026-12-09") == {
        "overdrachten": 0,
        "signaleringen": 0,
    }
