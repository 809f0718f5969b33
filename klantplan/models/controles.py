"""Pieces shared by the database checks of several klantplan models."""

from __future__ import annotations

from django.db.models import Q

MAX_BEDRAG_CENT = 1_000_000_000  # € 10.000.000: anything above is a typing error


def niet_leeg(veld: str) -> Q:
    """The text field holds more than white space."""
    return Q(**{f"{veld}__regex": r"\S"})
