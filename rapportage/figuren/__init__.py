"""The figures of the kwartaalrapportage: each one a few SQL aggregates over the history rows.

Every figure is a :class:`Figuur` (see :mod:`rapportage.figuren.basis`) that keeps its
computation for one quarter, its table rows and its charts together, in a module per subject.
:data:`FIGUREN` is the one registry; its order is the order of the report (screen, PDF, CSV).
Figures of other apps (klantplan, vroegsignalering) are in it too, guarded by ``beschikbaar``
so the report works whether or not those apps have their models yet.

Scope: one gemeente (``gemeente_id``) or, with ``gemeente_id=None``, the whole Stadsbank.
"""

from __future__ import annotations

from typing import Any

from rapportage.figuren import (
    benchmark,
    crisis,
    doorlooptijden,
    huishouden,
    instroom,
    klantplan,
    pakket,
    producten,
    rendement,
    schuldregeling,
    uitstroom,
    vroegsignalering,
    werkdagen,
)
from rapportage.figuren.basis import Context, Figuur, Grafiek, Regel, pct
from rapportage.kwartalen import Kwartaal
from rapportage.models import Instellingen

__all__ = [
    "FIGUREN",
    "Context",
    "Figuur",
    "Grafiek",
    "Regel",
    "bereken",
    "bereken_reeks",
    "figuren",
    "pct",
]

FIGUREN: list[Figuur] = [
    instroom.Aanmeldingen(),
    instroom.Intakes(),
    instroom.Wachttijd(),
    doorlooptijden.Normen(),
    doorlooptijden.FinancieleRust(),
    doorlooptijden.DoorlooptijdToelating(),
    crisis.Crisisinterventies(),
    crisis.Moratoria(),
    producten.Producten(),
    producten.Schuldregelingen(),
    uitstroom.Uitstroom(),
    instroom.Recidive(),
    producten.Zelfredzaam(),
    rendement.Rendement(),
    klantplan.Gesprekken(),
    klantplan.Klachten(),
    vroegsignalering.Vroegsignalen(),
    # After the figures of other apps, so their numbers in docs/rapportage.md stay; the
    # package split last: it is only shown when a quarter needs it (Figuur.tonen).
    pakket.Maatwerk(),
    pakket.PerPakket(),
    # The schuldregeling with the creditors (issue 14), appended so the numbers above stay.
    schuldregeling.SchuldenBijStart(),
    schuldregeling.AkkoordBinnen120(),
    schuldregeling.ViaDwangakkoord(),
    schuldregeling.Schuldenvrij(),
    schuldregeling.LooptijdRegeling(),
    # The household's budget (issue 15), appended so the numbers above stay.
    huishouden.BudgetEnAflosruimte(),
    # The missing norms and the Divosa benchmark (issue 19, point 4), appended likewise.
    werkdagen.RustDerden8Werkdagen(),
    vroegsignalering.RustNaSignaal(),
    benchmark.StabilisatieLanger4Maanden(),
    uitstroom.Verwijzingen(),
]


def figuren() -> list[Figuur]:
    return [f for f in FIGUREN if f.beschikbaar()]


def bereken(gemeente_id: int | None, kwartaal: Kwartaal, instellingen: Instellingen) -> dict:
    """All figures of one quarter."""
    ctx = Context(gemeente_id=gemeente_id, kwartaal=kwartaal, instellingen=instellingen)
    return {f.sleutel: f.bereken(ctx) for f in figuren()}


def bereken_reeks(
    gemeente_id: int | None, kwartaal: Kwartaal, *, aantal_vorige: int = 4
) -> dict[str, Any]:
    """The figures of `kwartaal` and the quarters before it (the trend), JSON-ready."""
    instellingen = Instellingen.huidige()
    kwartalen = kwartaal.reeks(aantal_vorige)
    per_kwartaal = [bereken(gemeente_id, k, instellingen) for k in kwartalen]
    return {
        "kwartalen": [k.code for k in kwartalen],
        "figuren": {f.sleutel: [c[f.sleutel] for c in per_kwartaal] for f in figuren()},
    }
