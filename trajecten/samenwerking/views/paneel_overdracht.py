"""Traject page part 'overdracht' of the collaboration block (trajecten.samenwerking.paneel).

- A handover is due from the user's party: a clear prompt and the structured form.
- The other party must hand over: say so (the user gets a signalering when it comes).
- An overdracht is open: who sent it to whom, its clock, and the buttons the gate allows
  (accept or ask a question for the receiver, answer for the sender).
- Every overdracht stays readable, newest first, older ones folded: nobody asks the klant
  the same things again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from schuldhulp.permissions import mag
from trajecten import selectors
from trajecten.models import Gebeurtenis, Gebeurtenissoort, Traject
from trajecten.samenwerking import aanzet, overdrachtklok
from trajecten.samenwerking.models import Overdracht
from trajecten.samenwerking.paneel import Deel, vervang
from trajecten.samenwerking.services.overdracht import reden_geen_overdracht
from trajecten.samenwerking.signalen import andere
from trajecten.samenwerking.views.overdracht_formulieren import (
    STAPPEN,
    stap_actie,
    versturen_actie,
)
from trajecten.views.knoppen import Actie

GESPREK = (Gebeurtenissoort.OVERDRACHT_VRAAG, Gebeurtenissoort.OVERDRACHT_ANTWOORD)


@dataclass
class Regel:
    """One overdracht as the page shows it."""

    overdracht: Overdracht
    klok: overdrachtklok.Klok
    gesprek: list[Gebeurtenis] = field(default_factory=list)  # questions and answers, oldest first
    acties: list[Actie] = field(default_factory=list)


def _gesprekken(traject: Traject) -> dict[int, list[Gebeurtenis]]:
    """Questions and answers per overdracht, from the events the page already loaded."""
    per: dict[int, list[Gebeurtenis]] = {}
    for g in traject.gebeurtenissen.all():
        if g.soort in GESPREK and (pk := (g.gegevens or {}).get("overdracht")):
            per.setdefault(pk, []).append(g)
    return {pk: sorted(rij, key=lambda g: (g.datum, g.pk)) for pk, rij in per.items()}


def _stappen(o: Overdracht, user, versie: int, gebonden: Actie | None) -> list[Actie]:
    return [
        vervang(stap_actie(naam, o, initial={"versie": versie}), gebonden)
        for naam in STAPPEN
        if mag(user, naam, o) is None
    ]


def deel(traject: Traject, user, gebonden: Actie | None = None) -> Deel:
    rijen = list(traject.overdrachten.select_related("verstuurd_door", "geaccepteerd_door"))
    for o in rijen:
        o.traject = traject  # the gate reads the traject; no query per row
    stand = aanzet.bepaal(traject)
    partij = user.partij
    versturen = None
    if (
        mag(user, "overdracht.versturen", traject) is None
        and reden_geen_overdracht(traject, partij, stand) is None
    ):
        versturen = vervang(versturen_actie(traject, initial={"versie": traject.versie}), gebonden)
    regels: list[Regel] = []
    if rijen:
        vandaag = timezone.localdate()
        vrije_dagen = selectors.feestdagen()
        eenheid = overdrachtklok.norm_op(traject.gemeente_id, vandaag).eenheid
        gesprekken = _gesprekken(traject)
        regels = [
            Regel(
                overdracht=o,
                klok=overdrachtklok.klok(
                    o, vandaag=vandaag, feestdagen=vrije_dagen, eenheid=eenheid
                ),
                gesprek=gesprekken.get(o.pk, []),
                acties=_stappen(o, user, traject.versie, gebonden) if o.is_open else [],
            )
            for o in rijen
        ]
    acties = ([versturen] if versturen else []) + [a for r in regels for a in r.acties]
    van = stand.overdracht_van
    return Deel(
        context={
            "versturen": versturen,
            # Due from the user's own party: the prompt above the form.
            "nodig": versturen is not None and van is not None and van == partij,
            "naar": andere(van).naam if van is not None else "",
            # Due from the other party: the user waits for it.
            "wacht_op": van if van is not None and partij is not None and van != partij else None,
            "laatste": regels[0] if regels else None,
            "eerdere": regels[1:],
            "aantal": len(regels),
        },
        acties=acties,
    )
