"""The daily signal for the tussentijdse toets of a running regeling (every 6 months from the
start, klantplan/schuldregeling/schema.toetsdata): a signalering for the Stadsbank's
behandelaar of the traject (or the Stadsbank's team when nobody is assigned), once per toets
(``sleutel``), as long as the toets is not recorded. A run catches up on missed days; a
rerun adds nothing. The beat entry is in schuldhulp/celery.py."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from klantplan.schuldregeling.models import Regeling
from klantplan.schuldregeling.services.lopend import toetsmomenten
from klantplan.schuldregeling.workflow import Regelingfase
from schuldhulp.pakketten import Partij
from trajecten.keuzelijsten import Signaleringsoort
from trajecten.models import Signalering
from trajecten.samenwerking import signalen

SLEUTEL = "sr-toets-"


def signaleer_toetsen(vandaag: date) -> int:
    """New signaleringen for the toetsen due on or before `vandaag` (no personal data in the
    text: it also goes into the daily e-mail)."""
    signaleringen = Signalering.objects.filter(sleutel__startswith=SLEUTEL)
    voor = signaleringen.count()
    lopend = Regeling.objects.filter(fase=Regelingfase.LOPEND, startdatum__lte=vandaag)
    for regeling in lopend.select_related("traject").prefetch_related("toetsen"):
        for moment in toetsmomenten(regeling):
            if not moment.verschuldigd(vandaag):
                continue
            signalen.voor_aan_zet(
                regeling.traject,
                soort=Signaleringsoort.MONITORING,
                tekst=f"Schuldregeling: tussentijdse toets {moment.nummer} is aan de orde "
                f"(traject {regeling.traject_id}).",
                sleutel=f"{SLEUTEL}{regeling.pk}-{moment.nummer}",
                partij=Partij.STADSBANK,
            )
    # (bulk_create with ignore_conflicts counts the rows it was given, not the new ones)
    return signaleringen.count() - voor


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def tussentijdse_toetsen(vandaag: str | None = None) -> int:
    return signaleer_toetsen(date.fromisoformat(vandaag) if vandaag else timezone.localdate())
