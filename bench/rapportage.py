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
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schuldhulp.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from rapportage import figuren, services  # noqa: E402
from rapportage.kwartalen import Kwartaal  # noqa: E402
from rapportage.models import Instellingen, Kwartaalrapportage  # noqa: E402
from schuldhulp.models import Dienstverleningsafspraak, Gemeente, Klant, Organisatie  # noqa: E402
from schuldhulp.validators import genereer_bsn  # noqa: E402
from trajecten.models import (  # noqa: E402
    Crisisinterventie,
    Doorlooptijdnorm,
    Gebeurtenis,
    Moratorium,
    Normbewaking,
    Product,
    Traject,
)

KANALEN = [
    ("wijkteam", 40),
    ("ketenpartner", 25),
    ("inwoner", 18),
    ("vroegsignalering", 10),
    ("bewindvoerder", 3),
    ("overig", 4),
]


def _kies(rng: random.Random, gewogen: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in gewogen], weights=[w for _, w in gewogen])[0]


def genereer(gemeente: Gemeente, aantal: int, *, seed: int = 2026, tot: date | None = None) -> int:
    """`aantal` trajecten over the 2.5 years before `tot`, with events, products and clocks."""
    rng = random.Random(seed)
    tot = tot or timezone.localdate() - timedelta(days=1)
    afspraak = Dienstverleningsafspraak.objects.filter(gemeente=gemeente).earliest("geldig_van")
    normen = {n.code: n for n in Doorlooptijdnorm.objects.filter(gemeente__isnull=True)}
    gebruikt = set(Klant.objects.values_list("bsn", flat=True))
    begin = tot - timedelta(days=900)
    plannen = []
    for _ in range(aantal):
        aanmelding = begin + timedelta(days=rng.randrange(900))
        plannen.append(aanmelding)
    plannen.sort()
    klanten, trajecten, plan = [], [], []
    afgesloten: list[tuple[int, date]] = []  # (index of klant, closing date): for recidive
    for aanmelding in plannen:
        kanaal = _kies(rng, KANALEN)
        bedreigend = (
            rng.choice(["huisuitzetting", "afsluiting", "zorgverzekering", "beslag"])
            if rng.random() < 0.15
            else ""
        )
        klant_index = None
        if afgesloten and rng.random() < 0.05:
            kandidaat = rng.randrange(len(afgesloten))
            if afgesloten[kandidaat][1] < aanmelding:
                klant_index = afgesloten.pop(kandidaat)[0]
        if klant_index is None:
            bsn = genereer_bsn(rng)
            while bsn in gebruikt:
                bsn = genereer_bsn(rng)
            gebruikt.add(bsn)
            klanten.append(
                Klant(
                    bsn=bsn,
                    voornamen="Bench",
                    achternaam=f"Klant {len(klanten)}",
                    geboortedatum=date(1980, 1, 1),
                    postcode="7600 AA",
                    gemeente=gemeente,
                )
            )
            klant_index = len(klanten) - 1
        events: list[tuple[str, date, dict]] = [("aanmelding", aanmelding, {"kanaal": kanaal})]
        producten: list[dict] = []
        d = aanmelding
        uit: tuple[date, str] | None = None
        eerste = d + timedelta(
            days=rng.randrange(0, 3) if bedreigend else int(rng.expovariate(1 / 11))
        )
        if rng.random() < 0.92:
            events.append(("eerste_gesprek", eerste, {}))
            besluit = eerste + timedelta(days=rng.randrange(3, 30))
            if rng.random() < 0.88:
                events.append(("toelating", besluit, {}))
                rust = besluit + timedelta(days=rng.randrange(1, 22))
                events.append(("financiele_rust", rust, {}))
                soort = _kies(
                    rng,
                    [
                        ("Budgetbeheer", 35),
                        ("Schuldbemiddeling", 40),
                        ("Budgetcoaching", 15),
                        ("Saneringskrediet", 8),
                        ("Wsnp", 2),
                    ],
                )
                start = rust + timedelta(days=rng.randrange(0, 20))
                product = {
                    "soort": soort,
                    "start": start,
                    "eind": None,
                    "zelfredzaam": None,
                    "stappen": [],
                }
                if soort == "Schuldbemiddeling":
                    ingediend = start + timedelta(days=rng.randrange(30, 100))
                    product["stappen"].append(("ingediend", ingediend))
                    uitkomst = _kies(
                        rng, [("toegekend", 50), ("afgewezen", 30), ("ingetrokken", 10)]
                    )
                    product["stappen"].append(
                        (uitkomst, ingediend + timedelta(days=rng.randrange(20, 60)))
                    )
                    if uitkomst == "afgewezen" and rng.random() < 0.5:
                        verzoek = product["stappen"][-1][1] + timedelta(days=10)
                        product["stappen"].append(("dwangakkoord_verzocht", verzoek))
                        product["stappen"].append(
                            (
                                "dwangakkoord" if rng.random() < 0.6 else "afgewezen",
                                verzoek + timedelta(days=40),
                            )
                        )
                if rng.random() < 0.6:
                    product["eind"] = start + timedelta(days=rng.randrange(60, 700))
                    if soort == "Budgetbeheer":
                        product["zelfredzaam"] = rng.random() < 0.5
                producten.append(product)
                if product["eind"]:
                    uit = (
                        product["eind"] + timedelta(days=rng.randrange(0, 30)),
                        rng.choice(["Afgerond", "Zelf"]),
                    )
                elif rng.random() < 0.15:
                    uit = (
                        rust + timedelta(days=rng.randrange(5, 200)),
                        rng.choice(["Zelf", "Nietverschenen", "Ingetrokken"]),
                    )
            else:
                events.append(
                    (
                        "afwijzing",
                        besluit,
                        {"uitstroomreden": rng.choice(["Voldoet niet", "Niet passend"])},
                    )
                )
                uit = None
        else:
            uit = (aanmelding + timedelta(days=rng.randrange(30, 60)), "Nietverschenen")
        for n, p in enumerate(producten):
            events.append(("product_gestart", p["start"], {"productsoort": p["soort"], "_p": n}))
            for stap, datum in p["stappen"]:
                events.append(("schuldregeling", datum, {"status": stap, "_p": n}))
            if p["eind"]:
                events.append(
                    (
                        "product_beeindigd",
                        p["eind"],
                        {"productsoort": p["soort"], "zelfredzaam": p["zelfredzaam"], "_p": n},
                    )
                )
        if uit:
            if uit[0] < max(e[1] for e in events):
                uit = (max(e[1] for e in events), uit[1])
            events.append(("uitstroom", uit[0], {"uitstroomreden": uit[1]}))
        events = [e for e in events if e[1] <= tot]
        gesloten = any(e[0] in ("uitstroom", "afwijzing") for e in events)
        if gesloten:
            afgesloten.append((klant_index, max(e[1] for e in events)))
        plan.append(
            (
                klant_index,
                kanaal,
                bedreigend,
                events,
                [p for p in producten if p["start"] <= tot],
                gesloten,
            )
        )
    with transaction.atomic():
        Klant.objects.bulk_create(klanten, batch_size=2000)
        open_per_klant: dict[int, int] = {}
        for klant_index, kanaal, bedreigend, events, _p, gesloten in plan:
            reden = next(
                (
                    e[2].get("uitstroomreden", "")
                    for e in events
                    if e[0] in ("uitstroom", "afwijzing")
                ),
                "",
            )
            trajecten.append(
                Traject(
                    klant=klanten[klant_index],
                    gemeente=gemeente,
                    afspraak=afspraak,
                    aanmelddatum=events[0][1],
                    kanaal=kanaal,
                    bedreigende_situatie=bedreigend,
                    crisisinterventie=bool(bedreigend),
                    fase="uitgestroomd" if gesloten else _fase(events),
                    uitstroomreden=reden,
                )
            )
            if not gesloten:
                open_per_klant[klant_index] = open_per_klant.get(klant_index, 0) + 1
        Traject.objects.bulk_create(trajecten, batch_size=2000)
        gebeurtenissen, productrijen, klokken, crises, moratoria = [], [], [], [], []
        for traject, (_k, _kanaal, _b, _events, producten, _g) in zip(trajecten, plan, strict=True):
            for p in producten:
                productrijen.append(
                    Product(
                        traject=traject,
                        soort=p["soort"],
                        startdatum=p["start"],
                        einddatum=p["eind"] if p["eind"] and p["eind"] <= tot else None,
                        zelfredzaam=p["zelfredzaam"],
                    )
                )
        Product.objects.bulk_create(productrijen, batch_size=5000)
        rijen = iter(productrijen)
        for traject, (_k, kanaal, bedreigend, events, producten, gesloten) in zip(
            trajecten, plan, strict=True
        ):
            eigen = [next(rijen) for _ in producten]
            for soort, datum, gegevens in events:
                if "_p" in gegevens:
                    gegevens = {**gegevens, "product": eigen[gegevens.pop("_p")].pk}
                gebeurtenissen.append(
                    Gebeurtenis(traject=traject, soort=soort, datum=datum, gegevens=gegevens)
                )
            klokken += _klokken(traject, events, normen, kanaal, bedreigend, gesloten, tot)
            if bedreigend:
                einde = events[0][1] + timedelta(days=rng.randrange(5, 30))
                crises.append(
                    Crisisinterventie(
                        traject=traject,
                        soort=bedreigend,
                        startdatum=events[0][1],
                        einddatum=einde if einde <= tot else None,
                        voorkomen=einde <= tot and rng.random() < 0.8,
                    )
                )
            if rng.random() < 0.03:
                aanvraag = events[0][1] + timedelta(days=rng.randrange(3, 20))
                if aanvraag <= tot:
                    moratoria.append(
                        Moratorium(
                            traject=traject,
                            aanvraagdatum=aanvraag,
                            goedkeuringsdatum=aanvraag + timedelta(days=7),
                            startdatum=aanvraag + timedelta(days=7),
                            einddatum=aanvraag + timedelta(days=180),
                        )
                    )
        Gebeurtenis.objects.bulk_create(gebeurtenissen, batch_size=5000)
        Normbewaking.objects.bulk_create(klokken, batch_size=5000)
        Crisisinterventie.objects.bulk_create(crises, batch_size=5000)
        Moratorium.objects.bulk_create(moratoria, batch_size=5000)
    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would make them
        cursor.execute("ANALYZE")
    return len(trajecten)


def _fase(events: list[tuple[str, date, dict]]) -> str:
    soorten = {e[0] for e in events}
    for soort, fase in [
        ("product_gestart", "uitvoering"),
        ("financiele_rust", "financiele_rust"),
        ("toelating", "stabilisatie"),
        ("eerste_gesprek", "intake"),
    ]:
        if soort in soorten:
            return fase
    return "aangemeld"


def _klokken(traject, events, normen, kanaal, bedreigend, gesloten, tot) -> list[Normbewaking]:
    eerst = {}
    for soort, datum, _g in events:
        eerst.setdefault(soort, datum)
    einde = max(e[1] for e in events) if gesloten else None
    regels = [
        (
            "wgs-eerste-gesprek-bedreigend" if bedreigend else "wgs-eerste-gesprek",
            "aanmelding",
            "eerste_gesprek",
            5 if bedreigend else 28,
        ),
        (
            "awb-beschikking",
            "eerste_gesprek",
            "toelating" if "toelating" in eerst else "afwijzing",
            56,
        ),
        (
            "vroegsignalering-rust" if kanaal == "vroegsignalering" else "stabilisatie-rust",
            "aanmelding",
            "financiele_rust",
            35,
        ),
    ]
    if bedreigend:
        regels.append(("bedreigend-rust", "aanmelding", "financiele_rust", 14))
    uit = []
    for code, van, naar, dagen in regels:
        start = eerst.get(van)
        if start is None or code not in normen:
            continue
        deadline = start + timedelta(days=dagen)
        gehaald = eerst.get(naar)
        vervallen = gehaald is None and einde is not None and einde <= deadline
        status = (
            "gehaald"
            if gehaald and gehaald <= deadline
            else "te_laat_gehaald"
            if gehaald
            else "overschreden"
            if deadline < tot
            else "loopt"
        )
        uit.append(
            Normbewaking(
                traject=traject,
                norm=normen[code],
                start=start,
                deadline=deadline,
                gehaald_op=gehaald,
                status=status,
                vervallen=vervallen,
            )
        )
    return uit


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
            gemeente=gemeente, pakket="ontzorging", geldig_van=date(2020, 1, 1)
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
