"""The contractmanager's dashboard: the report's figures over any period, cached per day.

One computation: the figures come from ``figuren.bereken`` — the same functions, SQL and
definitions as the quarterly report — called with a :class:`~rapportage.perioden.Periode`
instead of a quarter. The chosen period gets every figure; the four periods before it only
the figures with a target (the norm trend). The result is cached until the end of the day
(the page then costs a handful of queries at any size); the page says when it was computed.
At night, after the daily norm watch, :func:`vul_cache` computes the running quarter of every
gemeente a contractmanager follows, so the day's first visit is served from the cache too
(beat job ``dashboard-vullen``, ADR 0025).
Counts only: the drill-down stops at phase, product and package, never a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.utils import timezone
from django.utils.safestring import SafeString

from rapportage import figuren
from rapportage import grafieken as svg
from rapportage.figuren.basis import pad
from rapportage.figuren.doorlooptijden import FinancieleRust, norm_reeks, norm_sleutels
from rapportage.opmaak import opmaak, opmaker
from rapportage.perioden import Periode, lopend_kwartaal
from rapportage.selectors import gemeenten_voor_rapportage
from rapportage.weergave import Doelregel
from schuldhulp.models import Gebruiker, Rol
from schuldhulp.pakketten import Pakket
from trajecten.models import Fase, Productsoort, Traject

# The figures with a target: computed for the trend periods too.
NORMFIGUREN = ("normen", "financiele_rust", "zelfredzaam")
AANTAL_VORIGE = 4
VERSIE = 1  # part of the cache key: raise it when the cached shape changes


@dataclass
class Normkaart:
    """One target: this period's result with its traffic light, and a trend chart."""

    regel: Doelregel
    soort: str  # wettelijk | contractnorm | doel
    grafiek: SafeString


def _sleutel(gemeente_id: int | None, periode: Periode, vandaag: date) -> str:
    # The database name keeps test databases and environments apart on a shared Redis.
    db = connection.settings_dict["NAME"]
    return f"rapportage:dashboard:v{VERSIE}:{db}:{gemeente_id or 0}:{periode.sleutel}:{vandaag}"


def _tot_middernacht(nu: datetime) -> int:
    morgen = datetime.combine(timezone.localdate(nu) + timedelta(days=1), time.min)
    return max(60, int((timezone.make_aware(morgen) - nu).total_seconds()))


def _per_fase(gemeente_id: int | None, periode: Periode) -> dict[str, int]:
    """Trajecten aangemeld in the period, by the phase they are in now (one GROUP BY)."""
    qs = Traject.objects.filter(aanmelddatum__range=(periode.start, periode.eind))
    if gemeente_id is not None:
        qs = qs.filter(gemeente_id=gemeente_id)
    return {r["fase"]: r["n"] for r in qs.values("fase").annotate(n=Count("pk")).order_by()}


def cijfers(gemeente_id: int | None, periode: Periode, *, nu: datetime | None = None) -> dict:
    """The figures of `periode` (all) and of the four before it (the targets), computed
    once a day per gemeente and period."""
    nu = nu or timezone.now()
    sleutel = _sleutel(gemeente_id, periode, timezone.localdate(nu))
    bewaard = cache.get(sleutel)
    if bewaard is not None:
        return bewaard
    perioden = periode.reeks(AANTAL_VORIGE)
    huidig = figuren.bereken_perioden(gemeente_id, [periode])
    trend = figuren.bereken_perioden(gemeente_id, perioden[:-1], NORMFIGUREN)
    for naam in trend:
        trend[naam].append(huidig[naam][0])
    uitkomst = {
        "labels": [p.kort for p in perioden],
        "figuren": huidig,
        "trend": trend,
        "per_fase": _per_fase(gemeente_id, periode),
        "berekend_op": nu.isoformat(),
    }
    cache.set(sleutel, uitkomst, _tot_middernacht(nu))
    return uitkomst


def gemeenten_met_contractmanager() -> list[int]:
    """The gemeenten whose dashboard an active contractmanager may open (through the gate,
    as the page itself asks: ``rapportage.dashboard``)."""
    ids: set[int] = set()
    for gebruiker in Gebruiker.objects.filter(rol=Rol.CONTRACTMANAGER, is_active=True):
        ids.update(g.pk for g in gemeenten_voor_rapportage(gebruiker, "rapportage.dashboard"))
    return sorted(ids)


def vul_cache(*, nu: datetime | None = None) -> int:
    """The night's warm-up: today's figures of the running quarter (what the page opens
    with) for every gemeente with a contractmanager. Idempotent: what is already in today's
    cache is not computed again. Returns the number of gemeenten."""
    nu = nu or timezone.now()
    periode = lopend_kwartaal(timezone.localdate(nu))
    gemeenten = gemeenten_met_contractmanager()
    for gemeente_id in gemeenten:
        cijfers(gemeente_id, periode, nu=nu)
    return len(gemeenten)


def _grafiek(titel: str, labels: list[str], waarden: list, doel: float) -> SafeString:
    return svg.trend(
        labels, waarden, titel=titel, opmaak=opmaker("pct"), doel=doel, breedte=300, hoogte=150
    )


def normkaarten(data: dict) -> list[Normkaart]:
    """Every target over the five periods: the lead-time norms (legal first), financial
    rest within the term (two groups) and zelfredzaam after budgetbeheer."""
    labels, trend = data["labels"], data["trend"]
    kaarten = []
    for sleutel, norm in norm_sleutels(trend["normen"]).items():
        pcts = norm_reeks(trend["normen"], sleutel, "pct")
        regel = Doelregel(
            norm["naam"],
            norm["doel"],
            norm_reeks(trend["normen"], sleutel, "aantal")[-1],
            norm_reeks(trend["normen"], sleutel, "gehaald")[-1],
            pcts[-1],
        )
        soort = "wettelijk" if norm["wettelijk"] else "contractnorm"
        kaarten.append(Normkaart(regel, soort, _grafiek(norm["naam"], labels, pcts, norm["doel"])))
    rust = trend["financiele_rust"]
    for groep, naam in FinancieleRust.GROEPEN:
        titel = f"{naam}: financiële rust binnen {rust[-1]['termijn_weken']} weken"
        pcts = pad(rust, groep, "pct")
        regel = Doelregel(
            titel, rust[-1]["doel"], rust[-1][groep]["aantal"], rust[-1][groep]["binnen"], pcts[-1]
        )
        kaarten.append(Normkaart(regel, "doel", _grafiek(titel, labels, pcts, rust[-1]["doel"])))
    zelf = trend["zelfredzaam"]
    titel = "Budgetbeheer: klant financieel zelfredzaam"
    pcts = pad(zelf, "pct")
    laatste = zelf[-1]
    regel = Doelregel(
        titel, laatste["doel"], laatste["beeindigd"], laatste["zelfredzaam"], pcts[-1]
    )
    kaarten.append(Normkaart(regel, "doel", _grafiek(titel, labels, pcts, zelf[-1]["doel"])))
    return kaarten


@dataclass
class Uitsplitsing:
    sleutel: str
    titel: str
    kolommen: list[str]
    rijen: list[tuple[str, list[str]]]


def uitsplitsing(data: dict) -> list[Uitsplitsing]:
    """The drill-down: counts by phase, by product and by package (never below that)."""
    f = data["figuren"]
    fasen = [(fase.label, [opmaak(data["per_fase"].get(fase.value, 0))]) for fase in Fase]
    producten = f["producten"][0]["per_soort"]
    per_product = [
        (s.label, [opmaak(producten.get(s.value, {}).get(v, 0)) for v in ("in", "eind")])
        for s in Productsoort
    ]
    pakketten = f["pakketten"][0]
    per_pakket = [
        (
            p.label,
            [opmaak(pakketten[m].get(p.value, 0)) for m in ("aanmeldingen", "lopend", "uitstroom")],
        )
        for p in Pakket
    ]
    return [
        Uitsplitsing("fase", "Aanmeldingen in de periode, naar hun fase nu", ["Aantal"], fasen),
        Uitsplitsing("product", "Producten", ["Gestart", "Lopend aan het eind"], per_product),
        Uitsplitsing(
            "pakket",
            "Trajecten naar pakket",
            ["Aangemeld", "Lopend aan het eind", "Uitgestroomd"],
            per_pakket,
        ),
    ]
