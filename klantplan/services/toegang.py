"""The klantplan services ask the one gate (schuldhulp.permissions.mag) here, with the
catalogue row of what they are about to write (trajecten/workflow.py)."""

from __future__ import annotations

from typing import Any

from schuldhulp.models import Gebruiker
from schuldhulp.permissions import mag
from trajecten.models import Traject
from trajecten.services import Geweigerd
from trajecten.workflow import AFSTEMMING_HANDELING, GESPREK_HANDELING

# The kinds either side may always record (the other side's note): asked for an unknown kind
# too, so a stranger hears the gate's refusal, not "choose a kind".
ALGEMEEN_GESPREK = GESPREK_HANDELING["adviesgesprek"]
ALGEMENE_AFSTEMMING = AFSTEMMING_HANDELING["signaal"]
AFVINKEN = {p: f"actie.afvinken.{p}" for p in ("stadsbank", "gemeente")}


def gesprek_handeling(soort: str) -> str:
    """The catalogue row that records a gesprek of this kind (workflow.GESPREKKEN)."""
    return GESPREK_HANDELING.get(soort, ALGEMEEN_GESPREK)


def afstemming_handeling(soort: str) -> str:
    """The catalogue row that records an afstemming of this kind (workflow.AFSTEMMINGEN)."""
    return AFSTEMMING_HANDELING.get(soort, ALGEMENE_AFSTEMMING)


def actie_handeling(actie: Any, voortgang: bool = False) -> str:
    """Who may change an actie: for an afspraak from a gesprek whoever may record that kind
    of gesprek; for an actie of the klantplan whoever writes the klantplan. Ticking it off
    (`voortgang`) belongs to the party it is assigned to; the klant's own actions to the
    writer."""
    if voortgang and actie.wie in AFVINKEN:
        return AFVINKEN[actie.wie]
    if actie.gesprek_id:
        return gesprek_handeling(actie.gesprek.soort)
    return "klantplan.wijzigen"


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
