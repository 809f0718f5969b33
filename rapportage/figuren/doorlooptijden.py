"""Doorlooptijden: the lead-time norms, financial rest within the term, intake to toelating."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Avg, Count, Exists, F, Max, Min, OuterRef, Q

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
    verdelinggrafiek,
)
from trajecten.models import UITSTROOM_SOORTEN, Aanmeldkanaal, Gebeurtenis, Normbewaking, Traject
from trajecten.samenwerking import overdrachtklok
from trajecten.samenwerking.models import Overdracht
from trajecten.samenwerking.normen import OVERDRACHTNORM


def norm_sleutels(reeks: list[dict]) -> dict[str, dict]:
    """Every norm that occurs in any of the quarters, in report order (legal first)."""
    gezien: dict[str, dict] = {}
    for kwartaal in reversed(reeks):
        for norm in kwartaal["normen"]:
            gezien.setdefault(norm["sleutel"], norm)
    return dict(sorted(gezien.items(), key=lambda kv: (not kv[1]["wettelijk"], kv[1]["code"])))


def norm_reeks(reeks: list[dict], sleutel: str, veld: str) -> list[Any]:
    leeg = {"aantal": 0, "gehaald": 0, "niet_gehaald": 0, "pct": None}
    return [next((n for n in k["normen"] if n["sleutel"] == sleutel), leeg)[veld] for k in reeks]


class Normen(Figuur):
    sleutel = "normen"
    titel = "Doorlooptijdnormen"
    definitie = (
        "Per norm de klokken (normbewaking) waarvan de deadline in het kwartaal viel. Gehaald: "
        "het eindproduct op of vóór de deadline; niet gehaald: later of (nog) niet. Een "
        "opschorting schuift de deadline op; een opgeschorte klok telt mee in het kwartaal van "
        "zijn verschoven deadline. Vervallen klokken (het traject eindigde vóór het eindproduct "
        "en vóór de deadline) tellen niet mee. Wettelijke termijnen (Wgs, Awb) staan apart van "
        "de contractnormen. Stoplicht: groen als het percentage gehaald het doel haalt, oranje "
        "als het hooguit 10 procentpunt lager is, rood als het meer dan 10 procentpunt lager is. "
        "De warme overdracht (contractnorm) wordt per overdracht gemeten, niet met een klok van "
        "het traject: overdrachten met de deadline in het kwartaal; gehaald als de ontvanger op "
        "of vóór de deadline accepteerde. Een niet geaccepteerde overdracht van een traject dat "
        "op of vóór de deadline eindigde, vervalt."
    )

    def bereken(self, ctx: Context) -> dict:
        groepen = (
            ctx.scope(Normbewaking.objects.all())
            .filter(deadline__range=ctx.periode, vervallen=False)
            .values("norm__code", "norm__wettelijk", "norm__doelpercentage")
            .annotate(
                naam=Max("norm__naam"),
                aantal=Count("pk"),
                gehaald=Count("pk", filter=Q(gehaald_op__lte=F("deadline"))),
            )
            .order_by("-norm__wettelijk", "norm__code", "norm__doelpercentage")
        )
        normen = [
            {
                "sleutel": f"{g['norm__code']}@{g['norm__doelpercentage']}",
                "code": g["norm__code"],
                "naam": g["naam"],
                "wettelijk": g["norm__wettelijk"],
                "doel": g["norm__doelpercentage"],
                "aantal": g["aantal"],
                "gehaald": g["gehaald"],
                "niet_gehaald": g["aantal"] - g["gehaald"],
                "pct": pct(g["gehaald"], g["aantal"]),
            }
            for g in groepen
        ]
        return {"normen": normen + _overdrachtnorm(ctx)}

    def regels(self, reeks: list[dict]) -> list[Regel]:
        regels: list[Regel] = []
        for sleutel, norm in norm_sleutels(reeks).items():
            soort = "wettelijk" if norm["wettelijk"] else "contractnorm"
            regels += [
                Regel(
                    f"{norm['naam']} ({soort}, doel {norm['doel']}%)",
                    norm_reeks(reeks, sleutel, "pct"),
                    "pct",
                    basis=(
                        norm_reeks(reeks, sleutel, "gehaald"),
                        norm_reeks(reeks, sleutel, "aantal"),
                    ),
                ),
                Regel("Termijnen in het kwartaal", norm_reeks(reeks, sleutel, "aantal"), niveau=1),
                Regel("Gehaald", norm_reeks(reeks, sleutel, "gehaald"), niveau=1),
                Regel("Niet gehaald", norm_reeks(reeks, sleutel, "niet_gehaald"), niveau=1),
            ]
        return regels

    def grafieken(self, reeks: list[dict], labels: list[str]) -> list[Grafiek]:
        normen = reeks[-1]["normen"]
        if not normen:
            return []
        return [
            verdelinggrafiek(
                "Percentage gehaald per norm (dit kwartaal)",
                [(n["naam"], n["pct"] or 0) for n in normen],
                titel="Percentage gehaald per norm",
                eenheid="pct",
                doelen=[n["doel"] for n in normen],
            )
        ]


def _overdrachtnorm(ctx: Context) -> list[dict]:
    """The warme overdracht norm, measured on each overdracht (trajecten.samenwerking): it
    has no traject clock, so the query above never sees it. Its name and target come from
    the norm row in force at the end of the quarter (the gemeente's own, else the default)."""
    uitkomst = (
        ctx.scope(Overdracht.objects.all())
        .filter(deadline__range=ctx.periode)
        .annotate(einde=eerste_datum(list(UITSTROOM_SOORTEN)))
        # Lapsed (not counted): not accepted and the traject ended on or before the deadline.
        .filter(
            Q(geaccepteerd_op__isnull=False) | Q(einde__isnull=True) | Q(einde__gt=F("deadline"))
        )
        .aggregate(
            aantal=Count("pk"),
            gehaald=Count("pk", filter=Q(geaccepteerd_op__date__lte=F("deadline"))),
        )
    )
    if not uitkomst["aantal"]:
        return []
    norm = overdrachtklok.norm_op(ctx.gemeente_id, ctx.tijdvak.eind)
    return [
        {
            "sleutel": f"{OVERDRACHTNORM}@{norm.doelpercentage}",
            "code": OVERDRACHTNORM,
            "naam": norm.naam,
            "wettelijk": False,
            "doel": norm.doelpercentage,
            "aantal": uitkomst["aantal"],
            "gehaald": uitkomst["gehaald"],
            "niet_gehaald": uitkomst["aantal"] - uitkomst["gehaald"],
            "pct": pct(uitkomst["gehaald"], uitkomst["aantal"]),
        }
    ]


class FinancieleRust(Figuur):
    sleutel = "financiele_rust"
    titel = "Financiële rust binnen 5 weken"
    definitie = (
        "Aanmeldingen waarvan de termijn (aanmelddatum plus het ingestelde aantal weken, "
        "standaard 5) in het kwartaal afliep. Binnen de termijn: de eerste gebeurtenis "
        "'financiële rust' valt op of vóór de laatste dag van de termijn. Aanmeldingen die binnen "
        "de termijn zonder financiële rust uitstroomden of werden afgewezen, vervallen en tellen "
        "niet mee. Apart voor vroegsignalering en voor alle andere kanalen; doel standaard 80%."
    )
    GROEPEN = (("vroeg", "Vroegsignalering"), ("overig", "Andere aanmeldingen"))

    def bereken(self, ctx: Context) -> dict:
        """Cohort: aanmeldingen whose term (aanmelding + N weeks) ended in the quarter."""
        termijn = 7 * ctx.instellingen.termijn_financiele_rust_weken
        start, eind = ctx.periode
        vroeg = Q(kanaal=Aanmeldkanaal.VROEGSIGNALERING)
        binnen = Q(dagen_rust__lte=termijn)
        # Left (uitstroom or afwijzing) within the term without reaching rust: the norm lapses.
        vervallen = Q(dagen_uit__lte=termijn) & (
            Q(dagen_rust__isnull=True) | Q(dagen_rust__gt=termijn)
        )
        venster = (start - timedelta(days=termijn), eind - timedelta(days=termijn))
        datum = "gebeurtenissen__datum"
        soort = "gebeurtenissen__soort"
        # Per traject (one join, grouped): first aanmelding, first rust, first closing event.
        uitkomst = (
            ctx.scope(Traject.objects.all(), "gemeente_id")
            .filter(
                Exists(
                    Gebeurtenis.objects.filter(
                        traject=OuterRef("pk"), soort=G.AANMELDING, datum__range=venster
                    )
                )
            )
            .annotate(
                aangemeld=Min(datum, filter=Q(**{soort: G.AANMELDING})),
                rust=Min(datum, filter=Q(**{soort: G.FINANCIELE_RUST})),
                uit=Min(datum, filter=Q(**{f"{soort}__in": UITSTROOM_SOORTEN})),
            )
            .filter(aangemeld__range=venster)
            .annotate(
                dagen_rust=Dagen(F("rust"), F("aangemeld")),
                dagen_uit=Dagen(F("uit"), F("aangemeld")),
            )
            .aggregate(
                vroeg_alle=Count("pk", filter=vroeg),
                vroeg_vervallen=Count("pk", filter=vroeg & vervallen),
                vroeg_binnen=Count("pk", filter=vroeg & binnen),
                overig_alle=Count("pk", filter=~vroeg),
                overig_vervallen=Count("pk", filter=~vroeg & vervallen),
                overig_binnen=Count("pk", filter=~vroeg & binnen),
            )
        )
        uit: dict[str, Any] = {
            "doel": ctx.instellingen.doel_financiele_rust,
            "termijn_weken": ctx.instellingen.termijn_financiele_rust_weken,
        }
        for groep, _ in self.GROEPEN:
            aantal = uitkomst[f"{groep}_alle"] - uitkomst[f"{groep}_vervallen"]
            uit[groep] = {
                "aantal": aantal,
                "binnen": uitkomst[f"{groep}_binnen"],
                "vervallen": uitkomst[f"{groep}_vervallen"],
                "pct": pct(uitkomst[f"{groep}_binnen"], aantal),
            }
        return uit

    def regels(self, reeks: list[dict]) -> list[Regel]:
        regels = []
        for groep, naam in self.GROEPEN:
            regels += [
                Regel(
                    f"{naam}: binnen de termijn",
                    pad(reeks, groep, "pct"),
                    "pct",
                    basis=(pad(reeks, groep, "binnen"), pad(reeks, groep, "aantal")),
                ),
                Regel("Termijnen in het kwartaal", pad(reeks, groep, "aantal"), niveau=1),
                Regel("Financiële rust binnen de termijn", pad(reeks, groep, "binnen"), niveau=1),
                Regel("Vervallen (eerder uitgestroomd)", pad(reeks, groep, "vervallen"), niveau=1),
            ]
        return regels

    def grafieken(self, reeks: list[dict], labels: list[str]) -> list[Grafiek]:
        doel = reeks[-1]["doel"]
        return [
            trendgrafiek(
                f"{naam}: binnen de termijn", labels, pad(reeks, groep, "pct"), "pct", doel
            )
            for groep, naam in self.GROEPEN
        ]


class DoorlooptijdToelating(Figuur):
    sleutel = "doorlooptijd_toelating"
    titel = "Doorlooptijd van intake tot start traject"
    definitie = (
        "Voor elk traject met zijn (eerste) toelatingsbeschikking in het kwartaal: het aantal "
        "dagen van het eerste gesprek tot de toelating. Gemiddelde en mediaan in dagen."
    )

    def bereken(self, ctx: Context) -> dict:
        eerder = Gebeurtenis.objects.filter(
            traject=OuterRef("traject"), soort=G.TOELATING, datum__lt=OuterRef("datum")
        )
        uitkomst = (
            ctx.gebeurtenissen()
            .filter(soort=G.TOELATING, datum__range=ctx.periode)
            .exclude(Exists(eerder))
            .annotate(duur=Dagen(F("datum"), eerste_datum(G.EERSTE_GESPREK)))
            .aggregate(aantal=Count("duur"), gemiddeld=Avg("duur"), mediaan=Mediaan("duur"))
        )
        return {
            "aantal": uitkomst["aantal"],
            "gemiddeld_dagen": een_decimaal(uitkomst["gemiddeld"]),
            "mediaan_dagen": een_decimaal(uitkomst["mediaan"]),
        }

    def regels(self, reeks: list[dict]) -> list[Regel]:
        return [
            Regel("Toelatingen", pad(reeks, "aantal")),
            Regel(
                "Gemiddeld van eerste gesprek tot toelating", pad(reeks, "gemiddeld_dagen"), "dagen"
            ),
            Regel("Mediaan", pad(reeks, "mediaan_dagen"), "dagen"),
        ]

    def grafieken(self, reeks: list[dict], labels: list[str]) -> list[Grafiek]:
        return [
            trendgrafiek(
                "Gemiddeld dagen van intake tot toelating",
                labels,
                pad(reeks, "gemiddeld_dagen"),
                "dagen",
            )
        ]
