"""Ask for a new version of a specificatie on the screen: which gemeente, which month."""

from __future__ import annotations

from datetime import date

from django import forms

from rapportage.facturatie.berekening import Maand
from schuldhulp.models import Gemeente

AANTAL_MAANDEN = 24  # the finished months to choose from


def afgelopen_maanden(vandaag: date, aantal: int = AANTAL_MAANDEN) -> list[Maand]:
    """The last `aantal` months that are over, newest first."""
    maanden = [Maand.van(vandaag).vorige()]
    while len(maanden) < aantal:
        maanden.append(maanden[-1].vorige())
    return maanden


class MaakForm(forms.Form):
    gemeente = forms.ChoiceField(
        label="Gemeente", error_messages={"invalid_choice": "Kies een gemeente uit de lijst."}
    )
    maand = forms.ChoiceField(
        label="Maand",
        help_text="Alleen maanden die al voorbij zijn.",
        error_messages={"invalid_choice": "Kies een maand uit de lijst."},
    )

    def __init__(self, *args, gemeenten: list[Gemeente], vandaag: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.gemeenten = {str(g.pk): g for g in gemeenten}
        self.maanden = {m.code: m for m in afgelopen_maanden(vandaag)}
        self.fields["gemeente"].choices = [(str(g.pk), g.naam) for g in gemeenten]
        self.fields["maand"].choices = [(m.code, m.naam) for m in self.maanden.values()]

    def clean_gemeente(self) -> Gemeente:
        return self.gemeenten[self.cleaned_data["gemeente"]]

    def clean_maand(self) -> Maand:
        return self.maanden[self.cleaned_data["maand"]]
