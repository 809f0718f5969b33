"""Handing work to Celery without a 500 when the broker is down (issue 17, point 8).

The row in the database (a report 'wordt gemaakt', a list 'controleren', an e-mail 'wachtend')
is the truth; the broker message only wakes a worker. So a request never fails because Redis
is away: the message is tried after the commit, a failure is logged, and a periodic job puts
rows that waited too long back in line (rapportage.tasks, trajecten.vroegsignalering.tasks,
trajecten.samenwerking.mailtasks). Together with acks_late and reject_on_worker_lost (a killed
worker's message comes back) nothing stays stuck."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

# What the page says of a row whose message could not be handed to the broker.
IN_DE_WACHTRIJ = "Staat in de wachtrij, we proberen het opnieuw."


def naar_broker(taak: Any, *args: Any) -> bool:
    """``taak.delay(*args)``; False (and a warning) when the broker cannot be reached."""
    try:
        taak.delay(*args)
    except Exception:  # any transport error: the row is the safety net
        logger.warning(
            "Taak %s %s niet in de wachtrij gezet (broker onbereikbaar)", taak.name, args
        )
        return False
    return True


def na_commit(taak: Any, *args: Any, bij_fout: Callable[[], None] | None = None) -> None:
    """Queue the task once the surrounding transaction committed (the row exists);
    ``bij_fout`` runs when the broker could not be reached (mark the row as waiting)."""

    def zet_klaar() -> None:
        if not naar_broker(taak, *args) and bij_fout is not None:
            bij_fout()

    transaction.on_commit(zet_klaar)
