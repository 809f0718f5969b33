"""trajecten.historie: a dated sequence of handelingen → the journey's facts and event rows.

Pure Python (the catalogue imports no Django), so no database."""

from datetime import date, timedelta

import pytest

from trajecten import historie
from trajecten.historie import OngeldigeHistorie, Stap
from trajecten.workflow import (
    HANDELINGEN,
    OVERGANGEN,
    SCHULDREGELING_STAPPEN,
    Fase,
    Gebeurtenissoort,
    Schuldregelingstatus,
)

G, S = Gebeurtenissoort, Schuldregelingstatus
DAG = date(2025, 3, 3)


def _stappen(*namen: str) -> list[Stap]:
    return [Stap(naam, DAG + timedelta(days=7 * n)) for n, naam in enumerate(namen)]


def test_een_volledige_reis():
    stappen = _stappen(
        "traject.aanmelden",
        "voer_eerste_gesprek",
        "neem_toelatingsbesluit",
        "bereik_financiele_rust",
        "product.start",
        "start_uitvoering",
        "dien_in",
        "ken_toe",
        "product.beeindig",
        "start_nazorg",
        "sluit_af",
    )
    rijen = historie.rijen(stappen)
    assert [(r.soort, r.van_fase, r.naar_fase) for r in rijen] == [
        (G.AANMELDING, "", ""),
        (G.EERSTE_GESPREK, Fase.AANGEMELD, Fase.INTAKE),
        (G.TOELATING, Fase.INTAKE, Fase.STABILISATIE),
        (G.FINANCIELE_RUST, Fase.STABILISATIE, Fase.FINANCIELE_RUST),
        (G.PRODUCT_GESTART, "", ""),
        (G.START_UITVOERING, Fase.FINANCIELE_RUST, Fase.UITVOERING),
        (G.SCHULDREGELING, "", ""),
        (G.SCHULDREGELING, "", ""),
        (G.PRODUCT_BEEINDIGD, "", ""),
        (G.START_NAZORG, Fase.UITVOERING, Fase.NAZORG),
        (G.UITSTROOM, Fase.NAZORG, Fase.UITGESTROOMD),
    ]
    # the dates and the data of each step are carried over as given
    assert [r.datum for r in rijen] == [s.datum for s in stappen]
    assert historie.fase_na(stappen) == Fase.UITGESTROOMD
    assert historie.fase_na(stappen[:4]) == Fase.FINANCIELE_RUST
    assert historie.fase_na([]) == Fase.AANGEMELD


def test_gegevens_gaan_mee():
    stap = Stap("sluit_af", DAG, {"uitstroomreden": "Zelf"})
    (rij,) = historie.rijen([stap], Fase.INTAKE)
    assert rij == historie.Rij(G.UITSTROOM, DAG, Fase.INTAKE, Fase.UITGESTROOMD, stap.gegevens)


def test_afwijzing_sluit_het_traject():
    stappen = _stappen("voer_eerste_gesprek", "neem_afwijzingsbesluit")
    assert historie.rijen(stappen)[-1].naar_fase == Fase.UITGESTROOMD
    assert historie.fase_na(stappen) == Fase.UITGESTROOMD


@pytest.mark.parametrize(
    "namen",
    [
        ("neem_toelatingsbesluit",),  # no eerste gesprek
        ("voer_eerste_gesprek", "bereik_financiele_rust"),  # no toelating
        ("voer_eerste_gesprek", "voer_eerste_gesprek"),
        ("voer_eerste_gesprek", "sluit_af", "sluit_af"),  # nothing after uitstroom
    ],
)
def test_stap_buiten_de_volgorde(namen):
    with pytest.raises(OngeldigeHistorie):
        historie.rijen(_stappen(*namen))
    with pytest.raises(OngeldigeHistorie):
        historie.fase_na(namen)


def test_niet_streng_neemt_de_stappen_zoals_vastgelegd():
    """A former system's file may skip a phase: the rows follow the recorded steps."""
    stappen = _stappen("neem_toelatingsbesluit", "start_nazorg")
    rijen = historie.rijen(stappen, streng=False)
    assert [(r.van_fase, r.naar_fase) for r in rijen] == [
        (Fase.AANGEMELD, Fase.STABILISATIE),
        (Fase.STABILISATIE, Fase.NAZORG),
    ]
    assert historie.fase_na(stappen, streng=False) == Fase.NAZORG


def test_schuldregeling():
    assert historie.status_na([]) == S.IN_VOORBEREIDING
    assert historie.status_na(["dien_in", "ken_toe"]) == S.TOEGEKEND
    assert historie.status_na(["trek_in"]) == S.INGETROKKEN
    assert (
        historie.status_na(["dien_in", "wijs_af", "verzoek_dwangakkoord", "dwangakkoord_afgewezen"])
        == S.AFGEWEZEN
    )
    assert historie.status_na(["verzoek_dwangakkoord"], S.AFGEWEZEN) == S.DWANGAKKOORD_VERZOCHT
    with pytest.raises(OngeldigeHistorie):
        historie.status_na(["ken_toe"])  # not submitted yet
    with pytest.raises(OngeldigeHistorie):
        historie.status_na(["dien_in", "ken_toe", "wijs_af"])
    for naam, stap in SCHULDREGELING_STAPPEN.items():
        assert historie.doelstatus(naam) == stap.doel
        assert historie.gebeurtenis(naam) == G.SCHULDREGELING


@pytest.mark.parametrize("naam", list(OVERGANGEN))
def test_elke_overgang_geeft_zijn_gebeurtenis_en_doel(naam):
    overgang = OVERGANGEN[naam]
    assert historie.doelfase(naam) == overgang.doel
    assert historie.gebeurtenis(naam) == overgang.gebeurtenis
    for bron in overgang.bron:
        (rij,) = historie.rijen([Stap(naam, DAG)], bron)
        assert (rij.soort, rij.van_fase, rij.naar_fase) == (
            overgang.gebeurtenis,
            bron,
            overgang.doel,
        )
        assert historie.fase_na([naam], bron) == overgang.doel
    for bron in set(Fase) - set(overgang.bron):
        with pytest.raises(OngeldigeHistorie):
            historie.fase_na([naam], bron)


def test_andere_handelingen_veranderen_de_fase_niet():
    for naam, handeling in HANDELINGEN.items():
        if naam in OVERGANGEN or not handeling.gebeurtenis:
            continue
        (rij,) = historie.rijen([Stap(naam, DAG)], Fase.UITVOERING)
        assert (rij.soort, rij.van_fase, rij.naar_fase) == (handeling.gebeurtenis, "", "")
        assert historie.fase_na([naam], Fase.UITVOERING) == Fase.UITVOERING
