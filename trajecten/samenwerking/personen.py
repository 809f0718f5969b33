"""Who may be the person of a party on a traject: one rule for aanmelding, reassigning and
the team lead's bulk assignment."""

from __future__ import annotations

from django.db.models import QuerySet

from schuldhulp.models import Gebruiker, Rol
from schuldhulp.pakketten import Partij
from schuldhulp.permissions import dossierwerkers

ROL_VAN: dict[Partij, Rol] = {Partij.STADSBANK: Rol.KLANTREGISSEUR, Partij.GEMEENTE: Rol.CONSULENT}
FUNCTIE: dict[Partij, str] = {
    Partij.STADSBANK: "behandelaar bij de Stadsbank",
    Partij.GEMEENTE: "contactpersoon bij de gemeente",
}


def kandidaten(gemeente_id: int, partij: Partij | str) -> QuerySet[Gebruiker]:
    """Active klantregisseurs (Stadsbank) or consulenten (gemeente) of this gemeente."""
    return dossierwerkers([gemeente_id]).filter(rol=ROL_VAN[Partij(partij)])


def fout(gemeente_id: int, partij: Partij | str, gebruiker: Gebruiker | None) -> str | None:
    """Why `gebruiker` cannot be the person of `partij` on a traject of this gemeente."""
    if gebruiker is None:
        return None
    partij = Partij(partij)
    if gebruiker.rol != ROL_VAN[partij]:
        rol = "klantregisseur" if partij == Partij.STADSBANK else "consulent van de gemeente"
        return f"De {FUNCTIE[partij]} moet een {rol} zijn."
    if not kandidaten(gemeente_id, partij).filter(pk=gebruiker.pk).exists():
        return f"Kies als {FUNCTIE[partij]} iemand die voor deze gemeente werkt."
    return None
