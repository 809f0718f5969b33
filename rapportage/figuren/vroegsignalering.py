"""Vroegsignalering: signals by partner, signaalzaken contacted and turned into aanmeldingen."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, F, Q

from rapportage.figuren.andere_apps import (
    FiguurAndereApp,
    keuzes,
    model,
    per_keuze,
    verdeling_keuzes,
)
from rapportage.figuren.basis import (
    Context,
    Dagen,
    G,
    Grafiek,
    Regel,
    eerste_datum,
    pad,
    pct,
    trendgrafiek,
)


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


class RustNaSignaal(FiguurAndereApp):
    sleutel = "vroeg_rust_na_signaal"
    titel = "Vroegsignalering: financiële rust binnen 5 weken na het signaal"
    definitie = (
        "Signaalzaken waarvan de termijn (de datum van het eerste signaal – de melding van de "
        "partner, bijvoorbeeld via RIS – plus het ingestelde aantal weken, standaard 5) in het "
        "kwartaal afliep, ook zaken die nooit een aanmelding werden. Binnen de termijn: het "
        "traject van de zaak bereikte financiële rust (de eerste gebeurtenis 'financiële rust') "
        "op of vóór de laatste dag van de termijn. Een zaak zonder aanmelding, of met financiële "
        "rust na de termijn, telt als niet binnen de termijn. Doel: het doel voor financiële "
        "rust (standaard 80%)."
    )
    app_label = "vroegsignalering"
    modellen = ("Signaalzaak",)

    def bereken(self, ctx: Context) -> dict:
        zaak = model("vroegsignalering", "Signaalzaak")
        termijn = timedelta(weeks=ctx.instellingen.termijn_financiele_rust_weken)
        start, eind = ctx.periode
        uitkomst = (
            ctx.scope(zaak.objects.all(), "gemeente_id")
            .filter(eerste_signaal_op__range=(start - termijn, eind - termijn))
            .annotate(rust=eerste_datum(G.FINANCIELE_RUST, "traject"))
            .annotate(dagen_rust=Dagen(F("rust"), F("eerste_signaal_op")))
            .aggregate(
                aantal=Count("pk"),
                binnen=Count("pk", filter=Q(dagen_rust__lte=termijn.days)),
                zonder_aanmelding=Count("pk", filter=Q(traject__isnull=True)),
            )
        )
        return {
            "doel": ctx.instellingen.doel_financiele_rust,
            "termijn_weken": ctx.instellingen.termijn_financiele_rust_weken,
            **uitkomst,
            "pct": pct(uitkomst["binnen"], uitkomst["aantal"]),
        }

    def regels(self, reeks: list[dict]) -> list[Regel]:
        return [
            Regel(
                "Binnen de termijn na het signaal",
                pad(reeks, "pct"),
                "pct",
                basis=(pad(reeks, "binnen"), pad(reeks, "aantal")),
            ),
            Regel("Termijnen in het kwartaal", pad(reeks, "aantal"), niveau=1),
            Regel("Financiële rust binnen de termijn", pad(reeks, "binnen"), niveau=1),
            Regel("Nooit aangemeld", pad(reeks, "zonder_aanmelding"), niveau=1),
        ]

    def grafieken(self, reeks: list[dict], labels: list[str]) -> list[Grafiek]:
        return [
            trendgrafiek(
                "Vroegsignalering: rust binnen de termijn na het signaal",
                labels,
                pad(reeks, "pct"),
                "pct",
                reeks[-1]["doel"],
            )
        ]
