"""The verwerkingenlog's own retention (issue 17, point 2; ADR 0011).

A row goes when it is older than ``VERWERKINGENLOG_BEWAARTERMIJN_DAGEN`` (default 8 years: the
dossier's seven plus one for complaints and claims), unless it is about a klant whose dossier
still exists. Rows go only through the database function ``schuldhulp_verwerkingenlog_opschonen``
(migration 0013): the trigger refuses every other DELETE, and also this one for rows younger
than seven years. Each run leaves its own row: how many rows older than which date went.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta

from celery import shared_task
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from schuldhulp import audit

logger = logging.getLogger(__name__)


def grens(peildatum: date | None = None) -> datetime:
    """Rows written before this moment are past the term (midnight, local time)."""
    peildatum = peildatum or timezone.localdate()
    dag = peildatum - timedelta(days=settings.VERWERKINGENLOG_BEWAARTERMIJN_DAGEN)
    return timezone.make_aware(datetime.combine(dag, time.min))


@transaction.atomic
def schoon_verwerkingenlog_op(*, peildatum: date | None = None) -> int:
    """Remove the rows past the term; returns how many went. Logs itself, also at 0."""
    tot = grens(peildatum)
    with connection.cursor() as cursor:
        cursor.execute("SELECT schuldhulp_verwerkingenlog_opschonen(%s)", [tot])
        (aantal,) = cursor.fetchone()
    audit.verwerkingenlog_opgeschoond(aantal=aantal, grens=tot)
    logger.info("Verwerkingenlog: %d regels ouder dan %s verwijderd", aantal, tot.date())
    return aantal


@shared_task
def verwerkingenlog_opschonen() -> int:
    """Weekly (beat). Idempotent: a second run finds nothing left to remove."""
    return schoon_verwerkingenlog_op()
