"""The fixed cost of a page: templates, includes, middleware (issue 21, docs/schaal.md §6).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lijsten_30k \\
        .venv/bin/python bench/vaste_kosten.py [--herhaal 50] [--url /werkvoorraad/?weergave=team]

Requests the page `herhaal` times through the test client (after two warm-up requests) and
prints the median wall time; then `herhaal` times more under cProfile for, per request:
the time spent rendering templates and waiting for the database (inflated by the
profiler), the number of ``{% include %}`` renders and of template renders, and the number
of queries.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schuldhulp.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["SCHULDHULP_2FA_VERPLICHT"] = "0"

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.backends.utils import CursorWrapper  # noqa: E402
from django.template.backends.django import Template as DjangoTemplate  # noqa: E402
from django.template.base import Template  # noqa: E402
from django.template.loader_tags import IncludeNode  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from schuldhulp.models import Gebruiker  # noqa: E402

settings.SCHULDHULP_2FA_VERPLICHT = False
settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def _cumulatief(stats: pstats.Stats, functie) -> tuple[int, float]:
    """(calls, cumulative seconds) of one function in the profile."""
    code = functie.__code__
    for (pad, regel, naam), (_, ncalls, _, cum, _) in stats.stats.items():
        if pad == code.co_filename and regel == code.co_firstlineno and naam == code.co_name:
            return ncalls, cum
    return 0, 0.0


def meet(client: Client, url: str, herhaal: int) -> dict[str, float]:
    for _ in range(2):
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    aantal_queries = len(queries.captured_queries)
    tijden = []
    for _ in range(herhaal):
        begin = time.perf_counter()
        client.get(url)
        tijden.append((time.perf_counter() - begin) * 1000)
    profiel = cProfile.Profile()
    profiel.enable()
    for _ in range(herhaal):
        antwoord = client.get(url)
    profiel.disable()
    assert antwoord.status_code == 200, antwoord.status_code
    stats = pstats.Stats(profiel)
    _, render = _cumulatief(stats, DjangoTemplate.render)
    includes, _ = _cumulatief(stats, IncludeNode.render)
    templates, _ = _cumulatief(stats, Template._render)
    _, db = _cumulatief(stats, CursorWrapper._execute)
    return {
        "ms": statistics.median(tijden),
        "templates_ms": render / herhaal * 1000,
        "db_ms": db / herhaal * 1000,
        "include_renders": includes / herhaal,
        "template_renders": templates / herhaal,
        "queries": aantal_queries,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--herhaal", type=int, default=50)
    parser.add_argument("--gebruiker", default="regisseur")
    parser.add_argument(
        "--url",
        nargs="*",
        default=["/werkvoorraad/?weergave=team", "/vroegsignalen/", "/klanten/", "/signaleringen/"],
    )
    args = parser.parse_args()
    client = Client()
    client.force_login(Gebruiker.objects.get(username=args.gebruiker))
    print(
        f"load average {os.getloadavg()[0]:.1f}; {args.herhaal}× per pagina: p50 zonder "
        "profiler; templates en db (ms) en aantallen per verzoek onder cProfile"
    )
    kop = ("pagina", "p50 ms", "templ.", "db", "includes", "renders", "q")
    print(f"{kop[0]:32} {kop[1]:>7} {kop[2]:>7} {kop[3]:>6} {kop[4]:>9} {kop[5]:>8} {kop[6]:>3}")
    for url in args.url:
        m = meet(client, url, args.herhaal)
        print(
            f"{url:32} {m['ms']:7.1f} {m['templates_ms']:7.1f} {m['db_ms']:6.1f} "
            f"{m['include_renders']:9.0f} {m['template_renders']:8.0f} {m['queries']:3d}"
        )


if __name__ == "__main__":
    main()
