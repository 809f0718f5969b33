"""Doorlooptijden: rekenen met termijnen volgens de Algemene termijnenwet (Atw).

Pure Python: no Django, no database, no implicit "today". Every function that depends on
the current date takes it as an argument (``peildatum``).

Werkdagen
    A werkdag is a day that is not a Saturday, a Sunday or a generally recognised holiday
    (see :func:`feestdagen`), nor one of the ``extra_feestdagen`` a beheerder has set equal
    to a holiday by decree (e.g. the Friday after Hemelvaartsdag). Every function accepts
    ``extra_feestdagen: frozenset[date]``.

Counting
    A term always starts counting on the day AFTER the start date. ``n`` werkdagen from a
    Friday start with ``n=1`` ends on the next Monday (if that is a werkdag). Weeks are
    7 calendar days; months use end-of-month clamping (31 jan + 1 maand = 28/29 feb).

Statutory terms (``wettelijk=True``, Atw art. 1)
    A statutory term that would end on a Saturday, Sunday or holiday runs on to the next
    werkdag. A contract norm (``wettelijk=False``) ends on the calendar day itself.

Pauses (opschorting)
    ``Pauze(van, tot)``: the clock stands still on the days ``van .. tot - 1`` (``tot`` is
    exclusive: on ``tot`` the clock runs again). ``tot=None`` means the pause is still
    running; the caller must then pass ``peildatum`` and the pause is treated as ending
    on ``peildatum`` (i.e. the result equals the deadline you get when the pause is lifted
    on ``peildatum``). Without ``peildatum`` an open pause raises ``ValueError``.

    Pauses may overlap each other (they are merged) and may start before the start date
    (days on or before the start date are ignored, because the start date itself never
    counts towards a term).

    * kalenderdagen / weken / maanden: first the unpaused end date ``E0`` is computed; the
      deadline is then ``E0`` plus the number of paused days in ``(start, deadline]``,
      i.e. the smallest ``D`` with ``D == E0 + paused_days(start, D]``. For kalenderdagen
      and weken this is exactly "the N-th unpaused day after start". A pause that lies
      entirely within ``(start, E0]`` and spans k days moves the deadline by exactly k.
    * werkdagen: paused days are skipped while counting werkdagen, so the deadline is the
      N-th werkdag after start that is not paused.
    * Pauses starting after the (unextended) end day have no effect. The statutory
      run-on to the next werkdag is applied last, after the pause arithmetic.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

import holidays
from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

from schuldhulp import opmaak

__all__ = [
    "Eenheid",
    "KlokStatus",
    "Pauze",
    "bepaal_status",
    "bereken_deadline",
    "feestdagen",
    "is_werkdag",
    "resterend_tekst",
    "tel_werkdagen",
    "volgende_werkdag",
    "werkdagen_tussen",
]

_EEN_DAG = timedelta(days=1)
_GEEN_EXTRA: frozenset[date] = frozenset()

# Names (en_US) in the `holidays` NL calendar that are algemeen erkende feestdagen.
_ATW_NAMEN = frozenset(
    {
        "New Year's Day",
        "Good Friday",
        "Easter Sunday",
        "Easter Monday",
        "King's Day",
        "Queen's Day",
        "Liberation Day",
        "Ascension Day",
        "Pentecost",
        "Pentecost Monday",
        "Christmas Day",
        "Second Day of Christmas",
    }
)


class Eenheid(StrEnum):
    KALENDERDAGEN = "kalenderdagen"
    WEKEN = "weken"
    MAANDEN = "maanden"
    WERKDAGEN = "werkdagen"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class KlokStatus(StrEnum):
    LOOPT = "loopt"
    DREIGT = "dreigt"
    OVERSCHREDEN = "overschreden"
    GEHAALD = "gehaald"
    TE_LAAT_GEHAALD = "te_laat_gehaald"

    @property
    def label(self) -> str:
        return _KLOKSTATUS_LABELS[self]


_KLOKSTATUS_LABELS: dict[KlokStatus, str] = {
    KlokStatus.LOOPT: "Loopt",
    KlokStatus.DREIGT: "Dreigt",
    KlokStatus.OVERSCHREDEN: "Overschreden",
    KlokStatus.GEHAALD: "Gehaald",
    KlokStatus.TE_LAAT_GEHAALD: "Te laat gehaald",
}


@dataclass(frozen=True, slots=True)
class Pauze:
    """Opschorting: the clock stands still on ``van .. tot - 1``; ``tot=None`` = still open."""

    van: date
    tot: date | None = None

    def __post_init__(self) -> None:
        if self.tot is not None and self.tot < self.van:
            raise ValueError(
                f"Een pauze kan niet eindigen ({opmaak.datum(self.tot)}) "
                f"voordat hij begint ({opmaak.datum(self.van)})."
            )

    @property
    def is_open(self) -> bool:
        return self.tot is None


# --------------------------------------------------------------------------- feestdagen


@functools.lru_cache(maxsize=512)
def feestdagen(jaar: int) -> frozenset[date]:
    """The algemeen erkende feestdagen (Atw art. 3) of ``jaar``, including Sundays."""
    basis = holidays.country_holidays(
        "NL", years=jaar, categories=("public", "optional"), language="en_US"
    )
    dagen = {d for d, naam in basis.items() if naam in _ATW_NAMEN}

    # Make sure the fixed and Easter-based days are always present, whatever the
    # `holidays` version puts in its default set (5 mei is only there every 5th year).
    pasen = easter(jaar)
    dagen |= {
        date(jaar, 1, 1),  # Nieuwjaarsdag
        pasen - timedelta(days=2),  # Goede Vrijdag
        pasen,  # Eerste Paasdag
        pasen + timedelta(days=1),  # Tweede Paasdag
        date(jaar, 5, 5),  # Bevrijdingsdag, every year under the Atw
        pasen + timedelta(days=39),  # Hemelvaartsdag
        pasen + timedelta(days=49),  # Eerste Pinksterdag
        pasen + timedelta(days=50),  # Tweede Pinksterdag
        date(jaar, 12, 25),  # Eerste Kerstdag
        date(jaar, 12, 26),  # Tweede Kerstdag
    }
    # Koningsdag comes from `holidays` (it knows Koninginnedag history); fallback if absent.
    if jaar >= 2014 and not any(naam in ("King's Day", "Queen's Day") for naam in basis.values()):
        koningsdag = date(jaar, 4, 27)
        if koningsdag.weekday() == 6:
            koningsdag = date(jaar, 4, 26)
        dagen.add(koningsdag)
    return frozenset(dagen)


def is_werkdag(d: date, extra_feestdagen: frozenset[date] = _GEEN_EXTRA) -> bool:
    """True when ``d`` is not a Saturday, Sunday, feestdag or extra feestdag."""
    return d.weekday() < 5 and d not in feestdagen(d.year) and d not in extra_feestdagen


def volgende_werkdag(d: date, extra_feestdagen: frozenset[date] = _GEEN_EXTRA) -> date:
    """``d`` itself when it is a werkdag, otherwise the first werkdag after ``d``."""
    while not is_werkdag(d, extra_feestdagen):
        d += _EEN_DAG
    return d


def tel_werkdagen(start: date, n: int, extra_feestdagen: frozenset[date] = _GEEN_EXTRA) -> date:
    """The ``n``-th werkdag after ``start`` (``start`` itself never counts; ``n=0`` → start)."""
    if n < 0:
        raise ValueError("Het aantal werkdagen mag niet negatief zijn.")
    return _tel_werkdagen(start, n, extra_feestdagen, ())


def _weekdagen_t_m(ordinaal: int) -> int:
    # Number of Mon-Fri days among ordinals 1..ordinaal; ordinal 1 (0001-01-01) is a Monday.
    weken, rest = divmod(ordinaal, 7)
    return 5 * weken + min(rest, 5)


def werkdagen_tussen(van: date, tot: date, extra_feestdagen: frozenset[date] = _GEEN_EXTRA) -> int:
    """Number of werkdagen in ``(van, tot]``; if tot < van: minus those in ``(tot, van]``."""
    if tot < van:
        return -werkdagen_tussen(tot, van, extra_feestdagen)
    aantal = _weekdagen_t_m(tot.toordinal()) - _weekdagen_t_m(van.toordinal())
    vrij = set(extra_feestdagen)
    for jaar in range(van.year, tot.year + 1):
        vrij |= feestdagen(jaar)
    aantal -= sum(1 for d in vrij if van < d <= tot and d.weekday() < 5)
    return aantal


# ------------------------------------------------------------------------------ pauzes

_Interval = tuple[date, date]  # [van, tot): half-open range of paused days


def _pauze_intervallen(
    pauzes: Iterable[Pauze], *, start: date, peildatum: date | None
) -> list[_Interval]:
    """Close open pauses at ``peildatum``, drop days <= start, sort and merge."""
    eerste_teldag = start + _EEN_DAG
    intervallen: list[_Interval] = []
    for pauze in pauzes:
        tot = pauze.tot
        if tot is None:
            if peildatum is None:
                raise ValueError(
                    "Er loopt nog een pauze: geef een peildatum mee om de deadline te berekenen."
                )
            tot = max(pauze.van, peildatum)
        van = max(pauze.van, eerste_teldag)
        if van < tot:
            intervallen.append((van, tot))
    intervallen.sort()
    samengevoegd: list[_Interval] = []
    for van, tot in intervallen:
        if samengevoegd and van <= samengevoegd[-1][1]:
            vorige_van, vorige_tot = samengevoegd[-1]
            samengevoegd[-1] = (vorige_van, max(vorige_tot, tot))
        else:
            samengevoegd.append((van, tot))
    return samengevoegd


def _gepauzeerde_dagen_t_m(intervallen: Sequence[_Interval], d: date) -> int:
    """Number of paused days on or before ``d`` (intervals are already clipped to > start)."""
    grens = d + _EEN_DAG
    return sum(max(0, (min(tot, grens) - van).days) for van, tot in intervallen)


def _is_gepauzeerd(intervallen: Sequence[_Interval], d: date) -> bool:
    return any(van <= d < tot for van, tot in intervallen)


def _tel_werkdagen(
    start: date, n: int, extra_feestdagen: frozenset[date], intervallen: Sequence[_Interval]
) -> date:
    d = start
    while n > 0:
        d += _EEN_DAG
        if is_werkdag(d, extra_feestdagen) and not _is_gepauzeerd(intervallen, d):
            n -= 1
    return d


# ----------------------------------------------------------------------------- deadline


def bereken_deadline(
    start: date,
    termijn: int,
    eenheid: Eenheid | str,
    *,
    wettelijk: bool = False,
    pauzes: Sequence[Pauze] = (),
    peildatum: date | None = None,
    extra_feestdagen: frozenset[date] = _GEEN_EXTRA,
) -> date:
    """Last day of a term of ``termijn`` ``eenheid`` starting after ``start``.

    See the module docstring for the exact pause semantics.
    """
    if isinstance(termijn, bool) or not isinstance(termijn, int):
        raise TypeError("De termijn moet een geheel getal zijn.")
    if termijn < 1:
        raise ValueError(f"De termijn moet minimaal 1 zijn (opgegeven: {termijn}).")
    try:
        eenheid = Eenheid(eenheid)
    except ValueError:
        raise ValueError(f"Onbekende eenheid voor een termijn: {eenheid!r}.") from None

    intervallen = _pauze_intervallen(pauzes, start=start, peildatum=peildatum)

    if eenheid is Eenheid.WERKDAGEN:
        deadline = _tel_werkdagen(start, termijn, extra_feestdagen, intervallen)
    else:
        if eenheid is Eenheid.KALENDERDAGEN:
            einde = start + timedelta(days=termijn)
        elif eenheid is Eenheid.WEKEN:
            einde = start + timedelta(weeks=termijn)
        else:
            einde = start + relativedelta(months=termijn)
        # Smallest D with D == einde + paused days in (start, D]; the iteration is
        # monotone and terminates because all intervals are finite.
        deadline = einde
        while True:
            volgende = einde + timedelta(days=_gepauzeerde_dagen_t_m(intervallen, deadline))
            if volgende == deadline:
                break
            deadline = volgende

    if wettelijk:
        deadline = volgende_werkdag(deadline, extra_feestdagen)
    return deadline


# ------------------------------------------------------------------------------- status


def bepaal_status(
    *,
    start: date,
    deadline: date,
    peildatum: date,
    gehaald_op: date | None,
    dreig_fractie: float = 0.75,
) -> KlokStatus:
    """Traffic-light status of a clock on ``peildatum``."""
    if not 0 <= dreig_fractie <= 1:
        raise ValueError("De dreigfractie moet tussen 0 en 1 liggen.")
    if gehaald_op is not None:
        return KlokStatus.GEHAALD if gehaald_op <= deadline else KlokStatus.TE_LAAT_GEHAALD
    if peildatum > deadline:
        return KlokStatus.OVERSCHREDEN
    totaal = (deadline - start).days
    if totaal <= 0:
        # Degenerate term (deadline on/before start) that is not yet exceeded.
        return KlokStatus.DREIGT
    verbruikt = (peildatum - start).days / totaal
    return KlokStatus.DREIGT if verbruikt >= dreig_fractie else KlokStatus.LOOPT


def _meervoud(aantal: int, enkelvoud: str, meervoud: str) -> str:
    return f"{aantal} {enkelvoud if aantal == 1 else meervoud}"


def resterend_tekst(
    *,
    peildatum: date,
    deadline: date,
    eenheid: Eenheid | str,
    extra_feestdagen: frozenset[date] = _GEEN_EXTRA,
) -> str:
    """Short Dutch text for the UI: "nog 2 werkdagen", "vandaag", "3 dagen te laat", ...

    Werkdagen are used when the norm's unit is werkdagen, calendar days otherwise. If the
    dates differ but no werkdag lies between them (e.g. a weekend), calendar days are used.
    """
    if peildatum == deadline:
        return "vandaag"
    aantal, enkelvoud, meervoud = abs((deadline - peildatum).days), "dag", "dagen"
    if Eenheid(eenheid) is Eenheid.WERKDAGEN:
        werkdagen = abs(werkdagen_tussen(peildatum, deadline, extra_feestdagen))
        if werkdagen:
            aantal, enkelvoud, meervoud = werkdagen, "werkdag", "werkdagen"
    tekst = _meervoud(aantal, enkelvoud, meervoud)
    return f"nog {tekst}" if peildatum < deadline else f"{tekst} te laat"
