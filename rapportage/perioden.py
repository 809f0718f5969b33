"""Periods for the dashboard: a month, a quarter, a year or free dates, and the ones before.

The report always covers a finished quarter (:mod:`rapportage.kwartalen`); the dashboard
computes the same figures over any of these periods (one computation: ``figuren.bereken``
takes anything with ``start``, ``eind`` and ``kwartaalfractie``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from django.utils import formats, translation

from rapportage.kwartalen import Kwartaal
from schuldhulp import opmaak

MAX_DAGEN = 3 * 366  # a free period of more than three years is no dashboard question
_MAAND = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_JAAR = re.compile(r"^\s*(\d{4})\s*$")


class OngeldigePeriode(ValueError):
    """A period that cannot be read; the message is Dutch and says what to write."""


def _maandnaam(dag: date, formaat: str) -> str:
    """'juli 2026' (F Y) or 'jul 2026' (M Y), Dutch whatever the active language."""
    with translation.override("nl"):
        return formats.date_format(dag, formaat)


def _maand_eind(jaar: int, maand: int) -> date:
    volgende = date(jaar + maand // 12, maand % 12 + 1, 1)
    return volgende - timedelta(days=1)


@dataclass(frozen=True)
class Periode:
    """From `start` through `eind` (both included). `soort`: maand, kwartaal, jaar or vrij."""

    start: date
    eind: date
    soort: str = "vrij"

    @classmethod
    def maand(cls, jaar: int, maand: int) -> Periode:
        return cls(date(jaar, maand, 1), _maand_eind(jaar, maand), "maand")

    @classmethod
    def kwartaal(cls, kwartaal: Kwartaal) -> Periode:
        return cls(kwartaal.start, kwartaal.eind, "kwartaal")

    @classmethod
    def jaar(cls, jaar: int) -> Periode:
        return cls(date(jaar, 1, 1), date(jaar, 12, 31), "jaar")

    @property
    def dagen(self) -> int:
        return (self.eind - self.start).days + 1

    @property
    def kwartaalfractie(self) -> Fraction:
        """How many quarters this is, for costs set per quarter: a month a third, a year
        four, free dates by days (a quarter being a quarter of 365¼ days)."""
        vast = {"maand": Fraction(1, 3), "kwartaal": Fraction(1), "jaar": Fraction(4)}
        if self.soort in vast and self.volledig:
            return vast[self.soort]
        return Fraction(self.dagen * 4 * 4, 1461)

    @property
    def volledig(self) -> bool:
        """Whether this is the whole month/quarter/year (not cut off at today)."""
        return self == self.als_geheel()

    def als_geheel(self) -> Periode:
        if self.soort == "maand":
            return Periode.maand(self.start.year, self.start.month)
        if self.soort == "kwartaal":
            return Periode.kwartaal(Kwartaal.van_datum(self.start))
        if self.soort == "jaar":
            return Periode.jaar(self.start.year)
        return self

    def vorige(self) -> Periode:
        """The whole period of the same kind just before this one (free dates: as long)."""
        dag_ervoor = self.start - timedelta(days=1)
        if self.soort == "maand":
            return Periode.maand(dag_ervoor.year, dag_ervoor.month)
        if self.soort == "kwartaal":
            return Periode.kwartaal(Kwartaal.van_datum(dag_ervoor))
        if self.soort == "jaar":
            return Periode.jaar(dag_ervoor.year)
        return Periode(dag_ervoor - timedelta(days=self.dagen - 1), dag_ervoor, "vrij")

    def reeks(self, aantal_vorige: int = 4) -> list[Periode]:
        """The `aantal_vorige` periods before this one and this one, oldest first."""
        perioden = [self]
        for _ in range(aantal_vorige):
            perioden.append(perioden[-1].vorige())
        return list(reversed(perioden))

    def tot_en_met(self, dag: date) -> Periode:
        """Cut off at `dag` (the running period 'tot nu toe')."""
        return Periode(self.start, min(self.eind, dag), self.soort)

    @property
    def kort(self) -> str:
        """Column and chart labels (short: five fit under a small chart): 'jul 2026',
        '2026 K3', '2026', '1 juli–15 augustus' (the one date notation). A period cut off
        at today says so in its `naam`."""
        if self.soort == "maand":
            return _maandnaam(self.start, "M Y").lower()
        if self.soort == "kwartaal":
            return Kwartaal.van_datum(self.start).kort
        if self.soort == "jaar":
            return str(self.start.year)
        return f"{opmaak.dag_maand(self.start)}–{opmaak.dag_maand(self.eind)}"

    @property
    def naam(self) -> str:
        """'juli 2026', '3e kwartaal 2026 (t/m 7 december 2026)', '1 juli t/m 15 augustus'."""
        if self.soort == "maand" and self.volledig:
            return _maandnaam(self.start, "F Y")
        if self.soort == "kwartaal":
            naam = Kwartaal.van_datum(self.start).naam
        elif self.soort == "jaar":
            naam = f"het jaar {self.start.year}"
        else:
            return f"{opmaak.datum_lang(self.start)} t/m {opmaak.datum_lang(self.eind)}"
        if self.volledig:
            return naam
        return f"{naam} (t/m {opmaak.datum_lang(self.eind)})"

    @property
    def sleutel(self) -> str:
        """For a cache key: the dates and the kind."""
        return f"{self.soort}:{self.start.isoformat()}:{self.eind.isoformat()}"


def lees_maand(tekst: str) -> Periode:
    """'2026-07' (what an <input type=month> sends) → juli 2026."""
    treffer = _MAAND.match(tekst or "")
    if not treffer or not 1 <= int(treffer.group(2)) <= 12:
        raise OngeldigePeriode(
            f"'{tekst}' is geen maand. Kies een maand, of schrijf jaar-maand, bijvoorbeeld 2026-07."
        )
    return Periode.maand(int(treffer.group(1)), int(treffer.group(2)))


def lees_jaar(tekst: str) -> Periode:
    treffer = _JAAR.match(tekst or "")
    if not treffer:
        raise OngeldigePeriode(f"'{tekst}' is geen jaar. Schrijf vier cijfers, bijvoorbeeld 2026.")
    return Periode.jaar(int(treffer.group(1)))


def vrije_periode(van: date, tot: date) -> Periode:
    if tot < van:
        raise OngeldigePeriode("De einddatum ligt vóór de begindatum. Draai ze om.")
    periode = Periode(van, tot, "vrij")
    if periode.dagen > MAX_DAGEN:
        raise OngeldigePeriode("Kies een periode van hooguit drie jaar.")
    return periode


def controleer(periode: Periode, vandaag: date) -> Periode:
    """No figures of the future: a period that starts after today is refused, one that runs
    on is cut off at today (figures 'tot nu toe')."""
    if periode.start > vandaag:
        raise OngeldigePeriode(
            f"De periode begint op {opmaak.datum_lang(periode.start)}, in de toekomst. "
            "Kies een periode die al begonnen is."
        )
    if periode.start.year < 2000:
        raise OngeldigePeriode("Kies een periode vanaf het jaar 2000.")
    return periode.tot_en_met(vandaag)


def lopend_kwartaal(vandaag: date) -> Periode:
    """The dashboard's default: the current quarter up to and including today."""
    return Periode.kwartaal(Kwartaal.van_datum(vandaag)).tot_en_met(vandaag)
