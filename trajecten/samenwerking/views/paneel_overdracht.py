"""Traject page part 'overdracht' of the collaboration block (trajecten.samenwerking.paneel)."""

from __future__ import annotations

from trajecten.models import Traject
from trajecten.samenwerking.paneel import Deel
from trajecten.views.knoppen import Actie


def deel(traject: Traject, user, gebonden: Actie | None = None) -> Deel:
    return Deel()
