"""The catalogue rows of a report that hangs (issue 17, point 8): put it in line again or
cancel it. Read by the one gate (schuldhulp/permissions.py); the other rapportage rows
(inzien, aanvragen, stadsbank) are there."""

from __future__ import annotations

from schuldhulp.handelingen import BEHEERDER, CONTRACTMANAGER, Handeling, Onderwerp, registreer

WIE_AANVRAAGT = frozenset({CONTRACTMANAGER, BEHEERDER})  # as rapportage.aanvragen
ALLEEN_ROLREDEN = "Alleen contractmanagers en beheerders vragen rapportages aan."
NIET_MEER = "Deze rapportage wordt niet meer gemaakt (status '{staat}')."

registreer(
    [
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
