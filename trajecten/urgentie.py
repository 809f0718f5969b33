"""The werkvoorraad's sort key as stored data (ADR 0018).

``Traject.urgentie`` is one number: the rank of the most urgent open clock (overdue 0,
threatening 1, running 2, no clock 9) times URGENTIE_STAP plus the days from DAG_NUL to its
deadline; ``Traject.urgentste_klok_id`` is that clock. They are written in the one write
path: :func:`werk_bij` runs at the end of ``normbewaking.herbereken`` (after every event)
and for the clocks the daily job changed; :func:`herstel` (in the daily job) recomputes every
open traject and rewrites only what drifted, so it is idempotent.

``Werkvoorraadteller`` holds, per gemeente, rank and party aan zet, how many open trajecten
there are: delta rows written by a statement trigger on ``trajecten_traject`` (migration
0010), so every write of ``fase``, ``gemeente_id``, ``urgentie`` or ``aan_zet`` — also
``QuerySet.update`` and COPY — keeps it right in the same transaction. The tiles of the team
werkvoorraad are a sum over a few dozen rows instead of a COUNT over every open traject.
:func:`herstel` folds the delta rows together and recounts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction

from schuldhulp.tellertriggers import statementtriggers

# How urgent a clock is: overdue first, then threatening, then running; no clock last.
RANG_OVERSCHREDEN, RANG_DREIGT, RANG_LOOPT, RANG_GEEN = 0, 1, 2, 9
URGENTIE_STAP = 100_000
DAG_NUL = date(2000, 1, 1)
GEEN_KLOK = RANG_GEEN * URGENTIE_STAP

# The most urgent open clock of traject t (klok_urgentie_idx: a one-row index-only scan).
_URGENTSTE = f"""
    SELECT k.id,
           CASE k.status WHEN 'overschreden' THEN 0 WHEN 'dreigt' THEN 1 ELSE 2 END
             * {URGENTIE_STAP} + (k.deadline - DATE '{DAG_NUL.isoformat()}') AS sleutel
    FROM trajecten_normbewaking AS k
    WHERE k.traject_id = t.id AND k.gehaald_op IS NULL AND NOT k.vervallen
    ORDER BY CASE k.status WHEN 'overschreden' THEN 0 WHEN 'dreigt' THEN 1 ELSE 2 END,
             k.deadline, k.id
    LIMIT 1
"""

# Fresh values for the trajecten chosen by {waar}; writes only rows that differ.
_BIJWERKEN = f"""
UPDATE trajecten_traject AS doel
SET urgentie = v.urgentie, urgentste_klok_id = v.klok_id
FROM (
    SELECT t.id, coalesce(u.sleutel, {GEEN_KLOK}) AS urgentie, u.id AS klok_id
    FROM trajecten_traject AS t
    LEFT JOIN LATERAL ({_URGENTSTE}) AS u ON true
    WHERE {{waar}}
) AS v
WHERE doel.id = v.id
  AND (doel.urgentie, doel.urgentste_klok_id) IS DISTINCT FROM (v.urgentie, v.klok_id)
RETURNING doel.id, doel.urgentie, doel.urgentste_klok_id
"""


def _afgesloten_sql() -> str:
    from trajecten.models import AFGESLOTEN_FASEN

    return ", ".join(f"'{f}'" for f in AFGESLOTEN_FASEN)


def werk_bij(traject_ids: Iterable[int]) -> dict[int, tuple[int, int | None]]:
    """Recompute the stored urgency of these trajecten (inside the transaction that changed
    their clocks); returns the rows that changed: id → (urgentie, urgentste_klok_id)."""
    ids = list(traject_ids)
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_BIJWERKEN.format(waar="t.id = ANY(%s)"), [ids])
        return {pk: (u, k) for pk, u, k in cursor.fetchall()}


def werk_traject_bij(traject) -> None:
    """:func:`werk_bij` for one traject instance, and keep the instance in step (a later
    ``save()`` of the instance must not write an old value back)."""
    nieuw = werk_bij([traject.pk])
    if traject.pk in nieuw:
        traject.urgentie, traject.urgentste_klok_id = nieuw[traject.pk]


def herstel() -> dict[str, int]:
    """The daily repair: every open traject's urgency recomputed (only drifted rows are
    written), then the counters folded and recounted under a short table lock. Idempotent:
    a second run changes nothing."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            _BIJWERKEN.format(waar=f"t.fase NOT IN ({_afgesloten_sql()})"),
        )
        hersteld = cursor.rowcount
    with transaction.atomic(), connection.cursor() as cursor:
        # Writers add delta rows (RowExclusive); this waits for them and holds them off
        # for the recount, so no delta is lost or counted twice.
        cursor.execute("LOCK TABLE trajecten_werkvoorraadteller IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(
            f"""
                WITH echt AS (
                    SELECT gemeente_id, (urgentie / {URGENTIE_STAP})::smallint AS rang, aan_zet,
                           count(*)::int AS aantal
                    FROM trajecten_traject WHERE fase NOT IN ({_afgesloten_sql()})
                    GROUP BY 1, 2, 3
                ), bewaard AS (
                    SELECT gemeente_id, rang, aan_zet, sum(aantal)::int AS aantal
                    FROM trajecten_werkvoorraadteller GROUP BY 1, 2, 3
                )
                SELECT count(*) FROM echt FULL JOIN bewaard USING (gemeente_id, rang, aan_zet)
                WHERE coalesce(echt.aantal, 0) <> coalesce(bewaard.aantal, 0)
                """
        )
        (tellers_scheef,) = cursor.fetchone()
        cursor.execute("DELETE FROM trajecten_werkvoorraadteller")
        cursor.execute(
            f"""
                INSERT INTO trajecten_werkvoorraadteller (gemeente_id, rang, aan_zet, aantal)
                SELECT gemeente_id, urgentie / {URGENTIE_STAP}, aan_zet, count(*)
                FROM trajecten_traject WHERE fase NOT IN ({_afgesloten_sql()})
                GROUP BY 1, 2, 3
                """
        )
    return {"urgentie_hersteld": hersteld, "tellers_hersteld": tellers_scheef}


def tellers(gemeente_ids: Iterable[int]) -> dict[tuple[int, str], int]:
    """(rang, aan_zet) → number of open trajecten in these gemeenten: one query over the
    counter rows of these gemeenten."""
    ids = list(gemeente_ids)
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rang, aan_zet, sum(aantal) FROM trajecten_werkvoorraadteller "
            "WHERE gemeente_id = ANY(%s) GROUP BY rang, aan_zet",
            [ids],
        )
        return {(rang, aan_zet): int(n) for rang, aan_zet, n in cursor.fetchall() if n}


# The statement triggers of migration 0010 (also used by the test that rebuilds them).
TRIGGER_FUNCTIE = """
CREATE OR REPLACE FUNCTION trajecten_werkvoorraadteller_bij() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO trajecten_werkvoorraadteller (gemeente_id, rang, aan_zet, aantal)
        SELECT gemeente_id, urgentie / {stap}, aan_zet, count(*)
        FROM nieuw WHERE fase NOT IN ({afgesloten}) GROUP BY 1, 2, 3;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO trajecten_werkvoorraadteller (gemeente_id, rang, aan_zet, aantal)
        SELECT gemeente_id, urgentie / {stap}, aan_zet, -count(*)
        FROM oud WHERE fase NOT IN ({afgesloten}) GROUP BY 1, 2, 3;
    ELSE
        -- Net change only: an update of other columns (versie, …) writes nothing.
        INSERT INTO trajecten_werkvoorraadteller (gemeente_id, rang, aan_zet, aantal)
        SELECT gemeente_id, rang, aan_zet, sum(d) FROM (
            SELECT gemeente_id, urgentie / {stap} AS rang, aan_zet, -1 AS d
            FROM oud WHERE fase NOT IN ({afgesloten})
            UNION ALL
            SELECT gemeente_id, urgentie / {stap}, aan_zet, 1
            FROM nieuw WHERE fase NOT IN ({afgesloten})
        ) AS v GROUP BY 1, 2, 3 HAVING sum(d) <> 0;
    END IF;
    RETURN NULL;
END $$;
"""
TRIGGERS, TRIGGERS_WEG = statementtriggers(
    tabel="trajecten_traject", naam="traject_teller", functie="trajecten_werkvoorraadteller_bij"
)


def trigger_sql(afgesloten: Iterable[str]) -> str:
    lijst = ", ".join(f"'{f}'" for f in afgesloten)
    return TRIGGER_FUNCTIE.format(stap=URGENTIE_STAP, afgesloten=lijst) + TRIGGERS
