"""Klantplan: gesprekken and klachten (models looked up by label, see andere_apps)."""

from __future__ import annotations

from django.db.models import Count, Q

from rapportage.figuren.andere_apps import (
    FiguurAndereApp,
    keuzes,
    model,
    per_keuze,
    verdeling_keuzes,
)
from rapportage.figuren.basis import Context, Regel, pad


class Gesprekken(FiguurAndereApp):
    sleutel = "gesprekken"
    titel = "Gesprekken (adviesgesprekken en andere)"
    definitie = (
        "Gesprekken die in het klantplan zijn vastgelegd met een datum in het kwartaal, naar "
        "soort: adviesgesprek, intakegesprek, extra gesprek, monitoringgesprek en exitgesprek."
    )
    app_label = "klantplan"
    modellen = ("Gesprek",)

    def bereken(self, ctx: Context) -> dict:
        rijen = (
            ctx.scope(model("klantplan", "Gesprek").objects.all())
            .filter(datum__range=ctx.periode)
            .values("soort")
            .annotate(n=Count("pk"))
            .order_by()
        )
        per_soort = per_keuze(rijen, "soort", keuzes("klantplan", "Gesprek", "soort"))
        return {"totaal": sum(per_soort.values()), "per_soort": per_soort}

    def regels(self, reeks: list[dict]) -> list[Regel]:
        return [
            Regel("Gesprekken", pad(reeks, "totaal")),
            *verdeling_keuzes(reeks, "per_soort", keuzes("klantplan", "Gesprek", "soort")),
        ]


class Klachten(FiguurAndereApp):
    sleutel = "klachten"
    titel = "Klachten en bezwaren"
    definitie = (
        "Klachten en bezwaren met een ontvangstdatum in het kwartaal, naar soort; afgehandeld in "
        "het kwartaal, naar uitkomst; en het aantal dat op de laatste dag van het kwartaal nog "
        "in behandeling was."
    )
    app_label = "klantplan"
    modellen = ("Klacht",)

    def bereken(self, ctx: Context) -> dict:
        klacht = model("klantplan", "Klacht")
        eind = ctx.tijdvak.eind
        qs = ctx.scope(klacht.objects.all())
        binnen = (
            qs.filter(datum__range=ctx.periode).values("soort").annotate(n=Count("pk")).order_by()
        )
        afgehandeld = (
            qs.filter(afgehandeld_op__range=ctx.periode)
            .values("uitkomst")
            .annotate(n=Count("pk"))
            .order_by()
        )
        open_eind = qs.filter(datum__lte=eind).filter(
            Q(afgehandeld_op__isnull=True) | Q(afgehandeld_op__gt=eind)
        )
        return {
            "ontvangen": per_keuze(binnen, "soort", keuzes("klantplan", "Klacht", "soort")),
            "afgehandeld": per_keuze(
                afgehandeld, "uitkomst", keuzes("klantplan", "Klacht", "uitkomst")
            ),
            "open_eind": open_eind.count(),
        }

    def regels(self, reeks: list[dict]) -> list[Regel]:
        ontvangen = keuzes("klantplan", "Klacht", "soort")
        return [
            Regel("Ontvangen", [sum(d["ontvangen"].values()) for d in reeks]),
            *verdeling_keuzes(reeks, "ontvangen", ontvangen),
            Regel("Afgehandeld", [sum(d["afgehandeld"].values()) for d in reeks]),
            *verdeling_keuzes(
                reeks,
                "afgehandeld",
                [k for k in keuzes("klantplan", "Klacht", "uitkomst") if k[0] != "open"],
            ),
            Regel("In behandeling aan het eind", pad(reeks, "open_eind")),
        ]
