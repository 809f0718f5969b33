"""NL Design System (Utrecht-componenten) in de sjablonen: één plek die weet welke klasse hoort
bij een statusbadge en bij een formulierveld. Ingebouwd in elk sjabloon (settings.TEMPLATES
'builtins'), zodat geen sjabloon het hoeft te laden. Zie docs/adr/0017-nl-design-system.md."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Soort (zoals de sjablonen hem al noemen: status, termijnstand, partij) → Utrecht-statusbadge.
BADGE_SOORTEN: dict[str, str] = {
    "overschreden": "danger",
    "te_laat_gehaald": "danger",
    "niet_gehaald": "danger",
    "afgewezen": "danger",
    "fout": "danger",
    "dreigt": "warning",
    "waarschuwing": "warning",
    "concept": "warning",
    "gehaald": "success",
    "ok": "success",
    "vastgesteld": "success",
    "akkoord": "success",
    "vervallen": "inactive",
    "klant": "inactive",
    "fase": "inactive",
}

TEKSTVAK_TYPES = {
    "text", "email", "search", "password", "number", "date", "tel", "url",
    "datetime-local", "time", "month",
}  # fmt: skip


@register.filter
def statusbadge(soort: Any) -> str:
    """Klassen voor <span class="…">: de Utrecht-statusbadge plus `tag--soort` als haakje voor
    tests en de partijkleur in thema.css. Onbekende soorten zijn neutraal (info)."""
    soort = str(soort).strip()
    variant = BADGE_SOORTEN.get(soort, "neutral")
    return f"utrecht-status-badge utrecht-status-badge--{variant} tag--{soort}"


@register.filter
def utrecht_klasse(widget: dict[str, Any]) -> str:
    """De Utrecht-klasse voor een Django-widget (gebruikt door django/forms/widgets/attrs.html),
    samen met een klasse die het formulier zelf al meegaf."""
    eigen = str(widget.get("attrs", {}).get("class", "") or "")
    sjabloon = str(widget.get("template_name", ""))
    soort = widget.get("type")
    if sjabloon.endswith("/select.html"):
        klasse = "utrecht-select utrecht-select--html-select"
    elif sjabloon.endswith("/textarea.html"):
        klasse = "utrecht-textarea utrecht-textarea--html-textarea"
    elif soort == "checkbox":
        klasse = "utrecht-checkbox utrecht-checkbox--html-input"
    elif soort == "radio":
        klasse = "utrecht-radio-button utrecht-radio-button--html-input"
    elif soort in TEKSTVAK_TYPES:
        klasse = "utrecht-textbox utrecht-textbox--html-input"
    else:
        klasse = ""
    return " ".join(k for k in (klasse, eigen) if k)


@register.filter
def utrecht_attrs(widget: dict[str, Any]) -> SafeString:
    """The attributes of a widget with its Utrecht class (django/forms/widgets/attrs.html and
    select_option.html). In Python instead of a template loop: a select renders it once per
    option, and ~85 template renders of it per werkvoorraad cost more than the table itself
    (docs/schaal.md §6, "Vaste kosten per pagina")."""
    klasse = utrecht_klasse(widget)
    delen = [format_html(' class="{}"', klasse)] if klasse else []
    for naam, waarde in widget.get("attrs", {}).items():
        if waarde is False or naam == "class":
            continue
        if waarde is True:
            delen.append(format_html(" {}", naam))
        else:
            delen.append(format_html(' {}="{}"', naam, str(waarde)))
    return mark_safe("".join(delen))


@register.filter
def klokstatus(k: Any) -> SafeString:
    """A clock as a status badge with its remaining time (a KlokWeergave or samenwerking's
    Klok: status, status_tekst, resterend); trajecten/_klokstatus.html is this filter."""
    return format_html(
        '<span class="{}">{}</span> <span class="resterend">{}</span>',
        statusbadge(k.status),
        k.status_tekst,
        k.resterend,
    )


MELDING_SOORTEN = {"success": "ok", "error": "error", "warning": "warning", "info": "info"}


@register.filter
def melding_klassen(tags: Any) -> str:
    """Klassen voor een Django-bericht als Utrecht-alert; `melding--tags` blijft als haakje."""
    soort = str(tags or "info").split()[-1]
    variant = MELDING_SOORTEN.get(soort, "info")
    return f"utrecht-alert utrecht-alert--{variant} melding melding--{soort}"
