"""Benchmark of the daily norm watch (trajecten.normbewaking.dagelijkse_normbewaking).

    .venv/bin/python bench/normjob.py --trajecten 150000

Builds a separate database (``bench_schuldhulp`` on DATABASE_URL's server, migrated) with N
trajecten spread over three years, their clocks, products, pauses and the signaleringen of
"yesterday", loaded with COPY. Then, on identical data reset between runs, it times

  * job      — dagelijkse_normbewaking(vandaag=today): statuses, signaleringen, toetsen
  * baseline — ONE hand-written SQL UPDATE doing the same status update
  * v0       — the first version of the job (before this benchmark), for reference

and prints a table (median and fastest of --herhaal runs; the machine is shared, so the
fastest run is the least disturbed) with the times, the ratio job/baseline and the rows
updated. It checks that job and baseline leave exactly the same statuses.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

BASELINE_SQL = """
UPDATE trajecten_normbewaking AS k
SET status = CASE WHEN %(vandaag)s::date > k.deadline THEN 'overschreden'
                  WHEN k.deadline <= k.start THEN 'dreigt'
                  WHEN (%(vandaag)s::date - k.start) * 100
                       >= n.dreigpercentage * (k.deadline - k.start) THEN 'dreigt'
                  ELSE 'loopt' END,
    bijgewerkt_op = now()
FROM trajecten_doorlooptijdnorm AS n
WHERE n.id = k.norm_id AND k.gehaald_op IS NULL AND NOT k.vervallen AND NOT k.opgeschort
  AND k.status IS DISTINCT FROM
      CASE WHEN %(vandaag)s::date > k.deadline THEN 'overschreden'
           WHEN k.deadline <= k.start THEN 'dreigt'
           WHEN (%(vandaag)s::date - k.start) * 100
                >= n.dreigpercentage * (k.deadline - k.start) THEN 'dreigt'
           ELSE 'loopt' END
"""

# The job as it was before this benchmark (status update by self-join over every open clock,
# then an insert attempt for every dreigt/overschreden clock, every day).
V0_SQL = [
    """
UPDATE trajecten_normbewaking AS k
SET status = s.nieuw, bijgewerkt_op = now()
FROM (
    SELECT k2.id,
           CASE WHEN %(vandaag)s::date > k2.deadline THEN 'overschreden'
                WHEN (%(vandaag)s::date - k2.start)
                     >= n.dreigpercentage / 100.0 * (k2.deadline - k2.start)
                     THEN 'dreigt'
                ELSE 'loopt' END AS nieuw
    FROM trajecten_normbewaking k2
    JOIN trajecten_doorlooptijdnorm n ON n.id = k2.norm_id
    WHERE k2.gehaald_op IS NULL AND NOT k2.vervallen AND NOT k2.opgeschort
) AS s
WHERE k.id = s.id AND k.status <> s.nieuw
""",
    """
INSERT INTO trajecten_signalering
    (sleutel, soort, traject_id, klok_id, gebruiker_id, tekst, aangemaakt_op)
SELECT 'klok-' || k.id || '-' || k.status, k.status, k.traject_id, k.id, t.behandelaar_id,
       left(n.naam || CASE WHEN k.status = 'dreigt' THEN ': termijn dreigt te verlopen (deadline '
                           ELSE ': termijn overschreden (deadline ' END
            || to_char(k.deadline, 'DD-MM-YYYY') || ')', 300),
       now()
FROM trajecten_normbewaking k
JOIN trajecten_traject t ON t.id = k.traject_id
JOIN trajecten_doorlooptijdnorm n ON n.id = k.norm_id
WHERE k.status IN ('dreigt', 'overschreden') AND k.gehaald_op IS NULL AND NOT k.vervallen
ON CONFLICT (sleutel) DO NOTHING
""",
    """
INSERT INTO trajecten_signalering
    (sleutel, soort, traject_id, klok_id, gebruiker_id, tekst, aangemaakt_op)
SELECT 'toets-' || p.id || '-' || h.nummer, 'toets_budgetbeheer', p.traject_id, NULL,
       t.behandelaar_id,
       'Budgetbeheer: halfjaarlijkse toets financiële zelfredzaamheid (' || h.nummer || ')', now()
FROM trajecten_product p
JOIN trajecten_traject t ON t.id = p.traject_id
CROSS JOIN LATERAL (
    SELECT ((extract(year FROM age(%(vandaag)s::date, p.startdatum)) * 12
            + extract(month FROM age(%(vandaag)s::date, p.startdatum)))::int / 6) AS nummer
) h
WHERE p.soort = 'Budgetbeheer' AND p.einddatum IS NULL AND h.nummer >= 1
  AND p.startdatum <= %(vandaag)s::date
ON CONFLICT (sleutel) DO NOTHING
""",
]


def _bench_url(naam: str) -> tuple[str, str]:
    bron = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    delen = urlsplit(bron)
    return bron, urlunsplit(delen._replace(path=f"/{naam}"))


def _maak_database(bron_url: str, naam: str, opnieuw: bool) -> bool:
    """Create the bench database if needed; True when it is new (and must be filled)."""
    import psycopg

    with psycopg.connect(bron_url, autocommit=True) as conn:
        bestaat = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [naam]).fetchone()
        if bestaat and opnieuw:
            conn.execute(f'DROP DATABASE "{naam}" WITH (FORCE)')
            bestaat = None
        if not bestaat:
            conn.execute(f'CREATE DATABASE "{naam}"')
    return not bestaat


# --------------------------------------------------------------------------- data


def vul(aantal: int, vandaag: date, seed: int = 2026) -> dict[str, int]:
    from django.db import connection

    from demo.basis import GEMEENTEN

    # the COPY helper is shared with the scale generator (manage.py demo_data --omvang schaal)
    from demo.schaal import kopieer as _kopieer
    from schuldhulp.models import Dienstverleningsafspraak, Gebruiker, Gemeente, Klant, Organisatie
    from trajecten.models import (
        Doorlooptijdnorm,
        Normbewaking,
        Opschorting,
        Product,
        Traject,
    )
    from trajecten.normbewaking import dreigt_vanaf
    from trajecten.normen import bepaal_status

    rng = random.Random(seed)
    org, _ = Organisatie.objects.get_or_create(naam="Stadsbank Oost Nederland")
    gemeenten, afspraken, regisseurs = [], [], []
    for naam, code, pakket in GEMEENTEN:
        g = Gemeente.objects.create(naam=naam, code=code, organisatie=org)
        gemeenten.append(g)
        afspraken.append(
            Dienstverleningsafspraak.objects.create(
                gemeente=g, pakket=pakket, geldig_van=date(2020, 1, 1), status="actief"
            )
        )
        regisseurs.append(Gebruiker.objects.create(username=f"bench-{code}", rol="klantregisseur"))
    norm = {n.code: n for n in Doorlooptijdnorm.objects.all()}

    klanten, trajecten, producten, klokken, pauzes = [], [], [], [], []
    klok_id = product_id = 0
    kanalen = (
        ["wijkteam"] * 40
        + ["ketenpartner"] * 25
        + ["inwoner"] * 15
        + ["vroegsignalering"] * 15
        + ["overig"] * 5
    )

    def klok(tid, code, start, lengte, gehaald, einde, pid=None) -> None:
        nonlocal klok_id
        klok_id += 1
        n = norm[code]
        deadline = start + timedelta(days=lengte)
        if gehaald and gehaald > vandaag - timedelta(days=1):
            gehaald = None  # not yet happened on "yesterday"
        vervallen = gehaald is None and einde is not None and einde <= deadline
        if gehaald:
            status = "gehaald" if gehaald <= deadline else "te_laat_gehaald"
        else:
            peil = (
                min(einde, vandaag - timedelta(days=1))
                if vervallen
                else vandaag - timedelta(days=1)
            )
            status = bepaal_status(
                start=start,
                deadline=deadline,
                peildatum=peil,
                gehaald_op=None,
                dreig_fractie=n.dreigpercentage / 100,
            ).value
        opgeschort = (
            gehaald is None and einde is None and n.opschorting_toegestaan and rng.random() < 0.01
        )
        klokken.append(
            dict(
                id=klok_id,
                traject_id=tid,
                norm_id=n.pk,
                product_id=pid,
                start=start,
                deadline=deadline,
                gehaald_op=gehaald,
                status=status,
                opgeschort=opgeschort,
                vervallen=vervallen,
                dreigt_vanaf=dreigt_vanaf(start, deadline, n.dreigpercentage),
            )
        )
        if opgeschort:
            van = max(start + timedelta(days=1), vandaag - timedelta(days=rng.randint(1, 20)))
            pauzes.append(dict(klok_id=klok_id, van=min(van, vandaag), reden="Wacht op stukken"))

    for i in range(1, aantal + 1):
        gi = rng.randrange(len(gemeenten))
        aanmelding = vandaag - timedelta(days=rng.randint(1, 3 * 365))
        kanaal = rng.choice(kanalen)
        bedreigend = rng.random() < 0.15
        klanten.append(
            dict(
                id=i,
                bsn=f"{100000000 + i}",
                voornamen="Bench",
                achternaam=f"Klant {i}",
                geboortedatum=date(1980, 1, 1),
                postcode="7600 AA",
                gemeente_id=gemeenten[gi].pk,
            )
        )

        def na(d, a, b):
            return d + timedelta(days=rng.randint(a, b)) if d else None

        gesprek = na(aanmelding, 1, 4 if bedreigend else 40)
        toelating = na(gesprek, 5, 70) if rng.random() < 0.85 else None
        rust = na(toelating, 3, 50)
        einde = na(aanmelding, 60, 1000) if rng.random() < 0.8 else None
        mijlpalen = [gesprek, toelating, rust]
        if einde and einde >= vandaag:
            einde = None
        gesprek, toelating, rust = (
            m if m and m < vandaag and (einde is None or m <= einde) else None for m in mijlpalen
        )
        fase = (
            "uitgestroomd"
            if einde
            else "uitvoering"
            if rust and rng.random() < 0.7
            else "financiele_rust"
            if rust
            else "stabilisatie"
            if toelating
            else "intake"
            if gesprek
            else "aangemeld"
        )
        trajecten.append(
            dict(
                id=i,
                klant_id=i,
                gemeente_id=gemeenten[gi].pk,
                afspraak_id=afspraken[gi].pk,
                aanmelddatum=aanmelding,
                kanaal=kanaal,
                crisisinterventie=bedreigend,
                bedreigende_situatie="beslag" if bedreigend else "",
                behandelaar_id=regisseurs[gi].pk,
                fase=fase,
                uitstroomreden="Zelf" if einde else "",
            )
        )
        if bedreigend:
            klok(i, "wgs-eerste-gesprek-bedreigend", aanmelding, 5, gesprek, einde)
            klok(i, "bedreigend-rust", aanmelding, 14, rust, einde)
        else:
            klok(i, "wgs-eerste-gesprek", aanmelding, 28, gesprek, einde)
        if gesprek:
            klok(i, "awb-beschikking", gesprek, 56, toelating, einde)
        if kanaal == "vroegsignalering":
            klok(i, "vroegsignalering-contact", aanmelding, 14, gesprek, einde)
            klok(i, "vroegsignalering-rust", aanmelding, 35, rust, einde)
        else:
            klok(i, "stabilisatie-rust", aanmelding, 35, rust, einde)
        if toelating:
            for soort, kans in [("Budgetbeheer", 0.4), ("Schuldbemiddeling", 0.3)]:
                if rng.random() >= kans:
                    continue
                product_id += 1
                start = min(toelating + timedelta(days=rng.randint(0, 30)), vandaag)
                eind = einde or (na(start, 30, 1200) if rng.random() < 0.5 else None)
                if eind and eind >= vandaag:
                    eind = None
                if eind and eind < start:
                    eind = start
                producten.append(
                    dict(id=product_id, traject_id=i, soort=soort, startdatum=start, einddatum=eind)
                )
                if soort == "Budgetbeheer":
                    klok(i, "budgetbeheer-36", start, 3 * 365, eind, einde, product_id)
                else:
                    uitkomst = na(start, 20, 200) if rng.random() < 0.7 else None
                    klok(i, "schuldregeling-120", toelating, 120, uitkomst, einde, product_id)

    with connection.cursor() as c:
        ruw = c.connection.cursor()
        _kopieer(ruw, Klant, klanten)
        _kopieer(ruw, Traject, trajecten)
        _kopieer(ruw, Product, producten)
        _kopieer(ruw, Normbewaking, klokken)
        _kopieer(ruw, Opschorting, pauzes)
        for tabel in (
            "schuldhulp_klant",
            "trajecten_traject",
            "trajecten_product",
            "trajecten_normbewaking",
            "trajecten_opschorting",
        ):
            c.execute(
                f"SELECT setval(pg_get_serial_sequence('{tabel}', 'id'), "
                f"(SELECT max(id) FROM {tabel}))"
            )
    return {
        "trajecten": len(trajecten),
        "klokken": len(klokken),
        "producten": len(producten),
        "pauzes": len(pauzes),
    }


# ---------------------------------------------------------------------- timing


def _vacuum() -> None:
    from django.db import connection

    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE trajecten_normbewaking")
        c.execute("VACUUM ANALYZE trajecten_signalering")


def bewaar_beginstand() -> None:
    """Yesterday's state: statuses, deadlines of paused clocks and the signaleringen."""
    from django.db import connection

    from trajecten import normbewaking

    gisteren = date.today() - timedelta(days=1)
    normbewaking.dagelijkse_normbewaking(vandaag=gisteren)
    with connection.cursor() as c:
        # every clock that dreigt or is overschreden was signalled on an earlier day
        c.execute(V0_SQL[1])
        c.execute("DROP TABLE IF EXISTS bench_beginstand")
        c.execute(
            "CREATE TABLE bench_beginstand AS SELECT id, status, deadline, dreigt_vanaf, "
            "opgeschort, vervallen FROM trajecten_normbewaking"
        )
        c.execute("ALTER TABLE bench_beginstand ADD PRIMARY KEY (id)")
        c.execute("DROP TABLE IF EXISTS bench_signalen")
        c.execute(
            "CREATE TABLE bench_signalen AS SELECT max(id) AS laatste FROM trajecten_signalering"
        )
    _vacuum()


def herstel() -> None:
    from django.db import connection

    with connection.cursor() as c:
        c.execute(
            "UPDATE trajecten_normbewaking k SET status = b.status, deadline = b.deadline, "
            "dreigt_vanaf = b.dreigt_vanaf, opgeschort = b.opgeschort, vervallen = b.vervallen "
            "FROM bench_beginstand b WHERE k.id = b.id AND "
            "(k.status, k.deadline, k.dreigt_vanaf, k.opgeschort, k.vervallen) IS DISTINCT FROM "
            "(b.status, b.deadline, b.dreigt_vanaf, b.opgeschort, b.vervallen)"
        )
        c.execute(
            "DELETE FROM trajecten_signalering WHERE id > (SELECT coalesce(laatste, 0) "
            "FROM bench_signalen)"
        )
        c.execute("DELETE FROM trajecten_normbewakingsrun WHERE peildatum >= CURRENT_DATE")
    _vacuum()


def _statussen() -> str:
    from django.db import connection

    with connection.cursor() as c:
        # paused clocks are the job's alone (Python pause arithmetic); compare the rest
        c.execute(
            "SELECT md5(string_agg(id || status, ',' ORDER BY id)) FROM trajecten_normbewaking "
            "WHERE NOT opgeschort"
        )
        return c.fetchone()[0]


def tijd(functie) -> tuple[float, object]:
    from django.db import transaction

    herstel()
    begin = time.perf_counter()
    with transaction.atomic():
        uitkomst = functie()
    return time.perf_counter() - begin, uitkomst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trajecten", type=int, default=150_000)
    parser.add_argument("--database", default="bench_schuldhulp")
    parser.add_argument("--herhaal", type=int, default=7, help="runs per variant")
    parser.add_argument("--opnieuw", action="store_true", help="rebuild the bench database")
    args = parser.parse_args()

    bron, bench = _bench_url(args.database)
    nieuw = _maak_database(bron, args.database, args.opnieuw)
    os.environ["DATABASE_URL"] = bench
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schuldhulp.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from trajecten import normbewaking
    from trajecten.models import Traject

    call_command("migrate", verbosity=0)
    vandaag = date.today()
    if nieuw or Traject.objects.count() != args.trajecten:
        if not nieuw:
            sys.exit(f"{args.database} holds another size; run again with --opnieuw")
        begin = time.perf_counter()
        omvang = vul(args.trajecten, vandaag)
        with connection.cursor() as c:
            c.execute("VACUUM ANALYZE")  # as autovacuum would after a load this size
        bewaar_beginstand()
        print(f"Gevuld in {time.perf_counter() - begin:.1f} s: {omvang}")
    else:
        with connection.cursor() as c:
            c.execute("SELECT to_regclass('bench_beginstand')")
            if c.fetchone()[0] is None:  # filled by manage.py demo_data --omvang schaal
                bewaar_beginstand()

    def baseline():
        with connection.cursor() as c:
            c.execute(BASELINE_SQL, {"vandaag": vandaag})
            return c.rowcount

    def v0():
        with connection.cursor() as c:
            c.execute(V0_SQL[0], {"vandaag": vandaag})
            rijen = c.rowcount
            c.execute(V0_SQL[1])
            c.execute(V0_SQL[2], {"vandaag": vandaag})
            return rijen

    def job():
        return normbewaking.dagelijkse_normbewaking(vandaag=vandaag)

    metingen: dict[str, list[float]] = {"baseline": [], "job": [], "v0": []}
    uitkomsten: dict[str, object] = {}
    vingerafdruk: dict[str, str] = {}
    for _ in range(args.herhaal):
        for naam, functie in [("baseline", baseline), ("job", job), ("v0", v0)]:
            duur, uitkomsten[naam] = tijd(functie)
            metingen[naam].append(duur)
            vingerafdruk[naam] = _statussen()
    herstel()

    with connection.cursor() as c:
        c.execute(
            "SELECT count(*), count(*) FILTER (WHERE gehaald_op IS NULL AND NOT vervallen "
            "AND NOT opgeschort), count(*) FILTER (WHERE gehaald_op IS NULL AND NOT vervallen "
            "AND NOT opgeschort AND status IN ('loopt', 'dreigt')), "
            "count(*) FILTER (WHERE opgeschort) FROM trajecten_normbewaking"
        )
        totaal, open_, actief, opgeschort = c.fetchone()
    mediaan = {naam: statistics.median(t) for naam, t in metingen.items()}
    snelst = {naam: min(t) for naam, t in metingen.items()}
    job_uitkomst = uitkomsten["job"]
    print()
    print(
        f"Normbewaking op {vandaag.isoformat()}: {args.trajecten:,} trajecten, {totaal:,} klokken "
        f"({open_:,} open, {actief:,} nog niet overschreden, {opgeschort:,} opgeschort)"
    )
    print(
        f"{args.herhaal} runs per variant, afwisselend; data tussen runs teruggezet naar de "
        "stand van gisteren (statussen, signaleringen)"
    )
    print()
    kop = ["variant", "mediaan (ms)", "× baseline", "snelste (ms)", "× baseline", "rijen"]
    breedte = [50, 12, 10, 12, 10, 7]
    print("| " + " | ".join(f"{k:<{b}}" for k, b in zip(kop, breedte, strict=True)) + " |")
    print("|" + "|".join("-" * (b + 2) for b in breedte) + "|")
    regels = [
        ("baseline: één handgeschreven UPDATE (statussen)", "baseline", uitkomsten["baseline"]),
        ("job: dagelijkse_normbewaking (alles)", "job", job_uitkomst["statussen_gewijzigd"]),
        ("v0: eerste versie van de job", "v0", uitkomsten["v0"]),
    ]
    for label, naam, rijen in regels:
        cellen = [
            f"{label:<50}",
            f"{mediaan[naam] * 1000:>12.0f}",
            f"{mediaan[naam] / mediaan['baseline']:>10.2f}",
            f"{snelst[naam] * 1000:>12.0f}",
            f"{snelst[naam] / snelst['baseline']:>10.2f}",
            f"{rijen:>7,}",
        ]
        print("| " + " | ".join(cellen) + " |")
    print()
    print(f"job: {job_uitkomst}")
    gelijk = len(set(vingerafdruk.values())) == 1
    print(f"statussen van job, baseline en v0 identiek: {'ja' if gelijk else 'NEE'}")
    if not gelijk:
        sys.exit(1)


if __name__ == "__main__":
    main()
