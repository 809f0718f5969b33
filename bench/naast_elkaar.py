"""Side by side: the JSON of two or more ``bench/paginas.py --json`` runs as one markdown
table (p50/p95 per size, queries, the largest size against the smallest), then the
first-page query against hand-written SQL and the plans of the first pages.

    .venv/bin/python bench/naast_elkaar.py uit/schaal_150k.json uit/schaal_1m.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _getal(x: float) -> str:
    return f"{x:,.0f}".replace(",", ".") if x >= 100 else f"{x:.1f}".replace(".", ",")


def main(paden: list[str]) -> None:
    runs = [json.loads(Path(p).read_text()) for p in paden]
    namen = [r["database"] for r in runs]
    for r in runs:
        print(f"- **{r['database']}**: {r['omvang']}")
        print(
            f"  load average voor / na: {r['load_voor'][0]:.2f} / {r['load_na'][0]:.2f} (2 cores)"
        )
    print()
    kop = " | ".join(f"{n} p50 / p95 (ms)" for n in namen)
    print(f"| pagina | {kop} | queries | p50 {namen[-1]} / {namen[0]} |")
    print("|---|" + "---:|" * len(namen) + "---:|---:|")
    # by position: the pages come in the same order; a name can differ in its detail
    # (the search term, the number of debts of the sample traject)
    for i, eerste in enumerate(runs[0]["paginas"]):
        rijen = [r["paginas"][i] if i < len(r["paginas"]) else None for r in runs]
        cellen = []
        for p in rijen:
            cel = f"{_getal(p['p50'])} / {_getal(p['p95'])}" if p else "–"
            if p and p["status"] != 200:
                cel += f" (status {p['status']})"
            cellen.append(cel)
        queries = [str(p["queries"]) if p else "–" for p in rijen]
        laatste = rijen[-1]
        verhouding = f"{laatste['p50'] / eerste['p50']:.2f}" if laatste else "–"
        q = queries[0] if len(set(queries)) == 1 else " → ".join(queries)
        print(f"| {eerste['pagina']} | {' | '.join(cellen)} | {q} | {verhouding} |")
    print()
    print("Eerste pagina, query van de pagina (ORM) tegen handgeschreven SQL (ms):")
    print()
    kop = " | ".join(f"{n} ORM p50 / SQL p50 / × SQL" for n in namen)
    print(f"| pagina | {kop} |")
    print("|---|" + "---:|" * len(namen))
    for i, s in enumerate(runs[0].get("sql", [])):
        cellen = []
        for r in runs:
            t = r.get("sql", [])[i]
            gelijk = "" if t["gelijk"] else " (andere rijen!)"
            cellen.append(
                f"{t['orm_p50']:.2f} / {t['sql_p50']:.2f} / {t['orm_p50'] / t['sql_p50']:.2f}"
                + gelijk
            )
        print(f"| {s['pagina']} | {' | '.join(cellen)} |")
    print()
    print("Plannen van de eerste pagina's: DB-tijd van alle SELECTs en de grootste scan:")
    print()
    kop = " | ".join(f"{n} DB ms / grootste scan (rijen)" for n in namen)
    print(f"| pagina | {kop} | waar ({namen[-1]}) |")
    print("|---|" + "---:|" * len(namen) + "---|")
    for i, pl in enumerate(runs[0].get("plannen", [])):
        cellen = [
            f"{r['plannen'][i]['db_ms']:.1f} / {r['plannen'][i]['scan_rijen']:,}".replace(",", ".")
            for r in runs
        ]
        print(f"| {pl['pagina']} | {' | '.join(cellen)} | {runs[-1]['plannen'][i]['scan']} |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
