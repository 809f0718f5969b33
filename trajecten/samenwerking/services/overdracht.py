"""Warme overdracht: the party that held a traject hands it to the party that takes the
next step, with a short structured summary; the receiver accepts it or asks a question,
which the sender answers (docs/samenwerking.md).

Every write: lock the traject (then the overdracht row), ask the one gate (catalogue rows in
trajecten/samenwerking/workflow.py; Wie.AAN / Wie.VAN read the side from the row), check,
change, record the event (trajecten.services._leg_vast, which also moves "aan zet"), then
signal the party that must act now (trajecten.samenwerking.signalen).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from schuldhulp import opmaak
from schuldhulp.models import Gebruiker
from schuldhulp.pakketten import Partij
from trajecten.models import Signaleringsoort, Traject
from trajecten.samenwerking import aanzet, overdrachtklok, signalen
from trajecten.samenwerking.models import Overdracht
from trajecten.samenwerking.workflow import OPEN_OVERDRACHT
from trajecten.services import Geweigerd, _leg_vast, _onder_traject, _vergrendel, poort

NIET_GEVONDEN = "Deze warme overdracht bestaat niet (meer)."
AL_OPEN = (
    "Er staat al een warme overdracht open voor dit traject. Wacht tot die is geaccepteerd "
    "of beantwoord de vraag erover."
)
# Short on purpose: the summary is read in one go by the other party.
MAXIMA: dict[str, tuple[str, int]] = {
    "situatie": ("De situatie", 2000),
    "gedaan": ("'Wat is al gedaan'", 4000),
    "urgent": ("'Wat is urgent'", 4000),
    "documenten": ("'Ontvangen documenten en post'", 4000),
    "afspraken": ("'Afspraken met de klant'", 4000),
    "vraag": ("Uw vraag", 2000),
    "antwoord": ("Uw antwoord", 2000),
}


def _tekst(waarde: str | None, veld: str, *, verplicht: str = "") -> str:
    """Trimmed text; NUL characters (which PostgreSQL cannot store) are dropped."""
    schoon = (waarde or "").replace("\x00", "").strip()
    if verplicht and not schoon:
        raise Geweigerd(verplicht)
    label, maximum = MAXIMA[veld]
    if len(schoon) > maximum:
        raise Geweigerd(f"{label} is te lang: hoogstens {maximum} tekens ({len(schoon)} nu).")
    return schoon


def _andere(partij: Partij) -> Partij:
    return Partij.GEMEENTE if partij == Partij.STADSBANK else Partij.STADSBANK


def ontvanger_volgens_traject(
    traject: Traject, stand: aanzet.AanZet | None = None
) -> Partij | None:
    """The party that takes the next step (a handover goes there); None when nobody is
    set for it yet. `stand`: aanzet.bepaal(traject), when the caller has it."""
    stand = stand or aanzet.bepaal(traject)
    if stand.overdracht_van is not None:
        return _andere(stand.overdracht_van)
    return stand.partij


def reden_geen_overdracht(
    traject: Traject, van: Partij | None, stand: aanzet.AanZet | None = None
) -> str | None:
    """Why `van` cannot hand this traject over now (the state of the journey, after the
    gate said the user may act on this traject): one is already open, or the next step is
    the sender's own. The traject page asks the same, so it offers the form exactly when
    this service accepts it."""
    if Overdracht.objects.filter(traject=traject, status__in=OPEN_OVERDRACHT).exists():
        return AL_OPEN
    if van is None:
        return "Alleen de Stadsbank of de gemeente kan een traject overdragen."
    if ontvanger_volgens_traject(traject, stand) == van:
        return (
            f"De volgende stap in dit traject ligt bij uw eigen partij ({van.naam}): "
            "er is nu niets over te dragen."
        )
    return None


def _signaal(traject: Traject, partij: Partij, wat: str, sleutel: str) -> None:
    """No names or amounts: what happened and the dossier number (the text also goes into
    the daily e-mail)."""
    signalen.voor_aan_zet(
        traject,
        partij=partij,
        soort=Signaleringsoort.OVERDRACHT,
        tekst=f"{wat} (dossier {traject.pk})",
        sleutel=sleutel,
    )


@transaction.atomic
def verstuur(
    *,
    traject_id: int,
    door: Gebruiker,
    situatie: str,
    gedaan: str = "",
    urgent: str = "",
    documenten: str = "",
    afspraken: str = "",
    verwachte_versie: int | None = None,
) -> Overdracht:
    """Hand the traject to the other party (the one that takes the next step)."""
    traject = _vergrendel(traject_id, verwachte_versie)
    poort(door, "overdracht.versturen", traject)
    van = door.partij
    if reden := reden_geen_overdracht(traject, van):
        raise Geweigerd(reden)
    aan = _andere(van)
    velden = {
        "situatie": _tekst(
            situatie,
            "situatie",
            verplicht="Beschrijf de situatie van de klant in een paar regels.",
        ),
        **{
            veld: _tekst(w, veld)
            for veld, w in [
                ("gedaan", gedaan),
                ("urgent", urgent),
                ("documenten", documenten),
                ("afspraken", afspraken),
            ]
        },
    }
    vandaag = timezone.localdate()
    deadline, dreigt_vanaf, _norm = overdrachtklok.termijn(traject.gemeente_id, vandaag)
    try:
        with transaction.atomic():  # the unique constraint decides between two at once
            overdracht = Overdracht.objects.create(
                traject=traject,
                van=van,
                aan=aan,
                verstuurd_door=door,
                deadline=deadline,
                dreigt_vanaf=dreigt_vanaf,
                **velden,
            )
    except IntegrityError as exc:
        raise Geweigerd(AL_OPEN) from exc
    _leg_vast(
        traject,
        "overdracht.versturen",
        door=door,
        datum=vandaag,
        klokken=False,  # measured on the overdracht itself, not by a traject clock
        overdracht=overdracht.pk,
        van=van.value,
        aan=aan.value,
        deadline=deadline.isoformat(),
    )
    _signaal(
        traject,
        aan,
        f"Warme overdracht van de {van.naam} ontvangen: accepteren uiterlijk "
        f"{opmaak.datum(deadline)}",
        f"overdracht-{overdracht.pk}-verstuurd",
    )
    return overdracht


def _stap(overdracht: Overdracht, naam: str) -> None:
    """The FSM transition (the gate checked the state already; a second line of defence)."""
    try:
        getattr(overdracht, naam.rsplit(".", 1)[-1])()
    except TransitionNotAllowed as exc:
        raise Geweigerd(
            f"Dit kan niet bij een overdracht met status '{overdracht.get_status_display()}'."
        ) from exc


@transaction.atomic
def accepteer(
    *, overdracht_id: int, door: Gebruiker, verwachte_versie: int | None = None
) -> Overdracht:
    """The receiver takes the traject over (from now on it holds the journey)."""
    traject, overdracht = _onder_traject(
        Overdracht, overdracht_id, NIET_GEVONDEN, "overdracht.accepteren", door, verwachte_versie
    )
    _stap(overdracht, "overdracht.accepteren")
    overdracht.geaccepteerd_door = door
    overdracht.geaccepteerd_op = timezone.now()
    overdracht.save()
    _leg_vast(
        traject,
        "overdracht.accepteren",
        door=door,
        datum=timezone.localdate(),
        klokken=False,
        overdracht=overdracht.pk,
        van=overdracht.van,
        aan=overdracht.aan,  # aanzet.vorige_partij: the receiver now holds the traject
    )
    _signaal(
        traject,
        Partij(overdracht.van),
        f"Uw warme overdracht is geaccepteerd door de {Partij(overdracht.aan).naam}",
        f"overdracht-{overdracht.pk}-geaccepteerd",
    )
    return overdracht


@transaction.atomic
def stel_vraag(
    *, overdracht_id: int, door: Gebruiker, vraag: str, verwachte_versie: int | None = None
) -> Overdracht:
    """The receiver asks the sender something before accepting."""
    traject, overdracht = _onder_traject(
        Overdracht, overdracht_id, NIET_GEVONDEN, "overdracht.vraag_stellen", door, verwachte_versie
    )
    vraag = _tekst(vraag, "vraag", verplicht="Schrijf uw vraag aan de afzender op.")
    _stap(overdracht, "overdracht.vraag_stellen")
    overdracht.vraag, overdracht.antwoord = vraag, ""
    overdracht.save()
    _leg_vast(
        traject,
        "overdracht.vraag_stellen",
        door=door,
        datum=timezone.localdate(),
        klokken=False,
        toelichting=vraag,
        overdracht=overdracht.pk,
        van=overdracht.van,
        aan=overdracht.aan,
    )
    _signaal(
        traject,
        Partij(overdracht.van),
        "Vraag over uw warme overdracht: beantwoord die, dan kan de "
        f"{Partij(overdracht.aan).naam} accepteren",
        f"overdracht-{overdracht.pk}-vraag-{traject.versie}",
    )
    return overdracht


@transaction.atomic
def beantwoord(
    *, overdracht_id: int, door: Gebruiker, antwoord: str, verwachte_versie: int | None = None
) -> Overdracht:
    """The sender answers; the overdracht waits for acceptance again."""
    traject, overdracht = _onder_traject(
        Overdracht, overdracht_id, NIET_GEVONDEN, "overdracht.beantwoorden", door, verwachte_versie
    )
    antwoord = _tekst(antwoord, "antwoord", verplicht="Schrijf uw antwoord op.")
    _stap(overdracht, "overdracht.beantwoorden")
    overdracht.antwoord = antwoord
    overdracht.save()
    _leg_vast(
        traject,
        "overdracht.beantwoorden",
        door=door,
        datum=timezone.localdate(),
        klokken=False,
        toelichting=antwoord,
        overdracht=overdracht.pk,
        van=overdracht.van,
        aan=overdracht.aan,
    )
    _signaal(
        traject,
        Partij(overdracht.aan),
        "Antwoord op uw vraag over de warme overdracht: u kunt die nu accepteren",
        f"overdracht-{overdracht.pk}-antwoord-{traject.versie}",
    )
    return overdracht
