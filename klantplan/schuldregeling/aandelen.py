"""The share of the creditors agreeing to a schuldregeling, by count and by amount (pure
Python, no Django): what the overview shows and what a verzoek dwangakkoord (art. 287a Fw)
states. Exact: fractions, never floats; a percentage is rounded down, so "100%" means
that everyone agreed and a share just below a threshold never shows as reaching it.

Counted per claim (one ``Onderhandeling`` per debt, as the Schuldenknooppunt counts per
vordering): a creditor with two claims counts twice.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction


@dataclass(frozen=True)
class Vordering:
    """One claim in the regeling: its amount in cents and whether its creditor agrees
    (akkoord, or bound by the court's dwangakkoord)."""

    bedrag_cent: int
    stemt_in: bool


@dataclass(frozen=True)
class Instemming:
    aantal: int
    aantal_akkoord: int
    bedrag_cent: int
    bedrag_akkoord_cent: int

    @property
    def per_aantal(self) -> Fraction:
        """Share of the claims whose creditor agrees (0 without any claim)."""
        return Fraction(self.aantal_akkoord, self.aantal) if self.aantal else Fraction(0)

    @property
    def per_bedrag(self) -> Fraction:
        """Share of the total claimed amount held by agreeing creditors. Claims of € 0 only
        (nothing to weigh): the share by count."""
        if self.bedrag_cent == 0:
            return self.per_aantal
        return Fraction(self.bedrag_akkoord_cent, self.bedrag_cent)

    @property
    def iedereen(self) -> bool:
        return self.aantal > 0 and self.aantal_akkoord == self.aantal

    @property
    def procent_aantal(self) -> Decimal:
        return procent(self.per_aantal)

    @property
    def procent_bedrag(self) -> Decimal:
        return procent(self.per_bedrag)


def bereken(vorderingen: Iterable[Vordering]) -> Instemming:
    aantal = akkoord = totaal = totaal_akkoord = 0
    for v in vorderingen:
        if v.bedrag_cent < 0:
            raise ValueError("Een vordering kan niet negatief zijn.")
        aantal += 1
        totaal += v.bedrag_cent
        if v.stemt_in:
            akkoord += 1
            totaal_akkoord += v.bedrag_cent
    return Instemming(aantal, akkoord, totaal, totaal_akkoord)


def procent(deel: Fraction, decimalen: int = 1) -> Decimal:
    """A share as a percentage with `decimalen` decimals, rounded down on the exact
    fraction (so 99,99...% never becomes 100,0%)."""
    return Decimal(math.floor(deel * 100 * 10**decimalen)).scaleb(-decimalen)
