"""Display helpers: money as € 1.234,56, Dutch dates, masked BSN (notation: schuldhulp.opmaak)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

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
def datum_nl(waarde, lang: bool = True) -> str:
    """{{ d|datum_nl }} → 6 december 2026 ('—' for none). The argument of older templates
    (``datum_nl:True``) no longer matters: there is one notation (issue 20, point 9)."""
    return opmaak.datum(waarde)


@register.filter
def foutkop(form) -> str:
    """The heading of an error summary: "Er is 1 veld niet goed ingevuld", "Er zijn 3 velden
    niet goed ingevuld"; only errors of the whole form: "Dit is niet vastgelegd"."""
    aantal = sum(1 for naam, fouten in form.errors.items() if naam != "__all__" and fouten)
    if aantal == 0:
        return "Dit is niet vastgelegd"
    if aantal == 1:
        return "Er is 1 veld niet goed ingevuld"
    return f"Er zijn {aantal} velden niet goed ingevuld"


@register.filter
def vaste_contactpersoon(klant) -> SafeString | str:
    """The klant's vaste contactpersoon of its latest traject (selectors.met_vaste_
    contactpersoon): the same name as the dossier, the klantplan and the letters. A filter,
    not an include: the klantenlijst shows it 25 times (docs/schaal.md §6)."""
    if not klant.contact_partij:
        return "—"
    return format_html(
        '{} <span class="subtitel">({})</span>',
        klant.contact_naam or "Nog niemand toegewezen",
        "gemeente" if klant.contact_partij == "gemeente" else "Stadsbank",
    )
