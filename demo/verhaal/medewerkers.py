"""The demo users by gemeente, and who records a step under the traject's package."""

from __future__ import annotations

import random
from dataclasses import dataclass

from demo import plan
from demo.basis import GEBRUIKERS
from schuldhulp.models import Gebruiker, Gemeente
from schuldhulp.pakketten import Pakket, Partij
from schuldhulp.permissions import dossierwerkers
from trajecten import workflow
from trajecten.workflow import Wie


class Medewerkers:
    """The demo users by gemeente, and who does a step under the traject's package."""

    def __init__(self) -> None:
        namen = [username for username, *_ in GEBRUIKERS]
        self.per_gemeente: dict[int, list[Gebruiker]] = {}
        for gid in Gemeente.objects.values_list("pk", flat=True):
            werkers = dossierwerkers([gid]).filter(username__in=namen).order_by("username")
            if werkers:
                self.per_gemeente[gid] = list(werkers)

    def van_partij(self, gemeente_id: int, partij: Partij) -> Gebruiker | None:
        return next((u for u in self.per_gemeente.get(gemeente_id, []) if u.partij == partij), None)

    def iemand(self, gemeente_id: int) -> Gebruiker | None:
        lijst = self.per_gemeente.get(gemeente_id, [])
        return lijst[0] if lijst else None

    def voor_stap(self, stap: plan.Stap, afspraak, gemeente_id: int) -> Gebruiker | None:
        """The side of the package matrix the catalogue gives the step's handeling."""
        handeling = workflow.HANDELINGEN[stap.handeling]
        if handeling.wie == Wie.DOSSIER:
            return self.iemand(gemeente_id)
        if handeling.wie == Wie.PAKKET:
            partij = afspraak.uitvoerder(handeling.taak)
        else:  # products, schuldregeling, moratorium: the Stadsbank delivers them
            partij = Partij.STADSBANK
        return self.van_partij(gemeente_id, partij)

    def voor_handeling(self, naam: str, traject) -> Gebruiker | None:
        """Who records catalogue row `naam` on `traject` (a dossier write): either side may,
        then the klant's vaste contactpersoon; else the person on the traject of the side
        that does the row's task in this traject, or a demo user of that side; None when
        there is nobody."""
        handeling = workflow.HANDELINGEN[naam]
        if handeling.wie == Wie.DOSSIER:
            return (
                traject.contactpersoon
                or traject.behandelaar
                or traject.consulent
                or self.iemand(traject.gemeente_id)
            )
        partij = handeling.partij(traject)
        if partij is None:
            return None
        return traject.persoon(partij) or self.van_partij(traject.gemeente_id, partij)


@dataclass(frozen=True)
class Personen:
    """Who registers a traject and who is on it (trajecten.services.meld_aan)."""

    aanmelder: Gebruiker
    behandelaar: Gebruiker | None  # a klantregisseur
    consulent: Gebruiker | None  # the contactpersoon at the gemeente
    vaste_contactpersoon: Partij


def kies_personen(
    afspraak, gemeente_id: int, medewerkers: Medewerkers, rng: random.Random
) -> Personen:
    """Every traject gets a behandelaar at the Stadsbank; in Hybride and Basis also a
    contactpersoon at the gemeente. Basis: the gemeente keeps client contact (the vaste
    contactpersoon) and often registers; otherwise the klantregisseur does (whose
    werkvoorraad the demo is about)."""
    regisseur = medewerkers.van_partij(gemeente_id, Partij.STADSBANK)
    consulent = medewerkers.van_partij(gemeente_id, Partij.GEMEENTE)
    if afspraak.pakket == Pakket.ONTZORGING:
        consulent = None
    basis = afspraak.pakket == Pakket.BASIS and consulent is not None
    aanmelder = consulent if basis and rng.random() < 0.6 else regisseur or consulent
    return Personen(
        aanmelder=aanmelder or medewerkers.iemand(gemeente_id),
        behandelaar=regisseur,
        consulent=consulent,
        vaste_contactpersoon=Partij.GEMEENTE if basis else Partij.STADSBANK,
    )
