"""Traject page part 'personen' of the collaboration block (trajecten.samenwerking.paneel):
"Betrokkenen", the behandelaar at the Stadsbank, the contactpersoon at the gemeente, which of
them is the klant's vaste contactpersoon, and the forms to change each as the gate allows.
The one place on the page that names the people on the traject."""

from __future__ import annotations

from dataclasses import dataclass

from schuldhulp.models import Gebruiker
from schuldhulp.pakketten import Partij
from schuldhulp.permissions import mag
from trajecten.models import Traject
from trajecten.samenwerking import personen
from trajecten.samenwerking.paneel import Deel, vervang
from trajecten.samenwerking.views.personen_formulieren import (
    HANDELING,
    persoon_actie,
    vaste_actie,
)
from trajecten.views.knoppen import Actie


@dataclass
class Betrokkene:
    partij: Partij
    functie: str  # "behandelaar bij de Stadsbank"
    persoon: Gebruiker | None
    vast: bool  # the klant's vaste contactpersoon
    actie: Actie | None


def deel(traject: Traject, user, gebonden: Actie | None = None) -> Deel:
    versie = {"initial": {"versie": traject.versie}}
    rijen = []
    for partij in Partij:
        actie = None
        if mag(user, HANDELING[partij], traject) is None:
            kandidaten = list(personen.kandidaten(traject.gemeente_id, partij))
            actie = vervang(persoon_actie(traject, partij, kandidaten, **versie), gebonden)
        rijen.append(
            Betrokkene(
                partij=partij,
                functie=personen.FUNCTIE[partij],
                persoon=traject.persoon(partij),
                vast=traject.vaste_contactpersoon == partij,
                actie=actie,
            )
        )
    vaste = None
    if mag(user, "traject.kies_vaste_contactpersoon", traject) is None:
        vaste = vervang(vaste_actie(traject, **versie), gebonden)
    acties = [r.actie for r in rijen if r.actie] + ([vaste] if vaste else [])
    vast = next(r for r in rijen if r.vast)
    return Deel(
        context={"rijen": rijen, "vast": vast, "vaste_actie": vaste},
        acties=acties,
    )


def tijdlijnregels(gegevens: dict) -> list[str]:
    """Readable lines of a timeline row about the people (services/personen.py gegevens)."""
    regels = []
    for sleutel, wie in (
        ("behandelaar", "behandelaar"),
        ("contactpersoon", "contactpersoon gemeente"),
    ):
        if sleutel not in gegevens and f"{sleutel}_naam" not in gegevens:
            continue
        nieuw, vorige = gegevens.get(f"{sleutel}_naam"), gegevens.get(f"vorige_{sleutel}_naam")
        regel = f"Nieuwe {wie}: {nieuw}" if nieuw else f"Geen {wie} meer"
        regels.append(f"{regel} (was: {vorige})" if vorige else regel)
    if gegevens.get("vaste_contactpersoon") in Partij.values:
        functie = personen.FUNCTIE[Partij(gegevens["vaste_contactpersoon"])]
        naam = gegevens.get("persoon_naam") or "nog niemand toegewezen"
        regels.append(f"Vaste contactpersoon van de klant: de {functie} ({naam})")
    return regels
