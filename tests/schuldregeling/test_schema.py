"""The payment schedule and the distribution of receipts (klantplan/schuldregeling/schema.py):
exact to the cent, never negative, deterministic and independent of the input order."""

from __future__ import annotations

import random
from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from klantplan.sanering import OngeldigeInvoer, grootste_rest
from klantplan.schuldregeling import schema as sch

aandelen_st = st.dictionaries(
    st.text(alphabet="abcdefghij", min_size=1, max_size=4),
    st.integers(min_value=0, max_value=5_000_000),
    min_size=1,
    max_size=12,
)
maanden_st = st.sampled_from([1, 2, 3, 7, 18, 36])


def _geschud(d: dict[str, int], seed: int) -> dict[str, int]:
    items = list(d.items())
    random.Random(seed).shuffle(items)
    return dict(items)


@given(st.integers(0, 10**9), st.integers(1, 60))
def test_maandtotalen_exact_en_rest_achteraan(totaal: int, maanden: int) -> None:
    t = sch.maandtotalen(totaal, maanden)
    assert sum(t) == totaal and len(t) == maanden
    assert max(t) - min(t) <= 1
    assert t == sorted(t)  # the extra cents are in the last months


@settings(max_examples=300)
@given(aandelen_st, maanden_st, st.integers(0, 1000))
def test_schema_exact_niet_negatief_en_volgorde_onafhankelijk(aandelen, maanden, seed) -> None:
    schema = sch.maak_schema(aandelen, maanden)
    assert len(schema) == maanden
    assert sch.totalen(schema) == aandelen  # every creditor its share, to the cent
    assert [sum(m.values()) for m in schema] == sch.maandtotalen(sum(aandelen.values()), maanden)
    assert all(b >= 0 for m in schema for b in m.values())
    assert sch.maak_schema(_geschud(aandelen, seed), maanden) == schema


@given(aandelen_st, st.sampled_from([18, 36]), st.integers(1, 100_000))
def test_reservering_maal_looptijd_geeft_elke_maand_de_reservering(aandelen, maanden, m) -> None:
    """Shares that add up to reservering × looptijd: each month pays out the reservation."""
    totaal = m * maanden
    # scale the shares to add up to `totaal` (largest remainder, like the voorstel does)

    som = sum(aandelen.values())
    if som == 0:
        return
    geschaald = grootste_rest({k: Fraction(v * totaal, som) for k, v in aandelen.items()}, totaal)
    schema = sch.maak_schema(geschaald, maanden)
    assert all(sum(maand.values()) == m for maand in schema)


@settings(max_examples=300)
@given(
    aandelen_st,
    maanden_st,
    st.lists(st.integers(0, 3_000_000), max_size=10),
    st.integers(0, 1000),
)
def test_verdeling_exact_niet_negatief_en_nooit_meer_dan_het_schema(
    aandelen, maanden, ontvangsten, seed
) -> None:
    schema = sch.maak_schema(aandelen, maanden)
    toegewezen, overschot = sch.toewijzing(schema, ontvangsten)
    totaal = sum(aandelen.values())
    assert sum(toegewezen.values()) == min(sum(ontvangsten), totaal)
    assert overschot == max(0, sum(ontvangsten) - totaal)
    assert all(0 <= toegewezen[s] <= aandelen[s] for s in aandelen)
    # each receipt only adds
    stand = dict.fromkeys(aandelen, 0)
    for o in ontvangsten:
        deel, _rest = sch.verdeel(schema, stand, o)
        assert all(b >= 0 for b in deel.values())
        stand = {s: stand[s] + deel[s] for s in stand}
    assert stand == toegewezen
    assert sch.toewijzing(sch.maak_schema(_geschud(aandelen, seed), maanden), ontvangsten) == (
        toegewezen,
        overschot,
    )


@settings(max_examples=200)
@given(aandelen_st, maanden_st, st.data())
def test_ontvangsten_van_hele_maanden_geven_precies_die_maanden(aandelen, maanden, data) -> None:
    """However the money comes in (in pieces, in one go), once the receipts add up to the
    first k month totals every creditor has exactly its first k months."""
    schema = sch.maak_schema(aandelen, maanden)
    k = data.draw(st.integers(0, maanden))
    doel = sum(sum(m.values()) for m in schema[:k])
    knippen = sorted(data.draw(st.lists(st.integers(0, doel), max_size=5)))
    stukken = [b - a for a, b in zip([0, *knippen], [*knippen, doel], strict=True)]
    toegewezen, overschot = sch.toewijzing(schema, stukken)
    assert toegewezen == sch.tot_en_met(schema, k)
    assert overschot == 0


def test_voorbeeld_drie_maanden() -> None:
    """A worked example: € 150 a month over 18 months, three creditors."""
    aandelen = {"a": 100_000, "b": 120_000, "c": 50_000}  # 270.000 = 15.000 × 18
    schema = sch.maak_schema(aandelen, 18)
    assert schema[0] == {"a": 5_555, "b": 6_667, "c": 2_778}
    assert all(sum(m.values()) == 15_000 for m in schema)
    toegewezen, _ = sch.toewijzing(schema, [15_000, 15_000, 15_000])
    assert toegewezen == sch.tot_en_met(schema, 3)
    assert sum(toegewezen.values()) == 45_000


def test_data_en_toetsen() -> None:
    start = date(2026, 1, 31)
    assert sch.maanddata(start, 3) == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]
    assert sch.toetsdata(date(2026, 2, 1), 18) == [date(2026, 8, 1), date(2027, 2, 1)]
    assert len(sch.toetsdata(date(2026, 2, 1), 36)) == 5
    assert sch.einddatum(date(2026, 2, 1), 18) == date(2027, 8, 1)
    assert sch.verstreken_maanden(date(2026, 2, 1), 18, date(2026, 4, 1)) == 3


def test_sociaal_krediet() -> None:
    assert sch.sociaal_krediet_reden(175_000, meerpersoons=False, maanden=36) is None
    assert "€ 1.750" in sch.sociaal_krediet_reden(175_001, meerpersoons=False, maanden=12)
    assert sch.sociaal_krediet_reden(250_000, meerpersoons=True, maanden=24) is None
    assert "€ 2.500" in sch.sociaal_krediet_reden(250_001, meerpersoons=True, maanden=24)
    assert "36 maanden" in sch.sociaal_krediet_reden(100_000, meerpersoons=True, maanden=37)


@pytest.mark.parametrize(
    "aandelen,maanden",
    [({"a": -1}, 18), ({"a": 1.5}, 18), ({"a": True}, 18), ({"a": 1}, 0)],
)
def test_ongeldige_invoer(aandelen, maanden) -> None:
    with pytest.raises(OngeldigeInvoer):
        sch.maak_schema(aandelen, maanden)
