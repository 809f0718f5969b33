"""Row locks: every write first locks the traject or klantplan it changes, and only then
the row under it (the order of trajecten.services too), so two writers never wait on each
other in a cycle."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model

from klantplan.models import Klantplan
from trajecten.models import Traject

M = TypeVar("M", bound=Model)


def vergrendel_traject(traject_id: int) -> Traject:
    return (
        Traject.objects.select_for_update(of=("self",))
        .select_related("afspraak", "gemeente", "klant", "behandelaar", "consulent")
        .get(pk=traject_id)
    )


def vergrendel_onder_traject(model: type[M], pk: int) -> tuple[Traject, M]:
    """The traject of row `pk` locked, then the row (DoesNotExist if it is not there)."""
    traject = vergrendel_traject(model.objects.values_list("traject_id", flat=True).get(pk=pk))
    rij = model.objects.select_for_update(of=("self",)).get(pk=pk, traject=traject)
    rij.traject = traject
    return traject, rij


def vergrendel_onder_plan(model: type[M], pk: int) -> tuple[Klantplan, M]:
    """The klantplan of row `pk` locked, then the row."""
    plan = vergrendel_plan(model.objects.values_list("klantplan_id", flat=True).get(pk=pk))
    rij = model.objects.select_for_update(of=("self",)).get(pk=pk, klantplan=plan)
    return plan, rij


def vergrendel_plan(klantplan_id: int) -> Klantplan:
    return (
        Klantplan.objects.select_for_update(of=("self",))
        .select_related("traject__afspraak", "traject__gemeente", "traject__klant")
        .get(pk=klantplan_id)
    )
