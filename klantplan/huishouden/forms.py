"""Forms of the household page: the partner by BSN (new partner: names and birth date too),
and a huisgenoot by kind and year of birth."""

from __future__ import annotations

from django import forms

from klantplan.huishouden.models import Huisgenootsoort
from schuldhulp.forms import DatumInput


class PartnerForm(forms.Form):
    bsn = forms.CharField(
        label="BSN van de partner",
        max_length=11,
        help_text="9 cijfers. Is de partner al klant, dan is dit genoeg.",
        error_messages={"required": "Vul het BSN van de partner in."},
    )
    voornamen = forms.CharField(label="Voornamen", max_length=200, required=False)
    tussenvoegsel = forms.CharField(label="Tussenvoegsel", max_length=20, required=False)
    achternaam = forms.CharField(label="Achternaam", max_length=200, required=False)
    geboortedatum = forms.DateField(
        label="Geboortedatum",
        required=False,
        widget=DatumInput(),
        help_text="Alleen nodig als de partner nog geen klant is. Bijvoorbeeld 12-05-1984.",
        error_messages={"invalid": "Vul een geldige datum in, bijvoorbeeld 12-05-1984."},
    )


class HuisgenootForm(forms.Form):
    soort = forms.ChoiceField(
        label="Wie",
        choices=Huisgenootsoort.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies of het een kind of een andere volwassene is."},
    )
    geboortejaar = forms.IntegerField(
        label="Geboortejaar",
        min_value=1900,
        max_value=2100,
        help_text="Alleen het jaar: dat is genoeg voor de normen.",
        error_messages={
            "required": "Vul het geboortejaar in.",
            "invalid": "Vul een jaartal in, bijvoorbeeld 2015.",
            "min_value": "Vul een jaartal in vanaf 1900.",
            "max_value": "Vul een jaartal in, bijvoorbeeld 2015.",
        },
    )
