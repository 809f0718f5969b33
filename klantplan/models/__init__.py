"""Klantplan (versions with doelen and acties), schuldenoverzicht, saneringsvoorstel,
gesprekken, afstemming with the gemeente, klachten and the documents made for the klant.

A klantplan is kept as versions: a *concept* can be edited; *vaststellen* (agreed with the
klant, on a date; the django-fsm transition ``Klantplan.vaststellen``) freezes it. A
database trigger (migration 0002) refuses any change to a vastgesteld version, so nothing
can write around ``klantplan.services``. Progress on a vastgesteld plan (a doel reached,
an actie done) is not a change of the plan and stays possible: only ``Doel.status`` and
``Actie.gedaan_op`` may change on a frozen version.

One module per subject; everything is importable from ``klantplan.models`` (Django and the
other apps rely on that).
"""

from klantplan.models.contact import (
    Afstemming,
    Afstemmingsoort,
    Gesprek,
    Gesprekssoort,
    Klacht,
    Klachtsoort,
    Klachtuitkomst,
)
from klantplan.models.controles import MAX_BEDRAG_CENT
from klantplan.models.documenten import Document, Documentsoort
from klantplan.models.plan import (
    ACTIE_NOG_NIET_VOOR_KLANT,
    DOEL_NOG_NIET_VOOR_KLANT,
    Actie,
    Actiesoort,
    Doel,
    DoelenGehaald,
    Doelstatus,
    Klantplan,
    Leefgebied,
    Monitoringmoment,
    OplossendVermogen,
    Planstatus,
    Schaal,
    Wie,
    titel_voor,
)
from klantplan.models.sanering import Voorstel, Voorstelsoort
from klantplan.models.schulden import (
    SCHULDSOORT,
    Schuld,
    Schuldeiser,
    Schuldeisersoort,
    Schuldenaar,
    Schuldsoort,
    Schuldstatus,
)

__all__ = [
    "ACTIE_NOG_NIET_VOOR_KLANT",
    "DOEL_NOG_NIET_VOOR_KLANT",
    "MAX_BEDRAG_CENT",
    "SCHULDSOORT",
    "Actie",
    "Actiesoort",
    "Afstemming",
    "Afstemmingsoort",
    "Document",
    "Documentsoort",
    "Doel",
    "DoelenGehaald",
    "Doelstatus",
    "Gesprek",
    "Gesprekssoort",
    "Klacht",
    "Klachtsoort",
    "Klachtuitkomst",
    "Klantplan",
    "Leefgebied",
    "Monitoringmoment",
    "OplossendVermogen",
    "Planstatus",
    "Schaal",
    "Schuld",
    "Schuldeiser",
    "Schuldeisersoort",
    "Schuldenaar",
    "Schuldsoort",
    "Schuldstatus",
    "Voorstel",
    "Voorstelsoort",
    "Wie",
    "titel_voor",
]
