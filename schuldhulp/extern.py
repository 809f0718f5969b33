"""Parties without an account, as principals of the one gate (schuldhulp.permissions.mag).

A creditor answering through the schuldeiserportaal holds a signed, expiring link to one
negotiation; a Celery job acting on terms (reminders, "geen reactie") is the system. Neither
is a ``Gebruiker``: each is an ``Extern`` with a role of its own (schuldhulp.handelingen
EXTERNE_ROLLEN) and a reach — the rows it may touch — which the gate checks instead of a
gemeente. A client of the DDAS delivery API (the CBS, with an OAuth2 token) is an
``afnemer``: its reach is the gemeenten its registration names. A future party (the client's
portal) is one more role and one more reach.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from schuldhulp.handelingen import AFNEMER, KLANT, SCHULDEISER, SYSTEEM


@dataclass(frozen=True)
class Extern:
    rol: str
    naam: str  # for the event row and the audit log: who answered
    omvat: Callable[[Any], bool]  # is `obj` within this party's reach?
    buiten_bereik: str = "Deze link geeft geen toegang tot dit dossier."  # the gate's refusal
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


def afnemer(naam: str, gemeente_ids: Collection[int] | None) -> Extern:
    """A client of the DDAS delivery API: it reaches the gemeenten it is registered for
    (``None``: every gemeente, for a national afnemer such as the CBS). Its reach is about
    gemeenten only; which data of them it gets is the catalogue row (``ddas.api.*``)."""
    ids = None if gemeente_ids is None else frozenset(gemeente_ids)
    return Extern(
        rol=AFNEMER,
        naam=f"{naam} (DDAS-API)",
        omvat=lambda obj: type(obj).__name__ == "Gemeente" and (ids is None or obj.pk in ids),
        buiten_bereik="Deze afnemer is niet geregistreerd voor deze gemeente.",
    )


def _traject_id(obj: Any) -> int | None:
    """The traject `obj` is or hangs under (an actie, a bericht, a document)."""
    if type(obj).__name__ == "Traject":
        return obj.pk
    return getattr(obj, "traject_id", None)


def klant(klant_id: int, traject_ids: Collection[int]) -> Extern:
    """A klant logged in with DigiD on the portal: it reaches the trajecten it is the client
    or the partner of (klantplan/portaal/sessie.py finds them from the BSN), and the rows that
    hang under them; nothing else, not even its own Klant row's other trajecten elsewhere."""
    ids = frozenset(traject_ids)
    return Extern(
        rol=KLANT,
        naam=f"Klant {klant_id} (via Mijn Schuldhulp)",
        omvat=lambda obj: obj is not None and _traject_id(obj) in ids,
        buiten_bereik="Dit traject is niet van u.",
    )


# The system reaches every row: it only ever does what a catalogue row lists for it.
SYSTEEMPARTIJ = Extern(rol=SYSTEEM, naam="Systeem (termijnbewaking)", omvat=lambda obj: True)
