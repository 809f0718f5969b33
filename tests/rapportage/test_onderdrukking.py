"""Secondary suppression in the public CSV (ADR 0022): a hidden small count can never be
recomputed from its total and the other parts; the internal version shows everything; no
CSV cell starts like a formula, negative numbers included."""

from __future__ import annotations

from rapportage import weergave
from rapportage.figuren.basis import Regel
from rapportage.onderdrukking import openbare_cellen


def _uitstroom(totaal: int, *delen: int, extra: Regel | None = None) -> list[Regel]:
    return [
        Regel("Uitgestroomd", [totaal]),
        *(Regel(f"reden {i}", [d], niveau=1) for i, d in enumerate(delen)),
        *([extra] if extra else []),
    ]


def test_een_verborgen_deel_staat_nooit_alleen():
    # 3 is hidden; 12 = 3 + 9 → 9 would reveal it: hidden too. The total stays.
    assert openbare_cellen(_uitstroom(12, 3, 9, 0)) == [[None], ["< 5"], ["x"], [None]]


def test_het_kleinste_andere_deel_wordt_afgeschermd():
    cellen = openbare_cellen(_uitstroom(30, 2, 7, 21))
    assert cellen == [[None], ["< 5"], ["x"], [None]]


def test_twee_verborgen_delen_zijn_genoeg():
    assert openbare_cellen(_uitstroom(20, 2, 3, 15)) == [[None], ["< 5"], ["< 5"], [None]]


def test_delen_die_niet_optellen_tot_het_totaal_blijven_staan():
    # 'contact binnen 2 weken' and 'aangemeld' overlap: no subtraction reveals the 3.
    regels = _uitstroom(20, 3, 12)
    assert openbare_cellen(regels) == [[None], ["< 5"], [None]]


def test_een_klein_totaal_is_zelf_afgeschermd():
    assert openbare_cellen(_uitstroom(4, 1, 3)) == [["< 5"], ["< 5"], ["< 5"]]


def test_percentage_en_andere_eenheden_tellen_niet_als_deel():
    regels = _uitstroom(12, 3, 9, extra=Regel("Uitvalpercentage", [25.0], "pct", niveau=1))
    assert openbare_cellen(regels)[-1] == [None]
    assert openbare_cellen(regels)[2] == ["x"]


def test_per_kolom_apart():
    regels = [
        Regel("Totaal", [12, 20]),
        Regel("a", [3, 10], niveau=1),
        Regel("b", [9, 10], niveau=1),
    ]
    assert openbare_cellen(regels) == [[None, None], ["< 5", None], ["x", None]]


def test_geen_csv_cel_begint_met_een_formuleteken():
    assert weergave._csv_tekst(weergave._csv_waarde(-12.5, "pct")) == "'-12,5"
    assert weergave._csv_tekst(weergave._csv_waarde(-150, "centen")) == "'-1,50"
    for teken in "=+-@":
        assert weergave._csv_tekst(f"{teken}SOM(A1)").startswith("'")
