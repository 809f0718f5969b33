"""Server time and number of SQL queries of the main pages, at the size of the database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_schuldhulp \\
        .venv/bin/python bench/paginas.py [--herhaal 25] [--alleen werkvoorraad]

Fill the database first (``manage.py demo_data`` for demo size, ``manage.py demo_data
--omvang schaal --tot gisteren`` for 150,000 trajecten). Each page is requested through
Django's test client (the whole stack: middleware, permissions, audit log, templates) by a
logged-in user, after two warm-up requests; the table shows p50 and p95 of the server time
and the number of queries of one request (CaptureQueriesContext). Not a timed test: the
machine is shared, so read the figures with the load average printed above them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass
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
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from klantplan.models import Schuld  # noqa: E402
from rapportage.models import Kwartaalrapportage  # noqa: E402
from schuldhulp.models import Gebruiker, Klant, Rol  # noqa: E402
from schuldhulp.permissions import gemeente_ids  # noqa: E402
from trajecten.models import Fase, Normbewakingsrun, Traject  # noqa: E402

settings.SCHULDHULP_2FA_VERPLICHT = False
settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


@dataclass
class Meting:
    naam: str
    url: str
    gebruiker: Gebruiker
    p50: float = 0.0
    p95: float = 0.0
    queries: int = 0
    status: int = 0
    koud: bool = False  # also time the first request with an empty cache (the day's first)
    eerste: float = 0.0
    eerste_queries: int = 0


def _percentiel(waarden: list[float], p: float) -> float:
    geordend = sorted(waarden)
    return geordend[min(len(geordend) - 1, round(p * (len(geordend) - 1)))]


def meet(meting: Meting, herhaal: int) -> Meting:
    client = Client()
    client.force_login(meting.gebruiker)
    if meting.koud:
        cache.clear()
        begin = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            client.get(meting.url)
        meting.eerste = (time.perf_counter() - begin) * 1000
        meting.eerste_queries = len(queries)
    for _ in range(2):  # warm-up: connection, template cache, query plans
        client.get(meting.url)
    tijden = []
    for _ in range(herhaal):
        begin = time.perf_counter()
        antwoord = client.get(meting.url)
        tijden.append((time.perf_counter() - begin) * 1000)
    with CaptureQueriesContext(connection) as queries:
        antwoord = client.get(meting.url)
    meting.status = antwoord.status_code
    meting.queries = len(queries)
    meting.p50 = statistics.median(tijden)
    meting.p95 = _percentiel(tijden, 0.95)
    return meting


def _onderwerpen() -> list[Meting]:
    """The pages and the users who open them; typical rows of this database."""
    regisseur = Gebruiker.objects.get(username="regisseur")
    contractmanager = Gebruiker.objects.get(username="contractmanager")
    # a traject of the regisseur in uitvoering, with a typical number of debts
    traject = (
        Traject.objects.filter(behandelaar=regisseur, fase=Fase.UITVOERING)
        .annotate(n=Count("schulden"))
        .filter(n__gte=10)
        .order_by("pk")
        .first()
    ) or Traject.objects.filter(behandelaar=regisseur).order_by("pk").first()
    klant = traject.klant
    achternaam = (
        Klant.objects.filter(gemeente_id=klant.gemeente_id)
        .values("achternaam")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("achternaam", flat=True)
        .first()
    )
    naamdeel = achternaam.split()[-1][:5].lower()
    rapportage = zorg_voor_rapportage(contractmanager)
    paginas = [
        Meting("werkvoorraad (mijn)", "/werkvoorraad/", regisseur),
        Meting("werkvoorraad (team, 4 gemeenten)", "/werkvoorraad/?weergave=team", regisseur),
        Meting(
            "werkvoorraad (team, verder bladeren)",
            f"/werkvoorraad/?weergave=team&na={_plek_verderop(regisseur)}",
            regisseur,
        ),
        Meting(
            "werkvoorraad (team, filter norm)",
            "/werkvoorraad/?weergave=team&norm=stabilisatie-rust",
            regisseur,
        ),
        Meting("klantenlijst", "/klanten/", regisseur),
        Meting(f"klantenlijst zoek naam '{naamdeel}'", f"/klanten/?q={naamdeel}", regisseur),
        Meting("klantenlijst zoek BSN", f"/klanten/?q={klant.bsn}", regisseur),
        Meting(
            "klantenlijst zoek postcode",
            f"/klanten/?q={klant.postcode.replace(' ', '+')}",
            regisseur,
        ),
        Meting("klant detail", f"/klanten/{klant.pk}/", regisseur),
        Meting("traject detail", f"/trajecten/{traject.pk}/", regisseur),
        Meting(
            f"schulden ({Schuld.objects.filter(traject=traject).count()} rijen)",
            f"/trajecten/{traject.pk}/schulden/",
            regisseur,
        ),
        Meting("signaleringen", "/signaleringen/", regisseur),
        Meting("vroegsignalen (werklijst)", "/vroegsignalen/", regisseur),
        Meting("rapportages (contractmanager)", "/rapportages/", contractmanager),
        # The dashboard after its first request of the day (the warm-up fills the day cache);
        # the first request itself costs about what the figures of a report cost.
        Meting("dashboard (contractmanager, dagcache)", "/dashboard/", contractmanager, koud=True),
    ]
    paginas.append(
        Meting(
            "rapportage detail (contractmanager)", f"/rapportages/{rapportage.pk}/", contractmanager
        )
    )
    return paginas


def zorg_voor_rapportage(contractmanager: Gebruiker) -> Kwartaalrapportage:
    """A finished quarterly report of a gemeente the contractmanager works for (any other is
    a 404, which the bench timed before issue 21). A scale database has none, so the first
    run makes one of the previous quarter, synchronously (figures and PDF: seconds at 150,000
    trajecten, ~20 s at a million); later runs reuse it."""
    from rapportage.kwartalen import Kwartaal
    from rapportage.services import maak, vraag_aan
    from schuldhulp.models import Gemeente

    eigen = gemeente_ids(contractmanager)
    rapportage = (
        Kwartaalrapportage.objects.filter(gemeente_id__in=eigen, status="klaar")
        .order_by("-pk")
        .first()
    )
    if rapportage is not None:
        return rapportage
    gemeente = Gemeente.objects.filter(pk__in=eigen).order_by("naam").first()
    if gemeente is None:
        sys.exit("De contractmanager werkt voor geen enkele gemeente: geen demogegevens?")
    kwartaal = Kwartaal.van_datum(timezone.localdate()).vorige()
    begin = time.perf_counter()
    aanvraag = vraag_aan(gemeente=gemeente, kwartaal=kwartaal, door=None, in_wachtrij=False)
    rapportage = maak(rapportage_id=aanvraag.pk)
    print(
        f"Kwartaalrapportage {kwartaal} van {gemeente.naam} gemaakt voor de bench "
        f"({time.perf_counter() - begin:.1f} s, status {rapportage.status})"
    )
    return rapportage


def _plek_verderop(regisseur: Gebruiker, rij: int = 1000) -> str:
    """The keyset place of row `rij` of the regisseur's team view (page 40 before issue 21)."""
    from trajecten.selectors import Filters, Weergave, werkvoorraad
    from trajecten.werklijst import KOLOMMEN, Plek

    qs = werkvoorraad(regisseur, Filters(weergave=Weergave.TEAM)).order_by(*KOLOMMEN)
    rijen = list(qs.values_list(*KOLOMMEN)[rij : rij + 1])
    return Plek(*rijen[0]).tekst() if rijen else ""


def _omvang() -> str:
    with connection.cursor() as c:
        c.execute(
            "SELECT (SELECT count(*) FROM trajecten_traject), "
            f"(SELECT count(*) FROM trajecten_traject WHERE fase <> '{Fase.UITGESTROOMD.value}'), "
            "(SELECT count(*) FROM schuldhulp_klant), "
            "(SELECT count(*) FROM trajecten_gebeurtenis), "
            "(SELECT count(*) FROM klantplan_schuld), "
            "pg_size_pretty(pg_database_size(current_database()))"
        )
        trajecten, open_, klanten, gebeurtenissen, schulden, grootte = c.fetchone()
    regisseur = Gebruiker.objects.get(username="regisseur")
    mijn = Traject.objects.lopend().filter(behandelaar=regisseur).count()
    return (
        f"{connection.settings_dict['NAME']}: {trajecten:,} trajecten ({open_:,} open), "
        f"{klanten:,} klanten, {gebeurtenissen:,} gebeurtenissen, {schulden:,} schulden, "
        f"{grootte}; regisseur: {mijn} open trajecten als behandelaar"
    )


def _bijwerken() -> None:
    """The daily norm watch has run today (as Celery beat would have done)."""
    from trajecten.normbewaking import dagelijkse_normbewaking

    if not Normbewakingsrun.objects.filter(peildatum=timezone.localdate()).exists():
        dagelijkse_normbewaking()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--herhaal", type=int, default=25, help="requests per page")
    parser.add_argument("--alleen", default="", help="only pages whose name contains this")
    parser.add_argument("--json", default="", help="also write the figures to this file")
    args = parser.parse_args()
    if not Gebruiker.objects.filter(username="regisseur", rol=Rol.KLANTREGISSEUR).exists():
        sys.exit("Geen demogebruikers: vul de database eerst met manage.py demo_data.")
    _bijwerken()
    omvang = _omvang()
    print(omvang)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (2 cores, gedeeld)")
    print(f"{args.herhaal} verzoeken per pagina na 2 opwarmverzoeken; tijd = servertijd in Django")
    print()
    uitkomst: dict = {
        "database": connection.settings_dict["NAME"],
        "omvang": omvang,
        "load_voor": os.getloadavg(),
        "paginas": [],
    }
    kop = f"| {'pagina':<42} | {'p50 (ms)':>8} | {'p95 (ms)':>8} | {'queries':>7} | status |"
    print(kop)
    print("|" + "-" * 44 + "|" + "-" * 10 + "|" + "-" * 10 + "|" + "-" * 9 + "|--------|")
    for meting in _onderwerpen():
        if args.alleen and args.alleen not in meting.naam:
            continue
        meet(meting, args.herhaal)
        uitkomst["paginas"].append(
            {
                "pagina": meting.naam,
                "p50": meting.p50,
                "p95": meting.p95,
                "queries": meting.queries,
                "status": meting.status,
            }
        )
        print(
            f"| {meting.naam:<42} | {meting.p50:>8.1f} | {meting.p95:>8.1f} | "
            f"{meting.queries:>7} | {meting.status:>6} |",
            flush=True,
        )
        if meting.koud:
            print(
                f"|   eerste verzoek van de dag (lege cache)    | {meting.eerste:>8.1f} |"
                f" {'':>8} | {meting.eerste_queries:>7} |        |",
                flush=True,
            )
    if not args.alleen or args.alleen in "werkvoorraad":
        from bench.eerste_pagina import plannen, vergelijk

        print()
        uitkomst["sql"] = vergelijk(args.herhaal)
        regisseur = Gebruiker.objects.get(username="regisseur")
        uitkomst["plannen"] = plannen(
            [
                ("pagina-werkvoorraad-mijn", "/werkvoorraad/", regisseur),
                ("pagina-werkvoorraad-team", "/werkvoorraad/?weergave=team", regisseur),
                ("pagina-vroegsignalen", "/vroegsignalen/", regisseur),
                ("pagina-klantenlijst", "/klanten/", regisseur),
                ("pagina-signaleringen", "/signaleringen/", regisseur),
            ]
        )
    uitkomst["load_na"] = os.getloadavg()
    print(f"\nload average na afloop: {' '.join(f'{x:.2f}' for x in uitkomst['load_na'])}")
    if args.json:
        Path(args.json).write_text(json.dumps(uitkomst, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
