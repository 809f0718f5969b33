"""Forms of the traject screens. They only collect input; the services decide and refuse."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst

from schuldhulp import opmaak
from schuldhulp.forms import DatumInput
from schuldhulp.models import Gebruiker, Gemeente, Klant
from schuldhulp.pakketten import Partij
from trajecten.models import (
    OPEN_FASEN,
    Aanmeldkanaal,
    BedreigendeSituatie,
    Productsoort,
    Uitstroomreden,
    Verwijspartner,
)
from trajecten.samenwerking import personen
from trajecten.samenwerking.personen import FUNCTIE
from trajecten.samenwerking.personenkeuze import persoon_keuze
from trajecten.selectors import AanZetKeuze, Filters, Stand, Weergave
from trajecten.workflow import Handeling

DATUM_FOUTEN = {
    "required": "Vul de datum in.",
    "invalid": "Vul een geldige datum in, bijvoorbeeld 12-05-2026.",
}
REDEN_HINT = "Alleen nodig als de datum in het verleden ligt: waarom legt u het later vast?"


def _datum(label: str = "Datum", *, required: bool = True, hint: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        initial=timezone.localdate if required else None,
        widget=DatumInput(),
        help_text=hint,
        error_messages=DATUM_FOUTEN,
    )


def _tekst(label: str, *, hint: str = "", rijen: int = 2, required: bool = False):
    return forms.CharField(
        label=label,
        required=required,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": rijen}),
    )


class VersieForm(forms.Form):
    """Carries the traject version the user saw, so a concurrent change is refused."""

    versie = forms.IntegerField(widget=forms.HiddenInput)


class StapForm(VersieForm):
    """A dated step: when it happened, a note, and why it is recorded late (if so)."""

    datum = _datum(hint="Wanneer is het gebeurd? Vandaag of eerder, niet in de toekomst.")
    toelichting = _tekst("Toelichting")
    reden_terugdatering = _tekst("Reden terugdatering", hint=REDEN_HINT)


# Steps whose toelichting is the reason in the beschikking (klantplan/documenten.py).
BESCHIKKING_GEBEURTENISSEN = frozenset({"toelating", "afwijzing"})


class OvergangForm(StapForm):
    """`bewijs`: for a step with a checklist, what the dossier shows per point
    (klantplan/rustbewijs.py); each point is a checkbox with its own explanation field."""

    def __init__(self, *args, overgang: Handeling, bewijs: dict | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.overgang = overgang
        self.bewijs = bewijs or {}
        if overgang.gebeurtenis in BESCHIKKING_GEBEURTENISSEN:
            # This toelichting is the reason printed in the beschikking (ADR 0027): say so.
            veld = self.fields["toelichting"]
            veld.label = "Reden in de beschikking"
            veld.help_text = (
                "Komt in de brief aan de klant. Schrijf tegen de klant, in gewone woorden. "
                "Een interne notitie hoort hier niet: leg die vast bij het dossier."
            )
            veld.zichtbaarheid = "klant"
        if overgang.uitstroomreden:
            self.fields["uitstroomreden"] = forms.ChoiceField(
                label="Reden van uitstroom",
                choices=[("", "Kies een reden"), *Uitstroomreden.choices],
                error_messages={"required": "Kies een reden van uitstroom."},
            )
            self.fields["verwezen_naar"] = forms.ChoiceField(
                label="Verwezen naar",
                choices=[("", "Niet verwezen"), *Verwijspartner.choices],
                required=False,
                help_text="Kies de partner als de klant bij uitstroom is doorverwezen.",
            )
            self.order_fields(["datum", "uitstroomreden", "verwezen_naar"])
        for sleutel, uitspraak in overgang.controlelijst:
            gezien = self.bewijs[sleutel]
            self.fields[f"punt_{sleutel}"] = forms.BooleanField(
                label=uitspraak, required=False, help_text=f"In het dossier: {gezien.tekst}"
            )
            self.fields[f"toelichting_{sleutel}"] = _tekst(
                "Waaruit blijkt dit?",
                hint="Niet verplicht."
                if gezien.aanwezig
                else "Verplicht: het dossier laat "
                "dit niet zien. Bijvoorbeeld: beslag opgeheven, betaalafspraak met de verhuurder.",
            )
        if overgang.controlelijst:
            soorten = ("punt", "toelichting")
            punten = [f"{v}_{s}" for s, _ in overgang.controlelijst for v in soorten]
            self.order_fields(["datum", *punten])

    def clean(self) -> dict:
        data = super().clean()
        if not self.overgang.controlelijst:
            return data
        from klantplan import rustbewijs  # klantplan builds on trajecten

        antwoorden = {
            s: data.get(f"toelichting_{s}") or ""
            for s, _ in self.overgang.controlelijst
            if data.get(f"punt_{s}")
        }
        for sleutel, fout in rustbewijs.fouten(self.overgang, self.bewijs, antwoorden).items():
            veld = f"toelichting_{sleutel}" if sleutel in antwoorden else f"punt_{sleutel}"
            self.add_error(veld, fout)
        data["controlelijst"] = antwoorden
        return data


class ProductStartForm(StapForm):
    soort = forms.ChoiceField(
        label="Product",
        choices=[("", "Kies een product"), *Productsoort.choices],
        error_messages={"required": "Kies het product."},
    )
    field_order = ["soort", "datum", "toelichting", "reden_terugdatering"]


class ProductEindeForm(VersieForm):
    datum = _datum("Einddatum", hint="De laatste dag van het product.")
    resultaat = forms.CharField(
        label="Resultaat", max_length=200, required=False, help_text="Bijvoorbeeld: schuldenvrij."
    )
    zelfredzaam = forms.TypedChoiceField(
        label="Financieel zelfredzaam bij het einde?",
        choices=[("", "Niet van toepassing of onbekend"), ("ja", "Ja"), ("nee", "Nee")],
        coerce=lambda waarde: waarde == "ja",
        empty_value=None,
        required=False,
        help_text="Vooral voor budgetbeheer en budgetcoaching.",
    )
    reden_terugdatering = _tekst("Reden terugdatering", hint=REDEN_HINT)


class SchuldregelingStapForm(StapForm):
    """The step comes from the button that was pressed (one button per possible step)."""

    stap = forms.ChoiceField(widget=forms.HiddenInput)

    def __init__(self, *args, stappen: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.stappen = stappen
        self.fields["stap"].choices = stappen
        self.fields["stap"].error_messages["invalid_choice"] = "Deze stap kan nu niet."


class CrisisStartForm(VersieForm):
    soort = forms.ChoiceField(
        label="Wat dreigt er?",
        choices=[("", "Kies wat er dreigt"), *BedreigendeSituatie.choices],
        error_messages={"required": "Kies wat er dreigt."},
    )
    datum = _datum("Startdatum")
    reden_terugdatering = _tekst("Reden terugdatering", hint=REDEN_HINT)


class CrisisAfrondenForm(VersieForm):
    datum = _datum("Einddatum")
    voorkomen = forms.BooleanField(
        label="De dreiging is voorkomen", required=False, help_text="Bijvoorbeeld: geen uitzetting."
    )
    resultaat = _tekst("Resultaat")
    reden_terugdatering = _tekst("Reden terugdatering", hint=REDEN_HINT)


class MoratoriumForm(VersieForm):
    aanvraagdatum = _datum("Datum aanvraag")
    startdatum = _datum(
        "Startdatum", required=False, hint="Alleen invullen als de rechter het heeft toegewezen."
    )
    einddatum = _datum(
        "Einddatum", required=False, hint="Een breed moratorium duurt hooguit 6 maanden."
    )
    reden_terugdatering = _tekst("Reden terugdatering", hint=REDEN_HINT)


class OpschortingForm(VersieForm):
    van = _datum("Opgeschort vanaf")
    reden = _tekst(
        "Reden",
        hint="Bijvoorbeeld: wachten op de bankafschriften van de klant.",
        required=True,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reden"].error_messages["required"] = "Geef de reden van de opschorting op."


class HervattingForm(VersieForm):
    tot = _datum("Loopt weer vanaf")


# ---------------------------------------------------------------------------- aanmelden


class KlantKeuze(forms.ModelChoiceField):
    def label_from_instance(self, klant: Klant) -> str:
        return (
            f"{klant.achternaam}, {klant.voornamen} "
            f"(geboren {opmaak.datum(klant.geboortedatum)}, {klant.gemeente.naam})"
        )


class AanmeldForm(forms.Form):
    klant = KlantKeuze(
        label="Klant",
        queryset=Klant.objects.none(),
        empty_label="Kies een klant",
        error_messages={
            "required": "Kies de klant.",
            "invalid_choice": (
                "Kies een klant uit de lijst. Wie al een traject heeft, staat er niet bij."
            ),
        },
    )
    datum = _datum("Aanmelddatum", hint="De dag waarop de klant zich meldde.")
    kanaal = forms.ChoiceField(
        label="Aangemeld via",
        choices=[("", "Kies hoe de klant binnenkwam"), *Aanmeldkanaal.choices],
        error_messages={"required": "Kies hoe de klant is aangemeld."},
    )
    bedreigende_situatie = forms.ChoiceField(
        label="Bedreigende situatie",
        choices=[("", "Geen bedreigende situatie"), *BedreigendeSituatie.choices],
        required=False,
        help_text="Bij een bedreigende situatie moet het eerste gesprek binnen 3 werkdagen zijn.",
    )
    crisisinterventie = forms.BooleanField(
        label="Direct een crisisinterventie starten",
        required=False,
        help_text="Legt meteen een crisisinterventie vast voor wat er dreigt. "
        "Kies dan hierboven ook de bedreigende situatie.",
    )
    toelichting = _tekst("Toelichting", rijen=3)
    reden_terugdatering = _tekst("Reden terugdatering", hint=REDEN_HINT)

    def __init__(
        self,
        *args,
        klanten: QuerySet[Klant],
        personen: dict[Partij, list[Gebruiker]],
        eigen: Partij | None,
        vaste_klant: Klant | None = None,
        **kwargs,
    ) -> None:
        """`personen`: per party who may be its person (of the gemeenten in the list);
        `eigen`: the registering user's side, whose person is the user unless another is
        chosen (the other side may stay empty: it assigns someone later)."""
        super().__init__(*args, **kwargs)
        self.fields["klant"].queryset = klanten
        if vaste_klant is not None:
            self.fields["klant"].widget = forms.HiddenInput()
        for partij, veld in VELDEN.items():
            self.fields[veld] = persoon_keuze(
                partij,
                personen[partij],
                label=capfirst(FUNCTIE[partij]),
                required=partij == eigen,
                leeg="Kies een medewerker" if partij == eigen else "Nog niemand",
                hint="Uzelf, of een collega van uw kant."
                if partij == eigen
                else "Laat leeg als de andere partij zelf iemand toewijst.",
            )
        self.fields["vaste_contactpersoon"] = forms.ChoiceField(
            label="Vaste contactpersoon van de klant",
            choices=[(p.value, f"De {FUNCTIE[p]}") for p in Partij],
            initial=(eigen or Partij.STADSBANK).value,
            widget=forms.RadioSelect,
            help_text="Wie de klant belt en mailt. Die naam staat in het klantplan en de brieven.",
            error_messages={"required": "Kies wie de vaste contactpersoon van de klant is."},
        )
        self.order_fields(
            [
                "klant",
                "datum",
                "kanaal",
                "bedreigende_situatie",
                "crisisinterventie",
                *VELDEN.values(),
                "vaste_contactpersoon",
            ]
        )

    def clean(self) -> dict:
        data = super().clean()
        klant = data.get("klant")
        if data.get("crisisinterventie") and not data.get("bedreigende_situatie"):
            self.add_error(
                "bedreigende_situatie",
                "Kies wat er dreigt. Een crisisinterventie hoort bij een bedreigende situatie.",
            )
        for partij, veld in VELDEN.items():
            data[veld] = data.get(veld) or None  # "" (not chosen): the service decides
            if klant and (reden := personen.fout(klant.gemeente_id, partij, data[veld])):
                self.add_error(veld, reden)
        return data


# The aanmelding's fields for the person of each party.
VELDEN: dict[Partij, str] = {Partij.STADSBANK: "behandelaar", Partij.GEMEENTE: "contactpersoon"}


# ---------------------------------------------------------------------------- werkvoorraad


class WerkvoorraadFilterForm(forms.Form):
    """GET filters; a wrong value is ignored rather than shown as an error."""

    weergave = forms.ChoiceField(
        choices=[(Weergave.MIJN, "Mijn trajecten"), (Weergave.TEAM, "Team")],
        required=False,
        widget=forms.HiddenInput,
    )
    # The count tile chosen (a link: trajecten/_werkvoorraad_kaarten.html).
    stand = forms.ChoiceField(
        choices=[(s, s) for s in Stand.WAARDEN], required=False, widget=forms.HiddenInput
    )
    zoek = forms.CharField(
        label="Zoek op naam of dossiernummer",
        required=False,
        max_length=100,
        help_text="Op BSN zoekt u bij Klanten.",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    gemeente = forms.ModelChoiceField(
        label="Gemeente",
        queryset=Gemeente.objects.none(),
        required=False,
        empty_label="Alle gemeenten",
    )
    fase = forms.ChoiceField(
        label="Fase", choices=[("", "Alle fasen"), *[(f.value, f.label) for f in OPEN_FASEN]]
    )
    product = forms.ChoiceField(
        label="Product", choices=[("", "Alle producten"), *Productsoort.choices]
    )
    norm = forms.ChoiceField(label="Termijn", choices=[("", "Alle termijnen")])
    # Rendered by hand with its counts (trajecten/_werkvoorraad_aanzet.html).
    aan_zet = forms.ChoiceField(
        label="Aan zet",
        choices=[(k, k) for k in AanZetKeuze.WAARDEN],
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, gemeenten: QuerySet[Gemeente], normen: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten
        self.fields["norm"].choices = [("", "Alle termijnen"), *normen]
        for veld in ("fase", "product", "norm"):
            self.fields[veld].required = False

    def filters(self) -> Filters:
        if not self.is_bound:
            return Filters()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        gemeente = data.get("gemeente")
        return Filters(
            weergave=data.get("weergave") or Weergave.MIJN,
            gemeente_id=gemeente.pk if gemeente else None,
            fase=data.get("fase") or "",
            product=data.get("product") or "",
            norm=data.get("norm") or "",
            aan_zet=data.get("aan_zet") or AanZetKeuze.ALLE,
            stand=data.get("stand") or Stand.ALLE,
            zoek=(data.get("zoek") or "").strip(),
        )
