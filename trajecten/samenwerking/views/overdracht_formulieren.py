"""Forms of the warme overdracht and the actions on the traject page that carry them. The
forms only collect input; trajecten/samenwerking/services/overdracht.py decides and refuses."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse

from schuldhulp.handelingen import handeling
from trajecten.forms import VersieForm
from trajecten.models import Traject
from trajecten.samenwerking.models import Overdracht
from trajecten.samenwerking.services.overdracht import MAXIMA
from trajecten.views.knoppen import Actie


def _tekst(veld: str, label: str, *, hint: str = "", rijen: int = 3, fout: str = ""):
    return forms.CharField(
        label=label,
        required=bool(fout),
        max_length=MAXIMA[veld][1],
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": rijen}),
        error_messages={"required": fout} if fout else None,
    )


class OverdrachtForm(VersieForm):
    situatie = _tekst(
        "situatie",
        "Situatie in een paar regels",
        hint="Wie is de klant, wat speelt er, waarom nu de overdracht.",
        fout="Beschrijf de situatie van de klant in een paar regels.",
    )
    gedaan = _tekst("gedaan", "Wat is al gedaan", hint="Gesprekken, aanvragen, contact.")
    urgent = _tekst(
        "urgent", "Wat is urgent", hint="Dreigende afsluiting, beslag, termijnen die lopen."
    )
    documenten = _tekst(
        "documenten",
        "Ontvangen documenten en post",
        hint="Wat heeft de klant al aangeleverd, en waar is het te vinden.",
    )
    afspraken = _tekst(
        "afspraken", "Afspraken met de klant", hint="Wat is de klant beloofd, en wanneer."
    )


class AccepterenForm(VersieForm):
    pass


class VraagForm(VersieForm):
    vraag = _tekst(
        "vraag",
        "Uw vraag aan de afzender",
        rijen=2,
        fout="Schrijf uw vraag aan de afzender op.",
    )


class AntwoordForm(VersieForm):
    antwoord = _tekst("antwoord", "Uw antwoord", rijen=2, fout="Schrijf uw antwoord op.")


def versturen_actie(traject: Traject, **formulier: Any) -> Actie:
    h = handeling("overdracht.versturen")
    return Actie(
        id="overdracht-nieuw",
        titel=h.knop,
        knop=h.knop,
        url=reverse("overdracht_versturen", args=[traject.pk]),
        form=OverdrachtForm(prefix="overdracht-nieuw", **formulier),
        uitleg=h.uitleg,
    )


# Per step on an open overdracht: (element id suffix, URL name, form).
STAPPEN: dict[str, tuple[str, str, type[forms.Form]]] = {
    "overdracht.accepteren": ("accepteren", "overdracht_accepteren", AccepterenForm),
    "overdracht.vraag_stellen": ("vraag", "overdracht_vraag", VraagForm),
    "overdracht.beantwoorden": ("antwoord", "overdracht_antwoord", AntwoordForm),
}


def stap_actie(naam: str, overdracht: Overdracht, **formulier: Any) -> Actie:
    h = handeling(naam)
    achtervoegsel, url, formulier_klasse = STAPPEN[naam]
    actie_id = f"overdracht-{overdracht.pk}-{achtervoegsel}"
    return Actie(
        id=actie_id,
        titel=h.knop,
        knop=h.knop,
        url=reverse(url, args=[overdracht.pk]),
        form=formulier_klasse(prefix=actie_id, **formulier),
        uitleg=h.uitleg,
    )
