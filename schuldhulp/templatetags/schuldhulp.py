"""Display helpers: money as € 1.234,56, masked BSN."""

from __future__ import annotations

from decimal import Decimal

from django import template

from schuldhulp.validators import maskeer_bsn

register = template.Library()


@register.filter
def bsn_masker(waarde: str) -> str:
    return maskeer_bsn(waarde)


def format_euro(bedrag: Decimal | int | float | None, *, centen: bool = False) -> str:
    """Dutch money notation; `centen=True` when the value is an integer number of cents."""
    if bedrag is None:
        return "—"
    waarde = Decimal(bedrag) / 100 if centen else Decimal(bedrag)
    teken = "-" if waarde < 0 else ""
    geheel, _, fractie = f"{abs(waarde):,.2f}".partition(".")
    return f"{teken}€ {geheel.replace(',', '.')},{fractie}"


@register.filter
def euro(bedrag) -> str:
    return format_euro(bedrag)


@register.filter
def euro_centen(bedrag) -> str:
    return format_euro(bedrag, centen=True)
