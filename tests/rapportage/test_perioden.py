"""Periods of the dashboard: reading a month, year and free dates, the Dutch errors, the
periods before, and the form that picks one."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from rapportage.forms_dashboard import PeriodeForm
from rapportage.kwartalen import Kwartaal
from rapportage.perioden import (
    OngeldigePeriode,
    Periode,
    controleer,
    lees_jaar,
    lees_maand,
    lopend_kwartaal,
    vrije_periode,
)

D = date
VANDAAG = D(2026, 12, 7)


def test_maand_lezen_en_de_maanden_ervoor():
    juli = lees_maand("2026-07")
    assert (juli.start, juli.eind, juli.naam, juli.kort) == (
        D(2026, 7, 1),
        D(2026, 7, 31),
        "juli 2026",
        "jul 2026",
    )
    assert [p.kort for p in lees_maand("2026-2").reeks(2)] == ["dec 2025", "jan 2026", "feb 2026"]
    assert Periode.maand(2028, 2).eind == D(2028, 2, 29)  # leap year
    assert juli.kwartaalfractie == Fraction(1, 3)


@pytest.mark.parametrize("tekst", ["2026-13", "2026-0", "juli", "", "26-07"])
def test_geen_maand_geeft_een_nederlandse_melding(tekst):
    with pytest.raises(OngeldigePeriode, match="geen maand"):
        lees_maand(tekst)


def test_jaar_en_kwartaal():
    assert lees_jaar(" 2025 ") == Periode(D(2025, 1, 1), D(2025, 12, 31), "jaar")
    assert lees_jaar("2025").kwartaalfractie == 4
    with pytest.raises(OngeldigePeriode, match="vier cijfers"):
        lees_jaar("25")
    k3 = Periode.kwartaal(Kwartaal(2026, 3))
    assert k3.vorige() == Periode.kwartaal(Kwartaal(2026, 2)) and k3.kwartaalfractie == 1


def test_vrije_periode_en_de_even_lange_ervoor():
    p = vrije_periode(D(2026, 7, 1), D(2026, 8, 15))
    assert p.dagen == 46
    assert p.vorige() == Periode(D(2026, 5, 16), D(2026, 6, 30), "vrij")
    with pytest.raises(OngeldigePeriode, match="vóór de begindatum"):
        vrije_periode(D(2026, 8, 15), D(2026, 7, 1))
    with pytest.raises(OngeldigePeriode, match="hooguit drie jaar"):
        vrije_periode(D(2020, 1, 1), D(2026, 1, 1))


def test_lopende_periode_tot_vandaag_en_geen_toekomst():
    lopend = lopend_kwartaal(VANDAAG)
    assert (lopend.start, lopend.eind) == (D(2026, 10, 1), VANDAAG)
    assert not lopend.volledig and "t/m 7 december 2026" in lopend.naam
    # The trend before a running quarter: whole quarters.
    assert lopend.vorige() == Periode.kwartaal(Kwartaal(2026, 3))
    assert controleer(Periode.maand(2026, 12), VANDAAG).eind == VANDAAG
    with pytest.raises(OngeldigePeriode, match="in de toekomst"):
        controleer(Periode.maand(2027, 1), VANDAAG)


def _form(**data) -> PeriodeForm:
    return PeriodeForm(
        {"gemeente": "stadsbank", **data}, gemeenten=[], stadsbank=True, vandaag=VANDAAG
    )


def test_formulier_kiest_een_maand():
    form = _form(soort="maand", maand="2026-07")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["periode"] == Periode.maand(2026, 7)
    assert form.cleaned_data["gemeente"] is None


@pytest.mark.parametrize(
    ("data", "veld", "melding"),
    [
        ({"soort": "maand", "maand": ""}, "maand", "Kies de maand."),
        ({"soort": "maand", "maand": "2026-13"}, "maand", "'2026-13' is geen maand"),
        ({"soort": "maand", "maand": "2027-02"}, "maand", "in de toekomst"),
        ({"soort": "jaar", "jaar": "twintig"}, "jaar", "geen jaar"),
        ({"soort": "vrij", "van": "2026-07-01"}, "tot", "Vul de datum in."),
        ({"soort": "vrij", "van": "2026-08-01", "tot": "2026-07-01"}, "__all__", "Draai ze om"),
        ({"soort": "vrij", "van": "31-02-2026", "tot": "2026-07-01"}, "van", "geldige datum"),
        ({"soort": "kwartaal", "kwartaal": "2026-5"}, "kwartaal", "geen kwartaal"),
    ],
)
def test_formulier_geeft_duidelijke_fouten(data, veld, melding):
    form = _form(**data)
    assert not form.is_valid()
    assert melding in " ".join(form.errors[veld])
    assert "periode" not in form.cleaned_data
