"""Forms of the dashboard: the period to show, and the kwartaalgesprek with its actions."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone

from rapportage.forms import STADSBANK
from rapportage.kwartalen import Kwartaal, OngeldigKwartaal
from rapportage.perioden import (
    OngeldigePeriode,
    Periode,
    controleer,
    lees_jaar,
    lees_maand,
    lopend_kwartaal,
    vrije_periode,
)
from schuldhulp.forms import DatumInput
from schuldhulp.models import Gemeente

SOORTEN = [
    ("lopend", "Dit kwartaal tot nu toe"),
    ("maand", "Een maand"),
    ("kwartaal", "Een kwartaal"),
    ("jaar", "Een jaar"),
    ("vrij", "Eigen begin- en einddatum"),
]


class MaandInput(forms.TextInput):
    input_type = "month"


class PeriodeForm(forms.Form):
    """Which gemeente and which period (GET: the choice is in the address, no personal data)."""

    gemeente = forms.ChoiceField(label="Gemeente")
    soort = forms.ChoiceField(
        label="Periode", choices=SOORTEN, widget=forms.RadioSelect, initial="lopend"
    )
    maand = forms.CharField(
        label="Maand", required=False, widget=MaandInput(), help_text="Bijvoorbeeld 2026-07."
    )
    kwartaal = forms.CharField(label="Kwartaal", required=False, widget=forms.Select)
    jaar = forms.CharField(
        label="Jaar", required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    van = forms.DateField(
        label="Van",
        required=False,
        widget=DatumInput(),
        error_messages={"invalid": "Vul een geldige datum in, bijvoorbeeld 01-07-2026."},
    )
    tot = forms.DateField(
        label="Tot en met",
        required=False,
        widget=DatumInput(),
        error_messages={"invalid": "Vul een geldige datum in, bijvoorbeeld 31-07-2026."},
    )

    def __init__(
        self, *args, gemeenten: list[Gemeente], stadsbank: bool, vandaag: date, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.vandaag = vandaag
        self.gemeenten = {str(g.pk): g for g in gemeenten}
        keuzes = [(str(g.pk), g.naam) for g in gemeenten]
        if stadsbank:
            keuzes.append((STADSBANK, "Stadsbank – alle gemeenten samen"))
        self.fields["gemeente"].choices = keuzes
        huidig = Kwartaal.van_datum(vandaag)
        self.fields["kwartaal"].widget.choices = [
            (k.code, k.naam) for k in reversed(huidig.reeks(11))
        ]

    def clean_gemeente(self) -> Gemeente | None:
        waarde = self.cleaned_data["gemeente"]
        return None if waarde == STADSBANK else self.gemeenten[waarde]

    def clean(self) -> dict:
        data = super().clean()
        soort = data.get("soort")
        try:
            periode = self._periode(soort, data)
        except (OngeldigePeriode, OngeldigKwartaal) as exc:
            self.add_error(soort if soort in ("maand", "kwartaal", "jaar") else None, str(exc))
            return data
        if periode is not None:
            try:
                data["periode"] = controleer(periode, self.vandaag)
            except OngeldigePeriode as exc:
                self.add_error(soort if soort in ("maand", "kwartaal", "jaar") else None, str(exc))
        return data

    def _periode(self, soort: str | None, data: dict) -> Periode | None:
        if soort == "maand":
            if not data.get("maand"):
                self.add_error("maand", "Kies de maand.")
                return None
            return lees_maand(data["maand"])
        if soort == "kwartaal":
            return Periode.kwartaal(Kwartaal.lees(data.get("kwartaal", "")))
        if soort == "jaar":
            if not data.get("jaar"):
                self.add_error("jaar", "Vul het jaar in.")
                return None
            return lees_jaar(data["jaar"])
        if soort == "vrij":
            van, tot = data.get("van"), data.get("tot")
            for veld, waarde in (("van", van), ("tot", tot)):
                if waarde is None and veld not in self.errors:
                    self.add_error(veld, "Vul de datum in.")
            if van is None or tot is None:
                return None
            return vrije_periode(van, tot)
        return lopend_kwartaal(self.vandaag) if soort == "lopend" else None


class KwartaalgesprekForm(forms.Form):
    datum = forms.DateField(
        label="Datum van het gesprek",
        widget=DatumInput(),
        error_messages={
            "required": "Vul de datum van het gesprek in.",
            "invalid": "Vul een geldige datum in, bijvoorbeeld 15-10-2026.",
        },
    )
    aanwezigen = forms.CharField(
        label="Aanwezig",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Naam en organisatie, één per regel.",
        error_messages={"required": "Vul in wie er bij het gesprek waren."},
    )
    afspraken = forms.CharField(
        label="Afspraken", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    opmerkingen = forms.CharField(
        label="Opmerkingen van de gemeente bij de cijfers",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_datum(self) -> date:
        datum = self.cleaned_data["datum"]
        if datum > timezone.localdate():
            raise forms.ValidationError(
                "Deze datum ligt in de toekomst. Leg het gesprek vast als het is gevoerd."
            )
        return datum


class ActieForm(forms.Form):
    omschrijving = forms.CharField(
        label="Actie",
        max_length=300,
        error_messages={"required": "Beschrijf de actie (of laat de hele regel leeg)."},
    )
    eigenaar = forms.CharField(
        label="Eigenaar",
        max_length=120,
        error_messages={"required": "Vul in wie de actie doet."},
    )
    deadline = forms.DateField(
        label="Uiterlijk op",
        widget=DatumInput(),
        error_messages={
            "required": "Vul in wanneer de actie klaar moet zijn.",
            "invalid": "Vul een geldige datum in, bijvoorbeeld 01-12-2026.",
        },
    )


ActieFormSet = forms.formset_factory(ActieForm, extra=3, max_num=10, validate_max=True)


class ActieBewerkForm(ActieForm):
    """A row when changing a meeting: an existing action (its id) or a new one."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    afgerond = forms.BooleanField(label="Afgerond", required=False)
    verwijderen = forms.BooleanField(label="Verwijderen", required=False)


ActieBewerkFormSet = forms.formset_factory(ActieBewerkForm, extra=2, max_num=20, validate_max=True)
