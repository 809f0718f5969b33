"""History written from the catalogue: a dated sequence of handelingen → event rows.

The services write one event at a time, live, behind the gate. Two writers record history
that already happened and write in bulk around the services on purpose (docs/adr/0004): the
DDAS import (a file from a former system) and the demo/scale generator. Both take the journey
from here — which phase a transition leads to, which event kind a handeling writes, which
status a schuldregeling step leads to — so there is one copy of the journey: the catalogue
in ``trajecten/workflow.py``. Pure Python, no Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from trajecten.workflow import (
    HANDELINGEN,
    OVERGANGEN,
    SCHULDREGELING_STAPPEN,
    Fase,
    Schuldregelingstatus,
)


class OngeldigeHistorie(ValueError):
    """A step the journey does not allow from the state reached so far."""


@dataclass(frozen=True)
class Stap:
    """One handeling that happened on `datum` (name as in the catalogue)."""

    naam: str
    datum: date
    gegevens: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Rij:
    """The event row a step writes (the fields of ``Gebeurtenis`` that the journey decides)."""

    soort: str
    datum: date
    van_fase: str
    naar_fase: str
    gegevens: dict[str, Any]


def doelfase(naam: str) -> Fase:
    """The phase a transition leads to."""
    return Fase(OVERGANGEN[naam].doel)


def doelstatus(stap: str) -> Schuldregelingstatus:
    """The schuldregeling status a step leads to."""
    return Schuldregelingstatus(SCHULDREGELING_STAPPEN[stap].doel)


def gebeurtenis(naam: str) -> str:
    """The event kind a handeling writes."""
    return HANDELINGEN[naam].gebeurtenis


def fase_na(
    stappen: Iterable[Stap | str], fase: str = Fase.AANGEMELD, *, streng: bool = True
) -> Fase:
    """The phase the transitions among `stappen` lead to, checked against their sources.

    ``streng=False`` takes the transitions as recorded, gaps included: a file from a former
    system need not hold a date for every step (a DDAS record may skip the intake)."""
    for stap in stappen:
        naam = stap if isinstance(stap, str) else stap.naam
        if naam in OVERGANGEN:
            if streng and fase not in OVERGANGEN[naam].bron:
                raise OngeldigeHistorie(f"{naam} kan niet vanuit fase {fase}.")
            fase = OVERGANGEN[naam].doel
    return Fase(fase)


def status_na(stappen: Iterable[str], status: str = Schuldregelingstatus.IN_VOORBEREIDING) -> str:
    """The schuldregeling status a sequence of steps leads to, checked against their sources."""
    for naam in stappen:
        stap = SCHULDREGELING_STAPPEN[naam]
        if status not in stap.bron:
            raise OngeldigeHistorie(f"{naam} kan niet vanuit status {status}.")
        status = stap.doel
    return Schuldregelingstatus(status)


def rijen(stappen: Iterable[Stap], fase: str = Fase.AANGEMELD, *, streng: bool = True) -> list[Rij]:
    """The event rows of a traject's history, in order, the aanmelding first if given.

    Transitions carry the phase before and after (as the live service writes them); other
    handelingen only their event kind. Raises OngeldigeHistorie on a step out of order
    (unless ``streng=False``, see :func:`fase_na`)."""
    uit: list[Rij] = []
    for stap in stappen:
        h = HANDELINGEN[stap.naam]
        van = naar = ""
        if stap.naam in OVERGANGEN:
            van, fase = fase, fase_na([stap.naam], fase, streng=streng)
            naar = fase
        uit.append(Rij(h.gebeurtenis, stap.datum, van, naar, stap.gegevens))
    return uit
