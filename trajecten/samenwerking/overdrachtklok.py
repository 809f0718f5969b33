"""The clock of a warme overdracht: the contract norm (Doorlooptijdnorm rows with code
OVERDRACHTNORM, a gemeente's own row before the default) applied on the day it is sent,
with the same arithmetic as the traject clocks (trajecten.normbewaking.klokstand:
werkdagen skip weekends, Dutch holidays and the beheerder's extra days).

The deadline is fixed when the overdracht is sent (a later change of the norm does not
move it), so the status needs no stored column: it follows from the dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from trajecten import normbewaking, normen
from trajecten.normen import KlokStatus
from trajecten.samenwerking.normen import OVERDRACHTNORM, STANDAARD


@dataclass(frozen=True)
class Overdrachtnorm:
    """The part of a norm row the clock needs (or the built-in default without a row)."""

    naam: str
    termijn: int
    eenheid: str
    wettelijk: bool
    dreigpercentage: int
    doelpercentage: int = 80


def norm_op(gemeente_id: int | None, datum: date) -> Overdrachtnorm:
    """The norm in force for this gemeente on `datum`. Without any row (a flushed test
    database, a beheerder who ended the default without a successor) the seeded default
    still applies: an overdracht always has a deadline."""
    rij = normbewaking.norm_op(
        normbewaking.normen_voor_gemeente(gemeente_id).get(OVERDRACHTNORM, []), datum
    )
    if rij is None:
        return Overdrachtnorm(
            naam=STANDAARD["naam"],
            termijn=STANDAARD["termijn"],
            eenheid=STANDAARD["eenheid"],
            wettelijk=STANDAARD["wettelijk"],
            dreigpercentage=STANDAARD["dreigpercentage"],
        )
    return Overdrachtnorm(
        naam=rij.naam,
        termijn=rij.termijn,
        eenheid=rij.eenheid,
        wettelijk=rij.wettelijk,
        dreigpercentage=rij.dreigpercentage,
        doelpercentage=rij.doelpercentage,
    )


def termijn(
    gemeente_id: int, start: date, feestdagen: frozenset[date] | None = None
) -> tuple[date, date, Overdrachtnorm]:
    """(deadline, dreigt_vanaf, norm) of an overdracht sent on `start`."""
    norm = norm_op(gemeente_id, start)
    stand = normbewaking.klokstand(
        start=start,
        termijn=norm.termijn,
        eenheid=norm.eenheid,
        wettelijk=norm.wettelijk,
        dreigpercentage=norm.dreigpercentage,
        pauzes=[],
        gehaald_op=None,
        einde_traject=None,
        peildatum=start,
        feestdagen=normbewaking.extra_feestdagen() if feestdagen is None else feestdagen,
    )
    return stand.deadline, stand.dreigt_vanaf, norm


def status(overdracht, vandaag: date | None = None) -> KlokStatus:
    """loopt / dreigt / overschreden while open; gehaald / te laat gehaald once accepted
    (the daily job, trajecten.samenwerking.tasks, uses the same thresholds)."""
    if overdracht.geaccepteerd_op is not None:
        dag = timezone.localdate(overdracht.geaccepteerd_op)
        return KlokStatus.GEHAALD if dag <= overdracht.deadline else KlokStatus.TE_LAAT_GEHAALD
    vandaag = vandaag or timezone.localdate()
    if vandaag > overdracht.deadline:
        return KlokStatus.OVERSCHREDEN
    if vandaag >= overdracht.dreigt_vanaf:
        return KlokStatus.DREIGT
    return KlokStatus.LOOPT


@dataclass(frozen=True)
class Klok:
    """What trajecten/_klokstatus.html shows (the same tag and words as a traject clock)."""

    status: str
    status_tekst: str
    resterend: str


def klok(
    overdracht, *, vandaag: date, feestdagen: frozenset[date], eenheid: str = "werkdagen"
) -> Klok:
    if overdracht.geaccepteerd_op is None and not overdracht.traject.is_open:
        # Never accepted and the traject ended: it lapses, like a traject clock.
        return Klok(status="vervallen", status_tekst="Vervallen", resterend="traject gestopt")
    stand = status(overdracht, vandaag)
    if stand == KlokStatus.GEHAALD:
        resterend = ""
    else:
        peildatum = (
            timezone.localdate(overdracht.geaccepteerd_op)
            if overdracht.geaccepteerd_op
            else vandaag
        )
        resterend = normen.resterend_tekst(
            peildatum=peildatum,
            deadline=overdracht.deadline,
            eenheid=eenheid,
            extra_feestdagen=feestdagen,
        )
    return Klok(status=stand.value, status_tekst=stand.label, resterend=resterend)
