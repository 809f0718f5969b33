"""Peak memory of the DDAS export of a year and of the quarterly PDF (issue 21, punt 4).

    python bench/geheugen.py --database geheugen_10k --database geheugen_60k [--jaar 2025]

Each measurement is a fresh ``manage.py`` process: its peak resident memory (``ru_maxrss``
from ``os.wait4``, so only that process) is what a worker or the operator's shell needs.
Per database: a do-nothing command (Django's own baseline), ``ddas_export`` of a whole year
for every gemeente (written to a temporary file, deleted afterwards) and ``kwartaalrapportage``
for the gemeente with the most trajecten over the last finished quarter (this adds a report
version to that database: use a bench database, never production). The budgets are the
issue's: DDAS below 300 MB, the PDF below 400 MB. Memory that does not grow between the two
sizes is the point: the export reads blocks of 500 trajecten and keeps none of them.

``--database`` takes a name on the local PostgreSQL (postgres@127.0.0.1) or a full URL.
The figures and the load average belong in docs/schaal.md ("Geheugen (punt 4)").
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BUDGET_DDAS_MB = 300
BUDGET_PDF_MB = 400


@dataclass
class Meting:
    piek_mb: float
    seconden: float
    uitvoer: str


def _url(database: str) -> str:
    return database if "://" in database else f"postgres://postgres@127.0.0.1:5432/{database}"


def meet(url: str, *argumenten: str) -> Meting:
    """Run ``manage.py <argumenten>`` against `url`; its own peak RSS and wall time."""
    omgeving = {**os.environ, "DATABASE_URL": url, "DJANGO_LOG_LEVEL": "WARNING"}
    start = time.perf_counter()
    proces = subprocess.Popen(
        [PYTHON, str(ROOT / "manage.py"), *argumenten],
        cwd=ROOT,
        env=omgeving,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    # wait4 gives the rusage of this one child (RUSAGE_CHILDREN would be the max of all).
    _, status, gebruik = os.wait4(proces.pid, 0)
    seconden = time.perf_counter() - start
    fouten = proces.stderr.read() if proces.stderr else ""
    proces.returncode = os.waitstatus_to_exitcode(status)
    if proces.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(argumenten)} faalde:\n{fouten[-2000:]}")
    regels = [r for r in fouten.splitlines() if " INFO " not in r]
    return Meting(gebruik.ru_maxrss / 1024, seconden, regels[-1] if regels else "")


def _feiten(url: str) -> tuple[int, str]:
    """(all trajecten, the gemeente with the most)."""
    with psycopg.connect(url) as verbinding:
        totaal = verbinding.execute("SELECT count(*) FROM trajecten_traject").fetchone()[0]
        code = verbinding.execute(
            """SELECT g.code FROM trajecten_traject t JOIN schuldhulp_gemeente g
               ON g.id = t.gemeente_id GROUP BY g.code ORDER BY count(*) DESC LIMIT 1"""
        ).fetchone()[0]
    return totaal, code


def _aantal(uitvoer: str) -> int:
    """'4357 trajecten geëxporteerd naar …' → 4357."""
    eerste = uitvoer.split(" ", 1)[0]
    return int(eerste) if eerste.isdigit() else -1


def _vorig_kwartaal(vandaag: date) -> str:
    kwartaal = (vandaag.month - 1) // 3  # the running one is kwartaal + 1
    return f"{vandaag.year}-{kwartaal}" if kwartaal else f"{vandaag.year - 1}-4"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", action="append", required=True, help="naam of URL")
    parser.add_argument("--jaar", type=int, default=date.today().year - 1)
    parser.add_argument("--kwartaal", default=_vorig_kwartaal(date.today()), help="2026-3")
    parser.add_argument("--zonder-pdf", action="store_true")
    args = parser.parse_args()

    with open("/proc/loadavg") as f:
        print(f"load average bij de start: {f.read().split()[:3]}")
    kop = (
        f"{'database':<16}{'trajecten':>10}{'in ' + str(args.jaar):>9}{'basis MB':>10}"
        f"{'DDAS MB':>9}{'DDAS s':>8}{'PDF MB':>8}{'PDF s':>7}  binnen budget"
    )
    print(kop)
    rijen = []
    for database in args.database:
        url = _url(database)
        totaal, code = _feiten(url)
        basis = meet(url, "shell", "-c", "pass")
        with tempfile.TemporaryDirectory() as map_:
            uit = Path(map_) / "ddas.json"
            ddas = meet(
                url,
                "ddas_export",
                "--van",
                f"{args.jaar}-01-01",
                "--tot",
                f"{args.jaar}-12-31",
                "-o",
                str(uit),
            )
            grootte = uit.stat().st_size / 1024 / 1024
        pdf = (
            None
            if args.zonder_pdf
            else meet(url, "kwartaalrapportage", "--gemeente", code, "--kwartaal", args.kwartaal)
        )
        goed = ddas.piek_mb < BUDGET_DDAS_MB and (pdf is None or pdf.piek_mb < BUDGET_PDF_MB)
        print(
            f"{database:<16}{totaal:>10,}{_aantal(ddas.uitvoer):>9,}{basis.piek_mb:>10.0f}"
            f"{ddas.piek_mb:>9.0f}{ddas.seconden:>8.1f}"
            + (f"{pdf.piek_mb:>8.0f}{pdf.seconden:>7.1f}" if pdf else f"{'-':>8}{'-':>7}")
            + f"  {'ja' if goed else 'NEE'}"
        )
        print(f"    DDAS: {grootte:.0f} MB JSON; {ddas.uitvoer}")
        if pdf:
            print(f"    PDF {code} {args.kwartaal}: {pdf.uitvoer or 'klaar'}")
        rijen.append((totaal, ddas.piek_mb, pdf.piek_mb if pdf else None))
    if len(rijen) > 1:
        (n0, d0, p0), (n1, d1, p1) = rijen[0], rijen[-1]
        print(
            f"groei van {n0:,} naar {n1:,} trajecten ({n1 / n0:.1f}×): "
            f"DDAS {d1 - d0:+.0f} MB"
            + (f", PDF {p1 - p0:+.0f} MB" if p0 is not None and p1 is not None else "")
        )
    print(f"budget: DDAS < {BUDGET_DDAS_MB} MB, kwartaal-PDF < {BUDGET_PDF_MB} MB")
    with open("/proc/loadavg") as f:
        print(f"load average aan het eind: {f.read().split()[:3]}")


if __name__ == "__main__":
    main()
