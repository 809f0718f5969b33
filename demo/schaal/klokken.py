"""The clocks of one planned traject, decided as ``normbewaking.herbereken`` decides them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Klokregel:
    """One clock as herbereken would store it."""

    code: str
    norm: Any
    product_id: int | None
    start: date
    gehaald_op: date | None
    stand: Any  # trajecten.normbewaking.Klokstand


def bereken_klokken(
    traject: Any,
    gebeurtenissen: list[Any],
    producten: list[Any],
    *,
    normen_per_code: dict[str, list],
    pauzes: dict[str, list],
    peildatum: date,
    feestdagen: frozenset[date],
) -> list[Klokregel]:
    """The clocks of one traject from its events, the way ``normbewaking.herbereken``
    decides them (same helpers), without touching the database. `traject`, the events
    and the products may be light objects with the same attributes as the models."""
    from trajecten import normbewaking

    mijlpalen = normbewaking.Mijlpalen.van(traject, gebeurtenissen)
    uit: list[Klokregel] = []
    for code, rijen in normen_per_code.items():
        soort = rijen[-1]
        if not normbewaking._voorwaarde_geldt(soort, traject):
            continue
        if soort.productsoort:
            bronnen = [
                (p.pk, normbewaking._product_mijlpalen(p, gebeurtenissen) | mijlpalen.traject)
                for p in producten
                if p.soort == soort.productsoort
            ]
        else:
            bronnen = [(None, mijlpalen.traject)]
        for product_id, data in bronnen:
            start = data.get(soort.van_mijlpaal)
            norm = normbewaking.norm_op(rijen, start) if start else None
            if norm is None:
                continue
            gehaald_op = data.get(norm.tot_mijlpaal)
            stand = normbewaking.klokstand(
                start=start,
                termijn=norm.termijn,
                eenheid=norm.eenheid,
                wettelijk=norm.wettelijk,
                dreigpercentage=norm.dreigpercentage,
                pauzes=pauzes.get(code, []) if product_id is None else [],
                gehaald_op=gehaald_op,
                einde_traject=mijlpalen.einde,
                peildatum=peildatum,
                feestdagen=feestdagen,
            )
            uit.append(Klokregel(code, norm, product_id, start, gehaald_op, stand))
    return uit
