"""Thin Celery tasks: take ids or dates, call a service; idempotent and safe to retry."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.db import OperationalError

from trajecten.vroegsignalering import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def controleer_import(batch_id: int) -> None:
    """Check an uploaded list (large files) and prepare its preview."""
    services.controleer_batch(batch_id=batch_id)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def verwerk_import(batch_id: int) -> None:
    """Store a confirmed list in one transaction (all or nothing)."""
    services.verwerk_batch(batch_id=batch_id)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def ververs_klokken(vandaag: str | None = None) -> dict[str, int]:
    """Daily: the clock status of every open signal case."""
    return services.ververs_klokken(vandaag=date.fromisoformat(vandaag) if vandaag else None)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def anonimiseer(vandaag: str | None = None) -> dict[str, int]:
    """Daily: blank personal data of cases closed without an aanmelding after the retention
    period (VROEGSIGNALERING_BEWAARTERMIJN_DAGEN)."""
    return services.anonimiseer(vandaag=date.fromisoformat(vandaag) if vandaag else None)


@shared_task
def herstart_vastgelopen() -> int:
    """Every 10 minutes: signal lists whose task message was lost go back in line."""
    from trajecten.vroegsignalering.services.batches import herstart_vastgelopen as herstart

    return herstart()
