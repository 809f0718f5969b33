"""Row locks: every write first locks the traject or klantplan it changes."""

from __future__ import annotations

from klantplan.models import Klantplan
from trajecten.models import Traject


def vergrendel_traject(traject_id: int) -> Traject:
    return (
        Traject.objects.select_for_update(of=("self",))
        .select_related("afspraak", "gemeente", "klant", "behandelaar")
        .get(pk=traject_id)
    )


def vergrendel_plan(klantplan_id: int) -> Klantplan:
    return (
        Klantplan.objects.select_for_update(of=("self",))
        .select_related("traject__afspraak", "traject__gemeente", "traject__klant")
        .get(pk=klantplan_id)
    )
