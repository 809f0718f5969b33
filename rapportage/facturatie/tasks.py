"""Thin Celery task: the monthly specificaties (safe to run again: nothing is made twice)."""

from __future__ import annotations

from datetime import date

from celery import shared_task

from rapportage.facturatie import services


@shared_task(acks_late=True)
def maak_specificaties(vandaag: str | None = None) -> int:
    """First day of a month: last month's specificatie for every gemeente."""
    dag = date.fromisoformat(vandaag) if vandaag else None
    return len(services.maak_vorige_maand(vandaag=dag))
