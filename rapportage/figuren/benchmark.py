"""Divosa benchmark indicators that the report did not have yet. The others of the benchmark
are figures of their own: creditors and debt at the start (schulden_bij_start), agreement
within 120 days (akkoord_120_dagen) and debt-free outflow (schuldenvrij)."""

from __future__ import annotations

from django.db.models import Count, DateField, Exists, F, Func, OuterRef, Q, Subquery

from rapportage.figuren.basis import (
    Context,
    Figuur,
    G,
    Grafiek,
    Regel,
    pad,
    pct,
    trendgrafiek,
)
from trajecten.models import Gebeurtenis

# The end of stabilisatie: financial rest reached, or the execution (uitvoering) started.
EINDE_STABILISATIE = [G.FINANCIELE_RUST, G.START_UITVOERING]


class PlusVierMaanden(Func):
    """``datum + interval '4 months'`` (PostgreSQL keeps month ends: 31-10 → 28/29-02)."""

    template = "(%(expressions)s + interval '4 months')::date"
    output_field = DateField()


class StabilisatieLanger4Maanden(Figuur):
    sleutel = "stabilisatie_4_maanden"
    titel = "Stabilisatie langer dan 4 maanden (Divosa-benchmark)"
    definitie = (
        "Trajecten waarvan de stabilisatie in het kwartaal eindigde: de eerste gebeurtenis "
        "'financiële rust' of 'start uitvoering' van het traject viel in het kwartaal, op of na "
        "de (eerste) toelatingsbeschikking. Langer dan 4 maanden: die datum ligt na de "
        "toelatingsdatum plus 4 kalendermaanden. Het deel daarvan is de "
        "Divosa-benchmarkindicator 'aandeel stabilisatietrajecten langer dan 4 maanden'."
    )

    def bereken(self, ctx: Context) -> dict:
        eerder_einde = Gebeurtenis.objects.filter(
            traject=OuterRef("traject"),
            soort__in=EINDE_STABILISATIE,
            datum__lt=OuterRef("datum"),
        )
        # The end events in the quarter that are the first end of the traject, with the
        # traject's first toelating before them.
        toelating = (
            Gebeurtenis.objects.filter(
                traject=OuterRef("traject"), soort=G.TOELATING, datum__lte=OuterRef("datum")
            )
            .order_by("datum")
            .values("datum")[:1]
        )

        uitkomst = (
            ctx.gebeurtenissen()
            .filter(soort__in=EINDE_STABILISATIE, datum__range=ctx.periode)
            .exclude(Exists(eerder_einde))
            .annotate(toegelaten=Subquery(toelating))
            .filter(toegelaten__isnull=False)
            .annotate(grens=PlusVierMaanden(F("toegelaten")))
            .aggregate(
                aantal=Count("traject", distinct=True),
                langer=Count("traject", distinct=True, filter=Q(datum__gt=F("grens"))),
            )
        )
        return {
            "aantal": uitkomst["aantal"],
            "langer": uitkomst["langer"],
            "pct": pct(uitkomst["langer"], uitkomst["aantal"]),
        }

    def regels(self, reeks: list[dict]) -> list[Regel]:
        return [
            Regel("Stabilisatie beëindigd", pad(reeks, "aantal")),
            Regel("Langer dan 4 maanden", pad(reeks, "langer"), niveau=1),
            Regel(
                "Aandeel langer dan 4 maanden",
                pad(reeks, "pct"),
                "pct",
                niveau=1,
                basis=(pad(reeks, "langer"), pad(reeks, "aantal")),
            ),
        ]

    def grafieken(self, reeks: list[dict], labels: list[str]) -> list[Grafiek]:
        return [trendgrafiek("Stabilisatie langer dan 4 maanden", labels, pad(reeks, "pct"), "pct")]
