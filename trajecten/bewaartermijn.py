"""Retention (AVG): erase the personal data of klanten whose last traject ended long enough ago.

What goes: BSN, names, address, phone, e-mail, exact birth date (the year stays), free text on
their trajecten; other apps erase their own texts and documents on the
``klant_geanonimiseerd`` signal. What stays: dates, channels, phases, products, norms, reasons
— everything the quarterly figures are computed from, so report figures do not change.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from schuldhulp import audit, opmaak
from schuldhulp.models import Klant
from schuldhulp.signals import klant_geanonimiseerd
from trajecten.models import UITSTROOM_SOORTEN, Gebeurtenis, Traject

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verlopen:
    klant_id: int
    gemeente_id: int
    laatste_uitstroom: date


def verlopen_dossiers(*, peildatum: date | None = None) -> list[Verlopen]:
    """Klanten with no open traject whose last uitstroom is older than the bewaartermijn."""
    peildatum = peildatum or timezone.localdate()
    grens = peildatum - timedelta(days=settings.BEWAARTERMIJN_NA_UITSTROOM_DAGEN)
    open_traject = Traject.objects.lopend().filter(klant=OuterRef("pk"))
    rijen = (
        Klant.objects.filter(geanonimiseerd_op__isnull=True, trajecten__isnull=False)
        .exclude(Exists(open_traject))
        .annotate(
            laatste=Max(
                "trajecten__gebeurtenissen__datum",
                filter=Q(trajecten__gebeurtenissen__soort__in=UITSTROOM_SOORTEN),
            )
        )
        .filter(laatste__lt=grens)
        .values_list("pk", "gemeente_id", "laatste")
        .order_by("pk")
    )
    return [Verlopen(*rij) for rij in rijen]


def _anonimiseer(klant: Klant, nu) -> None:
    klant.bsn = f"X{klant.pk:08d}"[-9:]  # unique, never a valid BSN
    klant.voornamen, klant.tussenvoegsel, klant.achternaam = "Geanonimiseerd", "", ""
    klant.geboortedatum = klant.geboortedatum.replace(month=1, day=1)
    klant.straat = klant.huisnummer = klant.telefoon = klant.email = ""
    klant.postcode = f"{klant.postcode[:4]} XX"
    klant.geanonimiseerd_op = nu
    klant.save()
    Gebeurtenis.objects.filter(traject__klant=klant).update(toelichting="", reden_terugdatering="")


def pas_bewaartermijn_toe(*, uitvoeren: bool, peildatum: date | None = None) -> list[Verlopen]:
    """Erase what expired (or, with uitvoeren=False, only say what would go)."""
    verlopen = verlopen_dossiers(peildatum=peildatum)
    if not uitvoeren:
        logger.info(
            "Bewaartermijn (proef): %d dossiers zouden worden geanonimiseerd", len(verlopen)
        )
        return verlopen
    nu = timezone.now()
    for item in verlopen:
        with transaction.atomic():
            klant = Klant.objects.select_for_update().get(pk=item.klant_id)
            _anonimiseer(klant, nu)
            klant_geanonimiseerd.send(sender=Klant, klant_id=klant.pk)
            audit.gegevens_verwijderd(
                obj_type="klant",
                object_id=str(klant.pk),
                klant_id=klant.pk,
                gemeente_id=item.gemeente_id,
                omschrijving="Bewaartermijn verstreken (laatste uitstroom "
                f"{opmaak.datum(item.laatste_uitstroom)})",
            )
    logger.info("Bewaartermijn: %d dossiers geanonimiseerd", len(verlopen))
    return verlopen


@shared_task
def bewaartermijn_toepassen() -> int:
    """Weekly (beat): erase expired personal data. Idempotent: done dossiers are skipped."""
    return len(pas_bewaartermijn_toe(uitvoeren=True))
