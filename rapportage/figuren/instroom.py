"""Instroom: aanmeldingen, intakes (eerste gesprekken), the wait between them, recidive."""

from __future__ import annotations

from abc import abstractmethod

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet

from rapportage.figuren.basis import (
    Context,
    Dagen,
    Figuur,
    G,
    Grafiek,
    Mediaan,
    Regel,
    een_decimaal,
    eerste_datum,
    pad,
    pct,
    trendgrafiek,
    verdeling,
    verdelinggrafiek,
)
from trajecten.models import UITSTROOM_SOORTEN, Aanmeldkanaal, Gebeurtenis, Traject


def _eerste_gesprekken(ctx: Context) -> QuerySet:
    """The first conversation of each traject, where it fell in the quarter."""
    eerder = Gebeurtenis.objects.filter(
        traject=OuterRef("traject"), soort=G.EERSTE_GESPREK, datum__lt=OuterRef("datum")
    )
    return (
        ctx.gebeurtenissen()
        .filter(soort=G.EERSTE_GESPREK, datum__range=ctx.periode)
        .exclude(Exists(eerder))
    )


class _PerKanaal(Figuur):
    """Trajecten counted once per aanmeldkanaal, from one kind of event in the quarter."""

    @abstractmethod
    def gebeurtenissen(self, ctx: Context) -> QuerySet:
        """The events that count, in scope and in the quarter."""

    def bereken(self, ctx: Context) -> dict:
        rijen = (
            self.gebeurtenissen(ctx)
            .values("traject__kanaal")
            .annotate(n=Count("traject", distinct=True))
            .order_by()
        )
        per_kanaal = {k: 0 for k in Aanmeldkanaal.values} | {
            r["traject__kanaal"]: r["n"] for r in rijen
        }
        return {"totaal": sum(per_kanaal.values()), "per_kanaal": per_kanaal}

    def regels(self, reeks: list[dict]) -> list[Regel]:
        return [
            Regel("Totaal", pad(reeks, "totaal")),
            *verdeling(reeks, "per_kanaal", Aanmeldkanaal),
        ]


class Aanmeldingen(_PerKanaal):
    sleutel = "aanmeldingen"
    titel = "Aanmeldingen"
    definitie = (
        "Aantal trajecten met een aanmelding (gebeurtenis 'aanmelding') op een datum in het "
        "kwartaal, naar het kanaal waarlangs de klant is aangemeld."
    )

    def gebeurtenissen(self, ctx: Context) -> QuerySet:
        return ctx.gebeurtenissen().filter(soort=G.AANMELDING, datum__range=ctx.periode)

    def grafieken(self, reeks: list[dict], labels: list[str]) -> list[Grafiek]:
        huidig = reeks[-1]
        return [
            trendgrafiek("Aanmeldingen per kwartaal", labels, pad(reeks, "totaal")),
            verdelinggrafiek(
                "Aanmeldingen naar kanaal (dit kwartaal)",
                [(k.label, huidig["per_kanaal"].get(k.value, 0)) for k in Aanmeldkanaal],
                titel="Aanmeldingen naar kanaal",
            ),
        ]


class Intakes(_PerKanaal):
    sleutel = "intakes"
    titel = "Intakes (eerste gesprekken)"
    definitie = (
        "Aantal trajecten waarvan het eerste gesprek (de eerste gebeurtenis 'eerste gesprek' van "
        "het traject) in het kwartaal viel, naar aanmeldkanaal."
    )

    def gebeurtenissen(self, ctx: Context) -> QuerySet:
        return _eerste_gesprekken(ctx)

    def grafieken(self, reeks: list[dict], labels: list[str]) -> list[Grafiek]:
        return [trendgrafiek("Intakes per kwartaal", labels, pad(reeks, "totaal"))]


class Wachttijd(Figuur):
    sleutel = "wachttijd"
    titel = "Wachttijd tot het eerste gesprek"
    definitie = (
        "Voor elk eerste gesprek in het kwartaal: het aantal dagen van de aanmelding tot dat "
        "gesprek, gedeeld door 7. Gemiddelde en mediaan in weken, afgerond op één decimaal."
    )

    def bereken(self, ctx: Context) -> dict:
        uitkomst = (
            _eerste_gesprekken(ctx)
            .annotate(wacht=Dagen(F("datum"), eerste_datum(G.AANMELDING)))
            .aggregate(aantal=Count("wacht"), gemiddeld=Avg("wacht"), mediaan=Mediaan("wacht"))
        )
        return {
            "aantal": uitkomst["aantal"],
            "gemiddeld_weken": een_decimaal(uitkomst["gemiddeld"], 7),
            "mediaan_weken": een_decimaal(uitkomst["mediaan"], 7),
        }

    def regels(self, reeks: list[dict]) -> list[Regel]:
        return [
            Regel("Eerste gesprekken", pad(reeks, "aantal")),
            Regel("Gemiddelde wachttijd", pad(reeks, "gemiddeld_weken"), "weken"),
            Regel("Mediaan wachttijd", pad(reeks, "mediaan_weken"), "weken"),
        ]

    def grafieken(self, reeks: list[dict], labels: list[str]) -> list[Grafiek]:
        return [
            trendgrafiek(
                "Gemiddelde wachttijd in weken", labels, pad(reeks, "gemiddeld_weken"), "weken"
            )
        ]


class Recidive(Figuur):
    sleutel = "recidive"
    titel = "Recidive"
    definitie = (
        "Klanten met een aanmelding in het kwartaal die al een eerder traject hadden dat op of "
        "vóór die aanmelding was afgesloten (uitstroom of afwijzing), als deel van alle klanten "
        "met een aanmelding in het kwartaal."
    )

    def bereken(self, ctx: Context) -> dict:
        # Another traject of the same klant, closed on or before this aanmelding (via the
        # klant index first: a join from every closing event to its klant is far slower).
        eerder_afgesloten = (
            Traject.objects.filter(klant=OuterRef("traject__klant"))
            .exclude(pk=OuterRef("traject"))
            .filter(
                Exists(
                    Gebeurtenis.objects.filter(
                        traject=OuterRef("pk"),
                        soort__in=UITSTROOM_SOORTEN,
                        datum__lte=OuterRef(OuterRef("datum")),
                    )
                )
            )
        )
        uitkomst = (
            ctx.gebeurtenissen()
            .filter(soort=G.AANMELDING, datum__range=ctx.periode)
            .annotate(eerder=Exists(eerder_afgesloten))
            .aggregate(
                klanten=Count("traject__klant", distinct=True),
                recidive=Count("traject__klant", distinct=True, filter=Q(eerder=True)),
            )
        )
        return {**uitkomst, "pct": pct(uitkomst["recidive"], uitkomst["klanten"])}

    def regels(self, reeks: list[dict]) -> list[Regel]:
        return [
            Regel("Aangemelde klanten", pad(reeks, "klanten")),
            Regel("Waarvan eerder een afgesloten traject", pad(reeks, "recidive"), niveau=1),
            Regel(
                "Recidive",
                pad(reeks, "pct"),
                "pct",
                niveau=1,
                basis=(pad(reeks, "recidive"), pad(reeks, "klanten")),
            ),
        ]

    def grafieken(self, reeks: list[dict], labels: list[str]) -> list[Grafiek]:
        return [trendgrafiek("Recidive", labels, pad(reeks, "pct"), "pct")]
