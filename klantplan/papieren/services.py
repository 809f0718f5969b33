"""The papers of a traject: the checklist, delivering (upload), review and download.

Every write asks the gate (``schuldhulp.permissions.mag``) under a row lock, then writes; an
upload is checked and converted in memory first (``bestanden.maak_pdf``), so a refused file
leaves nothing behind. The portal (klantplan/portaal) builds on ``stukken_voor_klant``,
``lever_aan`` and ``download_response``.
"""

from __future__ import annotations

import hashlib
import logging
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from klantplan.papieren.bestanden import maak_pdf
from klantplan.papieren.models import Bestand, Papiereis, Papiersoort, Stuk, prive_opslag
from klantplan.papieren.workflow import KLANT, Aanleveraar, Stukstatus
from schuldhulp import audit
from schuldhulp.fouten import NietGevonden
from schuldhulp.pakketten import Partij, Taak
from schuldhulp.permissions import filter_for_user, mag
from trajecten.keuzelijsten import Signaleringsoort
from trajecten.models import Traject
from trajecten.samenwerking import signalen

logger = logging.getLogger(__name__)

MAX_REDEN = 500


def _eisen(traject: Traject) -> QuerySet[Papiereis]:
    """The checklist rules that apply: this package (or any), and the products running."""
    producten = list(traject.producten.values_list("soort", flat=True))
    return Papiereis.objects.filter(soort__actief=True).filter(
        Q(pakket="") | Q(pakket=traject.afspraak.pakket),
        Q(productsoort="") | Q(productsoort__in=producten),
    )


def zorg_voor_lijst(traject: Traject) -> None:
    """Put the papers the package and products ask for on the traject's checklist (once per
    kind; idempotent, safe when two requests do it at once). Only on an open traject."""
    if not traject.is_open:
        return
    nieuw = {
        eis.soort_id: Stuk(
            traject=traject, soort_id=eis.soort_id, aanleveraar=eis.aanleveraar, uit_lijst=True
        )
        for eis in _eisen(traject).order_by("pakket", "productsoort")
    }
    if nieuw:
        Stuk.objects.bulk_create(nieuw.values(), ignore_conflicts=True)


def _met_bestanden(qs: QuerySet[Stuk]) -> QuerySet[Stuk]:
    return qs.select_related("soort", "traject__afspraak").prefetch_related("bestanden")


def stukken_voor_klant(traject: Traject) -> QuerySet[Stuk]:
    """The papers of `traject` the client sees (all of its checklist: what the client
    delivers has ``klant_levert``; the others show who delivers them). The caller has
    checked that this is the client's own traject."""
    zorg_voor_lijst(traject)
    return _met_bestanden(Stuk.objects.filter(traject=traject))


def stukken(user, traject: Traject) -> QuerySet[Stuk]:
    """The papers of `traject` for a worker (the list starts from filter_for_user)."""
    zorg_voor_lijst(traject)
    return _met_bestanden(filter_for_user(user, Stuk.objects.filter(traject=traject)))


def stuk_voor(user, traject: Traject, pk: int) -> Stuk:
    stuk = stukken(user, traject).filter(pk=pk).first()
    if stuk is None:
        raise NietGevonden("Dit stuk bestaat niet (meer) in dit dossier.")
    return stuk


def _vergrendel(stuk: Stuk) -> Stuk:
    return (
        Stuk.objects.select_for_update()
        .select_related("traject__afspraak", "soort")
        .get(pk=stuk.pk)
    )


def _weiger(reden: str | None) -> None:
    if reden:
        raise PermissionDenied(reden)


def vraag_stuk(
    traject: Traject,
    *,
    door,
    soort: Papiersoort,
    omschrijving: str = "",
    aanleveraar: str = Aanleveraar.KLANT,
) -> Stuk:
    """A worker puts an extra paper on the list (a letter of a creditor, scanned post …)."""
    omschrijving = omschrijving.strip()
    if len(omschrijving) > 200:
        raise ValidationError("De omschrijving mag hoogstens 200 tekens zijn.")
    if aanleveraar not in Aanleveraar.values:
        raise ValidationError("Kies wie het stuk aanlevert.")
    if not soort.actief:
        raise ValidationError("Deze soort stuk wordt niet meer gebruikt.")
    with transaction.atomic():
        traject = Traject.objects.select_for_update().select_related("afspraak").get(pk=traject.pk)
        _weiger(mag(door, "papier.vragen", traject))
        stuk = Stuk.objects.create(
            traject=traject,
            soort=soort,
            omschrijving=omschrijving,
            aanleveraar=aanleveraar,
            gevraagd_door=door,
        )
        audit.dossier_aangemaakt(
            request=None, obj=stuk, gebruiker=door, omschrijving=f"Stuk gevraagd: {soort.naam}"
        )
    return stuk


def lever_aan(
    stuk: Stuk,
    bestanden: list[UploadedFile],
    *,
    door_klant=None,
    door_gebruiker=None,
) -> Stuk:
    """Store an upload for `stuk` as one PDF and mark it received.

    `door_gebruiker`: a worker (klantregisseur/consulent, as the package says); `door_klant`:
    the portal's party (role ``klant``, as handed to the gate). Bad input raises
    ValidationError with a Dutch message and nothing is stored; a refusal of the gate raises
    PermissionDenied with its reason.
    """
    if (door_klant is None) == (door_gebruiker is None):
        raise ValueError("Geef precies één van door_klant of door_gebruiker.")
    door = door_klant if door_klant is not None else door_gebruiker
    handeling = "papier.aanleveren.klant" if door_klant is not None else "papier.aanleveren"
    # Cheap refusal before the (slow) conversion; asked again under the lock below.
    _weiger(mag(door, handeling, stuk))
    resultaat = maak_pdf(bestanden)
    naam = f"{stuk.soort.code}-{timezone.localdate():%Y%m%d}.pdf"
    opslag = prive_opslag()
    pad = None
    try:
        with transaction.atomic():
            stuk = _vergrendel(stuk)
            _weiger(mag(door, handeling, stuk))
            pad = opslag.save(
                f"papieren/{stuk.traject_id}/{uuid.uuid4().hex}.pdf",
                ContentFile(resultaat.inhoud),
            )
            bestand = Bestand.objects.create(
                stuk=stuk,
                bestand=pad,
                bestandsnaam=naam,
                paginas=resultaat.paginas,
                grootte=len(resultaat.inhoud),
                sha256=hashlib.sha256(resultaat.inhoud).hexdigest(),
                door_gebruiker=door_gebruiker,
                door_klant=door_klant is not None,
            )
            stuk.aanleveren()
            stuk.ontvangen_op = timezone.now()
            stuk.afkeurreden = ""
            stuk.save(update_fields=["status", "ontvangen_op", "afkeurreden"])
            _meld_aan_beoordelaar(stuk, bestand, door_gebruiker)
            audit.dossier_aangemaakt(
                request=None,
                obj=bestand,
                gebruiker=door,  # the portal's klant is named, not linked (audit.py)
                omschrijving=f"Stuk aangeleverd{' door de klant' if door_klant else ''}: "
                f"{stuk.soort.naam} ({resultaat.paginas} pagina's)",
            )
    except BaseException:
        if pad:  # the row did not make it: the file must not stay behind either
            opslag.delete(pad)
        raise
    return stuk


def _meld_aan_beoordelaar(stuk: Stuk, bestand: Bestand, door_gebruiker) -> None:
    """Work on the werkvoorraad: a signalering for the side that judges the paper (the package
    task "informatie verzamelen"; its person, else its team), unless that side delivered it."""
    traject = stuk.traject
    partij = traject.uitvoerder(Taak.INFORMATIE_VERZAMELEN) or traject.aan_zet
    if not partij or (door_gebruiker is not None and door_gebruiker.partij == partij):
        return
    signalen.voor_aan_zet(
        traject,
        soort=Signaleringsoort.STUK,
        tekst=f"Dossier {traject.pk}: nieuw stuk om te beoordelen ({stuk.soort.naam}).",
        sleutel=f"stuk-{bestand.pk}",
        partij=Partij(partij),
    )


def _beoordeel(stuk: Stuk, door, handeling: str, reden: str = "") -> Stuk:
    with transaction.atomic():
        stuk = _vergrendel(stuk)
        _weiger(mag(door, handeling, stuk))
        voor = audit.momentopname(stuk)
        getattr(stuk, handeling.rsplit(".", 1)[-1])()
        stuk.afkeurreden = reden
        stuk.beoordeeld_op = timezone.now()
        stuk.beoordeeld_door = door
        stuk.save(update_fields=["status", "afkeurreden", "beoordeeld_op", "beoordeeld_door"])
        audit.dossier_gewijzigd(
            request=None, obj=stuk, voor=voor, gebruiker=door, omschrijving=stuk.soort.naam
        )
    return stuk


def keur_goed(stuk: Stuk, *, door) -> Stuk:
    return _beoordeel(stuk, door, "papier.goedkeuren")


def keur_af(stuk: Stuk, *, door, reden: str) -> Stuk:
    reden = reden.strip()
    if not reden:
        raise ValidationError("Schrijf op waarom het stuk niet goed is: dat leest de klant.")
    if len(reden) > MAX_REDEN:
        raise ValidationError(f"De reden mag hoogstens {MAX_REDEN} tekens zijn.")
    return _beoordeel(stuk, door, "papier.afkeuren", reden)


def download_response(
    stuk: Stuk, request: HttpRequest, bestand: Bestand | None = None
) -> HttpResponse:
    """The PDF of `stuk` (the newest delivery, or `bestand`) for `request.user`, after the
    gate; audited, never cached. 404 when there is no file (or it was altered on disk)."""
    klant = getattr(request.user, "rol", None) == KLANT
    _weiger(mag(request.user, "papier.downloaden.klant" if klant else "papier.downloaden", stuk))
    bestand = bestand or stuk.bestanden.order_by("-geupload_op", "-pk").first()
    if bestand is None or bestand.stuk_id != stuk.pk or not bestand.bestand:
        raise NietGevonden("Voor dit stuk is nog niets aangeleverd.")
    try:
        inhoud = bestand.bestand.open("rb").read()
    except FileNotFoundError as exc:
        raise NietGevonden("Het bestand van dit stuk is er niet meer.") from exc
    finally:
        bestand.bestand.close()
    if hashlib.sha256(inhoud).hexdigest() != bestand.sha256:
        raise NietGevonden("Het opgeslagen bestand is beschadigd.")
    audit.document_gedownload(request=request, obj=bestand, soort=f"stuk {stuk.soort.naam}")
    response = HttpResponse(inhoud, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{bestand.bestandsnaam}"'
    response["Content-Length"] = str(len(inhoud))
    response["Cache-Control"] = "no-store"
    return response


def nieuw_ontvangen(traject_ids) -> dict[int, int]:
    """Per traject: how many papers wait for review (delivered, not yet judged)."""
    from django.db.models import Count

    rijen = (
        Stuk.objects.filter(traject_id__in=traject_ids, status=Stukstatus.ONTVANGEN)
        .values("traject_id")
        .annotate(n=Count("pk"))
    )
    return {r["traject_id"]: r["n"] for r in rijen}


def wis_papieren_van_klant(*, klant_id: int) -> int:
    """Retention: the files and texts of the klant's papers go with the dossier. The rows of
    the files go now; the files on disk once the transaction has committed."""
    bestanden = Bestand.objects.filter(stuk__traject__klant_id=klant_id)
    paden = [p for p in bestanden.values_list("bestand", flat=True) if p]
    aantal = len(paden)
    bestanden.delete()
    Stuk.objects.filter(traject__klant_id=klant_id).update(omschrijving="", afkeurreden="")

    def weg() -> None:
        opslag = prive_opslag()
        for pad in paden:
            try:
                opslag.delete(pad)
            except OSError:  # logged, the next run of retention does not see it again
                logger.exception("Bewaartermijn: bestand %s niet verwijderd", pad)

    transaction.on_commit(weg)
    return aantal
