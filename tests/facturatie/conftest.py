"""A gemeente with priced agreements, built directly (the lifecycle is tested in tests/pakket):
a concept gets its prices, then moves on to actief as the daily job would."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from rapportage.facturatie import tarieven
from schuldhulp.models import Dienstverleningsafspraak, Gemeente
from tests.bouwers.fabrieken import AfspraakFactory, GemeenteFactory
from tests.bouwers.rijen import Bouwer

PRIJZEN = {
    tarieven.VAST: 100_000,  # € 1.000,00 per maand
    tarieven.MAATWERK: 3_025,  # € 30,25
    tarieven.product_sleutel("Budgetbeheer"): 1_234,  # € 12,34
}


def geprijsde_afspraak(
    gemeente: Gemeente,
    *,
    van: date,
    tot: date | None = None,
    pakket: str = "ontzorging",
    prijs_traject: str | None = "450.00",
    prijs_maand: str | None = "45.50",
    prijzen: dict[str, int] | None = None,
) -> Dienstverleningsafspraak:
    afspraak = AfspraakFactory(
        gemeente=gemeente,
        pakket=pakket,
        geldig_van=van,
        geldig_tot=tot,
        status="concept",
        prijs_per_traject=Decimal(prijs_traject) if prijs_traject else None,
        prijs_per_maand=Decimal(prijs_maand) if prijs_maand else None,
    )
    tarieven.zet(afspraak, PRIJZEN if prijzen is None else prijzen)
    for status in ("vastgesteld", "actief"):
        Dienstverleningsafspraak.objects.filter(pk=afspraak.pk).update(status=status)
    afspraak.refresh_from_db()
    return afspraak


def maak_heusden() -> Gemeente:
    """A gemeente whose agreement (since 2020) has every kind of price."""
    gemeente = GemeenteFactory(naam="Heusden", code="GM0797")
    geprijsde_afspraak(gemeente, van=date(2020, 1, 1))
    return gemeente


@pytest.fixture
def heusden(db) -> Gemeente:
    return maak_heusden()


@pytest.fixture
def bouw(heusden) -> Bouwer:
    return Bouwer(heusden)
