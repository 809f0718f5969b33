"""The cells of a werkvoorraad row in Python: rendered 25 times per page, where a template
include per cell cost more than the rest of the table (docs/schaal.md §6, "Vaste kosten
per pagina")."""

from __future__ import annotations

from datetime import date

from django import template
from django.template.defaultfilters import date as datum_filter
from django.utils.html import format_html
from django.utils.safestring import SafeString

from schuldhulp.templatetags.nlds import statusbadge

register = template.Library()


@register.simple_tag
def aan_zet_cel(t, vandaag: date) -> SafeString:
    """Who must act on row t (Traject.aan_zet, samenwerking.aanzet; ``aan_zet_persoon`` from
    selectors.vul_aan_zet), and an open warme overdracht with its deadline."""
    if t.aan_zet:
        persoon = (
            format_html("{}", t.aan_zet_persoon)
            if t.aan_zet_persoon
            else format_html('<span class="subtitel">het team (niemand toegewezen)</span>')
        )
        cel = format_html(
            '<span class="{}">{}</span><br>{}',
            statusbadge(t.aan_zet),
            t.get_aan_zet_display(),
            persoon,
        )
    else:
        cel = format_html('<span class="subtitel">Nog niet afgesproken</span>')
    deadline = getattr(t, "overdracht_deadline", None)
    if deadline:
        stand = (
            "overschreden"
            if deadline < vandaag
            else "dreigt"
            if t.overdracht_dreigt_vanaf <= vandaag
            else "loopt"
        )
        cel = format_html(
            '{}<br><span class="{}">Warme overdracht open</span> '
            '<span class="subtitel">uiterlijk {}</span>',
            cel,
            statusbadge(stand),
            datum_filter(deadline, "j F Y"),
        )
    return cel
