from __future__ import annotations

from django import forms
from django.utils import timezone

from rapportage.kwartalen import (
    Kwartaal,
    OngeldigKwartaal,
    afgelopen_kwartalen,
    controleer_rapporteerbaar,
)
from schuldhulp.models import Gemeente

STADSBANK = "stadsbank"


class AanvraagForm(forms.Form):
    """Ask for a report: which gemeente (or the whole Stadsbank) and which finished quarter."""

    gemeente = forms.ChoiceField(label="Gemeente")
    kwartaal = forms.CharField(
        label="Kwartaal",
        help_text="Alleen kwartalen die al voorbij zijn.",
        widget=forms.Select,
    )

    def __init__(self, *args, gemeenten: list[Gemeente], stadsbank: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.gemeenten = {str(g.pk): g for g in gemeenten}
        keuzes = [(str(g.pk), g.naam) for g in gemeenten]
        if stadsbank:
            keuzes.append((STADSBANK, "Stadsbank – alle gemeenten samen"))
        self.fields["gemeente"].choices = keuzes
        self.fields["kwartaal"].widget.choices = [
            (k.code, k.naam) for k in afgelopen_kwartalen(timezone.localdate())
        ]

    def clean_gemeente(self) -> Gemeente | None:
        waarde = self.cleaned_data["gemeente"]
        return None if waarde == STADSBANK else self.gemeenten[waarde]

    def clean_kwartaal(self) -> Kwartaal:
        try:
            kwartaal = Kwartaal.lees(self.cleaned_data["kwartaal"])
            controleer_rapporteerbaar(kwartaal, timezone.localdate())
        except OngeldigKwartaal as exc:
            raise forms.ValidationError(str(exc)) from exc
        return kwartaal
