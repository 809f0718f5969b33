"""The werkvoorraad's stored urgency (ADR 0018): after any sequence of writes through the
services and the daily job it equals a fresh recomputation from the clocks, and so do the
counter rows; the daily job repairs any drift, and a second run changes nothing."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.bouwers import aanmelden, omgeving, stap
from trajecten import normbewaking, stabilisatie, urgentie, workflow
from trajecten.models import Normbewaking, Traject, Werkvoorraadteller
from trajecten.services import Geweigerd

pytestmark = pytest.mark.django_db

RANG = {"overschreden": 0, "dreigt": 1}


def vers() -> dict[int, tuple[int, int | None]]:
    """Per traject (urgentie, urgentste klok) computed in Python from its clocks."""
    uitkomst = {
        pk: (urgentie.GEEN_KLOK, None) for pk in Traject.objects.values_list("pk", flat=True)
    }
    beste: dict[int, tuple] = {}
    for k in Normbewaking.objects.filter(gehaald_op__isnull=True, vervallen=False):
        sleutel = (RANG.get(k.status, 2), k.deadline, k.pk)
        if k.traject_id not in beste or sleutel < beste[k.traject_id]:
            beste[k.traject_id] = sleutel
    for pk, (rang, deadline, klok) in beste.items():
        uitkomst[pk] = (rang * urgentie.URGENTIE_STAP + (deadline - urgentie.DAG_NUL).days, klok)
    return uitkomst


def bewaard() -> dict[int, tuple[int, int | None]]:
    return {
        pk: (u, k)
        for pk, u, k in Traject.objects.values_list("pk", "urgentie", "urgentste_klok_id")
    }


def tellers_vers() -> Counter:
    return Counter(
        (t.gemeente_id, t.urgentie // urgentie.URGENTIE_STAP, t.aan_zet)
        for t in Traject.objects.lopend()
    )


def tellers_bewaard() -> Counter:
    rijen = Werkvoorraadteller.objects.values_list("gemeente_id", "rang", "aan_zet").annotate(
        n=Sum("aantal")
    )
    return Counter({(g, r, a): n for g, r, a, n in rijen if n})


def _klok(traject: Traject, **filter) -> Normbewaking | None:
    return traject.klokken.filter(gehaald_op__isnull=True, vervallen=False, **filter).first()


def doe(omg, actie: str, keuze: int, dag: int) -> None:
    """One write through the services (a refusal writes nothing, as in the app)."""
    vandaag = timezone.localdate()
    open_ = list(Traject.objects.lopend().order_by("pk"))
    traject = open_[keuze % len(open_)] if open_ else None
    try:
        if actie == "aanmelden" or traject is None:
            aanmelden(
                omg,
                datum=vandaag - timedelta(days=dag),
                bedreigend="beslag" if dag % 3 == 0 else "",
            )
        elif actie == "stap":
            volgende = workflow.volgende_overgang(traject.fase)
            if volgende is not None:
                stap(omg, traject, volgende.naam, datum=vandaag)
        elif actie == "uitstroom":
            stap(omg, traject, "sluit_af", datum=vandaag, uitstroomreden="Zelf")
        elif actie == "pauze" and (klok := _klok(traject, opgeschort=False)):
            stabilisatie.schort_klok_op(
                klok_id=klok.pk,
                door=omg.regisseur,
                van=max(klok.start, vandaag - timedelta(days=dag % 10)),
                reden="Wacht op papieren",
            )
        elif actie == "hervat" and (klok := _klok(traject, opgeschort=True)):
            stabilisatie.hervat_klok(klok_id=klok.pk, door=omg.regisseur, tot=vandaag)
        elif actie == "dag":
            normbewaking.dagelijkse_normbewaking(vandaag=vandaag + timedelta(days=dag))
    except Geweigerd:
        pass


ACTIES = st.lists(
    st.tuples(
        st.sampled_from(["aanmelden", "stap", "stap", "uitstroom", "pauze", "hervat", "dag"]),
        st.integers(0, 50),
        st.integers(0, 60),
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(acties=ACTIES)
def test_geschreven_urgentie_is_die_van_de_klokken(monkeypatch, acties):
    # Without the daily repair: only the write paths may keep it right.
    monkeypatch.setattr(urgentie, "herstel", lambda: {})
    with transaction.atomic():
        omg = omgeving()
        for actie, keuze, dag in acties:
            doe(omg, actie, keuze, dag)
            assert bewaard() == vers(), actie
            assert tellers_bewaard() == tellers_vers(), actie
        transaction.set_rollback(True)


def test_dagelijkse_job_herstelt_afwijkingen_idempotent():
    omg = omgeving()
    trajecten = [
        aanmelden(omg, datum=timezone.localdate() - timedelta(days=d)) for d in (1, 20, 40)
    ]
    goed, goede_tellers = bewaard(), tellers_bewaard()
    assert goed == vers() and goede_tellers == tellers_vers()
    # Drift: a hand-made change around the write path, and counter rows that do not add up.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")  # no triggers
        Traject.objects.filter(pk=trajecten[0].pk).update(urgentie=5, urgentste_klok_id=None)
        cursor.execute("SET LOCAL session_replication_role = origin")
    Werkvoorraadteller.objects.create(gemeente=omg.gemeente, rang=0, aan_zet="", aantal=7)
    assert bewaard() != goed and tellers_bewaard() != goede_tellers

    eerste = normbewaking.dagelijkse_normbewaking()
    assert eerste["urgentie_hersteld"] == 1 and eerste["tellers_hersteld"] >= 1
    assert bewaard() == goed == vers()
    assert tellers_bewaard() == goede_tellers == tellers_vers()
    # One row per key after the repair, and a second run finds nothing to do.
    assert Werkvoorraadteller.objects.count() == len(goede_tellers)
    tweede = normbewaking.dagelijkse_normbewaking()
    assert (tweede["urgentie_hersteld"], tweede["tellers_hersteld"]) == (0, 0)
    assert bewaard() == goed and tellers_bewaard() == goede_tellers


def test_eerste_pagina_is_een_indexbereik_per_gemeente(client, regisseur_a):
    """The team view's page query reads each gemeente's index range (no sort of all rows)."""
    from trajecten import werklijst
    from trajecten.selectors import Filters, Weergave, werkvoorraad

    filters = Filters(weergave=Weergave.TEAM)
    qs = werkvoorraad(regisseur_a, filters)
    with connection.cursor() as cursor:
        # Tiny tables: ask the planner what the index allows, not what is cheapest here.
        for knop in ("seqscan", "bitmapscan", "sort"):
            cursor.execute(f"SET enable_{knop} = off")
        pagina = werklijst.bladzijde(regisseur_a, filters, qs, None, 25)
        sql, params = (
            qs.order_by(*werklijst.KOLOMMEN)
            .values_list(*werklijst.KOLOMMEN)[:26]
            .query.sql_with_params()
        )
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
        for knop in ("seqscan", "bitmapscan", "sort"):
            cursor.execute(f"RESET enable_{knop}")
    assert pagina.rijen == [] and pagina.volgende is None
    assert "traject_werkvoorraad" in plan, plan
