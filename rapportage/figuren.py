"""The figures of the kwartaalrapportage: each one a few SQL aggregates over the history rows.

Every figure is a :class:`Figuur`: a key, a title, the definition that the PDF annex and
``docs/rapportage.md`` cite, a function that computes it for one quarter (SQL aggregates:
filtered ``Count``, ``Avg``, ``percentile_cont``; never a Python loop over rows) and a
function that turns five quarters of it into table rows (:class:`Regel`) for screen, PDF
and CSV. Figures of other apps (klantplan, vroegsignalering) are added to :data:`FIGUREN`
the same way, guarded by ``beschikbaar`` so the report works whether or not those apps
have their models yet.

Scope: one gemeente (``gemeente_id``) or, with ``gemeente_id=None``, the whole Stadsbank.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db.models import (
    Aggregate,
    Avg,
    CharField,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce

from rapportage.kwartalen import Kwartaal
from rapportage.models import Besparing, Instellingen, Uitvoeringskosten
from trajecten.models import (
    Aanmeldkanaal,
    BedreigendeSituatie,
    Crisisinterventie,
    Gebeurtenis,
    Gebeurtenissoort,
    Moratorium,
    Normbewaking,
    Productsoort,
    Schuldregelingstatus,
    Traject,
    Uitstroomreden,
)

G = Gebeurtenissoort
AFSLUITING = [G.UITSTROOM, G.AFWIJZING]
# Products that solve the debts (DDAS oplossing, plus the Wsnp as the legal route).
OPLOSSINGEN = [
    Productsoort.SCHULDBEMIDDELING,
    Productsoort.SANERINGSKREDIET,
    Productsoort.BETALINGSREGELING,
    Productsoort.HERFINANCIERING,
    Productsoort.NULPROCENTAANBOD,
    Productsoort.WSNP,
]


# ----------------------------------------------------------------------------- SQL helpers


class Dagen(Func):
    """``eind - begin`` in whole days (PostgreSQL: date minus date is an integer)."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()


class Mediaan(Aggregate):
    """The median: ``percentile_cont(0.5) WITHIN GROUP (ORDER BY ...)``."""

    function = "percentile_cont"
    name = "Mediaan"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _eerste_datum(soort: str | list[str], traject: str = "traject") -> Subquery:
    """The first date of an event of `soort` on the traject of the outer row."""
    soorten = [soort] if isinstance(soort, str) else soort
    return Subquery(
        Gebeurtenis.objects.filter(traject=OuterRef(traject), soort__in=soorten)
        .order_by("datum")
        .values("datum")[:1]
    )


def pct(deel: int | None, geheel: int | None) -> float | None:
    """A percentage with one decimal, or None when there is nothing to divide by."""
    if not geheel:
        return None
    return round(100 * (deel or 0) / geheel, 1)


def _een_decimaal(waarde: float | Decimal | None, deler: int = 1) -> float | None:
    return None if waarde is None else round(float(waarde) / deler, 1)


def _centen(bedrag: Decimal) -> int:
    return int((bedrag * 100).to_integral_value())


# ----------------------------------------------------------------------------- context


@dataclass
class Context:
    """What every figure function needs: scope, quarter and the report settings."""

    gemeente_id: int | None
    kwartaal: Kwartaal
    instellingen: Instellingen

    @property
    def periode(self) -> tuple:
        return (self.kwartaal.start, self.kwartaal.eind)

    def scope(self, qs: QuerySet, pad: str = "traject__gemeente_id") -> QuerySet:
        return qs if self.gemeente_id is None else qs.filter(**{pad: self.gemeente_id})

    def gebeurtenissen(self) -> QuerySet:
        return self.scope(Gebeurtenis.objects.all())


# ----------------------------------------------------------------------------- figures


def aanmeldingen(ctx: Context) -> dict:
    rijen = (
        ctx.gebeurtenissen()
        .filter(soort=G.AANMELDING, datum__range=ctx.periode)
        .values("traject__kanaal")
        .annotate(n=Count("traject", distinct=True))
        .order_by()
    )
    per_kanaal = {k: 0 for k in Aanmeldkanaal.values} | {
        r["traject__kanaal"]: r["n"] for r in rijen
    }
    return {"totaal": sum(per_kanaal.values()), "per_kanaal": per_kanaal}


def _eerste_gesprekken(ctx: Context) -> QuerySet:
    """The first conversation of each traject, where it fell in the quarter."""
    eerder = Gebeurtenis.objects.filter(
        traject=OuterRef("traject"), soort=G.EERSTE_GESPREK, datum__lt=OuterRef("datum")
    )
    return (
        ctx.gebeurtenissen()
        .filter(soort=G.EERSTE_GESPREK, datum__range=ctx.periode)
        .exclude(Exists(eerder))
    )


def intakes(ctx: Context) -> dict:
    rijen = (
        _eerste_gesprekken(ctx)
        .values("traject__kanaal")
        .annotate(n=Count("traject", distinct=True))
        .order_by()
    )
    per_kanaal = {k: 0 for k in Aanmeldkanaal.values} | {
        r["traject__kanaal"]: r["n"] for r in rijen
    }
    return {"totaal": sum(per_kanaal.values()), "per_kanaal": per_kanaal}


def wachttijd(ctx: Context) -> dict:
    uitkomst = (
        _eerste_gesprekken(ctx)
        .annotate(wacht=Dagen(F("datum"), _eerste_datum(G.AANMELDING)))
        .aggregate(aantal=Count("wacht"), gemiddeld=Avg("wacht"), mediaan=Mediaan("wacht"))
    )
    return {
        "aantal": uitkomst["aantal"],
        "gemiddeld_weken": _een_decimaal(uitkomst["gemiddeld"], 7),
        "mediaan_weken": _een_decimaal(uitkomst["mediaan"], 7),
    }


def normen(ctx: Context) -> dict:
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
    return {
        "normen": [
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
    }


def financiele_rust(ctx: Context) -> dict:
    """Cohort: aanmeldingen whose term (aanmelding + N weeks) ended in the quarter."""
    termijn = 7 * ctx.instellingen.termijn_financiele_rust_weken
    start, eind = ctx.periode
    vroeg = Q(kanaal=Aanmeldkanaal.VROEGSIGNALERING)
    binnen = Q(dagen_rust__lte=termijn)
    # Left (uitstroom or afwijzing) within the term without reaching rust: the norm lapses.
    vervallen = Q(dagen_uit__lte=termijn) & (Q(dagen_rust__isnull=True) | Q(dagen_rust__gt=termijn))
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
            uit=Min(datum, filter=Q(**{f"{soort}__in": AFSLUITING})),
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
    for groep in ("vroeg", "overig"):
        aantal = uitkomst[f"{groep}_alle"] - uitkomst[f"{groep}_vervallen"]
        uit[groep] = {
            "aantal": aantal,
            "binnen": uitkomst[f"{groep}_binnen"],
            "vervallen": uitkomst[f"{groep}_vervallen"],
            "pct": pct(uitkomst[f"{groep}_binnen"], aantal),
        }
    return uit


def doorlooptijd_toelating(ctx: Context) -> dict:
    eerder = Gebeurtenis.objects.filter(
        traject=OuterRef("traject"), soort=G.TOELATING, datum__lt=OuterRef("datum")
    )
    uitkomst = (
        ctx.gebeurtenissen()
        .filter(soort=G.TOELATING, datum__range=ctx.periode)
        .exclude(Exists(eerder))
        .annotate(duur=Dagen(F("datum"), _eerste_datum(G.EERSTE_GESPREK)))
        .aggregate(aantal=Count("duur"), gemiddeld=Avg("duur"), mediaan=Mediaan("duur"))
    )
    return {
        "aantal": uitkomst["aantal"],
        "gemiddeld_dagen": _een_decimaal(uitkomst["gemiddeld"]),
        "mediaan_dagen": _een_decimaal(uitkomst["mediaan"]),
    }


def crisisinterventies(ctx: Context) -> dict:
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
    per_soort = {
        s: {"gestart": 0, "afgerond": 0, "voorkomen": 0} for s in BedreigendeSituatie.values
    }
    for r in rijen:
        per_soort[r["soort"]] = {k: r[k] for k in ("gestart", "afgerond", "voorkomen")}
    totaal = {
        k: sum(v[k] for v in per_soort.values()) for k in ("gestart", "afgerond", "voorkomen")
    }
    return {**totaal, "per_soort": per_soort}


def moratoria(ctx: Context) -> dict:
    eind = ctx.kwartaal.eind
    return ctx.scope(Moratorium.objects.all()).aggregate(
        aangevraagd=Count("pk", filter=Q(aanvraagdatum__range=ctx.periode)),
        gestart=Count("pk", filter=Q(startdatum__range=ctx.periode)),
        lopend_eind=Count(
            "pk",
            filter=Q(startdatum__lte=eind) & (Q(einddatum__isnull=True) | Q(einddatum__gte=eind)),
        ),
    )


def producten(ctx: Context) -> dict:
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
    per_soort = {s: {"begin": 0, "in": 0, "uit": 0, "eind": 0} for s in Productsoort.values}
    for r in rijen:
        begin = r["gestart_voor"] - r["beeindigd_voor"]
        per_soort[r["productsoort"]] = {
            "begin": begin,
            "in": r["instroom"],
            "uit": r["uitstroom"],
            "eind": begin + r["instroom"] - r["uitstroom"],
        }
    return {"per_soort": per_soort}


UITKOMSTEN = [
    Schuldregelingstatus.INGEDIEND,
    Schuldregelingstatus.TOEGEKEND,
    Schuldregelingstatus.AFGEWEZEN,
    Schuldregelingstatus.INGETROKKEN,
    Schuldregelingstatus.DWANGAKKOORD,
]


def schuldregelingen(ctx: Context) -> dict:
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


def uitstroom(ctx: Context) -> dict:
    oplossing = Gebeurtenis.objects.filter(
        traject=OuterRef("traject"),
        soort=G.PRODUCT_GESTART,
        gegevens__productsoort__in=[s.value for s in OPLOSSINGEN],
        datum__lte=OuterRef("datum"),
    )
    rijen = (
        ctx.gebeurtenissen()
        .filter(soort__in=AFSLUITING, datum__range=ctx.periode)
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
    per_reden = {r: 0 for r in Uitstroomreden.values}
    uitval_per_reden = {r: 0 for r in Uitstroomreden.values}
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


def recidive(ctx: Context) -> dict:
    # Another traject of the same klant, closed on or before this aanmelding (via the
    # klant index first: a join from every closing event to its klant is far slower).
    eerder_afgesloten = (
        Traject.objects.filter(klant=OuterRef("traject__klant"))
        .exclude(pk=OuterRef("traject"))
        .filter(
            Exists(
                Gebeurtenis.objects.filter(
                    traject=OuterRef("pk"),
                    soort__in=AFSLUITING,
                    datum__lte=OuterRef(OuterRef("datum")),
                )
            )
        )
    )
    uitkomst = (
        ctx.gebeurtenissen()
        .filter(soort=G.AANMELDING, datum__range=ctx.periode)
        .annotate(eerder=Exists(eerder_afgesloten))
        .aggregate(
            klanten=Count("traject__klant", distinct=True),
            recidive=Count("traject__klant", distinct=True, filter=Q(eerder=True)),
        )
    )
    return {**uitkomst, "pct": pct(uitkomst["recidive"], uitkomst["klanten"])}


def zelfredzaam(ctx: Context) -> dict:
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


def _kosten_centen(ctx: Context) -> tuple[int | None, int]:
    """Costs of the quarter (the row in force on its first day) and gemeenten without one."""
    from schuldhulp.models import Gemeente

    in_kracht = Subquery(
        Uitvoeringskosten.objects.filter(
            gemeente=OuterRef("pk"), geldig_van__lte=ctx.kwartaal.start
        )
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
    return (None if som is None else _centen(som)), uitkomst["zonder"]


def rendement(ctx: Context) -> dict:
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
            "direct_centen": _centen(r["aantal"] * (r["direct"] or Decimal(0))),
            "indirect_centen": _centen(r["aantal"] * (r["indirect"] or Decimal(0))),
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


# ----------------------------------------------------------------------------- table rows


@dataclass
class Regel:
    """One row of a figure over the quarters (oldest first, the reported quarter last)."""

    label: str
    waarden: list[Any]
    eenheid: str = "aantal"  # aantal | pct | weken | dagen | centen
    niveau: int = 0  # 1 = a breakdown row under the row above


def _pad(reeks: list[dict], *pad: str) -> list[Any]:
    uit = []
    for waarde in reeks:
        for stap in pad:
            waarde = waarde.get(stap) if isinstance(waarde, dict) else None
        uit.append(waarde)
    return uit


def _verdeling(reeks: list[dict], veld: str, labels: type, *, sub: str | None = None) -> list:
    return [
        Regel(
            keuze.label,
            [_pad([d], veld, keuze.value, *([sub] if sub else []))[0] or 0 for d in reeks],
            niveau=1,
        )
        for keuze in labels
    ]


def _regels_instroom(reeks: list[dict]) -> list[Regel]:
    return [Regel("Totaal", _pad(reeks, "totaal")), *_verdeling(reeks, "per_kanaal", Aanmeldkanaal)]


def _regels_wachttijd(reeks: list[dict]) -> list[Regel]:
    return [
        Regel("Eerste gesprekken", _pad(reeks, "aantal")),
        Regel("Gemiddelde wachttijd", _pad(reeks, "gemiddeld_weken"), "weken"),
        Regel("Mediaan wachttijd", _pad(reeks, "mediaan_weken"), "weken"),
    ]


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


def _regels_normen(reeks: list[dict]) -> list[Regel]:
    regels: list[Regel] = []
    for sleutel, norm in norm_sleutels(reeks).items():
        soort = "wettelijk" if norm["wettelijk"] else "contractnorm"
        regels += [
            Regel(
                f"{norm['naam']} ({soort}, doel {norm['doel']}%)",
                norm_reeks(reeks, sleutel, "pct"),
                "pct",
            ),
            Regel("Termijnen in het kwartaal", norm_reeks(reeks, sleutel, "aantal"), niveau=1),
            Regel("Gehaald", norm_reeks(reeks, sleutel, "gehaald"), niveau=1),
            Regel("Niet gehaald", norm_reeks(reeks, sleutel, "niet_gehaald"), niveau=1),
        ]
    return regels


def _regels_rust(reeks: list[dict]) -> list[Regel]:
    regels = []
    for groep, naam in (("vroeg", "Vroegsignalering"), ("overig", "Andere aanmeldingen")):
        regels += [
            Regel(f"{naam}: binnen de termijn", _pad(reeks, groep, "pct"), "pct"),
            Regel("Termijnen in het kwartaal", _pad(reeks, groep, "aantal"), niveau=1),
            Regel("Financiële rust binnen de termijn", _pad(reeks, groep, "binnen"), niveau=1),
            Regel("Vervallen (eerder uitgestroomd)", _pad(reeks, groep, "vervallen"), niveau=1),
        ]
    return regels


def _regels_toelating(reeks: list[dict]) -> list[Regel]:
    return [
        Regel("Toelatingen", _pad(reeks, "aantal")),
        Regel(
            "Gemiddeld van eerste gesprek tot toelating", _pad(reeks, "gemiddeld_dagen"), "dagen"
        ),
        Regel("Mediaan", _pad(reeks, "mediaan_dagen"), "dagen"),
    ]


def _regels_crisis(reeks: list[dict]) -> list[Regel]:
    return [
        Regel("Gestart", _pad(reeks, "gestart")),
        *_verdeling(reeks, "per_soort", BedreigendeSituatie, sub="gestart"),
        Regel("Afgerond", _pad(reeks, "afgerond")),
        Regel("Waarvan dreiging voorkomen", _pad(reeks, "voorkomen"), niveau=1),
    ]


def _regels_moratoria(reeks: list[dict]) -> list[Regel]:
    return [
        Regel("Aangevraagd", _pad(reeks, "aangevraagd")),
        Regel("Gestart", _pad(reeks, "gestart")),
        Regel("Lopend aan het eind van het kwartaal", _pad(reeks, "lopend_eind")),
    ]


def _regels_producten(reeks: list[dict]) -> list[Regel]:
    regels = []
    for soort in Productsoort:
        waarden = [_pad(reeks, "per_soort", soort.value, v) for v in ("begin", "in", "uit", "eind")]
        if not any(any(w) for w in waarden):
            continue  # a product that never ran in these quarters
        regels += [
            Regel(f"{soort.label}: lopend aan het eind", waarden[3]),
            Regel("Lopend aan het begin", waarden[0], niveau=1),
            Regel("Instroom", waarden[1], niveau=1),
            Regel("Uitstroom", waarden[2], niveau=1),
        ]
    return regels


def _regels_schuldregelingen(reeks: list[dict]) -> list[Regel]:
    namen = {
        Schuldregelingstatus.INGEDIEND: "Voorstel ingediend",
        Schuldregelingstatus.TOEGEKEND: "Toegekend (akkoord schuldeisers)",
        Schuldregelingstatus.AFGEWEZEN: "Afgewezen",
        Schuldregelingstatus.INGETROKKEN: "Ingetrokken",
        Schuldregelingstatus.DWANGAKKOORD: "Dwangakkoord toegewezen",
    }
    return [Regel(namen[s], _pad(reeks, s.value)) for s in UITKOMSTEN] + [
        Regel("Wsnp gestart", _pad(reeks, "wsnp"))
    ]


def _regels_uitstroom(reeks: list[dict]) -> list[Regel]:
    return [
        Regel("Uitgestroomd", _pad(reeks, "totaal")),
        *_verdeling(reeks, "per_reden", Uitstroomreden),
        Regel("Uitval (zonder oplossing)", _pad(reeks, "uitval")),
        Regel("Uitvalpercentage", _pad(reeks, "uitval_pct"), "pct", niveau=1),
    ]


def _regels_recidive(reeks: list[dict]) -> list[Regel]:
    return [
        Regel("Aangemelde klanten", _pad(reeks, "klanten")),
        Regel("Waarvan eerder een afgesloten traject", _pad(reeks, "recidive"), niveau=1),
        Regel("Recidive", _pad(reeks, "pct"), "pct", niveau=1),
    ]


def _regels_zelfredzaam(reeks: list[dict]) -> list[Regel]:
    return [
        Regel("Budgetbeheer beëindigd", _pad(reeks, "beeindigd")),
        Regel("Financieel zelfredzaam", _pad(reeks, "zelfredzaam"), niveau=1),
        Regel("Onbekend", _pad(reeks, "onbekend"), niveau=1),
        Regel("Zelfredzaam", _pad(reeks, "pct"), "pct"),
    ]


def _regels_rendement(reeks: list[dict]) -> list[Regel]:
    regels = [Regel("Voorkomen gebeurtenissen", _pad(reeks, "voorkomen"))]
    for soort in BedreigendeSituatie:
        aantallen = _pad(reeks, "per_soort", soort.value, "aantal")
        if any(aantallen):
            regels.append(Regel(soort.label, [a or 0 for a in aantallen], niveau=1))
    return [
        *regels,
        Regel("Baten (besparing)", _pad(reeks, "baten_centen"), "centen"),
        Regel("Kosten van uitvoering", _pad(reeks, "kosten_centen"), "centen"),
        Regel("Netto", _pad(reeks, "netto_centen"), "centen"),
        Regel("Rendement", _pad(reeks, "rendement_pct"), "pct"),
    ]


# ----------------------------------------------------------------------------- the registry


@dataclass(frozen=True)
class Figuur:
    sleutel: str
    titel: str
    definitie: str
    bereken: Callable[[Context], dict]
    regels: Callable[[list[dict]], list[Regel]]
    beschikbaar: Callable[[], bool] = field(default=lambda: True)


FIGUREN: list[Figuur] = [
    Figuur(
        "aanmeldingen",
        "Aanmeldingen",
        "Aantal trajecten met een aanmelding (gebeurtenis 'aanmelding') op een datum in het "
        "kwartaal, naar het kanaal waarlangs de klant is aangemeld.",
        aanmeldingen,
        _regels_instroom,
    ),
    Figuur(
        "intakes",
        "Intakes (eerste gesprekken)",
        "Aantal trajecten waarvan het eerste gesprek (de eerste gebeurtenis 'eerste gesprek' van "
        "het traject) in het kwartaal viel, naar aanmeldkanaal.",
        intakes,
        _regels_instroom,
    ),
    Figuur(
        "wachttijd",
        "Wachttijd tot het eerste gesprek",
        "Voor elk eerste gesprek in het kwartaal: het aantal dagen van de aanmelding tot dat "
        "gesprek, gedeeld door 7. Gemiddelde en mediaan in weken, afgerond op één decimaal.",
        wachttijd,
        _regels_wachttijd,
    ),
    Figuur(
        "normen",
        "Doorlooptijdnormen",
        "Per norm de klokken (normbewaking) waarvan de deadline in het kwartaal viel. Gehaald: "
        "het eindproduct op of vóór de deadline; niet gehaald: later of (nog) niet. Een "
        "opschorting schuift de deadline op; een opgeschorte klok telt mee in het kwartaal van "
        "zijn verschoven deadline. Vervallen klokken (het traject eindigde vóór het eindproduct "
        "en vóór de deadline) tellen niet mee. Wettelijke termijnen (Wgs, Awb) staan apart van "
        "de contractnormen. Stoplicht: groen als het percentage gehaald het doel haalt, oranje "
        "als het hooguit 10 procentpunt lager is, rood als het meer dan 10 procentpunt lager is.",
        normen,
        _regels_normen,
    ),
    Figuur(
        "financiele_rust",
        "Financiële rust binnen 5 weken",
        "Aanmeldingen waarvan de termijn (aanmelddatum plus het ingestelde aantal weken, "
        "standaard 5) in het kwartaal afliep. Binnen de termijn: de eerste gebeurtenis "
        "'financiële rust' valt op of vóór de laatste dag van de termijn. Aanmeldingen die binnen "
        "de termijn zonder financiële rust uitstroomden of werden afgewezen, vervallen en tellen "
        "niet mee. Apart voor vroegsignalering en voor alle andere kanalen; doel standaard 80%.",
        financiele_rust,
        _regels_rust,
    ),
    Figuur(
        "doorlooptijd_toelating",
        "Doorlooptijd van intake tot start traject",
        "Voor elk traject met zijn (eerste) toelatingsbeschikking in het kwartaal: het aantal "
        "dagen van het eerste gesprek tot de toelating. Gemiddelde en mediaan in dagen.",
        doorlooptijd_toelating,
        _regels_toelating,
    ),
    Figuur(
        "crisisinterventies",
        "Crisisinterventies",
        "Crisisinterventies met een startdatum in het kwartaal, naar soort bedreiging; en "
        "crisisinterventies met een einddatum in het kwartaal, met hoeveel daarvan de dreiging "
        "is voorkomen.",
        crisisinterventies,
        _regels_crisis,
    ),
    Figuur(
        "moratoria",
        "Moratoria",
        "Moratoria met een aanvraagdatum in het kwartaal, met een startdatum in het kwartaal, en "
        "moratoria die op de laatste dag van het kwartaal liepen.",
        moratoria,
        _regels_moratoria,
    ),
    Figuur(
        "producten",
        "Producten: stand en in- en uitstroom",
        "Per product, uit de gebeurtenissen 'product gestart' en 'product beëindigd': lopend aan "
        "het begin (gestart vóór de eerste dag van het kwartaal en toen niet beëindigd), "
        "instroom (gestart in het kwartaal), uitstroom (beëindigd in het kwartaal) en lopend aan "
        "het eind (begin plus instroom min uitstroom).",
        producten,
        _regels_producten,
    ),
    Figuur(
        "schuldregelingen",
        "Resultaten van schuldregelingen",
        "Aantal schuldregelingen (schuldbemiddelingen) dat in het kwartaal een stap bereikte: "
        "voorstel ingediend, toegekend (akkoord schuldeisers), afgewezen, ingetrokken of "
        "dwangakkoord toegewezen. Een regeling telt per uitkomst één keer per kwartaal. Wsnp: "
        "Wsnp-trajecten die in het kwartaal startten.",
        schuldregelingen,
        _regels_schuldregelingen,
    ),
    Figuur(
        "uitstroom",
        "Uitstroom en uitval",
        "Trajecten die in het kwartaal uitstroomden (uitstroom of afwijzingsbeschikking), naar "
        "reden. Uitval: uitgestroomd zonder dat er een oplossing (schuldbemiddeling, "
        "saneringskrediet, betalingsregeling, herfinanciering, 0%-aanbod of Wsnp) was gestart. "
        "Uitvalpercentage: uitval gedeeld door alle uitstroom.",
        uitstroom,
        _regels_uitstroom,
    ),
    Figuur(
        "recidive",
        "Recidive",
        "Klanten met een aanmelding in het kwartaal die al een eerder traject hadden dat op of "
        "vóór die aanmelding was afgesloten (uitstroom of afwijzing), als deel van alle klanten "
        "met een aanmelding in het kwartaal.",
        recidive,
        _regels_recidive,
    ),
    Figuur(
        "zelfredzaam",
        "Zelfredzaam na budgetbeheer",
        "Budgetbeheer dat in het kwartaal eindigde: het deel waarbij bij het einde is vastgelegd "
        "dat de klant financieel zelfredzaam is. Onbekend telt als niet zelfredzaam. Doel "
        "standaard 50%.",
        zelfredzaam,
        _regels_zelfredzaam,
    ),
    Figuur(
        "rendement",
        "Maatschappelijk rendement",
        "Crisisinterventies met een einddatum in het kwartaal waarbij de dreiging is voorkomen, "
        "naar soort, maal de ingestelde besparing per voorkomen gebeurtenis (standaard: "
        "huisuitzetting € 6.000 direct en € 1.080 indirect; afsluiting € 790). Daartegenover de "
        "ingestelde uitvoeringskosten van het kwartaal. Rendement: (baten min kosten) gedeeld "
        "door de kosten.",
        rendement,
        _regels_rendement,
    ),
]


def figuren() -> list[Figuur]:
    return [f for f in FIGUREN if f.beschikbaar()]


def bereken(gemeente_id: int | None, kwartaal: Kwartaal, instellingen: Instellingen) -> dict:
    """All figures of one quarter."""
    ctx = Context(gemeente_id=gemeente_id, kwartaal=kwartaal, instellingen=instellingen)
    return {f.sleutel: f.bereken(ctx) for f in figuren()}


def bereken_reeks(
    gemeente_id: int | None, kwartaal: Kwartaal, *, aantal_vorige: int = 4
) -> dict[str, Any]:
    """The figures of `kwartaal` and the quarters before it (the trend), JSON-ready."""
    instellingen = Instellingen.huidige()
    kwartalen = kwartaal.reeks(aantal_vorige)
    per_kwartaal = [bereken(gemeente_id, k, instellingen) for k in kwartalen]
    return {
        "kwartalen": [k.code for k in kwartalen],
        "figuren": {f.sleutel: [c[f.sleutel] for c in per_kwartaal] for f in figuren()},
    }


# ----------------------------------------------------------------------------- other apps
# Figures from klantplan and vroegsignalering. Those apps are looked up by label, never
# imported here at module level, so the report works with or without their models.


def _model(app_label: str, naam: str):
    """The model, or None when that app is not installed or has no such model (yet)."""
    from django.apps import apps

    try:
        return apps.get_model(app_label, naam)
    except LookupError:
        return None


def _heeft(app_label: str, *namen: str) -> Callable[[], bool]:
    return lambda: all(_model(app_label, naam) is not None for naam in namen)


def _keuzes(app_label: str, model: str, veld: str) -> list[tuple[str, str]]:
    return list(_model(app_label, model)._meta.get_field(veld).choices)


def _per_keuze(rijen, veld: str, keuzes: list[tuple[str, str]], teller: str = "n") -> dict:
    return {k: 0 for k, _ in keuzes} | {r[veld]: r[teller] for r in rijen}


def gesprekken(ctx: Context) -> dict:
    rijen = (
        ctx.scope(_model("klantplan", "Gesprek").objects.all())
        .filter(datum__range=ctx.periode)
        .values("soort")
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_soort = _per_keuze(rijen, "soort", _keuzes("klantplan", "Gesprek", "soort"))
    return {"totaal": sum(per_soort.values()), "per_soort": per_soort}


def klachten(ctx: Context) -> dict:
    klacht = _model("klantplan", "Klacht")
    eind = ctx.kwartaal.eind
    qs = ctx.scope(klacht.objects.all())
    binnen = qs.filter(datum__range=ctx.periode).values("soort").annotate(n=Count("pk")).order_by()
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
        "ontvangen": _per_keuze(binnen, "soort", _keuzes("klantplan", "Klacht", "soort")),
        "afgehandeld": _per_keuze(
            afgehandeld, "uitkomst", _keuzes("klantplan", "Klacht", "uitkomst")
        ),
        "open_eind": open_eind.count(),
    }


def vroegsignalen(ctx: Context) -> dict:
    signaal = _model("vroegsignalering", "Vroegsignaal")
    zaak = _model("vroegsignalering", "Signaalzaak")
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
    per_partner = _per_keuze(
        signalen, "partner_soort", _keuzes("vroegsignalering", "Vroegsignaal", "partner_soort")
    )
    return {
        "signalen": sum(per_partner.values()),
        "per_partner": per_partner,
        **zaken,
        "contact_2_weken_pct": pct(zaken["contact_2_weken"], zaken["nieuw"]),
        "gesloten_per_reden": _per_keuze(
            gesloten, "sluitreden", _keuzes("vroegsignalering", "Signaalzaak", "sluitreden")
        ),
    }


def _verdeling_keuzes(reeks: list[dict], veld: str, keuzes: list[tuple[str, str]]) -> list:
    return [
        Regel(label, [(_pad([d], veld, waarde)[0] or 0) for d in reeks], niveau=1)
        for waarde, label in keuzes
    ]


def _regels_gesprekken(reeks: list[dict]) -> list[Regel]:
    return [
        Regel("Gesprekken", _pad(reeks, "totaal")),
        *_verdeling_keuzes(reeks, "per_soort", _keuzes("klantplan", "Gesprek", "soort")),
    ]


def _regels_klachten(reeks: list[dict]) -> list[Regel]:
    ontvangen = _keuzes("klantplan", "Klacht", "soort")
    return [
        Regel("Ontvangen", [sum(d["ontvangen"].values()) for d in reeks]),
        *_verdeling_keuzes(reeks, "ontvangen", ontvangen),
        Regel("Afgehandeld", [sum(d["afgehandeld"].values()) for d in reeks]),
        *_verdeling_keuzes(
            reeks,
            "afgehandeld",
            [k for k in _keuzes("klantplan", "Klacht", "uitkomst") if k[0] != "open"],
        ),
        Regel("In behandeling aan het eind", _pad(reeks, "open_eind")),
    ]


def _regels_vroegsignalen(reeks: list[dict]) -> list[Regel]:
    return [
        Regel("Signalen ontvangen", _pad(reeks, "signalen")),
        *_verdeling_keuzes(
            reeks, "per_partner", _keuzes("vroegsignalering", "Vroegsignaal", "partner_soort")
        ),
        Regel("Nieuwe signaalzaken", _pad(reeks, "nieuw")),
        Regel("Contact binnen 2 weken", _pad(reeks, "contact_2_weken"), niveau=1),
        Regel("Contact binnen 2 weken", _pad(reeks, "contact_2_weken_pct"), "pct", niveau=1),
        Regel("Omgezet in een aanmelding", _pad(reeks, "aangemeld"), niveau=1),
        Regel("Gesloten", [sum(d["gesloten_per_reden"].values()) for d in reeks]),
        *_verdeling_keuzes(
            reeks,
            "gesloten_per_reden",
            _keuzes("vroegsignalering", "Signaalzaak", "sluitreden"),
        ),
    ]


FIGUREN += [
    Figuur(
        "gesprekken",
        "Gesprekken (adviesgesprekken en andere)",
        "Gesprekken die in het klantplan zijn vastgelegd met een datum in het kwartaal, naar "
        "soort: adviesgesprek, intakegesprek, extra gesprek, monitoringgesprek en exitgesprek.",
        gesprekken,
        _regels_gesprekken,
        beschikbaar=_heeft("klantplan", "Gesprek"),
    ),
    Figuur(
        "klachten",
        "Klachten en bezwaren",
        "Klachten en bezwaren met een ontvangstdatum in het kwartaal, naar soort; afgehandeld in "
        "het kwartaal, naar uitkomst; en het aantal dat op de laatste dag van het kwartaal nog "
        "in behandeling was.",
        klachten,
        _regels_klachten,
        beschikbaar=_heeft("klantplan", "Klacht"),
    ),
    Figuur(
        "vroegsignalen",
        "Vroegsignalering",
        "Vroegsignalen met een ontvangstdatum in het kwartaal, naar soort partner. Signaalzaken "
        "met hun eerste signaal in het kwartaal: hoeveel binnen 2 weken (14 dagen) na het eerste "
        "signaal contact hadden en hoeveel zijn omgezet in een aanmelding. Gesloten zaken: "
        "afgehandeld in het kwartaal, naar sluitreden.",
        vroegsignalen,
        _regels_vroegsignalen,
        beschikbaar=_heeft("vroegsignalering", "Vroegsignaal", "Signaalzaak"),
    ),
]
