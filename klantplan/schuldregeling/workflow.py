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
    Onderwerp,
    Wie,
    registreer,
)
from schuldhulp.keuzes import Keuzelijst
from trajecten.workflow import Gebeurtenissoort as G
from trajecten.workflow import Productsoort, Schuldregelingstatus


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
# Bound by a granted dwangakkoord: who did not agree, also one still asked to reconsider
# (a heroverweging sent after the request to the court).
TE_BINDEN = (*NIET_AKKOORD, O.HEROVERWEGING.value)
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
            (O.AFGEWEZEN, O.GEWEIGERD, O.GEEN_MEDEWERKING, O.GEEN_REACTIE, O.HEROVERWEGING),
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


# --- The running regeling (klantplan/schuldregeling/services/lopend.py, betalingen.py).
def _kan_starten(regeling: Any) -> str | None:
    """alle schuldeisers stemden in (of de rechter gaf een dwangakkoord)"""
    if regeling.voorstel_id is None:
        return "Kies eerst het saneringsvoorstel waarop de regeling berust."
    onderhandelingen = list(regeling.onderhandelingen.all())
    if any(o.aangeboden_cent is None for o in onderhandelingen):
        return (
            "Niet elke schuldeiser heeft een aanbod uit het gekozen voorstel (een saldo is "
            "gewijzigd). Kies eerst een nieuw voorstel."
        )
    if regeling.soort == "saneringskrediet":
        if any(o.status not in (O.AKKOORD, O.DWANGAKKOORD) for o in onderhandelingen):
            return "Nog niet alle schuldeisers stemden in met het saneringskrediet."
        return None
    if regeling.product.schuldregeling_status not in ("toegekend", "dwangakkoord"):
        return (
            "De schuldregeling is nog niet toegekend: nog niet alle schuldeisers stemden in "
            "en de rechter gaf geen dwangakkoord."
        )
    return None


def _regeling_loopt(obj: Any) -> str | None:
    """de regeling loopt"""
    regeling = getattr(obj, "regeling", obj)
    if regeling.fase != F.LOPEND:
        return f"Dit kan alleen bij een lopende regeling (nu: {regeling.get_fase_display()})."
    return None


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
            vereist=(_kan_starten,),
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


# --- The court: verzoek dwangakkoord (art. 287a Fw), Wsnp-verzoek (art. 285 Fw) and the
# court's decision (klantplan/schuldregeling/services/rechter.py). The checks read the
# product's own status (trajecten.workflow.SCHULDREGELING_STAPPEN), which they move.
S = Schuldregelingstatus


def _schuldbemiddeling_loopt(regeling: Any) -> str | None:
    """een lopende schuldbemiddeling"""
    product = regeling.product
    if product.soort != Productsoort.SCHULDBEMIDDELING:
        return "Een dwangakkoord of Wsnp-verzoek loopt hier via een schuldbemiddeling."
    if product.einddatum is not None:
        return "Deze schuldbemiddeling is beëindigd."
    return None


def _voorstel_gekozen_regeling(regeling: Any) -> str | None:
    """het saneringsvoorstel gekozen is"""
    if regeling.voorstel_id is None:
        return "Kies eerst het saneringsvoorstel waarop de betaalvoorstellen berusten."
    return None


def _minnelijk_mislukt(regeling: Any) -> str | None:
    """alle schuldeisers antwoordden en ten minste één weigert"""
    statussen = [o.status for o in regeling.onderhandelingen.all()]
    if not any(s in NIET_AKKOORD for s in statussen):
        return (
            "Geen schuldeiser weigert het betaalvoorstel: een verzoek aan de rechter is niet nodig."
        )
    wacht = sum(1 for s in statussen if s not in (*NIET_AKKOORD, O.AKKOORD, O.DWANGAKKOORD))
    if wacht:
        return (
            f"Nog niet alle schuldeisers antwoordden op het betaalvoorstel ({wacht} nog "
            "niet). Wacht hun antwoord af of leg 'geen reactie' vast."
        )
    return None


def _dwangakkoord_te_verzoeken(regeling: Any) -> str | None:
    """het voorstel is ingediend of afgewezen, een schuldeiser weigert, de rest stemde in"""
    status = regeling.product.schuldregeling_status
    if status == S.DWANGAKKOORD_VERZOCHT:
        return (
            "Het verzoek om een dwangakkoord is al gemaakt. Leg de uitspraak van de rechter "
            "vast zodra die er is."
        )
    if status == S.DWANGAKKOORD:
        return "De rechter heeft het dwangakkoord al toegewezen."
    if status == S.TOEGEKEND:
        return "Alle schuldeisers stemden in: een dwangakkoord is niet nodig."
    if status not in (S.INGEDIEND, S.AFGEWEZEN):
        return "Dien eerst het betaalvoorstel in bij de schuldeisers."
    return _minnelijk_mislukt(regeling)


def _wsnp_te_verzoeken(regeling: Any) -> str | None:
    """de minnelijke regeling is mislukt (afgewezen, of een dwangakkoord is verzocht)"""
    status = regeling.product.schuldregeling_status
    if status in (S.AFGEWEZEN, S.DWANGAKKOORD_VERZOCHT):
        return None
    if status == S.INGEDIEND:
        return _minnelijk_mislukt(regeling)
    if status in (S.TOEGEKEND, S.DWANGAKKOORD):
        return "De schuldregeling is tot stand gekomen: een Wsnp-verzoek is niet nodig."
    return "De minnelijke regeling is niet mislukt: dien eerst het betaalvoorstel in."


def _verzoek_bij_de_rechter(regeling: Any) -> str | None:
    """er ligt een verzoek bij de rechter (dwangakkoord verzocht, of regeling afgewezen)"""
    if regeling.product.schuldregeling_status not in (S.DWANGAKKOORD_VERZOCHT, S.AFGEWEZEN):
        return (
            "Er ligt geen verzoek bij de rechter. Maak eerst het verzoek om een "
            "dwangakkoord of het Wsnp-verzoek."
        )
    return None


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
        _regeling(
            "dwangakkoord_bundel",
            "Verzoek dwangakkoord maken",
            uitleg="De rechter wordt gevraagd de weigerende schuldeisers aan het voorstel te "
            "binden (art. 287a Faillissementswet).",
            vereist=(
                _schuldbemiddeling_loopt,
                _regeling_onderhandelt,
                _voorstel_gekozen_regeling,
                _dwangakkoord_te_verzoeken,
            ),
        ),
        _regeling(
            "wsnp_verzoek",
            "Wsnp-verzoek met 285-verklaring maken",
            uitleg="Het verzoek om toelating tot de schuldsanering, met de verklaring dat de "
            "minnelijke regeling is mislukt (art. 285 Faillissementswet).",
            vereist=(_schuldbemiddeling_loopt, _regeling_onderhandelt, _wsnp_te_verzoeken),
        ),
        _regeling(
            "uitspraak_vastleggen",
            "Uitspraak rechter vastleggen",
            vereist=(_schuldbemiddeling_loopt, _verzoek_bij_de_rechter),
        ),
        _regeling("betaling_vastleggen", "Betaling vastleggen", vereist=(_regeling_loopt,)),
        _regeling("betalingen_importeren", "Bankafschrift inlezen", vereist=(_regeling_loopt,)),
        _regeling(
            "tussentijdse_toets", "Tussentijdse toets vastleggen", vereist=(_regeling_loopt,)
        ),
        # The day's letters of the gemeenten the user works for (klantplan.schuldregeling.
        # views.brieven): a gemeente-level row (obj: a Gemeente, or None for all of mine).
        Handeling(
            naam="sr.printbatch",
            knop="Brieven afdrukken",
            onderwerp=Onderwerp.GEMEENTE,
            rollen=STADSBANK,
            rolreden="Alleen de klantregisseur drukt de brieven aan de schuldeisers af.",
        ),
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
