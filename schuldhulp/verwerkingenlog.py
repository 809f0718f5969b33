"""The verwerkingenlog for the beheerder: which rows a search selects, and the CSV export.

The screen and the export share one filter (issue 20, point 8), so a file always holds exactly
the rows the beheerder saw: medewerker, klantnummer, soort (the beheerders' own work), a date
range and an action. A BSN never gets here: the screen turns it into a klantnummer first
(views_beheer._zoek_in_log).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from rapportage.opmaak import csv_cel
from schuldhulp import opmaak
from schuldhulp.auditvelden import Namen, Veldwijziging, leesbaar, objectnaam
from schuldhulp.forms import DatumInput
from schuldhulp.models import Auditactie, Auditregel

# Views of the log on what the beheerders themselves do (separation of duties).
SOORTEN = {
    "gebruiker-rechten": "Toegang gewijzigd",
    "rechtenverzoek": "Rechtenverzoeken",
    "gebruiker-wachtwoord": "Wachtwoorden",
    "gebruiker-inrichtlink": "Inrichtlinks",
    "bsn-controle": "BSN-controles",
}
KOLOMMEN = (
    "Tijdstip",
    "Medewerker",
    "Actie",
    "Object",
    "Objectnummer",
    "Klantnummer",
    "Omschrijving",
    "Wijzigingen",
    "IP-adres",
)
_DATUMFOUT = "Vul een geldige datum in, bijvoorbeeld {}."


class Logfilter(forms.Form):
    """Date range and action (GET: nothing personal in the address)."""

    van = forms.DateField(
        label="Van",
        required=False,
        widget=DatumInput(),
        error_messages={"invalid": _DATUMFOUT.format("01-12-2026")},
    )
    tot = forms.DateField(
        label="Tot en met",
        required=False,
        widget=DatumInput(),
        error_messages={"invalid": _DATUMFOUT.format("31-12-2026")},
    )
    actie = forms.ChoiceField(
        label="Actie",
        required=False,
        choices=[("", "Alle acties"), *Auditactie.choices],
    )

    def clean(self) -> dict:
        data = super().clean()
        van, tot = data.get("van"), data.get("tot")
        if van and tot and tot < van:
            self.add_error("tot", "De einddatum ligt voor de begindatum.")
        return data


@dataclass(frozen=True)
class Zoekvraag:
    """What the beheerder searches for, as read from the address."""

    gebruiker: str = ""
    klant: str = ""
    soort: str = ""
    filter: Logfilter | None = None

    @classmethod
    def uit(cls, params) -> Zoekvraag:
        soort = params.get("soort", "")
        return cls(
            gebruiker=params.get("gebruiker", "").strip(),
            klant=params.get("klant", "").strip(),
            soort=soort if soort in SOORTEN else "",
            filter=Logfilter(params),
        )

    @property
    def klant_per_bsn(self) -> bool:
        """A BSN typed into the address bar: not looked up from a URL (issue 17)."""
        return bool(self.klant) and not (self.klant.isdigit() and len(self.klant) < 9)

    def regels(self) -> QuerySet[Auditregel]:
        regels = Auditregel.objects.all()
        if self.klant_per_bsn or (self.filter is not None and not self.filter.is_valid()):
            return regels.none()
        if self.soort:
            regels = regels.filter(objecttype=self.soort)
        if self.gebruiker:
            regels = regels.filter(gebruikersnaam__iexact=self.gebruiker)
        if self.klant:
            regels = regels.filter(klant_id=int(self.klant))
        data = self.filter.cleaned_data if self.filter is not None else {}
        if data.get("van"):  # whole days in local time: 'tot en met' includes the last day
            regels = regels.filter(tijdstip__gte=_begin_van(data["van"]))
        if data.get("tot"):
            regels = regels.filter(tijdstip__lt=_begin_van(data["tot"] + timedelta(days=1)))
        if data.get("actie"):
            regels = regels.filter(actie=data["actie"])
        return regels

    def omschrijving(self) -> str:
        """For the log row of the export itself: which selection left the building."""
        data = self.filter.cleaned_data if self.filter and self.filter.is_valid() else {}
        delen = [
            f"medewerker {self.gebruiker}" if self.gebruiker else "",
            f"klantnummer {self.klant}" if self.klant else "",
            SOORTEN.get(self.soort, ""),
            f"vanaf {opmaak.datum(data['van'])}" if data.get("van") else "",
            f"tot en met {opmaak.datum(data['tot'])}" if data.get("tot") else "",
            f"actie {Auditactie(data['actie']).label.lower()}" if data.get("actie") else "",
        ]
        return ("Verwerkingenlog: " + (", ".join(d for d in delen if d) or "alle regels"))[:300]


def _begin_van(dag) -> datetime:
    return timezone.make_aware(datetime.combine(dag, time.min))


def wijzigingen_tekst(velden: list[Veldwijziging], aangemaakt: bool = False) -> str:
    """'fase: Aangemeld → Eerste gesprek; adres: gewijzigd' (one CSV cell); a field of a new
    row whose value is not logged was 'ingevuld', as on the screen."""
    zonder_waarde = "ingevuld" if aangemaakt else "gewijzigd"
    return "; ".join(
        f"{v.label}: {v.voor or '—'} → {v.na or '—'}" if v.gelogd else f"{v.label}: {zonder_waarde}"
        for v in velden
    )


class _Echo:
    """A file-like object for csv.writer that hands each line back (streaming)."""

    def write(self, waarde: str) -> str:
        return waarde


def csv_regels(regels: QuerySet[Auditregel]) -> Iterator[str]:
    """The rows as CSV (semicolon, for a Dutch spreadsheet), streamed from the database: a
    log of years does not fit in memory. No cell starts with =, +, -, @ (csv_cel)."""
    schrijver = csv.writer(_Echo(), delimiter=";")
    namen = Namen()
    yield "\ufeff" + schrijver.writerow(KOLOMMEN)  # BOM: the spreadsheet reads UTF-8
    for r in regels.iterator(chunk_size=2000):
        cellen = (
            timezone.localtime(r.tijdstip).strftime("%Y-%m-%d %H:%M:%S"),  # sortable
            r.gebruikersnaam,
            r.get_actie_display(),
            objectnaam(r.objecttype),
            r.object_id,
            "" if r.klant_id is None else str(r.klant_id),
            r.omschrijving,
            wijzigingen_tekst(
                leesbaar(r.objecttype, r.wijzigingen, namen), r.actie == Auditactie.AANMAKEN
            ),
            r.ip_adres or "",
        )
        yield schrijver.writerow([csv_cel(str(c)) for c in cellen])
