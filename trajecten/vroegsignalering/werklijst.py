"""The vroegsignalen work list at a cost that does not grow with the data (ADR 0024).

- The sort key is stored: ``Signaalzaak.klokvolgorde`` is a generated column (rank of the
  2-week contact clock × 100.000 + days from 1-1-2000 to its deadline), so PostgreSQL keeps
  it equal to ``klok_status``/``klok_deadline`` on every write, also ``bulk_update`` of the
  daily job and the COPY of the generator. The index ``zaak_werklijst_idx (gemeente,
  klokvolgorde, id) WHERE status IN open`` carries the default order.
- A page is found by keyset (``?na=<sleutel>-<id>``): per gemeente of the user one index
  range that stops after a page, merged (``UNION ALL``), never ``OFFSET``.
- The tiles come from ``Vroegsignaalteller``: delta rows per gemeente, status, clock status
  and "more than one signal", written by a statement trigger on the cases in the same
  transaction; :func:`herstel` (daily job) folds them and recounts, idempotently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q, QuerySet

from schuldhulp.permissions import gedeelde_klanten, gemeente_ids
from schuldhulp.tellertriggers import statementtriggers
from trajecten.normen import KlokStatus
from trajecten.vroegsignalering.models import OPEN_STATUSSEN, Signaalzaak, Zaakstatus

PLEK_RE = re.compile(r"(\d{1,7})-(\d{1,12})")
KOLOMMEN = ("klokvolgorde", "id")
_OPEN_SQL = ", ".join(f"'{s.value}'" for s in OPEN_STATUSSEN)


@dataclass(frozen=True)
class Plek:
    """A place in the work list sorted by the clock: the page starts after this case."""

    sleutel: int
    pk: int

    def tekst(self) -> str:
        return f"{self.sleutel}-{self.pk}"

    @classmethod
    def lees(cls, tekst: str | None) -> Plek | None:
        """A place from ``?na=``; anything else (changed by hand, old link): the start."""
        gevonden = PLEK_RE.fullmatch(tekst or "")
        return cls(int(gevonden.group(1)), int(gevonden.group(2))) if gevonden else None

    def erna(self) -> Q:
        """The cases after this place; `klokvolgorde >= …` first so the range starts here."""
        return Q(klokvolgorde__gte=self.sleutel) & (
            Q(klokvolgorde__gt=self.sleutel) | Q(klokvolgorde=self.sleutel, pk__gt=self.pk)
        )


@dataclass
class Bladzijde:
    rijen: list[Signaalzaak]
    volgende: Plek | None  # None: this was the last page
    eerste: bool

    def __iter__(self):
        return iter(self.rijen)

    @property
    def object_list(self) -> list[Signaalzaak]:
        return self.rijen


def sleutels(user, qs: QuerySet[Signaalzaak], gemeente_id: int | None, na: Plek | None, n: int):
    """(klokvolgorde, id) of the n cases after `na`: one query. Over more than one gemeente
    each gemeente is its own index range of at most n rows, merged; a shared dossier of
    another gemeente (rare) is one more branch."""
    deel = qs.filter(na.erna()) if na else qs
    gemeenten = [gemeente_id] if gemeente_id else gemeente_ids(user)
    delen = [
        deel.filter(gemeente_id=g).order_by(*KOLOMMEN).values_list(*KOLOMMEN)[:n] for g in gemeenten
    ]
    if not gemeente_id and gedeelde_klanten(user):
        delen.append(
            deel.exclude(gemeente_id__in=gemeenten).order_by(*KOLOMMEN).values_list(*KOLOMMEN)[:n]
        )
    if not delen:
        return []
    if len(delen) == 1:
        return list(delen[0])
    return list(delen[0].union(*delen[1:], all=True).order_by(*KOLOMMEN)[:n])


def bladzijde(
    user, qs: QuerySet[Signaalzaak], gemeente_id: int | None, na: Plek | None, n: int
) -> Bladzijde:
    """The page after `na`: the keys by keyset (one row more tells whether there is a next
    page), then those cases with their relations (the prefetches of `qs`)."""
    rijen_sleutels = sleutels(user, qs, gemeente_id, na, n + 1)
    volgende = Plek(*rijen_sleutels[n - 1]) if len(rijen_sleutels) > n else None
    ids = [pk for _, pk in rijen_sleutels[:n]]
    rijen = {z.pk: z for z in qs.filter(pk__in=ids).order_by()} if ids else {}
    return Bladzijde([rijen[pk] for pk in ids], volgende, na is None)


# ------------------------------------------------------------------------------ tellers


def tellers(gemeenten: Iterable[int]) -> dict[str, int]:
    """The tiles of the work list for these gemeenten: one query over the counter rows."""
    ids = list(gemeenten)
    uit = {"open": 0, "zonder_contact": 0, "overschreden": 0, "dreigt": 0, "meerdere": 0}
    if not ids:
        return uit
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, klok_status, meerdere, sum(aantal) "
            "FROM vroegsignalering_vroegsignaalteller WHERE gemeente_id = ANY(%s) "
            "GROUP BY 1, 2, 3",
            [ids],
        )
        for status, klok_status, meerdere, aantal in cursor.fetchall():
            aantal = int(aantal)
            uit["open"] += aantal
            uit["zonder_contact"] += aantal if status == Zaakstatus.NIEUW else 0
            uit["overschreden"] += aantal if klok_status == KlokStatus.OVERSCHREDEN else 0
            uit["dreigt"] += aantal if klok_status == KlokStatus.DREIGT else 0
            uit["meerdere"] += aantal if meerdere else 0
    return uit


_ECHT = f"""
    SELECT gemeente_id, status, klok_status, aantal_signalen > 1 AS meerdere,
           count(*)::int AS aantal
    FROM vroegsignalering_signaalzaak WHERE status IN ({_OPEN_SQL})
    GROUP BY 1, 2, 3, 4
"""


def herstel() -> dict[str, int]:
    """Daily: fold the delta rows into one row per key and recount from the cases. Returns
    how many keys were off (above 0 means a write path the trigger did not see).
    Idempotent: a second run finds 0 and writes the same rows."""
    with transaction.atomic(), connection.cursor() as cursor:
        # Writers add delta rows (RowExclusive): wait for them and hold them off meanwhile.
        cursor.execute("LOCK TABLE vroegsignalering_vroegsignaalteller IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(
            f"""
            WITH echt AS ({_ECHT}), bewaard AS (
                SELECT gemeente_id, status, klok_status, meerdere, sum(aantal)::int AS aantal
                FROM vroegsignalering_vroegsignaalteller GROUP BY 1, 2, 3, 4
            )
            SELECT count(*) FROM echt
            FULL JOIN bewaard USING (gemeente_id, status, klok_status, meerdere)
            WHERE coalesce(echt.aantal, 0) <> coalesce(bewaard.aantal, 0)
            """
        )
        (scheef,) = cursor.fetchone()
        cursor.execute("DELETE FROM vroegsignalering_vroegsignaalteller")
        cursor.execute(
            "INSERT INTO vroegsignalering_vroegsignaalteller "
            f"(gemeente_id, status, klok_status, meerdere, aantal) {_ECHT}"
        )
    return {"tellers_hersteld": scheef}


# The statement triggers of migration 0003: net delta rows per key, in the writing
# transaction (INSERT only, so two writers never wait on one counter row). A transition
# table only exists for the operations that have it, hence one SELECT per operation.
_DELTA = """
    SELECT gemeente_id, status, klok_status, aantal_signalen > 1 AS meerdere, {teken} AS d
    FROM {tabel} WHERE status IN ({open_})
"""


def _trigger_functie() -> str:
    oud = _DELTA.format(teken=-1, tabel="oud", open_=_OPEN_SQL)
    nieuw = _DELTA.format(teken=1, tabel="nieuw", open_=_OPEN_SQL)
    insert = (
        "INSERT INTO vroegsignalering_vroegsignaalteller "
        "(gemeente_id, status, klok_status, meerdere, aantal) "
        "SELECT gemeente_id, status, klok_status, meerdere, sum(d) FROM ({delen}) AS v "
        "GROUP BY 1, 2, 3, 4 HAVING sum(d) <> 0;"
    )
    return f"""
CREATE OR REPLACE FUNCTION vroegsignaalteller_bij() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {insert.format(delen=nieuw)}
    ELSIF TG_OP = 'DELETE' THEN
        {insert.format(delen=oud)}
    ELSE
        {insert.format(delen=oud + " UNION ALL " + nieuw)}
    END IF;
    RETURN NULL;
END $$;
"""


TRIGGER_FUNCTIE = _trigger_functie()
TRIGGERS, TRIGGERS_WEG = statementtriggers(
    tabel="vroegsignalering_signaalzaak", naam="zaak_teller", functie="vroegsignaalteller_bij"
)
