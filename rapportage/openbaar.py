"""The public version of a report's figures: small counts hidden, as the CBS does.

A count of 1 to 4 people can point to a person in a small gemeente; in a version meant for
publication it reads "< 5" (ADR 0012). Zero stays 0: it points to nobody. The internal report
(screen, stored PDF, CSV) keeps the exact figures for contract management.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

STANDAARD_DREMPEL = 5


def drempel() -> int:
    """Counts below this are hidden (setting RAPPORTAGE_DREMPEL_OPENBAAR, default 5)."""
    return int(getattr(settings, "RAPPORTAGE_DREMPEL_OPENBAAR", STANDAARD_DREMPEL))


def onderdrukt(waarde: Any, eenheid: str) -> str | None:
    """'< 5' for a count of people under the threshold; None: show the value as it is."""
    grens = drempel()
    if eenheid == "aantal" and isinstance(waarde, int | float) and 0 < waarde < grens:
        return f"< {grens}"
    return None
