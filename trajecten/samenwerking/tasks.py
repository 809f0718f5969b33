"""Daily: open warme overdrachten whose clock starts to 'dreigen' or passed its deadline
signal the party aan zet (the receiver, or the sender while a question waits).

Cheap: only open overdrachten (a partial index holds just those) of running trajecten
that reached their dreigt_vanaf are read; each signalering's key names the overdracht, the
status and the party, so a rerun, a retry or the next day adds nothing twice (looked up
first; ON CONFLICT DO NOTHING in signalen for two runs at once)."""

from __future__ import annotations

import logging
from datetime import date

from celery import shared_task
from django.db import OperationalError, transaction
from django.utils import timezone

from schuldhulp import opmaak
from schuldhulp.pakketten import Partij
from trajecten.models import Signalering, Signaleringsoort, Traject
from trajecten.normen import KlokStatus
from trajecten.samenwerking import overdrachtklok, signalen
from trajecten.samenwerking.models import Overdracht
from trajecten.samenwerking.workflow import OPEN_OVERDRACHT, Overdrachtstatus

logger = logging.getLogger(__name__)


def _tekst(o: Overdracht, status: KlokStatus) -> str:
    wat = (
        "Vraag over de warme overdracht nog niet beantwoord"
        if o.status == Overdrachtstatus.VRAAG
        else "Warme overdracht nog niet geaccepteerd"
    )
    stand = (
        "termijn overschreden"
        if status == KlokStatus.OVERSCHREDEN
        else "termijn dreigt te verlopen"
    )
    return f"{wat}: {stand} (deadline {opmaak.datum(o.deadline)}, dossier {o.traject_id})"


@transaction.atomic
def signaleer_overdrachten(*, vandaag: date | None = None) -> dict[str, int]:
    """Signal every open overdracht that dreigt or is overdue today (idempotent)."""
    vandaag = vandaag or timezone.localdate()
    open_ = (
        Overdracht.objects.filter(status__in=OPEN_OVERDRACHT, dreigt_vanaf__lte=vandaag)
        .filter(traject__in=Traject.objects.lopend())
        .select_related("traject")
        .order_by("pk")
    )
    kandidaten = []
    for o in open_:
        status = overdrachtklok.status(o, vandaag)
        # The party aan zet: the receiver accepts; after a question the sender answers.
        partij = Partij(o.van if o.status == Overdrachtstatus.VRAAG else o.aan)
        kandidaten.append((o, status, partij, f"overdracht-{o.pk}-{status.value}"))
    # Signalled before (signalen keys a row by sleutel and party): one lookup on the unique
    # key instead of an insert that would be ignored, so the count below is what is new.
    al = (
        set(
            Signalering.objects.filter(
                sleutel__in=[f"{sleutel}-{partij.value}" for _o, _s, partij, sleutel in kandidaten]
            ).values_list("sleutel", flat=True)
        )
        if kandidaten
        else set()
    )
    nieuw = 0
    for o, status, partij, sleutel in kandidaten:
        if f"{sleutel}-{partij.value}" in al:
            continue
        nieuw += signalen.voor_aan_zet(
            o.traject,
            partij=partij,
            soort=Signaleringsoort.OVERDRACHT,
            tekst=_tekst(o, status),
            sleutel=sleutel,
        )
    bekeken = len(kandidaten)
    uitkomst = {"overdrachten": bekeken, "signaleringen": nieuw}
    logger.info("Warme overdrachten %s: %s", vandaag.isoformat(), uitkomst)
    return uitkomst


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def dagelijkse_overdrachtbewaking(vandaag: str | None = None) -> dict[str, int]:
    """Daily, early morning, after the norm watch (idempotent)."""
    return signaleer_overdrachten(vandaag=date.fromisoformat(vandaag) if vandaag else None)
