from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone

from rapportage.ddas import importer
from schuldhulp.forms import DatumInput
from schuldhulp.models import Gemeente

ALLE = "alle"


class ExportForm(forms.Form):
    """Which gemeente (or all the user works for) and which period."""

    gemeente = forms.ChoiceField(
        label="Gemeente",
        error_messages={"invalid_choice": "Kies een van uw gemeenten."},
    )
    van = forms.DateField(
        label="Van",
        widget=DatumInput(),
        help_text="Eerste dag van de periode, bijvoorbeeld 1 januari.",
        error_messages={
            "required": "Vul de eerste dag van de periode in.",
            "invalid": "Vul een geldige datum in, bijvoorbeeld 01-01-2026.",
        },
    )
    tot = forms.DateField(
        label="Tot en met",
        widget=DatumInput(),
        help_text="Laatste dag van de periode. Wat daarna gebeurde, staat niet in het bestand.",
        error_messages={
            "required": "Vul de laatste dag van de periode in.",
            "invalid": "Vul een geldige datum in, bijvoorbeeld 31-12-2026.",
        },
    )

    def __init__(self, *args, gemeenten: list[Gemeente], **kwargs) -> None:
        jaar = timezone.localdate().year
        kwargs.setdefault("initial", {"van": date(jaar, 1, 1), "tot": date(jaar, 12, 31)})
        super().__init__(*args, **kwargs)
        self.gemeenten = {str(g.pk): g for g in gemeenten}
        keuzes = [(str(g.pk), f"{g.naam} ({g.code})") for g in gemeenten]
        if len(gemeenten) > 1:
            keuzes.append((ALLE, "Alle gemeenten waarvoor ik werk"))
        self.fields["gemeente"].choices = keuzes

    def clean_gemeente(self) -> list[Gemeente]:
        waarde = self.cleaned_data["gemeente"]
        return list(self.gemeenten.values()) if waarde == ALLE else [self.gemeenten[waarde]]

    def clean(self) -> dict:
        data = super().clean()
        van, tot = data.get("van"), data.get("tot")
        if van and tot and tot < van:
            self.add_error("tot", "De laatste dag ligt vóór de eerste dag van de periode.")
        return data


class ImportForm(forms.Form):
    bestand = forms.FileField(
        label="DDAS-bestand",
        help_text=(
            f"Een JSON-bestand volgens DDAS v1.0, hooguit {importer.MAX_BYTES // 1024 // 1024} "
            "MB. U ziet eerst wat er geïmporteerd wordt; er gebeurt nog niets."
        ),
        error_messages={
            "required": "Kies het DDAS-bestand dat u wilt importeren.",
            "empty": "Het gekozen bestand is leeg.",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )
