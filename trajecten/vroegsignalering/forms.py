from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone

from schuldhulp.forms import DatumInput
from schuldhulp.validators import (
    normaliseer_bsn,
    normaliseer_postcode,
    valideer_bsn,
    valideer_postcode,
)
from trajecten.models import BedreigendeSituatie
from trajecten.vroegsignalering import services
from trajecten.vroegsignalering.csvimport import KOLOMMEN, VERPLICHTE_KOLOMMEN
from trajecten.vroegsignalering.models import Contactsoort, Dagdeel, Sluitreden
from trajecten.vroegsignalering.services import Klantgegevens


def _vandaag() -> date:
    return timezone.localdate()


def _geen_toekomst(datum: date | None, wat: str = "De datum") -> date | None:
    if datum and datum > timezone.localdate():
        raise forms.ValidationError(f"{wat} ligt in de toekomst. Leg vast wat al gebeurd is.")
    return datum


class LijstForm(forms.Form):
    gemeente = forms.ModelChoiceField(
        queryset=None,
        label="Gemeente",
        empty_label="Kies een gemeente",
        error_messages={
            "required": "Kies de gemeente waar deze lijst over gaat.",
            "invalid_choice": "Kies een van uw gemeenten.",
        },
    )
    bestand = forms.FileField(
        label="CSV-bestand",
        help_text=(
            "Eerste regel: de kolomnamen, gescheiden door ; of ,. Verplicht: "
            + ", ".join(VERPLICHTE_KOLOMMEN)
            + ". Mag ook: "
            + ", ".join(k for k in KOLOMMEN if k not in VERPLICHTE_KOLOMMEN)
            + ". Bedragen in euro (1234,56), datums als 12-05-2026."
        ),
        error_messages={
            "required": "Kies het bestand met de lijst.",
            "empty": "Het bestand is leeg.",
        },
    )

    def __init__(self, *args, gemeenten, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten
        if gemeenten.count() == 1:
            self.fields["gemeente"].initial = gemeenten.first()

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        # On its size alone: a file that is too big is never read into memory or stored.
        if bestand.size > services.MAX_BESTAND_BYTES:
            raise forms.ValidationError(
                "Het bestand is te groot: het mag hoogstens "
                f"{services.MAX_BESTAND_BYTES / 1024 / 1024:g} MB zijn. Splits de lijst op."
            )
        return bestand


class ContactpogingForm(forms.Form):
    soort = forms.ChoiceField(
        label="Hoe zocht u contact?",
        choices=Contactsoort.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies hoe u contact zocht."},
    )
    datum = forms.DateField(
        label="Datum",
        widget=DatumInput(),
        initial=_vandaag,
        help_text="Bijvoorbeeld 12-05-2026.",
        error_messages={
            "required": "Vul de datum in.",
            "invalid": "Vul een geldige datum in, bijvoorbeeld 12-05-2026.",
        },
    )
    dagdeel = forms.ChoiceField(
        label="Dagdeel",
        choices=Dagdeel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies het dagdeel."},
    )
    bereikt = forms.TypedChoiceField(
        label="Heeft u de persoon bereikt?",
        choices=[("ja", "Ja, bereikt"), ("nee", "Nee, niet bereikt")],
        coerce=lambda w: w == "ja",
        widget=forms.RadioSelect,
        error_messages={"required": "Kies of u de persoon heeft bereikt."},
    )
    notitie = forms.CharField(
        label="Notitie",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Kort en zakelijk: wat is afgesproken of wat is de volgende stap.",
    )

    def clean_datum(self) -> date:
        return _geen_toekomst(self.cleaned_data["datum"])


class SluitForm(forms.Form):
    reden = forms.ChoiceField(
        label="Waarom sluit u de zaak?",
        choices=Sluitreden.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies een reden."},
    )
    datum = forms.DateField(
        label="Datum",
        widget=DatumInput(),
        initial=_vandaag,
        error_messages={
            "required": "Vul de datum in.",
            "invalid": "Vul een geldige datum in, bijvoorbeeld 12-05-2026.",
        },
    )
    toelichting = forms.CharField(
        label="Toelichting",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Verplicht bij 'Anders'.",
    )

    def clean_datum(self) -> date:
        return _geen_toekomst(self.cleaned_data["datum"])

    def clean(self) -> dict:
        data = super().clean()
        if data.get("reden") == Sluitreden.ANDERS and not (data.get("toelichting") or "").strip():
            self.add_error("toelichting", "Licht de reden 'anders' toe.")
        return data


class OmzetForm(forms.Form):
    """The klant's data (pre-filled from the signals; ask for what is missing) and the
    aanmelding."""

    bsn = forms.CharField(
        label="BSN",
        max_length=20,
        help_text="9 cijfers. Het BSN wordt gecontroleerd met de elfproef.",
        error_messages={"required": "Vul het BSN in."},
    )
    voornamen = forms.CharField(
        label="Voornamen", max_length=200, error_messages={"required": "Vul de voornamen in."}
    )
    tussenvoegsel = forms.CharField(label="Tussenvoegsel", max_length=20, required=False)
    achternaam = forms.CharField(
        label="Achternaam", max_length=200, error_messages={"required": "Vul de achternaam in."}
    )
    geboortedatum = forms.DateField(
        label="Geboortedatum",
        widget=DatumInput(),
        help_text="Bijvoorbeeld 12-05-1984.",
        error_messages={
            "required": "Vul de geboortedatum in.",
            "invalid": "Vul een geldige datum in, bijvoorbeeld 12-05-1984.",
        },
    )
    straat = forms.CharField(label="Straat", max_length=200, required=False)
    huisnummer = forms.CharField(label="Huisnummer", max_length=10, required=False)
    postcode = forms.CharField(
        label="Postcode",
        max_length=20,
        validators=[valideer_postcode],
        help_text="Bijvoorbeeld 7607 AB.",
        error_messages={"required": "Vul de postcode in."},
    )
    woonplaats = forms.CharField(label="Woonplaats", max_length=100, required=False)
    telefoon = forms.CharField(label="Telefoon", max_length=20, required=False)
    email = forms.EmailField(
        label="E-mailadres",
        required=False,
        error_messages={"invalid": "Vul een geldig e-mailadres in."},
    )
    aanmelddatum = forms.DateField(
        label="Aanmelddatum",
        widget=DatumInput(),
        initial=_vandaag,
        help_text="Meestal vandaag.",
        error_messages={
            "required": "Vul de aanmelddatum in.",
            "invalid": "Vul een geldige datum in, bijvoorbeeld 12-05-2026.",
        },
    )
    reden_terugdatering = forms.CharField(
        label="Reden van terugdateren",
        required=False,
        max_length=500,
        help_text="Alleen nodig als de aanmelddatum voor vandaag ligt.",
    )
    bedreigende_situatie = forms.ChoiceField(
        label="Bedreigende situatie",
        required=False,
        choices=[("", "Geen bedreigende situatie"), *BedreigendeSituatie.choices],
        help_text="Bijvoorbeeld een dreigende huisuitzetting of afsluiting.",
    )
    toelichting = forms.CharField(
        label="Toelichting bij de aanmelding",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def clean_bsn(self) -> str:
        bsn = normaliseer_bsn(self.cleaned_data["bsn"])
        valideer_bsn(bsn)
        return bsn

    def clean_postcode(self) -> str:
        return normaliseer_postcode(self.cleaned_data["postcode"])

    def clean_geboortedatum(self) -> date:
        return _geen_toekomst(self.cleaned_data["geboortedatum"], "De geboortedatum")

    def clean_aanmelddatum(self) -> date:
        datum = self.cleaned_data["aanmelddatum"]
        if datum > timezone.localdate():
            raise forms.ValidationError("De aanmelddatum ligt in de toekomst.")
        return datum

    def clean(self) -> dict:
        data = super().clean()
        datum = data.get("aanmelddatum")
        if (
            datum
            and datum < timezone.localdate()
            and not data.get("reden_terugdatering", "").strip()
        ):
            self.add_error(
                "reden_terugdatering",
                "De aanmelddatum ligt in het verleden. Geef de reden op waarom u terugdateert.",
            )
        return data

    def klantgegevens(self) -> Klantgegevens:
        d = self.cleaned_data
        return Klantgegevens(
            bsn=d["bsn"],
            voornamen=d["voornamen"],
            tussenvoegsel=d["tussenvoegsel"],
            achternaam=d["achternaam"],
            geboortedatum=d["geboortedatum"],
            straat=d["straat"],
            huisnummer=d["huisnummer"],
            postcode=d["postcode"],
            woonplaats=d["woonplaats"],
            telefoon=d["telefoon"],
            email=d["email"],
        )
