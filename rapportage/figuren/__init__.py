"""The figures of the kwartaalrapportage: each one a few SQL aggregates over the history rows.

Every figure is a :class:`Figuur` (see :mod:`rapportage.figuren.basis`) that keeps its
computation for one quarter, its table rows and its charts together, in a module per subject.
:data:`FIGUREN` is the one registry; its order is the order of the report (screen, PDF, CSV).
Figures of other apps (klantplan, vroegsignalering) are in it too, guarded by ``beschikbaar``
so the report works whether or not those apps have their models yet.

Scope: one gemeente (``gemeente_id``) or, with ``gemeente_id=None``, the whole Stadsbank.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
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
    tevredenheid,
    uitstroom,
    vroegsignalering,
    werkdagen,
)
from rapportage.figuren.basis import Context, Figuur, Grafiek, Regel, Tijdvak, pct
from rapportage.kwartalen import Kwartaal
from rapportage.models import Instellingen

__all__ = [
    "FIGUREN",
    "Context",
    "Figuur",
    "Grafiek",
    "Regel",
    "bereken",
    "bereken_perioden",
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
    # The survey at uitstroom (issue 19, point 4; app tevredenheid), appended likewise.
    tevredenheid.Tevredenheid(),
]


def figuren() -> list[Figuur]:
    return [f for f in FIGUREN if f.beschikbaar()]


def bereken(
    gemeente_id: int | None,
    tijdvak: Tijdvak,
    instellingen: Instellingen,
    sleutels: Collection[str] | None = None,
) -> dict:
    """All figures (or those named in `sleutels`) of one period: a quarter for the report,
    any period for the dashboard. The one computation behind both."""
    ctx = Context(gemeente_id=gemeente_id, tijdvak=tijdvak, instellingen=instellingen)
    return {
        f.sleutel: f.bereken(ctx) for f in figuren() if sleutels is None or f.sleutel in sleutels
    }


def bereken_perioden(
    gemeente_id: int | None,
    tijdvakken: Sequence[Tijdvak],
    sleutels: Collection[str] | None = None,
) -> dict[str, list]:
    """Per figure its values over `tijdvakken` (oldest first), JSON-ready."""
    instellingen = Instellingen.huidige()
    per_tijdvak = [bereken(gemeente_id, t, instellingen, sleutels) for t in tijdvakken]
    return {
        f.sleutel: [c[f.sleutel] for c in per_tijdvak]
        for f in figuren()
        if sleutels is None or f.sleutel in sleutels
    }


def bereken_reeks(
    gemeente_id: int | None, kwartaal: Kwartaal, *, aantal_vorige: int = 4
) -> dict[str, Any]:
    """The figures of `kwartaal` and the quarters before it (the trend), JSON-ready."""
    kwartalen = kwartaal.reeks(aantal_vorige)
    return {
        "kwartalen": [k.code for k in kwartalen],
        "figuren": bereken_perioden(gemeente_id, kwartalen),
    }
