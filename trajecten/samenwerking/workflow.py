"""Catalogue rows for the collaboration of gemeente and Stadsbank on a traject (pure Python).

Warme overdracht: when the package hands the next step of a traject to the other party, the
party that held it sends a short structured handover; the receiving party accepts it or asks
a question, which the sender answers (then it is open again). An afstemming addressed to a
party is answered by that party. The side that may act is read from the row itself
(``Wie.AAN``: the addressee, ``Wie.VAN``: the sender), never from the package.
"""

from __future__ import annotations

from schuldhulp.handelingen import BEHEERDER, Handeling, Onderwerp, Wie, registreer
from schuldhulp.keuzes import Keuzelijst
from trajecten.workflow import Gebeurtenissoort as G


class Overdrachtstatus(Keuzelijst):
    OPEN = "open", "Wacht op acceptatie"
    VRAAG = "vraag", "Vraag gesteld aan de afzender"
    GEACCEPTEERD = "geaccepteerd", "Geaccepteerd"


class Afstemmingstatus(Keuzelijst):
    OPEN = "open", "Wacht op antwoord"
    BEANTWOORD = "beantwoord", "Beantwoord"


O = Overdrachtstatus
OPEN_OVERDRACHT = (O.OPEN.value, O.VRAAG.value)


def _stap(naam: str, knop: str, bron: tuple[O, ...], doel: O, wie: Wie, **kw) -> Handeling:
    return Handeling(
        naam=naam,
        knop=knop,
        veld="status",
        bron=bron,
        doel=doel,
        wie=wie,
        bronreden="Dit kan niet bij een overdracht met status '{staat}'.",
        **kw,
    )


OVERDRACHT_STAPPEN: dict[str, Handeling] = {
    h.naam: h
    for h in [
        _stap(
            "overdracht.accepteren",
            "Overdracht accepteren",
            (O.OPEN,),
            O.GEACCEPTEERD,
            Wie.AAN,
            uitleg="U neemt het traject over met wat de andere partij vastlegde.",
            gebeurtenis=G.OVERDRACHT_GEACCEPTEERD,
        ),
        _stap(
            "overdracht.vraag_stellen",
            "Vraag stellen",
            (O.OPEN,),
            O.VRAAG,
            Wie.AAN,
            uitleg="De afzender beantwoordt uw vraag; daarna accepteert u de overdracht.",
            gebeurtenis=G.OVERDRACHT_VRAAG,
        ),
        _stap(
            "overdracht.beantwoorden",
            "Vraag beantwoorden",
            (O.VRAAG,),
            O.OPEN,
            Wie.VAN,
            gebeurtenis=G.OVERDRACHT_ANTWOORD,
        ),
    ]
}

HANDELINGEN: dict[str, Handeling] = {
    **OVERDRACHT_STAPPEN,
    **{
        h.naam: h
        for h in [
            Handeling(
                naam="overdracht.versturen",
                knop="Warme overdracht versturen",
                uitleg="Vat de situatie samen, zodat de andere partij de klant niet opnieuw "
                "alles hoeft te vragen.",
                gebeurtenis=G.OVERDRACHT,
            ),
            Handeling(
                naam="afstemming.beantwoorden",
                knop="Beantwoorden",
                veld="status",
                # A note for the dossier (no status) passes here, to be refused as addressed
                # to nobody (permissions.partij_reden): each refusal says what it is.
                bron=(Afstemmingstatus.OPEN.value, ""),
                bronreden="Deze afstemming is al beantwoord.",
                wie=Wie.AAN,
                open_traject=False,  # a question may still be answered after uitstroom
            ),
        ]
    },
}
registreer(HANDELINGEN.values())

# --- Outgoing e-mail (trajecten.samenwerking.mail) ----------------------------------------
# Sending again is a beheer action on the outbox, bound to no gemeente (obj None).
registreer(
    [
        Handeling(
            naam="email.opnieuw",
            knop="Opnieuw versturen",
            uitleg="De e-mail gaat opnieuw naar de wachtrij; de pogingen tellen opnieuw.",
            onderwerp=Onderwerp.GEMEENTE,
            rollen=frozenset({BEHEERDER}),
            rolreden="Alleen de functioneel beheerder kan e-mail opnieuw versturen.",
            ook_superuser=True,
        )
    ]
)
