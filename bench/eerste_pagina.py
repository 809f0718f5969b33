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


def _map() -> Path:
    """Plans per database (``bench/plannen/<database>/``), so 150k and 1M sit side by side."""
    uit = PLANNEN / connection.settings_dict["NAME"]
    uit.mkdir(parents=True, exist_ok=True)
    return uit


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


def vergelijk(herhaal: int) -> list[dict]:
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
    print("Eerste pagina: de query van de pagina (ORM) tegen handgeschreven SQL, zelfde rijen")
    print()
    print(
        f"| {'pagina':<20} | {'ORM p50':>8} | {'ORM p95':>8} | {'SQL p50':>8} | "
        f"{'SQL p95':>8} | {'× SQL':>6} | gelijk |"
    )
    print("|" + "-" * 22 + ("|" + "-" * 10) * 4 + "|--------|--------|")
    uit = []
    for naam, filters, sql, params in gevallen:
        qs = sleutels(regisseur, filters, werkvoorraad(regisseur, filters), None, N)
        orm_tijden, orm_rijen = _tijden(lambda qs=qs: list(qs.all()), herhaal)
        sql_tijden, sql_rijen = _tijden(_sql(sql, params), herhaal)
        orm_sql, orm_params = qs.query.sql_with_params()
        (_map() / f"{naam}.txt").write_text(
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
        uit.append(
            {
                "pagina": naam,
                "orm_p50": orm50,
                "orm_p95": _percentiel(orm_tijden, 0.95),
                "sql_p50": sql50,
                "sql_p95": _percentiel(sql_tijden, 0.95),
                "gelijk": orm_rijen == sql_rijen,
            }
        )
    print(f"\nEXPLAIN (ANALYZE, BUFFERS) van beide: {_map()}/")
    return uit


# ---------------------------------------------------------------- plans of whole pages


def _knopen(plan: dict):
    yield plan
    for kind in plan.get("Plans", []):
        yield from _knopen(kind)


def grootste_scan(plan: dict) -> tuple[int, str]:
    """The scan node that reads the most rows (returned plus removed by a filter, times its
    loops): the one that would grow with the table if anything does."""
    beste = (0, "")
    for knoop in _knopen(plan):
        if "Scan" not in knoop["Node Type"]:
            continue
        gelezen = (
            knoop.get("Actual Rows", 0)
            + knoop.get("Rows Removed by Filter", 0)
            + knoop.get("Rows Removed by Index Recheck", 0)
        ) * knoop.get("Actual Loops", 1)
        if gelezen > beste[0]:
            wat = knoop["Node Type"]
            if knoop.get("Relation Name"):
                wat += f" op {knoop['Relation Name']}"
            if knoop.get("Index Name"):
                wat += f" ({knoop['Index Name']})"
            beste = (gelezen, wat)
    return beste


def plannen_van_pagina(naam: str, url: str, gebruiker: Gebruiker) -> dict:
    """Request the page once, then ``EXPLAIN (ANALYZE, BUFFERS)`` every SELECT it ran; the
    plans go to ``bench/plannen/<naam>.txt`` with the slowest first. Whatever the view's
    code looks like (other sessions rebuild these lists), this shows what the database does
    for the page. Returns the number of queries, their summed execution time, and the
    largest scan over all of them."""
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(gebruiker)
    client.get(url)  # warm
    with CaptureQueriesContext(connection) as vastgelegd:
        status = client.get(url).status_code
    uitkomsten = []
    with connection.cursor() as cursor:
        for q in vastgelegd.captured_queries:
            sql = q["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
            uitleg = cursor.fetchone()[0]
            uitleg = uitleg[0] if isinstance(uitleg, list) else uitleg
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            tekst = "\n".join(r[0] for r in cursor.fetchall())
            uitkomsten.append((uitleg["Execution Time"], grootste_scan(uitleg["Plan"]), sql, tekst))
    uitkomsten.sort(key=lambda u: -u[0])
    (_map() / f"{naam}.txt").write_text(
        f"-- {naam}: {url} als {gebruiker.username}, status {status}, "
        f"{len(vastgelegd.captured_queries)} queries, de SELECTs hieronder (traagste eerst)\n\n"
        + "\n\n".join(
            f"-- {ms:.3f} ms; grootste scan: {scan[1]} ({scan[0]:,} rijen)\n{sql}\n\n{tekst}"
            for ms, scan, sql, tekst in uitkomsten
        )
        + "\n"
    )
    grootste = max((u[1] for u in uitkomsten), default=(0, ""))
    return {
        "status": status,
        "queries": len(vastgelegd.captured_queries),
        "db_ms": sum(u[0] for u in uitkomsten),
        "traagste_ms": uitkomsten[0][0] if uitkomsten else 0.0,
        "scan_rijen": grootste[0],
        "scan": grootste[1],
    }


def plannen(paginas: list[tuple[str, str, Gebruiker]]) -> list[dict]:
    """Print, per first page, what its queries cost in the database and the largest scan."""
    print()
    print("Plannen van de eerste pagina's (EXPLAIN ANALYZE van elke SELECT van de pagina)")
    print()
    print(
        f"| {'pagina':<24} | {'queries':>7} | {'DB (ms)':>8} | {'traagste':>8} | "
        f"{'grootste scan (rijen)':>21} | waar |"
    )
    print(
        "|" + "-" * 26 + "|" + "-" * 9 + "|" + "-" * 10 + "|" + "-" * 10 + "|" + "-" * 23 + "|---|"
    )
    uit = []
    for naam, url, gebruiker in paginas:
        u = plannen_van_pagina(naam, url, gebruiker)
        uit.append({"pagina": naam, **u})
        print(
            f"| {naam:<24} | {u['queries']:>7} | {u['db_ms']:>8.2f} | {u['traagste_ms']:>8.2f} | "
            f"{u['scan_rijen']:>21,} | {u['scan']} |",
            flush=True,
        )
    print(f"\nVolledige plannen: {_map()}/")
    return uit
