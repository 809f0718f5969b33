"""Catalogue rows for maatwerk per traject and tasks settled per traject (pure Python).

Maatwerk (op- en afschalen): the klantregisseur proposes that the Stadsbank takes over
(opschalen) or hands back (afschalen) named tasks of the package for one traject; the gemeente
consulent decides, because the gemeente pays. Approved maatwerk changes who does those tasks
in that traject from its date (``Traject.uitvoerder``). A task the agreement leaves "per
traject in overleg" is settled by either party (``taak.afspreken``).
"""

from __future__ import annotations

from schuldhulp.handelingen import CONSULENT, KLANTREGISSEUR, Handeling, registreer
from schuldhulp.keuzes import Keuzelijst
from trajecten.workflow import Gebeurtenissoort as G


class Maatwerksoort(Keuzelijst):
    OPSCHALEN = "opschalen", "Opschalen: de Stadsbank neemt taken over"
    AFSCHALEN = "afschalen", "Afschalen: taken gaan terug naar de gemeente"
    OVERLEG = "overleg", "In overleg afgesproken"


class Maatwerkstatus(Keuzelijst):
    VOORGESTELD = "voorgesteld", "Voorgesteld"
    GOEDGEKEURD = "goedgekeurd", "Goedgekeurd"
    AFGEWEZEN = "afgewezen", "Afgewezen"
    INGETROKKEN = "ingetrokken", "Ingetrokken"
    BEEINDIGD = "beeindigd", "Beëindigd"


M = Maatwerkstatus
_REGISSEUR = frozenset({KLANTREGISSEUR})
_GEMEENTE = frozenset({CONSULENT})
_BETAALT = "Alleen de gemeente (consulent) beslist over maatwerk: de gemeente betaalt het."


def _stap(naam: str, knop: str, bron: tuple[M, ...], doel: M, **kw) -> Handeling:
    return Handeling(
        naam=naam,
        knop=knop,
        veld="status",
        bron=bron,
        doel=doel,
        bronreden="Dit kan niet bij maatwerk met status '{staat}'.",
        gebeurtenis=G.MAATWERK,
        **kw,
    )


MAATWERK_STAPPEN: dict[str, Handeling] = {
    h.naam: h
    for h in [
        _stap(
            "maatwerk.goedkeuren",
            "Goedkeuren",
            (M.VOORGESTELD,),
            M.GOEDGEKEURD,
            rollen=_GEMEENTE,
            rolreden=_BETAALT,
        ),
        _stap(
            "maatwerk.afwijzen",
            "Afwijzen",
            (M.VOORGESTELD,),
            M.AFGEWEZEN,
            rollen=_GEMEENTE,
            rolreden=_BETAALT,
        ),
        _stap(
            "maatwerk.intrekken",
            "Voorstel intrekken",
            (M.VOORGESTELD,),
            M.INGETROKKEN,
            rollen=_REGISSEUR,
            rolreden="Alleen de klantregisseur trekt een voorstel voor maatwerk in.",
        ),
        _stap(
            "maatwerk.beeindigen",
            "Maatwerk beëindigen",
            (M.GOEDGEKEURD,),
            M.BEEINDIGD,
            open_traject=False,
            uitleg="Vanaf de gekozen datum geldt weer de takenverdeling van de afspraak.",
        ),
    ]
}

PAKKET_HANDELINGEN: dict[str, Handeling] = {
    **MAATWERK_STAPPEN,
    **{
        h.naam: h
        for h in [
            Handeling(
                naam="maatwerk.voorstellen",
                knop="Maatwerk voorstellen",
                uitleg="Stel voor dat de Stadsbank taken overneemt (opschalen) of teruggeeft "
                "(afschalen) voor deze klant. De gemeente beslist.",
                rollen=_REGISSEUR,
                rolreden="Alleen de klantregisseur stelt maatwerk voor; de gemeente beslist.",
                gebeurtenis=G.MAATWERK,
            ),
            Handeling(
                naam="taak.afspreken",
                knop="Vastleggen wie het doet",
                uitleg="De afspraak laat deze taak per traject in overleg: leg vast wat u met "
                "de andere partij hebt afgesproken.",
                gebeurtenis=G.TAAKAFSPRAAK,
            ),
        ]
    },
}
registreer(PAKKET_HANDELINGEN.values())
