"""The parts of one record besides the journey: products, schuldregeling, crisis, moratoria."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rapportage.ddas import mapping
from rapportage.ddas.importer.velden import Lezer
from rapportage.ddas.mapping import datum_nl
from trajecten.models import Productsoort, Schuldregelingstatus

S = Schuldregelingstatus


@dataclass
class Productplan:
    soort: str
    startdatum: date
    einddatum: date | None = None
    status: str = S.IN_VOORBEREIDING


def _schuldregeling(lezer: Lezer, groep: dict[str, Any]) -> tuple[str, list[tuple[str, date]]]:
    """The final status and the dated steps of a minnelijke regeling (see docs/ddas.md)."""
    p = "schuldregeling"
    ingediend = lezer.datum(groep, "datum", f"{p}.datum")
    toegekend = lezer.datum(groep, "toegekend", f"{p}.toegekend")
    afgewezen = lezer.datum(groep, "afgewezen", f"{p}.afgewezen")
    ingetrokken = lezer.datum(groep, "ingetrokken", f"{p}.ingetrokken")
    verzoek = lezer.datum(groep, "datumVerzoekDwangakkoord", f"{p}.datumVerzoekDwangakkoord")
    door_rechter = groep.get("dwangakkoord") is True

    for naam, waarde in (
        ("toegekend", toegekend),
        ("afgewezen", afgewezen),
        ("ingetrokken", ingetrokken),
        ("datumVerzoekDwangakkoord", verzoek),
    ):
        if ingediend and waarde and waarde < ingediend:
            lezer.fout(
                f"{p}.{naam}",
                f"{datum_nl(waarde)} ligt vóór de indiening van de schuldregeling "
                f"({datum_nl(ingediend)}, {p}.datum).",
            )
    if verzoek and toegekend and door_rechter and toegekend < verzoek:
        lezer.fout(
            f"{p}.toegekend",
            f"Het dwangakkoord is toegekend ({datum_nl(toegekend)}) vóór het verzoek "
            f"({datum_nl(verzoek)}).",
        )
    if ingediend is None and any((toegekend, afgewezen, ingetrokken, verzoek)):
        lezer.let_op(
            f"{p}.datum",
            "De datum van indiening ontbreekt; de andere stappen worden wel overgenomen.",
        )

    stappen: list[tuple[str, date]] = [("dien_in", ingediend)] if ingediend else []
    if ingetrokken:
        if toegekend or afgewezen or verzoek:
            lezer.let_op(
                p, "De regeling is ingetrokken; de andere stappen worden niet overgenomen."
            )
        return S.INGETROKKEN, [*stappen, ("trek_in", ingetrokken)]
    if toegekend:
        if door_rechter:
            if afgewezen and (verzoek is None or afgewezen <= verzoek):
                stappen.append(("wijs_af", afgewezen))
            if verzoek:
                stappen.append(("verzoek_dwangakkoord", verzoek))
            return S.DWANGAKKOORD, [*stappen, ("dwangakkoord_toegewezen", toegekend)]
        if verzoek or afgewezen:
            lezer.let_op(
                p,
                "Toegekend zonder dwangakkoord: de afwijzing en het verzoek om een dwangakkoord "
                "worden niet overgenomen.",
            )
        return S.TOEGEKEND, [*stappen, ("ken_toe", toegekend)]
    if groep.get("dwangakkoord") is True:
        lezer.let_op(
            f"{p}.dwangakkoord",
            "Dwangakkoord 'true' zonder datum van toekenning: niet overgenomen.",
        )
    if verzoek:
        if afgewezen and afgewezen > verzoek:  # the court refused the dwangakkoord
            return S.AFGEWEZEN, [
                *stappen,
                ("verzoek_dwangakkoord", verzoek),
                ("dwangakkoord_afgewezen", afgewezen),
            ]
        if afgewezen:
            stappen.append(("wijs_af", afgewezen))
        return S.DWANGAKKOORD_VERZOCHT, [*stappen, ("verzoek_dwangakkoord", verzoek)]
    if afgewezen:
        return S.AFGEWEZEN, [*stappen, ("wijs_af", afgewezen)]
    return (S.INGEDIEND if ingediend else S.IN_VOORBEREIDING), stappen


@dataclass
class Producten:
    lijst: list[Productplan] = field(default_factory=list)
    stappen: list[tuple[str, date]] = field(default_factory=list)
    schuldregeling: int | None = None  # index of the product carrying the steps


def lees_producten(lezer: Lezer, aanmelddatum: date) -> Producten:
    producten = Producten()
    for i, item in enumerate(lezer.lijst("begeleiding")):
        pad = f"begeleiding[{i}]"
        start, eind = lezer.periode(item, pad)
        if not item.get("soort"):
            lezer.fout(f"{pad}.soort", "De soort begeleiding ontbreekt.")
        elif start is None:
            lezer.fout(f"{pad}.startdatum", "De startdatum van de begeleiding ontbreekt.")
        else:
            producten.lijst.append(Productplan(item["soort"], start, eind))
    oplossing = lezer.groep("oplossing")
    oplossingsplan = None
    if oplossing:
        start, eind = lezer.periode(oplossing, "oplossing")
        if not oplossing.get("soort"):
            lezer.fout("oplossing.soort", "De soort oplossing ontbreekt.")
        elif start is None:
            lezer.fout("oplossing.startdatum", "De startdatum van de oplossing ontbreekt.")
        else:
            oplossingsplan = Productplan(oplossing["soort"], start, eind)
            producten.lijst.append(oplossingsplan)

    schuldregeling = lezer.groep("schuldregeling")
    if schuldregeling:
        status, stappen = _schuldregeling(lezer, schuldregeling)
        # The steps of a minnelijke regeling belong to a Schuldbemiddeling product.
        if oplossingsplan is None or oplossingsplan.soort != Productsoort.SCHULDBEMIDDELING:
            start = min((d for _, d in stappen), default=None)
            if start is None:
                lezer.let_op("schuldregeling", "Zonder datums: niet overgenomen.")
                oplossingsplan = None
            else:
                oplossingsplan = Productplan(Productsoort.SCHULDBEMIDDELING, start)
                producten.lijst.append(oplossingsplan)
                lezer.let_op(
                    "schuldregeling",
                    "Voor de schuldregeling is een product 'Schuldbemiddeling' aangemaakt dat "
                    f"start op {datum_nl(start)} (de eerste stap).",
                )
        if oplossingsplan is not None:
            oplossingsplan.status = status
            producten.stappen = stappen
            producten.schuldregeling = producten.lijst.index(oplossingsplan)

    for plan in producten.lijst:
        if plan.startdatum < aanmelddatum:
            lezer.fout(
                "begeleiding" if plan.soort in mapping.BEGELEIDINGSSOORTEN else "oplossing",
                f"{plan.soort} start op {datum_nl(plan.startdatum)}, vóór de aanmelding "
                f"({datum_nl(aanmelddatum)}).",
            )
    return producten


def lees_crisisinterventies(lezer: Lezer, aanmelddatum: date) -> list[tuple[date, date | None]]:
    interventies: list[tuple[date, date | None]] = []
    for i, item in enumerate(lezer.lijst("crisisinterventies")):
        pad = f"crisisinterventies[{i}]"
        start, eind = lezer.periode(item, pad)
        if start is None:
            lezer.fout(f"{pad}.startdatum", "De startdatum van de crisisinterventie ontbreekt.")
        elif start < aanmelddatum:
            lezer.fout(f"{pad}.startdatum", f"{datum_nl(start)} ligt vóór de aanmelding.")
        else:
            interventies.append((start, eind))
    return interventies


def lees_moratoria(lezer: Lezer, aanmelddatum: date) -> list[dict[str, date | None]]:
    moratoria: list[dict[str, date | None]] = []
    for i, item in enumerate(lezer.lijst("moratoria")):
        pad = f"moratoria[{i}]"
        aanvraag = lezer.datum(item, "datumAanvraag", f"{pad}.datumAanvraag")
        goedkeuring = lezer.datum(item, "datumGoedkeuring", f"{pad}.datumGoedkeuring")
        start, eind = lezer.periode(item, pad)
        if aanvraag is None:
            lezer.fout(f"{pad}.datumAanvraag", "De datum van de aanvraag ontbreekt.")
            continue
        if aanvraag < aanmelddatum:
            lezer.fout(f"{pad}.datumAanvraag", f"{datum_nl(aanvraag)} ligt vóór de aanmelding.")
        for naam, waarde in (("datumGoedkeuring", goedkeuring), ("startdatum", start)):
            if waarde and waarde < aanvraag:
                lezer.fout(f"{pad}.{naam}", f"Ligt vóór de aanvraag ({datum_nl(aanvraag)}).")
        if start and eind and (eind - start).days > 183:
            lezer.let_op(pad, "Een breed moratorium duurt hooguit 6 maanden (art. 287b Fw).")
        moratoria.append(
            {"aanvraag": aanvraag, "goedkeuring": goedkeuring, "start": start, "eind": eind}
        )
    return moratoria
