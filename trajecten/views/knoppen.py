"""The actions on the traject page: exactly the catalogue rows the gate allows now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.urls import reverse

from schuldhulp.permissions import (
    mag,
)
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

    @property
    def open(self) -> bool:
        return self.form.is_bound


def acties_voor(traject: Traject, user) -> dict[str, list[Actie]]:
    """Every action this user may take now, grouped by where the page shows it: the buttons
    are exactly the catalogue rows the gate allows (schuldhulp.permissions.mag)."""
    pk = traject.pk
    versie = {"versie": traject.versie}
    url = lambda naam, *args: reverse(naam, args=[pk, *args])  # noqa: E731
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
        if not kan(o):
            continue
        actie_id = f"stap-{o.naam}"
        # The ways out (afwijzing, uitstroom) sit folded below the step forward.
        groepen["uitstroom" if o.uitstroomreden else "overgangen"].append(
            Actie(
                id=actie_id,
                titel=o.knop,
                knop=o.knop,
                url=url("traject_overgang", o.naam),
                form=f.OvergangForm(
                    prefix=actie_id, overgang=o, initial={"versie": traject.versie}
                ),
                uitleg=o.uitleg,
            )
        )
    if kan("product.start"):
        groepen["producten"].append(
            maak_actie(
                "product.start",
                "product-nieuw",
                url("traject_product_start"),
                f.ProductStartForm,
                initial=versie,
            )
        )
    for product in traject.producten.all():
        product.traject = traject
        _product_acties(groepen["producten"], product, url, versie, kan)
    if kan("moratorium.registreer"):
        groepen["moratorium"].append(
            maak_actie(
                "moratorium.registreer",
                "moratorium",
                url("traject_moratorium"),
                f.MoratoriumForm,
                initial=versie,
            )
        )
    if kan("crisis.start"):
        groepen["crisis"].append(
            maak_actie(
                "crisis.start",
                "crisis-nieuw",
                url("traject_crisis_start"),
                f.CrisisStartForm,
                initial=versie,
            )
        )
    for ci in traject.crisisinterventies.all():
        ci.traject = traject
        if kan("crisis.rond_af", ci):
            groepen["crisis"].append(
                maak_actie(
                    "crisis.rond_af",
                    f"crisis-{ci.pk}",
                    url("traject_crisis_af", ci.pk),
                    f.CrisisAfrondenForm,
                    titel=f"Crisisinterventie afronden: {ci.get_soort_display().lower()}",
                )
            )
    for klok in traject.klokken.all():
        klok.traject = traject
        if kan("klok.hervat", klok):
            groepen["klokken"].append(
                maak_actie(
                    "klok.hervat",
                    f"hervat-{klok.pk}",
                    url("traject_klok_hervatten", klok.pk),
                    f.HervattingForm,
                    titel=f"Termijn weer laten lopen: {klok.norm.naam}",
                )
            )
        elif kan("klok.schort_op", klok):
            groepen["klokken"].append(
                maak_actie(
                    "klok.schort_op",
                    f"opschort-{klok.pk}",
                    url("traject_klok_opschorten", klok.pk),
                    f.OpschortingForm,
                    titel=f"Termijn opschorten: {klok.norm.naam}",
                )
            )
    return groepen


def maak_actie(naam: str, actie_id: str, url: str, formulier, titel: str = "", **kw) -> Actie:
    """A button for catalogue row `naam`, with its words from the catalogue."""
    h = workflow.HANDELINGEN[naam]
    return Actie(
        id=actie_id,
        titel=titel or h.knop,
        knop=h.knop,
        url=url,
        form=formulier(prefix=actie_id, **kw),
        uitleg=h.uitleg,
    )


def schuldregeling_titel(product: Product) -> str:
    return f"Stap in de schuldregeling (nu: {product.get_schuldregeling_status_display().lower()})"


def _product_acties(
    lijst: list[Actie],
    product: Product,
    url: Callable[..., str],
    versie: dict,
    kan: Callable[..., bool],
) -> None:
    stappen = [
        (s.naam, s.knop) for s in workflow.SCHULDREGELING_STAPPEN.values() if kan(s, product)
    ]
    if stappen:
        actie_id = f"schuldregeling-{product.pk}"
        lijst.append(
            Actie(
                id=actie_id,
                titel=schuldregeling_titel(product),
                knop="",
                url=url("traject_schuldregeling", product.pk),
                form=f.SchuldregelingStapForm(prefix=actie_id, stappen=stappen, initial=versie),
                knoppen=[(f"{actie_id}-stap", naam, knop) for naam, knop in stappen],
                uitleg="Kies met de knop welke stap er is gezet.",
            )
        )
    if kan("product.beeindig", product):
        lijst.append(
            maak_actie(
                "product.beeindig",
                f"product-{product.pk}",
                url("traject_product_einde", product.pk),
                f.ProductEindeForm,
                titel=f"{product.get_soort_display()} beëindigen",
                initial=versie,
            )
        )
