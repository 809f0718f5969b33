"""The actions on the traject page: exactly the catalogue rows the gate allows now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone

from schuldhulp.permissions import mag
from trajecten import forms as f
from trajecten import workflow
from trajecten.models import (
    Product,
    Traject,
)


@dataclass
class Actie:
    """One thing the user can do on the traject page: a titled form that posts to `url`."""

    id: str
    titel: str
    knop: str
    url: str
    form: forms.Form
    uitleg: str = ""
    knoppen: list[tuple[str, str, str]] = field(default_factory=list)  # (name, value, label)
    # Cannot be undone (the catalogue row's `onomkeerbaar`): the button asks first
    # (schuldhulp/bevestigen.py); with several buttons, the values of those that ask.
    bevestigen: bool = False
    te_bevestigen: frozenset[str] = frozenset()

    @property
    def open(self) -> bool:
        return self.form.is_bound


@dataclass(frozen=True)
class Knop:
    """How the page shows a catalogue row about one object: its form, the element id, the
    URL it posts to and its title (the catalogue's button text unless it names the object)."""

    formulier: type[forms.Form]
    id: Callable[[Any], str]
    url: str
    titel: Callable[[Any], str] | None = None


KNOPPEN: dict[str, Knop] = {
    "product.start": Knop(f.ProductStartForm, lambda _t: "product-nieuw", "traject_product_start"),
    "product.beeindig": Knop(
        f.ProductEindeForm,
        lambda p: f"product-{p.pk}",
        "traject_product_einde",
        lambda p: f"{p.get_soort_display()} beëindigen",
    ),
    "moratorium.registreer": Knop(f.MoratoriumForm, lambda _t: "moratorium", "traject_moratorium"),
    "crisis.start": Knop(f.CrisisStartForm, lambda _t: "crisis-nieuw", "traject_crisis_start"),
    "crisis.rond_af": Knop(
        f.CrisisAfrondenForm,
        lambda c: f"crisis-{c.pk}",
        "traject_crisis_af",
        lambda c: f"Crisisinterventie afronden: {c.get_soort_display().lower()}",
    ),
    "klok.schort_op": Knop(
        f.OpschortingForm,
        lambda k: f"opschort-{k.pk}",
        "traject_klok_opschorten",
        lambda k: f"Termijn opschorten: {k.norm.naam}",
    ),
    "klok.hervat": Knop(
        f.HervattingForm,
        lambda k: f"hervat-{k.pk}",
        "traject_klok_hervatten",
        lambda k: f"Termijn weer laten lopen: {k.norm.naam}",
    ),
}


def knop(naam: str, traject: Traject, obj: Any = None, **formulier: Any) -> Actie:
    """The button of catalogue row `naam` on `obj` (default: the traject itself), with its
    words from the catalogue; `formulier` goes to the form (initial=…, or data=… on a POST)."""
    h, k = workflow.HANDELINGEN[naam], KNOPPEN[naam]
    obj = traject if obj is None else obj
    args = [traject.pk] if obj is traject else [traject.pk, obj.pk]
    actie_id = k.id(obj)
    return Actie(
        id=actie_id,
        titel=k.titel(obj) if k.titel else h.knop,
        knop=h.knop,
        url=reverse(k.url, args=args),
        form=k.formulier(prefix=actie_id, **formulier),
        uitleg=h.uitleg,
        bevestigen=bool(h.onomkeerbaar),
    )


def _bewijs(traject: Traject, o: workflow.Handeling) -> dict | None:
    """What the dossier shows for a step with a checklist (financiële rust), as of today."""
    if not o.controlelijst:
        return None
    from klantplan import rustbewijs  # klantplan builds on trajecten

    return rustbewijs.bewijs(traject, timezone.localdate())


def overgang_actie(traject: Traject, o: workflow.Handeling, **formulier: Any) -> Actie:
    actie_id = f"stap-{o.naam}"
    return Actie(
        id=actie_id,
        titel=o.knop,
        knop=o.knop,
        url=reverse("traject_overgang", args=[traject.pk, o.naam]),
        form=f.OvergangForm(prefix=actie_id, overgang=o, bewijs=_bewijs(traject, o), **formulier),
        uitleg=o.uitleg,
        bevestigen=bool(o.onomkeerbaar),
    )


def schuldregeling_actie(
    traject: Traject, product: Product, mogelijk: list[tuple[str, str]], **formulier: Any
) -> Actie:
    """One form with a button per schuldregeling step the gate allows now."""
    alle = [(s.naam, s.knop) for s in workflow.SCHULDREGELING_STAPPEN.values()]
    actie_id = f"schuldregeling-{product.pk}"
    return Actie(
        id=actie_id,
        titel=f"Stap in de schuldregeling (nu: "
        f"{product.get_schuldregeling_status_display().lower()})",
        knop="",
        url=reverse("traject_schuldregeling", args=[traject.pk, product.pk]),
        form=f.SchuldregelingStapForm(prefix=actie_id, stappen=alle, **formulier),
        knoppen=[(f"{actie_id}-stap", naam, label) for naam, label in mogelijk],
        te_bevestigen=frozenset(
            naam for naam, _ in mogelijk if workflow.SCHULDREGELING_STAPPEN[naam].onomkeerbaar
        ),
        uitleg="Kies met de knop welke stap er is gezet.",
    )


def acties_voor(traject: Traject, user) -> dict[str, list[Actie]]:
    """Every action this user may take now, grouped by where the page shows it: the buttons
    are exactly the catalogue rows the gate allows (schuldhulp.permissions.mag)."""
    versie = {"initial": {"versie": traject.versie}}
    kan = lambda handeling, obj=traject: mag(user, handeling, obj) is None  # noqa: E731
    groepen: dict[str, list[Actie]] = {
        "overgangen": [],
        "uitstroom": [],
        "producten": [],
        "crisis": [],
        "moratorium": [],
        "klokken": [],
    }
    for o in workflow.OVERGANGEN.values():
        if kan(o):  # the ways out (afwijzing, uitstroom) sit folded below the step forward
            groepen["uitstroom" if o.uitstroomreden else "overgangen"].append(
                overgang_actie(traject, o, **versie)
            )
    if kan("product.start"):
        groepen["producten"].append(knop("product.start", traject, **versie))
    for product in traject.producten.all():
        product.traject = traject
        stappen = [
            (s.naam, s.knop) for s in workflow.SCHULDREGELING_STAPPEN.values() if kan(s, product)
        ]
        if stappen:
            groepen["producten"].append(schuldregeling_actie(traject, product, stappen, **versie))
        if kan("product.beeindig", product):
            groepen["producten"].append(knop("product.beeindig", traject, product, **versie))
    if kan("moratorium.registreer"):
        groepen["moratorium"].append(knop("moratorium.registreer", traject, **versie))
    if kan("crisis.start"):
        groepen["crisis"].append(knop("crisis.start", traject, **versie))
    for ci in traject.crisisinterventies.all():
        ci.traject = traject
        if kan("crisis.rond_af", ci):
            groepen["crisis"].append(knop("crisis.rond_af", traject, ci, **versie))
    for klok in traject.klokken.all():
        klok.traject = traject
        if kan("klok.hervat", klok):
            groepen["klokken"].append(knop("klok.hervat", traject, klok, **versie))
        elif kan("klok.schort_op", klok):
            groepen["klokken"].append(knop("klok.schort_op", traject, klok, **versie))
    return groepen
