"""The life of a dienstverleningsafspraak, as catalogue rows (pure Python, no Django).

concept → vastgesteld → actief → beeindigd, and concept/vastgesteld → ingetrokken. A concept
can be edited; from vaststellen on the agreement is frozen (also by a database trigger,
migration 0008). The daily job moves vastgesteld → actief on the start date and actief →
beeindigd after the end date; activating carries out the package switch
(trajecten/pakket/services/wissel.py). docs/pakketten.md draws it (``manage.py afspraak_graaf``).
"""

from __future__ import annotations

from typing import Any

from schuldhulp import opmaak
from schuldhulp.handelingen import BEHEERDER, CONTRACTMANAGER, Handeling, Onderwerp, registreer
from schuldhulp.keuzes import Keuzelijst


class Afspraakstatus(Keuzelijst):
    CONCEPT = "concept", "Concept"
    VASTGESTELD = "vastgesteld", "Vastgesteld"
    ACTIEF = "actief", "Actief"
    BEEINDIGD = "beeindigd", "Beëindigd"
    INGETROKKEN = "ingetrokken", "Ingetrokken"


# The agreements that were or will be in force on their dates (what the gate and reports
# read); a concept or a withdrawn agreement never applied.
GELDEND = tuple(
    s.value for s in (Afspraakstatus.VASTGESTELD, Afspraakstatus.ACTIEF, Afspraakstatus.BEEINDIGD)
)


class Overgangsregeling(Keuzelijst):
    """What happens to running trajecten when a new agreement of their gemeente starts."""

    BEHOUDEN = "behouden", "Lopende trajecten houden de oude takenverdeling tot uitstroom"
    ALLES = "alles", "Alle lopende trajecten gaan over op de nieuwe takenverdeling"
    PER_FASE = "per_fase", "Per fase: trajecten in de gekozen fasen gaan over, de rest blijft"


A = Afspraakstatus


def _geen_latere_afspraak(afspraak: Any) -> str | None:
    """er na deze afspraak geen volgende is vastgesteld"""
    # Withdrawing restores the predecessor's end date: it would then run into the later one.
    later = afspraak.latere_afspraak() if afspraak.voorganger_id else None
    if later is None:
        return None
    return (
        f"Na deze afspraak is al de afspraak {later.get_pakket_display()} vanaf "
        f"{opmaak.datum(later.geldig_van)} vastgesteld. Trek die eerst in."
    )


_CONTRACT = frozenset({CONTRACTMANAGER, BEHEERDER})
_SYSTEEM = frozenset()  # only the daily job, on the agreement's dates


def _afspraak(naam: str, knop: str, bron: tuple[A, ...], doel: A | None, **kw) -> Handeling:
    return Handeling(
        naam=naam,
        knop=knop,
        onderwerp=Onderwerp.GEMEENTE,
        rollen=kw.pop("rollen", _CONTRACT),
        rolreden=kw.pop(
            "rolreden", "Alleen contractmanagers en functioneel beheerders regelen afspraken."
        ),
        veld="status",
        bron=bron,
        doel=doel,
        bronreden=kw.pop("bronreden", "Dit kan niet bij een afspraak met status '{staat}'."),
        **kw,
    )


AFSPRAAK_HANDELINGEN: dict[str, Handeling] = {
    h.naam: h
    for h in [
        Handeling(
            naam="afspraak.opstellen",
            knop="Nieuwe afspraak opstellen",
            uitleg="Een concept: pas na vaststellen telt het.",
            onderwerp=Onderwerp.GEMEENTE,
            rollen=_CONTRACT,
            rolreden="Alleen contractmanagers en functioneel beheerders regelen afspraken.",
        ),
        _afspraak(
            "afspraak.wijzigen",
            "Concept wijzigen",
            (A.CONCEPT,),
            None,
            bronreden="Een afspraak met status '{staat}' kan niet meer worden gewijzigd. "
            "Stel een nieuwe afspraak op.",
        ),
        _afspraak(
            "afspraak.vaststellen",
            "Vaststellen",
            (A.CONCEPT,),
            A.VASTGESTELD,
            uitleg="Ondertekend: de afspraak ligt vast en gaat in op de begindatum.",
        ),
        _afspraak(
            "afspraak.intrekken",
            "Intrekken",
            (A.CONCEPT, A.VASTGESTELD),
            A.INGETROKKEN,
            uitleg="De afspraak gaat niet in. Een ingekorte vorige afspraak loopt weer door.",
            vereist=(_geen_latere_afspraak,),
        ),
        _afspraak(
            "afspraak.activeren",
            "Activeren",
            (A.VASTGESTELD,),
            A.ACTIEF,
            rollen=_SYSTEEM,
            rolreden="Dit doet de dagelijkse taak op de begindatum.",
        ),
        _afspraak(
            "afspraak.beeindigen",
            "Beëindigen",
            (A.ACTIEF,),
            A.BEEINDIGD,
            rollen=_SYSTEEM,
            rolreden="Dit doet de dagelijkse taak na de einddatum.",
        ),
    ]
}
registreer(AFSPRAAK_HANDELINGEN.values())

OVERGANGEN = [h for h in AFSPRAAK_HANDELINGEN.values() if h.is_overgang]
