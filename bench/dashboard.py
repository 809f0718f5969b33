"""The contractmanager's dashboard at the size of the database: cold, after the night job, warm.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/geheugen_60k \\
        .venv/bin/python bench/dashboard.py [--herhaal 25] [--koud 3]

Issue 19 (punt 1) and 21 (punt 2): the page must cost a constant number of queries and stay
under 300 ms at 150,000 trajecten. Its figures are those of the quarterly report over any
period, cached per day (ADR 0021); the beat job ``dashboard-vullen`` computes the running
quarter at night for every gemeente with a contractmanager (ADR 0025). Per view:

- **koud**: this view's key is removed from the cache (only that key: Redis is shared), then
  one request: what the day's first visitor waited for before the night job existed;
- **na nachtjob**: the key removed, ``dashboard.vul_cache()`` run (timed), then the first
  request (only for the landing view, which is what the job fills);
- **warm**: `--herhaal` requests after two warm-up requests, median and p95.

Each through Django's test client (the whole stack: middleware, gate, audit, templates) by a
logged-in contractmanager (the Stadsbank total by a beheerder). Not a timed test: the
machine is shared, so read the figures with the load average printed with them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schuldhulp.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["SCHULDHULP_2FA_VERPLICHT"] = "0"

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from rapportage import dashboard  # noqa: E402
from rapportage.perioden import Periode, lopend_kwartaal  # noqa: E402
from rapportage.selectors import gemeenten_voor_rapportage  # noqa: E402
from schuldhulp.models import Gebruiker, Rol  # noqa: E402
from trajecten.models import Traject  # noqa: E402

settings.SCHULDHULP_2FA_VERPLICHT = False
settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
DOEL_MS = 300


@dataclass
class Weergave:
    naam: str
    gebruiker: Gebruiker
    gemeente_id: int | None
    periode: Periode
    parameters: dict[str, str] = field(default_factory=dict)
    koud_ms: list[float] = field(default_factory=list)
    koud_queries: int = 0
    nacht_ms: float | None = None  # the first request after the night job
    job_ms: float | None = None
    warm_ms: list[float] = field(default_factory=list)
    warm_queries: int = 0


def _percentiel(waarden: list[float], p: float) -> float:
    geordend = sorted(waarden)
    return geordend[min(len(geordend) - 1, round(p * (len(geordend) - 1)))]


def _vergeet(w: Weergave) -> None:
    """Remove this view's figures from today's cache (and nothing else)."""
    cache.delete(dashboard._sleutel(w.gemeente_id, w.periode, timezone.localdate()))


def _verzoek(client: Client, w: Weergave) -> tuple[float, int]:
    begin = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        antwoord = client.get(reverse("rapportage_dashboard"), w.parameters)
    ms = (time.perf_counter() - begin) * 1000
    if antwoord.status_code != 200 or b"Normen en doelen" not in antwoord.content:
        raise SystemExit(f"{w.naam}: status {antwoord.status_code} of geen cijfers")
    return ms, len(queries)


def meet(w: Weergave, *, herhaal: int, koud: int, nachtjob: bool) -> Weergave:
    client = Client()
    client.force_login(w.gebruiker)
    for _ in range(koud):
        _vergeet(w)
        ms, w.koud_queries = _verzoek(client, w)
        w.koud_ms.append(ms)
    if nachtjob:
        _vergeet(w)
        begin = time.perf_counter()
        dashboard.vul_cache()
        w.job_ms = (time.perf_counter() - begin) * 1000
        w.nacht_ms, _ = _verzoek(client, w)
    for _ in range(2):
        _verzoek(client, w)
    for _ in range(herhaal):
        ms, w.warm_queries = _verzoek(client, w)
        w.warm_ms.append(ms)
    return w


def _weergaven() -> list[Weergave]:
    cm = Gebruiker.objects.filter(rol=Rol.CONTRACTMANAGER, is_active=True).order_by("pk").first()
    beheerder = Gebruiker.objects.filter(rol=Rol.BEHEERDER, is_active=True).order_by("pk").first()
    if cm is None:
        raise SystemExit("Geen actieve contractmanager in deze database (manage.py demo_data).")
    eerste = gemeenten_voor_rapportage(cm, "rapportage.dashboard")[0]
    vandaag = timezone.localdate()
    vorige = (vandaag.replace(day=1) - timedelta(days=1)).replace(day=1)
    maand = f"{vorige.year}-{vorige.month:02d}"
    weergaven = [
        Weergave(
            f"{eerste.naam}, lopend kwartaal (landing)", cm, eerste.pk, lopend_kwartaal(vandaag)
        ),
        Weergave(
            f"{eerste.naam}, maand {maand}",
            cm,
            eerste.pk,
            Periode.maand(vorige.year, vorige.month),
            {"gemeente": str(eerste.pk), "soort": "maand", "maand": maand},
        ),
    ]
    if beheerder is not None:
        weergaven.append(
            Weergave(
                f"Stadsbank, jaar {vandaag.year}",
                beheerder,
                None,
                Periode.jaar(vandaag.year).tot_en_met(vandaag),
                {"gemeente": "stadsbank", "soort": "jaar", "jaar": str(vandaag.year)},
            )
        )
    return weergaven


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--herhaal", type=int, default=25)
    parser.add_argument("--koud", type=int, default=3, help="koude verzoeken per weergave")
    args = parser.parse_args()

    with open("/proc/loadavg") as f:
        print(f"load average bij de start: {f.read().split()[:3]}")
    print(
        f"database {connection.settings_dict['NAME']}: {Traject.objects.count():,} trajecten, "
        f"vandaag {timezone.localdate()}"
    )
    print(
        f"{'weergave':<42}{'koud ms':>9}{'q':>4}{'nachtjob ms':>12}{'1e na job':>10}"
        f"{'warm p50':>9}{'p95':>7}{'q':>4}  < {DOEL_MS} ms"
    )
    for i, w in enumerate(_weergaven()):
        meet(w, herhaal=args.herhaal, koud=args.koud, nachtjob=i == 0)
        p50, p95 = statistics.median(w.warm_ms), _percentiel(w.warm_ms, 0.95)
        nacht = (
            f"{w.job_ms:>12.0f}{w.nacht_ms:>10.0f}"
            if w.nacht_ms is not None
            else f"{'-':>12}{'-':>10}"
        )
        snel = (w.nacht_ms if w.nacht_ms is not None else 0) < DOEL_MS and p95 < DOEL_MS
        print(
            f"{w.naam[:41]:<42}{statistics.median(w.koud_ms):>9.0f}{w.koud_queries:>4}{nacht}"
            f"{p50:>9.0f}{p95:>7.0f}{w.warm_queries:>4}  {'ja' if snel else 'NEE'}"
        )
    with open("/proc/loadavg") as f:
        print(f"load average aan het eind: {f.read().split()[:3]}")


if __name__ == "__main__":
    main()
