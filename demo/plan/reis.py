"""What a journey is: its dated steps, the plans they act on, and the state they lead to.

Each step is a handeling of the catalogue (``trajecten.workflow``); the phase a transition
leads to and the status a schuldregeling step leads to come from ``trajecten.historie``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from trajecten import historie
from trajecten.workflow import Fase, Schuldregelingstatus, is_afgesloten

# What a step does: a handeling name of the catalogue; for a transition or a schuldregeling
# step the handeling is the step's `naam`.
OVERGANG = "overgang"
SCHULDREGELING = "schuldregeling"
PRODUCT_START = "product.start"
PRODUCT_EINDE = "product.beeindig"
CRISIS_START = "crisis.start"
CRISIS_AF = "crisis.rond_af"
MORATORIUM = "moratorium.registreer"
OPSCHORTING = "klok.schort_op"
HERVATTING = "klok.hervat"


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

    @property
    def handeling(self) -> str:
        """The catalogue's name of what this step does."""
        return self.naam if self.actie in (OVERGANG, SCHULDREGELING) else self.actie


@dataclass
class Productplan:
    soort: str
    start: date
    eind: date | None = None
    resultaat: str = ""
    zelfredzaam: bool | None = None
    # schuldregeling status after the recorded steps
    status: str = Schuldregelingstatus.IN_VOORBEREIDING


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
    fase: str = Fase.AANGEMELD
    uitstroomreden: str = ""
    einddatum: date | None = None  # day of uitstroom or afwijzing
    mijlpalen: dict[str, date] = field(default_factory=dict)  # transition name → date

    @property
    def crisisinterventie(self) -> bool:
        return bool(self.bedreigende_situatie or self.crises)

    @property
    def is_open(self) -> bool:
        return not is_afgesloten(self.fase)

    @property
    def laatste_datum(self) -> date:
        return max([self.aanmelddatum, *(s.datum for s in self.stappen)])


def sluit_af(naam: str) -> bool:
    """Whether the transition `naam` ends the traject (uitstroom or afwijzing)."""
    return is_afgesloten(historie.doelfase(naam))


# Which plan a step acts on, by what it does (an index into the Reis's list of such plans).
_PLAN_VAN = {
    PRODUCT_START: "product",
    PRODUCT_EINDE: "product",
    CRISIS_START: "crisis",
    CRISIS_AF: "crisis",
    OPSCHORTING: "pauze",
    HERVATTING: "pauze",
    MORATORIUM: "moratorium",
}


def _hernummer(plannen: list, begonnen: Iterable[int]) -> tuple[list, dict[int, int]]:
    oud = sorted(begonnen)
    return [plannen[n] for n in oud], {o: n for n, o in enumerate(oud)}


def pas_toe(reis: Reis, vandaag: date) -> None:
    """The state the recorded steps lead to (fase, products, crises, pauses, moratoria);
    plans whose first step was not recorded are dropped and the indexes renumbered.
    Raises historie.OngeldigeHistorie if a step is out of the journey's order."""
    gedaan: dict[str, set[int]] = {actie: set() for actie in _PLAN_VAN}
    for s in reis.stappen:
        if s.actie == OVERGANG:
            reis.mijlpalen.setdefault(s.naam, s.datum)
            if sluit_af(s.naam):
                reis.uitstroomreden, reis.einddatum = s.uitstroomreden, s.datum
        elif s.actie != SCHULDREGELING:
            gedaan[s.actie].add(getattr(s, _PLAN_VAN[s.actie]))
    reis.fase = historie.fase_na(s.naam for s in reis.stappen if s.actie == OVERGANG)
    for n, p in enumerate(reis.producten):
        if n not in gedaan[PRODUCT_EINDE]:
            p.eind, p.resultaat, p.zelfredzaam = None, "", None
        p.status = historie.status_na(
            s.naam for s in reis.stappen if s.actie == SCHULDREGELING and s.product == n
        )
    for n, c in enumerate(reis.crises):
        if n not in gedaan[CRISIS_AF]:
            c.eind, c.voorkomen, c.resultaat = None, False, ""
    for n, p in enumerate(reis.pauzes):
        if n not in gedaan[HERVATTING]:
            p.tot = None
    for m in reis.moratoria:
        if m.start and m.start > vandaag:  # the court has not decided yet
            m.start = m.eind = None
    reis.producten, producten = _hernummer(reis.producten, gedaan[PRODUCT_START])
    reis.crises, crises = _hernummer(reis.crises, gedaan[CRISIS_START])
    reis.pauzes, pauzes = _hernummer(reis.pauzes, gedaan[OPSCHORTING])
    reis.moratoria, moratoria = _hernummer(reis.moratoria, gedaan[MORATORIUM])
    for s in reis.stappen:
        if s.product is not None:
            s.product = producten[s.product]
        if s.crisis is not None:
            s.crisis = crises[s.crisis]
        if s.pauze is not None:
            s.pauze = pauzes[s.pauze]
        if s.moratorium is not None:
            s.moratorium = moratoria[s.moratorium]
