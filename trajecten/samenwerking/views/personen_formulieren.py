"""Forms for the people on a traject (traject page, aanmelden, team lead's screen) and the
actions on the traject page that carry them. The forms only collect input;
trajecten/samenwerking/services/personen.py decides and refuses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.urls import reverse

from schuldhulp.handelingen import handeling
from schuldhulp.models import Gebruiker
from schuldhulp.pakketten import Partij
from trajecten.forms import VersieForm
from trajecten.models import Traject
from trajecten.samenwerking.personen import FUNCTIE
from trajecten.samenwerking.personenkeuze import persoon_keuze
from trajecten.views.knoppen import Actie

REDEN_HINT = "Bijvoorbeeld: verlof, andere wijk, werk verdelen, wens van de klant."


def _reden() -> forms.CharField:
    return forms.CharField(
        label="Reden",
        help_text=REDEN_HINT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Geef de reden op."},
    )


class PersoonForm(VersieForm):
    """Another person of one party on the traject (or nobody), with the reason."""

    def __init__(self, *args, partij: Partij, kandidaten: Iterable[Gebruiker], **kwargs):
        super().__init__(*args, **kwargs)
        functie = FUNCTIE[partij]
        self.fields["persoon"] = persoon_keuze(
            partij,
            kandidaten,
            label=f"Nieuwe {functie}",
            niemand=f"Niemand (geen {functie})",
            hint="Alleen wie voor de gemeente van dit traject werkt.",
        )
        self.fields["reden"] = _reden()


class VasteContactpersoonForm(VersieForm):
    """Which side's person the klant calls and mails."""

    def __init__(self, *args, traject: Traject, **kwargs):
        super().__init__(*args, **kwargs)
        keuzes = []
        for partij in Partij:
            persoon = traject.persoon(partij)
            wie = str(persoon) if persoon else "nog niemand toegewezen"
            keuzes.append((partij.value, f"De {FUNCTIE[partij]} ({wie})"))
        self.fields["partij"] = forms.ChoiceField(
            label="Vaste contactpersoon van de klant",
            choices=keuzes,
            widget=forms.RadioSelect,
            # The only change there is to make: the other side.
            initial=next(p.value for p in Partij if p != traject.vaste_contactpersoon),
            error_messages={"required": "Kies wie de vaste contactpersoon van de klant is."},
        )
        self.fields["reden"] = _reden()


class TrajectKeuze(forms.MultipleChoiceField):
    """Traject ids ticked in a list; whether they may be assigned is the service's call."""

    widget = forms.CheckboxSelectMultiple

    def valid_value(self, value: Any) -> bool:
        waarde = str(value)
        return waarde.isascii() and waarde.isdigit() and len(waarde) < 19  # a bigint

    def clean(self, value: Any) -> list[int]:
        return [int(v) for v in super().clean(value)]


class VerdeelForm(forms.Form):
    """The team lead's bulk assignment: ticked trajecten to one person (or nobody)."""

    trajecten = TrajectKeuze(
        label="Trajecten",
        error_messages={
            "required": "Vink een of meer trajecten aan.",
            "invalid_choice": "Kies trajecten uit de lijst.",
        },
    )
    van = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, partij: Partij, kandidaten: Iterable[Gebruiker], **kwargs):
        super().__init__(*args, **kwargs)
        functie = FUNCTIE[partij]
        self.fields["naar"] = persoon_keuze(
            partij,
            kandidaten,
            label="Toewijzen aan",
            niemand=f"Niemand (geen {functie})",
            hint=f"De nieuwe {functie} van de aangevinkte trajecten.",
        )
        self.fields["reden"] = _reden()


# --------------------------------------------------------------- actions on the traject page

ACTIE_ID: dict[Partij, str] = {Partij.STADSBANK: "behandelaar", Partij.GEMEENTE: "contactpersoon"}
URL: dict[Partij, str] = {
    Partij.STADSBANK: "traject_behandelaar",
    Partij.GEMEENTE: "traject_contactpersoon",
}
HANDELING: dict[Partij, str] = {
    Partij.STADSBANK: "traject.wijzig_behandelaar",
    Partij.GEMEENTE: "traject.wijzig_contactpersoon",
}
VASTE_ID = "vaste-contactpersoon"


def persoon_actie(
    traject: Traject, partij: Partij, kandidaten: Iterable[Gebruiker], **formulier: Any
) -> Actie:
    h = handeling(HANDELING[partij])
    actie_id = ACTIE_ID[partij]
    return Actie(
        id=actie_id,
        titel=h.knop,
        knop=h.knop,
        url=reverse(URL[partij], args=[traject.pk]),
        form=PersoonForm(prefix=actie_id, partij=partij, kandidaten=kandidaten, **formulier),
        uitleg=h.uitleg,
    )


def vaste_actie(traject: Traject, **formulier: Any) -> Actie:
    h = handeling("traject.kies_vaste_contactpersoon")
    return Actie(
        id=VASTE_ID,
        titel=h.knop,
        knop=h.knop,
        url=reverse("traject_vaste_contactpersoon", args=[traject.pk]),
        form=VasteContactpersoonForm(prefix=VASTE_ID, traject=traject, **formulier),
        uitleg=h.uitleg,
    )
