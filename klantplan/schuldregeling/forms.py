"""Thin forms of the schuldregeling screens: they parse what people type (Dutch amounts,
dates); the checks that matter live in the services (klantplan/schuldregeling/services)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from klantplan.forms import EuroField, _datum, _keuze, _tekst
from klantplan.schuldregeling.workflow import Berichtsoort, Kanaal

# How an answer the klantregisseur types in came to the Stadsbank.
KANALEN = [(k.value, k.label) for k in (Kanaal.POST, Kanaal.TELEFOON, Kanaal.EMAIL)]

# The bulk messages of the overview: form value → (catalogue row the gate is asked, button).
# "kennisgeving_saldo" sends the kennisgeving first to a creditor not yet written to
# (services/handmatig.verstuur_kennisgeving_en_saldoverzoek); its row is the saldoverzoek.
BULK: dict[str, tuple[str, str]] = {
    "kennisgeving_saldo": ("sr.saldoverzoek", "Kennisgeving en saldoverzoek versturen"),
    "betaalvoorstel": ("sr.betaalvoorstel", "Betaalvoorstel versturen"),
    "heroverweging": ("sr.heroverweging", "Heroverweging vragen"),
    "statusverzoek": ("sr.statusverzoek", "Statusverzoek versturen"),
}


def _ontvangen() -> forms.DateField:
    veld = _datum("Datum van ontvangst", hint="De dag waarop het antwoord binnenkwam.")
    veld.initial = timezone.localdate
    return veld


def _kanaal() -> forms.ChoiceField:
    return _keuze("Ontvangen per", KANALEN, leeg="Kies hoe het binnenkwam")


class OpenenForm(forms.Form):
    peildatum = _datum(
        "Peildatum",
        hint="De schuldeisers geven hun vordering op deze datum op (meestal vandaag of de "
        "datum van de toelating).",
    )
    peildatum.initial = timezone.localdate


class VersturenForm(forms.Form):
    actie = forms.ChoiceField(
        choices=[(k, knop) for k, (_h, knop) in BULK.items()],
        error_messages={
            "required": "Kies wat u wilt versturen.",
            "invalid_choice": "Kies wat u wilt versturen.",
        },
    )
    schuldeisers = forms.TypedMultipleChoiceField(
        coerce=int,
        choices=[],
        error_messages={
            "required": "Kies ten minste één schuldeiser.",
            "invalid_choice": "Een gekozen schuldeiser staat niet (meer) in deze regeling.",
        },
    )

    alle = forms.BooleanField(label="Aan alle schuldeisers waarvoor dit nu kan", required=False)

    def __init__(self, *args, ids: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["schuldeisers"].choices = [(pk, str(pk)) for pk in ids]
        self.fields["schuldeisers"].required = False

    def clean(self) -> dict:
        data = super().clean()
        if (
            not data.get("alle")
            and not data.get("schuldeisers")
            and "schuldeisers" not in self.errors
        ):
            self.add_error(
                "schuldeisers",
                "Kies ten minste één schuldeiser, of vink 'Aan alle schuldeisers' aan.",
            )
        return data


class VoorstelForm(forms.Form):
    voorstel = forms.TypedChoiceField(
        label="Saneringsvoorstel",
        coerce=int,
        widget=forms.RadioSelect,
        choices=[],
        error_messages={
            "required": "Kies een saneringsvoorstel.",
            "invalid_choice": "Kies een van de voorstellen uit de lijst.",
        },
    )

    def __init__(self, *args, keuzes: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["voorstel"].choices = keuzes


class SaldoForm(forms.Form):
    datum = _ontvangen()
    kanaal = _kanaal()
    hoofdsom = EuroField(label="Hoofdsom", error_messages={"required": "Vul de hoofdsom in."})
    kosten = EuroField(label="Kosten", required=False)
    rente = EuroField(label="Rente", required=False)
    kenmerk = forms.CharField(label="Kenmerk van de schuldeiser", required=False, max_length=100)


class AntwoordForm(forms.Form):
    datum = _ontvangen()
    kanaal = _kanaal()
    akkoord = forms.TypedChoiceField(
        label="Antwoord",
        coerce=lambda w: w == "ja",
        widget=forms.RadioSelect,
        choices=[("ja", "Akkoord"), ("nee", "Niet akkoord")],
        error_messages={"required": "Kies het antwoord van de schuldeiser."},
    )
    reden = _tekst("Reden", hint="Verplicht als de schuldeiser niet akkoord gaat.")


class GeenMedewerkingForm(forms.Form):
    datum = _ontvangen()
    kanaal = _kanaal()
    reden = _tekst("Reden", verplicht=True, hint="Wat de schuldeiser schreef of zei.")


class GeenReactieForm(forms.Form):
    datum = _datum("Datum")
    toelichting = _tekst("Toelichting", hint="Bijvoorbeeld: ook na twee herinneringen niets.")
    datum.initial = timezone.localdate


class StatusForm(forms.Form):
    datum = _ontvangen()
    kanaal = _kanaal()
    soort = _keuze(
        "Soort",
        [
            (Berichtsoort.STATUSBERICHT.value, "Statusbericht (de schuldeiser meldt iets)"),
            (Berichtsoort.STATUSVERZOEK.value, "Statusverzoek (de schuldeiser vraagt de stand)"),
        ],
    )
    tekst = _tekst("Bericht", verplicht=True)
