"""Quarters: reading '2026-3', edges, the trend series, which quarters may be reported."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapportage.kwartalen import (
    Kwartaal,
    OngeldigKwartaal,
    afgelopen_kwartalen,
    controleer_rapporteerbaar,
)


@pytest.mark.parametrize("tekst", ["2026-3", "2026-K3", "2026 Q3", " 2026/3 "])
def test_lees(tekst):
    assert Kwartaal.lees(tekst) == Kwartaal(2026, 3)


@pytest.mark.parametrize("tekst", ["2026-5", "2026", "derde kwartaal", "", "26-3"])
def test_lees_fout_zegt_hoe_het_moet(tekst):
    with pytest.raises(OngeldigKwartaal, match=r"bijvoorbeeld 2026-3|1, 2, 3 of 4"):
        Kwartaal.lees(tekst)


def test_grenzen_en_namen():
    k = Kwartaal(2026, 3)
    assert (k.start, k.eind) == (date(2026, 7, 1), date(2026, 9, 30))
    assert Kwartaal(2026, 1).eind == date(2026, 3, 31)
    assert Kwartaal(2024, 4).eind == date(2024, 12, 31)
    assert (k.code, k.kort, k.naam) == ("2026-3", "2026 K3", "3e kwartaal 2026")
    assert k.periode == "1 juli t/m 30 september 2026"


def test_reeks_met_vier_vorige_kwartalen_over_de_jaargrens():
    assert [q.code for q in Kwartaal(2026, 2).reeks()] == [
        "2025-2",
        "2025-3",
        "2025-4",
        "2026-1",
        "2026-2",
    ]


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_elke_dag_hoort_bij_precies_zijn_kwartaal(dag):
    k = Kwartaal.van_datum(dag)
    assert k.start <= dag <= k.eind
    assert k.vorige().eind.toordinal() + 1 == k.start.toordinal()
    assert k.volgende().vorige() == k


def test_alleen_afgelopen_kwartalen_zijn_rapporteerbaar():
    vandaag = date(2026, 10, 1)
    controleer_rapporteerbaar(Kwartaal(2026, 3), vandaag)
    with pytest.raises(OngeldigKwartaal, match="nog niet afgelopen"):
        controleer_rapporteerbaar(Kwartaal(2026, 4), vandaag)
    with pytest.raises(OngeldigKwartaal, match="ligt in de toekomst"):
        controleer_rapporteerbaar(Kwartaal(2027, 1), vandaag)
    # On the last day of the quarter it has not ended yet.
    with pytest.raises(OngeldigKwartaal):
        controleer_rapporteerbaar(Kwartaal(2026, 3), date(2026, 9, 30))


def test_keuzelijst_van_afgelopen_kwartalen():
    lijst = afgelopen_kwartalen(date(2026, 11, 23), aantal=3)
    assert [k.code for k in lijst] == ["2026-3", "2026-2", "2026-1"]
