"""From the budget and the household to the VTLB and the aflosruimte (issue 15, point 3).

The computation itself is the VTLB engine (:mod:`klantplan.huishouden.vtlb`); this module
only reads the budget: income, housing costs, health insurance premiums, childcare, work,
the partner and the children's ages on the peildatum.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from klantplan.huishouden.models import (
    BESCHERMD,
    INKOMSTEN,
    WOONLASTEN,
    Budget,
    Huisgenootsoort,
    Huishouden,
    Postsoort,
)
from trajecten.models import Traject


@dataclass(frozen=True)
class Berekening:
    """The VTLB outcome, or why there is none (no norms for the date, no income)."""

    uitkomst: Any | None
    reden: str = ""


def invoer(traject: Traject, budget: Budget, peildatum: date | None = None) -> dict[str, Any]:
    """The VTLB input fields from the budget and the household (plain values)."""
    peildatum = peildatum or timezone.localdate()
    posten = list(budget.posten.all())
    huishouden = Huishouden.objects.filter(traject=traject).first()

    def som(soorten) -> int:
        return sum(p.bedrag_cent for p in posten if p.soort in soorten)

    kinderen = ()
    if huishouden is not None:
        kinderen = tuple(
            sorted(
                peildatum.year - h.geboortejaar
                for h in huishouden.huisgenoten.all()
                if h.soort == Huisgenootsoort.KIND
            )
        )
    return {
        "peildatum": peildatum,
        "partner": bool(huishouden and huishouden.partner_id),
        "kinderen": kinderen,
        "netto_inkomen_cent": som(INKOMSTEN - BESCHERMD),
        "woonlasten_cent": som(WOONLASTEN),
        "zorgpremie_cent": som({Postsoort.ZORGPREMIE}),
        "werkt": any(p.soort == Postsoort.SALARIS and p.van != "partner" for p in posten),
        "partner_werkt": any(p.soort == Postsoort.SALARIS and p.van == "partner" for p in posten),
        "huurtoeslag_cent": som({Postsoort.HUURTOESLAG}),
        "zorgtoeslag_cent": som({Postsoort.ZORGTOESLAG}),
        "kindgebonden_budget_cent": som({Postsoort.KINDGEBONDEN_BUDGET}),
        "kinderopvang_cent": som({Postsoort.KINDEROPVANG}),
        "kinderopvangtoeslag_cent": som({Postsoort.KINDEROPVANGTOESLAG}),
        "alimentatie_cent": som({Postsoort.ALIMENTATIE_UIT}),
    }


def bereken(traject: Traject, budget: Budget, peildatum: date | None = None) -> Berekening:
    try:
        from klantplan.huishouden.vtlb import bereken as engine
    except ImportError:  # the engine is not installed in this build
        return Berekening(None, "De VTLB-berekening is nog niet beschikbaar.")
    gegevens = invoer(traject, budget, peildatum)
    if not gegevens["netto_inkomen_cent"]:
        return Berekening(None, "Vul eerst het inkomen in; zonder inkomen is er geen VTLB.")
    if gegevens["partner_werkt"] and not gegevens["partner"]:
        gegevens["werkt"], gegevens["partner_werkt"] = True, False
    try:
        normen = engine.normset_op(gegevens["peildatum"])
        velden = set(engine.VtlbInvoer.__dataclass_fields__)
        invoer_ = engine.VtlbInvoer(**{k: v for k, v in gegevens.items() if k in velden})
        return Berekening(engine.bereken_vtlb(invoer_, normen))
    except (engine.GeenNormen, engine.OngeldigeInvoer) as exc:
        return Berekening(None, str(exc))
