"""The portal's rows in the one catalogue (schuldhulp.handelingen): the klant is a party of the
gate with role ``klant`` and a reach (schuldhulp.extern.klant: its own trajecten), like the
creditor and the DDAS afnemer; the worker's answer is a dossier row."""

from __future__ import annotations

from typing import Any

from schuldhulp.handelingen import KLANT, Handeling, registreer

ALLEEN_KLANT = frozenset({KLANT})
KLANTREDEN = "Dit kan alleen de klant zelf, via Mijn Schuldhulp."


def _eigen_actie(actie: Any) -> str | None:
    """Only an action the klantplan gives to the klant; the Stadsbank's and the gemeente's
    own actions are theirs to tick off."""
    if getattr(actie, "wie", None) != "klant":
        return "Deze actie is niet voor u: die doet de Stadsbank of de gemeente."
    return None


registreer(
    [
        Handeling(
            naam="portaal.lezen",
            knop="Bekijken",
            uitleg="De klant bekijkt zijn eigen traject in Mijn Schuldhulp.",
            rollen=ALLEEN_KLANT,
            rolreden=KLANTREDEN,
            open_traject=False,  # a closed traject stays readable for the klant
        ),
        Handeling(
            naam="portaal.actie_afvinken",
            knop="Gedaan",
            uitleg="De klant vinkt een actie af die in het klantplan voor hem staat.",
            rollen=ALLEEN_KLANT,
            rolreden=KLANTREDEN,
            vereist=(_eigen_actie,),
        ),
        Handeling(
            naam="portaal.bericht_sturen",
            knop="Versturen",
            uitleg="De klant stuurt een kort bericht aan zijn contactpersoon.",
            rollen=ALLEEN_KLANT,
            rolreden=KLANTREDEN,
        ),
        Handeling(  # the answer from the dossier: either side that works on it
            naam="portaal.bericht_beantwoorden",
            knop="Antwoord versturen",
            uitleg="Een medewerker beantwoordt een bericht van de klant.",
        ),
    ]
)
