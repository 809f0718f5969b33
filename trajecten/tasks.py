"""Thin Celery tasks: take ids or dates, call a service, safe to retry."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.db import OperationalError

from trajecten import normbewaking


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def dagelijkse_normbewaking(vandaag: str | None = None) -> dict[str, int]:
    """Daily, early morning: clock statuses and signaleringen (idempotent)."""
    return normbewaking.dagelijkse_normbewaking(
        vandaag=date.fromisoformat(vandaag) if vandaag else None
    )


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def herbereken_klokken(gemeente_id: int | None = None) -> int:
    """After a norm changed: recompute the clocks of the running trajecten (idempotent)."""
    return normbewaking.herbereken_open_trajecten(gemeente_id=gemeente_id)
