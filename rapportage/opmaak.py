"""Dutch notation of the report's numbers, shared by the figures' charts and the tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from schuldhulp.opmaak import bedrag, getal


def opmaak(waarde: Any, eenheid: str = "aantal") -> str:
    """Dutch notation: 1.234 · 82,5% · 2,3 weken · 14,0 dagen · € 1.234,56; '—' for nothing."""
    if waarde is None:
        return "—"
    if eenheid == "pct":
        return f"{getal(waarde, 1)}%"
    if eenheid == "weken":
        return f"{getal(waarde, 1)} wk"
    if eenheid == "dagen":
        return f"{getal(waarde, 1)} d"
    if eenheid == "centen":
        return bedrag(waarde, centen=True)
    if eenheid == "maanden":
        return f"{getal(waarde, 1)} mnd"
    if eenheid == "gemiddelde":  # an average count: one decimal
        return getal(waarde, 1)
    return getal(waarde)


# Below this many cases a share is written as "x van de y", not as a percentage: "uitval 100%"
# of 3 trajecten says more than it knows (issue 20, point 7).
KLEINE_NOEMER = 10


def aandeel(teller: int, noemer: int, percentage: float | None) -> str:
    """'82,0% (41 van de 50)', or '3 van de 3' below KLEINE_NOEMER; '—' without a basis."""
    if not noemer:
        return "—"
    if noemer < KLEINE_NOEMER or percentage is None:
        return f"{getal(teller)} van de {getal(noemer)}"
    return f"{opmaak(percentage, 'pct')} ({getal(teller)} van de {getal(noemer)})"


def opmaker(eenheid: str) -> Callable[[Any], str]:
    return lambda waarde: opmaak(waarde, eenheid)


def csv_cel(tekst: str) -> str:
    """A CSV cell that a spreadsheet never runs as a formula: text starting with =, +, -, @,
    tab or CR gets a leading apostrophe (OWASP CSV injection). Also for a negative number:
    '-12,5' then reads as text, the price of never starting a cell with '-'."""
    return f"'{tekst}" if tekst[:1] in ("=", "+", "-", "@", "\t", "\r") else tekst
