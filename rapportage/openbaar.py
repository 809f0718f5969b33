"""The public version of a report's figures: small counts hidden, as the CBS does.

A count of 1 to 4 people can point to a person in a small gemeente; in a version meant for
publication it reads "< 5" (ADR 0012). Zero stays 0: it points to nobody. A percentage of
people is hidden too when it gives such a count away: its numerator, its denominator or the
rest (denominator minus numerator) is 1 to 4 ("50%" of 2 is 1 person). The internal report
(screen, stored PDF, CSV) keeps the exact figures for contract management.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

STANDAARD_DREMPEL = 5
AFGESCHERMD = "afgeschermd"  # a hidden percentage: "< 5" would read as a value


def drempel() -> int:
    """Counts below this are hidden (setting RAPPORTAGE_DREMPEL_OPENBAAR, default 5)."""
    return int(getattr(settings, "RAPPORTAGE_DREMPEL_OPENBAAR", STANDAARD_DREMPEL))


def onderdrukt(waarde: Any, eenheid: str) -> str | None:
    """'< 5' for a count of people under the threshold; None: show the value as it is."""
    grens = drempel()
    if eenheid == "aantal" and isinstance(waarde, int | float) and 0 < waarde < grens:
        return f"< {grens}"
    return None


def _klein(aantal: Any, grens: int) -> bool:
    return isinstance(aantal, int | float) and 0 < aantal < grens


def percentage_onderdrukt(
    waarde: Any, teller: Any, noemer: Any, *, over_personen: bool = True
) -> str | None:
    """'afgeschermd' for a percentage of people whose numerator, denominator or rest is a small
    count; None: show it. A percentage of people without a known basis is hidden (fail safe)."""
    if waarde is None or not over_personen:
        return None
    grens = drempel()
    if teller is None or noemer is None:
        return AFGESCHERMD
    if _klein(teller, grens) or _klein(noemer, grens) or _klein(noemer - teller, grens):
        return AFGESCHERMD
    return None
