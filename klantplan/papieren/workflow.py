"""Catalogue rows for the papers of a traject (pure Python, ADR 0003 and 0020).

Who asks for papers, takes them in for the client and approves or rejects them is the package
task "informatie verzamelen" (Ontzorging: the Stadsbank; Basis: the gemeente; Hybride: as the
agreement says). Downloading goes with reading the dossier. The client's own rows (role
``klant``, the portal) only reach papers the client delivers.
"""

from __future__ import annotations

from typing import Any

from schuldhulp.handelingen import DOSSIERROLLEN, Handeling, Wie, registreer
from schuldhulp.keuzes import Keuzelijst
from schuldhulp.pakketten import Taak

# The portal's party (klantplan/portaal); a plain string so this module needs no import of it.
KLANT = "klant"


class Stukstatus(Keuzelijst):
    GEVRAAGD = "gevraagd", "Gevraagd"
    ONTVANGEN = "ontvangen", "Ontvangen, nog beoordelen"
    GOEDGEKEURD = "goedgekeurd", "Goedgekeurd"
    AFGEKEURD = "afgekeurd", "Afgekeurd"


class Aanleveraar(Keuzelijst):
    """Who delivers a paper. PAKKET: the side that gathers information in the package."""

    KLANT = "klant", "Klant"
    GEMEENTE = "gemeente", "Gemeente"
    STADSBANK = "stadsbank", "Stadsbank"
    PAKKET = "pakket", "Wie informatie verzamelt (volgens het pakket)"


def _klant_levert(stuk: Any) -> str | None:
    """de klant levert dit stuk aan"""
    if stuk.aanleveraar != Aanleveraar.KLANT:
        return "Dit stuk levert u niet zelf aan: dat doet uw contactpersoon."
    return None


def _pakket(naam: str, knop: str, uitleg: str = "", **kw: Any) -> Handeling:
    return Handeling(
        naam=naam,
        knop=knop,
        uitleg=uitleg,
        wie=Wie.PAKKET,
        taak=Taak.INFORMATIE_VERZAMELEN,
        veld="status",
        bronreden="Dit kan niet bij een stuk met status '{staat}'.",
        **kw,
    )


AANLEVERBAAR = (Stukstatus.GEVRAAGD, Stukstatus.ONTVANGEN, Stukstatus.AFGEKEURD)

# The state machine of a Stuk (models.StukWorkflow is generated from these rows).
STAPPEN: dict[str, Handeling] = {
    h.naam: h
    for h in [
        _pakket(
            "papier.aanleveren",
            "Uploaden",
            "Een scan of foto van het stuk toevoegen (meer pagina's worden één PDF).",
            bron=AANLEVERBAAR,
            doel=Stukstatus.ONTVANGEN,
        ),
        _pakket(
            "papier.goedkeuren",
            "Goedkeuren",
            "Het stuk is compleet en leesbaar.",
            bron=(Stukstatus.ONTVANGEN,),
            doel=Stukstatus.GOEDGEKEURD,
        ),
        _pakket(
            "papier.afkeuren",
            "Afkeuren",
            "Het stuk is niet goed; de reden gaat naar wie het aanlevert.",
            bron=(Stukstatus.ONTVANGEN,),
            doel=Stukstatus.AFGEKEURD,
        ),
    ]
}

HANDELINGEN: dict[str, Handeling] = {
    **STAPPEN,
    **{
        h.naam: h
        for h in [
            _pakket("papier.vragen", "Stuk vragen", "Een stuk aan de lijst toevoegen."),
            # Reading the dossier's files: either side, also after uitstroom and on a shared
            # dossier (like the dossier's other documents).
            Handeling(
                naam="papier.downloaden",
                knop="Downloaden",
                rollen=DOSSIERROLLEN,
                open_traject=False,
                ook_gedeeld=True,
            ),
            # The client in the portal: only the papers the client delivers, on an open traject.
            Handeling(
                naam="papier.aanleveren.klant",
                knop="Uploaden",
                rollen=frozenset({KLANT}),
                rolreden="Alleen de klant levert hier zelf stukken aan.",
                veld="status",
                bron=AANLEVERBAAR,
                doel=Stukstatus.ONTVANGEN,
                bronreden="Dit stuk is al goedgekeurd.",
                vereist=(_klant_levert,),
            ),
            Handeling(
                naam="papier.downloaden.klant",
                knop="Downloaden",
                rollen=frozenset({KLANT}),
                rolreden="Alleen de klant downloadt hier.",
                open_traject=False,
            ),
        ]
    },
}
registreer(HANDELINGEN.values())
