"""Benchmark of the kwartaalrapportage: the ORM figures against hand-written SQL, and the PDF.

    DATABASE_URL=postgres://…/schuldhulp_x python bench/rapportage.py [--trajecten 20000]

Fills a gemeente of its own ("Benchstad", GM9990) with generated trajecten (bulk inserts;
idempotent: an existing Benchstad is reused), then times for the last finished quarter:
the figures via ``rapportage.figuren`` (the ORM: filtered Count, percentile_cont, EXISTS),
the same figures via hand-written SQL, and the PDF. The two sets of figures are compared.
``--gemeente GM0141 --trajecten 600 --alleen-data`` fills a demo gemeente instead.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schuldhulp.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from rapportage_data import genereer  # noqa: E402  (bench/ is on sys.path)

from rapportage import figuren, services  # noqa: E402
from rapportage.kwartalen import Kwartaal  # noqa: E402
from rapportage.models import Instellingen, Kwartaalrapportage  # noqa: E402
from schuldhulp.models import Dienstverleningsafspraak, Gemeente, Organisatie  # noqa: E402
from trajecten.models import (  # noqa: E402
    Gebeurtenis,
    Traject,
)

# ----------------------------------------------------------------------------- hand-written SQL
SQL: dict[str, str] = {
    "aanmeldingen": """
        SELECT t.kanaal, count(DISTINCT g.traject_id)
        FROM trajecten_gebeurtenis g JOIN trajecten_traject t ON t.id = g.traject_id
        WHERE t.gemeente_id = %(g)s AND g.soort = 'aanmelding' AND g.datum BETWEEN %(s)s AND %(e)s
        GROUP BY t.kanaal""",
    "wachttijd": """
        WITH eg AS (
            SELECT g.traject_id, min(g.datum) AS datum
            FROM trajecten_gebeurtenis g JOIN trajecten_traject t ON t.id = g.traject_id
            WHERE t.gemeente_id = %(g)s AND g.soort = 'eerste_gesprek'
            GROUP BY g.traject_id HAVING min(g.datum) BETWEEN %(s)s AND %(e)s),
        am AS (
            SELECT traject_id, min(datum) AS datum FROM trajecten_gebeurtenis
            WHERE soort = 'aanmelding' AND traject_id IN (SELECT traject_id FROM eg)
            GROUP BY traject_id)
        SELECT count(*), avg(eg.datum - am.datum),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY eg.datum - am.datum)
        FROM eg JOIN am USING (traject_id)""",
    "normen": """
        SELECT n.code, n.doelpercentage, count(*),
               count(*) FILTER (WHERE k.gehaald_op <= k.deadline)
        FROM trajecten_normbewaking k
        JOIN trajecten_traject t ON t.id = k.traject_id
        JOIN trajecten_doorlooptijdnorm n ON n.id = k.norm_id
        WHERE t.gemeente_id = %(g)s AND k.deadline BETWEEN %(s)s AND %(e)s AND NOT k.vervallen
        GROUP BY n.code, n.doelpercentage""",
    "financiele_rust": """
        WITH a AS (
            SELECT g.traject_id, t.kanaal = 'vroegsignalering' AS vroeg, g.datum
            FROM trajecten_gebeurtenis g JOIN trajecten_traject t ON t.id = g.traject_id
            WHERE t.gemeente_id = %(g)s AND g.soort = 'aanmelding'
              AND g.datum BETWEEN %(s)s::date - %(termijn)s AND %(e)s::date - %(termijn)s),
        r AS (SELECT traject_id, min(datum) AS rust FROM trajecten_gebeurtenis
              WHERE soort = 'financiele_rust' AND traject_id IN (SELECT traject_id FROM a)
              GROUP BY traject_id),
        u AS (SELECT traject_id, min(datum) AS uit FROM trajecten_gebeurtenis
              WHERE soort IN ('uitstroom', 'afwijzing') AND traject_id IN (SELECT traject_id FROM a)
              GROUP BY traject_id)
        SELECT a.vroeg,
               count(*) - count(*) FILTER (WHERE u.uit - a.datum <= %(termijn)s
                                     AND (r.rust IS NULL OR r.rust - a.datum > %(termijn)s)),
               count(*) FILTER (WHERE r.rust - a.datum <= %(termijn)s)
        FROM a LEFT JOIN r USING (traject_id) LEFT JOIN u USING (traject_id)
        GROUP BY a.vroeg""",
    "doorlooptijd_toelating": """
        WITH tl AS (
            SELECT g.traject_id, min(g.datum) AS datum
            FROM trajecten_gebeurtenis g JOIN trajecten_traject t ON t.id = g.traject_id
            WHERE t.gemeente_id = %(g)s AND g.soort = 'toelating'
            GROUP BY g.traject_id HAVING min(g.datum) BETWEEN %(s)s AND %(e)s),
        eg AS (SELECT traject_id, min(datum) AS datum FROM trajecten_gebeurtenis
               WHERE soort = 'eerste_gesprek' AND traject_id IN (SELECT traject_id FROM tl)
               GROUP BY traject_id)
        SELECT count(eg.datum), avg(tl.datum - eg.datum),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY tl.datum - eg.datum)
        FROM tl LEFT JOIN eg USING (traject_id)""",
    "crisisinterventies": """
        SELECT count(*) FILTER (WHERE c.startdatum BETWEEN %(s)s AND %(e)s),
               count(*) FILTER (WHERE c.einddatum BETWEEN %(s)s AND %(e)s),
               count(*) FILTER (WHERE c.einddatum BETWEEN %(s)s AND %(e)s AND c.voorkomen)
        FROM trajecten_crisisinterventie c JOIN trajecten_traject t ON t.id = c.traject_id
        WHERE t.gemeente_id = %(g)s""",
    "moratoria": """
        SELECT count(*) FILTER (WHERE m.aanvraagdatum BETWEEN %(s)s AND %(e)s),
               count(*) FILTER (WHERE m.startdatum BETWEEN %(s)s AND %(e)s),
               count(*) FILTER (WHERE m.startdatum <= %(e)s
                                  AND (m.einddatum IS NULL OR m.einddatum >= %(e)s))
        FROM trajecten_moratorium m JOIN trajecten_traject t ON t.id = m.traject_id
        WHERE t.gemeente_id = %(g)s""",
    "producten": """
        SELECT g.gegevens ->> 'productsoort',
               count(*) FILTER (WHERE g.soort = 'product_gestart' AND g.datum < %(s)s)
             - count(*) FILTER (WHERE g.soort = 'product_beeindigd' AND g.datum < %(s)s),
               count(*) FILTER (WHERE g.soort = 'product_gestart' AND g.datum >= %(s)s),
               count(*) FILTER (WHERE g.soort = 'product_beeindigd' AND g.datum >= %(s)s)
        FROM trajecten_gebeurtenis g JOIN trajecten_traject t ON t.id = g.traject_id
        WHERE t.gemeente_id = %(g)s AND g.datum <= %(e)s
          AND g.soort IN ('product_gestart', 'product_beeindigd')
        GROUP BY 1""",
    "schuldregelingen": """
        SELECT g.gegevens ->> 'status', count(DISTINCT g.gegevens ->> 'product')
        FROM trajecten_gebeurtenis g JOIN trajecten_traject t ON t.id = g.traject_id
        WHERE t.gemeente_id = %(g)s AND g.soort = 'schuldregeling'
          AND g.datum BETWEEN %(s)s AND %(e)s
        GROUP BY 1""",
    "uitstroom": """
        SELECT count(DISTINCT g.traject_id),
               count(DISTINCT g.traject_id) FILTER (WHERE NOT EXISTS (
                   SELECT 1 FROM trajecten_gebeurtenis p
                   WHERE p.traject_id = g.traject_id AND p.soort = 'product_gestart'
                     AND p.gegevens ->> 'productsoort' IN ('Schuldbemiddeling', 'Saneringskrediet',
                         'Betalingsregeling', 'Herfinanciering', '0%%-aanbod', 'Wsnp')
                     AND p.datum <= g.datum))
        FROM trajecten_gebeurtenis g JOIN trajecten_traject t ON t.id = g.traject_id
        WHERE t.gemeente_id = %(g)s AND g.soort IN ('uitstroom', 'afwijzing')
          AND g.datum BETWEEN %(s)s AND %(e)s""",
    "recidive": """
        SELECT count(DISTINCT t.klant_id),
               count(DISTINCT t.klant_id) FILTER (WHERE EXISTS (
                   SELECT 1 FROM trajecten_gebeurtenis g2
                   JOIN trajecten_traject t2 ON t2.id = g2.traject_id
                   WHERE t2.klant_id = t.klant_id AND t2.id <> t.id
                     AND g2.soort IN ('uitstroom', 'afwijzing') AND g2.datum <= g.datum))
        FROM trajecten_gebeurtenis g JOIN trajecten_traject t ON t.id = g.traject_id
        WHERE t.gemeente_id = %(g)s AND g.soort = 'aanmelding'
          AND g.datum BETWEEN %(s)s AND %(e)s""",
    "zelfredzaam": """
        SELECT count(*), count(*) FILTER (WHERE g.gegevens -> 'zelfredzaam' = 'true'::jsonb)
        FROM trajecten_gebeurtenis g JOIN trajecten_traject t ON t.id = g.traject_id
        WHERE t.gemeente_id = %(g)s AND g.soort = 'product_beeindigd'
          AND g.gegevens ->> 'productsoort' = 'Budgetbeheer'
          AND g.datum BETWEEN %(s)s AND %(e)s""",
}


def met_sql(gemeente_id: int, kwartaal: Kwartaal, termijn: int) -> dict:
    """The same figures with hand-written SQL, in a shape that compares with the ORM's."""
    p = {"g": gemeente_id, "s": kwartaal.start, "e": kwartaal.eind, "termijn": termijn}
    r: dict = {}
    with connection.cursor() as c:
        for naam, sql in SQL.items():
            c.execute(sql, p)
            r[naam] = c.fetchall()
    een = lambda w, d=1: None if w is None else round(float(w) / d, 1)  # noqa: E731
    wacht, toel = r["wachttijd"][0], r["doorlooptijd_toelating"][0]
    rust = {vroeg: (aantal, binnen) for vroeg, aantal, binnen in r["financiele_rust"]}
    return {
        "aanmeldingen": dict(r["aanmeldingen"]),
        "intakes": wacht[0],
        "wachttijd": (een(wacht[1], 7), een(wacht[2], 7)),
        "normen": sorted((c, d, n, h) for c, d, n, h in r["normen"]),
        "financiele_rust": (rust.get(True, (0, 0)), rust.get(False, (0, 0))),
        "toelating": (toel[0], een(toel[1]), een(toel[2])),
        "crisis": r["crisisinterventies"][0],
        "moratoria": r["moratoria"][0],
        "producten": {s: (b, i, u, b + i - u) for s, b, i, u in r["producten"]},
        "schuldregelingen": {
            s: n for s, n in r["schuldregelingen"] if s != "dwangakkoord_verzocht"
        },
        "uitstroom": r["uitstroom"][0],
        "recidive": r["recidive"][0],
        "zelfredzaam": r["zelfredzaam"][0],
    }


def met_orm(c: dict) -> dict:
    """The ORM figures in the shape of :func:`met_sql`."""
    return {
        "aanmeldingen": {k: n for k, n in c["aanmeldingen"]["per_kanaal"].items() if n},
        "intakes": c["intakes"]["totaal"],
        "wachttijd": (c["wachttijd"]["gemiddeld_weken"], c["wachttijd"]["mediaan_weken"]),
        "normen": sorted(
            (n["code"], n["doel"], n["aantal"], n["gehaald"]) for n in c["normen"]["normen"]
        ),
        "financiele_rust": tuple(
            (c["financiele_rust"][g]["aantal"], c["financiele_rust"][g]["binnen"])
            for g in ("vroeg", "overig")
        ),
        "toelating": (
            c["doorlooptijd_toelating"]["aantal"],
            c["doorlooptijd_toelating"]["gemiddeld_dagen"],
            c["doorlooptijd_toelating"]["mediaan_dagen"],
        ),
        "crisis": (
            c["crisisinterventies"]["gestart"],
            c["crisisinterventies"]["afgerond"],
            c["crisisinterventies"]["voorkomen"],
        ),
        "moratoria": (
            c["moratoria"]["aangevraagd"],
            c["moratoria"]["gestart"],
            c["moratoria"]["lopend_eind"],
        ),
        "producten": {
            s: (v["begin"], v["in"], v["uit"], v["eind"])
            for s, v in c["producten"]["per_soort"].items()
            if any(v.values())
        },
        "schuldregelingen": {s: n for s, n in c["schuldregelingen"].items() if s != "wsnp" and n},
        "uitstroom": (c["uitstroom"]["totaal"], c["uitstroom"]["uitval"]),
        "recidive": (c["recidive"]["klanten"], c["recidive"]["recidive"]),
        "zelfredzaam": (c["zelfredzaam"]["beeindigd"], c["zelfredzaam"]["zelfredzaam"]),
    }


def _tijd(functie, herhaal: int = 3) -> tuple[float, object]:
    beste, uitkomst = float("inf"), None
    for _ in range(herhaal):
        begin = time.perf_counter()
        uitkomst = functie()
        beste = min(beste, time.perf_counter() - begin)
    return beste, uitkomst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trajecten", type=int, default=20_000)
    parser.add_argument("--gemeente", default="GM9990")
    parser.add_argument("--alleen-data", action="store_true")
    args = parser.parse_args()
    organisatie, _ = Organisatie.objects.get_or_create(naam="Stadsbank Oost Nederland")
    gemeente, nieuw = Gemeente.objects.get_or_create(
        code=args.gemeente, defaults={"naam": "Benchstad", "organisatie": organisatie}
    )
    if nieuw or not gemeente.afspraken.exists():
        Dienstverleningsafspraak.objects.create(
            gemeente=gemeente, pakket="ontzorging", geldig_van=date(2020, 1, 1), status="actief"
        )
    bestaand = Traject.objects.filter(gemeente=gemeente).count()
    if bestaand < args.trajecten:
        begin = time.perf_counter()
        genereer(gemeente, args.trajecten - bestaand, seed=len(args.gemeente) + bestaand)
        duur = time.perf_counter() - begin
        print(f"Gegevens: {args.trajecten - bestaand} trajecten gemaakt in {duur:.1f} s")
    aantal = Traject.objects.filter(gemeente=gemeente).count()
    rijen = Gebeurtenis.objects.filter(traject__gemeente=gemeente).count()
    print(f"Gemeente {gemeente.naam} ({gemeente.code}): {aantal} trajecten, {rijen} gebeurtenissen")
    if args.alleen_data:
        return
    kwartaal = Kwartaal.van_datum(timezone.localdate()).vorige()
    instellingen = Instellingen.huidige()
    termijn = 7 * instellingen.termijn_financiele_rust_weken
    t_orm, orm = _tijd(lambda: figuren.bereken(gemeente.pk, kwartaal, instellingen))
    t_sql, sql = _tijd(lambda: met_sql(gemeente.pk, kwartaal, termijn))
    t_reeks, _ = _tijd(lambda: figuren.bereken_reeks(gemeente.pk, kwartaal), herhaal=1)
    gelijk = met_orm(orm) == sql
    print(f"Kwartaal {kwartaal.naam}")
    print(f"  cijfers via ORM (1 kwartaal):        {t_orm * 1000:8.1f} ms")
    print(f"  zelfde cijfers via handgeschreven SQL: {t_sql * 1000:8.1f} ms")
    print(f"  verhouding ORM / SQL:                {t_orm / t_sql:8.2f}")
    print(f"  met trend (5 kwartalen, ORM):        {t_reeks * 1000:8.1f} ms")
    print(f"  uitkomsten gelijk:                   {'ja' if gelijk else 'NEE'}")
    if not gelijk:
        for sleutel, waarde in met_orm(orm).items():
            if sql.get(sleutel) != waarde:
                print(f"    {sleutel}: ORM {waarde} ≠ SQL {sql.get(sleutel)}")
    aanvraag = services.vraag_aan(
        gemeente=gemeente, kwartaal=kwartaal, door=None, in_wachtrij=False
    )
    begin = time.perf_counter()
    rapportage = services.maak(rapportage_id=aanvraag.pk)
    t_rapport = time.perf_counter() - begin
    cijfers = rapportage.cijfers
    begin = time.perf_counter()
    pdf = services.maak_pdf(rapportage, cijfers, rapportage.gemaakt_op)
    t_pdf = time.perf_counter() - begin
    print(f"  PDF opmaken (WeasyPrint):            {t_pdf * 1000:8.1f} ms ({len(pdf) // 1024} kB)")
    versies = Kwartaalrapportage.objects.filter(gemeente=gemeente).count()
    print(
        f"  hele rapportage (cijfers+PDF+opslaan): {t_rapport * 1000:8.1f} ms "
        f"(versie {rapportage.versie}; {versies} versies)"
    )
    sys.exit(0 if gelijk else 1)


if __name__ == "__main__":
    main()
