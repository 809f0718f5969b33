"""What a gemeente pays for in one month: counts per agreement, times the agreed prices.

Every count is one SQL aggregate; every amount is ``aantal × prijs`` in whole cents, and the
total is the sum of the lines — so the specificatie reconciles exactly with the counts.
Which agreement a traject is billed under: the one it followed on the last day of the month
(see :func:`afspraak_op`).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce

from rapportage.facturatie.models import Grondslag, Tarief
from rapportage.figuren.basis import eerste_datum
from schuldhulp import opmaak
from schuldhulp.models import Dienstverleningsafspraak, Gemeente
from trajecten.models import (
    UITSTROOM_SOORTEN,
    Gebeurtenis,
    Gebeurtenissoort,
    Product,
    Productsoort,
    Traject,
)
from trajecten.pakket.models import Maatwerk
from trajecten.pakket.workflow import Maatwerksoort, Maatwerkstatus


@dataclass(frozen=True)
class Maand:
    jaar: int
    maand: int

    @property
    def start(self) -> date:
        return date(self.jaar, self.maand, 1)

    @property
    def eind(self) -> date:
        return date(self.jaar, self.maand, calendar.monthrange(self.jaar, self.maand)[1])

    @property
    def code(self) -> str:
        return f"{self.jaar}-{self.maand:02d}"

    @property
    def naam(self) -> str:
        namen = [
            "januari", "februari", "maart", "april", "mei", "juni", "juli",
            "augustus", "september", "oktober", "november", "december",
        ]  # fmt: skip
        return f"{namen[self.maand - 1]} {self.jaar}"

    def vorige(self) -> Maand:
        return Maand(self.jaar - 1, 12) if self.maand == 1 else Maand(self.jaar, self.maand - 1)

    @classmethod
    def van(cls, datum: date) -> Maand:
        return cls(datum.year, datum.month)


def centen(bedrag: Decimal | None) -> int | None:
    """Euros with two decimals (the agreement's DecimalFields) as whole cents, exactly."""
    return None if bedrag is None else int((bedrag * 100).to_integral_value())


def afspraak_op(eind: date) -> Case:
    """The agreement a traject followed on `eind`: its own (``Traject.afspraak``) unless a
    package switch moved it there after `eind`; then the one named by its last switch on or
    before `eind`, or else the gemeente's agreement in force on its aanmelding."""
    laatste_wissel = Subquery(
        Gebeurtenis.objects.filter(
            traject=OuterRef("pk"), soort=Gebeurtenissoort.PAKKETWISSEL, datum__lte=eind
        )
        .order_by("-datum", "-pk")
        .annotate(a=Cast(KeyTextTransform("afspraak", "gegevens"), IntegerField()))
        .values("a")[:1]
    )
    bij_aanmelding = Subquery(
        Dienstverleningsafspraak.objects.geldig_op(OuterRef("aanmelddatum"))
        .filter(gemeente=OuterRef("gemeente"))
        .values("pk")[:1]
    )
    return Case(
        When(Q(afspraak_sinds__isnull=True) | Q(afspraak_sinds__lte=eind), then=F("afspraak_id")),
        default=Coalesce(laatste_wissel, bij_aanmelding),
        output_field=IntegerField(),
    )


def _lopende_trajecten(gemeente: Gemeente, maand: Maand):
    """Trajecten that ran on at least one day of the month (aangemeld on or before its last
    day, not ended — uitstroom or afwijzing — before its first day)."""
    return (
        Traject.objects.filter(gemeente=gemeente, aanmelddatum__lte=maand.eind)
        .annotate(einde=eerste_datum(list(UITSTROOM_SOORTEN), "pk"))
        .filter(Q(einde__isnull=True) | Q(einde__gte=maand.start))
        .annotate(afspraak_eind=afspraak_op(maand.eind))
    )


def _opschalen_in_maand(maand: Maand) -> Exists:
    """Approved opschalen (the Stadsbank takes tasks over) in force on a day of the month;
    maatwerk ended before it started never applied."""
    return Exists(
        Maatwerk.objects.filter(
            traject=OuterRef("pk"),
            soort=Maatwerksoort.OPSCHALEN,
            status__in=[Maatwerkstatus.GOEDGEKEURD, Maatwerkstatus.BEEINDIGD],
            van__lte=maand.eind,
        ).filter(Q(tot__gte=maand.start) | Q(tot__isnull=True, status=Maatwerkstatus.GOEDGEKEURD))
    )


def tellingen(gemeente: Gemeente, maand: Maand) -> dict[int | None, dict]:
    """Per agreement id: new trajecten, traject months, opschalen months, product months."""
    per: dict[int | None, dict] = {}

    def rij(afspraak_id: int | None) -> dict:
        return per.setdefault(
            afspraak_id, {"nieuw": 0, "lopend": 0, "maatwerk": 0, "producten": {}}
        )

    lopend = _lopende_trajecten(gemeente, maand)
    for r in (
        lopend.annotate(opschalen=_opschalen_in_maand(maand))
        .values("afspraak_eind")
        .annotate(
            lopend=Count("pk"),
            nieuw=Count("pk", filter=Q(aanmelddatum__gte=maand.start)),
            maatwerk=Count("pk", filter=Q(opschalen=True)),
        )
        .order_by()
    ):
        rij(r["afspraak_eind"]).update(lopend=r["lopend"], nieuw=r["nieuw"], maatwerk=r["maatwerk"])
    afspraak_van_traject = Subquery(
        Traject.objects.filter(pk=OuterRef("traject_id"))
        .annotate(a=afspraak_op(maand.eind))
        .values("a")[:1]
    )
    for r in (
        Product.objects.filter(traject__gemeente=gemeente, startdatum__lte=maand.eind)
        .filter(Q(einddatum__isnull=True) | Q(einddatum__gte=maand.start))
        .annotate(afspraak_eind=afspraak_van_traject)
        .values("afspraak_eind", "soort")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        rij(r["afspraak_eind"])["producten"][r["soort"]] = r["n"]
    # The fixed fee: the agreement in force on the last day of the month.
    vast = Dienstverleningsafspraak.objects.geldig_op(maand.eind).filter(gemeente=gemeente).first()
    if vast is not None:
        rij(vast.pk)["vast"] = 1
    return per


def _regel(omschrijving: str, grondslag: str, aantal: int, prijs: int | None) -> dict:
    return {
        "omschrijving": omschrijving,
        "grondslag": grondslag,
        "aantal": aantal,
        "prijs_centen": prijs,
        # No price agreed: counted, not charged.
        "bedrag_centen": aantal * prijs if prijs is not None else 0,
    }


def _periode(afspraak: Dienstverleningsafspraak | None) -> str:
    if afspraak is None:
        return "Trajecten zonder afspraak op de laatste dag van de maand"
    tot = f" tot en met {opmaak.datum(afspraak.geldig_tot)}" if afspraak.geldig_tot else ""
    return f"Afspraak geldig van {opmaak.datum(afspraak.geldig_van)}{tot}"


def specificatie(gemeente: Gemeente, maand: Maand) -> dict:
    """The lines of the month per agreement (package), with subtotals and the total."""
    per = tellingen(gemeente, maand)
    afspraken = {
        a.pk: a for a in Dienstverleningsafspraak.objects.filter(pk__in=[k for k in per if k])
    }
    prijzen: dict[int, dict[tuple[str, str], int]] = {}
    for t in Tarief.objects.filter(afspraak_id__in=afspraken):
        prijzen.setdefault(t.afspraak_id, {})[(t.grondslag, t.productsoort)] = t.bedrag_centen
    blokken = []
    for afspraak_id in sorted(per, key=lambda k: (k is None, afspraken[k].geldig_van if k else 0)):
        telling, afspraak = per[afspraak_id], afspraken.get(afspraak_id)
        tarief = prijzen.get(afspraak_id, {})
        regels = []
        if afspraak is not None:
            if "vast" in telling:
                regels.append(
                    _regel(Grondslag.VAST.label, "vast", 1, tarief.get((Grondslag.VAST.value, "")))
                )
            regels += [
                _regel(
                    "Nieuwe trajecten (aangemeld in de maand)",
                    "traject",
                    telling["nieuw"],
                    centen(afspraak.prijs_per_traject),
                ),
                _regel(
                    "Trajectmaanden (trajecten die in de maand liepen)",
                    "trajectmaand",
                    telling["lopend"],
                    centen(afspraak.prijs_per_maand),
                ),
                _regel(
                    "Maatwerk: trajectmaanden met opschalen",
                    "maatwerkmaand",
                    telling["maatwerk"],
                    tarief.get((Grondslag.MAATWERKMAAND.value, "")),
                ),
            ]
        for soort in Productsoort:
            aantal = telling["producten"].get(soort.value, 0)
            prijs = tarief.get((Grondslag.PRODUCTMAAND.value, soort.value))
            if aantal or prijs is not None:
                regels.append(
                    _regel(f"Productmaanden {soort.label}", f"product:{soort.value}", aantal, prijs)
                )
        blokken.append(
            {
                "afspraak": afspraak_id,
                "pakket": afspraak.get_pakket_display() if afspraak else "Zonder afspraak",
                "geldig_van": afspraak.geldig_van.isoformat() if afspraak else None,
                "geldig_tot": (
                    afspraak.geldig_tot.isoformat() if afspraak and afspraak.geldig_tot else None
                ),
                "periode": _periode(afspraak),
                "regels": regels,
                "subtotaal_centen": sum(r["bedrag_centen"] for r in regels),
            }
        )
    return {
        "gemeente": gemeente.naam,
        "gemeente_code": gemeente.code,
        "maand": maand.code,
        "maand_naam": maand.naam,
        "periode": [maand.start.isoformat(), maand.eind.isoformat()],
        "blokken": blokken,
        "totaal_centen": sum(b["subtotaal_centen"] for b in blokken),
    }
