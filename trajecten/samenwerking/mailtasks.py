"""Thin Celery tasks for outgoing e-mail (trajecten.samenwerking.mail): take ids or a
moment, call the service, safe to retry (acks_late is on). Registered through the app's
``ready()`` so the worker and beat know them without a shared ``tasks.py``."""

from __future__ import annotations

from datetime import datetime

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from trajecten.normen import is_werkdag
from trajecten.samenwerking import mail


@shared_task(
    autoretry_for=(mail.TijdelijkeFout, OperationalError),
    retry_backoff=15,  # 15 s, 30 s, 60 s, 120 s (with jitter): well inside OPNIEUW_NA
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=mail.MAX_POGINGEN - 1,
    acks_late=True,
    reject_on_worker_lost=True,
)
def verstuur_email(bericht_id: int) -> str:
    """One attempt; the row counts the attempts and becomes mislukt after the last one."""
    return mail.verstuur(bericht_id)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def mail_opnieuw_in_wachtrij() -> int:
    """Every few minutes: what is still wachtend (broker was down, worker killed) again."""
    return mail.opnieuw_in_wachtrij()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def dagoverzichten(nu: str | None = None) -> int:
    """Working days, early morning: one digest per opted-in user (idempotent per day)."""
    moment = datetime.fromisoformat(nu) if nu else timezone.now()
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if not is_werkdag(timezone.localdate(moment)):
        return 0
    return mail.dagoverzichten(nu=moment)
