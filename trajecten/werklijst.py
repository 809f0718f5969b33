"""One page of the werkvoorraad and its counts, at a cost that does not grow with the data
(ADR 0018).

A page is found by keyset: the rows after the last row of the previous page (``?na=``), in
the order of the stored sort key (``Traject.urgentie``, aanmelddatum, id). The team view
asks each of the user's gemeenten for its first rows (one index range on
``traject_werkvoorraad_idx`` each, stopping after a page) and merges them: one query. The
tiles of the team view come from the counter rows (``Werkvoorraadteller``), not from a
COUNT over every open traject; the other views (mine, or with a filter that the counters
do not know) count their own rows, which are few or filtered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from django.db import connection
from django.db.models import Q, QuerySet

from schuldhulp.pakketten import Partij
from schuldhulp.permissions import gemeente_ids
from trajecten import urgentie
from trajecten.models import AFGESLOTEN_FASEN, Traject
from trajecten.selectors import (
    AanZetKeuze,
    Filters,
    Stand,
    Weergave,
    aan_zet_filter,
    ongelezen_signaleringen,
    werkvoorraad,
)
from trajecten.urgentie import RANG_DREIGT, RANG_OVERSCHREDEN

PLEK_RE = re.compile(r"(\d{1,7})-(\d{8})-(\d{1,12})")


@dataclass(frozen=True)
class Plek:
    """A place in the sorted werkvoorraad: the page starts after this row."""

    sleutel: int
    aanmelddatum: date
    pk: int

    def tekst(self) -> str:
        return f"{self.sleutel}-{self.aanmelddatum:%Y%m%d}-{self.pk}"

    @classmethod
    def lees(cls, tekst: str | None) -> Plek | None:
        """A place from ``?na=``; anything else (changed by hand, old link): the start."""
        gevonden = PLEK_RE.fullmatch(tekst or "")
        if not gevonden:
            return None
        try:
            dag = date(
                int(gevonden.group(2)[:4]), int(gevonden.group(2)[4:6]), int(gevonden.group(2)[6:])
            )
        except ValueError:
            return None
        return cls(int(gevonden.group(1)), dag, int(gevonden.group(3)))

    def erna(self) -> Q:
        """The rows after this place; `sleutel >= …` first so the index range starts here."""
        return Q(sleutel__gte=self.sleutel) & (
            Q(sleutel__gt=self.sleutel)
            | Q(sleutel=self.sleutel, aanmelddatum__gt=self.aanmelddatum)
            | Q(sleutel=self.sleutel, aanmelddatum=self.aanmelddatum, pk__gt=self.pk)
        )


@dataclass
class Bladzijde:
    rijen: list[Traject]
    volgende: Plek | None  # the place after this page; None: this was the last page
    eerste: bool  # the page starts at the top of the list

    @property
    def object_list(self) -> list[Traject]:  # as a Paginator page calls it
        return self.rijen


KOLOMMEN = ("sleutel", "aanmelddatum", "id")


def _team_per_gemeente(user, filters: Filters) -> list[int] | None:
    """The gemeenten to merge page by page (team view over more than one gemeente)."""
    if filters.weergave != Weergave.TEAM or filters.gemeente_id:
        return None
    ids = gemeente_ids(user)
    return ids if len(ids) > 1 else None


def sleutels(user, filters: Filters, qs: QuerySet[Traject], na: Plek | None, n: int) -> QuerySet:
    """(sleutel, aanmelddatum, id) of the n rows after `na`, in order: one query."""
    deel = qs.filter(na.erna()) if na else qs
    if filters.weergave != Weergave.TEAM:
        # Mine: as behandelaar, and as consulent of someone else's traject; each branch an
        # ordered range of its own index (a BitmapOr would be ANDed with the gemeente index
        # and read every open traject of the gemeenten).
        delen = [
            deel.filter(behandelaar=user),
            deel.filter(consulent=user).exclude(behandelaar=user),
        ]
        delen = [d.order_by(*KOLOMMEN).values_list(*KOLOMMEN)[:n] for d in delen]
        return delen[0].union(delen[1], all=True).order_by(*KOLOMMEN)[:n]
    gemeenten = _team_per_gemeente(user, filters)
    if not gemeenten:
        return deel.order_by(*KOLOMMEN).values_list(*KOLOMMEN)[:n]
    # Each gemeente's first n rows by its own index range, merged: never more than n rows
    # a gemeente, however many open trajecten it has.
    delen = [
        deel.filter(gemeente_id=g).order_by(*KOLOMMEN).values_list(*KOLOMMEN)[:n] for g in gemeenten
    ]
    return delen[0].union(*delen[1:], all=True).order_by(*KOLOMMEN)[:n]


def bladzijde(user, filters: Filters, qs: QuerySet[Traject], na: Plek | None, n: int) -> Bladzijde:
    """The page after `na` (None: the first page) of `qs` (selectors.werkvoorraad): the ids
    by keyset (one query; one row more tells whether there is a next page), then those
    rows with their relations (one query)."""
    rijen_sleutels = list(sleutels(user, filters, qs, na, n + 1))
    volgende = Plek(*rijen_sleutels[n - 1]) if len(rijen_sleutels) > n else None
    ids = [pk for _, _, pk in rijen_sleutels[:n]]
    rijen = {t.pk: t for t in qs.filter(pk__in=ids)} if ids else {}
    return Bladzijde([rijen[pk] for pk in ids], volgende, na is None)


# ------------------------------------------------------------------------------ tellingen


def _tellers_gelden(filters: Filters) -> bool:
    """The counter rows know gemeente, rank and party aan zet: a team view without other
    filters."""
    return filters.weergave == Weergave.TEAM and not (
        filters.fase or filters.product or filters.norm or filters.zoek
    )


def _tellers(user, filters: Filters) -> dict[tuple[int, str], int]:
    """The counter rows of the view's gemeenten, read once per request."""
    gemeenten = [filters.gemeente_id] if filters.gemeente_id else gemeente_ids(user)
    sleutel = tuple(sorted(gemeenten))
    bewaard = getattr(user, "_werkvoorraad_tellers", None)
    if bewaard is None or bewaard[0] != sleutel:
        bewaard = (sleutel, urgentie.tellers(sleutel))
        user._werkvoorraad_tellers = bewaard
    return bewaard[1]


def _partij_past(user, keuze: str, aan_zet: str) -> bool:
    if keuze == AanZetKeuze.ALLE:
        return True
    partij = user.partij
    if partij is None:
        return False
    if keuze == AanZetKeuze.TEAM:
        return aan_zet == partij
    return aan_zet == (Partij.GEMEENTE if partij == Partij.STADSBANK else Partij.STADSBANK)


def _rang_past(stand: str, rang: int) -> bool:
    if stand == Stand.OVERSCHREDEN:
        return rang == RANG_OVERSCHREDEN
    if stand == Stand.DREIGT:
        return rang == RANG_DREIGT
    return True


ONGELEZEN_SQL = """
SELECT count(DISTINCT s.traject_id)
FROM ({signaleringen}) AS s
JOIN trajecten_traject AS t ON t.id = s.traject_id
WHERE t.fase <> ALL(%s) AND t.gemeente_id = ANY(%s) {aan_zet}
"""


def _ongelezen(user, filters: Filters) -> int:
    """Open trajecten of the view with a new signalering for the user or their team:
    driven by the unread signaleringen (what the user still has to read), not by the
    trajecten."""
    signaleringen, params = (
        ongelezen_signaleringen(user).order_by().values("traject_id").query.sql_with_params()
    )
    gemeenten = [filters.gemeente_id] if filters.gemeente_id else gemeente_ids(user)
    aan_zet, extra = "", []
    if filters.aan_zet in (AanZetKeuze.TEAM, AanZetKeuze.ANDER):
        partijen = [p for p in Partij.values if _partij_past(user, filters.aan_zet, p)] or [""]
        aan_zet, extra = "AND t.aan_zet = ANY(%s)", [partijen]
    with connection.cursor() as cursor:
        cursor.execute(
            ONGELEZEN_SQL.format(signaleringen=signaleringen, aan_zet=aan_zet),
            [*params, [str(f) for f in AFGESLOTEN_FASEN], gemeenten, *extra],
        )
        return cursor.fetchone()[0]


def tellingen(user, filters: Filters) -> dict[str, int]:
    """The tiles (each a Stand) over the list without the tile chosen."""
    from trajecten.selectors import tellingen as tel_rijen

    zonder_stand = replace(filters, stand=Stand.ALLE)
    if not _tellers_gelden(filters) or filters.aan_zet == AanZetKeuze.IK:
        return tel_rijen(werkvoorraad(user, zonder_stand), user)
    per = {
        (rang, partij): n
        for (rang, partij), n in _tellers(user, filters).items()
        if _partij_past(user, filters.aan_zet, partij)
    }
    return {
        Stand.OVERSCHREDEN: sum(n for (r, _), n in per.items() if r == RANG_OVERSCHREDEN),
        Stand.DREIGT: sum(n for (r, _), n in per.items() if r == RANG_DREIGT),
        Stand.ONGELEZEN: _ongelezen(user, filters),
        "lopend": sum(per.values()),
    }


def aan_zet_tellingen(user, filters: Filters) -> dict[str, int]:
    """How many rows each "aan zet" choice would show with the other filters."""
    from trajecten.selectors import aan_zet_tellingen as tel_rijen
    from trajecten.selectors import werkvoorraad_basis

    if not _tellers_gelden(filters) or filters.stand == Stand.ONGELEZEN:
        return tel_rijen(user, filters)
    per = {
        (rang, partij): n
        for (rang, partij), n in _tellers(user, filters).items()
        if _rang_past(filters.stand, rang)
    }
    uitkomst = {
        (keuze or "alle"): sum(n for (_, p), n in per.items() if _partij_past(user, keuze, p))
        for keuze in (AanZetKeuze.ALLE, AanZetKeuze.TEAM, AanZetKeuze.ANDER)
    }
    # "Ik": the rows where I am the person aan zet (my caseload, two small index ranges).
    uitkomst[AanZetKeuze.IK] = (
        werkvoorraad_basis(user, filters).filter(aan_zet_filter(user, AanZetKeuze.IK)).count()
    )
    return uitkomst


def aantal_in_lijst(filters: Filters, telling: dict[str, int]) -> int:
    """How many rows the list has, from the tiles (they count the list without the tile)."""
    return telling["lopend"] if filters.stand == Stand.ALLE else telling[filters.stand]
