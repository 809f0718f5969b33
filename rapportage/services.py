"""Every write of the rapportage app: ask for a report, make it, mark it failed.

A report is made in three steps: figures (SQL), PDF (WeasyPrint), store. Only the last step
writes the report row, in one transaction that sets PDF, checksum and status 'klaar' together;
a job that dies before that leaves the row 'wordt gemaakt' and a retry takes it over.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Count, F, Max
from django.utils import timezone, translation

from rapportage import abonnementen, figuren, kwartaalgesprek, weergave, wethouder
from rapportage.kwartalen import Kwartaal, controleer_rapporteerbaar
from rapportage.models import Kwartaalrapportage, Rapportstatus
from schuldhulp import opmaak, wachtrij
from schuldhulp.afspraken import Overgangsregeling
from schuldhulp.handelingen import handeling as zoek_handeling
from schuldhulp.models import Dienstverleningsafspraak, Gebruiker, Gemeente
from schuldhulp.pakketten import Pakket
from schuldhulp.pdf import render_to_pdf
from schuldhulp.permissions import can_do, mag
from trajecten.models import Fase

logger = logging.getLogger(__name__)

WORDT_GEMAAKT, KLAAR, MISLUKT, GEANNULEERD = (
    Rapportstatus.WORDT_GEMAAKT,
    Rapportstatus.KLAAR,
    Rapportstatus.MISLUKT,
    Rapportstatus.GEANNULEERD,
)
DEFINITIEF = (KLAAR, GEANNULEERD)  # never touched again by a task
# A report that is still 'wordt gemaakt' after this long lost its message (broker down when it
# was asked for, or a worker killed): the periodic job puts it back in line.
VASTGELOPEN_NA = timedelta(minutes=15)


class RapportageFout(Exception):
    """A request that cannot be done; the message is shown as it is (Dutch)."""


def _mag_aanvragen(door: Gebruiker, gemeente: Gemeente | None) -> bool:
    if gemeente is None:
        return can_do(door, "rapportage.stadsbank") and can_do(door, "rapportage.aanvragen")
    return can_do(door, "rapportage.aanvragen", gemeente)


def waarom_niet(door: Gebruiker, handeling: str, rapportage: Kwartaalrapportage) -> str | None:
    """The gate for a step on one report. The Stadsbank's report has no gemeente: it needs
    the right to the Stadsbank's figures, and the state check of the catalogue row."""
    if rapportage.gemeente_id is not None:
        return mag(door, handeling, rapportage)
    if reden := mag(door, "rapportage.stadsbank") or mag(door, handeling):
        return reden
    h = zoek_handeling(handeling)
    if h.bron and rapportage.status not in h.bron:
        return h.bronreden.format(staat=rapportage.get_status_display())
    return None


def _wacht_op_broker(rapportage_id: int) -> None:
    Kwartaalrapportage.objects.filter(pk=rapportage_id, status=WORDT_GEMAAKT).update(
        voortgang=wachtrij.IN_DE_WACHTRIJ
    )


def _zet_in_wachtrij(rapportage_id: int) -> None:
    from rapportage import tasks

    wachtrij.na_commit(
        tasks.maak_kwartaalrapportage,
        rapportage_id,
        bij_fout=lambda: _wacht_op_broker(rapportage_id),
    )


@transaction.atomic
def opnieuw_proberen(*, rapportage_id: int, door: Gebruiker) -> Kwartaalrapportage:
    """A report that hangs ('wordt gemaakt', its message lost): hand it to the broker again
    now instead of waiting for the periodic job. Safe next to a running task (``maak``)."""
    rapportage = Kwartaalrapportage.objects.select_for_update().get(pk=rapportage_id)
    if reden := waarom_niet(door, "rapportage.opnieuw_proberen", rapportage):
        raise RapportageFout(reden)
    rapportage.voortgang = "Opnieuw in de wachtrij gezet"
    rapportage.save(update_fields=["voortgang"])
    _zet_in_wachtrij(rapportage.pk)
    return rapportage


@transaction.atomic
def annuleer(*, rapportage_id: int, door: Gebruiker) -> Kwartaalrapportage:
    """Stop a report that hangs; a task that still comes finds it geannuleerd and stops."""
    rapportage = Kwartaalrapportage.objects.select_for_update().get(pk=rapportage_id)
    if reden := waarom_niet(door, "rapportage.annuleren", rapportage):
        raise RapportageFout(reden)
    rapportage.annuleer(door=door.get_full_name() or door.get_username())
    rapportage.save(update_fields=["status", "foutmelding", "voortgang"])
    return rapportage


@transaction.atomic
def vraag_aan(
    *,
    gemeente: Gemeente | None,
    kwartaal: Kwartaal,
    door: Gebruiker | None,
    vandaag: date | None = None,
    in_wachtrij: bool = True,
) -> Kwartaalrapportage:
    """A new version of the report (made by the Celery job), or the one already being made.

    `door=None` is the system (the quarterly job, the command line). `gemeente=None` is the
    whole Stadsbank.
    """
    if door is not None and not _mag_aanvragen(door, gemeente):
        raise RapportageFout("U mag voor deze gemeente geen rapportage laten maken.")
    try:
        controleer_rapporteerbaar(kwartaal, vandaag or timezone.localdate())
    except ValueError as exc:
        raise RapportageFout(str(exc)) from exc
    # One request at a time per gemeente and quarter, so version numbers never collide.
    with connection.cursor() as cursor:
        sleutel = f"kwartaalrapportage:{gemeente.pk if gemeente else 0}:{kwartaal.code}"
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [sleutel])
    rijen = Kwartaalrapportage.objects.filter(
        gemeente=gemeente, jaar=kwartaal.jaar, kwartaal=kwartaal.nummer
    )
    lopend = rijen.filter(status=WORDT_GEMAAKT).order_by("-versie").first()
    if lopend is not None:
        # Already being made (or its job died): start the job again; it takes the row over.
        if in_wachtrij:
            _zet_in_wachtrij(lopend.pk)
        return lopend
    versie = (rijen.aggregate(hoogste=Max("versie"))["hoogste"] or 0) + 1
    rapportage = Kwartaalrapportage.objects.create(
        gemeente=gemeente,
        jaar=kwartaal.jaar,
        kwartaal=kwartaal.nummer,
        versie=versie,
        gemaakt_door=door,
        voortgang="In de wachtrij",
    )
    if in_wachtrij:
        _zet_in_wachtrij(rapportage.pk)
    return rapportage


def _voortgang(rapportage_id: int, tekst: str, procent: int) -> None:
    """Progress for the polling page; committed at once, never on a report that is klaar."""
    Kwartaalrapportage.objects.filter(pk=rapportage_id).exclude(status__in=DEFINITIEF).update(
        voortgang=tekst, voortgang_pct=procent
    )


def _overgang(afspraak: Dienstverleningsafspraak) -> str:
    """The overgangsregeling of an agreement that followed another one, in words."""
    if afspraak.overgang == Overgangsregeling.ALLES:
        return "overgangsregeling: alle lopende trajecten gingen over"
    if afspraak.overgang == Overgangsregeling.PER_FASE:
        fasen = ", ".join(f"'{Fase(f).label}'" for f in afspraak.overgang_fasen)
        return (
            f"overgangsregeling per fase: lopende trajecten in de fasen {fasen} gingen over, "
            "de andere hielden de oude takenverdeling"
        )
    if afspraak.overgang == Overgangsregeling.BEHOUDEN:
        return "overgangsregeling: lopende trajecten hielden de oude takenverdeling"
    return ""


def kopgegevens(gemeente: Gemeente | None, kwartaal: Kwartaal) -> dict:
    """What the cover shows: who, which quarter, which package agreement was in force
    (only agreements in force: a concept or a withdrawn agreement never applied)."""
    afspraken = Dienstverleningsafspraak.objects.overlapt(kwartaal.start, kwartaal.eind)
    lang = opmaak.datum_lang
    if gemeente is not None:
        pakket = []
        for a in afspraken.filter(gemeente=gemeente).order_by("geldig_van"):
            van = max(a.geldig_van, kwartaal.start)
            tot = min(a.geldig_tot or kwartaal.eind, kwartaal.eind)
            # A switch in this quarter: say what happened to the running trajecten.
            regeling = _overgang(a) if a.geldig_van >= kwartaal.start else ""
            if van == kwartaal.start and tot == kwartaal.eind:
                pakket.append(
                    f"{a.get_pakket_display()} (afspraak geldig sinds {lang(a.geldig_van)}"
                    f"{'; ' + regeling if regeling else ''})"
                )
            else:
                pakket.append(
                    f"{a.get_pakket_display()} van {lang(van)} t/m {lang(tot)}"
                    f"{' (' + regeling + ')' if regeling else ''}"
                )
        organisatie = gemeente.organisatie.naam
    else:
        per_pakket = (
            afspraken.geldig_op(kwartaal.eind)
            .values("pakket")
            .annotate(n=Count("gemeente", distinct=True))
            .order_by("pakket")
        )
        pakket = [f"{Pakket(r['pakket']).label}: {r['n']} gemeenten" for r in per_pakket]
        organisatie = "Stadsbank"
    return {
        "onderwerp": gemeente.naam if gemeente else "Stadsbank – alle gemeenten",
        "gemeente_code": gemeente.code if gemeente else "",
        "organisatie": organisatie,
        "kwartaal": kwartaal.naam,
        "periode": kwartaal.periode,
        "pakket": pakket or ["Geen dienstverleningsafspraak in dit kwartaal"],
    }


def maak_pdf(rapportage: Kwartaalrapportage, cijfers: dict, gemaakt_op) -> bytes:
    with translation.override("nl"):
        return render_to_pdf(
            "rapportage/pdf/kwartaalrapportage.html",
            {
                "rapportage": rapportage,
                "meta": cijfers["meta"],
                "kwartalen": weergave.kwartalen(cijfers),
                "samenvatting": weergave.samenvatting(cijfers),
                "wethouder": wethouder.maak(cijfers),
                "secties": weergave.secties(cijfers),
                "gesprekken": cijfers.get("kwartaalgesprekken", []),
                "gemaakt_op": timezone.localtime(gemaakt_op),
                "gemaakt_op_tekst": opmaak.datum_lang(timezone.localtime(gemaakt_op).date()),
            },
            titel=f"Kwartaalrapportage {cijfers['meta']['onderwerp']} {rapportage.periode.naam}",
        )


def maak(*, rapportage_id: int) -> Kwartaalrapportage:
    """Make the report: figures, PDF, then store all of it at once. Safe to run again."""
    rapportage = Kwartaalrapportage.objects.select_related("gemeente__organisatie").get(
        pk=rapportage_id
    )
    if rapportage.status in DEFINITIEF:
        return rapportage
    # Take the row over: a retry of a job that died or failed.
    Kwartaalrapportage.objects.filter(pk=rapportage_id).exclude(status__in=DEFINITIEF).update(
        status=WORDT_GEMAAKT,
        pogingen=F("pogingen") + 1,
        voortgang="Cijfers berekenen",
        voortgang_pct=10,
    )
    kwartaal = rapportage.periode
    cijfers = figuren.bereken_reeks(rapportage.gemeente_id, kwartaal)
    cijfers["meta"] = kopgegevens(rapportage.gemeente, kwartaal)
    # The meetings on earlier versions become this version's appendix (ADR 0021).
    cijfers["kwartaalgesprekken"] = kwartaalgesprek.voor_bijlage(rapportage)
    _voortgang(rapportage_id, "PDF opmaken", 60)
    gemaakt_op = timezone.now()
    pdf = maak_pdf(rapportage, cijfers, gemaakt_op)
    _voortgang(rapportage_id, "Opslaan", 90)
    with transaction.atomic():
        rapportage = (
            Kwartaalrapportage.objects.select_for_update(of=("self",))
            .select_related("gemeente")
            .get(pk=rapportage_id)
        )
        # Another delivery of the same job finished first, or the user cancelled meanwhile.
        if rapportage.status in DEFINITIEF:
            return rapportage
        rapportage.cijfers = cijfers
        rapportage.pdf = pdf
        rapportage.checksum = hashlib.sha256(pdf).hexdigest()
        rapportage.gemaakt_op = gemaakt_op
        rapportage.markeer_klaar()
        rapportage.foutmelding = ""
        rapportage.voortgang, rapportage.voortgang_pct = "Klaar", 100
        rapportage.save()
        # Subscribers get a link once this commits (the outbox writes in this transaction).
        abonnementen.meld_klaar(rapportage)
    logger.info("Kwartaalrapportage %s klaar (%s)", rapportage.pk, rapportage.checksum[:12])
    return rapportage


def markeer_mislukt(*, rapportage_id: int, fout: BaseException, definitief: bool) -> None:
    """Record a failed attempt. Never touches a report that is klaar."""
    soort = type(fout).__name__
    if definitief:
        tekst = (
            f"Het maken is mislukt ({soort}: {str(fout)[:300]}). Vraag de rapportage opnieuw aan."
        )
        status = MISLUKT
    else:
        tekst = f"Een poging mislukte ({soort}); het wordt automatisch opnieuw geprobeerd."
        status = WORDT_GEMAAKT
    Kwartaalrapportage.objects.filter(pk=rapportage_id).exclude(status__in=DEFINITIEF).update(
        status=status, foutmelding=tekst
    )


def maak_vorig_kwartaal(*, vandaag: date | None = None) -> list[Kwartaalrapportage]:
    """The quarterly job: the previous quarter's report for every gemeente and the Stadsbank.

    Idempotent: a gemeente that already has a report of that quarter (klaar or being made)
    is skipped, so a second run of the job changes nothing.
    """
    vandaag = vandaag or timezone.localdate()
    kwartaal = Kwartaal.van_datum(vandaag).vorige()
    al_gemaakt = set(
        Kwartaalrapportage.objects.filter(
            jaar=kwartaal.jaar, kwartaal=kwartaal.nummer, status__in=[KLAAR, WORDT_GEMAAKT]
        ).values_list("gemeente_id", flat=True)
    )
    nieuw = []
    for gemeente in [*Gemeente.objects.order_by("naam"), None]:
        if (gemeente.pk if gemeente else None) in al_gemaakt:
            continue
        nieuw.append(vraag_aan(gemeente=gemeente, kwartaal=kwartaal, door=None, vandaag=vandaag))
    herstart_vastgelopen()
    return nieuw


def herstart_vastgelopen(*, ouder_dan: timedelta = VASTGELOPEN_NA) -> int:
    """Jobs whose message was lost (not only killed): put rows 'wordt gemaakt' back in line."""
    grens = timezone.now() - ouder_dan
    ids = list(
        Kwartaalrapportage.objects.filter(
            status=WORDT_GEMAAKT, aangevraagd_op__lt=grens
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            _zet_in_wachtrij(pk)
    return len(ids)
