"""The money of a running regeling, exact to the cent (pure Python, no Django).

All amounts are whole cents (``int``); a creditor is a key (``str``). Rounding always uses
the largest-remainder rule of ``klantplan.sanering.grootste_rest`` (ties: the smallest key),
so every result is deterministic and independent of the order of the input.

Betaalschema (:func:`maak_schema`)
----------------------------------
The voorstel gives each creditor a share ``s_i`` (sum ``S``) for ``n`` months.

1. Month totals (:func:`maandtotalen`): ``S // n`` each month, the remainder ``S % n`` as one
   extra cent in each of the *last* months. When ``S = reservering × n`` (the usual case: the
   debts exceed what the client can pay) every month total is exactly the reservation.
2. Month ``k`` shares its total over the creditors in proportion to what each still has to
   receive (``rest_i × total_k / rest``), rounded by largest remainder. A creditor never gets
   more than its rest, so no amount is negative; in the last month the exact amounts are the
   rests themselves, so every creditor's months add up to its share exactly.

Verdeling van een ontvangst (:func:`verdeel`, :func:`toewijzing`)
-------------------------------------------------------------------
Money received from the client pays the schedule from its first month on: a month is
completed (each creditor its scheduled amount) before the next one starts; the part of a
month that an amount does not cover is shared in proportion to what each creditor is still
owed in that month (largest remainder). The receipts are taken in booking order; each one
only adds, so what was assigned never shrinks. Money beyond the whole schedule is not
assigned (``overschot``: back to the client or the Stadsbank's buffer). After receipts that
add up to the first ``k`` month totals, each creditor has exactly its first ``k`` months.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from fractions import Fraction

from dateutil.relativedelta import relativedelta

from klantplan.sanering import OngeldigeInvoer, grootste_rest

Schema = list[dict[str, int]]  # per month: creditor → cents

TOETS_INTERVAL_MAANDEN = 6
SOCIAAL_KREDIET_ALLEENSTAAND_CENT = 175_000
SOCIAAL_KREDIET_HUISHOUDEN_CENT = 250_000
SOCIAAL_KREDIET_MAX_MAANDEN = 36


def _centen(waarde: object, wat: str) -> int:
    if isinstance(waarde, bool) or not isinstance(waarde, int):
        raise OngeldigeInvoer(f"{wat} moet een geheel aantal centen zijn; gekregen: {waarde!r}.")
    if waarde < 0:
        raise OngeldigeInvoer(f"{wat} kan niet negatief zijn; gekregen: {waarde}.")
    return waarde


def _maanden(maanden: object) -> int:
    if isinstance(maanden, bool) or not isinstance(maanden, int) or maanden < 1:
        raise OngeldigeInvoer(f"De looptijd moet minstens 1 maand zijn; gekregen: {maanden!r}.")
    return maanden


def maandtotalen(totaal: int, maanden: int) -> list[int]:
    """`totaal` over `maanden` months: the floor each month, the remainder cents one each in
    the last months (also the client's loan schedule of a saneringskrediet)."""
    totaal, maanden = _centen(totaal, "Het totaal"), _maanden(maanden)
    basis, rest = divmod(totaal, maanden)
    return [basis + (1 if k >= maanden - rest else 0) for k in range(maanden)]


def maak_schema(aandelen: Mapping[str, int], maanden: int) -> Schema:
    """Per month, per creditor the expected payout (see the module documentation)."""
    rest = {sleutel: _centen(a, f"Het aandeel van {sleutel}") for sleutel, a in aandelen.items()}
    over = sum(rest.values())
    schema: Schema = []
    for totaal in maandtotalen(over, maanden):
        if totaal == 0:
            maand = dict.fromkeys(rest, 0)
        else:
            maand = grootste_rest({s: Fraction(r * totaal, over) for s, r in rest.items()}, totaal)
        for sleutel, bedrag in maand.items():
            rest[sleutel] -= bedrag
        over -= totaal
        schema.append(maand)
    return schema


def tot_en_met(schema: Schema, maanden: int) -> dict[str, int]:
    """Per creditor the sum of the first `maanden` months (expected to date)."""
    uitkomst = dict.fromkeys(schema[0] if schema else (), 0)
    for maand in schema[: max(0, maanden)]:
        for sleutel, bedrag in maand.items():
            uitkomst[sleutel] += bedrag
    return uitkomst


def totalen(schema: Schema) -> dict[str, int]:
    """Per creditor the sum of all its months (= its share)."""
    return tot_en_met(schema, len(schema))


def verdeel(
    schema: Schema, toegewezen: Mapping[str, int], bedrag: int
) -> tuple[dict[str, int], int]:
    """Share `bedrag` (a receipt) over the creditors by the schedule, given what earlier
    receipts already assigned (`toegewezen`). Returns (this receipt per creditor, the part
    that the schedule cannot take)."""
    bedrag = _centen(bedrag, "Het bedrag")
    sleutels = sorted(schema[0]) if schema else []
    al = {s: toegewezen.get(s, 0) for s in sleutels}
    deel = dict.fromkeys(sleutels, 0)
    cumulatief = dict.fromkeys(sleutels, 0)
    for maand in schema:
        if bedrag == 0:
            break
        for s in sleutels:
            cumulatief[s] += maand[s]
        open_ = {s: max(0, cumulatief[s] - al[s] - deel[s]) for s in sleutels}
        nodig = sum(open_.values())
        if nodig == 0:
            continue
        if bedrag >= nodig:
            stuk = open_
        else:
            stuk = grootste_rest({s: Fraction(o * bedrag, nodig) for s, o in open_.items()}, bedrag)
        for s in sleutels:
            deel[s] += stuk[s]
        bedrag -= sum(stuk.values())
    return deel, bedrag


def toewijzing(schema: Schema, ontvangsten: Iterable[int]) -> tuple[dict[str, int], int]:
    """What the receipts (in booking order) assigned to each creditor, and the overschot."""
    toegewezen = dict.fromkeys(schema[0] if schema else (), 0)
    overschot = 0
    for ontvangst in ontvangsten:
        deel, rest = verdeel(schema, toegewezen, ontvangst)
        for s, bedrag in deel.items():
            toegewezen[s] += bedrag
        overschot += rest
    return toegewezen, overschot


def maanddata(startdatum: date, maanden: int) -> list[date]:
    """The date of each month of the schedule: the start date, then one month later each
    (31 January → 28/29 February → 31 March: relativedelta from the start, no drift)."""
    return [startdatum + relativedelta(months=k) for k in range(_maanden(maanden))]


def verstreken_maanden(startdatum: date, maanden: int, peildatum: date) -> int:
    """How many months of the schedule fell due on or before `peildatum`."""
    return sum(1 for d in maanddata(startdatum, maanden) if d <= peildatum)


def einddatum(startdatum: date, maanden: int) -> date:
    """The day the looptijd is over (the start date plus the looptijd)."""
    return startdatum + relativedelta(months=_maanden(maanden))


def toetsdata(startdatum: date, maanden: int) -> list[date]:
    """The tussentijdse toetsen: every 6 months after the start, within the looptijd (18
    months: at 6 and 12; the end itself is the finale kwijting)."""
    return [
        startdatum + relativedelta(months=m)
        for m in range(TOETS_INTERVAL_MAANDEN, _maanden(maanden), TOETS_INTERVAL_MAANDEN)
    ]


def sociaal_krediet_reden(bedrag_cent: int, *, meerpersoons: bool, maanden: int) -> str | None:
    """Why a sociaal krediet (SUN Twente, Schuldenlab) is not possible, or None: at most
    € 1.750 for a single person, € 2.500 for a household, repaid in at most 36 months."""
    bedrag_cent, maanden = _centen(bedrag_cent, "Het krediet"), _maanden(maanden)
    maximum = SOCIAAL_KREDIET_HUISHOUDEN_CENT if meerpersoons else SOCIAAL_KREDIET_ALLEENSTAAND_CENT
    if bedrag_cent > maximum:
        wie = "een huishouden" if meerpersoons else "een alleenstaande"
        euro = f"{maximum // 100:,}".replace(",", ".")
        return f"Een sociaal krediet is voor {wie} hoogstens € {euro}."
    if maanden > SOCIAAL_KREDIET_MAX_MAANDEN:
        return (
            f"Een sociaal krediet wordt in hoogstens {SOCIAAL_KREDIET_MAX_MAANDEN} maanden "
            "afgelost."
        )
    return None
