"""Control characters at the edge. No person types a NUL or another control character, and
PostgreSQL cannot store a NUL in text (a DataError, so a 500, deep inside a view): wherever
text comes in (query strings and form fields through the middleware, JSON files and API bodies
through their readers) such text is refused with a Dutch message before anything is saved.
Tab, line feed and carriage return are ordinary text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

ONGELDIG = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MELDING = (
    "De invoer bevat een teken dat niet in tekst hoort (bijvoorbeeld een NUL-teken). "
    "Er is niets opgeslagen. Typ de tekst opnieuw of plak hem zonder opmaak."
)


def bevat_ongeldige(tekst: str) -> bool:
    return ONGELDIG.search(tekst) is not None


def in_paren(paren: Iterable[tuple[str, str]]) -> str | None:
    """The name of the first field (of a query string or form) with such a character."""
    for sleutel, waarde in paren:
        if bevat_ongeldige(sleutel) or bevat_ongeldige(waarde):
            return sleutel
    return None


def in_json(waarde: Any, pad: str = "") -> str | None:
    """The path of the first key or string in a decoded JSON document with such a character
    ('leveringen[0].klant.naam'), or None."""
    if isinstance(waarde, str):
        return pad or "(de waarde)" if bevat_ongeldige(waarde) else None
    if isinstance(waarde, dict):
        for sleutel, kind in waarde.items():
            hier = f"{pad}.{sleutel}" if pad else str(sleutel)
            if bevat_ongeldige(str(sleutel)):
                return hier
            if gevonden := in_json(kind, hier):
                return gevonden
    elif isinstance(waarde, list):
        for n, kind in enumerate(waarde):
            if gevonden := in_json(kind, f"{pad}[{n}]"):
                return gevonden
    return None
