"""1. Reading: size, encoding, JSON and the official schema of one uploaded DDAS file.

A file that cannot be read at all (not JSON, no list of leveringen, > 50 MB) is refused with
one clear message. Every other schema failure is reported in the same pass as the records'
own problems: outside the records as a problem of the file (which blocks the import), inside
a record with that record — so a user fixes a file in one round.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rapportage.ddas import mapping
from schuldhulp import tekens

MAX_BYTES = 50 * 1024 * 1024
MAX_BESTANDSFOUTEN = 20


class OngeldigBestand(Exception):
    """A file that cannot be imported at all; the message (Dutch) is shown as it is."""

    def __init__(self, melding: str, details: list[str] | None = None) -> None:
        super().__init__(melding)
        self.melding = melding
        self.details = details or []


@dataclass(frozen=True)
class Melding:
    pad: str
    tekst: str

    def __str__(self) -> str:
        return f"{self.pad}: {self.tekst}" if self.pad else self.tekst


@dataclass
class Bestand:
    """A file that passed the checks of :func:`lees_bestand`."""

    sha256: str
    document: dict[str, Any]
    recordfouten: dict[tuple[int, int], list[Melding]]
    # Schema problems outside the records (the envelope, a levering): shown with the
    # records' problems; while there are any, nothing is imported.
    bestandsfouten: list[str] = field(default_factory=list)

    def records(self) -> Iterator[tuple[int, int, Any]]:
        for i, levering in enumerate(self.document["leveringen"]):
            trajecten = levering.get("schuldhulptrajecten") if isinstance(levering, dict) else None
            for j, record in enumerate(trajecten if isinstance(trajecten, list) else []):
                yield i, j, record


def _geen_constante(naam: str) -> None:
    raise ValueError(f"{naam} is geen geldige JSON-waarde")


def lees_bestand(inhoud: bytes) -> Bestand:
    """Check size, encoding, JSON and schema; raise :class:`OngeldigBestand` when the file
    as a whole cannot be used."""
    if len(inhoud) > MAX_BYTES:
        raise OngeldigBestand(
            f"Het bestand is te groot ({len(inhoud) / 1024 / 1024:.1f} MB). Het mag hoogstens "
            f"{MAX_BYTES // 1024 // 1024} MB zijn. Splits het bestand, bijvoorbeeld per gemeente."
        )
    if not inhoud.strip():
        raise OngeldigBestand("Het bestand is leeg.")
    try:
        tekst = inhoud.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OngeldigBestand(
            "Dit is geen JSON-bestand: de inhoud is geen tekst in UTF-8. Kies het DDAS-bestand "
            "(.json) dat uw vorige systeem heeft gemaakt."
        ) from exc
    try:
        document = json.loads(tekst, parse_constant=_geen_constante)
    except json.JSONDecodeError as exc:
        raise OngeldigBestand(
            f"Dit is geen geldig JSON-bestand (regel {exc.lineno}, kolom {exc.colno}). "
            "Kies het DDAS-bestand (.json) dat uw vorige systeem heeft gemaakt."
        ) from exc
    except RecursionError as exc:
        raise OngeldigBestand("Dit is geen geldig JSON-bestand: het is te diep genest.") from exc
    except ValueError as exc:  # NaN, Infinity: not JSON, though Python would accept them
        raise OngeldigBestand(f"Dit is geen geldig JSON-bestand: {exc}.") from exc
    if pad := tekens.in_json(document):
        raise OngeldigBestand(
            f"Het bestand bevat bij {pad} een teken dat niet in tekst hoort (bijvoorbeeld een "
            "NUL-teken). Er is niets ingelezen. Laat het bestand opnieuw maken."
        )
    if not isinstance(document, dict) or not isinstance(document.get("leveringen"), list):
        raise OngeldigBestand(
            "Dit JSON-bestand heeft niet de vorm van een DDAS-bestand: er hoort een object met "
            "een lijst 'leveringen' in te staan."
        )

    recordfouten: dict[tuple[int, int], list[Melding]] = {}
    bestandsfouten: list[str] = []
    for fout in mapping.schemafouten(document):
        pad = list(fout.pad)
        if len(pad) >= 4 and pad[0] == "leveringen" and pad[2] == "schuldhulptrajecten":
            recordfouten.setdefault((pad[1], pad[3]), []).append(
                Melding(mapping.pad_tekst(pad[4:], leeg="(dit traject)"), fout.melding)
            )
        else:
            bestandsfouten.append(f"{mapping.pad_tekst(pad)}: {fout.melding}")
    meer = len(bestandsfouten) - MAX_BESTANDSFOUTEN
    bestandsfouten = bestandsfouten[:MAX_BESTANDSFOUTEN] + (
        [f"… en nog {meer} fouten."] if meer > 0 else []
    )
    return Bestand(hashlib.sha256(inhoud).hexdigest(), document, recordfouten, bestandsfouten)
