"""Forms of the agreement screens. They parse input; the services (trajecten/pakket/services/
afspraken.py) decide and refuse."""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal
from typing import Any

from django import forms

from rapportage.facturatie import tarieven
from schuldhulp import opmaak, pakketten
from schuldhulp.afspraken import Overgangsregeling
from schuldhulp.forms import DatumInput
from schuldhulp.models import Dienstverleningsafspraak
from trajecten.pakket.services.wissel import Wisselplan
from trajecten.workflow import OPEN_FASEN, Productsoort

# Every task that is "in overleg" in at least one package: one choice each on the form.
MOGELIJK_OPTIONEEL = [
    taak
    for taak in pakketten.Taak
    if pakketten.Toewijzing.OPTIONEEL in pakketten.MATRIX[taak].values()
]
DATUM_FOUT = "Vul een geldige datum in, bijvoorbeeld 12-05-2026."
MAX_PRIJS = Decimal("9999999.99")  # max_digits=9, decimal_places=2
_DUIZENDTALLEN = re.compile(r"^\d{1,3}(\.\d{3})+$")


def keuzeveld(taak: pakketten.Taak) -> str:
    return f"keuze_{taak.value}"


class PrijsField(forms.CharField):
    """A price in euros as people type it ('1.234,56', '1234,50', '€ 95'), cleaned to a
    Decimal (None when empty)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "maxlength": 20})

    def prepare_value(self, value):
        return opmaak.bedrag(value, teken=False) if isinstance(value, Decimal) else value

    def to_python(self, value) -> Decimal | None:
        tekst = re.sub(r"[\s€]", "", super().to_python(value) or "")
        if not tekst:
            return None
        if tekst.startswith("-"):
            raise forms.ValidationError("Een prijs kan niet negatief zijn.")
        if "," in tekst:
            tekst = tekst.replace(".", "").replace(",", ".")  # Dutch: 1.234,56
        elif _DUIZENDTALLEN.match(tekst):
            tekst = tekst.replace(".", "")  # 1.234
        if not re.fullmatch(r"\d+(\.\d{1,2})?", tekst):
            raise forms.ValidationError(
                "Vul een bedrag in euro's in, met hoogstens 2 cijfers achter de komma. "
                "Bijvoorbeeld 1.234,56."
            )
        prijs = Decimal(tekst)
        if prijs > MAX_PRIJS:
            raise forms.ValidationError("Dit bedrag is te groot.")
        return prijs


def tariefvelden() -> dict[str, PrijsField]:
    """The prices for the monthly specificatie besides per traject / per traject per maand."""
    velden = {
        tarieven.VAST: PrijsField(
            label="Vaste vergoeding per maand",
            help_text="In euro's. Leeg laten als er geen vaste vergoeding is afgesproken.",
        ),
        tarieven.MAATWERK: PrijsField(
            label="Maatwerk: prijs per traject per maand met opschalen",
            help_text="Voor trajecten waarin de Stadsbank met goedgekeurd maatwerk taken "
            "overneemt. Leeg laten als dit niet apart wordt betaald.",
        ),
    }
    for soort in Productsoort:
        velden[tarieven.product_sleutel(soort)] = PrijsField(
            label=f"{soort.label}: prijs per maand",
            help_text="Per lopend product per maand. Leeg laten als dit niet apart wordt betaald.",
        )
    return velden


def _datum(label: str, *, required: bool, hint: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DatumInput(),
        help_text=hint,
        error_messages={"required": f"Vul de {label.lower()} in.", "invalid": DATUM_FOUT},
    )


def _pakketten_met_o(taak: pakketten.Taak) -> str:
    cellen = pakketten.MATRIX[taak].items()
    return ", ".join(p.label for p, cel in cellen if cel == pakketten.Toewijzing.OPTIONEEL)


class AfspraakForm(forms.Form):
    """A concept agreement. One choice per task that can be 'in overleg'; only the O tasks
    of the chosen package count (the others are ignored)."""

    pakket = forms.ChoiceField(
        label="Pakket",
        choices=[("", "Kies een pakket"), *pakketten.Pakket.choices],
        error_messages={"required": "Kies een pakket."},
    )
    geldig_van = _datum(
        "Begindatum",
        required=True,
        hint="Vanaf deze dag geldt de afspraak (na vaststellen).",
    )
    geldig_tot = _datum(
        "Einddatum",
        required=False,
        hint="De laatste dag waarop de afspraak geldt. Leeg laten als er geen einddatum is.",
    )
    prijs_per_traject = PrijsField(
        label="Prijs per traject",
        help_text="In euro's, bijvoorbeeld 1.250,00. Leeg laten als er geen prijs per traject "
        "is afgesproken.",
    )
    prijs_per_maand = PrijsField(
        label="Prijs per traject per maand",
        help_text="In euro's, bijvoorbeeld 45,00. Alleen als dit is afgesproken.",
    )
    opmerking = forms.CharField(
        label="Opmerking",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bijvoorbeeld het kenmerk van het raadsbesluit of het contract.",
    )

    def __init__(self, *args, afspraak: Dienstverleningsafspraak | None = None, **kwargs):
        if afspraak is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "pakket": afspraak.pakket,
                "geldig_van": afspraak.geldig_van,
                "geldig_tot": afspraak.geldig_tot,
                "prijs_per_traject": afspraak.prijs_per_traject,
                "prijs_per_maand": afspraak.prijs_per_maand,
                "opmerking": afspraak.opmerking,
                **{
                    f"keuze_{taak}": keuze
                    for taak, keuze in (afspraak.optionele_taken or {}).items()
                },
                **{
                    sleutel: Decimal(centen) / 100
                    for sleutel, centen in tarieven.van(afspraak).items()
                },
            }
        super().__init__(*args, **kwargs)
        self.fields.update(tariefvelden())
        for taak in MOGELIJK_OPTIONEEL:
            self.fields[keuzeveld(taak)] = forms.ChoiceField(
                label=f"Wie doet: {taak.label}",
                choices=[("", "Kies wie dit doet"), *pakketten.KEUZES_OPTIONEEL],
                required=False,
                help_text=f"Alleen nodig als deze taak in het gekozen pakket 'in overleg' is "
                f"(bij {_pakketten_met_o(taak)}).",
            )

    @property
    def keuzevelden(self) -> list[forms.BoundField]:
        return [self[keuzeveld(taak)] for taak in MOGELIJK_OPTIONEEL]

    @property
    def tariefvelden(self) -> list[forms.BoundField]:
        return [self[sleutel] for sleutel in tarieven.SLEUTELS]

    @property
    def vaste_velden(self) -> list[forms.BoundField]:
        namen = {keuzeveld(taak) for taak in MOGELIJK_OPTIONEEL} | set(tarieven.SLEUTELS)
        return [veld for veld in self.visible_fields() if veld.name not in namen]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        van, tot = data.get("geldig_van"), data.get("geldig_tot")
        if van and tot and tot < van:
            self.add_error("geldig_tot", "De einddatum ligt voor de begindatum.")
        pakket = data.get("pakket")
        if pakket:
            optionele = {}
            for taak in pakketten.optionele_taken(pakket):
                keuze = data.get(keuzeveld(taak))
                if not keuze:
                    self.add_error(
                        keuzeveld(taak),
                        f"Kies wie '{taak.label}' doet: in pakket "
                        f"{pakketten.Pakket(pakket).label} is dit een taak in overleg.",
                    )
                optionele[taak.value] = keuze
            data["optionele"] = optionele
        return data

    def service_gegevens(self) -> dict[str, Any]:
        """The keyword arguments of services.afspraken.stel_op / wijzig_concept."""
        data = self.cleaned_data
        return {
            "pakket": data["pakket"],
            "geldig_van": data["geldig_van"],
            "geldig_tot": data["geldig_tot"],
            "optionele": data["optionele"],
            "prijs_per_traject": data["prijs_per_traject"],
            "prijs_per_maand": data["prijs_per_maand"],
            "opmerking": data["opmerking"],
            "tarieven": {
                sleutel: None if data[sleutel] is None else int(data[sleutel] * 100)
                for sleutel in tarieven.SLEUTELS
            },
        }


class VaststellenForm(forms.Form):
    """The overgangsregeling and a note; `kenmerk` carries the preview the user saw."""

    overgang = forms.ChoiceField(
        label="Wat gebeurt er met de lopende trajecten op de begindatum?",
        choices=Overgangsregeling.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies wat er met de lopende trajecten gebeurt."},
    )
    fasen = forms.MultipleChoiceField(
        label="Fasen waarvan de trajecten overgaan",
        choices=[(f.value, f.label) for f in OPEN_FASEN],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Alleen bij 'per fase'. Trajecten in de andere fasen houden de oude "
        "takenverdeling tot uitstroom.",
        error_messages={"invalid_choice": "Kies alleen bestaande fasen."},
    )
    reden = forms.CharField(
        label="Toelichting",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bijvoorbeeld: ondertekend door de wethouder op 12-05-2026. Komt in de "
        "geschiedenis van de afspraak.",
    )
    kenmerk = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("overgang") == Overgangsregeling.PER_FASE:
            if not data.get("fasen"):
                self.add_error("fasen", "Kies de fasen waarvan de trajecten overgaan.")
        else:
            data["fasen"] = []
        return data


class BevestigForm(VaststellenForm):
    """The same choices as hidden fields: the confirm button on the preview page."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for naam in ("overgang", "reden"):
            self.fields[naam].widget = forms.HiddenInput()
        self.fields["fasen"].widget = forms.MultipleHiddenInput()


class IntrekkenForm(forms.Form):
    reden = forms.CharField(
        label="Reden van intrekken",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Geef de reden op waarom de afspraak wordt ingetrokken."},
    )


def plan_kenmerk(plan: Wisselplan) -> str:
    """A fingerprint of the preview (and of the concept it was made for): confirming with
    another fingerprint means something changed since the user looked."""
    afspraak = plan.afspraak
    inhoud = [
        afspraak.pk,
        afspraak.pakket,
        afspraak.geldig_van.isoformat(),
        afspraak.geldig_tot.isoformat() if afspraak.geldig_tot else None,
        afspraak.optionele_taken,
        plan.regeling,
        sorted(plan.fasen),
        plan.te_verplaatsen,
        plan.naar_gemeente,
        plan.zonder_uitvoerder,
    ]
    return hashlib.sha256(json.dumps(inhoud, sort_keys=True).encode()).hexdigest()[:20]
