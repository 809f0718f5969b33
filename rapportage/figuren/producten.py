"""Producten: stand and in- and outflow per product, schuldregelingen, budgetbeheer's result."""

from __future__ import annotations

from django.db.models import Count, Q
from django.db.models.fields.json import KeyTextTransform

from rapportage.figuren.basis import (
    Context,
    Figuur,
    G,
    Grafiek,
    Regel,
    pad,
    pct,
    trendgrafiek,
    verdelinggrafiek,
)
from trajecten.models import Productsoort, Schuldregelingstatus

S = Schuldregelingstatus
# The steps that count, with their row label.
UITKOMSTEN = {
    S.INGEDIEND: "Voorstel ingediend",
    S.TOEGEKEND: "Toegekend (akkoord schuldeisers)",
    S.AFGEWEZEN: "Afgewezen",
    S.INGETROKKEN: "Ingetrokken",
    S.DWANGAKKOORD: "Dwangakkoord toegewezen",
}
_STAND = ("begin", "in", "uit", "eind")


class Producten(Figuur):
    sleutel = "producten"
    titel = "Producten: stand en in- en uitstroom"
    definitie = (
        "Per product, uit de gebeurtenissen 'product gestart' en 'product beëindigd': lopend aan "
        "het begin (gestart vóór de eerste dag van het kwartaal en toen niet beëindigd), "
        "instroom (gestart in het kwartaal), uitstroom (beëindigd in het kwartaal) en lopend aan "
        "het eind (begin plus instroom min uitstroom)."
    )

    def bereken(self, ctx: Context) -> dict:
        start, eind = ctx.periode
        gestart, beeindigd = Q(soort=G.PRODUCT_GESTART), Q(soort=G.PRODUCT_BEEINDIGD)
        rijen = (
            ctx.gebeurtenissen()
            .filter(soort__in=[G.PRODUCT_GESTART, G.PRODUCT_BEEINDIGD], datum__lte=eind)
            .annotate(productsoort=KeyTextTransform("productsoort", "gegevens"))
            .values("productsoort")
            .annotate(
                gestart_voor=Count("pk", filter=gestart & Q(datum__lt=start)),
                beeindigd_voor=Count("pk", filter=beeindigd & Q(datum__lt=start)),
                instroom=Count("pk", filter=gestart & Q(datum__gte=start)),
                uitstroom=Count("pk", filter=beeindigd & Q(datum__gte=start)),
            )
            .order_by()
        )
        per_soort = {s: dict.fromkeys(_STAND, 0) for s in Productsoort.values}
        for r in rijen:
            begin = r["gestart_voor"] - r["beeindigd_voor"]
            per_soort[r["productsoort"]] = {
                "begin": begin,
                "in": r["instroom"],
                "uit": r["uitstroom"],
                "eind": begin + r["instroom"] - r["uitstroom"],
            }
        return {"per_soort": per_soort}

    def regels(self, reeks: list[dict]) -> list[Regel]:
        regels = []
        for soort in Productsoort:
            waarden = [pad(reeks, "per_soort", soort.value, v) for v in _STAND]
            if not any(any(w) for w in waarden):
                continue  # a product that never ran in these quarters
            regels += [
                Regel(f"{soort.label}: lopend aan het eind", waarden[3]),
                Regel("Lopend aan het begin", waarden[0], niveau=1),
                Regel("Instroom", waarden[1], niveau=1),
                Regel("Uitstroom", waarden[2], niveau=1),
            ]
        return regels

    def grafieken(self, reeks: list[dict], labels: list[str]) -> list[Grafiek]:
        per_soort = reeks[-1]["per_soort"]
        lopend = [
            (s.label, per_soort.get(s.value, {}).get("eind", 0))
            for s in Productsoort
            if per_soort.get(s.value, {}).get("eind", 0)
        ]
        if not lopend:
            return []
        return [
            verdelinggrafiek(
                "Lopend aan het eind van het kwartaal, per product",
                lopend,
                titel="Lopende producten",
            )
        ]


class Schuldregelingen(Figuur):
    sleutel = "schuldregelingen"
    titel = "Resultaten van schuldregelingen"
    definitie = (
        "Aantal schuldregelingen (schuldbemiddelingen) dat in het kwartaal een stap bereikte: "
        "voorstel ingediend, toegekend (akkoord schuldeisers), afgewezen, ingetrokken of "
        "dwangakkoord toegewezen. Een regeling telt per uitkomst één keer per kwartaal. Wsnp: "
        "Wsnp-trajecten die in het kwartaal startten."
    )

    def bereken(self, ctx: Context) -> dict:
        product = KeyTextTransform("product", "gegevens")
        status = KeyTextTransform("status", "gegevens")
        stappen = (
            ctx.gebeurtenissen()
            .filter(soort=G.SCHULDREGELING, datum__range=ctx.periode)
            .annotate(status_=status, product_=product)
            .aggregate(
                **{
                    s.value: Count("product_", distinct=True, filter=Q(status_=s.value))
                    for s in UITKOMSTEN
                }
            )
        )
        wsnp = (
            ctx.gebeurtenissen()
            .filter(
                soort=G.PRODUCT_GESTART,
                datum__range=ctx.periode,
                gegevens__productsoort=Productsoort.WSNP,
            )
            .count()
        )
        return {**stappen, "wsnp": wsnp}

    def regels(self, reeks: list[dict]) -> list[Regel]:
        return [Regel(naam, pad(reeks, s.value)) for s, naam in UITKOMSTEN.items()] + [
            Regel("Wsnp gestart", pad(reeks, "wsnp"))
        ]


class Zelfredzaam(Figuur):
    sleutel = "zelfredzaam"
    titel = "Zelfredzaam na budgetbeheer"
    definitie = (
        "Budgetbeheer dat in het kwartaal eindigde: het deel waarbij bij het einde is vastgelegd "
        "dat de klant financieel zelfredzaam is. Onbekend telt als niet zelfredzaam. Doel "
        "standaard 50%."
    )

    def bereken(self, ctx: Context) -> dict:
        uitkomst = (
            ctx.gebeurtenissen()
            .filter(
                soort=G.PRODUCT_BEEINDIGD,
                datum__range=ctx.periode,
                gegevens__productsoort=Productsoort.BUDGETBEHEER,
            )
            .aggregate(
                beeindigd=Count("pk"),
                ja=Count("pk", filter=Q(gegevens__zelfredzaam=True)),
                nee=Count("pk", filter=Q(gegevens__zelfredzaam=False)),
            )
        )
        return {
            "doel": ctx.instellingen.doel_zelfredzaam,
            "beeindigd": uitkomst["beeindigd"],
            "zelfredzaam": uitkomst["ja"],
            "onbekend": uitkomst["beeindigd"] - uitkomst["ja"] - uitkomst["nee"],
            "pct": pct(uitkomst["ja"], uitkomst["beeindigd"]),
        }

    def regels(self, reeks: list[dict]) -> list[Regel]:
        return [
            Regel("Budgetbeheer beëindigd", pad(reeks, "beeindigd")),
            Regel("Financieel zelfredzaam", pad(reeks, "zelfredzaam"), niveau=1),
            Regel("Onbekend", pad(reeks, "onbekend"), niveau=1),
            Regel(
                "Zelfredzaam",
                pad(reeks, "pct"),
                "pct",
                basis=(pad(reeks, "zelfredzaam"), pad(reeks, "beeindigd")),
            ),
        ]

    def grafieken(self, reeks: list[dict], labels: list[str]) -> list[Grafiek]:
        return [
            trendgrafiek(
                "Zelfredzaam na budgetbeheer", labels, pad(reeks, "pct"), "pct", reeks[-1]["doel"]
            )
        ]
