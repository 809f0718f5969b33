"""What a handeling is, and the catalogue that holds them all (pure Python, no Django).

A *handeling* is one thing a person can do in the application: a phase transition, starting a
product, recording a crisis, writing a klantplan, requesting a report. Each is a row: its name,
the words on its button, who may do it (roles, and for dossier work the side of the package
task matrix), where it may happen (phases, open traject) and its data checks. The rows are
registered here by the module that owns them (``trajecten/workflow.py`` for the dossier,
``schuldhulp/permissions.py`` for configuration and reports); the one gate,
:func:`schuldhulp.permissions.mag`, reads them. Nothing else decides access.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from schuldhulp.pakketten import Partij, Taak

# Role values (schuldhulp.models.Rol); strings here so this module stays free of Django.
KLANTREGISSEUR, CONSULENT = "klantregisseur", "consulent"
CONTRACTMANAGER, BEHEERDER = "contractmanager", "beheerder"
DOSSIERROLLEN = frozenset({KLANTREGISSEUR, CONSULENT})
ALLE_ROLLEN = frozenset({KLANTREGISSEUR, CONSULENT, CONTRACTMANAGER, BEHEERDER})
# Parties without an account (schuldhulp.extern): a creditor holding a link to one dossier of
# a schuldregeling, and the system itself (a Celery job acting on terms). The gate checks
# their reach (``user.omvat(obj)``) instead of a gemeente. An *afnemer* is a client of the
# DDAS delivery API (the CBS) with an OAuth2 token; its reach is the gemeenten it is
# registered for (rapportage/ddas/api, docs/ddas-api.md).
# A *klant* logged in with DigiD on the portal (klantplan/portaal): its reach is its own
# trajecten, as client or as partner (docs/portaal.md, ADR 0019).
SCHULDEISER, SYSTEEM, AFNEMER, KLANT = "schuldeiser", "systeem", "afnemer", "klant"
EXTERNE_ROLLEN = frozenset({SCHULDEISER, SYSTEEM, AFNEMER, KLANT})

Controle = Callable[[Any], "str | None"]
# A check that needs who asks as well as the row (separation of duties: not your own request).
Persoonscontrole = Callable[[Any, Any], "str | None"]


class Onderwerp(StrEnum):
    """What the gate is handed as ``obj`` and how it finds the gemeente."""

    GEMEENTE = "gemeente"  # a Gemeente, or None for "any of mine"
    KLANT = "klant"  # a Klant (gemeente_id), or a Gemeente for a new klant
    TRAJECT = "traject"  # a Traject, or a row that hangs under one (``.traject``)
    # Beheer of accounts (a Gebruiker, a Rechtenverzoek): bound to no gemeente; the role and
    # the row's checks decide.
    BEHEER = "beheer"


class Wie(StrEnum):
    """Which side of the package matrix does a dossier handeling."""

    DOSSIER = "dossier"  # whoever works on the dossier for its gemeente
    STADSBANK = "stadsbank"  # always the Stadsbank: it delivers the products
    PAKKET = "pakket"  # the package task ``taak``, as agreed when the traject started
    # A row addressed by one party to the other (a warme overdracht, an afstemming): the
    # side it is addressed to (``obj.aan``) answers or accepts; the sender (``obj.van``)
    # answers a question back. The party is read from the row, not from the package.
    AAN = "aan"
    VAN = "van"


@dataclass(frozen=True)
class Handeling:
    naam: str
    knop: str
    uitleg: str = ""
    onderwerp: Onderwerp = Onderwerp.TRAJECT
    rollen: frozenset[str] = DOSSIERROLLEN
    rolreden: str = "Met uw rol kunt u trajecten niet wijzigen."
    ook_superuser: bool = False  # a Django superuser counts as this role too
    ook_gedeeld: bool = False  # reading a dossier shared with the user (not writing)
    wie: Wie = Wie.DOSSIER
    taak: Taak | None = None  # with Wie.PAKKET
    open_traject: bool = True
    # A state machine step: the state field of ``obj``, its allowed sources and the target.
    veld: str = "fase"
    bron: tuple[str, ...] = ()
    doel: str | None = None
    bronreden: str = "Dit kan niet in fase '{staat}'."  # when ``obj`` is in another state
    gebeurtenis: str = ""  # the Gebeurtenissoort value of the event row it writes
    vereist: tuple[Controle, ...] = field(default=())
    persoonlijk: tuple[Persoonscontrole, ...] = field(default=())  # (user, obj) checks
    uitstroomreden: bool = False  # asks for a DDAS uitstroomreden
    # Points the user confirms one by one before the step (key, statement), each with the
    # evidence the dossier holds or an explanation (klantplan/rustbewijs.py).
    controlelijst: tuple[tuple[str, str], ...] = ()
    # Cannot be undone (a final state, an end): what will happen, shown on the confirmation
    # the page asks first (schuldhulp/bevestigen.py). Empty: no confirmation.
    onomkeerbaar: str = ""

    @property
    def is_overgang(self) -> bool:
        return self.doel is not None

    def partij(self, traject: Any, obj: Any = None) -> Partij | None:
        """The side that does this for `traject` (None: either side of the dossier; with
        Wie.PAKKET: nobody yet, see ``Traject.uitvoerder``). With Wie.AAN/VAN the side is
        a field of `obj`, the addressed row."""
        if self.wie in (Wie.AAN, Wie.VAN):
            waarde = getattr(obj, self.wie.value, None) if obj is not None else None
            return Partij(waarde) if waarde else None
        if self.wie == Wie.STADSBANK:
            return Partij.STADSBANK
        if self.wie == Wie.PAKKET:
            return traject.uitvoerder(self.taak)
        return None


CATALOGUS: dict[str, Handeling] = {}


def registreer(handelingen: Iterable[Handeling]) -> None:
    for h in handelingen:
        if CATALOGUS.get(h.naam, h) != h:
            raise ValueError(f"Handeling {h.naam!r} staat twee keer in de catalogus.")
        CATALOGUS[h.naam] = h


def handeling(naam: str | Handeling) -> Handeling:
    if isinstance(naam, Handeling):
        return naam
    try:
        return CATALOGUS[naam]
    except KeyError:
        raise ValueError(f"Onbekende handeling: {naam}") from None
