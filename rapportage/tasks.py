"""Thin Celery tasks: take ids or dates, call a service, safe to retry (acks_late is on)."""

from __future__ import annotations

import logging
from datetime import date

from celery import shared_task

from rapportage import dashboard, services
from rapportage.ddas import importer
from rapportage.models import Kwartaalrapportage

logger = logging.getLogger(__name__)
HERHAAL_NA_SECONDEN = 10  # first retry; doubles each time, at most 5 minutes


@shared_task(bind=True, max_retries=3, acks_late=True, reject_on_worker_lost=True)
def maak_kwartaalrapportage(self, rapportage_id: int) -> str:
    """Make one report. A killed worker's message is delivered again and takes the row over;
    an error is retried with back-off and, after the last try, marks the report mislukt."""
    try:
        rapportage = services.maak(rapportage_id=rapportage_id)
    except Kwartaalrapportage.DoesNotExist:
        return "verdwenen"
    except Exception as exc:
        definitief = self.request.retries >= self.max_retries
        services.markeer_mislukt(rapportage_id=rapportage_id, fout=exc, definitief=definitief)
        if definitief:
            raise
        raise self.retry(
            exc=exc, countdown=min(300, HERHAAL_NA_SECONDEN * 2**self.request.retries)
        ) from exc
    return rapportage.status


@shared_task
def maak_kwartaalrapportages(vandaag: str | None = None) -> int:
    """First day of a quarter: the previous quarter's reports for every gemeente."""
    nieuw = services.maak_vorig_kwartaal(vandaag=date.fromisoformat(vandaag) if vandaag else None)
    return len(nieuw)


@shared_task
def herstart_vastgelopen() -> int:
    """Every 10 minutes: reports 'wordt gemaakt' whose message was lost (broker down, worker
    killed) go back in line (schuldhulp/wachtrij.py)."""
    return services.herstart_vastgelopen()


@shared_task
def ddas_uploads_opruimen() -> int:
    """Daily: uploaded DDAS files (BSNs) older than 30 days go, also without a new upload."""
    weg = importer.ruim_op()
    if weg:
        logger.info("DDAS-uploads opgeruimd: %s bestand(en)", weg)
    return weg


@shared_task
def dashboard_vullen() -> int:
    """Daily, after the norm watch: the dashboard's figures of the day for every gemeente
    with a contractmanager, so nobody waits for the first computation (ADR 0025)."""
    aantal = dashboard.vul_cache()
    logger.info("Dashboardcache gevuld voor %s gemeente(n)", aantal)
    return aantal
