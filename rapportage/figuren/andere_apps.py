"""Looking up the models of other apps (klantplan, vroegsignalering) by label.

Those apps are never imported here at module level, so the report works with or without
their models; a figure over them says so in :meth:`Figuur.beschikbaar`.
"""

from __future__ import annotations

from django.db import models

from rapportage.figuren.basis import Figuur, Regel, pad


def model(app_label: str, naam: str) -> type[models.Model] | None:
    """The model, or None when that app is not installed or has no such model (yet)."""
    from django.apps import apps

    try:
        return apps.get_model(app_label, naam)
    except LookupError:
        return None


def keuzes(app_label: str, modelnaam: str, veld: str) -> list[tuple[str, str]]:
    return list(model(app_label, modelnaam)._meta.get_field(veld).choices)


def per_keuze(rijen, veld: str, keuzes: list[tuple[str, str]], teller: str = "n") -> dict:
    """Counts per choice of `veld`, zero for a choice without rows."""
    return {k: 0 for k, _ in keuzes} | {r[veld]: r[teller] for r in rijen}


def verdeling_keuzes(reeks: list[dict], veld: str, keuzes: list[tuple[str, str]]) -> list:
    """Breakdown rows, one per (value, label) choice."""
    return [
        Regel(label, [(pad([d], veld, waarde)[0] or 0) for d in reeks], niveau=1)
        for waarde, label in keuzes
    ]


class FiguurAndereApp(Figuur):
    """A figure over the models `modellen` of app `app_label`; hidden while they are missing."""

    app_label: str
    modellen: tuple[str, ...]

    def beschikbaar(self) -> bool:
        return all(model(self.app_label, naam) is not None for naam in self.modellen)
