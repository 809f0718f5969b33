"""Uploaded CSV lists: check and preview, confirm, store all or nothing, or cancel.

No signal is stored until the user confirms the preview. Large lists are checked and
stored by Celery tasks; the page polls their progress.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django_fsm import can_proceed

from schuldhulp import audit, opmaak, wachtrij
from schuldhulp.models import Gebruiker, Gemeente
from trajecten.services import Geweigerd
from trajecten.vroegsignalering import csvimport
from trajecten.vroegsignalering.models import Bron, ImportBatch
from trajecten.vroegsignalering.services.groepering import (
    Plan,
    Zaakindex,
    plan_signalen,
    sla_signalen_op,
)
from trajecten.vroegsignalering.services.opslag import BATCH_GROOTTE
from trajecten.vroegsignalering.services.toegang import vereis_gemeente
from trajecten.vroegsignalering.validatie import Fout, SignaalGegevens, controleer_csv_rij

logger = logging.getLogger(__name__)

MAX_BESTAND_BYTES = 25 * 1024 * 1024
DIRECT_MAX_RIJEN = 2000  # larger lists are checked and stored by a Celery task
VASTGELOPEN_NA = timedelta(minutes=15)  # a list's task message lost: put it back in line
MAX_OPGESLAGEN_FOUTEN = 5000
VOORBEELD_RIJEN = 25


class AlIngelezen(Geweigerd):
    """The same file was read in before for this gemeente."""

    def __init__(self, batch: ImportBatch) -> None:
        self.batch = batch
        super().__init__(
            f"Dit bestand is al eerder ingelezen op "
            f"{opmaak.datum_tijd(timezone.localtime(batch.aangemaakt_op))}. "
            "Er is niets dubbel opgeslagen."
        )


AKTIEVE_BATCHSTATUSSEN = [
    ImportBatch.Status.CONTROLEREN,
    ImportBatch.Status.GECONTROLEERD,
    ImportBatch.Status.BEVESTIGD,
    ImportBatch.Status.VERWERKEN,
    ImportBatch.Status.VERWERKT,
]


def _start_taak(taaknaam: str, batch_id: int) -> None:
    from trajecten.vroegsignalering import tasks  # the tasks module imports this one

    wachtrij.na_commit(getattr(tasks, taaknaam), batch_id)


def _is_groot(inhoud: bytes) -> bool:
    return inhoud.count(b"\n") > DIRECT_MAX_RIJEN


def upload_lijst(
    *, gemeente: Gemeente, door: Gebruiker, bestandsnaam: str, inhoud: bytes
) -> ImportBatch:
    """Store an uploaded list and check it: at once when it is small, else in a Celery
    task (the page polls its progress). No signal is stored until the user confirms."""
    vereis_gemeente(door, gemeente.pk)
    if not inhoud:
        raise Geweigerd("Het bestand is leeg.")
    if len(inhoud) > MAX_BESTAND_BYTES:
        raise Geweigerd("Het bestand is te groot (meer dan 25 MB). Splits de lijst op.")
    sha = hashlib.sha256(inhoud).hexdigest()
    with transaction.atomic():
        bestaand = ImportBatch.objects.filter(
            gemeente=gemeente, sha256=sha, status__in=AKTIEVE_BATCHSTATUSSEN
        ).first()
        if bestaand is not None:
            raise AlIngelezen(bestaand)
        try:
            with transaction.atomic():
                batch = ImportBatch.objects.create(
                    gemeente=gemeente,
                    bestandsnaam=bestandsnaam[:255],
                    sha256=sha,
                    inhoud=inhoud,
                    grootte=len(inhoud),
                    geupload_door=door,
                )
        except IntegrityError as exc:  # the same file uploaded twice at the same moment
            bestaand = ImportBatch.objects.filter(
                gemeente=gemeente, sha256=sha, status__in=AKTIEVE_BATCHSTATUSSEN
            ).first()
            if bestaand is None:
                raise Geweigerd("Dit bestand wordt al ingelezen.") from exc
            raise AlIngelezen(bestaand) from exc
        if _is_groot(inhoud):
            _start_taak("controleer_import", batch.pk)
    if not _is_groot(inhoud):
        batch = controleer_batch(batch_id=batch.pk)
    return batch


@dataclass
class _Leesuitkomst:
    geldig: list[SignaalGegevens]
    fouten: list[Fout]
    totaal: int


def _lees_en_controleer(batch: ImportBatch, bestand: csvimport.Bestand) -> _Leesuitkomst:
    """Check every row; progress is written every BATCH_GROOTTE rows (committed at once,
    so the polling page sees it)."""
    vandaag = timezone.localdate()
    totaal = bestand.tel_rijen()
    ImportBatch.objects.filter(pk=batch.pk).update(totaal_rijen=totaal, gecontroleerd_rijen=0)
    geldig: list[SignaalGegevens] = []
    fouten: list[Fout] = []
    for aantal, (regel, waarden, velden) in enumerate(bestand.rijen(), start=1):
        if waarden is None:
            fouten.append(
                Fout(
                    veld=None,
                    melding=(
                        f"Deze rij heeft {velden} veld{'en' if velden != 1 else ''}, de kopregel "
                        f"{len(bestand.kolommen)}. Gebruikt deze rij een ander scheidingsteken "
                        f"dan '{bestand.scheidingsteken}', of staat er een "
                        f"'{bestand.scheidingsteken}' in een veld zonder aanhalingstekens?"
                    ),
                    rij=regel,
                )
            )
        else:
            item, rijfouten = controleer_csv_rij(waarden, rij=regel, vandaag=vandaag)
            if item is not None:
                geldig.append(item)
            fouten.extend(rijfouten)
        if aantal % BATCH_GROOTTE == 0:
            ImportBatch.objects.filter(pk=batch.pk).update(gecontroleerd_rijen=aantal)
    return _Leesuitkomst(geldig=geldig, fouten=fouten, totaal=totaal)


def _voorbeeld(plan: Plan) -> list[dict]:
    rijen = []
    for item, sleutel in sorted(plan.toewijzing, key=lambda t: t[0].rij)[:VOORBEELD_RIJEN]:
        rijen.append(
            {
                "rij": item.rij,
                "partner": item.partner_naam,
                "partner_soort": item.partner_soort,
                "soort": item.soort_achterstand,
                "bedrag_centen": item.bedrag_centen,
                "maanden": item.maanden_achterstand,
                "ontvangen_op": item.ontvangen_op.isoformat(),
                "naam": " ".join(
                    p for p in (item.voornamen, item.tussenvoegsel, item.achternaam) if p
                ),
                "adres": f"{item.postcode} {item.huisnummer}",
                "bsn_bekend": bool(item.bsn),
                "zaak": "bestaand" if isinstance(sleutel, int) else "nieuw",
            }
        )
    return rijen


def controleer_batch(*, batch_id: int) -> ImportBatch:
    """Check a list and prepare the preview (no signals are stored). Idempotent."""
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status != ImportBatch.Status.CONTROLEREN:
        return batch
    try:
        bestand = csvimport.lees(bytes(batch.inhoud or b""))
        uitkomst = _lees_en_controleer(batch, bestand)  # a broken line is a file error too
    except csvimport.Bestandsfout as exc:
        batch.keur_af(melding=str(exc))
        batch.save()
        return batch
    index, _ = Zaakindex.laad(batch.gemeente_id, uitkomst.geldig, vergrendel=False)
    plan = plan_signalen(batch.gemeente_id, uitkomst.geldig, index=index, met_sleutels=True)
    batch.refresh_from_db()
    if not can_proceed(batch.rond_controle_af):  # a second run of the task finished first
        return batch
    batch.scheidingsteken = bestand.scheidingsteken
    batch.totaal_rijen = uitkomst.totaal
    batch.gecontroleerd_rijen = uitkomst.totaal
    batch.aantal_fout = len({f.rij for f in uitkomst.fouten})
    batch.aantal_geldig = len(plan.toewijzing)
    batch.aantal_dubbel = len(plan.dubbel)
    batch.aantal_nieuwe_zaken = plan.nieuwe_zaken
    batch.aantal_bestaande_zaken = len(plan.bestaande_zaken)
    batch.fouten = [f.als_dict() for f in uitkomst.fouten[:MAX_OPGESLAGEN_FOUTEN]]
    batch.voorbeeld = _voorbeeld(plan)
    batch.rond_controle_af()
    batch.save()
    return batch


def bevestig_batch(*, batch_id: int, door: Gebruiker) -> ImportBatch:
    """The user confirmed the preview: store the signals (at once, or in a Celery task)."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        vereis_gemeente(door, batch.gemeente_id)
        if not can_proceed(batch.bevestig):
            raise Geweigerd("Deze lijst kan niet (meer) worden bevestigd.")
        if batch.aantal_fout:
            raise Geweigerd(
                "De lijst bevat fouten. Verbeter het bestand en lees het opnieuw in: er wordt "
                "niets opgeslagen zolang er fouten in staan."
            )
        if not batch.aantal_geldig:
            raise Geweigerd("Er staan geen nieuwe signalen in deze lijst.")
        batch.bevestig(door=door)
        batch.save(update_fields=["status", "bevestigd_door", "bevestigd_op"])
        groot = batch.totaal_rijen > DIRECT_MAX_RIJEN
        if groot:
            _start_taak("verwerk_import", batch.pk)
    if not groot:
        batch = verwerk_batch(batch_id=batch.pk)
    return batch


def verwerk_batch(*, batch_id: int) -> ImportBatch:
    """Store all signals of a confirmed list in one transaction: all or nothing.

    Safe to run again (a redelivered task): a list that is already processed is left alone
    and rows read in before are skipped by their key."""
    with transaction.atomic():  # committed at once: the polling page shows 'verwerken'
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status != ImportBatch.Status.VERWERKEN:  # VERWERKEN: a killed worker's, resume
            if not can_proceed(batch.start_verwerking):
                return batch
            batch.start_verwerking()
            batch.save(update_fields=["status", "gecontroleerd_rijen"])
    try:
        bestand = csvimport.lees(bytes(batch.inhoud or b""))
        uitkomst = _lees_en_controleer(batch, bestand)
    except csvimport.Bestandsfout as exc:
        return _mislukt(batch_id, str(exc))
    if uitkomst.fouten:
        return _mislukt(batch_id, "De lijst bevat fouten; er is niets opgeslagen.")
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
            if not can_proceed(batch.markeer_verwerkt):
                return batch
            signalen, plan = sla_signalen_op(
                batch.gemeente_id, uitkomst.geldig, bron=Bron.CSV, met_sleutels=True, batch=batch
            )
            batch.markeer_verwerkt()
            batch.aantal_opgeslagen = len(signalen)
            batch.aantal_dubbel = len(plan.dubbel)
            batch.aantal_nieuwe_zaken = plan.nieuwe_zaken
            batch.aantal_bestaande_zaken = len(plan.bestaande_zaken)
            batch.gecontroleerd_rijen = uitkomst.totaal
            batch.save()
            audit.import_uitgevoerd(
                request=None,
                soort="vroegsignalen-csv",
                gemeente_id=batch.gemeente_id,
                omschrijving=(
                    f"Lijst {batch.pk}: {opmaak.aantal(len(signalen), 'signaal', 'signalen')}, "
                    f"{opmaak.aantal(plan.nieuwe_zaken, 'nieuwe zaak', 'nieuwe zaken')}, "
                    f"{len(plan.dubbel)} al eerder ingelezen"
                ),
                gebruiker=batch.bevestigd_door,
            )
    except DatabaseError:
        logger.exception("Lijst %s kon niet worden opgeslagen", batch_id)
        return _mislukt(batch_id, "Er ging iets mis bij het opslaan. Er is niets opgeslagen.")
    return batch


@transaction.atomic
def _mislukt(batch_id: int, melding: str) -> ImportBatch:
    batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
    # Only while 'verwerken': a second run of the task may have finished the list already.
    if can_proceed(batch.markeer_mislukt):
        batch.markeer_mislukt(melding=melding)
        batch.save(update_fields=["status", "bestandsfout", "inhoud", "voorbeeld"])
    return batch


@transaction.atomic
def annuleer_batch(*, batch_id: int, door: Gebruiker) -> ImportBatch:
    batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
    vereis_gemeente(door, batch.gemeente_id)
    if not can_proceed(batch.annuleer):
        raise Geweigerd("Deze lijst kan niet meer worden geannuleerd.")
    batch.annuleer()
    batch.save(update_fields=["status", "inhoud", "voorbeeld"])
    return batch


def herstart_vastgelopen(*, ouder_dan: timedelta = VASTGELOPEN_NA) -> int:
    """Lists whose task message was lost (broker down at the upload or the confirm, a worker
    killed): 'controleren' is checked again, 'bevestigd' and 'verwerken' processed (both are
    safe to run twice). Returns how many were put back in line."""
    from trajecten.vroegsignalering import tasks

    grens = timezone.now() - ouder_dan
    te_controleren = ImportBatch.objects.filter(
        status=ImportBatch.Status.CONTROLEREN, aangemaakt_op__lt=grens
    ).values_list("pk", flat=True)
    te_verwerken = ImportBatch.objects.filter(
        status__in=[ImportBatch.Status.BEVESTIGD, ImportBatch.Status.VERWERKEN],
        bevestigd_op__lt=grens,
    ).values_list("pk", flat=True)
    n = 0
    for pk in te_controleren:
        n += wachtrij.naar_broker(tasks.controleer_import, pk)
    for pk in te_verwerken:
        n += wachtrij.naar_broker(tasks.verwerk_import, pk)
    return n
