"""Approved maatwerk as plain sentences for the klant (klantplan page and PDF).

Kept apart from the views so klantplan.documenten (also run outside a request) can import it.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from schuldhulp import opmaak
from schuldhulp.pakketten import Partij
from trajecten.models import Traject
from trajecten.pakket.workflow import Maatwerksoort, Maatwerkstatus


def lopend_maatwerk(traject: Traject, datum: date | None = None) -> list[str]:
    """Approved op- or afschalen that applies on `datum` (today) or starts later, as plain
    sentences for the klantplan (page and PDF). Settled overleg tasks are no maatwerk."""
    datum = datum or timezone.localdate()
    zinnen = []
    for m in traject.maatwerk.all():
        if m.soort == Maatwerksoort.OVERLEG or not (
            m.geldt_op(datum) or (m.status == Maatwerkstatus.GOEDGEKEURD and m.van > datum)
        ):
            continue
        wie = "De Stadsbank doet ook" if m.partij == Partij.STADSBANK else "De gemeente doet zelf"
        zin = f"{wie}: {', '.join(m.taaklabels)}"
        if m.van > datum:
            zin += f", vanaf {opmaak.datum_lang(m.van)}"
        if m.tot:
            zin += f", tot en met {opmaak.datum_lang(m.tot)}"
        if m.evaluatie_op and m.evaluatie_op >= datum:
            zin += f". Op {opmaak.datum_lang(m.evaluatie_op)} bekijken we of dit nog nodig is"
        zinnen.append(zin + ".")
    return zinnen
