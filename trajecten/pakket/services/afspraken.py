"""The life of a dienstverleningsafspraak: opstellen, wijzigen, vaststellen, intrekken, and
the daily job that activates and ends agreements on their dates (with the package switch).

Each step asks the one gate (catalogue rows in schuldhulp/afspraken.py), writes an
Afspraakgebeurtenis (who, when, why) and a line in the verwerkingenlog. The agreements of a
gemeente are locked together, so two people settling the same gemeente cannot both win.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rapportage.facturatie import tarieven as facturatie_tarieven
from schuldhulp import audit, opmaak
from schuldhulp.afspraken import GELDEND, Afspraakstatus, Overgangsregeling
from schuldhulp.models import Dienstverleningsafspraak, Gebruiker, Gemeente
from schuldhulp.pakketten import PER_TRAJECT, Pakket, Partij, optionele_taken
from trajecten.models import Fase
from trajecten.pakket.models import Afspraakgebeurtenis
from trajecten.pakket.services import wissel
from trajecten.samenwerking import aanzet
from trajecten.services import Geweigerd, poort

A = Afspraakstatus
KEUZEWAARDEN = {Partij.STADSBANK.value, Partij.GEMEENTE.value, PER_TRAJECT}


def _vergrendel(gemeente_id: int) -> None:
    """Lock every agreement of the gemeente (and the gemeente row, for the first one)."""
    Gemeente.objects.select_for_update().filter(pk=gemeente_id).first()
    list(Dienstverleningsafspraak.objects.select_for_update().filter(gemeente_id=gemeente_id))


def _afspraak(pk: int) -> Dienstverleningsafspraak:
    afspraak = Dienstverleningsafspraak.objects.select_related("gemeente").filter(pk=pk).first()
    if afspraak is None:
        raise Geweigerd("Deze afspraak bestaat niet (meer).")
    _vergrendel(afspraak.gemeente_id)
    afspraak.refresh_from_db()
    return afspraak


def _geschiedenis(afspraak, *, van: str, door, reden: str = "", **gegevens) -> None:
    Afspraakgebeurtenis.objects.create(
        afspraak=afspraak,
        van_status=van,
        naar_status=afspraak.status,
        door=door,
        reden=reden,
        gegevens=gegevens,
    )
    audit.afspraak_gewijzigd(
        afspraak=afspraak,
        gebruiker=door,
        omschrijving=f"Dienstverleningsafspraak {A(afspraak.status).label.lower()}",
        wijzigingen={
            "status": {"voor": van or None, "na": afspraak.status},
            **({"aangemaakt": {"voor": None, "na": True}} if not van else {}),
        },
    )


def _controleer_inhoud(
    pakket: str, optionele: dict[str, str], prijs_traject, prijs_maand
) -> dict[str, str]:
    """Every O task of the package needs a choice (Stadsbank, gemeente, per traject)."""
    if pakket not in Pakket.values:
        raise Geweigerd("Kies een pakket.")
    keuzes = {}
    for taak in optionele_taken(pakket):
        keuze = (optionele or {}).get(taak.value, "")
        if keuze not in KEUZEWAARDEN:
            raise Geweigerd(f"Kies wie de taak '{taak.label}' doet.")
        keuzes[taak.value] = keuze
    for prijs in (prijs_traject, prijs_maand):
        if prijs is not None and Decimal(prijs) < 0:
            raise Geweigerd("Een prijs kan niet negatief zijn.")
    return keuzes


def _zet_tarieven(
    afspraak: Dienstverleningsafspraak, tarieven: dict[str, int | None] | None
) -> None:
    """The prices for the monthly specificatie; None leaves them as they are."""
    if tarieven is None:
        return
    try:
        facturatie_tarieven.zet(afspraak, tarieven)
    except ValueError as exc:
        raise Geweigerd(str(exc)) from exc


def _opslaan(afspraak: Dienstverleningsafspraak) -> None:
    try:
        # Not excluding "status": the overlap constraint's condition reads it (Django fails
        # with a FieldError when the condition names an excluded field).
        afspraak.full_clean(exclude=["vastgesteld_door", "voorganger"])
    except ValidationError as exc:
        raise Geweigerd(" ".join(exc.messages)) from exc
    afspraak.save()


@transaction.atomic
def stel_op(
    *,
    door: Gebruiker,
    gemeente: Gemeente,
    pakket: str,
    geldig_van: date,
    geldig_tot: date | None = None,
    optionele: dict[str, str] | None = None,
    prijs_per_traject: Decimal | None = None,
    prijs_per_maand: Decimal | None = None,
    opmerking: str = "",
    tarieven: dict[str, int | None] | None = None,
) -> Dienstverleningsafspraak:
    """A new concept agreement for `gemeente` (counts for nothing until vastgesteld).
    `tarieven`: the other prices in cents (rapportage/facturatie/tarieven.py)."""
    poort(door, "afspraak.opstellen", gemeente)
    keuzes = _controleer_inhoud(pakket, optionele or {}, prijs_per_traject, prijs_per_maand)
    afspraak = Dienstverleningsafspraak(
        gemeente=gemeente,
        pakket=pakket,
        geldig_van=geldig_van,
        geldig_tot=geldig_tot,
        optionele_taken=keuzes,
        prijs_per_traject=prijs_per_traject,
        prijs_per_maand=prijs_per_maand,
        opmerking=opmerking.strip(),
    )
    _opslaan(afspraak)
    _zet_tarieven(afspraak, tarieven)
    _geschiedenis(afspraak, van="", door=door, reden="Concept opgesteld")
    return afspraak


@transaction.atomic
def wijzig_concept(
    *,
    door: Gebruiker,
    afspraak_id: int,
    pakket: str,
    geldig_van: date,
    geldig_tot: date | None = None,
    optionele: dict[str, str] | None = None,
    prijs_per_traject: Decimal | None = None,
    prijs_per_maand: Decimal | None = None,
    opmerking: str = "",
    tarieven: dict[str, int | None] | None = None,
) -> Dienstverleningsafspraak:
    afspraak = _afspraak(afspraak_id)
    poort(door, "afspraak.wijzigen", afspraak)
    voor = audit.momentopname(afspraak)
    afspraak.optionele_taken = _controleer_inhoud(
        pakket, optionele or {}, prijs_per_traject, prijs_per_maand
    )
    afspraak.pakket, afspraak.geldig_van, afspraak.geldig_tot = pakket, geldig_van, geldig_tot
    afspraak.prijs_per_traject, afspraak.prijs_per_maand = prijs_per_traject, prijs_per_maand
    afspraak.opmerking = opmerking.strip()
    _opslaan(afspraak)
    voor["prijzen"] = facturatie_tarieven.van(afspraak)
    _zet_tarieven(afspraak, tarieven)
    na = audit.momentopname(afspraak) | {"prijzen": facturatie_tarieven.van(afspraak)}
    if wijzigingen := audit.verschil(voor, na):
        audit.afspraak_gewijzigd(
            afspraak=afspraak,
            gebruiker=door,
            omschrijving="Concept van een dienstverleningsafspraak gewijzigd",
            wijzigingen=wijzigingen,
        )
    return afspraak


def _voorganger(afspraak: Dienstverleningsafspraak) -> Dienstverleningsafspraak | None:
    """The agreement in force that this one ends (it started earlier and runs into this
    one's start date); any other overlap is refused."""
    overlap = list(
        Dienstverleningsafspraak.objects.filter(gemeente_id=afspraak.gemeente_id)
        .exclude(pk=afspraak.pk)
        .overlapt(afspraak.geldig_van, afspraak.geldig_tot or date.max)
    )
    voorganger = next(
        (
            a
            for a in overlap
            if a.geldig_van < afspraak.geldig_van and a.status in (A.VASTGESTELD, A.ACTIEF)
        ),
        None,
    )
    anders = [a for a in overlap if a is not voorganger]
    if anders:
        a = anders[0]
        raise Geweigerd(
            f"Deze periode overlapt met de afspraak {a.get_pakket_display()} vanaf "
            f"{opmaak.datum(a.geldig_van)} ({A(a.status).label.lower()}). Trek die eerst in "
            "of kies een andere begindatum."
        )
    return voorganger


def voorvertoning(
    afspraak: Dienstverleningsafspraak, regeling: str, fasen: tuple[str, ...] = ()
) -> wissel.Wisselplan:
    """What vaststellen with this overgangsregeling would do (read only)."""
    return wissel.plan(afspraak, regeling or Overgangsregeling.BEHOUDEN, _fasen(fasen))


def _fasen(fasen) -> tuple[str, ...]:
    onbekend = [f for f in fasen if f not in Fase.values]
    if onbekend:
        raise Geweigerd("Kies alleen bestaande fasen.")
    return tuple(fasen)


@transaction.atomic
def stel_vast(
    *,
    door: Gebruiker,
    afspraak_id: int,
    overgang: str,
    fasen: tuple[str, ...] = (),
    reden: str = "",
) -> Dienstverleningsafspraak:
    """Sign the concept: frozen from now on. A running agreement of the gemeente ends the
    day before this one starts; the overgangsregeling says which running trajecten move on
    the start date. A start date of today or earlier activates it at once."""
    afspraak = _afspraak(afspraak_id)
    poort(door, "afspraak.vaststellen", afspraak)
    if overgang not in Overgangsregeling.values:
        raise Geweigerd("Kies wat er met de lopende trajecten gebeurt (overgangsregeling).")
    fasen = _fasen(fasen)
    if overgang == Overgangsregeling.PER_FASE and not fasen:
        raise Geweigerd("Kies de fasen waarvan de trajecten overgaan.")
    _controleer_inhoud(afspraak.pakket, afspraak.optionele_taken, afspraak.prijs_per_traject, None)
    wisselplan = wissel.plan(afspraak, overgang, fasen)
    if not wisselplan.kan:
        raise Geweigerd(
            f"Bij {len(wisselplan.zonder_uitvoerder)} trajecten doet na de wissel niemand de "
            "volgende taak (de afspraak laat die per traject in overleg). Kies voor die taak "
            "Stadsbank of gemeente, of laat die trajecten de oude verdeling houden."
        )
    voorganger = _voorganger(afspraak)
    vandaag = timezone.localdate()
    if voorganger is not None and afspraak.geldig_tot is not None and afspraak.geldig_tot < vandaag:
        # It would end the running agreement in the past and leave the gemeente without one
        # today (and move trajecten registered after its end into it): a wrong date, surely.
        raise Geweigerd(
            f"Deze afspraak is al afgelopen (op {opmaak.datum(afspraak.geldig_tot)}), maar de "
            f"afspraak {voorganger.get_pakket_display()} vanaf "
            f"{opmaak.datum(voorganger.geldig_van)} loopt nog. Vaststellen zou die met "
            "terugwerkende kracht beëindigen. Controleer de begin- en einddatum."
        )
    if voorganger is not None:
        afspraak.voorganger, afspraak.voorganger_tot_was = voorganger, voorganger.geldig_tot
        voorganger.geldig_tot = afspraak.geldig_van - timedelta(days=1)
        voorganger.save(update_fields=["geldig_tot"])
    afspraak.overgang = overgang
    afspraak.overgang_fasen = list(fasen) if overgang == Overgangsregeling.PER_FASE else []
    afspraak.vastgesteld_op = vandaag
    afspraak.vastgesteld_door = door
    afspraak.vaststellen()
    afspraak.save()
    _geschiedenis(
        afspraak,
        van=A.CONCEPT,
        door=door,
        reden=reden.strip(),
        overgang=overgang,
        fasen=list(fasen),
        voorganger=voorganger.pk if voorganger else None,
        te_verplaatsen=wisselplan.aantal,
    )
    if afspraak.geldig_van <= vandaag:
        _activeer(afspraak, door=door, vandaag=vandaag)
        # The predecessor it ended must not stay 'actief' until the next daily run.
        if voorganger is not None and voorganger.status == A.ACTIEF:
            _beeindig(voorganger)
        # Nor this one, when its whole period has already passed.
        if afspraak.geldig_tot is not None and afspraak.geldig_tot < vandaag:
            _beeindig(afspraak)
    return afspraak


@transaction.atomic
def trek_in(*, door: Gebruiker, afspraak_id: int, reden: str) -> Dienstverleningsafspraak:
    """It will not start. The agreement it would have ended runs on as before."""
    afspraak = _afspraak(afspraak_id)
    poort(door, "afspraak.intrekken", afspraak)
    if not reden.strip():
        raise Geweigerd("Geef de reden op waarom de afspraak wordt ingetrokken.")
    van = afspraak.status
    afspraak.intrekken()
    afspraak.save()
    if afspraak.voorganger_id:
        voorganger = Dienstverleningsafspraak.objects.get(pk=afspraak.voorganger_id)
        if voorganger.status in (A.VASTGESTELD, A.ACTIEF):
            voorganger.geldig_tot = afspraak.voorganger_tot_was
            voorganger.save(update_fields=["geldig_tot"])
    _geschiedenis(afspraak, van=van, door=door, reden=reden.strip())
    return afspraak


def _activeer(afspraak: Dienstverleningsafspraak, *, door, vandaag: date) -> int:
    """vastgesteld → actief, and the package switch of its overgangsregeling."""
    # Lock the running trajecten: the plan reads their phase, so none may move on meanwhile.
    lopend = wissel.lopende_trajecten(afspraak).select_for_update(of=("self",))
    wisselplan = wissel.plan(afspraak, afspraak.overgang, tuple(afspraak.overgang_fasen), lopend)
    afspraak.activeren()
    afspraak.save(update_fields=["status"])
    verplaatst = wissel.verplaats(wisselplan, door=door, datum=afspraak.geldig_van)
    _geschiedenis(
        afspraak,
        van=A.VASTGESTELD,
        door=door,
        reden="Begindatum bereikt",
        verplaatst=verplaatst,
        zonder_uitvoerder=wisselplan.zonder_uitvoerder,
    )
    return verplaatst


def _beeindig(afspraak: Dienstverleningsafspraak) -> None:
    afspraak.beeindigen()
    afspraak.save(update_fields=["status"])
    _geschiedenis(afspraak, van=A.ACTIEF, door=None, reden="Einddatum verstreken")


def dagelijks(vandaag: date | None = None) -> dict[str, int]:
    """The daily job (idempotent: it moves states, and a state moves once): activate what
    starts, end what ended. One gemeente at a time, each in its own transaction. Then whose
    turn it is where maatwerk started or ended (trajecten.samenwerking.aanzet.dagelijks)."""
    vandaag = vandaag or timezone.localdate()
    telling = {"geactiveerd": 0, "beeindigd": 0, "verplaatst": 0}
    te_activeren = Dienstverleningsafspraak.objects.filter(
        status=A.VASTGESTELD, geldig_van__lte=vandaag
    ).order_by("geldig_van", "pk")
    for pk in te_activeren.values_list("pk", flat=True):
        with transaction.atomic():
            afspraak = _afspraak(pk)
            if afspraak.status != A.VASTGESTELD:
                continue  # another run got here first
            telling["verplaatst"] += _activeer(afspraak, door=None, vandaag=vandaag)
            telling["geactiveerd"] += 1
    te_beeindigen = Dienstverleningsafspraak.objects.filter(status=A.ACTIEF, geldig_tot__lt=vandaag)
    for pk in te_beeindigen.values_list("pk", flat=True):
        with transaction.atomic():
            afspraak = _afspraak(pk)
            if afspraak.status != A.ACTIEF:
                continue
            _beeindig(afspraak)
            telling["beeindigd"] += 1
    # Maatwerk that starts or ends with the calendar changes whose turn it is, without a
    # write on the traject (its own counts go to the log).
    aanzet.dagelijks(vandaag)
    return telling


__all__ = ["GELDEND", "dagelijks", "stel_op", "stel_vast", "trek_in", "voorvertoning"]
