"""The first page's own query against a hand-written SQL query that returns the same rows
(issue 21): median and p95 of each, their ratio, and ``EXPLAIN (ANALYZE, BUFFERS)`` of both
saved in ``bench/plannen/`` (one file per page). Called by ``bench/paginas.py``; Django is set
up there.

The ORM side is the query the view runs for the page (``trajecten.werklijst.sleutels``:
the 26 keys of the page, one more to know whether a next page exists), timed with the ORM
around it (building the SQL, reading the rows). The hand-written side is what a person would
write for the same rows with the same indexes.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from django.db import connection

from schuldhulp.models import Gebruiker
from schuldhulp.permissions import gemeente_ids
from trajecten.models import AFGESLOTEN_FASEN
from trajecten.selectors import Filters, Weergave, werkvoorraad
from trajecten.werklijst import sleutels

PLANNEN = Path(__file__).resolve().parent / "plannen"
N = 26

TEAM_SQL = """
SELECT p.urgentie, p.aanmelddatum, p.id
FROM unnest(%(gemeenten)s::bigint[]) AS g(id)
CROSS JOIN LATERAL (
    SELECT t.urgentie, t.aanmelddatum, t.id FROM trajecten_traject AS t
    WHERE t.gemeente_id = g.id AND t.fase <> %(afgesloten)s
    ORDER BY t.urgentie, t.aanmelddatum, t.id LIMIT %(n)s
) AS p
ORDER BY p.urgentie, p.aanmelddatum, p.id LIMIT %(n)s
"""
MIJN_SQL = """
SELECT t.urgentie, t.aanmelddatum, t.id FROM trajecten_traject AS t
WHERE (t.behandelaar_id = %(gebruiker)s OR t.consulent_id = %(gebruiker)s)
  AND t.fase <> %(afgesloten)s
ORDER BY t.urgentie, t.aanmelddatum, t.id LIMIT %(n)s
"""


def _percentiel(waarden: list[float], p: float) -> float:
    geordend = sorted(waarden)
    return geordend[min(len(geordend) - 1, round(p * (len(geordend) - 1)))]


def _tijden(doe: Callable[[], list], herhaal: int) -> tuple[list[float], list]:
    for _ in range(2):
        doe()
    tijden, rijen = [], []
    for _ in range(herhaal):
        begin = time.perf_counter()
        rijen = doe()
        tijden.append((time.perf_counter() - begin) * 1000)
    return tijden, rijen


def _sql(sql: str, params: dict) -> Callable[[], list]:
    def doe() -> list:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [tuple(r) for r in cursor.fetchall()]

    return doe


def _explain(sql: str, params) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return "\n".join(r[0] for r in cursor.fetchall())


def vergelijk(herhaal: int) -> None:
    regisseur = Gebruiker.objects.get(username="regisseur")
    afgesloten = str(AFGESLOTEN_FASEN[0])
    assert len(AFGESLOTEN_FASEN) == 1  # the hand-written SQL names the one closed phase
    gevallen = [
        (
            "werkvoorraad-team",
            Filters(weergave=Weergave.TEAM),
            TEAM_SQL,
            {"gemeenten": gemeente_ids(regisseur), "afgesloten": afgesloten, "n": N},
        ),
        (
            "werkvoorraad-mijn",
            Filters(weergave=Weergave.MIJN),
            MIJN_SQL,
            {"gebruiker": regisseur.pk, "afgesloten": afgesloten, "n": N},
        ),
    ]
    PLANNEN.mkdir(exist_ok=True)
    print("Eerste pagina: de query van de pagina (ORM) tegen handgeschreven SQL, zelfde rijen")
    print()
    print(
        f"| {'pagina':<20} | {'ORM p50':>8} | {'ORM p95':>8} | {'SQL p50':>8} | "
        f"{'SQL p95':>8} | {'× SQL':>6} | gelijk |"
    )
    print("|" + "-" * 22 + ("|" + "-" * 10) * 4 + "|--------|--------|")
    for naam, filters, sql, params in gevallen:
        qs = sleutels(regisseur, filters, werkvoorraad(regisseur, filters), None, N)
        orm_tijden, orm_rijen = _tijden(lambda qs=qs: list(qs.all()), herhaal)
        sql_tijden, sql_rijen = _tijden(_sql(sql, params), herhaal)
        orm_sql, orm_params = qs.query.sql_with_params()
        (PLANNEN / f"{naam}.txt").write_text(
            f"-- {naam}: de query van de pagina (ORM)\n{orm_sql}\n\n"
            f"{_explain(orm_sql, orm_params)}\n\n"
            f"-- handgeschreven SQL\n{sql.strip()}\n\n{_explain(sql, params)}\n"
        )
        orm50, sql50 = statistics.median(orm_tijden), statistics.median(sql_tijden)
        print(
            f"| {naam:<20} | {orm50:>8.2f} | {_percentiel(orm_tijden, 0.95):>8.2f} | "
            f"{sql50:>8.2f} | {_percentiel(sql_tijden, 0.95):>8.2f} | "
            f"{orm50 / sql50:>6.2f} | {'ja' if orm_rijen == sql_rijen else 'NEE':>6} |",
            flush=True,
        )
    print(f"\nEXPLAIN (ANALYZE, BUFFERS) van beide: {PLANNEN}/")
