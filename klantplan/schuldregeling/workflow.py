"""Catalogue rows of the schuldregeling with the creditors (pure Python, no Django).

Per creditor (a debt of the schuldenoverzicht) a negotiation state machine follows the
message set of the Schuldenknooppunt, module Schuldregelen (docs/schuldregeling.md):
kennisgeving → saldoverzoek → saldo ontvangen → betaalvoorstel → akkoord / afwijzing →
heroverweging → akkoord na heroverweging / definitief geweigerd; also geen medewerking and
geen reactie. Outgoing messages are the Stadsbank's (klantregisseur); an answer comes from the
creditor through the schuldeiserportaal (role ``schuldeiser``, a link instead of an account)
or is entered by the klantregisseur from a letter or phone call. The reminder job acts as the
role ``systeem``. Every row here is asked of the one gate (schuldhulp.permissions.mag).

On the regeling itself (``Regeling.fase``): onderhandeling → lopend (18 or 36 months of
payments) → afgerond (finale kwijting: schuldenvrij) or beëindigd.
"""

from __future__ import annotations

from typing import Any

from schuldhulp.handelingen import (
    KLANTREGISSEUR,
    SCHULDEISER,
    SYSTEEM,
    Handeling,
    Wie,
    registreer,
)
from schuldhulp.keuzes import Keuzelijst
from trajecten.workflow import Gebeurtenissoort as G


class Onderhandelingstatus(Keuzelijst):
    NIEUW = "nieuw", "Nog niet aangeschreven"
    KENNISGEVING = "kennisgeving", "Kennisgeving verstuurd"
    SALDO_GEVRAAGD = "saldo_gevraagd", "Saldo opgevraagd"
    SALDO_ONTVANGEN = "saldo_ontvangen", "Saldo ontvangen"
    VOORSTEL = "voorstel", "Betaalvoorstel verstuurd"
    AKKOORD = "akkoord", "Akkoord"
    AFGEWEZEN = "afgewezen", "Voorstel afgewezen"
    HEROVERWEGING = "heroverweging", "Heroverweging gevraagd"
    GEWEIGERD = "geweigerd", "Definitief geweigerd"
    GEEN_MEDEWERKING = "geen_medewerking", "Geen medewerking"
    GEEN_REACTIE = "geen_reactie", "Geen reactie"
    DWANGAKKOORD = "dwangakkoord", "Gebonden door dwangakkoord"


class Regelingfase(Keuzelijst):
    ONDERHANDELING = "onderhandeling", "Onderhandeling met de schuldeisers"
    LOPEND = "lopend", "Regeling loopt"
    AFGEROND = "afgerond", "Afgerond (finale kwijting)"
    BEEINDIGD = "beeindigd", "Voortijdig beëindigd"


class Berichtsoort(Keuzelijst):
    """The messages, named after the Schuldenknooppunt (module Schuldregelen) where it has
    one; ``herinnering`` is a letter of our own (the Schuldenknooppunt has no reminder)."""

    KENNISGEVING = "kennisgeving", "Kennisgeving"
    SALDOVERZOEK = "saldoverzoek", "Saldoverzoek"
    SALDOVERZOEK_ANTWOORD = "saldoverzoek_antwoord", "Saldoverzoek antwoord"
    BETAALVOORSTEL = "betaalvoorstel", "Betaalvoorstel"
    BETAALVOORSTEL_ANTWOORD = "betaalvoorstel_antwoord", "Betaalvoorstel antwoord"
    HEROVERWEGING = "heroverweging", "Heroverweging"
    HEROVERWEGING_ANTWOORD = "heroverweging_antwoord", "Heroverweging antwoord"
    GEEN_MEDEWERKING = "geen_medewerking", "Geen medewerking"
    STATUSVERZOEK = "statusverzoek", "Statusverzoek"
    STATUSBERICHT = "statusbericht", "Statusbericht"
    HERINNERING = "herinnering", "Herinnering"
    SCHULDREGELING_AKKOORD = "schuldregeling_akkoord", "Schuldregeling akkoord"
    SCHULDREGELING_BEEINDIGD = "schuldregeling_beeindigd", "Schuldregeling beëindigd"


class Richting(Keuzelijst):
    UIT = "uit", "Verstuurd"
    IN = "in", "Ontvangen"


class Kanaal(Keuzelijst):
    BRIEF = "brief", "Brief"
    PORTAAL = "portaal", "Schuldeiserportaal"
    EMAIL = "email", "E-mail"
    POST = "post", "Per post ontvangen"
    TELEFOON = "telefoon", "Telefonisch"
    SCHULDENKNOOPPUNT = "schuldenknooppunt", "Schuldenknooppunt"


O, F = Onderhandelingstatus, Regelingfase
# States in which the creditor still owes us an answer (a term runs, reminders go out).
WACHT_OP_SCHULDEISER = (O.SALDO_GEVRAAGD.value, O.VOORSTEL.value, O.HEROVERWEGING.value)
# States in which the creditor's part is over (for the shares and "who holds it up").
AFGEROND = (
    O.AKKOORD.value,
    O.DWANGAKKOORD.value,
    O.GEWEIGERD.value,
    O.GEEN_MEDEWERKING.value,
    O.GEEN_REACTIE.value,
)
NIET_AKKOORD = (
    O.AFGEWEZEN.value,
    O.GEWEIGERD.value,
    O.GEEN_MEDEWERKING.value,
    O.GEEN_REACTIE.value,
)
ANTWOORDROLLEN = frozenset({KLANTREGISSEUR, SCHULDEISER})
STADSBANK = frozenset({KLANTREGISSEUR})


def _regeling_onderhandelt(obj: Any) -> str | None:
    """de regeling nog in onderhandeling is"""
    regeling = getattr(obj, "regeling", obj)
    if regeling.fase != F.ONDERHANDELING:
        return "De onderhandeling met de schuldeisers is voorbij."
    return None


def _voorstel_gekozen(onderhandeling: Any) -> str | None:
    """een saneringsvoorstel gekozen is"""
    if onderhandeling.regeling.voorstel_id is None or onderhandeling.aangeboden_cent is None:
        return (
            "Kies eerst het saneringsvoorstel waarop het betaalvoorstel berust (na een "
            "gewijzigd saldo: maak een nieuw voorstel en kies dat)."
        )
    return None


def _stap(
    naam: str,
    knop: str,
    bron: tuple[O, ...],
    doel: O | None,
    *,
    rollen: frozenset[str] = STADSBANK,
    **kw,
) -> Handeling:
    return Handeling(
        naam=f"sr.{naam}",
        knop=knop,
        rollen=rollen,
        rolreden="Dit doet de Stadsbank (klantregisseur) in de schuldregeling.",
        wie=Wie.STADSBANK,
        veld="status",
        bron=tuple(b.value for b in bron),
        doel=doel.value if doel else None,
        bronreden="Dit kan niet bij een schuldeiser met status '{staat}'.",
        gebeurtenis=G.SCHULDEISER,
        vereist=(_regeling_onderhandelt, *kw.pop("vereist", ())),
        **kw,
    )


OPEN_STATEN = tuple(s for s in O if s.value not in AFGEROND)

ONDERHANDELING_STAPPEN: dict[str, Handeling] = {
    h.naam: h
    for h in [
        _stap(
            "kennisgeving",
            "Kennisgeving versturen",
            (O.NIEUW,),
            O.KENNISGEVING,
            uitleg="De schuldeiser hoort dat de Stadsbank de klant helpt en wordt gevraagd "
            "de incasso te stoppen.",
        ),
        _stap(
            "saldoverzoek",
            "Saldoverzoek versturen",
            (O.NIEUW, O.KENNISGEVING, O.GEEN_REACTIE),
            O.SALDO_GEVRAAGD,
            uitleg="De schuldeiser geeft de vordering op de peildatum door (hoofdsom, kosten, "
            "rente), per brief of via een link naar het schuldeiserportaal.",
        ),
        _stap(
            "saldo_ontvangen",
            "Saldo vastleggen",
            (O.NIEUW, O.KENNISGEVING, O.SALDO_GEVRAAGD, O.SALDO_ONTVANGEN, O.GEEN_REACTIE),
            O.SALDO_ONTVANGEN,
            rollen=ANTWOORDROLLEN,
            uitleg="Wijkt het saldo af van wat de klant opgaf, dan wordt de schuld bijgewerkt; "
            "het oude bedrag blijft bewaard.",
        ),
        _stap(
            "betaalvoorstel",
            "Betaalvoorstel versturen",
            (O.SALDO_ONTVANGEN,),
            O.VOORSTEL,
            uitleg="Het aanbod uit het gekozen saneringsvoorstel.",
            vereist=(_voorstel_gekozen,),
        ),
        _stap(
            "akkoord",
            "Akkoord vastleggen",
            (O.VOORSTEL, O.HEROVERWEGING),
            O.AKKOORD,
            rollen=ANTWOORDROLLEN,
        ),
        _stap(
            "afwijzing",
            "Afwijzing vastleggen",
            (O.VOORSTEL,),
            O.AFGEWEZEN,
            rollen=ANTWOORDROLLEN,
            uitleg="Met de reden van de schuldeiser.",
        ),
        _stap(
            "heroverweging",
            "Heroverweging vragen",
            (O.AFGEWEZEN,),
            O.HEROVERWEGING,
            uitleg="De schuldeiser wordt gevraagd het voorstel opnieuw te bekijken.",
        ),
        _stap(
            "weigering",
            "Definitieve weigering vastleggen",
            (O.HEROVERWEGING,),
            O.GEWEIGERD,
            rollen=ANTWOORDROLLEN,
        ),
        _stap(
            "geen_medewerking",
            "Geen medewerking vastleggen",
            (O.KENNISGEVING, O.SALDO_GEVRAAGD, O.VOORSTEL, O.HEROVERWEGING, O.GEEN_REACTIE),
            O.GEEN_MEDEWERKING,
            rollen=ANTWOORDROLLEN,
        ),
        _stap(
            "geen_reactie",
            "Geen reactie vastleggen",
            (O.SALDO_GEVRAAGD, O.VOORSTEL, O.HEROVERWEGING),
            O.GEEN_REACTIE,
            rollen=frozenset({KLANTREGISSEUR, SYSTEEM}),
            uitleg="De termijn en de herinneringen zijn verlopen zonder antwoord.",
        ),
        # The court's dwangakkoord (art. 287a Fw) binds a creditor that did not agree
        # (recorded with the court's decision, sr.uitspraak_vastleggen).
        _stap(
            "dwangakkoord",
            "Gebonden door dwangakkoord",
            (O.AFGEWEZEN, O.GEWEIGERD, O.GEEN_MEDEWERKING, O.GEEN_REACTIE),
            O.DWANGAKKOORD,
            vereist=(),
        ),
    ]
}

# Messages that do not move the state machine.
BERICHTEN: dict[str, Handeling] = {
    h.naam: h
    for h in [
        _stap(
            "herinnering",
            "Herinnering versturen",
            (O.SALDO_GEVRAAGD, O.VOORSTEL, O.HEROVERWEGING),
            None,
            rollen=frozenset({KLANTREGISSEUR, SYSTEEM}),
        ),
        _stap("statusverzoek", "Statusverzoek", OPEN_STATEN, None, rollen=ANTWOORDROLLEN),
        _stap("statusbericht", "Statusbericht", OPEN_STATEN, None, rollen=ANTWOORDROLLEN),
    ]
}


def _fase(naam: str, knop: str, bron: tuple[F, ...], doel: F, **kw) -> Handeling:
    return Handeling(
        naam=f"sr.{naam}",
        knop=knop,
        rollen=STADSBANK,
        rolreden="Dit doet de Stadsbank (klantregisseur) in de schuldregeling.",
        wie=Wie.STADSBANK,
        veld="fase",
        bron=tuple(b.value for b in bron),
        doel=doel.value,
        bronreden="Dit kan niet bij een regeling met fase '{staat}'.",
        gebeurtenis=G.REGELING,
        **kw,
    )


REGELING_FASEN: dict[str, Handeling] = {
    h.naam: h
    for h in [
        _fase(
            "regeling_starten",
            "Regeling starten",
            (F.ONDERHANDELING,),
            F.LOPEND,
            uitleg="Alle schuldeisers stemden in (of de rechter gaf een dwangakkoord): de "
            "betalingen beginnen.",
        ),
        _fase(
            "finale_kwijting",
            "Finale kwijting vastleggen",
            (F.LOPEND,),
            F.AFGEROND,
            uitleg="De looptijd is voorbij en alles is uitbetaald: de schuldeisers krijgen "
            "een brief, de klant is schuldenvrij.",
        ),
        _fase(
            "regeling_beeindigen",
            "Regeling beëindigen",
            (F.ONDERHANDELING, F.LOPEND),
            F.BEEINDIGD,
            uitleg="De regeling stopt voortijdig (met reden).",
        ),
    ]
}


def _regeling(naam: str, knop: str, **kw) -> Handeling:
    return Handeling(
        naam=f"sr.{naam}",
        knop=knop,
        rollen=kw.pop("rollen", STADSBANK),
        rolreden="Dit doet de Stadsbank (klantregisseur) in de schuldregeling.",
        wie=Wie.STADSBANK,
        gebeurtenis=G.REGELING,
        **kw,
    )


REGELING_HANDELINGEN: dict[str, Handeling] = {
    h.naam: h
    for h in [
        # Reading: the dossier's own people (and a dossier shared with them).
        Handeling(
            naam="sr.inzien",
            knop="Schuldregeling bekijken",
            ook_gedeeld=True,
            open_traject=False,
        ),
        _regeling(
            "regeling_openen",
            "Schuldregeling openen",
            uitleg="Per schuld op het schuldenoverzicht een schuldeiser om aan te schrijven.",
        ),
        _regeling("voorstel_kiezen", "Saneringsvoorstel kiezen", vereist=(_regeling_onderhandelt,)),
        _regeling("dwangakkoord_bundel", "Verzoek dwangakkoord maken", open_traject=False),
        _regeling("wsnp_verzoek", "Wsnp-verzoek met 285-verklaring maken", open_traject=False),
        _regeling("uitspraak_vastleggen", "Uitspraak rechter vastleggen"),
        _regeling("betaling_vastleggen", "Betaling vastleggen"),
        _regeling("betalingen_importeren", "Bankafschrift inlezen"),
        _regeling("tussentijdse_toets", "Tussentijdse toets vastleggen"),
        _regeling("printbatch", "Brieven van vandaag afdrukken", open_traject=False),
        # The creditor's own view of its dossier through the link.
        Handeling(
            naam="sr.portaal_inzien",
            knop="Bekijken",
            rollen=frozenset({SCHULDEISER}),
            rolreden="Alleen de schuldeiser met de link ziet deze pagina.",
            wie=Wie.STADSBANK,
            open_traject=False,
        ),
    ]
}

HANDELINGEN: dict[str, Handeling] = {
    **ONDERHANDELING_STAPPEN,
    **BERICHTEN,
    **REGELING_FASEN,
    **REGELING_HANDELINGEN,
}
registreer(HANDELINGEN.values())
