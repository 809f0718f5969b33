"""Journeys, debts and people for demo and scale data: pure Python, no database.

A :class:`Reis` is what happened to one traject: the dated steps in the order a user would
have recorded them (:class:`Stap`), and the state they lead to. Two writers use the same
journeys, so the demo and the benchmark data tell the same story:

- ``demo.verhaal`` replays the steps through ``trajecten.services`` (the demo);
- ``demo.schaal`` turns them into rows and loads them with COPY (scale data).

The numbers follow the sector figures in docs (domain.md §3, §7): intake waits of about
11 days, about 40% drop-out before a regeling, creditors agreeing in about half of the
proposals, 13 creditors and about € 40,000 of debt per klant, 15% bedreigende situaties.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

# --------------------------------------------------------------------------- steps

OVERGANG = "overgang"
PRODUCT_START = "product_start"
PRODUCT_EINDE = "product_einde"
SCHULDREGELING = "schuldregeling"
CRISIS_START = "crisis_start"
CRISIS_AF = "crisis_af"
MORATORIUM = "moratorium"
OPSCHORTING = "opschorting"
HERVATTING = "hervatting"

# Fase after each transition (as trajecten.workflow.OVERGANGEN; kept here so this module
# stays free of Django imports; tests/demo/test_demo_data.py checks they agree).
DOELFASE = {
    "voer_eerste_gesprek": "intake",
    "neem_toelatingsbesluit": "stabilisatie",
    "neem_afwijzingsbesluit": "uitgestroomd",
    "bereik_financiele_rust": "financiele_rust",
    "start_uitvoering": "uitvoering",
    "start_nazorg": "nazorg",
    "sluit_af": "uitgestroomd",
}
FASEN = [
    "aangemeld",
    "intake",
    "stabilisatie",
    "financiele_rust",
    "uitvoering",
    "nazorg",
    "uitgestroomd",
]

# Schuldregeling: step → status it leads to (trajecten.workflow.SCHULDREGELING_STAPPEN).
STAP_STATUS = {
    "dien_in": "ingediend",
    "ken_toe": "toegekend",
    "wijs_af": "afgewezen",
    "trek_in": "ingetrokken",
    "verzoek_dwangakkoord": "dwangakkoord_verzocht",
    "dwangakkoord_toegewezen": "dwangakkoord",
    "dwangakkoord_afgewezen": "afgewezen",
}

# The NVVK shortened the term of a minnelijke regeling from 36 to 18 months in November
# 2023; running regelingen kept their term.
NVVK_18_MAANDEN_VANAF = date(2023, 11, 1)


@dataclass
class Stap:
    """One thing recorded on a traject, on a business date."""

    datum: date
    actie: str
    naam: str = ""  # transition name, or the schuldregeling step
    product: int | None = None  # index in Reis.producten
    crisis: int | None = None  # index in Reis.crises
    moratorium: int | None = None  # index in Reis.moratoria
    pauze: int | None = None  # index in Reis.pauzes
    uitstroomreden: str = ""
    resultaat: str = ""
    zelfredzaam: bool | None = None
    voorkomen: bool = False


@dataclass
class Productplan:
    soort: str
    start: date
    eind: date | None = None
    resultaat: str = ""
    zelfredzaam: bool | None = None
    status: str = "in_voorbereiding"  # schuldregeling status after the recorded steps


@dataclass
class Crisisplan:
    soort: str
    start: date
    eind: date | None = None
    voorkomen: bool = False
    resultaat: str = ""


@dataclass
class Moratoriumplan:
    aanvraag: date
    start: date | None
    eind: date | None


@dataclass
class Pauzeplan:
    """A pause of one clock (norm code) while the klant's papers are awaited."""

    norm: str
    van: date
    tot: date | None
    reden: str


@dataclass
class Reis:
    aanmelddatum: date
    kanaal: str
    bedreigende_situatie: str
    stappen: list[Stap] = field(default_factory=list)
    producten: list[Productplan] = field(default_factory=list)
    crises: list[Crisisplan] = field(default_factory=list)
    moratoria: list[Moratoriumplan] = field(default_factory=list)
    pauzes: list[Pauzeplan] = field(default_factory=list)
    fase: str = "aangemeld"
    uitstroomreden: str = ""
    einddatum: date | None = None  # day of uitstroom or afwijzing
    mijlpalen: dict[str, date] = field(default_factory=dict)  # transition name → date

    @property
    def crisisinterventie(self) -> bool:
        return bool(self.bedreigende_situatie or self.crises)

    @property
    def is_open(self) -> bool:
        return self.fase != "uitgestroomd"

    @property
    def laatste_datum(self) -> date:
        return max([self.aanmelddatum, *(s.datum for s in self.stappen)])


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
PRODUCTKEUZES: list[tuple[tuple[str, ...], int]] = [
    (("Schuldbemiddeling",), 34),
    (("Budgetbeheer",), 26),
    (("Budgetbeheer", "Schuldbemiddeling"), 14),
    (("Budgetcoaching",), 12),
    (("Saneringskrediet",), 8),
    (("Betalingsregeling",), 4),
    (("Wsnp",), 2),
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
        if DOELFASE[naam] == "uitgestroomd":
            # a crisis is handled before the traject ends
            for s in self.reis.stappen:
                if s.actie == CRISIS_AF and s.datum > datum:
                    s.datum = datum
        return self.stap(datum, OVERGANG, naam=naam, uitstroomreden=uitstroomreden)

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
    if soort == "Schuldbemiddeling":
        plan.eind, plan.resultaat, gelukt = _schuldbemiddeling(rng, b, index, plan.start)
    elif soort == "Budgetbeheer":
        plan.eind = _maanden(plan.start, rng.randint(9, 42))
        plan.zelfredzaam = rng.random() < 0.5
        plan.resultaat = "Financieel zelfredzaam" if plan.zelfredzaam else "Overgedragen aan bewind"
    elif soort == "Budgetcoaching":
        plan.eind = _maanden(plan.start, rng.randint(3, 8))
        plan.zelfredzaam = rng.random() < 0.65
        plan.resultaat = "Coaching afgerond"
    elif soort == "Saneringskrediet":
        plan.eind = plan.start + _dagen(rng, 30, 100)
        plan.resultaat = "Krediet verstrekt, schuldeisers betaald"
    elif soort == "Betalingsregeling":
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
                b.stap(
                    plan.eind,
                    PRODUCT_EINDE,
                    product=index,
                    resultaat=plan.resultaat,
                    zelfredzaam=plan.zelfredzaam,
                )
        reden = kies(
            rng, [("Zelf", 40), ("Nietverschenen", 35), ("Verhuisd", 20), ("Overleden", 5)]
        )
        b.stop(uit, reden)
        return
    for index, plan in enumerate(plannen):
        b.stap(
            plan.eind,
            PRODUCT_EINDE,
            product=index,
            resultaat=plan.resultaat,
            zelfredzaam=plan.zelfredzaam,
        )
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
        (
            s.datum
            for s in reis.stappen
            if s.actie == OVERGANG and DOELFASE[s.naam] == "uitgestroomd"
        ),
        None,
    )


def _pas_toe(reis: Reis, vandaag: date) -> None:
    """The state the recorded steps lead to (fase, products, crises, pauses, moratoria);
    plans whose first step was not recorded are dropped and the indexes renumbered."""
    gedaan = {
        actie: set()
        for actie in (
            PRODUCT_START,
            PRODUCT_EINDE,
            CRISIS_START,
            CRISIS_AF,
            OPSCHORTING,
            HERVATTING,
            MORATORIUM,
        )
    }
    status: dict[int, str] = {}
    for s in reis.stappen:
        if s.actie == OVERGANG:
            reis.fase = DOELFASE[s.naam]
            reis.mijlpalen.setdefault(s.naam, s.datum)
            if reis.fase == "uitgestroomd":
                reis.uitstroomreden, reis.einddatum = s.uitstroomreden, s.datum
        elif s.actie == SCHULDREGELING:
            status[s.product] = STAP_STATUS[s.naam]
        else:
            gedaan[s.actie].add(
                s.product
                if s.actie in (PRODUCT_START, PRODUCT_EINDE)
                else s.crisis
                if s.actie in (CRISIS_START, CRISIS_AF)
                else s.pauze
                if s.actie in (OPSCHORTING, HERVATTING)
                else s.moratorium
            )

    def hernummer(plannen: list, begonnen: set[int]) -> tuple[list, dict[int, int]]:
        oud = sorted(begonnen)
        return [plannen[n] for n in oud], {o: n for n, o in enumerate(oud)}

    for n, p in enumerate(reis.producten):
        if n not in gedaan[PRODUCT_EINDE]:
            p.eind, p.resultaat, p.zelfredzaam = None, "", None
        p.status = status.get(n, "in_voorbereiding")
    for n, c in enumerate(reis.crises):
        if n not in gedaan[CRISIS_AF]:
            c.eind, c.voorkomen, c.resultaat = None, False, ""
    for n, p in enumerate(reis.pauzes):
        if n not in gedaan[HERVATTING]:
            p.tot = None
    for m in reis.moratoria:
        if m.start and m.start > vandaag:  # the court has not decided yet
            m.start = m.eind = None
    reis.producten, producten = hernummer(reis.producten, gedaan[PRODUCT_START])
    reis.crises, crises = hernummer(reis.crises, gedaan[CRISIS_START])
    reis.pauzes, pauzes = hernummer(reis.pauzes, gedaan[OPSCHORTING])
    reis.moratoria, moratoria = hernummer(reis.moratoria, gedaan[MORATORIUM])
    for s in reis.stappen:
        if s.product is not None:
            s.product = producten[s.product]
        if s.crisis is not None:
            s.crisis = crises[s.crisis]
        if s.pauze is not None:
            s.pauze = pauzes[s.pauze]
        if s.moratorium is not None:
            s.moratorium = moratoria[s.moratorium]


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
    _pas_toe(reis, vandaag)
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


# --------------------------------------------------------------------------- debts

# (schuldeiser name as in the register, relative size of a typical debt, chance it occurs)
SCHULDPROFIEL: list[tuple[str, float, float]] = [
    ("Belastingdienst", 3.0, 0.55),
    ("Dienst Toeslagen", 3.5, 0.35),
    ("CJIB", 0.6, 0.45),
    ("DUO", 2.5, 0.2),
    ("UWV", 2.0, 0.12),
    ("Sociale Verzekeringsbank", 1.0, 0.05),
    ("Gemeentebelastingen", 0.5, 0.5),
    ("Menzis", 1.0, 0.22),
    ("Zilveren Kruis", 1.0, 0.14),
    ("CZ", 1.0, 0.1),
    ("VGZ", 1.0, 0.1),
    ("Ziekenhuis Groep Twente", 0.6, 0.2),
    ("Vattenfall", 0.9, 0.15),
    ("Eneco", 0.9, 0.18),
    ("Essent", 0.9, 0.14),
    ("Vitens", 0.2, 0.3),
    ("Welbions", 1.6, 0.12),
    ("Mijande Wonen", 1.6, 0.1),
    ("Domijn", 1.6, 0.12),
    ("KPN", 0.5, 0.3),
    ("Odido", 0.5, 0.3),
    ("Vodafone", 0.5, 0.25),
    ("Intrum", 0.8, 0.35),
    ("Lowell", 0.8, 0.3),
    ("Flanderijn gerechtsdeurwaarders", 1.0, 0.25),
    ("GGN gerechtsdeurwaarders", 1.0, 0.2),
    ("Santander Consumer Finance", 4.0, 0.12),
    ("Freo", 3.0, 0.08),
    ("Klarna", 0.4, 0.3),
    ("Riverty", 0.4, 0.3),
    ("Wehkamp", 0.6, 0.25),
    ("Bol.com", 0.3, 0.2),
    ("Particuliere lening (familie)", 1.5, 0.08),
]
# Creditors the demo adds to the register seeded by klantplan's migration.
EXTRA_SCHULDEISERS: list[tuple[str, str, bool]] = [
    ("Intrum", "incasso", False),
    ("Lowell", "incasso", False),
    ("Flanderijn gerechtsdeurwaarders", "deurwaarder", False),
    ("GGN gerechtsdeurwaarders", "deurwaarder", False),
    ("Santander Consumer Finance", "krediet", False),
    ("Freo", "krediet", False),
    ("Klarna", "winkel", False),
    ("Riverty", "winkel", False),
    ("Wehkamp", "winkel", False),
    ("Bol.com", "winkel", False),
    ("Particuliere lening (familie)", "particulier", False),
]
GEMIDDELDE_SCHULD_CENT = 4_017_000  # € 40,170 (NVVK)
SPREIDING = 0.8  # of the lognormal total debt per klant
GEMIDDELD_AANTAL = 13


@dataclass(frozen=True)
class Schuldplan:
    schuldeiser: str
    oorspronkelijk_cent: int
    actueel_cent: int
    beslag: bool
    zakelijk: bool


def schulden(rng: random.Random) -> list[Schuldplan]:
    """About 13 creditors and € 40,000 in total on average (lognormal: a few very large)."""
    aantal = max(2, min(len(SCHULDPROFIEL), round(rng.gauss(GEMIDDELD_AANTAL, 4))))
    gekozen = [p for p in SCHULDPROFIEL if rng.random() < p[2]]
    rest = [p for p in SCHULDPROFIEL if p not in gekozen]
    rng.shuffle(rest)
    gekozen = (gekozen + rest)[:aantal]
    mu = math.log(GEMIDDELDE_SCHULD_CENT) - SPREIDING**2 / 2
    totaal = rng.lognormvariate(mu, SPREIDING)
    gewichten = [grootte * rng.lognormvariate(0, 0.6) for _naam, grootte, _kans in gekozen]
    som = sum(gewichten)
    zakelijk = rng.random() < 0.08  # former entrepreneurs
    uit = []
    for (naam, _grootte, _kans), gewicht in zip(gekozen, gewichten, strict=True):
        actueel = max(2_500, round(totaal * gewicht / som))
        uit.append(
            Schuldplan(
                schuldeiser=naam,
                oorspronkelijk_cent=round(actueel * rng.uniform(0.6, 0.95)),
                actueel_cent=actueel,
                beslag=rng.random() < 0.08,
                zakelijk=zakelijk and naam in ("Belastingdienst", "Santander Consumer Finance"),
            )
        )
    return uit


def schuldstatus(reis: Reis, rng: random.Random) -> str:
    """How far the schuldenoverzicht got, by the traject's progress."""
    regeling = {p.status for p in reis.producten if p.soort == "Schuldbemiddeling"}
    if regeling & {"toegekend", "dwangakkoord"}:
        return "akkoord"
    if "afgewezen" in regeling and rng.random() < 0.3:
        return "afgewezen"
    if "voer_eerste_gesprek" not in reis.mijlpalen:
        return "aangemeld"
    if "neem_toelatingsbesluit" not in reis.mijlpalen:
        return rng.choice(["aangemeld", "saldo_opgevraagd"])
    return "vastgesteld" if rng.random() < 0.85 else "saldo_opgevraagd"


# --------------------------------------------------------------------------- klantplan text

OORZAKEN = [
    "Baan verloren na een reorganisatie; de WW was lager dan de vaste lasten.",
    "Scheiding: de klant bleef achter met de gezamenlijke schulden.",
    "Langdurig ziek geweest; inkomen viel terug naar bijstandsniveau.",
    "Terugvordering van toeslagen door de Belastingdienst.",
    "Faillissement van de eigen onderneming (zzp).",
    "Kopen op afbetaling en achteraf betalen liep uit de hand.",
    "Overlijden van de partner; de administratie bleef liggen.",
]
HULPVRAGEN = [
    "Rust in het hoofd en weer overzicht over de post.",
    "Niet uit huis gezet worden en de huur weer kunnen betalen.",
    "Een regeling met de schuldeisers, zodat het ooit stopt.",
    "Leren om zelf de geldzaken bij te houden.",
    "Dat de deurwaarder niet meer aan de deur komt.",
]
DOELEN = [
    "De vaste lasten (huur, energie, zorgverzekering) worden elke maand betaald.",
    "Alle schulden staan in het schuldenoverzicht met een actueel saldo.",
    "De klant opent zelf de post en legt die elke week in de map.",
    "Er is een minnelijke schuldregeling met alle schuldeisers.",
    "De klant heeft een buffer van € 300 voor onverwachte uitgaven.",
    "De klant kan na afloop zelf het budget bijhouden.",
]
ACTIES: list[tuple[str, str, str]] = [
    # (actiesoort, wat, wie: '' = by the package matrix)
    ("klant", "Loonstroken van de laatste drie maanden inleveren.", "klant"),
    ("klant", "Alle ongeopende post meenemen naar het volgende gesprek.", "klant"),
    ("schuldenoverzicht", "Saldi opvragen bij alle schuldeisers.", ""),
    ("acute_hulp", "Verhuurder bellen over de huurachterstand en uitstel vragen.", ""),
    ("informatie_verzamelen", "Inkomen en vaste lasten op een rij zetten.", ""),
    ("afstemmen_gemeente", "Wijkteam vragen om hulp bij de opvoeding (ander leefgebied).", ""),
    ("product", "Budgetbeheerrekening openen en vaste lasten overzetten.", ""),
    ("klant", "Abonnementen opzeggen die niet nodig zijn.", "klant"),
]
LEEFGEBIEDEN = {
    "wonen": "Huurwoning; achterstand van twee maanden.",
    "werk_en_inkomen": "Parttime baan, aanvulling vanuit de Participatiewet.",
    "gezondheid": "Slaapt slecht door de zorgen over geld.",
    "administratie": "Post bleef ongeopend liggen; geen overzicht.",
}


# --------------------------------------------------------------------------- people and places

# (code, inhabitants in thousands, postcode ranges as (first, last) of the 4 digits)
GEMEENTEPROFIEL: dict[str, tuple[int, list[tuple[int, int]]]] = {
    "GM0197": (27, [(7121, 7137)]),  # Aalten
    "GM0141": (74, [(7600, 7609)]),  # Almelo
    "GM1859": (44, [(7150, 7165), (7270, 7275)]),  # Berkelland
    "GM0147": (24, [(7621, 7623)]),  # Borne
    "GM1876": (37, [(7221, 7227), (7255, 7256)]),  # Bronckhorst
    "GM1774": (27, [(7580, 7591)]),  # Dinkelland
    "GM0222": (59, [(7001, 7009)]),  # Doetinchem
    "GM0153": (161, [(7511, 7548)]),  # Enschede
    "GM0158": (24, [(7480, 7483)]),  # Haaksbergen
    "GM0163": (36, [(7440, 7448)]),  # Hellendoorn
    "GM0164": (82, [(7550, 7559)]),  # Hengelo
    "GM1735": (35, [(7470, 7478)]),  # Hof van Twente
    "GM0168": (23, [(7580, 7588)]),  # Losser
    "GM1955": (36, [(6940, 6942)]),  # Montferland
    "GM0173": (32, [(7570, 7577)]),  # Oldenzaal
    "GM1586": (30, [(7130, 7140)]),  # Oost Gelre
    "GM1509": (40, [(7080, 7091)]),  # Oude IJsselstreek
    "GM1742": (39, [(7460, 7463)]),  # Rijssen-Holten
    "GM0183": (21, [(7650, 7665)]),  # Tubbergen
    "GM1700": (34, [(7670, 7687)]),  # Twenterand
    "GM0189": (25, [(7640, 7645)]),  # Wierden
    "GM0294": (29, [(7100, 7108)]),  # Winterswijk
}


def postcode(rng: random.Random, code: str) -> str:
    _inwoners, reeksen = GEMEENTEPROFIEL.get(code, (0, [(7000, 7699)]))
    laag, hoog = rng.choice(reeksen)
    letters = "ABCDEGHJKLMNPRSTVWXZ"
    return f"{rng.randint(laag, hoog)} {rng.choice(letters)}{rng.choice(letters)}"


def bsn_reeks(start: int = 0, *, prefix: int = 3):
    """Unique BSNs that pass the elfproef, from running numbers: ``{prefix}xxxxxxxx``.
    One number in eleven gives check digit 10 and is skipped."""
    for volgnummer in range(start, 10_000_000):
        cijfers = [int(c) for c in f"{prefix}{volgnummer:07d}"]
        laatste = sum(c * w for c, w in zip(cijfers, range(9, 1, -1), strict=True)) % 11
        if laatste <= 9:
            yield "".join(map(str, cijfers)) + str(laatste)
