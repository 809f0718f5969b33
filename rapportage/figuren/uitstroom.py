"""Uitstroom: trajecten that ended in the quarter, by reason; uitval (left without a solution)."""

from __future__ import annotations

from django.db.models import CharField, Count, Exists, F, OuterRef, Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce

from rapportage.figuren.basis import (
    OPLOSSINGEN,
    Context,
    Figuur,
    G,
    Grafiek,
    Regel,
    pad,
    pct,
    trendgrafiek,
    verdeling,
    verdelinggrafiek,
)
from trajecten.models import UITSTROOM_SOORTEN, Gebeurtenis, Uitstroomreden, Verwijspartner


class Uitstroom(Figuur):
    sleutel = "uitstroom"
    titel = "Uitstroom en uitval"
    definitie = (
        "Trajecten die in het kwartaal uitstroomden (uitstroom of afwijzingsbeschikking), naar "
        "reden. Uitval: uitgestroomd zonder dat er een oplossing (schuldbemiddeling, "
        "saneringskrediet, betalingsregeling, herfinanciering, 0%-aanbod of Wsnp) was gestart. "
        "Uitvalpercentage: uitval gedeeld door alle uitstroom."
    )

    def bereken(self, ctx: Context) -> dict:
        oplossing = Gebeurtenis.objects.filter(
            traject=OuterRef("traject"),
            soort=G.PRODUCT_GESTART,
            gegevens__productsoort__in=[s.value for s in OPLOSSINGEN],
            datum__lte=OuterRef("datum"),
        )
        rijen = (
            ctx.gebeurtenissen()
            .filter(soort__in=UITSTROOM_SOORTEN, datum__range=ctx.periode)
            .annotate(
                reden=Coalesce(
                    KeyTextTransform("uitstroomreden", "gegevens"),
                    F("traject__uitstroomreden"),
                    output_field=CharField(),
                ),
                met_oplossing=Exists(oplossing),
            )
            .values("reden")
            .annotate(n=Count("traject", distinct=True))
            .annotate(uitval=Count("traject", distinct=True, filter=Q(met_oplossing=False)))
            .order_by()
        )
        per_reden = dict.fromkeys(Uitstroomreden.values, 0)
        uitval_per_reden = dict.fromkeys(Uitstroomreden.values, 0)
        for r in rijen:
            reden = r["reden"] or Uitstroomreden.OVERIG
            per_reden[reden] += r["n"]
            uitval_per_reden[reden] += r["uitval"]
        totaal, uitval = sum(per_reden.values()), sum(uitval_per_reden.values())
        return {
            "totaal": totaal,
            "per_reden": per_reden,
            "uitval": uitval,
            "uitval_pct": pct(uitval, totaal),
            "uitval_per_reden": uitval_per_reden,
        }

    def regels(self, reeks: list[dict]) -> list[Regel]:
        return [
            Regel("Uitgestroomd", pad(reeks, "totaal")),
            *verdeling(reeks, "per_reden", Uitstroomreden),
            Regel("Uitval (zonder oplossing)", pad(reeks, "uitval")),
            Regel(
                "Uitvalpercentage",
                pad(reeks, "uitval_pct"),
                "pct",
                niveau=1,
                basis=(pad(reeks, "uitval"), pad(reeks, "totaal")),
            ),
        ]

    def grafieken(self, reeks: list[dict], labels: list[str]) -> list[Grafiek]:
        per_reden = reeks[-1]["per_reden"]
        return [
            verdelinggrafiek(
                "Uitstroom naar reden (dit kwartaal)",
                [(r.label, per_reden.get(r.value, 0)) for r in Uitstroomreden],
                titel="Uitstroom naar reden",
            ),
            trendgrafiek("Uitvalpercentage", labels, pad(reeks, "uitval_pct"), "pct"),
        ]


class Verwijzingen(Figuur):
    sleutel = "verwijzingen"
    titel = "Verwijzingen naar partners bij uitstroom"
    definitie = (
        "Trajecten die in het kwartaal uitstroomden (uitstroom of afwijzingsbeschikking) en bij "
        "wie bij de uitstroom is vastgelegd naar welke partner de klant is verwezen (KRA, "
        "SchuldHulpMaatje, Thuisadministratie, Formulierenbrigade, sociaal wijkteam of een "
        "andere partner), naar partner. Een traject telt één keer per partner."
    )

    def bereken(self, ctx: Context) -> dict:
        rijen = (
            ctx.gebeurtenissen()
            .filter(soort__in=UITSTROOM_SOORTEN, datum__range=ctx.periode)
            .annotate(partner=KeyTextTransform("verwezen_naar", "gegevens"))
            .filter(partner__in=Verwijspartner.values)
            .values("partner")
            .annotate(n=Count("traject", distinct=True))
            .order_by()
        )
        per_partner = dict.fromkeys(Verwijspartner.values, 0) | {
            r["partner"]: r["n"] for r in rijen
        }
        return {"totaal": sum(per_partner.values()), "per_partner": per_partner}

    def regels(self, reeks: list[dict]) -> list[Regel]:
        return [
            Regel("Verwezen bij uitstroom", pad(reeks, "totaal")),
            *verdeling(reeks, "per_partner", Verwijspartner),
        ]
