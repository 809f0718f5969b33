"""``{% vragenlijst_link traject as link %}``: the full URL of the survey of an ended traject
that can still be filled in, or "" (portal page, exit letter). A tag, so the klantplan pages
need no import of this app."""

from __future__ import annotations

from django import template

from rapportage.tevredenheid import services

register = template.Library()


@register.simple_tag
def vragenlijst_link(traject) -> str:
    if traject is None or traject.is_open:
        return ""
    uitnodiging = services.voor_traject(traject)
    return services.url(uitnodiging) if uitnodiging else ""


@register.filter
def opmaak(waarde, eenheid: str = "aantal") -> str:
    """Dutch notation of a figure (8,1 · 75,0%), '—' for nothing (rapportage.opmaak)."""
    from rapportage.opmaak import opmaak as opmaken

    return opmaken(waarde, eenheid)
