"""The written summary for the wethouder: the report's own figures in plain Dutch (B1).

No second computation: every sentence reads the figures stored with the report (the same
JSON as the tables) and the norms come from :func:`rapportage.weergave.samenvatting`, so the
text can never disagree with the tables. Behind every percentage stands the count ("82% (41
van de 50)"); with fewer than :data:`KLEINE_NOEMER` cases there is no percentage at all but
"3 van de 3": a percentage of three people says more than it knows.

The public version (``openbaar=True``) follows the same rules as the public CSV (ADR 0012,
0022): a count of 1 to 4 reads "minder dan 5", a share whose numerator, denominator or rest
is such a small count is not given, and an average over a small group is left out. The
summary only uses totals (never a breakdown row), so secondary suppression has nothing to
hide here; a test keeps that true.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rapportage import weergave
from rapportage.openbaar import drempel, onderdrukt, percentage_onderdrukt
from rapportage.opmaak import aandeel, opmaak


@dataclass
class Wethoudertekst:
    """The summary page: an opening, then what went well, what needs attention and what the
    figures of this quarter cannot tell (with the reason)."""

    kwartaal: str
    onderwerp: str
    openbaar: bool
    inleiding: list[str] = field(default_factory=list)
    goed: list[str] = field(default_factory=list)
    aandacht: list[str] = field(default_factory=list)
    onbekend: list[str] = field(default_factory=list)

    @property
    def alle_zinnen(self) -> list[str]:
        return [*self.inleiding, *self.goed, *self.aandacht, *self.onbekend]


class _Schrijver:
    """Writes counts and shares, internal (exact) or public (small counts hidden)."""

    def __init__(self, openbaar: bool) -> None:
        self.openbaar = openbaar
        self.grens = drempel()

    def aantal(self, waarde: int | None) -> str:
        if waarde is None:
            return "onbekend"
        if self.openbaar and onderdrukt(waarde, "aantal"):
            return f"minder dan {self.grens}"
        return opmaak(waarde)

    def klein(self, waarde: int | None) -> bool:
        return self.openbaar and onderdrukt(waarde, "aantal") is not None

    def aandeel(self, teller: int, noemer: int, pct: float | None) -> str | None:
        """'82,0% (41 van de 50)', '3 van de 3', or None when the public version hides it."""
        if self.openbaar and percentage_onderdrukt(pct, teller, noemer):
            return None
        return aandeel(teller, noemer, pct)

    def vergelijk(self, nu: int, vorig: int | None) -> str:
        """'Dat zijn er 12 meer dan in het kwartaal ervoor (40).' — or less, or the same."""
        if vorig is None:
            return ""
        if self.klein(nu) or self.klein(vorig):
            return "Met zulke kleine aantallen is het kwartaal ervoor niet te vergelijken."
        if nu == vorig:
            return (
                "Dat is evenveel als in het kwartaal ervoor."
                if nu
                else "Ook niet in het kwartaal ervoor."
            )
        verschil = abs(nu - vorig)
        richting = "meer" if nu > vorig else "minder"
        return (
            f"Dat zijn er {opmaak(verschil)} {richting} dan in het kwartaal ervoor "
            f"({opmaak(vorig)})."
        )


def _hoofdletter(zin: str) -> str:
    return zin[:1].upper() + zin[1:]


def _laatste_twee(reeks: list[dict], veld: str) -> tuple[Any, Any]:
    nu = reeks[-1].get(veld)
    vorig = reeks[-2].get(veld) if len(reeks) > 1 else None
    return nu, vorig


def maak(cijfers: dict, *, openbaar: bool = False) -> Wethoudertekst:
    """The summary of one report (its stored figures)."""
    meta = cijfers.get("meta", {})
    tekst = Wethoudertekst(
        kwartaal=str(meta.get("kwartaal", "")),
        onderwerp=str(meta.get("onderwerp", "")),
        openbaar=openbaar,
    )
    s = _Schrijver(openbaar)
    f = cijfers["figuren"]
    _instroom(tekst, s, f)
    _uitstroom(tekst, s, f)
    _doelen(tekst, s, cijfers)
    _crisis_en_rendement(tekst, s, f)
    return tekst


def _instroom(tekst: Wethoudertekst, s: _Schrijver, f: dict) -> None:
    nu, vorig = _laatste_twee(f["aanmeldingen"], "totaal")
    zin = (
        f"In dit kwartaal meldden zich {s.aantal(nu)} inwoners aan voor schuldhulp."
        if nu
        else "In dit kwartaal meldde niemand zich aan voor schuldhulp."
    )
    tekst.inleiding.append(f"{zin} {s.vergelijk(nu, vorig)}".strip())
    wacht = f["wachttijd"][-1]
    if wacht["aantal"] and wacht["gemiddeld_weken"] is not None and not s.klein(wacht["aantal"]):
        weken = opmaak(wacht["gemiddeld_weken"], "gemiddelde")
        tekst.inleiding.append(
            f"Na de aanmelding duurde het gemiddeld {weken} "
            f"weken tot het eerste gesprek ({s.aantal(wacht['aantal'])} eerste gesprekken)."
        )
    elif not wacht["aantal"]:
        tekst.onbekend.append(
            "Wachttijd tot het eerste gesprek: er waren geen eerste gesprekken in dit kwartaal."
        )


def _uitstroom(tekst: Wethoudertekst, s: _Schrijver, f: dict) -> None:
    uit = f["uitstroom"][-1]
    nu, vorig = _laatste_twee(f["uitstroom"], "totaal")
    zin = (
        _hoofdletter(f"{s.aantal(nu)} trajecten zijn afgesloten.")
        if nu
        else "Er zijn geen trajecten afgesloten."
    )
    tekst.inleiding.append(f"{zin} {s.vergelijk(nu, vorig)}".strip())
    if not uit["totaal"]:
        tekst.onbekend.append("Uitval: er zijn in dit kwartaal geen trajecten afgesloten.")
        return
    deel = s.aandeel(uit["uitval"], uit["totaal"], uit["uitval_pct"])
    if deel is None:
        tekst.onbekend.append(
            "Uitval (gestopt zonder oplossing): de aantallen zijn te klein om te publiceren."
        )
        return
    zin = f"Bij {deel} afgesloten trajecten stopte de inwoner zonder oplossing (uitval)."
    vorige_pct = f["uitstroom"][-2]["uitval_pct"] if len(f["uitstroom"]) > 1 else None
    if vorige_pct is None or uit["uitval_pct"] is None or uit["uitval_pct"] == vorige_pct:
        tekst.inleiding.append(zin)
    elif uit["uitval_pct"] < vorige_pct:
        tekst.goed.append(f"{zin} Dat is minder dan in het kwartaal ervoor.")
    else:
        tekst.aandacht.append(f"{zin} Dat is meer dan in het kwartaal ervoor.")


def _doelen(tekst: Wethoudertekst, s: _Schrijver, cijfers: dict) -> None:
    """Every norm and target against its target value, with the count behind it."""
    overzicht = weergave.samenvatting(cijfers)
    gezien: set[str] = set()
    for regel in [*overzicht["wettelijk"], *overzicht["contract"], *overzicht["overige"]]:
        # A contract norm and an 'other target' can measure the same thing under one name
        # (financial rest after vroegsignalering): say it once.
        if regel.naam in gezien:
            continue
        gezien.add(regel.naam)
        if not regel.aantal:
            tekst.onbekend.append(f"{regel.naam}: geen metingen in dit kwartaal.")
            continue
        deel = s.aandeel(regel.gehaald, regel.aantal, regel.percentage)
        if deel is None:
            tekst.onbekend.append(f"{regel.naam}: de aantallen zijn te klein om te publiceren.")
            continue
        zin = f"{regel.naam}: {deel} gehaald. Het doel is {regel.doel}%."
        if regel.oordeel.kleur == "groen":
            tekst.goed.append(zin)
        else:
            tekst.aandacht.append(zin)


def _crisis_en_rendement(tekst: Wethoudertekst, s: _Schrijver, f: dict) -> None:
    crisis = f["crisisinterventies"][-1]
    if crisis["gestart"]:
        tekst.inleiding.append(
            f"Bij {s.aantal(crisis['gestart'])} inwoners is een crisisinterventie gestart "
            "(dreigende huisuitzetting, afsluiting of beslag)."
        )
    rendement = f["rendement"][-1]
    if rendement["netto_centen"] is None:
        tekst.onbekend.append(
            "Maatschappelijk rendement: niet berekend, omdat de kosten van de uitvoering voor "
            "dit kwartaal niet zijn ingesteld."
        )
    elif rendement["voorkomen"] and not rendement["baten_centen"]:
        tekst.onbekend.append(
            "Maatschappelijk rendement: niet berekend, omdat de besparing per voorkomen "
            "huisuitzetting of afsluiting niet is ingesteld."
        )
    elif rendement["voorkomen"] and s.klein(rendement["voorkomen"]):
        # The amount is the count times a known saving: it would give the small count away.
        tekst.inleiding.append("Er zijn enkele huisuitzettingen of afsluitingen voorkomen.")
    elif rendement["voorkomen"]:
        zin = (
            f"Er zijn {s.aantal(rendement['voorkomen'])} huisuitzettingen of afsluitingen "
            f"voorkomen. Dat bespaart naar schatting {opmaak(rendement['baten_centen'], 'centen')}"
            f"; de uitvoering kostte {opmaak(rendement['kosten_centen'], 'centen')}."
        )
        (tekst.goed if rendement["netto_centen"] >= 0 else tekst.aandacht).append(zin)
