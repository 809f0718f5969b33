"""The panel of the running regeling on the regeling page (schuldregeling/_lopend.html):
``{% load schuldregeling_lopend %}{% lopend_paneel %}`` reads ``regeling`` and the user from
the page's context and adds what the panel needs (the stand per creditor, the toetsen, and
per button the gate's answer), so the page's own view need not know about it."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from klantplan.schuldregeling import schema
from klantplan.schuldregeling.services import betalingen, lopend
from schuldhulp.permissions import mag

register = template.Library()

KNOPPEN = {
    "starten": "sr.regeling_starten",
    "betalen": "sr.betaling_vastleggen",
    "importeren": "sr.betalingen_importeren",
    "toets": "sr.tussentijdse_toets",
    "kwijting": "sr.finale_kwijting",
    "beeindigen": "sr.regeling_beeindigen",
}


@register.inclusion_tag("schuldregeling/lopend_paneel.html", takes_context=True)
def lopend_paneel(context) -> dict[str, Any]:
    regeling = context.get("regeling")
    request = context.get("request")
    if regeling is None or request is None:
        return {"regeling": None}
    vandaag = timezone.localdate()
    redenen = {knop: mag(request.user, h, regeling) for knop, h in KNOPPEN.items()}
    uit: dict[str, Any] = {
        "regeling": regeling,
        "redenen": redenen,
        "mag": {knop: reden is None for knop, reden in redenen.items()},
        "kenmerk": betalingen.betalingskenmerk(regeling),
    }
    if regeling.startdatum is not None:
        momenten = lopend.toetsmomenten(regeling)
        uit |= {
            "stand": betalingen.stand(regeling, vandaag),
            "einddatum": schema.einddatum(regeling.startdatum, regeling.looptijd_maanden),
            "toetsen_open": [m for m in momenten if m.verschuldigd(vandaag)],
            "volgende_toets": next((m for m in momenten if m.datum > vandaag), None),
        }
    return uit
