"""Quarters: parsing '2026-3', their first and last day, the previous ones."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from schuldhulp import opmaak

_PATROON = re.compile(r"^\s*(\d{4})\s*[-/ ]\s*[KkQq]?([1-4])\s*$")


class OngeldigKwartaal(ValueError):
    """A quarter that cannot be read or may not be reported on; the message is Dutch."""


@dataclass(frozen=True, order=True)
class Kwartaal:
    jaar: int
    nummer: int

    def __post_init__(self) -> None:
        if self.nummer not in (1, 2, 3, 4):
            raise OngeldigKwartaal("Een kwartaal is 1, 2, 3 of 4.")

    @classmethod
    def lees(cls, tekst: str) -> Kwartaal:
        """'2026-3' (also '2026-K3', '2026 Q3') → Kwartaal(2026, 3)."""
        treffer = _PATROON.match(tekst or "")
        if not treffer:
            raise OngeldigKwartaal(
                f"'{tekst}' is geen kwartaal. Schrijf jaar-kwartaal, bijvoorbeeld 2026-3."
            )
        return cls(int(treffer.group(1)), int(treffer.group(2)))

    @classmethod
    def van_datum(cls, datum: date) -> Kwartaal:
        return cls(datum.year, (datum.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        return date(self.jaar, 3 * self.nummer - 2, 1)

    @property
    def eind(self) -> date:
        return self.volgende().start - timedelta(days=1)

    @property
    def kwartaalfractie(self) -> Fraction:
        """How many quarters this is (costs per quarter scale with it): exactly one."""
        return Fraction(1)

    def volgende(self) -> Kwartaal:
        return (
            Kwartaal(self.jaar + 1, 1) if self.nummer == 4 else Kwartaal(self.jaar, self.nummer + 1)
        )

    def vorige(self) -> Kwartaal:
        return (
            Kwartaal(self.jaar - 1, 4) if self.nummer == 1 else Kwartaal(self.jaar, self.nummer - 1)
        )

    def reeks(self, aantal_vorige: int = 4) -> list[Kwartaal]:
        """The `aantal_vorige` quarters before this one and this one, oldest first."""
        kwartalen = [self]
        for _ in range(aantal_vorige):
            kwartalen.append(kwartalen[-1].vorige())
        return list(reversed(kwartalen))

    def is_afgelopen(self, vandaag: date) -> bool:
        return self.eind < vandaag

    @property
    def code(self) -> str:
        """'2026-3': how the command line and URLs write it."""
        return f"{self.jaar}-{self.nummer}"

    @property
    def kort(self) -> str:
        """'2026 K3': column headings."""
        return f"{self.jaar} K{self.nummer}"

    @property
    def naam(self) -> str:
        """'3e kwartaal 2026'."""
        return f"{self.nummer}e kwartaal {self.jaar}"

    @property
    def periode(self) -> str:
        """'1 juli t/m 30 september 2026'."""
        return f"{opmaak.dag_maand(self.start)} t/m {opmaak.datum_lang(self.eind)}"

    def __str__(self) -> str:
        return self.naam


def controleer_rapporteerbaar(kwartaal: Kwartaal, vandaag: date) -> None:
    """Only a finished quarter is reported: figures of a running quarter would still change."""
    if kwartaal.start > vandaag:
        raise OngeldigKwartaal(
            f"Het {kwartaal.naam} ligt in de toekomst. Kies een kwartaal dat al voorbij is."
        )
    if not kwartaal.is_afgelopen(vandaag):
        raise OngeldigKwartaal(
            f"Het {kwartaal.naam} is nog niet afgelopen (het loopt tot en met "
            f"{opmaak.datum_lang(kwartaal.eind)}). "
            "Een kwartaalrapportage kan pas na afloop van het kwartaal."
        )
    if kwartaal.jaar < 2000:
        raise OngeldigKwartaal("Kies een kwartaal vanaf het jaar 2000.")


def afgelopen_kwartalen(vandaag: date, aantal: int = 12) -> list[Kwartaal]:
    """The last `aantal` finished quarters, newest first (for a choice list)."""
    laatste = Kwartaal.van_datum(vandaag).vorige()
    return list(reversed(laatste.reeks(aantal - 1)))
