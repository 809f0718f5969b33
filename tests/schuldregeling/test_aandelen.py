"""Property tests for the share of creditors agreeing (klantplan/schuldregeling/aandelen.py):
what the overview and the verzoek dwangakkoord state must be exact, never rounded up."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from klantplan.schuldregeling import aandelen
from klantplan.schuldregeling.aandelen import Vordering

vorderingen = st.lists(
    st.builds(Vordering, bedrag_cent=st.integers(0, 10**9), stemt_in=st.booleans()),
    max_size=40,
)


@given(vorderingen)
def test_aandelen_exact(lijst: list[Vordering]) -> None:
    uitkomst = aandelen.bereken(lijst)
    assert uitkomst.aantal == len(lijst)
    assert uitkomst.aantal_akkoord == sum(v.stemt_in for v in lijst)
    assert uitkomst.bedrag_cent == sum(v.bedrag_cent for v in lijst)
    assert uitkomst.bedrag_akkoord_cent == sum(v.bedrag_cent for v in lijst if v.stemt_in)
    assert 0 <= uitkomst.per_aantal <= 1 and 0 <= uitkomst.per_bedrag <= 1
    # "Everyone" exactly when every claim agrees, and then both shares are 100,0%.
    assert uitkomst.iedereen == (bool(lijst) and all(v.stemt_in for v in lijst))
    if uitkomst.iedereen:
        assert uitkomst.procent_aantal == uitkomst.procent_bedrag == 100


@given(vorderingen)
def test_procent_rondt_naar_beneden(lijst: list[Vordering]) -> None:
    """The shown percentage never exceeds the exact share and is at most 0,1 below it, so a
    share just under 100% (or under a threshold) never shows as reaching it."""
    uitkomst = aandelen.bereken(lijst)
    for exact, getoond in (
        (uitkomst.per_aantal, uitkomst.procent_aantal),
        (uitkomst.per_bedrag, uitkomst.procent_bedrag),
    ):
        assert Fraction(getoond) <= exact * 100 < Fraction(getoond) + Fraction(1, 10)
    if not uitkomst.iedereen and uitkomst.aantal:
        assert uitkomst.procent_aantal < 100


@given(vorderingen, st.randoms(use_true_random=False))
def test_volgorde_doet_er_niet_toe(lijst: list[Vordering], rnd) -> None:
    geschud = list(lijst)
    rnd.shuffle(geschud)
    assert aandelen.bereken(geschud) == aandelen.bereken(lijst)


def test_voorbeeld_van_de_bundel() -> None:
    """Three of five claims agree, holding € 900 of € 1.000: 60,0% by count, 90,0% by amount."""
    lijst = [*[Vordering(30000, True)] * 3, *[Vordering(5000, False)] * 2]
    uitkomst = aandelen.bereken(lijst)
    assert (uitkomst.procent_aantal, uitkomst.procent_bedrag) == (60, 90)


def test_alleen_nulvorderingen_weegt_per_aantal() -> None:
    uitkomst = aandelen.bereken([Vordering(0, True), Vordering(0, False)])
    assert uitkomst.per_bedrag == uitkomst.per_aantal == Fraction(1, 2)


def test_negatieve_vordering_geweigerd() -> None:
    with pytest.raises(ValueError, match="negatief"):
        aandelen.bereken([Vordering(-1, True)])
