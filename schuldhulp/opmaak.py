"""Dutch notation of dates, numbers and money: the one place for it (screens, PDFs, messages).

Built on Django's own ``nl`` localisation, forced to Dutch so the result is the same in a
request, a management command and a Celery worker (which has no active language).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal

from django.utils import formats, translation

LEEG = "—"  # what a missing value shows


def datum(waarde: date | datetime | None) -> str:
    """'6 december 2026' ('—' for no date): the one notation of a date on screens, in
    documents and in messages (issue 20, point 9). Only form fields keep dd-mm-jjjj (input)."""
    if waarde is None:
        return LEEG
    with translation.override("nl"):
        return formats.date_format(waarde, "DATE_FORMAT")


def datum_lang(waarde: date | datetime | None) -> str:
    """The same as `datum` (kept for callers that stress running text)."""
    return datum(waarde)


def datum_tijd(waarde: datetime) -> str:
    """'6 december 2026 14:05' (the caller converts to local time first)."""
    with translation.override("nl"):
        return formats.date_format(waarde, "DATETIME_FORMAT")


def getal(waarde: Decimal | float | int, decimalen: int = 0, *, groeperen: bool = True) -> str:
    """1.234 · 82,5 · 1234,56 (groeperen=False, for CSV)."""
    # Django's number_format cuts off extra decimals; round like Python's format() does.
    afgerond = Decimal(waarde).quantize(Decimal(1).scaleb(-decimalen), ROUND_HALF_EVEN)
    with translation.override("nl"):
        tekst = formats.number_format(afgerond, decimalen, use_l10n=True, force_grouping=True)
    return tekst if groeperen else tekst.replace(".", "")


def bedrag(
    waarde: Decimal | float | int | None, *, centen: bool = False, teken: bool = True
) -> str:
    """'€ 1.234,56' ('-€ 1,00' below zero; '—' for none). `centen`: the value is in cents;
    `teken=False` leaves out the '€ ' (an amount shown in an input field)."""
    if waarde is None:
        return LEEG
    euro = Decimal(waarde) / 100 if centen else Decimal(waarde)
    tekst = getal(abs(euro), 2)
    min_ = "-" if euro < 0 and tekst != "0,00" else ""
    return f"{min_}€ {tekst}" if teken else f"{min_}{tekst}"


def dag_maand(waarde: date) -> str:
    """'1 juli' (a period within one year: '1 juli t/m 30 september 2026')."""
    with translation.override("nl"):
        return formats.date_format(waarde, "MONTH_DAY_FORMAT")


def aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    """'1 nieuwe zaak', '1.234 nieuwe zaken' (Dutch plurals are irregular: say both)."""
    return f"{getal(n)} {enkelvoud if n == 1 else meervoud}"
