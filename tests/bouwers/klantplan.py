"""Klantplan test data: the register of schuldeisers as migration klantplan/0002 seeds it."""

from __future__ import annotations

from klantplan.models import Schuldeiser

# naam → (soort, preferent)
SCHULDEISERS: dict[str, tuple[str, bool]] = {
    "Belastingdienst": ("belastingdienst", True),
    "CJIB": ("cjib", False),
    "Vitens": ("water", False),
    "Menzis": ("zorgverzekeraar", False),
    "Welbions": ("woningcorporatie", False),
}


def schuldeiser(naam: str) -> Schuldeiser:
    """The register's row (get_or_create: a flushed database has none)."""
    soort, preferent = SCHULDEISERS[naam]
    return Schuldeiser.objects.get_or_create(
        naam=naam, defaults={"soort": soort, "preferent": preferent}
    )[0]


def schuldeisers() -> dict[str, Schuldeiser]:
    return {naam: schuldeiser(naam) for naam in SCHULDEISERS}
