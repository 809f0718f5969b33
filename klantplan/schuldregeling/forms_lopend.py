"""Thin forms of the running regeling's screens (views/lopend.py): they parse what people type
(Dutch amounts, dates, an upload); every check that matters is in the services."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from klantplan.forms import EuroField, _datum, _keuze, _tekst
from klantplan.schuldregeling.bankimport import MAX_BYTES


def _vandaag(label: str, hint: str = "") -> forms.DateField:
    veld = _datum(label, hint=hint)
    veld.initial = timezone.localdate
    return veld


def _omschrijving() -> forms.CharField:
    return forms.CharField(label="Omschrijving", required=False, max_length=300)


JA_NEE = [("ja", "Ja"), ("nee", "Nee")]


class StartForm(forms.Form):
    startdatum = _datum(
        "Startdatum",
        hint="De eerste maand van de regeling: de klant reserveert vanaf deze datum elke maand.",
    )
    iban_klant = forms.CharField(
        label="IBAN van de klant",
        max_length=40,
        help_text="De rekening waarvan de klant betaalt; zo herkent de import van het "
        "bankafschrift de betalingen. Bijvoorbeeld NL91 ABNA 0417 1643 00.",
        error_messages={"required": "Vul het IBAN van de klant in."},
    )
    looptijd_maanden = forms.IntegerField(
        label="Looptijd van het krediet (maanden)",
        min_value=1,
        max_value=120,
        required=False,
        help_text="In hoeveel maanden de klant het krediet aflost.",
        error_messages={"invalid": "Vul een aantal maanden in (een heel getal)."},
    )
    sociaal_krediet = forms.BooleanField(
        label="Dit is een sociaal krediet",
        required=False,
        help_text="Hoogstens € 1.750 voor een alleenstaande en € 2.500 voor een huishouden, "
        "in hoogstens 36 maanden afgelost (Schuldenlab).",
    )

    def __init__(self, *args, krediet: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not krediet:
            del self.fields["looptijd_maanden"], self.fields["sociaal_krediet"]
        else:
            self.fields["looptijd_maanden"].required = True
            self.fields["looptijd_maanden"].error_messages["required"] = (
                "Vul de looptijd van het krediet in."
            )


class OntvangstForm(forms.Form):
    datum = _vandaag("Datum ontvangen")
    bedrag = EuroField(label="Bedrag", error_messages={"required": "Vul het bedrag in."})
    omschrijving = _omschrijving()


class UitbetalingForm(forms.Form):
    schuldeiser = forms.TypedChoiceField(
        label="Schuldeiser",
        coerce=int,
        choices=[],
        error_messages={
            "required": "Kies de schuldeiser.",
            "invalid_choice": "Deze schuldeiser staat niet in deze regeling.",
        },
    )
    datum = _vandaag("Datum uitbetaald")
    bedrag = EuroField(label="Bedrag", error_messages={"required": "Vul het bedrag in."})
    omschrijving = _omschrijving()

    def __init__(self, *args, keuzes: list[tuple[int, str]] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["schuldeiser"].choices = [("", "Kies de schuldeiser"), *keuzes]


class BoekenForm(forms.Form):
    datum = _vandaag("Datum van uitbetaling")


class ToetsForm(forms.Form):
    datum = _vandaag("Datum van de toets")
    inkomen_gewijzigd = _keuze(
        "Is het inkomen gewijzigd?", JA_NEE, hint="Of iets anders dat de aflosruimte verandert."
    )
    inkomen_gewijzigd.widget = forms.RadioSelect()
    toelichting = _tekst("Toelichting", hint="Verplicht als het inkomen is gewijzigd.")
    nieuw_voorstel = forms.TypedChoiceField(
        label="Nieuw saneringsvoorstel",
        coerce=int,
        required=False,
        empty_value=None,
        choices=[],
        help_text="Maak het eerst op het tabblad Saneringsvoorstel; de schuldeisers moeten "
        "met een nieuw voorstel opnieuw instemmen.",
        error_messages={"invalid_choice": "Kies een voorstel uit de lijst."},
    )

    def __init__(self, *args, voorstellen: list[tuple[int, str]] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nieuw_voorstel"].choices = [("", "Geen nieuw voorstel"), *voorstellen]


class KwijtingForm(forms.Form):
    datum = _vandaag("Datum finale kwijting")
    reden = _tekst(
        "Reden",
        hint="Alleen nodig als de looptijd nog niet voorbij is of er nog geld openstaat.",
    )


class BeeindigenForm(forms.Form):
    datum = _vandaag("Datum einde")
    reden = _tekst("Reden", verplicht=True, hint="Waarom de regeling voortijdig stopt.")


class BankafschriftForm(forms.Form):
    bestand = forms.FileField(
        label="Bankafschrift",
        help_text="Een CAMT.053-bestand (XML) van de bank, of een CSV-bestand met de kolommen "
        f"datum;bedrag;tegenrekening;omschrijving;transactie-id. Hoogstens "
        f"{MAX_BYTES // 1024 // 1024} MB.",
        error_messages={
            "required": "Kies het bestand met het bankafschrift.",
            "empty": "Het bestand is leeg.",
        },
    )
