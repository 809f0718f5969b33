"""Vroegsignalering: signals by partner, signaalzaken contacted and turned into aanmeldingen."""

from __future__ import annotations

from django.db.models import Count, F, Q

from rapportage.figuren.andere_apps import (
    FiguurAndereApp,
    keuzes,
    model,
    per_keuze,
    verdeling_keuzes,
)
from rapportage.figuren.basis import Context, Dagen, Regel, pad, pct


class Vroegsignalen(FiguurAndereApp):
    sleutel = "vroegsignalen"
    titel = "Vroegsignalering"
    definitie = (
        "Vroegsignalen met een ontvangstdatum in het kwartaal, naar soort partner. Signaalzaken "
        "met hun eerste signaal in het kwartaal: hoeveel binnen 2 weken (14 dagen) na het eerste "
        "signaal contact hadden en hoeveel zijn omgezet in een aanmelding. Gesloten zaken: "
        "afgehandeld in het kwartaal, naar sluitreden."
    )
    app_label = "vroegsignalering"
    modellen = ("Vroegsignaal", "Signaalzaak")

    def bereken(self, ctx: Context) -> dict:
        signaal = model("vroegsignalering", "Vroegsignaal")
        zaak = model("vroegsignalering", "Signaalzaak")
        signalen = (
            ctx.scope(signaal.objects.all(), "gemeente_id")
            .filter(ontvangen_op__range=ctx.periode)
            .values("partner_soort")
            .annotate(n=Count("pk"))
            .order_by()
        )
        zaken = (
            ctx.scope(zaak.objects.all(), "gemeente_id")
            .filter(eerste_signaal_op__range=ctx.periode)
            .annotate(dagen_contact=Dagen(F("eerste_contact_op"), F("eerste_signaal_op")))
            .aggregate(
                nieuw=Count("pk"),
                contact_2_weken=Count("pk", filter=Q(dagen_contact__lte=14)),
                aangemeld=Count("pk", filter=Q(traject__isnull=False)),
            )
        )
        gesloten = (
            ctx.scope(zaak.objects.all(), "gemeente_id")
            .filter(afgehandeld_op__range=ctx.periode)
            .exclude(sluitreden="")
            .values("sluitreden")
            .annotate(n=Count("pk"))
            .order_by()
        )
        per_partner = per_keuze(
            signalen,
            "partner_soort",
            keuzes("vroegsignalering", "Vroegsignaal", "partner_soort"),
        )
        return {
            "signalen": sum(per_partner.values()),
            "per_partner": per_partner,
            **zaken,
            "contact_2_weken_pct": pct(zaken["contact_2_weken"], zaken["nieuw"]),
            "gesloten_per_reden": per_keuze(
                gesloten, "sluitreden", keuzes("vroegsignalering", "Signaalzaak", "sluitreden")
            ),
        }

    def regels(self, reeks: list[dict]) -> list[Regel]:
        return [
            Regel("Signalen ontvangen", pad(reeks, "signalen")),
            *verdeling_keuzes(
                reeks, "per_partner", keuzes("vroegsignalering", "Vroegsignaal", "partner_soort")
            ),
            Regel("Nieuwe signaalzaken", pad(reeks, "nieuw")),
            Regel("Contact binnen 2 weken", pad(reeks, "contact_2_weken"), niveau=1),
            Regel(
                "Contact binnen 2 weken",
                pad(reeks, "contact_2_weken_pct"),
                "pct",
                niveau=1,
                basis=(pad(reeks, "contact_2_weken"), pad(reeks, "nieuw")),
            ),
            Regel("Omgezet in een aanmelding", pad(reeks, "aangemeld"), niveau=1),
            Regel("Gesloten", [sum(d["gesloten_per_reden"].values()) for d in reeks]),
            *verdeling_keuzes(
                reeks,
                "gesloten_per_reden",
                keuzes("vroegsignalering", "Signaalzaak", "sluitreden"),
            ),
        ]
