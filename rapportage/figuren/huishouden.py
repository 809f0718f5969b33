"""Figures from the household's budget (issue 15, point 5): who the budgets are of and what
the schuldregelingen could pay, where the data exists (a budget vastgesteld, a voorstel)."""

from __future__ import annotations

from django.db.models import Avg, Count, Exists, OuterRef

from rapportage.figuren.andere_apps import FiguurAndereApp, model
from rapportage.figuren.basis import Context, Regel, pad, pct

# Income kinds of the budget (klantplan/huishouden/models.py Postsoort), by value: this module
# does not import the app.
WERK = "salaris"
UITKERING = "uitkering"


class BudgetEnAflosruimte(FiguurAndereApp):
    sleutel = "budget_aflosruimte"
    titel = "Budget en aflosruimte"
    definitie = (
        "Budgetten die in het kwartaal zijn vastgesteld (de versie die op die dag gold), en van "
        "die budgetten het deel met inkomen uit werk (loon of salaris) en met een uitkering "
        "(beide kan). Met een partner: het huishouden telt één keer. De gemiddelde aflosruimte "
        "is die van de saneringsvoorstellen voor een minnelijke schuldregeling die in het "
        "kwartaal zijn gemaakt (het bedrag in het voorstel; wijkt het af van het budget, dan "
        "staat de reden bij het voorstel). Bedragen in euro per maand."
    )
    app_label = "huishouden"
    modellen = ("Budget", "Budgetpost")

    def bereken(self, ctx: Context) -> dict:
        budget, post = model(self.app_label, "Budget"), model(self.app_label, "Budgetpost")
        voorstel = model("klantplan", "Voorstel")

        def met(soort: str) -> Exists:
            return Exists(post.objects.filter(budget=OuterRef("pk"), soort=soort))

        telling = ctx.scope(
            budget.objects.filter(status="vastgesteld", vastgesteld_op__range=ctx.periode)
        ).aggregate(
            n=Count("pk"),
            werk=Count("pk", filter=met(WERK)),
            uitkering=Count("pk", filter=met(UITKERING)),
        )
        budgetten, werk, uitkering = telling["n"], telling["werk"], telling["uitkering"]
        voorstellen = ctx.scope(
            voorstel.objects.filter(soort="schuldregeling", gemaakt_op__date__range=ctx.periode)
        ).aggregate(n=Count("pk"), gem=Avg("aflosruimte_per_maand_cent"))
        return {
            "budgetten": budgetten,
            "met_werk": werk,
            "met_werk_pct": pct(werk, budgetten),
            "met_uitkering": uitkering,
            "met_uitkering_pct": pct(uitkering, budgetten),
            "voorstellen": voorstellen["n"],
            "gem_aflosruimte_cent": (
                round(voorstellen["gem"]) if voorstellen["gem"] is not None else None
            ),
        }

    def regels(self, reeks: list[dict]) -> list[Regel]:
        return [
            Regel("Budgetten vastgesteld", pad(reeks, "budgetten")),
            Regel(
                "met inkomen uit werk",
                pad(reeks, "met_werk_pct"),
                "pct",
                niveau=1,
                basis=(pad(reeks, "met_werk"), pad(reeks, "budgetten")),
            ),
            Regel(
                "met een uitkering",
                pad(reeks, "met_uitkering_pct"),
                "pct",
                niveau=1,
                basis=(pad(reeks, "met_uitkering"), pad(reeks, "budgetten")),
            ),
            Regel("Voorstellen schuldregeling gemaakt", pad(reeks, "voorstellen")),
            Regel("Gemiddelde aflosruimte", pad(reeks, "gem_aflosruimte_cent"), "centen"),
        ]
