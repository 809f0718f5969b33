"""The catalogue of handelingen on a traject and its dossier, in one table (pure Python).

Every action a person can take on a dossier is a row here: the phase transitions, products
and the schuldregeling's steps, crisis and moratorium, pausing clocks, the aanmelding, and the
klantplan, schulden, gesprek, afstemming and klacht writes. A row says who may do it (roles;
the package task or "always the Stadsbank"), where (phases, open traject), which data must be
there, and which event row it writes. The one gate, :func:`schuldhulp.permissions.mag`, reads
these rows; the traject page asks it which buttons to show and every service asks it again
before writing. The django-fsm transition methods of ``Traject`` and ``Product`` are generated
from the rows with a ``doel`` (``trajecten/models.py``). See docs/adr/0003-handelingen.md.
"""

from __future__ import annotations

from typing import Any

from schuldhulp.handelingen import (
    BEHEERDER,
    CONSULENT,
    DOSSIERROLLEN,
    KLANTREGISSEUR,
    SYSTEEM,
    Handeling,
    Onderwerp,
    Wie,
    registreer,
)
from schuldhulp.keuzes import Keuzelijst
from schuldhulp.pakketten import Partij, Taak
from trajecten.dossierwerk import (
    AFSTEMMING_HANDELING,
    AFSTEMMINGEN,
    DOSSIER,
    GESPREK_HANDELING,
    GESPREKKEN,
)

__all__ = [
    "AFSTEMMINGEN",
    "AFSTEMMING_HANDELING",
    "DOSSIER",
    "GESPREKKEN",
    "GESPREK_HANDELING",
    "Handeling",
    "Partij",
    "Taak",
    "Wie",
]


class Fase(Keuzelijst):
    """The DDAS phases of a schuldhulptraject, in journey order."""

    AANGEMELD = "aangemeld", "Aangemeld"
    INTAKE = "intake", "Eerste gesprek en intake"
    STABILISATIE = "stabilisatie", "Stabilisatie"
    FINANCIELE_RUST = "financiele_rust", "Financiële rust en plan van aanpak"
    UITVOERING = "uitvoering", "Uitvoering"
    NAZORG = "nazorg", "Nazorg"
    UITGESTROOMD = "uitgestroomd", "Uitgestroomd"


OPEN_FASEN = [f for f in Fase if f != Fase.UITGESTROOMD]


class Gebeurtenissoort(Keuzelijst):
    """The kinds of event row; each handeling writes one."""

    AANMELDING = "aanmelding", "Aanmelding"
    EERSTE_GESPREK = "eerste_gesprek", "Eerste gesprek (start intake)"
    TOELATING = "toelating", "Toelatingsbeschikking (start stabilisatie)"
    AFWIJZING = "afwijzing", "Afwijzingsbeschikking"
    FINANCIELE_RUST = "financiele_rust", "Financiële rust en plan van aanpak"
    START_UITVOERING = "start_uitvoering", "Start uitvoering"
    START_NAZORG = "start_nazorg", "Start nazorg"
    UITSTROOM = "uitstroom", "Uitstroom"
    PRODUCT_GESTART = "product_gestart", "Product gestart"
    PRODUCT_BEEINDIGD = "product_beeindigd", "Product beëindigd"
    SCHULDREGELING = "schuldregeling", "Stap in schuldregeling"
    MORATORIUM = "moratorium", "Moratorium"
    CRISISINTERVENTIE = "crisisinterventie", "Crisisinterventie"
    OPSCHORTING = "opschorting", "Klok opgeschort"
    HERVATTING = "hervatting", "Klok hervat"
    BEHANDELAAR = "behandelaar", "Behandelaar gewijzigd"
    PAKKETWISSEL = "pakketwissel", "Pakketwissel (nieuwe takenverdeling)"
    MAATWERK = "maatwerk", "Maatwerk (op- of afschalen)"
    TAAKAFSPRAAK = "taakafspraak", "Taak afgesproken (in overleg)"
    CONTACTPERSOON = "contactpersoon", "Contactpersoon gemeente gewijzigd"
    VASTE_CONTACTPERSOON = "vaste_contactpersoon", "Vaste contactpersoon van de klant gekozen"
    OVERDRACHT = "overdracht", "Warme overdracht verstuurd"
    OVERDRACHT_VRAAG = "overdracht_vraag", "Vraag over de warme overdracht"
    OVERDRACHT_ANTWOORD = "overdracht_antwoord", "Antwoord op vraag over de overdracht"
    OVERDRACHT_GEACCEPTEERD = "overdracht_geaccepteerd", "Warme overdracht geaccepteerd"
    SCHULDEISER = "schuldeiser", "Bericht van of aan een schuldeiser"
    REGELING = "regeling", "Stap in de lopende schuldregeling"


class Productsoort(Keuzelijst):
    # begeleiding (DDAS begeleiding.soort)
    BUDGETBEHEER = "Budgetbeheer", "Budgetbeheer"
    BUDGETCOACHING = "Budgetcoaching", "Budgetcoaching"
    BESCHERMINGSBEWIND = "Beschermingsbewind", "Beschermingsbewind"
    BUDGETBEGELEIDING = "Budgetbegeleiding", "Budgetbegeleiding"
    LANGE_TERMIJN = "Lange Termijn Begeleiding (DFD)", "Lange termijn begeleiding"
    # oplossing (DDAS oplossing.soort) and Wsnp
    SCHULDBEMIDDELING = "Schuldbemiddeling", "Schuldbemiddeling (minnelijke regeling)"
    SANERINGSKREDIET = "Saneringskrediet", "Saneringskrediet"
    BETALINGSREGELING = "Betalingsregeling", "Betalingsregeling"
    HERFINANCIERING = "Herfinanciering", "Herfinanciering"
    NULPROCENTAANBOD = "0%-aanbod", "0%-aanbod"
    WSNP = "Wsnp", "Wsnp-aanvraag en begeleiding"


class Schuldregelingstatus(Keuzelijst):
    IN_VOORBEREIDING = "in_voorbereiding", "In voorbereiding"
    INGEDIEND = "ingediend", "Voorstel ingediend bij schuldeisers"
    TOEGEKEND = "toegekend", "Toegekend (akkoord)"
    AFGEWEZEN = "afgewezen", "Afgewezen"
    INGETROKKEN = "ingetrokken", "Ingetrokken"
    DWANGAKKOORD_VERZOCHT = "dwangakkoord_verzocht", "Dwangakkoord verzocht"
    DWANGAKKOORD = "dwangakkoord", "Dwangakkoord toegewezen"


G, S = Gebeurtenissoort, Schuldregelingstatus


# Data checks: each takes the object the handeling is about and returns a reason or None;
# the docstring completes "mits …" in the state graph (manage.py traject_graaf).
def _heeft_lopend_product(traject: Any) -> str | None:
    """een lopend product"""
    if not any(p.einddatum is None for p in traject.producten.all()):
        return "Start eerst een product (bijvoorbeeld budgetbeheer of schuldbemiddeling)."
    return None


def _geen_lopend_product(traject: Any) -> str | None:
    """geen lopend product"""
    if any(p.einddatum is None for p in traject.producten.all()):
        return "Er loopt nog een product. Beëindig eerst alle producten."
    return None


def _geen_lopend_traject(klant: Any) -> str | None:
    """geen lopend traject"""
    if klant.pk and klant.trajecten.lopend().exists():
        return "Deze klant heeft al een lopend traject. Open dat traject."
    return None


def _na_toelating(traject: Any) -> str | None:
    """na de toelating"""
    if traject.fase in (Fase.AANGEMELD, Fase.INTAKE):
        return "Een product start pas na de toelating."
    return None


def _product_loopt(product: Any) -> str | None:
    """het product loopt"""
    return "Dit product is al beëindigd." if product.einddatum else None


def _is_schuldbemiddeling(product: Any) -> str | None:
    """een schuldbemiddeling"""
    if product.soort != Productsoort.SCHULDBEMIDDELING:
        return "Alleen een schuldbemiddeling kent deze stappen."
    return None


def _crisis_loopt(interventie: Any) -> str | None:
    """de crisisinterventie loopt"""
    return "Deze crisisinterventie is al afgerond." if interventie.einddatum else None


def _klok_kan_stilstaan(klok: Any) -> str | None:
    """de termijn mag stilstaan"""
    if not klok.norm.opschorting_toegestaan:
        return "Deze termijn mag volgens de afspraak niet worden opgeschort."
    if klok.opgeschort or klok.gehaald_op or klok.vervallen:
        return "Deze klok is al opgeschort, gehaald of vervallen."
    return None


def _klok_staat_stil(klok: Any) -> str | None:
    """de termijn staat stil"""
    # The flag and an open pause row, as the service needs both (prefetched on the page).
    open_pauze = any(p.tot is None for p in klok.opschortingen.all())
    if not (klok.opgeschort and open_pauze) or klok.gehaald_op or klok.vervallen:
        return "Deze klok is niet opgeschort."
    return None


def _overgang(
    naam: str, knop: str, uitleg: str, bron: tuple[Fase, ...], doel: Fase, taak: Taak, **kw: Any
) -> Handeling:
    return Handeling(
        naam=naam,
        knop=knop,
        uitleg=uitleg,
        wie=Wie.PAKKET,
        taak=taak,
        bron=bron,
        doel=doel,
        **kw,
    )


def _alle_schuldeisers_akkoord(product: Any) -> str | None:
    """alle schuldeisers akkoord (als de regeling per schuldeiser wordt bijgehouden)"""
    regeling = getattr(product, "regeling", None)  # klantplan.schuldregeling
    if regeling is None:
        return None
    niet = [o for o in regeling.onderhandelingen.all() if o.status != "akkoord"]
    if niet:
        return f"Nog niet alle schuldeisers stemden in ({len(niet)} nog niet)."
    return None


def _een_schuldeiser_weigert(product: Any) -> str | None:
    """een schuldeiser weigert (als de regeling per schuldeiser wordt bijgehouden)"""
    regeling = getattr(product, "regeling", None)
    if regeling is None:
        return None
    if not any(o.status in WEIGERSTATUS for o in regeling.onderhandelingen.all()):
        return "Geen schuldeiser heeft het voorstel afgewezen of geweigerd mee te werken."
    return None


# The outcomes of a creditor that make the minnelijke regeling fail (one is enough).
WEIGERSTATUS = ("afgewezen", "geweigerd", "geen_medewerking", "geen_reactie")


def _stap(
    naam: str, knop: str, bron: tuple[S, ...], doel: S, vereist: tuple = (), **kw
) -> Handeling:
    """A step of the minnelijke regeling, on the product (always the Stadsbank's). The
    system (klantplan.schuldregeling) records the akkoord when the last creditor agrees."""
    return Handeling(
        naam=naam,
        knop=knop,
        rollen=DOSSIERROLLEN | {SYSTEEM},
        wie=Wie.STADSBANK,
        veld="schuldregeling_status",
        bron=bron,
        doel=doel,
        bronreden="Deze stap kan niet vanuit '{staat}'.",
        gebeurtenis=G.SCHULDREGELING,
        vereist=(_is_schuldbemiddeling, _product_loopt, *vereist),
        **kw,
    )


# What a step to a final state does (asked before, schuldhulp/bevestigen.py).
AFGESLOTEN = (
    "Het traject wordt afgesloten (uitgestroomd). Daarna kan er niets meer in worden "
    "vastgelegd; voor nieuwe hulp meldt u de klant opnieuw aan."
)
EINDSTAND = "Dit wordt de eindstand van de schuldregeling: er kan daarna geen stap meer volgen."


# Financiële rust as the Heusden request defines it: the three points the step asks for.
FINANCIELE_RUST_PUNTEN = (
    ("groei_gestopt", "De schulden groeien niet meer."),
    ("vaste_lasten", "De vaste lasten worden elke maand betaald."),
    ("schuldeisers_weten", "De schuldeisers weten dat de klant schuldhulp krijgt."),
)

OVERGANGEN: dict[str, Handeling] = {
    h.naam: h
    for h in [
        _overgang(
            "voer_eerste_gesprek",
            "Eerste gesprek vastleggen",
            "Het eerste gesprek met de klant heeft plaatsgevonden.",
            (Fase.AANGEMELD,),
            Fase.INTAKE,
            Taak.INFORMATIE_VERZAMELEN,
            gebeurtenis=G.EERSTE_GESPREK,
        ),
        _overgang(
            "neem_toelatingsbesluit",
            "Toelating vastleggen",
            "De klant is toegelaten (Wgs-beschikking). Stabilisatie begint.",
            (Fase.INTAKE,),
            Fase.STABILISATIE,
            Taak.WGS_BESCHIKKING,
            gebeurtenis=G.TOELATING,
        ),
        _overgang(
            "neem_afwijzingsbesluit",
            "Afwijzing vastleggen",
            "De aanvraag is afgewezen. Het traject wordt afgesloten.",
            (Fase.INTAKE,),
            Fase.UITGESTROOMD,
            Taak.WGS_BESCHIKKING,
            gebeurtenis=G.AFWIJZING,
            uitstroomreden=True,
            onomkeerbaar=f"De klant krijgt geen schuldhulp. {AFGESLOTEN}",
        ),
        _overgang(
            "bereik_financiele_rust",
            "Financiële rust vastleggen",
            "Er is financiële rust als de schulden niet meer groeien, de vaste lasten elke "
            "maand betaald worden en de schuldeisers weten dat de klant schuldhulp krijgt.",
            (Fase.STABILISATIE,),
            Fase.FINANCIELE_RUST,
            Taak.ACUTE_HULP,
            gebeurtenis=G.FINANCIELE_RUST,
            controlelijst=FINANCIELE_RUST_PUNTEN,
        ),
        _overgang(
            "start_uitvoering",
            "Uitvoering starten",
            "Het plan wordt uitgevoerd met een of meer producten.",
            (Fase.FINANCIELE_RUST,),
            Fase.UITVOERING,
            Taak.REGIE_OP_RESULTAAT,
            gebeurtenis=G.START_UITVOERING,
            vereist=(_heeft_lopend_product,),
        ),
        _overgang(
            "start_nazorg",
            "Nazorg starten",
            "Alle producten zijn klaar. De nazorg begint.",
            (Fase.UITVOERING,),
            Fase.NAZORG,
            Taak.OPMAAT_TOT_UITSTROOM,
            gebeurtenis=G.START_NAZORG,
            vereist=(_geen_lopend_product,),
        ),
        _overgang(
            "sluit_af",
            "Traject afsluiten (uitstroom)",
            "Het traject stopt. Kies de reden van uitstroom.",
            tuple(OPEN_FASEN),
            Fase.UITGESTROOMD,
            Taak.EXITGESPREK,
            gebeurtenis=G.UITSTROOM,
            vereist=(_geen_lopend_product,),  # no product (or toets) may outlive its traject
            uitstroomreden=True,
            onomkeerbaar=AFGESLOTEN,
        ),
    ]
}

SCHULDREGELING_STAPPEN: dict[str, Handeling] = {
    h.naam: h
    for h in [
        _stap("dien_in", "Voorstel ingediend", (S.IN_VOORBEREIDING,), S.INGEDIEND),
        _stap(
            "ken_toe",
            "Akkoord schuldeisers vastleggen",
            (S.INGEDIEND,),
            S.TOEGEKEND,
            vereist=(_alle_schuldeisers_akkoord,),
            onomkeerbaar=f"Alle schuldeisers gaan akkoord. {EINDSTAND}",
        ),
        _stap(
            "wijs_af",
            "Afwijzing vastleggen",
            (S.INGEDIEND,),
            S.AFGEWEZEN,
            vereist=(_een_schuldeiser_weigert,),
        ),
        _stap(
            "trek_in",
            "Voorstel intrekken",
            (S.IN_VOORBEREIDING, S.INGEDIEND),
            S.INGETROKKEN,
            onomkeerbaar=f"Het voorstel aan de schuldeisers vervalt. {EINDSTAND}",
        ),
        _stap(
            "verzoek_dwangakkoord",
            "Dwangakkoord verzoeken",
            (S.AFGEWEZEN,),
            S.DWANGAKKOORD_VERZOCHT,
        ),
        _stap(
            "dwangakkoord_toegewezen",
            "Dwangakkoord toegewezen",
            (S.DWANGAKKOORD_VERZOCHT,),
            S.DWANGAKKOORD,
            onomkeerbaar=f"De rechter dwingt het akkoord af. {EINDSTAND}",
        ),
        _stap(
            "dwangakkoord_afgewezen",
            "Dwangakkoord afgewezen",
            (S.DWANGAKKOORD_VERZOCHT,),
            S.AFGEWEZEN,
        ),
    ]
}


HANDELINGEN: dict[str, Handeling] = {
    **OVERGANGEN,
    **SCHULDREGELING_STAPPEN,
    **{
        h.naam: h
        for h in [
            Handeling(
                naam="traject.aanmelden",
                knop="Aanmelden voor schuldhulp",
                onderwerp=Onderwerp.KLANT,
                gebeurtenis=G.AANMELDING,
                vereist=(_geen_lopend_traject,),
            ),
            # The people on a traject: each side names its own (docs/samenwerking.md).
            Handeling(
                naam="traject.wijzig_behandelaar",
                knop="Behandelaar wijzigen",
                uitleg="De nieuwe behandelaar bij de Stadsbank krijgt het traject in de "
                "werkvoorraad en de signaleringen als de Stadsbank aan zet is.",
                rollen=frozenset({KLANTREGISSEUR}),
                rolreden="De Stadsbank (klantregisseur) wijst de behandelaar toe.",
                gebeurtenis=G.BEHANDELAAR,
            ),
            Handeling(
                naam="traject.wijzig_contactpersoon",
                knop="Contactpersoon gemeente wijzigen",
                uitleg="De nieuwe contactpersoon bij de gemeente krijgt het traject in de "
                "werkvoorraad en de signaleringen voor de gemeente.",
                rollen=frozenset({CONSULENT}),
                rolreden="De gemeente (consulent) wijst haar contactpersoon toe.",
                gebeurtenis=G.CONTACTPERSOON,
            ),
            Handeling(
                naam="traject.kies_vaste_contactpersoon",
                knop="Vaste contactpersoon kiezen",
                uitleg="Wie de klant belt en mailt: de behandelaar bij de Stadsbank of de "
                "contactpersoon bij de gemeente. Die naam staat in het dossier, het "
                "klantplan en de brieven.",
                gebeurtenis=G.VASTE_CONTACTPERSOON,
            ),
            Handeling(  # the team lead's screen: assign unassigned trajecten, rebalance
                naam="team.verdelen",
                knop="Werk verdelen",
                onderwerp=Onderwerp.GEMEENTE,
                rolreden="Met uw rol kunt u geen trajecten toewijzen.",
            ),
            Handeling(
                naam="product.start",
                knop="Product starten",
                wie=Wie.STADSBANK,
                gebeurtenis=G.PRODUCT_GESTART,
                vereist=(_na_toelating,),
            ),
            Handeling(
                naam="product.beeindig",
                knop="Product beëindigen",
                wie=Wie.STADSBANK,
                gebeurtenis=G.PRODUCT_BEEINDIGD,
                vereist=(_product_loopt,),
                onomkeerbaar="Het product stopt op de einddatum en kan niet weer worden "
                "gestart; zo nodig start u een nieuw product.",
            ),
            Handeling(
                naam="moratorium.registreer",
                knop="Moratorium vastleggen",
                uitleg="Een breed moratorium (art. 287b Faillissementswet) bevriest "
                "incasso's en beslagen voor hooguit 6 maanden.",
                wie=Wie.STADSBANK,
                gebeurtenis=G.MORATORIUM,
            ),
            Handeling(
                naam="crisis.start",
                knop="Crisisinterventie starten",
                wie=Wie.PAKKET,
                taak=Taak.ACUTE_HULP,
                gebeurtenis=G.CRISISINTERVENTIE,
            ),
            Handeling(
                naam="crisis.rond_af",
                knop="Crisisinterventie afronden",
                wie=Wie.PAKKET,
                taak=Taak.ACUTE_HULP,
                gebeurtenis=G.CRISISINTERVENTIE,
                vereist=(_crisis_loopt,),
            ),
            Handeling(
                naam="klok.schort_op",
                knop="Termijn opschorten",
                uitleg="De termijn staat stil tot u hem weer laat lopen.",
                gebeurtenis=G.OPSCHORTING,
                vereist=(_klok_kan_stilstaan,),
            ),
            Handeling(
                naam="klok.hervat",
                knop="Termijn weer laten lopen",
                gebeurtenis=G.HERVATTING,
                vereist=(_klok_staat_stil,),
            ),
        ]
    },
    **DOSSIER,
    **{
        h.naam: h
        for h in [
            Handeling(  # cases of signals of arrears, per gemeente (before any traject)
                naam="vroegsignalering.behandelen",
                knop="Vroegsignalen behandelen",
                onderwerp=Onderwerp.GEMEENTE,
                rolreden="Met uw rol kunt u geen vroegsignalen behandelen.",
            ),
            Handeling(  # the shared register of schuldeisers, not one dossier
                naam="schuldeiser.toevoegen",
                knop="Schuldeiser toevoegen",
                onderwerp=Onderwerp.GEMEENTE,
                rolreden="Met uw rol kunt u geen schuldeisers toevoegen.",
            ),
            # The klantregisseur's days on location at the gemeente (shown on the gemeente
            # page and in the klant's documents). The task is the Stadsbank's in every
            # package, so the roles carry it: the gate reads no package for a gemeente.
            Handeling(
                naam="spreekuur.wijzigen",
                knop="Spreekuren wijzigen",
                onderwerp=Onderwerp.GEMEENTE,
                rollen=frozenset({KLANTREGISSEUR, BEHEERDER}),
                rolreden="Alleen de klantregisseur of de functioneel beheerder wijzigt de "
                "spreekuren van de klantregisseur.",
                wie=Wie.PAKKET,
                taak=Taak.KLANTREGISSEUR_OP_LOCATIE,
            ),
        ]
    },
}
registreer(HANDELINGEN.values())


def partij_voor(traject: Any, taak: Taak | None) -> Partij | None:
    """Who does `taak` in this traject today: its maatwerk or settlement, else the agreement
    it follows (``taak`` None: a product task, always the Stadsbank's). None: nobody yet, the
    agreement leaves the task to be settled per traject."""
    return Partij.STADSBANK if taak is None else traject.uitvoerder(taak)


def volgende_overgang(fase: str) -> Handeling | None:
    """The main step forward from `fase` (not the ways out)."""
    return next((o for o in OVERGANGEN.values() if fase in o.bron and not o.uitstroomreden), None)


def is_afgesloten(fase: str) -> bool:
    """What ends a traject: uitstroom, by any of the ways out."""
    return fase == Fase.UITGESTROOMD
