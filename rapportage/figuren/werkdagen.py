"""Norms counted in Dutch working days (the project's calendar: weekends, the Atw feestdagen
and the extra feestdagen set in beheer): financiële rust binnen 8 werkdagen for aanmeldingen
by third parties (Heusden)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Case, Count, DateField, F, Q, Value, When

from rapportage.figuren.basis import (
    Context,
    Figuur,
    G,
    Grafiek,
    Regel,
    eerste_datum,
    pad,
    pct,
    trendgrafiek,
)
from trajecten.models import UITSTROOM_SOORTEN, Aanmeldkanaal, Traject
from trajecten.normbewaking import extra_feestdagen
from trajecten.normen import tel_werkdagen

# Aanmeldingen by a third party: not the inwoner himself, and not vroegsignalering (that has
# its own norm, measured from the signal: rapportage.figuren.vroegsignalering).
DERDEN = [
    Aanmeldkanaal.WIJKTEAM,
    Aanmeldkanaal.KETENPARTNER,
    Aanmeldkanaal.BEWINDVOERDER,
    Aanmeldkanaal.OVERIG,
]
WERKDAGEN = 8


def deadlines_in(start: date, eind: date, werkdagen: int) -> dict[date, date]:
    """{aanmelddatum: deadline} for every start date whose deadline (the n-th werkdag after
    it) falls in [start, eind]. A term of n werkdagen never spans more than n + 2 weeks plus
    feestdagen, so a window of 4n calendar days back is ample."""
    vrij = extra_feestdagen()
    uit: dict[date, date] = {}
    dag = start - timedelta(days=4 * werkdagen + 14)
    while dag <= eind:
        deadline = tel_werkdagen(dag, werkdagen, vrij)
        if start <= deadline <= eind:
            uit[dag] = deadline
        dag += timedelta(days=1)
    return uit


def deadline_case(veld: str, deadlines: dict[date, date]) -> Case:
    return Case(
        *(When(**{veld: d}, then=Value(deadline)) for d, deadline in deadlines.items()),
        output_field=DateField(),
    )


class RustDerden8Werkdagen(Figuur):
    sleutel = "rust_derden_8_werkdagen"
    titel = "Aanmeldingen derden: financiële rust binnen 8 werkdagen"
    definitie = (
        "Trajecten aangemeld door een derde (sociaal wijkteam, ketenpartner, bewindvoerder of "
        "overig; niet de inwoner zelf en niet vroegsignalering) waarvan de termijn van 8 "
        "werkdagen na de aanmelddatum in het kwartaal afliep. Werkdagen: maandag tot en met "
        "vrijdag, zonder de feestdagen van de Algemene termijnenwet en de extra feestdagen uit "
        "het beheer; de aanmelddag telt niet mee. Binnen de termijn: de eerste gebeurtenis "
        "'financiële rust' valt op of vóór de laatste werkdag van de termijn. Trajecten die "
        "binnen de termijn zonder financiële rust uitstroomden of werden afgewezen, vervallen. "
        "Doel: het doel voor financiële rust uit de rapportage-instellingen (standaard 80%)."
    )

    def bereken(self, ctx: Context) -> dict:
        deadlines = deadlines_in(*ctx.periode, WERKDAGEN)
        binnen = Q(rust__lte=F("deadline"))
        vervallen = Q(uit__lte=F("deadline")) & (Q(rust__isnull=True) | Q(rust__gt=F("deadline")))
        uitkomst = (
            ctx.scope(Traject.objects.all(), "gemeente_id")
            .filter(kanaal__in=DERDEN, aanmelddatum__in=list(deadlines))
            .annotate(
                deadline=deadline_case("aanmelddatum", deadlines),
                rust=eerste_datum(G.FINANCIELE_RUST, "pk"),
                uit=eerste_datum(list(UITSTROOM_SOORTEN), "pk"),
            )
            .aggregate(
                alle=Count("pk"),
                binnen=Count("pk", filter=binnen),
                vervallen=Count("pk", filter=vervallen),
            )
        )
        aantal = uitkomst["alle"] - uitkomst["vervallen"]
        return {
            "doel": ctx.instellingen.doel_financiele_rust,
            "aantal": aantal,
            "binnen": uitkomst["binnen"],
            "niet_binnen": aantal - uitkomst["binnen"],
            "vervallen": uitkomst["vervallen"],
            "pct": pct(uitkomst["binnen"], aantal),
        }

    def regels(self, reeks: list[dict]) -> list[Regel]:
        return [
            Regel(
                "Binnen 8 werkdagen",
                pad(reeks, "pct"),
                "pct",
                basis=(pad(reeks, "binnen"), pad(reeks, "aantal")),
            ),
            Regel("Termijnen in het kwartaal", pad(reeks, "aantal"), niveau=1),
            Regel("Financiële rust binnen 8 werkdagen", pad(reeks, "binnen"), niveau=1),
            Regel("Niet binnen 8 werkdagen", pad(reeks, "niet_binnen"), niveau=1),
            Regel("Vervallen (eerder uitgestroomd)", pad(reeks, "vervallen"), niveau=1),
        ]

    def grafieken(self, reeks: list[dict], labels: list[str]) -> list[Grafiek]:
        return [
            trendgrafiek(
                "Aanmeldingen derden: binnen 8 werkdagen",
                labels,
                pad(reeks, "pct"),
                "pct",
                reeks[-1]["doel"],
            )
        ]
