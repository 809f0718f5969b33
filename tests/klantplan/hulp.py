"""Helpers shared by the klantplan tests and the klantplan browser test."""

from __future__ import annotations

from django.utils import timezone

from trajecten import services as trajectservices
from trajecten.models import Traject


def toegelaten_traject(klant, door) -> Traject:
    """A traject in fase stabilisatie, made the way users make it: aanmelding, first
    conversation and toelating through trajecten.services (with their guards), by `door`."""
    vandaag = timezone.localdate()
    traject = trajectservices.meld_aan(klant=klant, door=door, datum=vandaag, kanaal="wijkteam")
    trajectservices.voer_overgang_uit(
        traject_id=traject.pk, overgang="voer_eerste_gesprek", door=door, datum=vandaag
    )
    return trajectservices.voer_overgang_uit(
        traject_id=traject.pk,
        overgang="neem_toelatingsbesluit",
        door=door,
        datum=vandaag,
        toelichting="Toegelaten tot schuldhulp.",
    )
