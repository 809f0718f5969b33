"""Retention: blank personal data of cases closed without an aanmelding, and of the
klant's case when the klant's own dossier is anonymised; drop unconfirmed lists."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from schuldhulp import audit
from trajecten.vroegsignalering.models import (
    Contactpoging,
    ImportBatch,
    Signaalzaak,
    Vroegsignaal,
    Zaakstatus,
)
from trajecten.vroegsignalering.services.opslag import BATCH_GROOTTE

logger = logging.getLogger(__name__)

ONBEVESTIGD_BEWAREN_DAGEN = 7


def _wis_persoonsgegevens(zaken: list[tuple[int, int]], *, omschrijving: str) -> None:
    """Blank BSN, name, address and contact details of these (pk, gemeente_id) cases and
    their signals; free text goes too. Dates, kinds, amounts and reasons stay."""
    leeg = dict.fromkeys(Signaalzaak.PERSOONSVELDEN, "") | {"geboortedatum": None}
    nu = timezone.now()
    for i in range(0, len(zaken), BATCH_GROOTTE):
        deel = zaken[i : i + BATCH_GROOTTE]
        ids = [pk for pk, _ in deel]
        with transaction.atomic():
            Signaalzaak.objects.filter(pk__in=ids).update(
                **leeg, afsluittoelichting="", geanonimiseerd_op=nu
            )
            Vroegsignaal.objects.filter(zaak_id__in=ids).update(
                **leeg, partner_signaal_id="", rij_sleutel=""
            )
            Contactpoging.objects.filter(zaak_id__in=ids).update(notitie="")
            for pk, gemeente_id in deel:
                audit.gegevens_verwijderd(
                    obj_type="signaalzaak",
                    object_id=str(pk),
                    klant_id=None,
                    gemeente_id=gemeente_id,
                    omschrijving=omschrijving,
                )


def anonimiseer(*, vandaag: date | None = None, bewaartermijn_dagen: int | None = None) -> dict:
    """Blank the personal data of cases closed without an aanmelding longer than the
    retention period ago; keep dates, partner kinds, amounts and the reason. Also drop
    uploaded lists that were never confirmed. Idempotent."""
    vandaag = vandaag or timezone.localdate()
    termijn = (
        bewaartermijn_dagen
        if bewaartermijn_dagen is not None
        else settings.VROEGSIGNALERING_BEWAARTERMIJN_DAGEN
    )
    grens = vandaag - timedelta(days=termijn)
    zaken = list(
        Signaalzaak.objects.filter(
            status=Zaakstatus.GESLOTEN, afgehandeld_op__lte=grens, geanonimiseerd_op__isnull=True
        ).values_list("pk", "gemeente_id")
    )
    _wis_persoonsgegevens(
        zaken,
        omschrijving=(
            f"Persoonsgegevens gewist na de bewaartermijn van {termijn} dagen "
            "(gesloten zonder aanmelding)"
        ),
    )
    oud = timezone.now() - timedelta(days=ONBEVESTIGD_BEWAREN_DAGEN)
    lijsten = ImportBatch.objects.filter(
        aangemaakt_op__lt=oud,
        status__in=[
            ImportBatch.Status.GECONTROLEERD,
            ImportBatch.Status.AFGEKEURD,
            ImportBatch.Status.GEANNULEERD,
            ImportBatch.Status.MISLUKT,
        ],
    ).exclude(inhoud__isnull=True, voorbeeld=[])
    lijsten_gewist = lijsten.update(inhoud=None, voorbeeld=[])
    _laat_verlopen(aangemaakt_voor=oud)
    uitkomst = {"zaken_geanonimiseerd": len(zaken), "lijsten_gewist": lijsten_gewist}
    logger.info("Vroegsignalering bewaartermijn %s: %s", vandaag.isoformat(), uitkomst)
    return uitkomst


@transaction.atomic
def _laat_verlopen(*, aangemaakt_voor: datetime) -> None:
    """Lists still waiting for confirmation expire. A handful a day, so one by one: the
    state change goes through the transition."""
    wachtend = ImportBatch.objects.filter(
        aangemaakt_op__lt=aangemaakt_voor, status=ImportBatch.Status.GECONTROLEERD
    )
    for batch in wachtend.only("pk", "status").select_for_update():
        batch.verloop()
        batch.save(update_fields=["status"])


def anonimiseer_zaken_van_klant(*, klant_id: int) -> int:
    """The klant's own dossier was anonymised (trajecten.bewaartermijn): the signal case
    that led to the aanmelding goes with it."""
    zaken = list(
        Signaalzaak.objects.filter(
            traject__klant_id=klant_id, geanonimiseerd_op__isnull=True
        ).values_list("pk", "gemeente_id")
    )
    _wis_persoonsgegevens(zaken, omschrijving="Persoonsgegevens gewist met het klantdossier")
    return len(zaken)
