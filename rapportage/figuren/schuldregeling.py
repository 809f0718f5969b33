"""Schuldregelingen with the creditors (issue 14): the sector's debt figures. Creditors and
debt at the start, akkoord within 120 days, via dwangakkoord, schuldenvrij, duration.

Aggregates only (contractmanagers read the report): counts, averages and shares, never a
name. The regeling's models are looked up by label (andere_apps); the rest comes from the
event rows and the 120-day clocks, so older schuldbemiddelingen count as well.
"""

from __future__ import annotations

from django.db.models import (
    Avg,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce

from rapportage.figuren.andere_apps import FiguurAndereApp, model
from rapportage.figuren.basis import (
    Context,
    Dagen,
    Figuur,
    G,
    Grafiek,
    Regel,
    een_decimaal,
    pad,
    pct,
    trendgrafiek,
)
from trajecten.models import Gebeurtenis, Normbewaking, Productsoort, Schuldregelingstatus

S = Schuldregelingstatus
NORM_120 = "schuldregeling-120"
REGELINGPRODUCTEN = [Productsoort.SCHULDBEMIDDELING, Productsoort.SANERINGSKREDIET]
RESULTAAT_SCHULDENVRIJ = "schuldenvrij"  # klantplan.schuldregeling.services.lopend.RESULTAAT
DAGEN_PER_MAAND = 30.44  # as the definition publishes it (not 365,25 / 12: rounding edges)


def _maanden(dagen) -> float | None:
    """An average of days (Decimal from the database) in months, one decimal."""
    return None if dagen is None else een_decimaal(float(dagen) / DAGEN_PER_MAAND)


def centen_of_niets(gemiddelde) -> int | None:
    """An average amount in cents (Decimal from the database), rounded half to even."""
    return None if gemiddelde is None else round(gemiddelde)


class SchuldenBijStart(FiguurAndereApp):
    sleutel = "schulden_bij_start"
    titel = "Schuldeisers en schuld bij de start van de schuldregeling"
    definitie = (
        "Schuldregelingen (schuldbemiddeling of saneringskrediet) waarvan de regeling in het "
        "kwartaal startte (de startdatum van de regeling: de eerste maand waarin de klant "
        "betaalt, ook bij een saneringskrediet). Per regeling het "
        "aantal schuldeisers (één per vordering) en de totale schuld: per vordering het saldo "
        "dat de schuldeiser op de peildatum opgaf, zonder opgave het bedrag op het "
        "schuldenoverzicht. Gemiddelden over de gestarte regelingen; bedragen in euro."
    )
    app_label = "schuldregeling"
    modellen = ("Regeling", "Onderhandeling")

    def bereken(self, ctx: Context) -> dict:
        regeling, onderhandeling = (
            model(self.app_label, "Regeling"),
            model(self.app_label, "Onderhandeling"),
        )
        per_regeling = onderhandeling.objects.filter(regeling=OuterRef("pk")).values("regeling")
        schuld = per_regeling.annotate(
            s=Sum(Coalesce("saldo_cent", "schuld__actueel_bedrag_cent"))
        ).values("s")
        aantal = per_regeling.annotate(n=Count("pk")).values("n")
        uitkomst = (
            ctx.scope(regeling.objects.filter(startdatum__range=ctx.periode))
            .annotate(schuld_r=Subquery(schuld), eisers_r=Subquery(aantal))
            .aggregate(n=Count("pk"), eisers=Avg("eisers_r"), schuld=Avg("schuld_r"))
        )
        return {
            "gestart": uitkomst["n"],
            "gem_schuldeisers": een_decimaal(uitkomst["eisers"]),
            "gem_schuld_cent": centen_of_niets(uitkomst["schuld"]),
        }

    def regels(self, reeks: list[dict]) -> list[Regel]:
        return [
            Regel("Regelingen gestart", pad(reeks, "gestart")),
            Regel("Gemiddeld aantal schuldeisers", pad(reeks, "gem_schuldeisers"), "gemiddelde"),
            Regel("Gemiddelde schuld", pad(reeks, "gem_schuld_cent"), "centen"),
        ]


class AkkoordBinnen120(Figuur):
    sleutel = "akkoord_120_dagen"
    titel = "Akkoord schuldeisers binnen 120 dagen"
    definitie = (
        "Schuldbemiddelingen waarvan de klok van de norm 'schuldregeling-120' (vanaf de "
        "toelating; een opschorting schuift de deadline op) zijn deadline in het kwartaal had. "
        "Binnen 120 dagen: de schuldbemiddeling kreeg op of vóór de deadline de status "
        "'toegekend' (akkoord van alle schuldeisers). Een andere uitkomst (afgewezen, "
        "ingetrokken, dwangakkoord) of nog geen uitkomst telt als niet binnen 120 dagen; "
        "vervallen klokken tellen niet mee."
    )

    def bereken(self, ctx: Context) -> dict:
        toegekend = (
            Gebeurtenis.objects.filter(
                traject=OuterRef("traject"), soort=G.SCHULDREGELING, gegevens__status=S.TOEGEKEND
            )
            .annotate(product_=Cast(KeyTextTransform("product", "gegevens"), IntegerField()))
            .filter(product_=OuterRef("product_id"))
            .order_by("datum")
            .values("datum")[:1]
        )
        uitkomst = (
            ctx.scope(Normbewaking.objects.filter(norm__code=NORM_120, product__isnull=False))
            .filter(deadline__range=ctx.periode, vervallen=False)
            .annotate(akkoord=Subquery(toegekend))
            .aggregate(
                n=Count("pk"),
                binnen=Count("pk", filter=Q(akkoord__lte=F("deadline"))),
            )
        )
        return {
            "deadline": uitkomst["n"],
            "binnen": uitkomst["binnen"],
            "pct": pct(uitkomst["binnen"], uitkomst["n"]),
        }

    def regels(self, reeks: list[dict]) -> list[Regel]:
        return [
            Regel("Deadline 120 dagen in het kwartaal", pad(reeks, "deadline")),
            Regel("Akkoord binnen 120 dagen", pad(reeks, "binnen"), niveau=1),
            Regel(
                "Akkoord binnen 120 dagen",
                pad(reeks, "pct"),
                "pct",
                basis=(pad(reeks, "binnen"), pad(reeks, "deadline")),
            ),
        ]

    def grafieken(self, reeks: list[dict], labels: list[str]) -> list[Grafiek]:
        return [trendgrafiek("Akkoord binnen 120 dagen", labels, pad(reeks, "pct"), "pct")]


class ViaDwangakkoord(Figuur):
    sleutel = "via_dwangakkoord"
    titel = "Schuldregelingen tot stand via dwangakkoord"
    definitie = (
        "Schuldbemiddelingen die in het kwartaal tot stand kwamen: met akkoord van alle "
        "schuldeisers (status 'toegekend') of doordat de rechter een dwangakkoord toewees "
        "(art. 287a Faillissementswet). Het deel via dwangakkoord is het aantal toegewezen "
        "dwangakkoorden gedeeld door alle regelingen die tot stand kwamen."
    )

    def bereken(self, ctx: Context) -> dict:
        uitkomst = (
            ctx.gebeurtenissen()
            .filter(soort=G.SCHULDREGELING, datum__range=ctx.periode)
            .annotate(
                status_=KeyTextTransform("status", "gegevens"),
                product_=KeyTextTransform("product", "gegevens"),
            )
            .aggregate(
                minnelijk=Count("product_", distinct=True, filter=Q(status_=S.TOEGEKEND)),
                dwangakkoord=Count("product_", distinct=True, filter=Q(status_=S.DWANGAKKOORD)),
            )
        )
        totaal = uitkomst["minnelijk"] + uitkomst["dwangakkoord"]
        return {**uitkomst, "pct": pct(uitkomst["dwangakkoord"], totaal)}

    def regels(self, reeks: list[dict]) -> list[Regel]:
        totaal = [(d["minnelijk"] or 0) + (d["dwangakkoord"] or 0) for d in reeks]
        return [
            Regel("Tot stand gekomen", totaal),
            Regel("Met akkoord van alle schuldeisers", pad(reeks, "minnelijk"), niveau=1),
            Regel("Via dwangakkoord", pad(reeks, "dwangakkoord"), niveau=1),
            Regel(
                "Via dwangakkoord",
                pad(reeks, "pct"),
                "pct",
                basis=(pad(reeks, "dwangakkoord"), totaal),
            ),
        ]


class Schuldenvrij(Figuur):
    sleutel = "schuldenvrij"
    titel = "Schuldregelingen die eindigden met schuldenvrij"
    definitie = (
        "Schuldbemiddelingen en saneringskredieten die in het kwartaal eindigden (gebeurtenis "
        "'product beëindigd'), en het deel daarvan met het resultaat 'schuldenvrij' (de "
        "finale kwijting na de regeling). Een regeling die eindigde in de Wsnp of voortijdig "
        "telt als niet schuldenvrij."
    )

    def bereken(self, ctx: Context) -> dict:
        uitkomst = (
            ctx.gebeurtenissen()
            .filter(
                soort=G.PRODUCT_BEEINDIGD,
                datum__range=ctx.periode,
                gegevens__productsoort__in=REGELINGPRODUCTEN,
            )
            .aggregate(
                n=Count("pk"),
                vrij=Count("pk", filter=Q(gegevens__resultaat__iexact=RESULTAAT_SCHULDENVRIJ)),
            )
        )
        return {
            "beeindigd": uitkomst["n"],
            "schuldenvrij": uitkomst["vrij"],
            "pct": pct(uitkomst["vrij"], uitkomst["n"]),
        }

    def regels(self, reeks: list[dict]) -> list[Regel]:
        return [
            Regel("Schuldregelingen beëindigd", pad(reeks, "beeindigd")),
            Regel("Schuldenvrij", pad(reeks, "schuldenvrij"), niveau=1),
            Regel(
                "Schuldenvrij",
                pad(reeks, "pct"),
                "pct",
                basis=(pad(reeks, "schuldenvrij"), pad(reeks, "beeindigd")),
            ),
        ]


class LooptijdRegeling(FiguurAndereApp):
    sleutel = "looptijd_regeling"
    titel = "Looptijd van schuldregelingen tot de finale kwijting"
    definitie = (
        "Schuldregelingen met de finale kwijting (regeling afgerond) op een datum in het "
        "kwartaal. Gemiddelde looptijd in maanden (dagen gedeeld door 30,44): vanaf de start "
        "van het product (schuldbemiddeling of saneringskrediet) en vanaf de start van de "
        "betalingen (startdatum van de regeling), tot de datum van de finale kwijting."
    )
    app_label = "schuldregeling"
    modellen = ("Regeling",)

    def bereken(self, ctx: Context) -> dict:
        regeling = model(self.app_label, "Regeling")
        uitkomst = (
            ctx.scope(regeling.objects.filter(fase="afgerond", einddatum__range=ctx.periode))
            .annotate(
                vanaf_product=Dagen("einddatum", "product__startdatum"),
                vanaf_start=Dagen("einddatum", "startdatum"),
            )
            .aggregate(n=Count("pk"), product=Avg("vanaf_product"), start=Avg("vanaf_start"))
        )
        return {
            "afgerond": uitkomst["n"],
            "maanden_vanaf_product": _maanden(uitkomst["product"]),
            "maanden_vanaf_start": _maanden(uitkomst["start"]),
        }

    def regels(self, reeks: list[dict]) -> list[Regel]:
        return [
            Regel("Finale kwijting", pad(reeks, "afgerond")),
            Regel(
                "Gemiddeld vanaf de start van het product",
                pad(reeks, "maanden_vanaf_product"),
                "maanden",
            ),
            Regel(
                "Gemiddeld vanaf de start van de betalingen",
                pad(reeks, "maanden_vanaf_start"),
                "maanden",
            ),
        ]
