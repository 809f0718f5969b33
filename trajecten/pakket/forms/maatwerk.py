"""Forms of maatwerk per traject and of a task settled per traject. They only collect input;
the services (trajecten/pakket/services/maatwerk.py) decide and refuse."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from schuldhulp.forms import DatumInput
from schuldhulp.pakketten import Partij, Taak
from trajecten.forms import DATUM_FOUTEN, VersieForm
from trajecten.models import Traject
from trajecten.pakket.services.maatwerk import NAAR
from trajecten.pakket.workflow import Maatwerksoort

OP_OF_AF = [(s.value, s.label) for s in (Maatwerksoort.OPSCHALEN, Maatwerksoort.AFSCHALEN)]
KIES_BESLUIT = "Kies goedkeuren of afwijzen."
NU_DOET = {Partij.STADSBANK: "nu: Stadsbank", Partij.GEMEENTE: "nu: gemeente"}


def _datum(label: str, *, required: bool, hint: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        initial=timezone.localdate if required else None,
        widget=DatumInput(),
        help_text=hint,
        error_messages=DATUM_FOUTEN,
    )


def _tekst(label: str, *, hint: str = "", required: bool = False, fout: str = ""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": fout} if fout else None,
    )


class MaatwerkVoorstelForm(VersieForm):
    """Op- or afschalen for this traject. The tasks offered are those the other side does
    now when the kind is known (chosen or from the monitoringmoment); else all, with who
    does each now."""

    soort = forms.ChoiceField(
        label="Wat stelt u voor?",
        choices=OP_OF_AF,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies opschalen of afschalen."},
    )
    taken = forms.MultipleChoiceField(
        label="Welke taken?",
        widget=forms.CheckboxSelectMultiple,
        help_text="De taken uit het pakket die voor deze klant naar de andere partij gaan.",
        error_messages={
            "required": "Kies ten minste één taak.",
            "invalid_choice": "Kies alleen taken die nu bij de andere partij liggen.",
        },
    )
    van = _datum("Vanaf", required=True, hint="Vandaag of later.")
    tot = _datum("Tot en met", required=False, hint="Vul een einddatum of een evaluatiedatum in.")
    evaluatie_op = _datum(
        "Evalueren op", required=False, hint="Wanneer bekijkt u samen of het nog nodig is?"
    )
    reden = _tekst(
        "Reden",
        hint="Waarom heeft deze klant meer of minder hulp nodig?",
        required=True,
        fout="Geef de reden op.",
    )
    monitoringmoment = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, traject: Traject, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        soort = self.data.get(self.add_prefix("soort")) if self.is_bound else None
        soort = soort or self.initial.get("soort")
        naar = NAAR.get(soort) if soort in Maatwerksoort.values else None
        keuzes = []
        for taak in Taak:
            nu = traject.uitvoerder(taak)
            if naar is None:
                wie = NU_DOET.get(nu, "nog af te spreken")
                keuzes.append((taak.value, f"{taak.label} ({wie})"))
            elif nu != naar:
                keuzes.append((taak.value, taak.label))
        self.fields["taken"].choices = keuzes


class BeoordeelForm(forms.Form):
    """Goedkeuren or afwijzen: the step comes from the button that was pressed."""

    stap = forms.ChoiceField(
        widget=forms.HiddenInput,
        choices=[("goedkeuren", "Goedkeuren"), ("afwijzen", "Afwijzen")],
        error_messages=dict.fromkeys(("required", "invalid_choice"), KIES_BESLUIT),
    )
    toelichting = _tekst("Toelichting bij het besluit", hint="Verplicht als u het afwijst.")


class IntrekkenForm(forms.Form):
    toelichting = _tekst("Toelichting")


class BeeindigenForm(forms.Form):
    reden = _tekst(
        "Reden",
        hint="Vanaf morgen geldt weer de takenverdeling van de afspraak.",
        required=True,
        fout="Geef de reden op waarom het maatwerk stopt.",
    )


class TaakAfsprekenForm(VersieForm):
    """Who does a task that the agreement leaves per traject in overleg."""

    taak = forms.ChoiceField(
        label="Taak",
        error_messages={
            "required": "Kies de taak.",
            "invalid_choice": "Voor deze taak is in dit traject niets meer af te spreken.",
        },
    )
    partij = forms.ChoiceField(
        label="Wie doet het?",
        choices=[("", "Kies wie het doet"), *Partij.choices],
        error_messages={"required": "Kies wie de taak doet: Stadsbank of gemeente."},
    )
    toelichting = _tekst("Toelichting", hint="Bijvoorbeeld: met wie en wanneer afgesproken.")

    def __init__(self, *args, taken: list[Taak], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        keuzes = [(t.value, t.label) for t in taken]
        # One open task: nothing to choose.
        if len(keuzes) != 1:
            keuzes = [("", "Kies een taak"), *keuzes]
        self.fields["taak"].choices = keuzes
