"""The reader of one record's fields: dates, problems and warnings, each with its DDAS path."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from rapportage.ddas.importer.lezen import Melding
from rapportage.ddas.mapping import datum_nl

if TYPE_CHECKING:
    from rapportage.ddas.importer.analyse import Record

_DATUM = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Lezer:
    """Reads one record: dates, problems and warnings, each with its DDAS path."""

    def __init__(
        self, record: Record, ruw: dict[str, Any], vandaag: date, al_gemeld: set[str] = frozenset()
    ) -> None:
        self.record = record
        self.ruw = ruw
        self.vandaag = vandaag
        # Paths the schema already reported: one problem per field, not the same one twice.
        self.al_gemeld = al_gemeld
        # Each field is read (and reported) once, however often the analysis asks for it.
        self._gelezen: dict[tuple[int, str], date | None] = {}

    def fout(self, pad: str, tekst: str) -> None:
        melding = Melding(pad, tekst)
        if pad not in self.al_gemeld and melding not in self.record.fouten:
            self.record.fouten.append(melding)

    def let_op(self, pad: str, tekst: str) -> None:
        self.record.waarschuwingen.append(Melding(pad, tekst))

    def groep(self, naam: str) -> dict[str, Any]:
        waarde = self.ruw.get(naam)
        return waarde if isinstance(waarde, dict) else {}

    def lijst(self, naam: str) -> list[dict[str, Any]]:
        waarde = self.ruw.get(naam)
        return [w for w in waarde if isinstance(w, dict)] if isinstance(waarde, list) else []

    def datum(self, groep: dict[str, Any], sleutel: str, pad: str) -> date | None:
        if (id(groep), sleutel) not in self._gelezen:
            self._gelezen[(id(groep), sleutel)] = self._lees_datum(groep, sleutel, pad)
        return self._gelezen[(id(groep), sleutel)]

    def _lees_datum(self, groep: dict[str, Any], sleutel: str, pad: str) -> date | None:
        waarde = groep.get(sleutel)
        if waarde is None:
            return None
        try:
            if not isinstance(waarde, str) or not _DATUM.match(waarde):
                raise ValueError
            resultaat = date.fromisoformat(waarde)
        except ValueError:
            self.fout(pad, f"{waarde!r} is geen geldige datum; gebruik JJJJ-MM-DD.")
            return None
        if resultaat > self.vandaag:
            self.fout(pad, f"De datum {datum_nl(resultaat)} ligt in de toekomst.")
        return resultaat

    def periode(self, groep: dict[str, Any], pad: str) -> tuple[date | None, date | None]:
        start = self.datum(groep, "startdatum", f"{pad}.startdatum")
        eind = self.datum(groep, "einddatum", f"{pad}.einddatum")
        if start and eind and eind < start:
            self.fout(
                f"{pad}.einddatum",
                f"De einddatum ({datum_nl(eind)}) ligt vóór de startdatum ({datum_nl(start)}).",
            )
        return start, eind

    def kies(self, naam: str, kandidaten: list[tuple[str, date | None]]) -> tuple[date | None, str]:
        """The first date given for `naam`; a warning when the others say something else."""
        gegeven = [(pad, d) for pad, d in kandidaten if d is not None]
        if not gegeven:
            return None, ""
        pad, gekozen = gegeven[0]
        for ander_pad, anders in gegeven[1:]:
            if anders != gekozen:
                self.let_op(
                    ander_pad,
                    f"Wijkt af van {pad} ({datum_nl(anders)} tegen {datum_nl(gekozen)}). "
                    f"Schuldhulp neemt {datum_nl(gekozen)} als datum van {naam}.",
                )
        return gekozen, pad
