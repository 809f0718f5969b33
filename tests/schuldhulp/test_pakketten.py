"""The task matrix lookup: every task × package × O-choice."""

from __future__ import annotations

from datetime import date

import pytest

from schuldhulp import pakketten, services
from schuldhulp.pakketten import MATRIX, Pakket, Partij, Taak, Toewijzing, uitvoerder
from tests.bouwers import AfspraakFactory, GemeenteFactory

# Expected cells, written out independently from docs/domein.md §2 (O/H/B columns).
VERWACHT = {
    "klantregisseur_op_locatie": "SSS",
    "monitoring": "SSS",
    "afstemmen_gemeente": "SSS",
    "klantplan": "SSS",
    "extra_gesprek": "SSG",
    "post_screenen": "SSG",
    "acute_hulp": "SSG",
    "regie_op_resultaat": "SSG",
    "informatie_verzamelen": "SOG",
    "schuldenoverzicht": "SOG",
    "wgs_beschikking": "SOG",
    "opmaat_tot_uitstroom": "SOO",
    "exitgesprek": "SOG",
}


def test_matrix_heeft_13_taken_en_3_pakketten():
    assert len(Taak) == 13
    assert set(VERWACHT) == {t.value for t in Taak}
    for taak in Taak:
        assert list(MATRIX[taak]) == list(Pakket)


@pytest.mark.parametrize("taak", list(Taak))
@pytest.mark.parametrize("pakket_index,pakket", list(enumerate(Pakket)))
@pytest.mark.parametrize("keuze", [Partij.STADSBANK, Partij.GEMEENTE, None])
def test_uitvoerder_per_taak_pakket_en_keuze(taak, pakket_index, pakket, keuze):
    cel = VERWACHT[taak.value][pakket_index]
    assert pakketten.toewijzing(taak, pakket) == Toewijzing(cel)
    keuzes = {taak.value: keuze.value} if keuze else {}
    verwacht = {"S": Partij.STADSBANK, "G": Partij.GEMEENTE}.get(cel)
    if cel == "O":
        verwacht = keuze or Partij.GEMEENTE  # not agreed: stays with the gemeente
    assert uitvoerder(taak, pakket, keuzes) == verwacht


def test_keuze_voor_vaste_taak_wordt_genegeerd():
    assert (
        uitvoerder(Taak.EXTRA_GESPREK, Pakket.BASIS, {"extra_gesprek": "stadsbank"})
        == Partij.GEMEENTE
    )


def test_optionele_taken_per_pakket():
    assert pakketten.optionele_taken(Pakket.ONTZORGING) == []
    assert [t.value for t in pakketten.optionele_taken(Pakket.HYBRIDE)] == [
        "informatie_verzamelen",
        "schuldenoverzicht",
        "wgs_beschikking",
        "opmaat_tot_uitstroom",
        "exitgesprek",
    ]
    assert [t.value for t in pakketten.optionele_taken(Pakket.BASIS)] == ["opmaat_tot_uitstroom"]


@pytest.mark.django_db
def test_wie_doet_taak_op_datum_volgt_de_afspraak_van_die_dag():
    gemeente = GemeenteFactory()
    AfspraakFactory(
        gemeente=gemeente,
        pakket="ontzorging",
        geldig_van=date(2022, 1, 1),
        geldig_tot=date(2022, 12, 31),
    )
    AfspraakFactory(gemeente=gemeente, pakket="basis", geldig_van=date(2023, 1, 1))
    taak = Taak.SCHULDENOVERZICHT
    assert (
        services.uitvoerder_op(gemeente=gemeente, taak=taak, datum=date(2022, 12, 31))
        == Partij.STADSBANK
    )
    assert (
        services.uitvoerder_op(gemeente=gemeente, taak=taak, datum=date(2023, 1, 1))
        == Partij.GEMEENTE
    )
    with pytest.raises(services.GeenAfspraak, match="geen dienstverleningsafspraak"):
        services.uitvoerder_op(gemeente=gemeente, taak=taak, datum=date(2021, 6, 1))
