"""The dossier around a traject in the catalogue: the rows of the klantplan app (pure Python).

The klantplan, schulden, sanering, monitoring and acties are written only while the traject
is open; gesprekken, afstemming, klachten and documents also after uitstroom. Part of the one
table of trajecten/workflow.py (which re-exports these names); see ADR 0003.
"""

from __future__ import annotations

from typing import Any

from schuldhulp.handelingen import CONSULENT, KLANTREGISSEUR, Handeling, Wie
from schuldhulp.pakketten import Partij, Taak


def _dossier(naam: str, knop: str, uitleg: str = "", **kw: Any) -> Handeling:
    """A write on the dossier around the traject (klantplan, schulden, sanering, monitoring,
    acties): either side of the gemeente, only while the traject is open. After uitstroom
    the dossier is read, not changed (a history is written through trajecten/historie.py
    or the rows, never through the user's write path)."""
    return Handeling(naam=naam, knop=knop, uitleg=uitleg, **kw)


def _ook_na_uitstroom(naam: str, knop: str, uitleg: str = "", **kw: Any) -> Handeling:
    """A note on the dossier that can still come after uitstroom: a klacht, a letter, the
    exitgesprek, a nazorgadvies or signal to the other side."""
    return Handeling(naam=naam, knop=knop, uitleg=uitleg, open_traject=False, **kw)


def _per_soort(naam: str, knop: str, taak: Taak | None) -> Handeling:
    """A gesprek or afstemming of one kind: the package task's side, or either side (taak
    None); also after uitstroom."""
    if taak is None:
        return _ook_na_uitstroom(naam, knop)
    return _ook_na_uitstroom(naam, knop, wie=Wie.PAKKET, taak=taak)


# Gesprekken by kind (klantplan.models.Gesprekssoort values): which package task records it.
GESPREKKEN: dict[str, Handeling] = {
    soort: _per_soort(f"gesprek.{soort}", knop, taak)
    for soort, knop, taak in [
        ("adviesgesprek", "Adviesgesprek vastleggen", None),
        ("intakegesprek", "Intakegesprek vastleggen", Taak.INFORMATIE_VERZAMELEN),
        ("extra_gesprek", "Extra gesprek vastleggen", Taak.EXTRA_GESPREK),
        ("post_screening", "Postscreening vastleggen", Taak.POST_SCREENEN),
        ("monitoringgesprek", "Monitoringgesprek vastleggen", Taak.MONITORING),
        ("exitgesprek", "Exitgesprek vastleggen", Taak.EXITGESPREK),
    ]
}
# Afstemming by kind (klantplan.models.Afstemmingsoort values): a signal is what either side
# can always add; advice and progress reports are the task "afstemmen gemeente". The old
# kind "warme_overdracht" has no row: the structured warme overdracht (trajecten.samenwerking)
# replaced it, its rows of before stay readable.
AFSTEMMINGEN: dict[str, Handeling] = {
    soort: _per_soort(f"afstemming.{soort}", knop, taak)
    for soort, knop, taak in [
        ("signaal", "Signaal vastleggen", None),
        ("nazorgadvies", "Nazorgadvies vastleggen", Taak.AFSTEMMEN_GEMEENTE),
        ("voortgang", "Voortgang aan de gemeente vastleggen", Taak.AFSTEMMEN_GEMEENTE),
    ]
}
# The handeling (its name) that records a gesprek or afstemming of each kind.
GESPREK_HANDELING: dict[str, str] = {soort: h.naam for soort, h in GESPREKKEN.items()}
AFSTEMMING_HANDELING: dict[str, str] = {soort: h.naam for soort, h in AFSTEMMINGEN.items()}


# The dossier around the traject: the rows of the klantplan app (klantplan/views/basis.py
# TAB_HANDELING and the rows without a tab of their own).
DOSSIER: dict[str, Handeling] = {
    h.naam: h
    for h in [
        # The dossier around the traject (klantplan app). The package task decides who
        # writes the klantplan, the schulden, the monitoring and each kind of gesprek or
        # afstemming (below); a note (adviesgesprek, signaal), a klacht and a document
        # stay open to either side, so the other side can always add one. Plan, schulden,
        # sanering, monitoring and acties only on an open traject (issue 17); gesprekken,
        # afstemming, klachten and documents also after uitstroom.
        _dossier("klantplan.wijzigen", "Klantplan wijzigen", wie=Wie.PAKKET, taak=Taak.KLANTPLAN),
        _dossier(
            "klantplan.vaststellen",
            "Klantplan vaststellen",
            "Met de klant besproken: deze versie wordt bevroren.",
            wie=Wie.PAKKET,
            taak=Taak.KLANTPLAN,
        ),
        _dossier(
            "schulden.wijzigen",
            "Schuldenoverzicht wijzigen",
            wie=Wie.PAKKET,
            taak=Taak.SCHULDENOVERZICHT,
        ),
        _dossier("sanering.wijzigen", "Saneringsvoorstel wijzigen"),
        _dossier(
            "monitoring.vastleggen",
            "Monitoringmoment vastleggen",
            wie=Wie.PAKKET,
            taak=Taak.MONITORING,
        ),
        *GESPREKKEN.values(),
        *AFSTEMMINGEN.values(),
        # Progress on an actie assigned to a party: that party ticks it off, whoever
        # writes the plan (klant.services.toegang.actie_handeling picks the row).
        *(
            _dossier(
                f"actie.afvinken.{partij.value}",
                "Gedaan",
                f"De {partij.label.lower()} vinkt haar eigen acties af.",
                rollen=frozenset({rol}),
                rolreden=f"Deze actie is van de {partij.label.lower()}: die vinkt hem af.",
            )
            for partij, rol in (
                (Partij.STADSBANK, KLANTREGISSEUR),
                (Partij.GEMEENTE, CONSULENT),
            )
        ),
        _ook_na_uitstroom("klacht.vastleggen", "Klacht of bezwaar vastleggen"),
        _ook_na_uitstroom("document.maken", "Document maken"),
    ]
}
