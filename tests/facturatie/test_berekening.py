"""The monthly specificatie on hand-built data: every count proven row by row, and the total
reconciles exactly with counts × prices (in cents)."""

from __future__ import annotations

from datetime import date

import pytest

from rapportage.facturatie import berekening
from rapportage.facturatie.berekening import Maand
from tests.bouwers.rijen import Bouwer
from tests.facturatie.conftest import geprijsde_afspraak
from trajecten.pakket.models import Maatwerk

OKTOBER = Maand(2026, 10)


def _maatwerk(traject, status: str, van: date, tot: date | None = None) -> Maatwerk:
    return Maatwerk.objects.create(
        traject=traject,
        soort="opschalen",
        taken=["monitoring"],
        partij="stadsbank",
        van=van,
        tot=tot,
        reden="test",
        status=status,
    )


@pytest.fixture
def oktober(bouw: Bouwer, gemeente_b):
    """Four trajecten ran in October 2026 (two of them new), one with opschalen; two
    products ran (budgetbeheer priced, schuldbemiddeling not); the rest did not run."""
    t1 = bouw.traject(date(2026, 9, 15))  # running
    t2 = bouw.traject(date(2026, 10, 5))  # new
    t3 = bouw.traject(date(2026, 8, 1))
    bouw.gebeurtenis(t3, "uitstroom", date(2026, 10, 1))  # ended on the first day: ran
    t4 = bouw.traject(date(2026, 8, 1))
    bouw.gebeurtenis(t4, "uitstroom", date(2026, 9, 30))  # ended the day before: not
    bouw.traject(date(2026, 11, 1))  # after the month: not
    t6 = bouw.traject(date(2026, 10, 31))
    bouw.gebeurtenis(t6, "afwijzing", date(2026, 10, 31))  # new, rejected the same day
    bouw.product(t1, "Budgetbeheer", date(2026, 1, 1))
    bouw.product(t2, "Schuldbemiddeling", date(2026, 10, 20))
    bouw.product(t3, "Budgetbeheer", date(2026, 1, 1), date(2026, 9, 30))  # ended before
    _maatwerk(t1, "goedgekeurd", date(2026, 10, 10))
    _maatwerk(t2, "afgewezen", date(2026, 10, 10))  # never applied
    _maatwerk(t3, "beeindigd", date(2026, 9, 1), date(2026, 9, 30))  # ended before
    Bouwer(gemeente_b).traject(date(2026, 10, 5))  # another gemeente


def _regels(inhoud: dict) -> dict[str, dict]:
    (blok,) = inhoud["blokken"]
    return {r["grondslag"]: r for r in blok["regels"]}


def test_tellingen_per_grondslag(heusden, oktober):
    regels = _regels(berekening.specificatie(heusden, OKTOBER))
    assert {k: r["aantal"] for k, r in regels.items()} == {
        "vast": 1,
        "traject": 2,
        "trajectmaand": 4,
        "maatwerkmaand": 1,
        "product:Budgetbeheer": 1,
        "product:Schuldbemiddeling": 1,
    }


def test_totaal_klopt_met_de_tellingen(heusden, oktober):
    inhoud = berekening.specificatie(heusden, OKTOBER)
    regels = _regels(inhoud)
    assert regels["product:Schuldbemiddeling"]["prijs_centen"] is None  # counted, not charged
    assert regels["product:Schuldbemiddeling"]["bedrag_centen"] == 0
    for r in regels.values():
        assert r["bedrag_centen"] == r["aantal"] * (r["prijs_centen"] or 0)
    # 1 × 1.000,00 + 2 × 450,00 + 4 × 45,50 + 1 × 30,25 + 1 × 12,34
    assert inhoud["totaal_centen"] == 100_000 + 90_000 + 18_200 + 3_025 + 1_234 == 212_459
    assert inhoud["blokken"][0]["subtotaal_centen"] == inhoud["totaal_centen"]


def test_na_een_pakketwissel_telt_de_afspraak_van_de_laatste_dag(heusden, bouw):
    """A traject moved to a new agreement after the month is billed under the old one; in
    the month of the switch, under the new one."""
    oud = heusden.afspraken.get()
    type(oud).objects.filter(pk=oud.pk).update(geldig_tot=date(2026, 11, 4))
    nieuw = geprijsde_afspraak(
        heusden, van=date(2026, 11, 5), pakket="basis", prijs_maand="10.00", prijzen={}
    )
    traject = bouw.traject(date(2026, 10, 2))
    bouw.gebeurtenis(
        traject,
        "pakketwissel",
        date(2026, 11, 5),
        afspraak=nieuw.pk,
        van_pakket="ontzorging",
        naar="basis",
    )
    type(traject).objects.filter(pk=traject.pk).update(
        afspraak=nieuw, afspraak_sinds=date(2026, 11, 5)
    )
    oktober = berekening.specificatie(heusden, OKTOBER)
    assert [b["afspraak"] for b in oktober["blokken"]] == [oud.pk]
    assert _regels(oktober)["trajectmaand"]["aantal"] == 1
    november = berekening.specificatie(heusden, Maand(2026, 11))
    blok = next(b for b in november["blokken"] if b["afspraak"] == nieuw.pk)
    maanden = next(r for r in blok["regels"] if r["grondslag"] == "trajectmaand")
    assert (maanden["aantal"], maanden["bedrag_centen"]) == (1, 1_000)
    # The fixed fee follows the agreement in force on the last day: the new one has none.
    assert not any(r["grondslag"] == "vast" and r["prijs_centen"] for r in blok["regels"])
