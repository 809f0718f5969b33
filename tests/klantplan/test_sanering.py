"""Tests voor klantplan.sanering (zuivere Python, geen database nodig)."""

from __future__ import annotations

import json
import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klantplan.sanering import (
    Aandeel,
    OngeldigeInvoer,
    Voorstel,
    Vordering,
    bepaal_verdeelpercentage,
    bereken_saneringskrediet,
    bereken_schuldregeling,
)

# Geen voorbeelddatabase op schijf en geen tijdslimiet per voorbeeld (CI kan traag zijn).
instellingen = settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def aandelen_per_sleutel(voorstel: Voorstel) -> dict[str, int]:
    return {a.sleutel: a.aandeel_cent for a in voorstel.aandelen}


# ---------------------------------------------------------------------------
# Met de hand uitgewerkte voorbeelden
# ---------------------------------------------------------------------------


def test_drie_schuldeisers_een_preferent():
    # A: 1.000,00 concurrent, B: 500,00 preferent, C: 1.500,00 concurrent.
    # Beschikbaar: 50,00 x 18 = 900,00 = 90000 cent.
    # Concurrent totaal 250000, preferent totaal 50000, factor 2.
    # Zolang B niet volledig betaald wordt: 250000 p + 2 * 50000 p = 90000
    #   => p = 90000 / 350000 = 9/35 = 25,714...%  (B: 18/35 = 51,428...%; < 100%, dus geldig)
    # Exact: A = 100000 * 9/35  = 25714 + 10/35
    #        B =  50000 * 18/35 = 25714 + 10/35
    #        C = 150000 * 9/35  = 38571 + 15/35
    # Naar beneden afgerond: 25714 + 25714 + 38571 = 89999 => 1 cent over.
    # Grootste rest is C (15/35) => C krijgt 38572.
    vorderingen = [
        Vordering("A", 100_000, False),
        Vordering("B", 50_000, True),
        Vordering("C", 150_000, False),
    ]
    voorstel = bereken_schuldregeling(vorderingen, aflosruimte_per_maand_cent=5_000)

    assert voorstel.soort == "schuldregeling"
    assert voorstel.beschikbaar_cent == 90_000
    assert voorstel.totaal_schuld_cent == 300_000
    assert voorstel.overschot_cent == 0
    assert voorstel.looptijd_maanden == 18
    assert voorstel.aflosruimte_per_maand_cent == 5_000
    assert [a.aandeel_cent for a in voorstel.aandelen] == [25_714, 25_714, 38_572]
    assert [a.sleutel for a in voorstel.aandelen] == ["A", "B", "C"]
    assert [a.percentage for a in voorstel.aandelen] == [
        Decimal("25.71"),
        Decimal("51.43"),
        Decimal("25.71"),
    ]
    assert [a.preferent for a in voorstel.aandelen] == [False, True, False]
    assert voorstel.concurrent_percentage == Decimal("25.71")
    assert voorstel.preferent_percentage == Decimal("51.43")
    assert voorstel.totaal_aandelen_cent == 90_000
    assert bepaal_verdeelpercentage(vorderingen, beschikbaar_cent=90_000) == Fraction(9, 35)


def test_preferente_vordering_volledig_betaald():
    # A: 1.000,00 concurrent, B: 500,00 preferent; beschikbaar 70,00 x 18 = 1.260,00.
    # Stel B < 100%: p = 126000 / (100000 + 2 * 50000) = 0,63 => B zou 126% krijgen: te veel.
    # Dus B krijgt 100% (50000) en A de rest: 126000 - 50000 = 76000 = 76%.
    voorstel = bereken_schuldregeling(
        [Vordering("A", 100_000, False), Vordering("B", 50_000, True)],
        aflosruimte_per_maand_cent=7_000,
    )
    assert aandelen_per_sleutel(voorstel) == {"A": 76_000, "B": 50_000}
    assert voorstel.concurrent_percentage == Decimal("76.00")
    assert voorstel.preferent_percentage == Decimal("100.00")
    assert voorstel.overschot_cent == 0


def test_preferent_precies_op_de_knik():
    # A: 1.000,00 concurrent, B: 500,00 preferent, saneringskrediet 1.000,00.
    # p = 100000 / (100000 + 2 * 50000) = 1/2 => B precies 100%, A 50%.
    voorstel = bereken_saneringskrediet(
        [Vordering("A", 100_000, False), Vordering("B", 50_000, True)],
        krediet_cent=100_000,
    )
    assert aandelen_per_sleutel(voorstel) == {"A": 50_000, "B": 50_000}
    assert voorstel.concurrent_percentage == Decimal("50.00")
    assert voorstel.preferent_percentage == Decimal("100.00")


def test_gelijke_rest_gaat_naar_kleinste_sleutel():
    # Drie gelijke concurrente vorderingen van 10,00, krediet 10,00:
    # exact 333 1/3 cent elk; 999 verdeeld, 1 cent over, gelijke resten
    # => sleutel "a" (alfabetisch eerst) krijgt de cent, ongeacht invoervolgorde.
    vorderingen = [Vordering("c", 1_000), Vordering("a", 1_000), Vordering("b", 1_000)]
    voorstel = bereken_saneringskrediet(vorderingen, krediet_cent=1_000)

    assert voorstel.soort == "saneringskrediet"
    assert voorstel.looptijd_maanden is None
    assert voorstel.aflosruimte_per_maand_cent is None
    assert [(a.sleutel, a.aandeel_cent) for a in voorstel.aandelen] == [
        ("c", 333),
        ("a", 334),
        ("b", 333),
    ]
    assert [a.percentage for a in voorstel.aandelen] == [
        Decimal("33.30"),
        Decimal("33.40"),
        Decimal("33.30"),
    ]
    assert voorstel.concurrent_percentage == Decimal("33.33")


def test_overschot_bij_36_maanden():
    # 100,00 x 36 = 3.600,00 beschikbaar; schuld 1.000,00 + 500,00 = 1.500,00.
    # Iedereen 100%, overschot 2.100,00.
    voorstel = bereken_schuldregeling(
        [Vordering("A", 100_000, False), Vordering("B", 50_000, True)],
        aflosruimte_per_maand_cent=10_000,
        looptijd_maanden=36,
    )
    assert voorstel.beschikbaar_cent == 360_000
    assert voorstel.looptijd_maanden == 36
    assert aandelen_per_sleutel(voorstel) == {"A": 100_000, "B": 50_000}
    assert voorstel.overschot_cent == 210_000
    assert voorstel.concurrent_percentage == Decimal("100.00")
    assert voorstel.preferent_percentage == Decimal("100.00")
    assert all(a.percentage == Decimal("100.00") for a in voorstel.aandelen)


def test_geen_aflosruimte_geeft_nulvoorstel():
    voorstel = bereken_schuldregeling(
        [Vordering("A", 12_345, False), Vordering("B", 678, True)],
        aflosruimte_per_maand_cent=0,
    )
    assert aandelen_per_sleutel(voorstel) == {"A": 0, "B": 0}
    assert voorstel.concurrent_percentage == Decimal("0.00")
    assert voorstel.preferent_percentage == Decimal("0.00")
    assert str(voorstel.aandelen[0].percentage) == "0.00"


def test_alleen_preferente_vorderingen():
    # P = 40000, factor 2, krediet 10000: 2 p * 40000 = 10000 => p = 1/8, preferent 25%.
    voorstel = bereken_saneringskrediet(
        [Vordering("X", 30_000, True), Vordering("Y", 10_000, True)],
        krediet_cent=10_000,
    )
    assert aandelen_per_sleutel(voorstel) == {"X": 7_500, "Y": 2_500}
    assert voorstel.concurrent_percentage == Decimal("12.50")
    assert voorstel.preferent_percentage == Decimal("25.00")


def test_factor_anderhalf():
    # A: 600,00 concurrent, B: 400,00 preferent, factor 1,5, krediet 360,00.
    # 60000 p + 1,5 * 40000 p = 36000 => p = 36000 / 120000 = 30%, B 45%.
    voorstel = bereken_saneringskrediet(
        [Vordering("A", 60_000, False), Vordering("B", 40_000, True)],
        krediet_cent=36_000,
        preferent_factor=Decimal("1.5"),
    )
    assert aandelen_per_sleutel(voorstel) == {"A": 18_000, "B": 18_000}
    assert voorstel.concurrent_percentage == Decimal("30.00")
    assert voorstel.preferent_percentage == Decimal("45.00")
    assert voorstel.preferent_factor == Decimal("1.5")


def test_as_dict_is_json_en_terug_te_lezen():
    voorstel = bereken_schuldregeling(
        [Vordering("A", 100_000, False), Vordering("B", 50_000, True)],
        aflosruimte_per_maand_cent=5_000,
    )
    data = voorstel.as_dict()
    assert json.loads(json.dumps(data)) == data
    # 90000 / (100000 + 2 * 50000) = 45% concurrent, 90% preferent.
    assert data["concurrent_percentage"] == "45.00"
    assert data["preferent_percentage"] == "90.00"
    assert data["aandelen"][1] == {
        "sleutel": "B",
        "vordering_cent": 50_000,
        "aandeel_cent": 45_000,
        "percentage": "90.00",
        "preferent": True,
    }
    assert Voorstel.from_dict(json.loads(json.dumps(data))) == voorstel


def test_resultaat_is_onveranderlijk():
    voorstel = bereken_saneringskrediet([Vordering("A", 100)], krediet_cent=50)
    with pytest.raises(AttributeError):
        voorstel.beschikbaar_cent = 1  # type: ignore[misc]
    assert isinstance(voorstel.aandelen, tuple)
    assert isinstance(voorstel.aandelen[0], Aandeel)


# ---------------------------------------------------------------------------
# Foutieve invoer
# ---------------------------------------------------------------------------

GOED = [Vordering("A", 1_000, False), Vordering("B", 500, True)]


@pytest.mark.parametrize("looptijd", [0, 12, 17, 24, 35, 37, -18, 18.0, "18", True])
def test_ongeldige_looptijd(looptijd):
    with pytest.raises(OngeldigeInvoer, match="looptijd"):
        bereken_schuldregeling(GOED, aflosruimte_per_maand_cent=100, looptijd_maanden=looptijd)


def test_ongeldige_looptijd_is_value_error():
    with pytest.raises(ValueError, match="18 maanden"):
        bereken_schuldregeling(GOED, aflosruimte_per_maand_cent=100, looptijd_maanden=24)


@pytest.mark.parametrize("aflosruimte", [-1, 1.5, Decimal(100), None, "100"])
def test_ongeldige_aflosruimte(aflosruimte):
    with pytest.raises(OngeldigeInvoer, match="aflosruimte"):
        bereken_schuldregeling(GOED, aflosruimte_per_maand_cent=aflosruimte)


@pytest.mark.parametrize("krediet", [-1, 10.0, None])
def test_ongeldig_krediet(krediet):
    with pytest.raises(OngeldigeInvoer, match="saneringskrediet"):
        bereken_saneringskrediet(GOED, krediet_cent=krediet)


@pytest.mark.parametrize(
    "factor",
    [Decimal("0.99"), Decimal(0), Decimal(-2), 0, Decimal("NaN"), Decimal("Infinity"), 2.0, True],
)
def test_ongeldige_preferentiefactor(factor):
    with pytest.raises(OngeldigeInvoer, match="preferentiefactor"):
        bereken_saneringskrediet(GOED, krediet_cent=100, preferent_factor=factor)


@pytest.mark.parametrize(
    ("vorderingen", "melding"),
    [
        ([], "minimaal één vordering"),
        ((), "minimaal één vordering"),
        ([Vordering("A", 0)], "groter dan nul"),
        ([Vordering("A", -100)], "groter dan nul"),
        ([Vordering("A", 10.5)], "geheel aantal centen"),  # type: ignore[arg-type]
        ([Vordering("A", 100), Vordering("A", 200)], "unieke sleutel"),
        ([Vordering("", 100)], "niet-lege sleutel"),
        ([Vordering(7, 100)], "niet-lege sleutel"),  # type: ignore[arg-type]
        ([Vordering("A", 100, "ja")], "preferent"),  # type: ignore[arg-type]
        ([("A", 100, False)], "verwacht een Vordering"),
        (Vordering("A", 100), "lijst van Vordering"),
    ],
)
def test_ongeldige_vorderingen(vorderingen, melding):
    with pytest.raises(OngeldigeInvoer, match=melding):
        bereken_schuldregeling(vorderingen, aflosruimte_per_maand_cent=100)
    with pytest.raises(OngeldigeInvoer, match=melding):
        bereken_saneringskrediet(vorderingen, krediet_cent=100)


# ---------------------------------------------------------------------------
# Eigenschappen (hypothesis)
# ---------------------------------------------------------------------------

sleutels = st.text(alphabet="abcdefgh", min_size=1, max_size=3)
bedragen = st.one_of(st.integers(1, 1_000), st.integers(1, 10**9))
vorderingen_st = st.lists(
    st.builds(Vordering, sleutel=sleutels, bedrag_cent=bedragen, preferent=st.booleans()),
    min_size=1,
    max_size=12,
    unique_by=lambda v: v.sleutel,
)
factoren = st.one_of(
    st.just(Decimal(2)),
    st.integers(1, 4),
    st.decimals(min_value=1, max_value=5, places=2),
)
aflosruimtes = st.one_of(st.integers(0, 100), st.integers(0, 10**6), st.integers(0, 10**9))
looptijden = st.sampled_from([18, 36])


def exacte_aandelen(vorderingen, beschikbaar, factor) -> dict[str, Fraction]:
    """Exact aandeel per sleutel volgens de verdeelregel (zonder afronding)."""
    p = bepaal_verdeelpercentage(vorderingen, beschikbaar_cent=beschikbaar, preferent_factor=factor)
    p_pref = min(Fraction(1), Fraction(factor) * p)
    return {v.sleutel: v.bedrag_cent * (p_pref if v.preferent else p) for v in vorderingen}


@instellingen
@given(vorderingen_st, aflosruimtes, looptijden, factoren)
def test_som_is_exact_en_aandelen_binnen_grenzen(vorderingen, aflosruimte, looptijd, factor):
    voorstel = bereken_schuldregeling(
        vorderingen,
        aflosruimte_per_maand_cent=aflosruimte,
        looptijd_maanden=looptijd,
        preferent_factor=factor,
    )
    beschikbaar = aflosruimte * looptijd
    totaal = sum(v.bedrag_cent for v in vorderingen)
    assert voorstel.beschikbaar_cent == beschikbaar
    assert voorstel.totaal_schuld_cent == totaal
    assert voorstel.totaal_aandelen_cent == min(beschikbaar, totaal)
    assert voorstel.overschot_cent == max(0, beschikbaar - totaal)
    assert [a.sleutel for a in voorstel.aandelen] == [v.sleutel for v in vorderingen]
    for vordering, aandeel in zip(vorderingen, voorstel.aandelen, strict=True):
        assert aandeel.vordering_cent == vordering.bedrag_cent
        assert aandeel.preferent == vordering.preferent
        assert 0 <= aandeel.aandeel_cent <= vordering.bedrag_cent
        assert Decimal(0) <= aandeel.percentage <= Decimal(100)
        assert aandeel.percentage == aandeel.percentage.quantize(Decimal("0.01"))
    assert voorstel.concurrent_percentage <= voorstel.preferent_percentage <= Decimal(100)


@instellingen
@given(vorderingen_st, st.integers(0, 2 * 10**10), factoren)
def test_verdeelpercentage_lost_de_vergelijking_exact_op(vorderingen, beschikbaar, factor):
    p = bepaal_verdeelpercentage(vorderingen, beschikbaar_cent=beschikbaar, preferent_factor=factor)
    totaal = sum(v.bedrag_cent for v in vorderingen)
    assert 0 <= p <= 1
    assert sum(exacte_aandelen(vorderingen, beschikbaar, factor).values()) == min(
        beschikbaar, totaal
    )
    if beschikbaar < totaal:
        assert p < 1


@instellingen
@given(vorderingen_st, st.integers(0, 2 * 10**10), factoren)
def test_preferente_verhouding_binnen_een_cent(vorderingen, beschikbaar, factor):
    voorstel = bereken_saneringskrediet(
        vorderingen, krediet_cent=beschikbaar, preferent_factor=factor
    )
    p = bepaal_verdeelpercentage(vorderingen, beschikbaar_cent=beschikbaar, preferent_factor=factor)
    for aandeel in voorstel.aandelen:
        claim = aandeel.vordering_cent
        if aandeel.preferent:
            verwacht = min(Fraction(claim), Fraction(factor) * p * claim)
        else:
            verwacht = p * claim
        assert abs(aandeel.aandeel_cent - verwacht) < 1


@instellingen
@given(vorderingen_st, st.integers(0, 2 * 10**10), factoren)
def test_afronding_volgens_grootste_restmethode(vorderingen, beschikbaar, factor):
    voorstel = bereken_saneringskrediet(
        vorderingen, krediet_cent=beschikbaar, preferent_factor=factor
    )
    exact = exacte_aandelen(vorderingen, beschikbaar, factor)
    naar_boven, naar_beneden = [], []
    for aandeel in voorstel.aandelen:
        waarde = exact[aandeel.sleutel]
        rest = waarde - math.floor(waarde)
        if aandeel.aandeel_cent == math.floor(waarde) + 1:
            assert rest > 0
            naar_boven.append((rest, aandeel.sleutel))
        else:
            assert aandeel.aandeel_cent == math.floor(waarde)
            if rest > 0:
                naar_beneden.append((rest, aandeel.sleutel))
    # Elke vordering die een extra cent kreeg, gaat (rest aflopend, dan sleutel
    # oplopend) voor elke vordering met rest die geen extra cent kreeg.
    if naar_boven and naar_beneden:
        laatste_boven = max(naar_boven, key=lambda rs: (-rs[0], rs[1]))
        eerste_beneden = min(naar_beneden, key=lambda rs: (-rs[0], rs[1]))
        assert (-laatste_boven[0], laatste_boven[1]) < (-eerste_beneden[0], eerste_beneden[1])


@instellingen
@given(st.data(), vorderingen_st, aflosruimtes, looptijden, factoren)
def test_volgorde_van_invoer_maakt_niet_uit(data, vorderingen, aflosruimte, looptijd, factor):
    geschud = data.draw(st.permutations(vorderingen))
    kwargs = {
        "aflosruimte_per_maand_cent": aflosruimte,
        "looptijd_maanden": looptijd,
        "preferent_factor": factor,
    }
    origineel = bereken_schuldregeling(vorderingen, **kwargs)
    anders = bereken_schuldregeling(geschud, **kwargs)
    assert aandelen_per_sleutel(origineel) == aandelen_per_sleutel(anders)
    assert [a.sleutel for a in anders.aandelen] == [v.sleutel for v in geschud]
    assert origineel.concurrent_percentage == anders.concurrent_percentage
    assert origineel.preferent_percentage == anders.preferent_percentage


@instellingen
@given(st.data(), vorderingen_st, st.integers(0, 2 * 10**10), st.sampled_from([1, Decimal(1)]))
def test_factor_een_is_gewoon_naar_rato(data, vorderingen, beschikbaar, factor):
    voorstel = bereken_saneringskrediet(
        vorderingen, krediet_cent=beschikbaar, preferent_factor=factor
    )
    totaal = sum(v.bedrag_cent for v in vorderingen)
    te_verdelen = min(beschikbaar, totaal)
    for aandeel in voorstel.aandelen:
        exact = Fraction(aandeel.vordering_cent * te_verdelen, totaal)
        assert math.floor(exact) <= aandeel.aandeel_cent <= math.ceil(exact)
    assert voorstel.concurrent_percentage == voorstel.preferent_percentage

    # Met factor 1 doet het kenmerk 'preferent' er niet toe.
    omgedraaid = [
        Vordering(v.sleutel, v.bedrag_cent, data.draw(st.booleans())) for v in vorderingen
    ]
    anders = bereken_saneringskrediet(omgedraaid, krediet_cent=beschikbaar, preferent_factor=factor)
    assert aandelen_per_sleutel(anders) == aandelen_per_sleutel(voorstel)


@instellingen
@given(vorderingen_st, st.integers(0, 10**8), factoren)
def test_krediet_en_regeling_verdelen_gelijk(vorderingen, aflosruimte, factor):
    regeling = bereken_schuldregeling(
        vorderingen, aflosruimte_per_maand_cent=aflosruimte, preferent_factor=factor
    )
    krediet = bereken_saneringskrediet(
        vorderingen, krediet_cent=aflosruimte * 18, preferent_factor=factor
    )
    assert krediet.aandelen == regeling.aandelen
    assert krediet.concurrent_percentage == regeling.concurrent_percentage
    assert krediet.preferent_percentage == regeling.preferent_percentage


@instellingen
@given(vorderingen_st, st.integers(0, 2 * 10**10), factoren)
def test_as_dict_bevat_alleen_json_waarden(vorderingen, beschikbaar, factor):
    voorstel = bereken_saneringskrediet(
        vorderingen, krediet_cent=beschikbaar, preferent_factor=factor
    )
    data = voorstel.as_dict()

    def controleer(waarde):
        if isinstance(waarde, dict):
            for sleutel, sub in waarde.items():
                assert isinstance(sleutel, str)
                controleer(sub)
        elif isinstance(waarde, list):
            for sub in waarde:
                controleer(sub)
        else:
            assert waarde is None or type(waarde) in (int, str, bool)

    controleer(data)
    assert Voorstel.from_dict(json.loads(json.dumps(data))) == voorstel


@instellingen
@given(
    vorderingen_st,
    st.integers(-(10**9), -1),
    st.integers(min_value=-1000, max_value=1000).filter(lambda n: n not in (18, 36)),
    st.decimals(max_value=Decimal("0.99"), allow_nan=False, allow_infinity=False),
)
def test_ongeldige_invoer_wordt_geweigerd(vorderingen, negatief, looptijd, kleine_factor):
    with pytest.raises(OngeldigeInvoer):
        bereken_schuldregeling(vorderingen, aflosruimte_per_maand_cent=negatief)
    with pytest.raises(OngeldigeInvoer):
        bereken_saneringskrediet(vorderingen, krediet_cent=negatief)
    with pytest.raises(OngeldigeInvoer):
        bereken_schuldregeling(
            vorderingen, aflosruimte_per_maand_cent=100, looptijd_maanden=looptijd
        )
    with pytest.raises(OngeldigeInvoer):
        bereken_saneringskrediet(vorderingen, krediet_cent=100, preferent_factor=kleine_factor)

    eerste = vorderingen[0]
    with pytest.raises(OngeldigeInvoer):
        bereken_saneringskrediet(
            [*vorderingen, Vordering(eerste.sleutel, 1, False)], krediet_cent=100
        )
    with pytest.raises(OngeldigeInvoer):
        bereken_saneringskrediet(
            [Vordering(eerste.sleutel, -abs(negatief)), *vorderingen[1:]], krediet_cent=100
        )
    with pytest.raises(OngeldigeInvoer):
        bereken_saneringskrediet([Vordering(eerste.sleutel, 0), *vorderingen[1:]], krediet_cent=100)
