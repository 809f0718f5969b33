"""From the stored figures (JSON) to what the screen, the PDF and the CSV show.

Everything here reads the figures that were stored with the report, so the screen, the PDF
and the CSV of one report always show the same numbers, also after settings change.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString

from rapportage import figuren, grafieken
from rapportage.kwartalen import Kwartaal
from schuldhulp.templatetags.schuldhulp import format_euro
from trajecten.models import Aanmeldkanaal, Productsoort, Uitstroomreden

EENHEDEN = {
    "aantal": "aantal",
    "pct": "%",
    "weken": "weken",
    "dagen": "dagen",
    "centen": "euro",
}


def _nl(getal: float, decimalen: int) -> str:
    tekst = f"{getal:,.{decimalen}f}"
    return tekst.replace(",", "_").replace(".", ",").replace("_", ".")


def opmaak(waarde: Any, eenheid: str = "aantal") -> str:
    """Dutch notation: 1.234 · 82,5% · 2,3 weken · 14,0 dagen · € 1.234,56; '—' for nothing."""
    if waarde is None:
        return "—"
    if eenheid == "pct":
        return f"{_nl(waarde, 1)}%"
    if eenheid == "weken":
        return f"{_nl(waarde, 1)} wk"
    if eenheid == "dagen":
        return f"{_nl(waarde, 1)} d"
    if eenheid == "centen":
        return format_euro(waarde, centen=True)
    return _nl(waarde, 0)


def opmaker(eenheid: str):
    return lambda waarde: opmaak(waarde, eenheid)


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
    kern = [
        ("Aanmeldingen", opmaak(f["aanmeldingen"][-1]["totaal"])),
        ("Intakes (eerste gesprekken)", opmaak(f["intakes"][-1]["totaal"])),
        ("Gemiddelde wachttijd", opmaak(f["wachttijd"][-1]["gemiddeld_weken"], "weken")),
        ("Uitval", opmaak(f["uitstroom"][-1]["uitval_pct"], "pct")),
        ("Crisisinterventies gestart", opmaak(f["crisisinterventies"][-1]["gestart"])),
        ("Maatschappelijk rendement (netto)", opmaak(rendement["netto_centen"], "centen")),
    ]
    return {
        "kern": kern,
        "wettelijk": [doelregel(n) for n in normen if n["wettelijk"]],
        "contract": [doelregel(n) for n in normen if not n["wettelijk"]],
        "overige": overige,
    }


def _grafieken(sleutel: str, reeks: list[dict], labels: list[str]) -> list[tuple[str, SafeString]]:
    huidig = reeks[-1]
    aantal, procent = opmaker("aantal"), opmaker("pct")

    def tr(titel: str, waarden: list, eenheid: str = "aantal", doel: float | None = None):
        return (
            titel,
            grafieken.trend(labels, waarden, titel=titel, opmaak=opmaker(eenheid), doel=doel),
        )

    if sleutel == "aanmeldingen":
        return [
            tr("Aanmeldingen per kwartaal", [d["totaal"] for d in reeks]),
            (
                "Aanmeldingen naar kanaal (dit kwartaal)",
                grafieken.verdeling(
                    [(k.label, huidig["per_kanaal"].get(k.value, 0)) for k in Aanmeldkanaal],
                    titel="Aanmeldingen naar kanaal",
                    opmaak=aantal,
                ),
            ),
        ]
    if sleutel == "intakes":
        return [tr("Intakes per kwartaal", [d["totaal"] for d in reeks])]
    if sleutel == "wachttijd":
        return [tr("Gemiddelde wachttijd in weken", [d["gemiddeld_weken"] for d in reeks], "weken")]
    if sleutel == "normen" and huidig["normen"]:
        return [
            (
                "Percentage gehaald per norm (dit kwartaal)",
                grafieken.verdeling(
                    [(n["naam"], n["pct"] or 0) for n in huidig["normen"]],
                    titel="Percentage gehaald per norm",
                    opmaak=procent,
                ),
            )
        ]
    if sleutel == "financiele_rust":
        doel = huidig["doel"]
        return [
            tr(
                "Vroegsignalering: binnen de termijn",
                [d["vroeg"]["pct"] for d in reeks],
                "pct",
                doel,
            ),
            tr(
                "Andere aanmeldingen: binnen de termijn",
                [d["overig"]["pct"] for d in reeks],
                "pct",
                doel,
            ),
        ]
    if sleutel == "doorlooptijd_toelating":
        return [
            tr(
                "Gemiddeld dagen van intake tot toelating",
                [d["gemiddeld_dagen"] for d in reeks],
                "dagen",
            )
        ]
    if sleutel == "crisisinterventies":
        return [tr("Crisisinterventies gestart", [d["gestart"] for d in reeks])]
    if sleutel == "producten":
        lopend = [
            (s.label, huidig["per_soort"].get(s.value, {}).get("eind", 0))
            for s in Productsoort
            if huidig["per_soort"].get(s.value, {}).get("eind", 0)
        ]
        if lopend:
            return [
                (
                    "Lopend aan het eind van het kwartaal, per product",
                    grafieken.verdeling(lopend, titel="Lopende producten", opmaak=aantal),
                )
            ]
    if sleutel == "uitstroom":
        return [
            (
                "Uitstroom naar reden (dit kwartaal)",
                grafieken.verdeling(
                    [(r.label, huidig["per_reden"].get(r.value, 0)) for r in Uitstroomreden],
                    titel="Uitstroom naar reden",
                    opmaak=aantal,
                ),
            ),
            tr("Uitvalpercentage", [d["uitval_pct"] for d in reeks], "pct"),
        ]
    if sleutel == "zelfredzaam":
        return [tr("Zelfredzaam na budgetbeheer", [d["pct"] for d in reeks], "pct", huidig["doel"])]
    if sleutel == "recidive":
        return [tr("Recidive", [d["pct"] for d in reeks], "pct")]
    return []


def secties(cijfers: dict, *, met_grafieken: bool = True) -> list[Sectie]:
    """Every figure as a section: title, definition, rows over the quarters, charts."""
    labels = [k.kort for k in kwartalen(cijfers)]
    uit = []
    for figuur in figuren.figuren():
        reeks = cijfers["figuren"].get(figuur.sleutel)
        if reeks is None:  # a figure added after this report was made
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
        uit.append(
            Sectie(
                figuur.sleutel,
                figuur.titel,
                figuur.definitie,
                regels,
                _grafieken(figuur.sleutel, reeks, labels) if met_grafieken else [],
            )
        )
    return uit


def als_csv(cijfers: dict) -> str:
    """The same figures as CSV (semicolon, decimal comma: opens as is in Dutch Excel)."""
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    meta = cijfers.get("meta", {})
    schrijver.writerow(["Kwartaalrapportage", meta.get("onderwerp", ""), meta.get("kwartaal", "")])
    labels = [k.kort for k in kwartalen(cijfers)]
    schrijver.writerow(["onderdeel", "cijfer", "eenheid", *labels])
    for figuur in figuren.figuren():
        reeks = cijfers["figuren"].get(figuur.sleutel)
        if reeks is None:
            continue
        hoofd = ""
        for regel in figuur.regels(reeks):
            label = regel.label if regel.niveau == 0 else f"{hoofd} – {regel.label}"
            if regel.niveau == 0:
                hoofd = regel.label
            waarden = [_csv_waarde(w, regel.eenheid) for w in regel.waarden]
            schrijver.writerow([figuur.titel, label, EENHEDEN[regel.eenheid], *waarden])
    return buffer.getvalue()


def _csv_waarde(waarde: Any, eenheid: str) -> str:
    if waarde is None:
        return ""
    if eenheid == "centen":
        return f"{waarde / 100:.2f}".replace(".", ",")
    if isinstance(waarde, float):
        return f"{waarde:.1f}".replace(".", ",")
    return str(waarde)
