"""EXPLAIN (ANALYZE, BUFFERS) of every query of the first pages of the lists (issue 21).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lijsten_30k \\
        .venv/bin/python bench/lijsten_plannen.py [--map bench/plannen] [--gebruiker regisseur]

Each page is requested once through the test client (warm-up) and once under
CaptureQueriesContext; every SELECT of that request is then explained with ANALYZE and
BUFFERS and written to ``<map>/lijsten-<pagina>.txt``, with the largest number of rows a
scan node read at the top, so a scan that grows with the table stands out.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schuldhulp.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["SCHULDHULP_2FA_VERPLICHT"] = "0"

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from schuldhulp.models import Gebruiker  # noqa: E402

settings.SCHULDHULP_2FA_VERPLICHT = False
settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

PAGINAS = {
    "vroegsignalen": "/vroegsignalen/",
    "klantenlijst": "/klanten/",
    "signaleringen": "/signaleringen/",
    "werkvoorraad-mijn": "/werkvoorraad/",
    "werkvoorraad-team": "/werkvoorraad/?weergave=team",
}
# Queries of every page (session, user, permissions): not what the list costs.
_OVERAL = ("django_session", "axes_", "otp_", '"schuldhulp_gebruiker" WHERE')
_RIJEN = re.compile(r"(Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan).*?rows=(\d+) loops")


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(r[0] for r in cursor.fetchall())


def leg_vast(client: Client, naam: str, url: str, map_: Path) -> str:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        antwoord = client.get(url)
    assert antwoord.status_code == 200, (url, antwoord.status_code)
    delen, grootste = [], 0
    for q in queries.captured_queries:
        sql = q["sql"]
        if not sql.lstrip("( ").upper().startswith("SELECT") or any(o in sql for o in _OVERAL):
            continue
        plan = _plan(sql)
        for _, rijen in _RIJEN.findall(plan):
            grootste = max(grootste, int(rijen))
        delen.append(f"-- {sql}\n{plan}\n")
    kop = (
        f"-- {url}: {len(queries)} queries in het verzoek, {len(delen)} hieronder uitgelegd; "
        f"grootste aantal rijen uit één scan: {grootste}\n\n"
    )
    (map_ / f"lijsten-{naam}.txt").write_text(kop + "\n".join(delen))
    return f"{naam:20} {len(queries):3} queries, grootste scan {grootste} rijen"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--map", default=str(Path(__file__).parent / "plannen"))
    parser.add_argument("--gebruiker", default="regisseur")
    parser.add_argument("--alleen", nargs="*")
    args = parser.parse_args()
    client = Client()
    client.force_login(Gebruiker.objects.get(username=args.gebruiker))
    for naam, url in PAGINAS.items():
        if args.alleen and naam not in args.alleen:
            continue
        print(leg_vast(client, naam, url, Path(args.map)))


if __name__ == "__main__":
    main()
