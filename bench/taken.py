"""The background work at the size of the database, each beside a hand-written SQL baseline
where one exists:

  * norm job  — dagelijkse_normbewaking against bench/normjob.py's one-UPDATE baseline, on
                yesterday's state restored before every run (bench/normjob.py's machinery);
  * quarter   — the kwartaalrapportage figures (rapportage.figuren, ORM) against the same
                figures in hand-written SQL (bench/rapportage.py), compared for equality;
  * report    — the whole report (5 quarters of figures, PDF, stored) and the PDF alone;
  * DDAS      — the export of a whole year for one gemeente, validated against the schema.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_schuldhulp \\
        .venv/bin/python bench/taken.py [--herhaal 5] [--gemeente GM0153]

Fill the database with ``manage.py demo_data --omvang schaal --tot gisteren`` (data up to
yesterday, so today's norm job has the work of a real day). The figures are medians (and
fastest) of --herhaal runs; the machine is shared, the load average is printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schuldhulp.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import normjob  # noqa: E402
from bench import rapportage as rapportagebench  # noqa: E402
from rapportage import figuren  # noqa: E402
from rapportage import services as rapportage_services  # noqa: E402
from rapportage.ddas.export import Stroom  # noqa: E402
from rapportage.kwartalen import Kwartaal  # noqa: E402
from rapportage.models import Instellingen  # noqa: E402
from schuldhulp.models import Gemeente  # noqa: E402
from trajecten.models import Traject  # noqa: E402
from trajecten.normbewaking import dagelijkse_normbewaking  # noqa: E402

REGELS: list[tuple[str, float, float, str, str]] = []


def regel(taak: str, mediaan: float, snelste: float, baseline: str = "", opmerking: str = ""):
    REGELS.append((taak, mediaan, snelste, baseline, opmerking))
    print(f"  {taak}: mediaan {mediaan:.0f} ms, snelste {snelste:.0f} ms {opmerking}", flush=True)


def _meet(functie, herhaal: int) -> tuple[float, float, object]:
    tijden, uitkomst = [], None
    for _ in range(herhaal):
        begin = time.perf_counter()
        uitkomst = functie()
        tijden.append((time.perf_counter() - begin) * 1000)
    return statistics.median(tijden), min(tijden), uitkomst


def normbewaking(herhaal: int) -> None:
    """bench/normjob.py's variants 'job' and 'baseline', on yesterday's state."""
    with connection.cursor() as c:
        c.execute("SELECT to_regclass('bench_beginstand')")
        if c.fetchone()[0] is None:
            normjob.bewaar_beginstand()
    vandaag = date.today()

    def baseline():
        with connection.cursor() as c:
            c.execute(normjob.BASELINE_SQL, {"vandaag": vandaag})
            return c.rowcount

    def job():
        return dagelijkse_normbewaking(vandaag=vandaag)["statussen_gewijzigd"]

    tijden: dict[str, list[float]] = {"baseline": [], "job": []}
    rijen: dict[str, object] = {}
    for _ in range(herhaal):
        for naam, functie in (("baseline", baseline), ("job", job)):
            duur, rijen[naam] = normjob.tijd(functie)
            tijden[naam].append(duur * 1000)
    normjob.herstel()
    b_med, b_min = statistics.median(tijden["baseline"]), min(tijden["baseline"])
    regel("normbewaking: baseline (1 UPDATE)", b_med, b_min, opmerking=f"{rijen['baseline']} rijen")
    j_med, j_min = statistics.median(tijden["job"]), min(tijden["job"])
    regel(
        "normbewaking: dagelijkse job (alles)",
        j_med,
        j_min,
        f"{j_med / b_med:.2f}× (snelste {j_min / b_min:.2f}×)",
        f"{rijen['job']} statussen + signaleringen + toetsen",
    )


def kwartaalcijfers(gemeente: Gemeente, herhaal: int) -> None:
    kwartaal = Kwartaal.van_datum(timezone.localdate()).vorige()
    instellingen = Instellingen.huidige()
    termijn = 7 * instellingen.termijn_financiele_rust_weken
    s_med, s_min, sql = _meet(
        lambda: rapportagebench.met_sql(gemeente.pk, kwartaal, termijn), herhaal
    )
    regel(f"kwartaalcijfers {gemeente.naam} {kwartaal.kort}: handgeschreven SQL", s_med, s_min)
    o_med, o_min, orm = _meet(lambda: figuren.bereken(gemeente.pk, kwartaal, instellingen), herhaal)
    gelijk = rapportagebench.met_orm(orm) == sql
    regel(
        f"kwartaalcijfers {gemeente.naam} {kwartaal.kort}: ORM (figuren)",
        o_med,
        o_min,
        f"{o_med / s_med:.2f}× (snelste {o_min / s_min:.2f}×)",
        f"uitkomsten gelijk: {'ja' if gelijk else 'NEE'}",
    )


def rapportage(gemeente: Gemeente) -> None:
    kwartaal = Kwartaal.van_datum(timezone.localdate()).vorige()
    begin = time.perf_counter()
    aanvraag = rapportage_services.vraag_aan(
        gemeente=gemeente, kwartaal=kwartaal, door=None, in_wachtrij=False
    )
    klaar = rapportage_services.maak(rapportage_id=aanvraag.pk)
    heel = (time.perf_counter() - begin) * 1000
    regel(f"kwartaalrapportage {gemeente.naam}: 5 kwartalen + PDF + opslaan", heel, heel)
    p_med, p_min, pdf = _meet(
        lambda: rapportage_services.maak_pdf(klaar, klaar.cijfers, klaar.gemaakt_op), 3
    )
    regel("PDF van die rapportage (WeasyPrint)", p_med, p_min, opmerking=f"{len(pdf) // 1024} kB")


def ddas(gemeente: Gemeente, jaar: int) -> None:
    # As the download and the command make it: a stream (the memory: bench/geheugen.py).
    begin = time.perf_counter()
    export = Stroom(gemeenten=[gemeente], van=date(jaar, 1, 1), tot=date(jaar, 12, 31))
    grootte = sum(len(stuk) for stuk in export) // (1024 * 1024)
    duur = (time.perf_counter() - begin) * 1000
    regel(
        f"DDAS-export {gemeente.naam} {jaar} (heel jaar, met schemacontrole)",
        duur,
        duur,
        opmerking=f"{export.aantal_trajecten:,} trajecten, {grootte} MB, "
        f"{export.aantal_trajecten / duur * 1000:.0f} trajecten/s, "
        f"aanbiedbaar: {'ja' if export.aanbiedbaar else 'NEE'}",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--herhaal", type=int, default=5)
    parser.add_argument("--gemeente", default="GM0153", help="for figures, report and DDAS")
    parser.add_argument("--jaar", type=int, default=timezone.localdate().year - 1)
    parser.add_argument("--alleen", default="", help="normbewaking, kwartaal, rapportage, ddas")
    args = parser.parse_args()
    gemeente = Gemeente.objects.get(code=args.gemeente)
    print(
        f"{connection.settings_dict['NAME']}: {Traject.objects.count():,} trajecten; "
        f"{gemeente.naam}: {Traject.objects.filter(gemeente=gemeente).count():,}"
    )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (2 cores, gedeeld)")
    stappen = {
        "normbewaking": lambda: normbewaking(args.herhaal),
        "kwartaal": lambda: kwartaalcijfers(gemeente, args.herhaal),
        "rapportage": lambda: rapportage(gemeente),
        "ddas": lambda: ddas(gemeente, args.jaar),
    }
    for naam, stap in stappen.items():
        if not args.alleen or args.alleen == naam:
            stap()
    print()
    print(f"| {'taak':<62} | {'mediaan (ms)':>12} | {'snelste (ms)':>12} | {'× baseline':<24} |")
    print("|" + "-" * 64 + "|" + "-" * 14 + "|" + "-" * 14 + "|" + "-" * 26 + "|")
    for taak, mediaan, snelste, baseline, _opmerking in REGELS:
        print(f"| {taak:<62} | {mediaan:>12.0f} | {snelste:>12.0f} | {baseline:<24} |")
    for taak, *_r, opmerking in REGELS:
        if opmerking:
            print(f"  {taak}: {opmerking}")


if __name__ == "__main__":
    main()
