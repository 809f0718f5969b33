"""The collaboration block of the traject page: whose turn it is, the people on the traject,
warme overdracht, e-mail that failed. Each part lives in its own module and returns a
:class:`Deel` (its template context and its forms); the traject page shows them together
and lets refused forms come back bound, like the other actions (trajecten.views.detail)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from trajecten.models import Traject
from trajecten.samenwerking import aanzet
from trajecten.views.knoppen import Actie


@dataclass
class Deel:
    context: dict[str, Any] = field(default_factory=dict)
    acties: list[Actie] = field(default_factory=list)


def vervang(actie: Actie, gebonden: Actie | None) -> Actie:
    """The posted (refused) form in place of its blank twin."""
    return gebonden if gebonden is not None and gebonden.id == actie.id else actie


@dataclass
class Samenwerking:
    delen: dict[str, Deel]

    @property
    def acties(self) -> list[Actie]:
        return [a for d in self.delen.values() for a in d.acties]

    def __getattr__(self, naam: str) -> Any:  # template access: samenwerking.<deel>.<key>
        delen = self.__dict__.get("delen", {})
        if naam in delen:
            return delen[naam].context
        raise AttributeError(naam)


def samenwerking(traject: Traject, user, gebonden: Actie | None = None) -> Samenwerking:
    from trajecten.samenwerking.views import (
        paneel_aanzet,
        paneel_mail,
        paneel_overdracht,
        paneel_personen,
    )

    with aanzet.onthoud(traject):  # several parts ask whose turn it is: read it once
        return Samenwerking(
            {
                "aanzet": paneel_aanzet.deel(traject, user, gebonden),
                "personen": paneel_personen.deel(traject, user, gebonden),
                "overdracht": paneel_overdracht.deel(traject, user, gebonden),
                "mail": paneel_mail.deel(traject, user, gebonden),
            }
        )
