"""Reads of the klantplan app; every query starts from permissions.filter_for_user."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from klantplan.models import (
    Actie,
    Afstemming,
    Document,
    Doel,
    Gesprek,
    Klacht,
    Klantplan,
    Monitoringmoment,
    Schuld,
    Schuldeiser,
    Schuldsoort,
    Schuldstatus,
    Voorstel,
    Wie,
)
from schuldhulp.permissions import filter_for_user, vereis
from trajecten.models import Traject


def traject_voor(user, traject_pk: int) -> Traject:
    """The traject if `user` may see it: 403 for roles without dossiers, 404 otherwise."""
    vereis(user, "dossiers.inzien")
    return get_object_or_404(
        filter_for_user(
            user,
            Traject.objects.select_related(
                "klant", "gemeente", "afspraak", "behandelaar", "consulent"
            ),
        ),
        pk=traject_pk,
    )


def _van(user, queryset: QuerySet, traject: Traject) -> QuerySet:
    return filter_for_user(user, queryset).filter(traject=traject)


# --- Klantplan ---------------------------------------------------------------------------------


def klantplannen(user, traject: Traject) -> QuerySet[Klantplan]:
    return _van(
        user, Klantplan.objects.select_related("vastgesteld_door", "aangemaakt_door"), traject
    ).order_by("versie")


def klantplan_versie(user, traject: Traject, versie: int) -> Klantplan:
    return get_object_or_404(
        klantplannen(user, traject).prefetch_related(
            Prefetch("doelen", queryset=Doel.objects.order_by("volgorde", "pk")),
            Prefetch("acties", queryset=Actie.objects.order_by("deadline", "pk")),
        ),
        versie=versie,
    )


def laatste_klantplan(user, traject: Traject) -> Klantplan | None:
    return klantplannen(user, traject).order_by("-versie").first()


def monitoringmomenten(user, traject: Traject) -> QuerySet[Monitoringmoment]:
    return _van(user, Monitoringmoment.objects.select_related("door", "klantplan"), traject)


@dataclass
class Actielijst:
    """Open actions per person: first what the klant does, then Stadsbank and gemeente."""

    per_wie: list[tuple[str, str, list[Actie]]] = field(default_factory=list)

    @property
    def aantal(self) -> int:
        return sum(len(acties) for _w, _l, acties in self.per_wie)


def open_acties(user, traject: Traject) -> Actielijst:
    """Open actions of the newest klantplan version and of all gesprekken."""
    laatste = laatste_klantplan(user, traject)
    qs = (
        _van(user, Actie.objects.select_related("gesprek"), traject)
        .filter(gedaan_op__isnull=True)
        .filter(gesprek__isnull=False)
    )
    if laatste is not None:
        qs = qs | _van(user, Actie.objects.select_related("gesprek"), traject).filter(
            gedaan_op__isnull=True, klantplan=laatste
        )
    acties = sorted(qs, key=lambda a: (a.deadline is None, a.deadline, a.pk))
    return Actielijst(
        per_wie=[
            (wie.value, wie.label, [a for a in acties if a.wie == wie.value])
            for wie in (Wie.KLANT, Wie.STADSBANK, Wie.GEMEENTE)
        ]
    )


# --- Schulden --------------------------------------------------------------------------------


def schulden(user, traject: Traject) -> QuerySet[Schuld]:
    return _van(
        user, Schuld.objects.select_related("schuldeiser", "bijgewerkt_door"), traject
    ).order_by("schuldeiser__naam", "pk")


def schuld(user, traject: Traject, pk: int) -> Schuld:
    return get_object_or_404(schulden(user, traject), pk=pk)


@dataclass
class Totaalregel:
    code: str
    label: str
    aantal: int
    oorspronkelijk_cent: int
    actueel_cent: int


@dataclass
class Schuldtotalen:
    per_status: list[Totaalregel]
    per_soort: list[Totaalregel]
    aantal: int
    oorspronkelijk_cent: int
    actueel_cent: int
    met_beslag: int


def schuldtotalen(user, traject: Traject) -> Schuldtotalen:
    """Totals per status and per DDAS schuldsoort (two GROUP BY queries and one total)."""
    qs = _van(user, Schuld.objects.all(), traject)
    som = {
        "aantal": Count("pk"),
        "oorspronkelijk": Coalesce(Sum("oorspronkelijk_bedrag_cent"), 0),
        "actueel": Coalesce(Sum("actueel_bedrag_cent"), 0),
    }
    status_rijen = {r["status"]: r for r in qs.values("status").annotate(**som).order_by()}
    soort_rijen = {
        r["schuldeiser__schuldsoort"]: r
        for r in qs.values("schuldeiser__schuldsoort").annotate(**som).order_by()
    }
    totaal = qs.aggregate(**som, beslag=Count("pk", filter=Q(beslag=True)))

    def regels(keuzes, rijen) -> list[Totaalregel]:
        return [
            Totaalregel(
                code,
                label,
                rijen.get(code, {}).get("aantal", 0),
                rijen.get(code, {}).get("oorspronkelijk", 0),
                rijen.get(code, {}).get("actueel", 0),
            )
            for code, label in keuzes.choices
        ]

    return Schuldtotalen(
        per_status=regels(Schuldstatus, status_rijen),
        per_soort=regels(Schuldsoort, soort_rijen),
        aantal=totaal["aantal"],
        oorspronkelijk_cent=totaal["oorspronkelijk"],
        actueel_cent=totaal["actueel"],
        met_beslag=totaal["beslag"],
    )


def schuldeisers() -> QuerySet[Schuldeiser]:
    """The shared creditor register (reference data: no personal data, same for everyone)."""
    return Schuldeiser.objects.order_by("naam")


# --- Voorstellen, gesprekken, afstemming, klachten, documenten -------------------------------


def voorstellen(user, traject: Traject) -> QuerySet[Voorstel]:
    return _van(user, Voorstel.objects.select_related("gemaakt_door"), traject)


def gesprekken(user, traject: Traject) -> QuerySet[Gesprek]:
    return _van(
        user,
        Gesprek.objects.select_related("door").annotate(aantal_acties=Count("acties")),
        traject,
    )


def gesprek(user, traject: Traject, pk: int) -> Gesprek:
    return get_object_or_404(
        _van(user, Gesprek.objects.select_related("door"), traject).prefetch_related("acties"),
        pk=pk,
    )


def afstemmingen(user, traject: Traject) -> QuerySet[Afstemming]:
    return _van(user, Afstemming.objects.select_related("door"), traject)


def klachten(user, traject: Traject) -> QuerySet[Klacht]:
    return _van(user, Klacht.objects.select_related("door"), traject)


def documenten(user, traject: Traject) -> QuerySet[Document]:
    """Without the PDF bytes: the list needs only the metadata."""
    return _van(
        user,
        Document.objects.defer("inhoud").select_related("gemaakt_door", "klantplan", "gesprek"),
        traject,
    )


def document(user, traject: Traject, pk: int) -> Document:
    return get_object_or_404(_van(user, Document.objects.all(), traject), pk=pk)
