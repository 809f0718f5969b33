"""The event rows of a planned journey, as ``trajecten.services`` would have written them.

The kind of each row and the phase before and after a transition come from the catalogue
through ``trajecten.historie``; what is here is the data each row carries (the ids of the
product, crisis or moratorium it is about).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from demo import plan
from demo.schaal.context import tijdstip
from trajecten import historie

REDEN = "Gegevens overgenomen uit het vorige systeem"


@dataclass(frozen=True)
class Ids:
    """The ids the rows of one traject get (taken from the sequences before writing)."""

    traject: int
    producten: list[int]
    crises: list[int]
    moratoria: list[int]


def gebeurtenis_rij(
    traject_id: int,
    *,
    soort: str,
    datum: date,
    door: int | None,
    gegevens: dict,
    van_fase: str = "",
    naar_fase: str = "",
    toelichting: str = "",
    reden: str = REDEN,
) -> dict:
    """An event row as trajecten.services._gebeurtenis writes it (the business date lies in
    the past, so it carries a reden_terugdatering, as the services demand)."""
    return {
        "traject_id": traject_id,
        "soort": soort,
        "datum": datum,
        "geregistreerd_op": tijdstip(datum, 12),
        "door_id": door,
        "van_fase": van_fase,
        "naar_fase": naar_fase,
        "toelichting": toelichting,
        "reden_terugdatering": reden,
        "gegevens": gegevens,
    }


def _gegevens(stap: plan.Stap, reis: plan.Reis, ids: Ids) -> dict[str, Any]:
    """The data the service writes with `stap` (a pause's clock is filled in once the clocks
    have ids)."""
    if stap.actie == plan.OVERGANG:
        return {"uitstroomreden": stap.uitstroomreden or None}
    if stap.actie in (plan.PRODUCT_START, plan.PRODUCT_EINDE, plan.SCHULDREGELING):
        product = {"product": ids.producten[stap.product]}
        soort = reis.producten[stap.product].soort
        if stap.actie == plan.PRODUCT_START:
            return product | {"productsoort": soort}
        if stap.actie == plan.PRODUCT_EINDE:
            einde = {"resultaat": stap.resultaat, "zelfredzaam": stap.zelfredzaam}
            return product | {"productsoort": soort} | einde
        return product | {"stap": stap.naam, "status": str(historie.doelstatus(stap.naam))}
    if stap.actie == plan.CRISIS_START:
        return {
            "crisisinterventie": ids.crises[stap.crisis],
            "bedreiging": reis.crises[stap.crisis].soort,
        }
    if stap.actie == plan.CRISIS_AF:
        return {
            "crisisinterventie": ids.crises[stap.crisis],
            "voorkomen": stap.voorkomen,
            "afgerond": True,
        }
    if stap.actie == plan.MORATORIUM:
        return {"moratorium": ids.moratoria[stap.moratorium]}
    return {}


def gebeurtenisrijen(
    reis: plan.Reis, ids: Ids, *, door: int | None, aanmelding: dict[str, Any], reden: str
) -> list[dict]:
    """The aanmelding's row (with `aanmelding` as its data) and one row per step.

    A row of a pause carries its norm code under ``_norm`` until the clocks have ids."""
    stappen = [historie.Stap("traject.aanmelden", reis.aanmelddatum, aanmelding)]
    stappen += [historie.Stap(s.handeling, s.datum, _gegevens(s, reis, ids)) for s in reis.stappen]
    uit = []
    for stap, rij in zip([None, *reis.stappen], historie.rijen(stappen), strict=True):
        gebeurtenis = gebeurtenis_rij(
            ids.traject,
            soort=rij.soort,
            datum=rij.datum,
            door=door,
            gegevens=rij.gegevens,
            van_fase=rij.van_fase,
            naar_fase=rij.naar_fase,
            reden=reden,
        )
        if stap is not None and stap.actie in (plan.OPSCHORTING, plan.HERVATTING):
            pauze = reis.pauzes[stap.pauze]
            if stap.actie == plan.OPSCHORTING:
                gebeurtenis["toelichting"] = pauze.reden
            gebeurtenis["_norm"] = pauze.norm
        uit.append(gebeurtenis)
    return uit
