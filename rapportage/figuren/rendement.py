"""Kosten en baten: the maatschappelijk rendement of prevented evictions and cut-offs."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Subquery, Sum

from rapportage.figuren.basis import Context, Figuur, Regel, centen, pad, pct
from rapportage.models import Besparing, Uitvoeringskosten
from trajecten.models import BedreigendeSituatie, Crisisinterventie


def _kosten_centen(ctx: Context) -> tuple[int | None, int]:
    """Costs of the quarter (the row in force on its first day) and gemeenten without one."""
    from schuldhulp.models import Gemeente

    in_kracht = Subquery(
        Uitvoeringskosten.objects.filter(gemeente=OuterRef("pk"), geldig_van__lte=ctx.tijdvak.start)
        .order_by("-geldig_van")
        .values("bedrag_per_kwartaal")[:1]
    )
    gemeenten = Gemeente.objects.all()
    if ctx.gemeente_id is not None:
        gemeenten = gemeenten.filter(pk=ctx.gemeente_id)
    uitkomst = gemeenten.annotate(bedrag=in_kracht).aggregate(
        som=Sum("bedrag"), zonder=Count("pk", filter=Q(bedrag__isnull=True))
    )
    som = uitkomst["som"]
    if som is not None and ctx.tijdvak.kwartaalfractie != 1:
        # Another period than a quarter (dashboard): the quarter's costs pro rata.
        fractie = ctx.tijdvak.kwartaalfractie
        som = som * fractie.numerator / fractie.denominator
    return (None if som is None else centen(som)), uitkomst["zonder"]


class Rendement(Figuur):
    sleutel = "rendement"
    titel = "Maatschappelijk rendement"
    definitie = (
        "Crisisinterventies met een einddatum in het kwartaal waarbij de dreiging is voorkomen, "
        "naar soort, maal de ingestelde besparing per voorkomen gebeurtenis (standaard: "
        "huisuitzetting € 6.000 direct en € 1.080 indirect; afsluiting € 790). Daartegenover de "
        "ingestelde uitvoeringskosten van het kwartaal. Rendement: (baten min kosten) gedeeld "
        "door de kosten."
    )

    def bereken(self, ctx: Context) -> dict:
        besparing = Besparing.objects.filter(soort=OuterRef("soort"))
        rijen = (
            ctx.scope(Crisisinterventie.objects.all())
            .filter(einddatum__range=ctx.periode, voorkomen=True)
            .values("soort")
            .annotate(
                aantal=Count("pk"),
                direct=Subquery(besparing.values("direct")[:1]),
                indirect=Subquery(besparing.values("indirect")[:1]),
            )
            .order_by("soort")
        )
        per_soort = {
            r["soort"]: {
                "aantal": r["aantal"],
                "direct_centen": centen(r["aantal"] * (r["direct"] or Decimal(0))),
                "indirect_centen": centen(r["aantal"] * (r["indirect"] or Decimal(0))),
            }
            for r in rijen
        }
        baten = sum(v["direct_centen"] + v["indirect_centen"] for v in per_soort.values())
        kosten, zonder_kosten = _kosten_centen(ctx)
        netto = None if kosten is None else baten - kosten
        return {
            "per_soort": per_soort,
            "voorkomen": sum(v["aantal"] for v in per_soort.values()),
            "baten_centen": baten,
            "kosten_centen": kosten,
            "gemeenten_zonder_kosten": zonder_kosten,
            "netto_centen": netto,
            "rendement_pct": pct(netto, kosten) if kosten else None,
        }

    def waarom_leeg(self, reeks: list[dict], regel: Regel) -> str:
        if reeks[-1]["kosten_centen"] is None:
            return "uitvoeringskosten voor dit kwartaal niet ingesteld (Rapportage-instellingen)"
        return super().waarom_leeg(reeks, regel)

    def regels(self, reeks: list[dict]) -> list[Regel]:
        regels = [Regel("Voorkomen gebeurtenissen", pad(reeks, "voorkomen"))]
        for soort in BedreigendeSituatie:
            aantallen = pad(reeks, "per_soort", soort.value, "aantal")
            if any(aantallen):
                regels.append(Regel(soort.label, [a or 0 for a in aantallen], niveau=1))
        return [
            *regels,
            Regel("Baten (besparing)", pad(reeks, "baten_centen"), "centen"),
            Regel("Kosten van uitvoering", pad(reeks, "kosten_centen"), "centen"),
            Regel("Netto", pad(reeks, "netto_centen"), "centen"),
            # Money over money, not a share of people: no count to give away.
            Regel("Rendement", pad(reeks, "rendement_pct"), "pct", over_personen=False),
        ]
