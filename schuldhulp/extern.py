"""Parties without an account, as principals of the one gate (schuldhulp.permissions.mag).

A creditor answering through the schuldeiserportaal holds a signed, expiring link to one
negotiation; a Celery job acting on terms (reminders, "geen reactie") is the system. Neither
is a ``Gebruiker``: each is an ``Extern`` with a role of its own (schuldhulp.handelingen
EXTERNE_ROLLEN) and a reach — the rows it may touch — which the gate checks instead of a
gemeente. A future party (the client's portal) is one more role and one more reach.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from schuldhulp.handelingen import SCHULDEISER, SYSTEEM


@dataclass(frozen=True)
class Extern:
    rol: str
    naam: str  # for the event row and the audit log: who answered
    omvat: Callable[[Any], bool]  # is `obj` within this party's reach?
    is_authenticated: bool = True
    is_active: bool = True
    is_superuser: bool = False
    is_staff: bool = False
    partij: None = None
    pk: None = None
    id: None = None

    def __str__(self) -> str:
        return self.naam


def _onderhandeling_id(obj: Any) -> int | None:
    """The negotiation `obj` is or hangs under (a message, a link)."""
    if hasattr(obj, "onderhandeling_id"):
        return obj.onderhandeling_id
    if type(obj).__name__ == "Onderhandeling":
        return obj.pk
    return None


def schuldeiser(onderhandeling_id: int, naam: str) -> Extern:
    """The creditor of one negotiation (the holder of a valid portal link)."""
    return Extern(
        rol=SCHULDEISER,
        naam=f"{naam} (via het schuldeiserportaal)",
        omvat=lambda obj: obj is not None and _onderhandeling_id(obj) == onderhandeling_id,
    )


# The system reaches every row: it only ever does what a catalogue row lists for it.
SYSTEEMPARTIJ = Extern(rol=SYSTEEM, naam="Systeem (termijnbewaking)", omvat=lambda obj: True)
