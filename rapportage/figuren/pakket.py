"""Pakket: which package the trajecten followed (split when a package switch happened) and
maatwerk (op- en afschalen) per traject.

The package of a traject on a date comes from its history, not from today's agreement: its
last "pakketwissel" event on or before that date says which package it went to; without one,
its first later pakketwissel says which package it came from; a traject that never switched
follows the agreement it has (``Traject.afspraak``).
"""

from __future__ import annotations

from datetime import date

from django.db.models import CharField, Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import Combinable
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce

from rapportage.figuren.basis import (
    Context,
    Figuur,
    G,
    Grafiek,
    Regel,
    pad,
    trendgrafiek,
    verdelinggrafiek,
)
from schuldhulp.models import Dienstverleningsafspraak
from schuldhulp.pakketten import Pakket
from trajecten.models import UITSTROOM_SOORTEN, Gebeurtenis, Traject
from trajecten.pakket.models import Maatwerk as MaatwerkRij
from trajecten.pakket.workflow import Maatwerksoort, Maatwerkstatus

# What the package split counts, in report order: key, row label.
METINGEN = [
    ("aanmeldingen", "Aanmeldingen"),
    ("lopend", "Lopend op de laatste dag van het kwartaal"),
    ("uitstroom", "Uitgestroomd"),
]


def _wisselgegeven(sleutel: str, traject: str, datum: date | Combinable, later: bool):
    wissels = Gebeurtenis.objects.filter(traject=OuterRef(traject), soort=G.PAKKETWISSEL)
    if later:
        wissels = wissels.filter(datum__gt=datum).order_by("datum", "pk")
    else:
        wissels = wissels.filter(datum__lte=datum).order_by("-datum", "-pk")
    return Subquery(
        wissels.annotate(w=KeyTextTransform(sleutel, "gegevens")).values("w")[:1],
        output_field=CharField(),
    )


def pakket_op(datum: date | Combinable, traject: str = "traject", afspraak: str = "") -> Coalesce:
    """The package that the traject of the outer row (`traject`: the path to its pk) followed
    on `datum` (a date or an OuterRef); `afspraak`: the path to its agreement's package."""
    return Coalesce(
        _wisselgegeven("naar", traject, datum, later=False),
        _wisselgegeven("van_pakket", traject, datum, later=True),
        F(afspraak or f"{traject}__afspraak__pakket"),
        output_field=CharField(),
    )


def _per_pakket(rijen: QuerySet) -> dict[str, int]:
    uit = dict.fromkeys(Pakket.values, 0)
    for rij in rijen:
        if rij["pakket"]:  # a hand-made pakketwissel without its package counts nowhere
            uit[rij["pakket"]] = uit.get(rij["pakket"], 0) + rij["n"]
    return uit


def _gebeurtenissen_per_pakket(ctx: Context, soorten: list[str] | tuple[str, ...]) -> dict:
    """Trajecten with an event of `soorten` in the quarter, by the package on that date."""
    return _per_pakket(
        ctx.gebeurtenissen()
        .filter(soort__in=soorten, datum__range=ctx.periode)
        .annotate(pakket=pakket_op(OuterRef("datum")))
        .values("pakket")
        .annotate(n=Count("traject", distinct=True))
        .order_by()
    )


def _lopend_per_pakket(ctx: Context) -> dict:
    """Trajecten registered on or before the last day and not closed by then."""
    eind = ctx.tijdvak.eind
    gesloten = Gebeurtenis.objects.filter(
        traject=OuterRef("pk"), soort__in=UITSTROOM_SOORTEN, datum__lte=eind
    )
    return _per_pakket(
        ctx.scope(Traject.objects.all(), "gemeente_id")
        .filter(aanmelddatum__lte=eind)
        .exclude(Exists(gesloten))
        .annotate(pakket=pakket_op(eind, "pk", "afspraak__pakket"))
        .values("pakket")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _nieuwe_afspraak(ctx: Context) -> bool:
    """An agreement in force started in the quarter after an earlier one of its gemeente."""
    eerder = Dienstverleningsafspraak.objects.geldend().filter(
        gemeente_id=OuterRef("gemeente_id"), geldig_van__lt=OuterRef("geldig_van")
    )
    return (
        ctx.scope(Dienstverleningsafspraak.objects.geldend(), "gemeente_id")
        .filter(geldig_van__range=ctx.periode)
        .filter(Exists(eerder))
        .exists()
    )


class PerPakket(Figuur):
    sleutel = "pakketten"
    titel = "Trajecten per pakket"
    definitie = (
        "Aanmeldingen, lopende trajecten (aangemeld op of vóór de laatste dag van het kwartaal "
        "en toen niet uitgestroomd of afgewezen) en uitstroom (uitstroom of afwijzing in het "
        "kwartaal), naar het pakket waarvan het traject op die datum de takenverdeling volgde: "
        "na een pakketwissel het nieuwe pakket, daarvoor het oude; een traject zonder "
        "pakketwissel volgt de afspraak van zijn aanmelding. Overgezet: trajecten met een "
        "pakketwissel in het kwartaal, naar hun nieuwe pakket. Dit cijfer staat in de "
        "rapportage als er in het kwartaal een pakketwissel was (een nieuwe afspraak die na "
        "een eerdere afspraak van de gemeente begon, of trajecten die werden overgezet) of "
        "als de lopende trajecten op de laatste dag meer dan één pakket volgden."
    )

    def bereken(self, ctx: Context) -> dict:
        overgezet = _per_pakket(
            ctx.gebeurtenissen()
            .filter(soort=G.PAKKETWISSEL, datum__range=ctx.periode)
            .annotate(pakket=KeyTextTransform("naar", "gegevens"))
            .values("pakket")
            .annotate(n=Count("traject", distinct=True))
            .order_by()
        )
        return {
            "wissel": any(overgezet.values()) or _nieuwe_afspraak(ctx),
            "aanmeldingen": _gebeurtenissen_per_pakket(ctx, [G.AANMELDING]),
            "lopend": _lopend_per_pakket(ctx),
            "uitstroom": _gebeurtenissen_per_pakket(ctx, UITSTROOM_SOORTEN),
            "overgezet": overgezet,
        }

    def tonen(self, reeks: list[dict]) -> bool:
        huidig = reeks[-1]
        return huidig["wissel"] or sum(1 for n in huidig["lopend"].values() if n) > 1

    @staticmethod
    def _pakketten(reeks: list[dict], metingen: list[str]) -> list[Pakket]:
        """The packages with a count in any quarter (the others would be rows of zeros)."""
        return [p for p in Pakket if any(d[m].get(p.value) for d in reeks for m in metingen)]

    def regels(self, reeks: list[dict]) -> list[Regel]:
        pakketten = self._pakketten(reeks, [m for m, _ in METINGEN])
        uit = []
        for meting, label in METINGEN:
            uit.append(Regel(label, [sum(d[meting].values()) for d in reeks]))
            uit += [
                Regel(p.label, [d[meting].get(p.value, 0) for d in reeks], niveau=1)
                for p in pakketten
            ]
        uit.append(
            Regel("Overgezet door een pakketwissel", [sum(d["overgezet"].values()) for d in reeks])
        )
        uit += [
            Regel(f"naar {p.label}", [d["overgezet"].get(p.value, 0) for d in reeks], niveau=1)
            for p in self._pakketten(reeks, ["overgezet"])
        ]
        return uit

    def grafieken(self, reeks: list[dict], labels: list[str]) -> list[Grafiek]:
        lopend = reeks[-1]["lopend"]
        return [
            verdelinggrafiek(
                "Lopende trajecten per pakket (laatste dag van het kwartaal)",
                [(p.label, lopend.get(p.value, 0)) for p in self._pakketten(reeks, ["lopend"])],
                titel="Lopende trajecten per pakket",
            )
        ]


class Maatwerk(Figuur):
    sleutel = "maatwerk"
    titel = "Maatwerk (op- en afschalen)"
    definitie = (
        "Trajecten met goedgekeurd maatwerk dat op ten minste één dag van het kwartaal gold "
        "(begindatum op of vóór de laatste dag, einddatum leeg of op of na de eerste dag), naar "
        "soort: opschalen (de Stadsbank neemt taken over) en afschalen (taken gaan terug naar "
        "de gemeente). Beëindigd maatwerk telt tot en met zijn einddatum; maatwerk dat werd "
        "beëindigd voordat het inging, en voorgesteld, afgewezen of ingetrokken maatwerk tellen "
        "niet, net als taken die per traject in overleg zijn afgesproken. Een traject met beide "
        "soorten telt bij elke soort één keer en in het totaal één keer."
    )

    def bereken(self, ctx: Context) -> dict:
        begin, eind = ctx.periode
        op, af = Maatwerksoort.OPSCHALEN, Maatwerksoort.AFSCHALEN
        gold = Q(status=Maatwerkstatus.GOEDGEKEURD) & (Q(tot__isnull=True) | Q(tot__gte=begin))
        # Ended maatwerk without an end date was ended before it started: it never applied.
        gold |= Q(status=Maatwerkstatus.BEEINDIGD, tot__gte=begin)
        return (
            ctx.scope(MaatwerkRij.objects.all())
            .filter(gold, soort__in=[op, af], van__lte=eind)
            .aggregate(
                trajecten=Count("traject", distinct=True),
                opschalen=Count("traject", distinct=True, filter=Q(soort=op)),
                afschalen=Count("traject", distinct=True, filter=Q(soort=af)),
            )
        )

    def regels(self, reeks: list[dict]) -> list[Regel]:
        return [
            Regel("Trajecten met maatwerk", pad(reeks, "trajecten")),
            Regel("Opschalen (Stadsbank neemt taken over)", pad(reeks, "opschalen"), niveau=1),
            Regel("Afschalen (taken terug naar de gemeente)", pad(reeks, "afschalen"), niveau=1),
        ]

    def grafieken(self, reeks: list[dict], labels: list[str]) -> list[Grafiek]:
        return [
            trendgrafiek("Trajecten met maatwerk per kwartaal", labels, pad(reeks, "trajecten"))
        ]
