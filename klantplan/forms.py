"""Thin forms: they parse what people type; the checks that matter live in the services."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from klantplan import csvimport, sanering
from klantplan.models import (
    Actiesoort,
    Afstemmingsoort,
    DoelenGehaald,
    Doelstatus,
    Gesprekssoort,
    Klachtsoort,
    Klachtuitkomst,
    Klantplan,
    Leefgebied,
    OplossendVermogen,
    Schaal,
    Schuld,
    Schuldeisersoort,
    Schuldenaar,
    Schuldstatus,
    Voorstelsoort,
    Wie,
)
from klantplan.services import standaard_wie
from klantplan.validatie import OngeldigeWaarde, euro_naar_centen
from schuldhulp.forms import DatumInput
from schuldhulp.opmaak import bedrag
from trajecten.models import Productsoort, Traject


def centen_als_tekst(centen: int | None) -> str:
    """1234567 → '12.345,67' (how the field shows an amount it already has)."""
    return "" if centen is None else bedrag(centen, centen=True, teken=False)


class EuroField(forms.CharField):
    """An amount in euros as people type it ('1.234,56'), cleaned to integer cents."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("help_text", "In euro's, bijvoorbeeld 1.234,56.")
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "maxlength": 30})

    def prepare_value(self, value):
        return centen_als_tekst(value) if isinstance(value, int) else value

    def to_python(self, value) -> int | None:
        tekst = super().to_python(value)
        if tekst in self.empty_values:
            return None
        try:
            return euro_naar_centen(tekst)
        except OngeldigeWaarde as exc:
            raise forms.ValidationError(str(exc), code="bedrag") from exc


def _datum(label: str, *, verplicht: bool = True, hint: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=verplicht,
        widget=DatumInput(),
        help_text=hint,
        error_messages={
            "required": f"Vul de {label.lower()} in.",
            "invalid": "Vul een geldige datum in, bijvoorbeeld 12-05-2026.",
        },
    )


def _tekst(label: str, *, verplicht: bool = False, hint: str = "", rijen: int = 3):
    return forms.CharField(
        label=label,
        required=verplicht,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": rijen}),
        error_messages={"required": f"Vul {label.lower()} in."},
    )


KLANT = "klant"
INTERN = "intern"


def _zichtbaar(veld: forms.Field, voor: str) -> forms.Field:
    """Mark who reads a text field (ADR 0027); _veld.html shows it next to the label."""
    veld.zichtbaarheid = voor
    return veld


def _keuze(label: str, keuzes, *, verplicht: bool = True, leeg: str = "", hint: str = ""):
    opties = ([("", leeg)] if leeg else []) + list(keuzes)
    return forms.ChoiceField(
        label=label,
        choices=opties,
        required=verplicht,
        help_text=hint,
        error_messages={
            "required": f"Kies {label.lower()}.",
            "invalid_choice": "Kies een van de mogelijkheden uit de lijst.",
        },
    )


# --- Klantplan ---------------------------------------------------------------------------------


class KlantplanForm(forms.Form):
    hulpvraag_klant = _zichtbaar(
        _tekst(
            "Uw vraag: de hulpvraag voor de klant",
            hint="Staat in het klantplan voor de klant. Schrijf tegen de klant, kort en "
            "eenvoudig. Bijvoorbeeld: U wilt weer rust en overzicht in uw geldzaken.",
        ),
        KLANT,
    )
    situatie_klant = _zichtbaar(
        _tekst(
            "Uw situatie: samenvatting voor de klant",
            hint="Staat in het klantplan voor de klant. Alleen wat de klant mag en wil lezen.",
            rijen=4,
        ),
        KLANT,
    )
    hulpvraag = _zichtbaar(
        _tekst("Hulpvraag (notitie)", hint="Waar wil de klant hulp bij? Voor het team."), INTERN
    )
    oorzaak = _zichtbaar(
        _tekst("Oorzaak van de schulden", hint="Bijvoorbeeld baanverlies, scheiding of ziekte."),
        INTERN,
    )
    productkeuze = _keuze(
        "Gekozen product of oplossing",
        Productsoort.choices,
        verplicht=False,
        leeg="Nog niet gekozen",
        hint="Welk financieel product van de Stadsbank past bij de klant?",
    )
    oplossend_vermogen = _keuze(
        "Oplossend vermogen",
        OplossendVermogen.choices,
        verplicht=False,
        leeg="Nog niet beoordeeld",
        hint="Hoe goed kan de klant zijn problemen zelf oplossen?",
    )
    oplossend_vermogen_toelichting = _zichtbaar(
        _tekst("Toelichting oplossend vermogen", rijen=2), INTERN
    )
    # The version the user started from (the plan's last change); the service refuses a save
    # on top of a change made since (no lost update).
    gewijzigd_op = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, plan: Klantplan, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "gewijzigd_op": plan.gewijzigd_op.isoformat() if plan.gewijzigd_op else "",
                "hulpvraag": plan.hulpvraag,
                "oorzaak": plan.oorzaak,
                "hulpvraag_klant": plan.hulpvraag_klant,
                "situatie_klant": plan.situatie_klant,
                "productkeuze": plan.productkeuze,
                "oplossend_vermogen": plan.oplossend_vermogen,
                "oplossend_vermogen_toelichting": plan.oplossend_vermogen_toelichting,
                **{
                    f"leefgebied_{lg.value}": (plan.leefgebieden or {}).get(lg.value, "")
                    for lg in Leefgebied
                },
            },
        )
        super().__init__(*args, **kwargs)
        self.summier = plan.summier
        if self.summier:
            # Basis: a short, product-oriented plan without life domains (Klantreis '23).
            del self.fields["oplossend_vermogen"]
            del self.fields["oplossend_vermogen_toelichting"]
            return
        for lg in Leefgebied:
            self.fields[f"leefgebied_{lg.value}"] = _zichtbaar(
                _tekst(f"Situatie: {lg.label.lower()}", rijen=2), INTERN
            )

    def leefgebieden(self) -> dict[str, str]:
        return {
            lg.value: self.cleaned_data.get(f"leefgebied_{lg.value}", "")
            for lg in Leefgebied
            if not self.summier
        }


def _interne_notitie(label: str) -> forms.Field:
    return _zichtbaar(
        _tekst(
            label,
            rijen=2,
            hint="Voor het team, komt nooit in een document of op Mijn Schuldhulp. Leeg laten? "
            "Dan gebruiken we de tekst voor de klant ook intern.",
        ),
        INTERN,
    )


class DoelForm(forms.Form):
    klanttekst = _zichtbaar(
        _tekst(
            "Doel, in woorden voor de klant",
            verplicht=True,
            rijen=2,
            hint="Staat in het klantplan, de beschikking en op Mijn Schuldhulp. Bijvoorbeeld: "
            "U betaalt de huur elke maand op tijd.",
        ),
        KLANT,
    )
    omschrijving = _interne_notitie("Interne notitie bij het doel")
    streefdatum = _datum("Streefdatum", verplicht=False)
    status = _keuze("Status", Doelstatus.choices)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["klanttekst"].error_messages["required"] = (
            "Beschrijf het doel in woorden voor de klant."
        )


class ActieForm(forms.Form):
    soort = _keuze("Soort actie", [], leeg="Kies de soort actie")
    klanttekst = _zichtbaar(
        _tekst(
            "Wat moet er gebeuren? In woorden voor de klant",
            verplicht=True,
            rijen=2,
            hint="Staat op de actielijst, in het klantplan en op Mijn Schuldhulp. Bijvoorbeeld: "
            "Stuur uw loonstrook van maart naar ons op.",
        ),
        KLANT,
    )
    wat = _interne_notitie("Interne notitie bij de actie")
    wie = _keuze(
        "Wie doet het?",
        Wie.choices,
        verplicht=False,
        leeg="Volgens het pakket (zie de soort actie)",
        hint="Laat dit zo staan, dan kiest het systeem de partij die het pakket aanwijst.",
    )
    deadline = _datum("Klaar op", verplicht=False, hint="Uiterlijk op deze dag.")

    def __init__(self, *args, traject: Traject, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Each kind of action names the party the package matrix gives it, in this traject.
        self.fields["soort"].choices = [("", "Kies de soort actie")] + [
            (soort.value, f"{soort.label} – {standaard_wie(traject, soort.value).label.lower()}")
            for soort in Actiesoort
        ]
        self.fields["klanttekst"].error_messages["required"] = (
            "Beschrijf in woorden voor de klant wat er moet gebeuren."
        )


class VaststellenForm(forms.Form):
    datum = _datum("Datum van vaststellen", hint="De dag waarop u het plan met de klant besprak.")
    besproken_met_klant = forms.BooleanField(
        label="Ik heb dit plan met de klant besproken en de klant is akkoord",
        required=False,
    )


class MonitoringForm(forms.Form):
    datum = _datum("Datum")
    doelen_gehaald = forms.ChoiceField(
        label="Zijn de doelen gehaald?",
        choices=DoelenGehaald.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies of de doelen gehaald zijn."},
    )
    schaal = forms.ChoiceField(
        label="Op- of afschalen?",
        choices=Schaal.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies of de hulp op- of afschaalt of gelijk blijft."},
    )
    afspraak_gemeente = _tekst("Afspraak met de gemeente", rijen=2)
    toelichting = _tekst("Toelichting", rijen=3)


# --- Schulden ----------------------------------------------------------------------------------


class SchuldForm(forms.Form):
    schuldeiser = forms.ModelChoiceField(
        label="Schuldeiser",
        queryset=None,
        empty_label="Kies een schuldeiser",
        error_messages={
            "required": "Kies de schuldeiser.",
            "invalid_choice": "Kies een schuldeiser uit de lijst.",
        },
    )
    oorspronkelijk_bedrag = EuroField(label="Oorspronkelijk bedrag")
    actueel_bedrag = EuroField(label="Actueel bedrag", help_text="Het bedrag op de peildatum.")
    peildatum = _datum("Peildatum", hint="Op welke dag gold het actuele bedrag?")
    status = _keuze("Status", Schuldstatus.choices)
    zakelijk = forms.BooleanField(label="Zakelijke schuld", required=False)
    van = _keuze(
        "Schuld van",
        Schuldenaar.choices,
        verplicht=False,
        hint="Alleen met een partner in het huishouden.",
    )
    beslag = forms.BooleanField(label="Er is beslag gelegd of een dwangbevel", required=False)
    kenmerk = forms.CharField(label="Kenmerk schuldeiser", max_length=100, required=False)

    def __init__(self, *args, schuldeisers, schuld: Schuld | None = None, **kwargs) -> None:
        if schuld is not None:
            kwargs.setdefault(
                "initial",
                {
                    "schuldeiser": schuld.schuldeiser_id,
                    "oorspronkelijk_bedrag": schuld.oorspronkelijk_bedrag_cent,
                    "actueel_bedrag": schuld.actueel_bedrag_cent,
                    "peildatum": schuld.peildatum,
                    "status": schuld.status,
                    "zakelijk": schuld.zakelijk,
                    "beslag": schuld.beslag,
                    "kenmerk": schuld.kenmerk,
                    "van": schuld.van,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["schuldeiser"].queryset = schuldeisers
        for naam in ("oorspronkelijk_bedrag", "actueel_bedrag"):
            self.fields[naam].error_messages["required"] = (
                f"Vul het {self.fields[naam].label.lower()} in."
            )


class SchuldeiserForm(forms.Form):
    naam = forms.CharField(
        label="Naam", max_length=200, error_messages={"required": "Vul de naam in."}
    )
    kvk_nummer = forms.CharField(
        label="KvK-nummer", max_length=20, required=False, help_text="8 cijfers."
    )
    soort = _keuze("Soort schuldeiser", Schuldeisersoort.choices, leeg="Kies de soort")
    preferent = forms.BooleanField(
        label="Preferente schuldeiser",
        required=False,
        help_text="Bijvoorbeeld de Belastingdienst. Die krijgt in een schuldregeling meer.",
    )


class ImportForm(forms.Form):
    bestand = forms.FileField(
        label="CSV-bestand met schulden",
        help_text="Kolommen: schuldeiser; kvk; oorspronkelijk bedrag; actueel bedrag; peildatum; "
        "status; zakelijk; beslag; kenmerk. Scheidingsteken ; of ,.",
        error_messages={
            "required": "Kies een bestand.",
            "empty": "Het bestand is leeg.",
        },
    )

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        # On its size alone: a file that is too big is never read into memory.
        if bestand.size > csvimport.MAX_BYTES:
            raise forms.ValidationError(
                f"Het bestand is te groot: het mag hoogstens {csvimport.MAX_BYTES / 1e6:g} MB "
                "zijn. Splits het bestand."
            )
        return bestand


class VoorstelForm(forms.Form):
    soort = forms.ChoiceField(
        label="Soort voorstel",
        choices=Voorstelsoort.choices,
        initial=Voorstelsoort.SCHULDREGELING,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies de soort voorstel."},
    )
    aflosruimte = EuroField(
        label="Aflosruimte per maand",
        required=False,
        help_text="Alleen bij een schuldregeling. Wat de klant elke maand kan aflossen.",
    )
    looptijd_maanden = forms.TypedChoiceField(
        label="Looptijd",
        coerce=int,
        choices=[(18, "18 maanden"), (36, "36 maanden (alleen oudere regelingen)")],
        initial=sanering.STANDAARD_LOOPTIJD_MAANDEN,
        error_messages={
            "invalid_choice": "De looptijd is 18 maanden, of 36 maanden voor oudere regelingen."
        },
    )
    reden_afwijking = forms.CharField(
        label="Reden als de aflosruimte afwijkt van het budget",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Alleen nodig als u een ander bedrag kiest dan het budget (inkomen min VTLB).",
    )
    krediet = EuroField(
        label="Bedrag saneringskrediet",
        required=False,
        help_text="Alleen bij een saneringskrediet. Het bedrag dat in één keer wordt verdeeld.",
    )
    preferent_factor = forms.DecimalField(
        label="Factor voor preferente schuldeisers",
        initial=sanering.STANDAARD_PREFERENT_FACTOR,
        min_value=Decimal(1),
        max_value=Decimal(10),
        decimal_places=2,
        help_text="Preferente schuldeisers krijgen zoveel keer het percentage van de andere. "
        "Meestal 2.",
        error_messages={
            "required": "Vul de factor in (meestal 2).",
            "invalid": "Vul een getal in, bijvoorbeeld 2.",
            "min_value": "De factor is minstens 1.",
            "max_value": "De factor is hoogstens 10.",
        },
    )

    def clean(self):
        data = super().clean()
        if data.get("soort") == Voorstelsoort.SCHULDREGELING and data.get("aflosruimte") is None:
            self.add_error("aflosruimte", "Vul de aflosruimte per maand in.")
        if data.get("soort") == Voorstelsoort.SANERINGSKREDIET and data.get("krediet") is None:
            self.add_error("krediet", "Vul het bedrag van het saneringskrediet in.")
        return data


# --- Gesprekken, afstemming, klachten ----------------------------------------------------------


class GesprekForm(forms.Form):
    soort = _keuze("Soort gesprek", Gesprekssoort.choices, leeg="Kies de soort gesprek")
    datum = _datum("Datum van het gesprek")
    deelnemers = forms.CharField(
        label="Wie waren erbij?",
        max_length=300,
        help_text="Bijvoorbeeld: klant, partner, klantregisseur.",
        error_messages={"required": "Vul in wie erbij waren."},
    )
    samenvatting = _tekst("Korte samenvatting", rijen=4)

    def __init__(self, *args, soorten: list[tuple[str, str]] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _beperk(self.fields["soort"], soorten, "Kies de soort gesprek")


NOTITIE = "Niemand: een notitie voor het dossier"


class AfstemmingForm(forms.Form):
    soort = _keuze("Soort afstemming", Afstemmingsoort.choices, leeg="Kies de soort")
    datum = _datum("Datum")
    leefgebied = _keuze(
        "Leefgebied", Leefgebied.choices, verplicht=False, leeg="Geen (of meerdere)"
    )
    bericht = _tekst("Bericht", verplicht=True, rijen=4, hint="Wat moet de ander weten of doen?")
    aan = forms.ChoiceField(
        label="Gericht aan",
        choices=[("", NOTITIE)],
        required=False,
        initial="",
        widget=forms.RadioSelect,
        help_text="Gericht aan de andere partij: die krijgt een signalering en beantwoordt "
        "het bericht hier. Een notitie lezen beide partijen, zonder antwoord.",
        error_messages={"invalid_choice": "Kies aan wie de afstemming gericht is."},
    )

    def __init__(
        self,
        *args,
        soorten: list[tuple[str, str]] | None = None,
        andere: tuple[str, str] | None = None,
        **kwargs,
    ) -> None:
        """`andere`: the other party (value, label) this user may address."""
        super().__init__(*args, **kwargs)
        _beperk(self.fields["soort"], soorten, "Kies de soort")
        if andere is not None:
            self.fields["aan"].choices = [andere, ("", NOTITIE)]


class AntwoordForm(forms.Form):
    antwoord = _tekst("Uw antwoord", verplicht=True, rijen=3)


def _beperk(veld: forms.ChoiceField, soorten: list[tuple[str, str]] | None, leeg: str) -> None:
    """Offer only the kinds the user may record (the gate's answer per kind, from the view)."""
    if soorten is None:
        return
    if len(soorten) < len(veld.choices) - 1:  # the other side records the rest
        veld.help_text = (
            "U ziet alleen de soorten die u volgens het pakket van dit traject vastlegt. "
            "De andere soorten legt de andere partij vast."
        )
    veld.choices = [("", leeg), *soorten]


class KlachtForm(forms.Form):
    soort = forms.ChoiceField(
        label="Klacht of bezwaar?",
        choices=Klachtsoort.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies klacht of bezwaar."},
    )
    datum = _datum("Datum van ontvangst")
    onderwerp = forms.CharField(
        label="Onderwerp", max_length=200, error_messages={"required": "Vul het onderwerp in."}
    )
    toelichting = _tekst("Toelichting", rijen=3)


class KlachtAfhandelForm(forms.Form):
    uitkomst = _keuze(
        "Uitkomst",
        [(k, label) for k, label in Klachtuitkomst.choices if k != Klachtuitkomst.OPEN],
        leeg="Kies de uitkomst",
    )
    afgehandeld_op = _datum("Afgehandeld op")
    toelichting = _tekst("Toelichting", rijen=3)
