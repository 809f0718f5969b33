"""From the stored figures (JSON) to what the screen, the PDF and the CSV show.

Everything here reads the figures that were stored with the report, so the screen, the PDF
and the CSV of one report always show the same numbers, also after settings change.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.safestring import SafeString

from rapportage import figuren
from rapportage.kwartalen import Kwartaal
from rapportage.onderdrukking import AANVULLEND, openbare_cellen
from rapportage.openbaar import AFGESCHERMD, drempel, onderdrukt, percentage_onderdrukt
from rapportage.opmaak import aandeel, csv_cel, opmaak
from schuldhulp.opmaak import getal

EENHEDEN = {
    "aantal": "aantal",
    "pct": "%",
    "weken": "weken",
    "dagen": "dagen",
    "centen": "euro",
    "maanden": "maanden",
    "gemiddelde": "gemiddelde",
}


@dataclass(frozen=True)
class Oordeel:
    kleur: str  # groen | oranje | rood | geen
    tekst: str

    @property
    def tag(self) -> str:
        return {"groen": "ok", "oranje": "waarschuwing", "rood": "fout"}.get(self.kleur, "info")


def oordeel(percentage: float | None, doel: float | None) -> Oordeel:
    """Traffic light: green at or above target, orange up to 10 points below, else red."""
    if percentage is None or doel is None:
        return Oordeel("geen", "Geen metingen")
    if percentage >= doel:
        return Oordeel("groen", "Doel gehaald")
    if percentage >= doel - 10:
        return Oordeel("oranje", "Net onder het doel")
    return Oordeel("rood", "Onder het doel")


@dataclass
class Doelregel:
    naam: str
    doel: int
    aantal: int
    gehaald: int
    percentage: float | None

    @property
    def oordeel(self) -> Oordeel:
        return oordeel(self.percentage, self.doel)

    @property
    def percentage_tekst(self) -> str:
        return opmaak(self.percentage, "pct")


@dataclass
class Sectie:
    sleutel: str
    titel: str
    definitie: str
    regels: list[dict]
    grafieken: list[tuple[str, SafeString]]
    # Why a '—' in the reported quarter is empty ("Netto: uitvoeringskosten niet ingesteld").
    leeg: list[str] = field(default_factory=list)


class Kerncijfer(str):
    """A key figure as text; `waarom` says why it is empty ('—'), shown under it."""

    waarom: str = ""

    def __new__(cls, tekst: str, waarom: str = "") -> Kerncijfer:
        uit = super().__new__(cls, tekst)
        uit.waarom = waarom if tekst == "—" else ""
        return uit


def _huidig(cijfers: dict, sleutel: str) -> dict:
    return cijfers["figuren"][sleutel][-1]


def kwartalen(cijfers: dict) -> list[Kwartaal]:
    return [Kwartaal.lees(k) for k in cijfers["kwartalen"]]


def samenvatting(cijfers: dict) -> dict[str, Any]:
    """The one-page summary: key figures and every target with its traffic light."""
    f = cijfers["figuren"]
    normen = _huidig(cijfers, "normen")["normen"]

    def doelregel(n: dict) -> Doelregel:
        return Doelregel(n["naam"], n["doel"], n["aantal"], n["gehaald"], n["pct"])

    rust = _huidig(cijfers, "financiele_rust")
    zelf = _huidig(cijfers, "zelfredzaam")
    weken = rust["termijn_weken"]
    overige = [
        Doelregel(
            f"Vroegsignalering: financiële rust binnen {weken} weken",
            rust["doel"],
            rust["vroeg"]["aantal"],
            rust["vroeg"]["binnen"],
            rust["vroeg"]["pct"],
        ),
        Doelregel(
            f"Andere aanmeldingen: financiële rust binnen {weken} weken",
            rust["doel"],
            rust["overig"]["aantal"],
            rust["overig"]["binnen"],
            rust["overig"]["pct"],
        ),
        Doelregel(
            "Budgetbeheer: klant financieel zelfredzaam",
            zelf["doel"],
            zelf["beeindigd"],
            zelf["zelfredzaam"],
            zelf["pct"],
        ),
    ]
    rendement = _huidig(cijfers, "rendement")
    uitstroom = f["uitstroom"][-1]
    kern = [
        ("Aanmeldingen", Kerncijfer(opmaak(f["aanmeldingen"][-1]["totaal"]))),
        ("Intakes (eerste gesprekken)", Kerncijfer(opmaak(f["intakes"][-1]["totaal"]))),
        (
            "Gemiddelde wachttijd",
            Kerncijfer(
                opmaak(f["wachttijd"][-1]["gemiddeld_weken"], "weken"),
                "geen eerste gesprekken in dit kwartaal",
            ),
        ),
        (
            "Uitval",
            Kerncijfer(
                aandeel(uitstroom["uitval"], uitstroom["totaal"], uitstroom["uitval_pct"]),
                "geen trajecten afgesloten in dit kwartaal",
            ),
        ),
        ("Crisisinterventies gestart", Kerncijfer(opmaak(f["crisisinterventies"][-1]["gestart"]))),
        ("Maatschappelijk rendement (netto)", _netto(rendement)),
    ]
    return {
        "kern": kern,
        "wettelijk": [doelregel(n) for n in normen if n["wettelijk"]],
        "contract": [doelregel(n) for n in normen if not n["wettelijk"]],
        "overige": overige,
    }


def _netto(rendement: dict) -> Kerncijfer:
    """The net return, or '—' with the reason: costs or savings not set."""
    if rendement["netto_centen"] is None:
        return Kerncijfer("—", "uitvoeringskosten niet ingesteld")
    if rendement["voorkomen"] and not rendement["baten_centen"]:
        return Kerncijfer("—", "besparingen niet ingesteld")
    return Kerncijfer(opmaak(rendement["netto_centen"], "centen"))


def secties(cijfers: dict, *, met_grafieken: bool = True) -> list[Sectie]:
    """Every figure as a section: title, definition, rows over the quarters (or the
    dashboard's periods, ``cijfers["labels"]``), charts."""
    labels = cijfers.get("labels") or [k.kort for k in kwartalen(cijfers)]
    uit = []
    for figuur in figuren.figuren():
        reeks = cijfers["figuren"].get(figuur.sleutel)
        # None: a figure added after this report was made; tonen: one this report needs not
        if reeks is None or not figuur.tonen(reeks):
            continue
        regels = [
            {
                "label": r.label,
                "niveau": r.niveau,
                "eenheid": r.eenheid,
                "waarden": [opmaak(w, r.eenheid) for w in r.waarden],
            }
            for r in figuur.regels(reeks)
        ]
        leeg = [
            f"{r.label}: {figuur.waarom_leeg(reeks, r)}"
            for r in figuur.regels(reeks)
            if r.waarden and r.waarden[-1] is None
        ]
        uit.append(
            Sectie(
                figuur.sleutel,
                figuur.titel,
                figuur.definitie,
                regels,
                figuur.grafieken(reeks, labels) if met_grafieken else [],
                leeg,
            )
        )
    return uit


def als_csv(cijfers: dict, *, openbaar: bool = False) -> str:
    """The same figures as CSV (semicolon, decimal comma: opens as is in Dutch Excel).
    `openbaar`: the version for publication, small counts shown as "< 5" (rapportage.openbaar)."""
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    meta = cijfers.get("meta", {})
    schrijver.writerow(
        [
            "Kwartaalrapportage",
            _csv_tekst(str(meta.get("onderwerp", ""))),
            _csv_tekst(str(meta.get("kwartaal", ""))),
        ]
    )
    labels = [k.kort for k in kwartalen(cijfers)]
    if openbaar:
        grens = drempel()
        schrijver.writerow(
            [
                f"Openbare versie: aantallen kleiner dan {grens} als '< {grens}'; een percentage "
                f"dat zo'n klein aantal verraadt als '{AFGESCHERMD}'; '{AANVULLEND}': afgeschermd "
                "omdat het met het totaal een klein aantal verraadt"
            ]
        )
    schrijver.writerow(["onderdeel", "cijfer", "eenheid", *labels])
    for figuur in figuren.figuren():
        reeks = cijfers["figuren"].get(figuur.sleutel)
        if reeks is None or not figuur.tonen(reeks):
            continue
        hoofd = ""
        regels = figuur.regels(reeks)
        # The public version: small counts and the cells that would reveal them (ADR 0022).
        afgeschermd = openbare_cellen(regels) if openbaar else [[None] * len(labels)] * len(regels)
        for regel, verborgen in zip(regels, afgeschermd, strict=True):
            label = regel.label if regel.niveau == 0 else f"{hoofd} – {regel.label}"
            if regel.niveau == 0:
                hoofd = regel.label
            # Small counts and the cells that reveal them (ADR 0022), then percentages over
            # small groups (ADR 0012); the internal version hides nothing.
            waarden = [
                v
                or (_openbaar(regel, i) if openbaar else None)
                or _csv_tekst(_csv_waarde(w, regel.eenheid))
                for i, (w, v) in enumerate(zip(regel.waarden, verborgen, strict=False))
            ]
            schrijver.writerow(
                [_csv_tekst(figuur.titel), _csv_tekst(label), EENHEDEN[regel.eenheid], *waarden]
            )
    return buffer.getvalue()


def _openbaar(regel: figuren.Regel, i: int) -> str | None:
    """What the public version shows instead of quarter i's value, or None (ADR 0012)."""
    waarde = regel.waarden[i]
    if regel.eenheid != "pct":
        return onderdrukt(waarde, regel.eenheid)
    tellers, noemers = regel.basis or ([None] * len(regel.waarden),) * 2
    return percentage_onderdrukt(waarde, tellers[i], noemers[i], over_personen=regel.over_personen)


def _csv_tekst(tekst: str) -> str:
    """Never a formula in a spreadsheet (rapportage.opmaak.csv_cel), also for values."""
    return csv_cel(tekst)


def _csv_waarde(waarde: Any, eenheid: str) -> str:
    if waarde is None:
        return ""
    if eenheid == "centen":
        return getal(Decimal(waarde) / 100, 2, groeperen=False)
    if isinstance(waarde, float):
        return getal(waarde, 1, groeperen=False)
    return str(waarde)
