"""The klantplan services ask the one gate (schuldhulp.permissions.mag) here, with the
catalogue row of what they are about to write (trajecten/workflow.py)."""

from __future__ import annotations

from schuldhulp.models import Gebruiker
from schuldhulp.permissions import mag
from trajecten.models import Traject
from trajecten.services import Geweigerd


def controleer_toegang(
    traject: Traject, door: Gebruiker, handeling: str = "klantplan.wijzigen"
) -> None:
    """Writes on a traject's dossier: the gate decides, a refusal says why."""
    if reden := mag(door, handeling, traject):
        raise Geweigerd(reden)


def controleer_registerrol(door: Gebruiker) -> None:
    """The shared schuldeiser register: any dossier role may add to it (no traject involved)."""
    if reden := mag(door, "schuldeiser.toevoegen"):
        raise Geweigerd(reden)
