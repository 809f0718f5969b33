"""Display helpers: money as € 1.234,56, Dutch dates, masked BSN (notation: schuldhulp.opmaak)."""

from __future__ import annotations

from django import template

from schuldhulp import opmaak
from schuldhulp.validators import maskeer_bsn

register = template.Library()


@register.filter
def bsn_masker(waarde: str) -> str:
    return maskeer_bsn(waarde)


@register.filter
def euro(bedrag) -> str:
    return opmaak.bedrag(bedrag)


@register.filter
def euro_centen(bedrag) -> str:
    return opmaak.bedrag(bedrag, centen=True)


@register.filter
def datum_nl(waarde, lang: bool = False) -> str:
    """{{ d|datum_nl }} → 06-12-2026; {{ d|datum_nl:True }} → 6 december 2026."""
    return opmaak.datum(waarde, lang=bool(lang))
