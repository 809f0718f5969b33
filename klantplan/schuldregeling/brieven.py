"""The letters to creditors: a PDF per message type in plain language, stored on the message
with its checksum (the PDF as sent), and put in the day's print batch (``printdatum``).

The text per message type is a template ``schuldregeling/brieven/<soort>.html``; where a type
has none yet, the general letter (``_algemeen.html``) says what the message is."""

from __future__ import annotations

import hashlib
from typing import Any

from django.template.loader import select_template

from klantplan.documenten import contactpersoon
from klantplan.schuldregeling.models import Bericht
from klantplan.schuldregeling.workflow import Richting
from schuldhulp.pdf import render_to_pdf


def context(bericht: Bericht) -> dict[str, Any]:
    o = bericht.onderhandeling
    traject = bericht.traject
    link = getattr(bericht, "portaallink", None)
    return {
        "bericht": bericht,
        "onderhandeling": o,
        "regeling": o.regeling,
        "schuld": o.schuld,
        "schuldeiser": o.schuld.schuldeiser,
        "traject": traject,
        "klant": traject.klant,
        "contact": contactpersoon(traject),
        "merk": traject.gemeente.organisatie.naam,
        "vandaag": bericht.datum,
        "inhoud": bericht.inhoud,
        "portaal_url": portaal_url(link) if link else "",
    }


def portaal_url(link) -> str:
    from klantplan.schuldregeling.services.portaal import url

    return url(link)


def maak_brief(bericht: Bericht) -> None:
    """Render and store the letter of `bericht` (an outgoing message) for today's batch."""
    if bericht.richting != Richting.UIT:
        return
    sjabloon = select_template(
        [f"schuldregeling/brieven/{bericht.soort}.html", "schuldregeling/brieven/_algemeen.html"]
    )
    titel = f"{bericht.get_soort_display()}: {bericht.onderhandeling.schuld.schuldeiser.naam}"
    pdf = render_to_pdf(sjabloon.template.name, context(bericht), titel=titel)
    bericht.pdf = pdf
    bericht.sha256 = hashlib.sha256(pdf).hexdigest()
    bericht.printdatum = bericht.datum
    bericht.save(update_fields=["pdf", "sha256", "printdatum"])
