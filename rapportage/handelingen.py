"""The catalogue rows of a report that hangs (issue 17, point 8): put it in line again or
cancel it; and changing a kwartaalgesprek until the next version carries it (issue 19). Read
by the one gate (schuldhulp/permissions.py); the other rapportage rows (inzien, aanvragen,
stadsbank, kwartaalgesprek) are there."""

from __future__ import annotations

from typing import Any

from schuldhulp.handelingen import BEHEERDER, CONTRACTMANAGER, Handeling, Onderwerp, registreer

WIE_AANVRAAGT = frozenset({CONTRACTMANAGER, BEHEERDER})  # as rapportage.aanvragen
ALLEEN_ROLREDEN = "Alleen contractmanagers en beheerders vragen rapportages aan."
NIET_MEER = "Deze rapportage wordt niet meer gemaakt (status '{staat}')."


def _geen_volgende_versie(gesprek: Any) -> str | None:
    """A meeting is part of the next version once that exists (being made or made): from
    then on it is fixed, as the appendix of that version shows it (ADR 0021, 0029)."""
    from rapportage.kwartaalgesprek import volgende_versie

    volgende = volgende_versie(gesprek)
    if volgende is None:
        return None
    return (
        f"Versie {volgende.versie} van deze rapportage is al gemaakt, met dit gesprek als "
        f"bijlage. Het gesprek ligt nu vast; acties afvinken kan nog wel."
    )


registreer(
    [
        # obj: the meeting (its gemeente is that of its report).
        Handeling(
            naam="rapportage.kwartaalgesprek_wijzigen",
            knop="Gesprek wijzigen",
            onderwerp=Onderwerp.GEMEENTE,
            rollen=frozenset({CONTRACTMANAGER}),
            rolreden="Alleen de contractmanager legt het kwartaalgesprek met de gemeente vast.",
            vereist=(_geen_volgende_versie,),
        ),
        Handeling(
            naam="rapportage.opnieuw_proberen",
            knop="Opnieuw proberen",
            onderwerp=Onderwerp.GEMEENTE,
            rollen=WIE_AANVRAAGT,
            rolreden=ALLEEN_ROLREDEN,
            veld="status",
            bron=("wordt_gemaakt",),
            bronreden=NIET_MEER,
        ),
        Handeling(
            naam="rapportage.annuleren",
            knop="Annuleren",
            onderwerp=Onderwerp.GEMEENTE,
            rollen=WIE_AANVRAAGT,
            rolreden=ALLEEN_ROLREDEN,
            veld="status",
            bron=("wordt_gemaakt",),
            bronreden=NIET_MEER,
        ),
    ]
)
