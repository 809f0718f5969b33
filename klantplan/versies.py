"""The difference between two versions of a klantplan, for people to read.

Doelen and acties are matched across versions by ``ref`` (kept when a version is copied), so
a changed doel shows as "gewijzigd", not as one removed and one added. Long texts get a
word-level diff (``<del>``/``<ins>`` in the template).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from klantplan.models import (
    Actie,
    Actiesoort,
    Doel,
    Doelstatus,
    Klantplan,
    Leefgebied,
    OplossendVermogen,
    Wie,
)
from schuldhulp.opmaak import datum_lang
from trajecten.models import Productsoort


@dataclass(frozen=True)
class Deel:
    soort: str  # "gelijk", "weg" or "nieuw"
    tekst: str


@dataclass
class Veldverschil:
    label: str
    oud: str
    nieuw: str
    oud_delen: list[Deel] = field(default_factory=list)
    nieuw_delen: list[Deel] = field(default_factory=list)


@dataclass
class Onderdeelverschil:
    soort: str  # "toegevoegd", "verwijderd" or "gewijzigd"
    omschrijving: str
    velden: list[Veldverschil] = field(default_factory=list)


@dataclass
class Verschil:
    oud: Klantplan
    nieuw: Klantplan
    velden: list[Veldverschil]
    doelen: list[Onderdeelverschil]
    acties: list[Onderdeelverschil]

    @property
    def leeg(self) -> bool:
        return not (self.velden or self.doelen or self.acties)


def woorddiff(oud: str, nieuw: str) -> tuple[list[Deel], list[Deel]]:
    """Mark removed words in the old text and added words in the new text."""
    a, b = re.findall(r"\S+|\s+", oud), re.findall(r"\S+|\s+", nieuw)
    oud_delen: list[Deel] = []
    nieuw_delen: list[Deel] = []
    for code, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if code == "equal":
            oud_delen.append(Deel("gelijk", "".join(a[i1:i2])))
            nieuw_delen.append(Deel("gelijk", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            oud_delen.append(Deel("weg", "".join(a[i1:i2])))
        if j2 > j1:
            nieuw_delen.append(Deel("nieuw", "".join(b[j1:j2])))
    return oud_delen, nieuw_delen


def _veld(label: str, oud: str, nieuw: str) -> Veldverschil | None:
    if oud == nieuw:
        return None
    oud_delen, nieuw_delen = woorddiff(oud, nieuw)
    return Veldverschil(label, oud, nieuw, oud_delen, nieuw_delen)


def _label(keuzes, waarde: str) -> str:
    return dict(keuzes.choices).get(waarde, "—") if waarde else "—"


def _planvelden(plan: Klantplan) -> list[tuple[str, str]]:
    velden = [
        ("Uw vraag (voor de klant)", plan.hulpvraag_klant),
        ("Uw situatie (voor de klant)", plan.situatie_klant),
        ("Hulpvraag", plan.hulpvraag),
        ("Oorzaak van de schulden", plan.oorzaak),
        ("Gekozen product of oplossing", _label(Productsoort, plan.productkeuze)),
    ]
    velden += [
        (f"Leefgebied: {lg.label}", (plan.leefgebieden or {}).get(lg.value, ""))
        for lg in Leefgebied
    ]
    velden += [
        ("Oplossend vermogen", _label(OplossendVermogen, plan.oplossend_vermogen)),
        ("Toelichting oplossend vermogen", plan.oplossend_vermogen_toelichting),
    ]
    return velden


def _doelvelden(doel: Doel) -> list[tuple[str, str]]:
    return [
        ("Doel (intern)", doel.omschrijving),  # first: the name (never empty)
        ("Doel (voor de klant)", doel.klanttekst),
        ("Streefdatum", datum_lang(doel.streefdatum)),
        ("Status", _label(Doelstatus, doel.status)),
    ]


def _actievelden(actie: Actie) -> list[tuple[str, str]]:
    return [
        ("Wat (intern)", actie.wat),  # first: the name (never empty)
        ("Wat (voor de klant)", actie.klanttekst),
        ("Soort", _label(Actiesoort, actie.soort)),
        ("Wie", _label(Wie, actie.wie)),
        ("Deadline", datum_lang(actie.deadline)),
        ("Gedaan op", datum_lang(actie.gedaan_op)),
    ]


def _onderdelen(
    oud: Iterable, nieuw: Iterable, velden: Callable[[object], list[tuple[str, str]]]
) -> list[Onderdeelverschil]:
    oud_per_ref = {o.ref: o for o in oud}
    nieuw_per_ref = {n.ref: n for n in nieuw}
    uitkomst: list[Onderdeelverschil] = []
    for ref, item in nieuw_per_ref.items():
        naam = velden(item)[0][1]
        if ref not in oud_per_ref:
            uitkomst.append(Onderdeelverschil("toegevoegd", naam))
            continue
        wijzigingen = [
            v
            for (label, a), (_l, b) in zip(velden(oud_per_ref[ref]), velden(item), strict=True)
            if (v := _veld(label, a, b))
        ]
        if wijzigingen:
            uitkomst.append(Onderdeelverschil("gewijzigd", naam, wijzigingen))
    uitkomst += [
        Onderdeelverschil("verwijderd", velden(item)[0][1])
        for ref, item in oud_per_ref.items()
        if ref not in nieuw_per_ref
    ]
    return uitkomst


def vergelijk(oud: Klantplan, nieuw: Klantplan) -> Verschil:
    velden = [
        v
        for (label, a), (_l, b) in zip(_planvelden(oud), _planvelden(nieuw), strict=True)
        if (v := _veld(label, a, b))
    ]
    return Verschil(
        oud=oud,
        nieuw=nieuw,
        velden=velden,
        doelen=_onderdelen(oud.doelen.all(), nieuw.doelen.all(), _doelvelden),
        acties=_onderdelen(oud.acties.all(), nieuw.acties.all(), _actievelden),
    )
