"""The one Dutch notation (schuldhulp.opmaak): the same in any active language."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import translation

from schuldhulp import opmaak


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_datums(taal):
    with translation.override(taal):
        assert opmaak.datum(date(2026, 12, 6)) == "6 december 2026"
        assert opmaak.datum_lang(date(2026, 3, 1)) == "1 maart 2026"
        assert opmaak.dag_maand(date(2026, 7, 1)) == "1 juli"
        assert opmaak.datum_tijd(datetime(2026, 1, 2, 3, 4)) == "2 januari 2026 03:04"
        assert opmaak.datum(None) == "—"


@pytest.mark.parametrize(
    ("waarde", "centen", "tekst"),
    [
        (123456, True, "€ 1.234,56"),
        (-100, True, "-€ 1,00"),
        (0, True, "€ 0,00"),
        (Decimal("2.675"), False, "€ 2,68"),  # half to even, like format()
        (None, False, "—"),
    ],
)
def test_bedragen(waarde, centen, tekst):
    with translation.override("en"):
        assert opmaak.bedrag(waarde, centen=centen) == tekst


def test_getallen():
    assert opmaak.getal(1234567) == "1.234.567"
    assert opmaak.getal(82.45, 1) == "82,5"
    assert opmaak.getal(Decimal("1234.5"), 2, groeperen=False) == "1234,50"
    assert opmaak.bedrag(1234567, centen=True, teken=False) == "12.345,67"
