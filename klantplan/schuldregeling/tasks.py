"""Thin Celery tasks of the schuldregeling: take a date, call the service, safe to retry
(the service is idempotent). The beat entry is in schuldhulp/celery.py."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from klantplan.schuldregeling import herinneringen
from trajecten.normbewaking import extra_feestdagen
from trajecten.normen import is_werkdag


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def herinneringen_versturen(vandaag: str | None = None) -> dict[str, int]:
    """Working days, early morning: reminders and 'geen reactie' for the creditors whose
    answer term passed. Not on a weekend or holiday (no letters are printed then); the
    next working day catches up."""
    dag = date.fromisoformat(vandaag) if vandaag else timezone.localdate()
    if not is_werkdag(dag, extra_feestdagen()):
        return {}
    return herinneringen.verstuur_herinneringen(vandaag=dag).als_dict()
