"""Thin Celery tasks: take ids or dates, call a service, safe to retry."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.db import OperationalError, connection

from trajecten import normbewaking


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def dagelijkse_normbewaking(vandaag: str | None = None) -> dict[str, int]:
    """Daily, early morning: clock statuses and signaleringen (idempotent)."""
    uitkomst = normbewaking.dagelijkse_normbewaking(
        vandaag=date.fromisoformat(vandaag) if vandaag else None
    )
    _vacuum(VACUUM_NA_NORMBEWAKING)
    return uitkomst


# The tables the daily job rewrites: vacuumed right after it, so the werkvoorraad's index
# ranges stay index-only (visibility map) and the statistics fresh (docs/schaal.md §6).
VACUUM_NA_NORMBEWAKING = (
    "trajecten_traject",
    "trajecten_normbewaking",
    "trajecten_werkvoorraadteller",
    "schuldhulp_klantteller",
)


def _vacuum(tabellen: tuple[str, ...]) -> None:
    """VACUUM cannot run in a transaction (the tests run the task inside one); a role that
    does not own the tables gets a warning from PostgreSQL, not an error."""
    if connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(tabellen)}")


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def herbereken_klokken(gemeente_id: int | None = None) -> int:
    """After a norm changed: recompute the clocks of the running trajecten (idempotent)."""
    return normbewaking.herbereken_open_trajecten(gemeente_id=gemeente_id)
