"""What every figure shares: the SQL helpers, the scope of a period, table rows and charts.

A figure is a :class:`Figuur` subclass that keeps together what it computes for one quarter
(:meth:`Figuur.bereken`: SQL aggregates — filtered ``Count``, ``Avg``, ``percentile_cont`` —
never a Python loop over rows), its table rows over five quarters (:meth:`Figuur.regels`,
for screen, PDF and CSV) and its charts (:meth:`Figuur.grafieken`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar, Protocol

from django.db.models import (
    Aggregate,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.utils.safestring import SafeString

from rapportage import grafieken as svg
from rapportage.models import Instellingen
from rapportage.opmaak import opmaker
from trajecten.models import Gebeurtenis, Gebeurtenissoort, Productsoort

G = Gebeurtenissoort
# Products that solve the debts (DDAS oplossing, plus the Wsnp as the legal route).
OPLOSSINGEN = [
    Productsoort.SCHULDBEMIDDELING,
    Productsoort.SANERINGSKREDIET,
    Productsoort.BETALINGSREGELING,
    Productsoort.HERFINANCIERING,
    Productsoort.NULPROCENTAANBOD,
    Productsoort.WSNP,
]


# ----------------------------------------------------------------------------- SQL helpers


class Dagen(Func):
    """``eind - begin`` in whole days (PostgreSQL: date minus date is an integer)."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()


class Mediaan(Aggregate):
    """The median: ``percentile_cont(0.5) WITHIN GROUP (ORDER BY ...)``."""

    function = "percentile_cont"
    name = "Mediaan"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def eerste_datum(soort: str | list[str], traject: str = "traject") -> Subquery:
    """The first date of an event of `soort` on the traject of the outer row."""
    soorten = [soort] if isinstance(soort, str) else soort
    return Subquery(
        Gebeurtenis.objects.filter(traject=OuterRef(traject), soort__in=soorten)
        .order_by("datum")
        .values("datum")[:1]
    )


def pct(deel: int | None, geheel: int | None) -> float | None:
    """A percentage with one decimal, or None when there is nothing to divide by."""
    if not geheel:
        return None
    return round(100 * (deel or 0) / geheel, 1)


def een_decimaal(waarde: float | Decimal | None, deler: int = 1) -> float | None:
    return None if waarde is None else round(float(waarde) / deler, 1)


def centen(bedrag: Decimal) -> int:
    return int((bedrag * 100).to_integral_value())


# ----------------------------------------------------------------------------- context


class Tijdvak(Protocol):
    """A stretch of days the figures are computed over: a :class:`Kwartaal` for the report,
    any :class:`rapportage.perioden.Periode` (month, year, free dates) for the dashboard."""

    @property
    def start(self) -> date: ...

    @property
    def eind(self) -> date: ...

    @property
    def kwartaalfractie(self) -> Fraction: ...


@dataclass
class Context:
    """What every figure function needs: scope, period and the report settings."""

    gemeente_id: int | None
    tijdvak: Tijdvak
    instellingen: Instellingen

    @property
    def periode(self) -> tuple:
        return (self.tijdvak.start, self.tijdvak.eind)

    def scope(self, qs: QuerySet, pad: str = "traject__gemeente_id") -> QuerySet:
        return qs if self.gemeente_id is None else qs.filter(**{pad: self.gemeente_id})

    def gebeurtenissen(self) -> QuerySet:
        return self.scope(Gebeurtenis.objects.all())


# ----------------------------------------------------------------------------- table rows


@dataclass
class Regel:
    """One row of a figure over the quarters (oldest first, the reported quarter last)."""

    label: str
    waarden: list[Any]
    eenheid: str = "aantal"  # aantal | pct | weken | dagen | centen | maanden | gemiddelde
    niveau: int = 0  # 1 = a breakdown row under the row above
    # A percentage of people: (tellers, noemers) per quarter, so the public version can hide
    # a percentage that gives away a small count (ADR 0012). None with eenheid "pct": a ratio
    # that is not about people (rendement), see ``over_personen``.
    basis: tuple[list[Any], list[Any]] | None = None
    over_personen: bool = True


def pad(reeks: list[dict], *stappen: str) -> list[Any]:
    """The value at `stappen` in each quarter (None where a quarter does not have it)."""
    uit = []
    for waarde in reeks:
        for stap in stappen:
            waarde = waarde.get(stap) if isinstance(waarde, dict) else None
        uit.append(waarde)
    return uit


def verdeling(reeks: list[dict], veld: str, labels: type, *, sub: str | None = None) -> list:
    """Breakdown rows, one per choice of `labels` (a TextChoices), zero where absent."""
    return [
        Regel(
            keuze.label,
            [pad([d], veld, keuze.value, *([sub] if sub else []))[0] or 0 for d in reeks],
            niveau=1,
        )
        for keuze in labels
    ]


# ----------------------------------------------------------------------------- charts

Grafiek = tuple[str, SafeString]  # (caption, SVG)


def trendgrafiek(
    titel: str,
    labels: list[str],
    waarden: list,
    eenheid: str = "aantal",
    doel: float | None = None,
) -> Grafiek:
    """Bars per quarter, the reported quarter last."""
    return (
        titel,
        svg.trend(labels, waarden, titel=titel, opmaak=opmaker(eenheid), doel=doel),
    )


def verdelinggrafiek(
    kop: str,
    items: list[tuple[str, int | float]],
    *,
    titel: str,
    eenheid: str = "aantal",
    doelen: list[float | None] | None = None,
) -> Grafiek:
    """Horizontal bars: a breakdown of the reported quarter (optionally with target lines)."""
    return (kop, svg.verdeling(items, titel=titel, opmaak=opmaker(eenheid), doelen=doelen))


# ----------------------------------------------------------------------------- the figure


class Figuur(ABC):
    """One figure of the report: its computation, its table rows and its charts together.

    ``definitie`` is the text that the PDF annex and ``docs/rapportage.md`` cite word for word.
    """

    sleutel: ClassVar[str]
    titel: ClassVar[str]
    definitie: ClassVar[str]

    def beschikbaar(self) -> bool:
        """False when the models it counts do not exist (figures of other apps)."""
        return True

    @abstractmethod
    def bereken(self, ctx: Context) -> dict:
        """The figure of one quarter, JSON-ready (it is stored with the report)."""

    @abstractmethod
    def regels(self, reeks: list[dict]) -> list[Regel]:
        """Table rows over the quarters of `reeks` (oldest first)."""

    def grafieken(self, reeks: list[dict], labels: list[str]) -> list[Grafiek]:
        """Charts for screen and PDF; most figures have a table only."""
        return []

    def waarom_leeg(self, reeks: list[dict], regel: Regel) -> str:
        """Why `regel` has no value in the reported quarter ('—' in the table says why)."""
        if regel.eenheid == "pct":
            return "geen metingen in dit kwartaal, dus geen percentage"
        return "geen trajecten in dit kwartaal om dit over te berekenen"

    def tonen(self, reeks: list[dict]) -> bool:
        """Whether the report shows this figure (screen, PDF, CSV); most always do."""
        return True
