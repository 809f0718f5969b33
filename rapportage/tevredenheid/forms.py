"""The survey: three closed questions and one open one, in B1."""

from __future__ import annotations

from django import forms

from rapportage.tevredenheid.models import Aanraden, Rust

MAX_TOELICHTING = 1000


class VragenlijstForm(forms.Form):
    cijfer = forms.TypedChoiceField(
        label="Welk rapportcijfer geeft u de schuldhulp?",
        help_text="1 is heel slecht, 10 is heel goed.",
        choices=[(str(n), str(n)) for n in range(1, 11)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies een cijfer van 1 tot en met 10."},
    )
    meer_rust = forms.ChoiceField(
        label="Hebt u nu meer rust over uw geldzaken?",
        choices=Rust.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies ja, een beetje of nee."},
    )
    aanraden = forms.ChoiceField(
        label="Zou u de schuldhulp aanraden aan iemand met geldzorgen?",
        choices=Aanraden.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies ja, weet ik niet of nee."},
    )
    toelichting = forms.CharField(
        label="Wat kan beter? Of wat ging goed?",
        help_text="Schrijf geen namen of andere gegevens waaraan iemand u kan herkennen.",
        required=False,
        max_length=MAX_TOELICHTING,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"Schrijf hooguit {MAX_TOELICHTING} tekens."},
    )
