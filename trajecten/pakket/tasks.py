"""Thin Celery task: the daily activation and ending of package agreements."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.db import OperationalError

from trajecten.pakket.services import afspraken


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def afspraken_bijwerken(vandaag: str | None = None) -> dict[str, int]:
    """Early morning, before the norm watch: agreements that start today become active
    (and move the trajecten of their overgangsregeling); those past their end date end."""
    return afspraken.dagelijks(vandaag=date.fromisoformat(vandaag) if vandaag else None)
