"""What the other party hears when one party acts on a traject (issue 13, point 4).

The events: a phase change (and uitstroom), a monitoringmoment (with op- or afschalen), an
afstemming addressed to a party and its answer. Who gets the row is decided by
:mod:`trajecten.samenwerking.signalen`; this module only says what happened, in words
without personal data (dossier number, phase, kind: never a name or an amount).

Product start and end are not signalled on their own: uitvoering and nazorg (which need a
running product, and all products ended) already tell the other party, and the steps of a
schuldregeling that runs for years would only be noise.

Keys: ``gebeurtenis-<id>-fase``, ``monitoring-<id>``, ``afstemming-<id>-gericht`` and
``afstemming-<id>-antwoord`` (signalen appends the party), distinct from the keys of the
warme overdracht and the clocks.
"""

from __future__ import annotations

from schuldhulp.pakketten import Partij
from trajecten.models import Gebeurtenis, Signaleringsoort, Traject
from trajecten.samenwerking.signalen import andere, informeer, voor_aan_zet


def dossier(traject: Traject) -> str:
    return f"Dossier {traject.pk}"


def naam(partij: Partij) -> str:
    return "de Stadsbank" if partij == Partij.STADSBANK else "de gemeente"


def fase_gewijzigd(
    traject: Traject,
    gebeurtenis: Gebeurtenis,
    door_partij: Partij | None,
    door_id: int | None = None,
) -> int:
    """After a phase change (``traject`` as saved, aan_zet already updated).

    The party that is now aan zet, when it is not the actor's, hears it with the phase (its
    person, or its team when nobody is assigned); the other party's person is informed. Both
    calls share one key, so the party aan zet gets one row, not two."""
    sleutel = f"gebeurtenis-{gebeurtenis.pk}-fase"
    if not traject.is_open:  # without the reason: "overleden" is about the klant
        return informeer(
            traject,
            door_partij=door_partij,
            soort=Signaleringsoort.UITSTROOM,
            tekst=f"{dossier(traject)}: traject afgesloten",
            sleutel=sleutel,
            door_id=door_id,
        )
    tekst = f"{dossier(traject)}: nieuwe fase {traject.get_fase_display()}"
    aantal = 0
    if traject.aan_zet and traject.aan_zet != door_partij:
        aantal += voor_aan_zet(
            traject,
            soort=Signaleringsoort.FASE,
            tekst=f"{tekst}. Het traject is aan u.",
            sleutel=sleutel,
        )
    return aantal + informeer(
        traject,
        door_partij=door_partij,
        soort=Signaleringsoort.FASE,
        tekst=tekst,
        sleutel=sleutel,
        door_id=door_id,
    )


def monitoring(
    traject: Traject,
    moment_id: int,
    schaal: str,
    door_partij: Partij | None,
    door_id: int | None = None,
) -> int:
    """A monitoringmoment: the other party's person is informed (Basis: "the gemeente is
    informed of the monitoring"). Op- or afschalen may ask something of the other party (a
    different package split, maatwerk): then its team hears it when nobody is assigned."""
    tekst = f"{dossier(traject)}: monitoringmoment vastgelegd"
    sleutel = f"monitoring-{moment_id}"
    if schaal in ("opschalen", "afschalen"):
        tekst += f": {schaal} ({'meer' if schaal == 'opschalen' else 'minder'} hulp)"
        if (partij := andere(door_partij)) is not None:
            return voor_aan_zet(
                traject,
                partij=partij,
                soort=Signaleringsoort.MONITORING,
                tekst=tekst,
                sleutel=sleutel,
            )
    return informeer(
        traject,
        door_partij=door_partij,
        soort=Signaleringsoort.MONITORING,
        tekst=tekst,
        sleutel=sleutel,
        door_id=door_id,
    )


def afstemming_gericht(
    traject: Traject, afstemming_id: int, soort: str, van: Partij, aan: Partij
) -> int:
    """An afstemming addressed to `aan`: its person, or its team when nobody is assigned."""
    return voor_aan_zet(
        traject,
        partij=aan,
        soort=Signaleringsoort.AFSTEMMING,
        tekst=f"{dossier(traject)}: afstemming van {naam(van)} ({soort.lower()}) "
        "wacht op uw antwoord",
        sleutel=f"afstemming-{afstemming_id}-gericht",
    )


def afstemming_beantwoord(traject: Traject, afstemming_id: int, van: Partij, aan: Partij) -> int:
    """The answer goes back to the sender's side (its person, else its team: a question
    asked is never left unanswered in silence)."""
    return voor_aan_zet(
        traject,
        partij=van,
        soort=Signaleringsoort.AFSTEMMING,
        tekst=f"{dossier(traject)}: {naam(aan)} heeft uw afstemming beantwoord",
        sleutel=f"afstemming-{afstemming_id}-antwoord",
    )
