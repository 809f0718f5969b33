from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone

from schuldhulp.models import Gemeente, Klant, Weekdag
from schuldhulp.services import reden_niet_verhuizen
from schuldhulp.validators import (
    geboortedatum_fout,
    normaliseer_bsn,
    normaliseer_postcode,
    valideer_postcode,
)


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TijdInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%H:%M", **kwargs)


class SpreekuurForm(forms.Form):
    weekdag = forms.TypedChoiceField(
        label="Dag",
        coerce=int,
        choices=[("", "Kies een dag"), *Weekdag.choices],
        error_messages={
            "required": "Kies de dag.",
            "invalid_choice": "Kies een dag van maandag tot en met vrijdag.",
        },
    )
    van = forms.TimeField(
        label="Van",
        widget=TijdInput(),
        help_text="Bijvoorbeeld 09:00.",
        error_messages={
            "required": "Vul in hoe laat het spreekuur begint.",
            "invalid": "Vul een tijd in, bijvoorbeeld 09:00.",
        },
    )
    tot = forms.TimeField(
        label="Tot",
        widget=TijdInput(),
        help_text="Bijvoorbeeld 12:00.",
        error_messages={
            "required": "Vul in hoe laat het spreekuur eindigt.",
            "invalid": "Vul een tijd in, bijvoorbeeld 12:00.",
        },
    )
    locatie = forms.CharField(
        label="Locatie",
        max_length=200,
        help_text="Waar de klant langs kan komen, bijvoorbeeld: Stadhuis, Markt 1.",
        error_messages={"required": "Vul de locatie in."},
    )

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["tot"] <= data["van"]:
            self.add_error("tot", "Het spreekuur eindigt na het begin.")
        return data


BSN_BEKEND = "Er is al een klant met dit BSN. Zoek de klant op in de klantenlijst."
BSN_ELDERS = (
    "Dit BSN hoort al bij een klant van de Stadsbank, bij een gemeente waarvoor u niet werkt. "
    "U kunt de klant hier niet opnieuw aanmaken; vraag de functioneel beheerder om hem over "
    "te zetten. Deze controle is vastgelegd in het verwerkingenlog."
)


class KlantForm(forms.ModelForm):
    # Wider than the column: the input is normalised ("7607ab" → "7607 AB") before it is stored.
    postcode = forms.CharField(
        label="Postcode",
        max_length=20,
        validators=[valideer_postcode],
        help_text="Bijvoorbeeld 7607 AB.",
    )
    bsn = forms.CharField(
        label="BSN",
        max_length=20,
        help_text=("9 cijfers. Het BSN wordt gecontroleerd met de elfproef."),
    )

    class Meta:
        model = Klant
        fields = [
            "gemeente",
            "bsn",
            "voornamen",
            "tussenvoegsel",
            "achternaam",
            "geboortedatum",
            "straat",
            "huisnummer",
            "postcode",
            "woonplaats",
            "huishouden",
            "aantal_kinderen",
            "telefoon",
            "email",
        ]
        widgets = {"geboortedatum": DatumInput()}
        help_texts = {
            "bsn": "9 cijfers. Het BSN wordt gecontroleerd met de elfproef.",
            "postcode": "Bijvoorbeeld 7607 AB.",
            "geboortedatum": "Bijvoorbeeld 12-05-1984.",
        }
        error_messages = {
            "bsn": {"unique": BSN_BEKEND},
            "voornamen": {"required": "Vul de voornamen in."},
            "achternaam": {"required": "Vul de achternaam in."},
            "geboortedatum": {
                "required": "Vul de geboortedatum in.",
                "invalid": "Vul een geldige datum in, bijvoorbeeld 12-05-1984.",
            },
            "postcode": {"required": "Vul de postcode in."},
            "gemeente": {
                "required": "Kies de gemeente.",
                "invalid_choice": "Kies een van uw gemeenten.",
            },
        }

    def __init__(self, *args, gemeenten=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = (
            gemeenten if gemeenten is not None else Gemeente.objects.none()
        )
        self.fields["gemeente"].empty_label = "Kies een gemeente"
        self.fields["bsn"].error_messages["required"] = "Vul het BSN in."
        self.fields["postcode"].error_messages["required"] = "Vul de postcode in."

    def clean_bsn(self) -> str:
        """A BSN that is already a client: said plainly in one's own gemeenten; elsewhere only
        that it exists (never where or whose), and the view logs the lookup (ADR 0009)."""
        bsn = normaliseer_bsn(self.cleaned_data["bsn"])
        bestaand = (
            Klant.objects.filter(bsn=bsn).exclude(pk=self.instance.pk).only("gemeente").first()
        )
        if bestaand is not None:
            self.bsn_bekend = bestaand
            if self.fields["gemeente"].queryset.filter(pk=bestaand.gemeente_id).exists():
                raise forms.ValidationError(BSN_BEKEND)
            raise forms.ValidationError(BSN_ELDERS)
        return bsn

    def clean_postcode(self) -> str:
        return normaliseer_postcode(self.cleaned_data["postcode"])

    def clean_geboortedatum(self) -> date:
        geboortedatum = self.cleaned_data["geboortedatum"]
        if fout := geboortedatum_fout(geboortedatum, uiterlijk=timezone.localdate()):
            raise forms.ValidationError(fout)
        return geboortedatum

    def clean_gemeente(self) -> Gemeente:
        gemeente = self.cleaned_data["gemeente"]
        if reden := reden_niet_verhuizen(self.instance, gemeente.pk):
            raise forms.ValidationError(reden)
        return gemeente
