"""The journey of one record: its dates as handelingen of the catalogue, with their event rows.

Shared by the first import (:mod:`.schrijven`) and a re-delivery (:mod:`.herlevering`), so a
traject delivered twice is planned the same way both times.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from trajecten import historie
from trajecten.models import Aanmeldkanaal, BedreigendeSituatie, Fase, Gebeurtenis

if TYPE_CHECKING:
    from rapportage.ddas.importer.analyse import Plan

# The journey, from the catalogue.
# A record's dates become handelingen of the catalogue; trajecten.historie gives each its
# event kind and the phase before and after, as trajecten.services writes them live. The
# steps are listed in the order the journey records them on one day (a product starts after
# financiële rust and before the uitvoering that needs it, and ends before the nazorg), so a
# stable sort by date keeps that order.


@dataclass(frozen=True)
class Gebeurtenisplan:
    """One step of the record and what its event row refers to (indexes in the plan)."""

    stap: historie.Stap
    toelichting: str = ""
    product: int | None = None  # index in the plan's products
    crisisinterventie: int | None = None
    moratorium: int | None = None
    afgeleid: bool = False  # no DDAS field gives this date: inferred (start_uitvoering)


def stappen(plan: Plan) -> list[Gebeurtenisplan]:
    """The record's steps as handelingen of the catalogue, in the journey's order."""
    fasen, producten = plan.fasen, plan.producten
    assert fasen.aanmelddatum is not None
    uit: list[Gebeurtenisplan] = []

    def stap(naam: str, datum: date, gegevens: dict[str, Any], **verwijzing: Any) -> None:
        gegevens = {**gegevens, **fasen.bewaard.get(naam, {})}
        uit.append(Gebeurtenisplan(historie.Stap(naam, datum, gegevens), **verwijzing))

    def overgang(
        naam: str, datum: date, reden: str | None = None, toelichting: str = "", **extra: Any
    ) -> None:
        stap(naam, datum, {"uitstroomreden": reden, **extra}, toelichting=toelichting)

    stap(
        "traject.aanmelden",
        fasen.aanmelddatum,
        {
            "kanaal": Aanmeldkanaal.OVERIG,
            "bedreigende_situatie": plan.bedreigende_situatie,
            "ddas_levering": plan.levering,
        },
        toelichting=plan.omschrijving,
    )
    if fasen.eerste_gesprek:
        overgang("voer_eerste_gesprek", fasen.eerste_gesprek)
    if fasen.afwijzing:
        overgang("neem_afwijzingsbesluit", fasen.afwijzing, fasen.reden)
    if fasen.toelating:
        overgang("neem_toelatingsbesluit", fasen.toelating)
    for i, (start, eind) in enumerate(plan.crisisinterventies):
        stap("crisis.start", start, {"bedreiging": BedreigendeSituatie.ANDERS}, crisisinterventie=i)
        if eind:
            afgerond = {"voorkomen": False, "afgerond": True}
            stap("crisis.rond_af", eind, afgerond, crisisinterventie=i)
    for i, moratorium in enumerate(plan.moratoria):
        assert moratorium["aanvraag"] is not None
        stap("moratorium.registreer", moratorium["aanvraag"], {}, moratorium=i)
    if fasen.financiele_rust:
        overgang("bereik_financiele_rust", fasen.financiele_rust)
    for i, product in enumerate(producten.lijst):
        stap("product.start", product.startdatum, {"productsoort": product.soort}, product=i)
    # DDAS has no date for the start of the uitvoering: it starts when a product runs after
    # financial rest, if that is before the next step.
    if fasen.financiele_rust and producten.lijst:
        start = max(fasen.financiele_rust, min(p.startdatum for p in producten.lijst))
        volgende = fasen.nazorg or fasen.uitstroom
        if volgende is None or start <= volgende:
            stap("start_uitvoering", start, {"uitstroomreden": None}, afgeleid=True)
    for naam, datum in producten.stappen:
        gegevens = {"stap": naam, "status": str(historie.doelstatus(naam))}
        stap(naam, datum, gegevens, product=producten.schuldregeling)
    for i, product in enumerate(producten.lijst):
        if product.einddatum:
            gegevens = {"productsoort": product.soort, "resultaat": "", "zelfredzaam": None}
            stap("product.beeindig", product.einddatum, gegevens, product=i)
    if fasen.nazorg:
        overgang("start_nazorg", fasen.nazorg)
    if fasen.uitstroom and not fasen.afwijzing:
        extra = {}
        if fasen.beeindigingsbeschikking:
            extra["datum_beeindigingsbeschikking"] = fasen.beeindigingsbeschikking.isoformat()
        overgang("sluit_af", fasen.uitstroom, fasen.reden, fasen.toelichting_uitstroom, **extra)
    return uit


def gebeurtenis(
    traject: Any,
    rij: historie.Rij,
    g: Gebeurtenisplan,
    *,
    door: Any,
    toelichting: str,
    reden: str,
    gegevens: dict[str, Any],
) -> Gebeurtenis:
    """The (unsaved) event row of one step, as the import and a re-delivery write it."""
    return Gebeurtenis(
        traject=traject,
        soort=rij.soort,
        datum=rij.datum,
        door=door,
        van_fase=rij.van_fase,
        naar_fase=rij.naar_fase,
        toelichting=" ".join(t for t in (toelichting, g.toelichting) if t),
        reden_terugdatering=reden,
        gegevens=gegevens,
    )


def plan_gebeurtenissen(
    plan: Plan,
) -> tuple[list[tuple[historie.Rij, Gebeurtenisplan]], Fase]:
    """The event rows by date with the phase before and after each step, and the final
    phase. A former system's record may skip a phase, so the steps are taken as recorded
    (not checked against the journey's sources)."""
    reeks = stappen(plan)
    rijen = historie.rijen((g.stap for g in reeks), streng=False)
    fase = historie.fase_na((g.stap for g in reeks), streng=False)
    return sorted(zip(rijen, reeks, strict=True), key=lambda paar: paar[0].datum), fase
