"""Generated data for bench/rapportage.py: a gemeente full of trajecten, by bulk inserts."""

import random
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from schuldhulp.models import Dienstverleningsafspraak, Gemeente, Klant
from schuldhulp.validators import genereer_bsn
from trajecten.models import (
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
