"""Crisis: crisisinterventies by kind of threat, and moratoria."""

from __future__ import annotations

from django.db.models import Count, Q

from rapportage.figuren.basis import (
    Context,
    Figuur,
    Grafiek,
    Regel,
    pad,
    trendgrafiek,
    verdeling,
)
from trajecten.models import BedreigendeSituatie, Crisisinterventie, Moratorium

_TELLERS = ("gestart", "afgerond", "voorkomen")


class Crisisinterventies(Figuur):
    sleutel = "crisisinterventies"
    titel = "Crisisinterventies"
    definitie = (
        "Crisisinterventies met een startdatum in het kwartaal, naar soort bedreiging; en "
        "crisisinterventies met een einddatum in het kwartaal, met hoeveel daarvan de dreiging "
        "is voorkomen."
    )

    def bereken(self, ctx: Context) -> dict:
        gestart = Q(startdatum__range=ctx.periode)
        afgerond = Q(einddatum__range=ctx.periode)
        rijen = (
            ctx.scope(Crisisinterventie.objects.all())
            .filter(gestart | afgerond)
            .values("soort")
            .annotate(
                gestart=Count("pk", filter=gestart),
                afgerond=Count("pk", filter=afgerond),
                voorkomen=Count("pk", filter=afgerond & Q(voorkomen=True)),
            )
            .order_by()
        )
        per_soort = {s: dict.fromkeys(_TELLERS, 0) for s in BedreigendeSituatie.values}
        for r in rijen:
            per_soort[r["soort"]] = {k: r[k] for k in _TELLERS}
        totaal = {k: sum(v[k] for v in per_soort.values()) for k in _TELLERS}
        return {**totaal, "per_soort": per_soort}

    def regels(self, reeks: list[dict]) -> list[Regel]:
        return [
            Regel("Gestart", pad(reeks, "gestart")),
            *verdeling(reeks, "per_soort", BedreigendeSituatie, sub="gestart"),
            Regel("Afgerond", pad(reeks, "afgerond")),
            Regel("Waarvan dreiging voorkomen", pad(reeks, "voorkomen"), niveau=1),
        ]

    def grafieken(self, reeks: list[dict], labels: list[str]) -> list[Grafiek]:
        return [trendgrafiek("Crisisinterventies gestart", labels, pad(reeks, "gestart"))]


class Moratoria(Figuur):
    sleutel = "moratoria"
    titel = "Moratoria"
    definitie = (
        "Moratoria met een aanvraagdatum in het kwartaal, met een startdatum in het kwartaal, en "
        "moratoria die op de laatste dag van het kwartaal liepen."
    )

    def bereken(self, ctx: Context) -> dict:
        eind = ctx.tijdvak.eind
        return ctx.scope(Moratorium.objects.all()).aggregate(
            aangevraagd=Count("pk", filter=Q(aanvraagdatum__range=ctx.periode)),
            gestart=Count("pk", filter=Q(startdatum__range=ctx.periode)),
            lopend_eind=Count(
                "pk",
                filter=Q(startdatum__lte=eind)
                & (Q(einddatum__isnull=True) | Q(einddatum__gte=eind)),
            ),
        )

    def regels(self, reeks: list[dict]) -> list[Regel]:
        return [
            Regel("Aangevraagd", pad(reeks, "aangevraagd")),
            Regel("Gestart", pad(reeks, "gestart")),
            Regel("Lopend aan het eind van het kwartaal", pad(reeks, "lopend_eind")),
        ]
