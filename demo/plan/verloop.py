"""How a journey goes: drawn step by step with the sector's odds (see the package docstring).

The steps follow the catalogue's journey; :func:`maak_reis` checks them when it replays them
(``trajecten.historie``), so a planner bug cannot write a history the services would refuse.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from demo.plan.reis import (
    CRISIS_AF,
    CRISIS_START,
    HERVATTING,
    MORATORIUM,
    OPSCHORTING,
    OVERGANG,
    PRODUCT_EINDE,
    PRODUCT_START,
    SCHULDREGELING,
    Crisisplan,
    Moratoriumplan,
    Pauzeplan,
    Productplan,
    Reis,
    Stap,
    pas_toe,
    sluit_af,
)
from trajecten.workflow import Productsoort

# The NVVK shortened the term of a minnelijke regeling from 36 to 18 months in November
# 2023; running regelingen kept their term.
NVVK_18_MAANDEN_VANAF = date(2023, 11, 1)

# --------------------------------------------------------------------------- choices

KANALEN = [
    ("wijkteam", 40),
    ("ketenpartner", 25),
    ("inwoner", 18),
    ("vroegsignalering", 10),
    ("bewindvoerder", 3),
    ("overig", 4),
]
BEDREIGINGEN = [
    ("huisuitzetting", 35),
    ("afsluiting", 25),
    ("zorgverzekering", 12),
    ("beslag", 23),
    ("gijzeling", 5),
]
CRISISRESULTAAT = {
    "huisuitzetting": ("Ontruiming voorkomen: betalingsafspraak met de verhuurder", 0.85),
    "afsluiting": ("Afsluiting voorkomen: achterstand geregeld met de leverancier", 0.85),
    "zorgverzekering": ("Opzegging voorkomen: klant in wanbetalersregeling gebleven", 0.7),
    "beslag": ("Beslagvrije voet hersteld", 0.6),
    "gijzeling": ("Gijzeling voorkomen door regeling met het CJIB", 0.7),
}
# (products, weight): the product mix after financiële rust.
P = Productsoort
PRODUCTKEUZES: list[tuple[tuple[Productsoort, ...], int]] = [
    ((P.SCHULDBEMIDDELING,), 34),
    ((P.BUDGETBEHEER,), 26),
    ((P.BUDGETBEHEER, P.SCHULDBEMIDDELING), 14),
    ((P.BUDGETCOACHING,), 12),
    ((P.SANERINGSKREDIET,), 8),
    ((P.BETALINGSREGELING,), 4),
    ((P.WSNP,), 2),
]
VOORTIJDIG = ["Zelf", "Nietverschenen", "Ingetrokken", "Verhuisd"]


def kies(rng: random.Random, gewogen: Sequence[tuple[object, int]]):
    return rng.choices([k for k, _ in gewogen], weights=[w for _, w in gewogen])[0]


def _dagen(rng: random.Random, laag: int, hoog: int) -> timedelta:
    return timedelta(days=rng.randint(laag, hoog))


def _maanden(d: date, n: int) -> date:
    return d + relativedelta(months=n)


# --------------------------------------------------------------------------- journeys


class _Bouwer:
    """Collects the steps of one journey. Each date is computed from the step it depends
    on, so sorting by date (stable) gives the order in which a user recorded them."""

    def __init__(self, reis: Reis) -> None:
        self.reis = reis

    def stap(self, datum: date, actie: str, **velden) -> date:
        self.reis.stappen.append(Stap(datum=datum, actie=actie, **velden))
        return datum

    def overgang(self, datum: date, naam: str, uitstroomreden: str = "") -> date:
        if sluit_af(naam):
            # a crisis is handled before the traject ends
            for s in self.reis.stappen:
                if s.actie == CRISIS_AF and s.datum > datum:
                    s.datum = datum
        return self.stap(datum, OVERGANG, naam=naam, uitstroomreden=uitstroomreden)

    def einde(self, index: int, plan: Productplan) -> None:
        """Product `index` ends as planned."""
        self.stap(
            plan.eind,
            PRODUCT_EINDE,
            product=index,
            resultaat=plan.resultaat,
            zelfredzaam=plan.zelfredzaam,
        )

    def stop(self, datum: date, reden: str) -> None:
        """Close the traject on `datum`: nothing after it happens, running products end."""
        reis = self.reis
        reis.stappen = [s for s in reis.stappen if s.datum <= datum]
        gestart = {s.product for s in reis.stappen if s.actie == PRODUCT_START}
        beeindigd = {s.product for s in reis.stappen if s.actie == PRODUCT_EINDE}
        for index in sorted(gestart - beeindigd):
            plan = reis.producten[index]
            plan.eind, plan.resultaat, plan.zelfredzaam = datum, "Voortijdig beëindigd", None
            self.stap(datum, PRODUCT_EINDE, product=index, resultaat=plan.resultaat)
        hervat = {s.pauze for s in reis.stappen if s.actie == HERVATTING}
        for s in [s for s in reis.stappen if s.actie == OPSCHORTING and s.pauze not in hervat]:
            reis.pauzes[s.pauze].tot = datum
            self.stap(datum, HERVATTING, pauze=s.pauze)
        afgerond = {s.crisis for s in reis.stappen if s.actie == CRISIS_AF}
        for s in [s for s in reis.stappen if s.actie == CRISIS_START and s.crisis not in afgerond]:
            c = reis.crises[s.crisis]
            self.stap(
                datum, CRISIS_AF, crisis=s.crisis, voorkomen=c.voorkomen, resultaat=c.resultaat
            )
        self.overgang(datum, "sluit_af", reden)


def _schuldbemiddeling(
    rng: random.Random, b: _Bouwer, index: int, start: date
) -> tuple[date | None, str, bool]:
    """The steps of a minnelijke regeling; returns (end of the product, result, success)."""
    ingediend = b.stap(start + _dagen(rng, 20, 100), SCHULDREGELING, naam="dien_in", product=index)
    uitkomst = kies(rng, [("ken_toe", 52), ("wijs_af", 30), ("trek_in", 8), ("wacht", 10)])
    if uitkomst == "wacht":  # creditors still deciding: the 120-day norm runs out
        return None, "", True
    datum = b.stap(ingediend + _dagen(rng, 20, 75), SCHULDREGELING, naam=uitkomst, product=index)
    if uitkomst == "wijs_af" and rng.random() < 0.5:
        datum = b.stap(
            datum + _dagen(rng, 7, 30), SCHULDREGELING, naam="verzoek_dwangakkoord", product=index
        )
        uitkomst = "dwangakkoord_toegewezen" if rng.random() < 0.6 else "dwangakkoord_afgewezen"
        datum = b.stap(datum + _dagen(rng, 30, 70), SCHULDREGELING, naam=uitkomst, product=index)
    if uitkomst in ("ken_toe", "dwangakkoord_toegewezen"):
        looptijd = 36 if datum < NVVK_18_MAANDEN_VANAF else 18
        if rng.random() < 0.12:  # the klant could not keep up the payments
            return datum + _dagen(rng, 60, looptijd * 28), "Regeling voortijdig beëindigd", False
        return _maanden(datum, looptijd), "Regeling afgerond: schuldenvrij", True
    return datum + _dagen(rng, 5, 40), "Geen regeling tot stand gekomen", False


def _product(rng: random.Random, b: _Bouwer, soort: str, start: date) -> tuple[Productplan, bool]:
    reis = b.reis
    index = len(reis.producten)
    plan = Productplan(soort=soort, start=b.stap(start, PRODUCT_START, product=index))
    reis.producten.append(plan)
    gelukt = True
    if soort == Productsoort.SCHULDBEMIDDELING:
        plan.eind, plan.resultaat, gelukt = _schuldbemiddeling(rng, b, index, plan.start)
    elif soort == Productsoort.BUDGETBEHEER:
        plan.eind = _maanden(plan.start, rng.randint(9, 42))
        plan.zelfredzaam = rng.random() < 0.5
        plan.resultaat = "Financieel zelfredzaam" if plan.zelfredzaam else "Overgedragen aan bewind"
    elif soort == Productsoort.BUDGETCOACHING:
        plan.eind = _maanden(plan.start, rng.randint(3, 8))
        plan.zelfredzaam = rng.random() < 0.65
        plan.resultaat = "Coaching afgerond"
    elif soort == Productsoort.SANERINGSKREDIET:
        plan.eind = plan.start + _dagen(rng, 30, 100)
        plan.resultaat = "Krediet verstrekt, schuldeisers betaald"
    elif soort == Productsoort.BETALINGSREGELING:
        plan.eind = _maanden(plan.start, rng.randint(6, 24))
        plan.resultaat = "Betalingsregeling nagekomen"
    else:  # Wsnp
        plan.eind = _maanden(plan.start + _dagen(rng, 30, 90), 18)
        plan.resultaat = "Schone lei"
    return plan, gelukt


def _crisis(rng: random.Random, b: _Bouwer) -> None:
    reis = b.reis
    soort = reis.bedreigende_situatie
    tekst, kans = CRISISRESULTAAT.get(soort, ("Dreiging afgewend", 0.7))
    voorkomen = rng.random() < kans
    crisis = Crisisplan(
        soort=soort,
        start=reis.aanmelddatum,
        eind=reis.aanmelddatum + _dagen(rng, 2, 25),
        voorkomen=voorkomen,
        resultaat=tekst if voorkomen else "Dreiging niet afgewend",
    )
    reis.crises.append(crisis)
    b.stap(crisis.start, CRISIS_START, crisis=0)
    b.stap(crisis.eind, CRISIS_AF, crisis=0, voorkomen=voorkomen, resultaat=crisis.resultaat)


def _volg_reis(rng: random.Random, reis: Reis) -> None:
    """All steps of the journey from aanmelding to uitstroom, without looking at today."""
    b = _Bouwer(reis)
    d0 = reis.aanmelddatum
    if reis.bedreigende_situatie:
        _crisis(rng, b)
    # Eerste gesprek: within 3 werkdagen when threatened, otherwise about 11 days on average.
    if rng.random() > 0.93:
        b.overgang(d0 + _dagen(rng, 30, 60), "sluit_af", "Nietverschenen")
        return
    wacht = (
        rng.randint(0, 3) if reis.bedreigende_situatie else min(int(rng.expovariate(1 / 11)), 70)
    )
    gesprek = b.overgang(d0 + timedelta(days=wacht), "voer_eerste_gesprek")
    if rng.random() < 0.05:
        b.overgang(gesprek + _dagen(rng, 7, 40), "sluit_af", "Zelf")
        return
    # Beschikking within 8 weeks (Awb), now and then late.
    besluit = gesprek + (_dagen(rng, 40, 75) if rng.random() < 0.06 else _dagen(rng, 4, 40))
    if rng.random() < 0.08:
        reden = kies(rng, [("Voldoet niet", 60), ("Niet passend", 40)])
        b.overgang(besluit, "neem_afwijzingsbesluit", reden)
        return
    toelating = b.overgang(besluit, "neem_toelatingsbesluit")
    if rng.random() < 0.03:
        aanvraag = toelating + _dagen(rng, 0, 10)
        start = aanvraag + _dagen(rng, 5, 14)
        reis.moratoria.append(
            Moratoriumplan(aanvraag=aanvraag, start=start, eind=_maanden(start, 6))
        )
        b.stap(aanvraag, MORATORIUM, moratorium=len(reis.moratoria) - 1)
    rust = toelating + _dagen(rng, 2, 40)
    if rng.random() < 0.06:  # waiting for the klant's pay slips: the rust clock stands still
        van = toelating + _dagen(rng, 0, 4)
        tot = van + _dagen(rng, 5, 21)
        code = "vroegsignalering-rust" if reis.kanaal == "vroegsignalering" else "stabilisatie-rust"
        reis.pauzes.append(Pauzeplan(code, van, tot, "Wacht op loonstroken en bankafschriften"))
        b.stap(van, OPSCHORTING, pauze=len(reis.pauzes) - 1)
        b.stap(tot, HERVATTING, pauze=len(reis.pauzes) - 1)
        rust = max(rust, tot + _dagen(rng, 1, 10))
    if rng.random() < 0.07:
        b.stop(rust + _dagen(rng, 20, 100), kies(rng, [("Zelf", 60), ("Nietverschenen", 40)]))
        return
    # Financiële rust: the 5-week norm counts from aanmelding; most make it, some do not.
    rust = b.overgang(rust, "bereik_financiele_rust")
    if rng.random() < 0.1:
        b.overgang(rust + _dagen(rng, 10, 90), "sluit_af", "Zelf")
        return
    start = rust + _dagen(rng, 0, 20)
    plannen: list[Productplan] = []
    gelukt = True
    for n, soort in enumerate(kies(rng, PRODUCTKEUZES)):
        plan, ok = _product(rng, b, soort, start + _dagen(rng, 0, 30) if n else start)
        if n == 0:
            b.overgang(plan.start, "start_uitvoering")
        plannen.append(plan)
        gelukt = gelukt and ok
    if any(p.eind is None for p in plannen):
        return  # a regeling still waits for the creditors
    einde = max(p.eind for p in plannen)
    if rng.random() < 0.08:  # drop-out during uitvoering: moved, lost contact, died
        uit = start + _dagen(rng, 30, max(31, (einde - start).days))
        for index, plan in enumerate(plannen):
            if plan.eind <= uit:
                b.einde(index, plan)
        reden = kies(
            rng, [("Zelf", 40), ("Nietverschenen", 35), ("Verhuisd", 20), ("Overleden", 5)]
        )
        b.stop(uit, reden)
        return
    for index, plan in enumerate(plannen):
        b.einde(index, plan)
    if not gelukt:
        reden = kies(rng, [("Ingetrokken", 35), ("Niet passend", 30), ("Overig", 15), ("Zelf", 20)])
        b.overgang(einde + _dagen(rng, 0, 20), "sluit_af", reden)
    elif rng.random() < 0.7:
        nazorg = b.overgang(einde + _dagen(rng, 0, 14), "start_nazorg")
        b.overgang(nazorg + _dagen(rng, 60, 180), "sluit_af", "Afgerond")
    else:
        b.overgang(einde + _dagen(rng, 0, 20), "sluit_af", "Afgerond")


def _sorteer(reis: Reis) -> None:
    volgorde = {id(s): n for n, s in enumerate(reis.stappen)}
    reis.stappen.sort(key=lambda s: (s.datum, volgorde[id(s)]))


def _uitstroom(reis: Reis) -> date | None:
    return next(
        (s.datum for s in reis.stappen if s.actie == OVERGANG and sluit_af(s.naam)),
        None,
    )


def maak_reis(
    rng: random.Random,
    *,
    aanmelddatum: date,
    vandaag: date,
    sluit_uiterlijk: date | None = None,
    kanaal: str | None = None,
) -> Reis:
    """One journey that started on `aanmelddatum`, as it stands on `vandaag`.

    With `sluit_uiterlijk` the traject is closed by that day at the latest (a klant who
    comes back needs a closed earlier traject)."""
    bedreigend = kies(rng, BEDREIGINGEN) if rng.random() < 0.15 else ""
    reis = Reis(
        aanmelddatum=aanmelddatum,
        kanaal=kanaal or kies(rng, KANALEN),
        bedreigende_situatie=bedreigend,
    )
    _volg_reis(rng, reis)
    _sorteer(reis)
    if sluit_uiterlijk is not None:
        uitstroom = _uitstroom(reis)
        if uitstroom is None or uitstroom > sluit_uiterlijk:
            _Bouwer(reis).stop(sluit_uiterlijk, VOORTIJDIG[rng.randrange(len(VOORTIJDIG))])
            _sorteer(reis)
    reis.stappen = [s for s in reis.stappen if s.datum <= vandaag]
    pas_toe(reis, vandaag)
    return reis


def reis_in_fase(
    rng: random.Random,
    *,
    fase: str,
    vandaag: date,
    dagen: tuple[int, int] = (0, 450),
    kanaal: str | None = None,
) -> Reis:
    """A journey that is in `fase` on `vandaag`, aangemeld between `dagen` days ago.

    Journeys are drawn until one fits, so the planner stays the one source of the story."""
    for _poging in range(20_000):
        aanmelddatum = vandaag - timedelta(days=rng.randint(*dagen))
        reis = maak_reis(rng, aanmelddatum=aanmelddatum, vandaag=vandaag, kanaal=kanaal)
        if reis.fase == fase:
            return reis
    raise RuntimeError(f"Geen reis gevonden die op {vandaag} in fase {fase} is.")
