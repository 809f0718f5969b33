"""The answer terms of the creditors, as data: Doorlooptijdnorm rows with the codes below (a
default, and per gemeente where its contract says otherwise; seeded by :func:`zaai`, called
from trajecten.normenset.zaai_normen and migration schuldregeling 0002). Each term is fixed
on the day the question or reminder is sent (``Onderhandeling.termijn_tot``), with the
arithmetic of the traject clocks (trajecten.normbewaking.klokstand); the reminder job
(klantplan.schuldregeling.herinneringen) reads it.

The rows measure from ``schuldeiser_gevraagd`` to ``schuldeiser_antwoord``: milestones no
traject has (trajecten.normbewaking.Mijlpalen), so ``herbereken`` never makes a traject
clock of them, just as for the warme overdracht (trajecten.samenwerking.normen).
"""

from __future__ import annotations

from datetime import date

from klantplan.schuldregeling.workflow import Berichtsoort
from trajecten import normbewaking

SALDO, VOORSTEL, HERINNERING = (
    "schuldeiser-saldo",
    "schuldeiser-voorstel",
    "schuldeiser-herinnering",
)
# How many reminders before "geen reactie": the sector's practice is two, the same for every
# contract, so a constant rather than a norm row (docs/schuldregeling.md).
HERINNERINGEN = 2

CODE_VAN: dict[str, str] = {
    Berichtsoort.SALDOVERZOEK: SALDO,
    Berichtsoort.BETAALVOORSTEL: VOORSTEL,
    Berichtsoort.HEROVERWEGING: VOORSTEL,
    Berichtsoort.HERINNERING: HERINNERING,
}

# The defaults (a flushed test database, a beheerder who ended a row without a successor):
# code → (naam, termijn, eenheid).
STANDAARD: dict[str, tuple[str, int, str]] = {
    SALDO: ("Schuldeiser geeft saldo op binnen 2 weken", 2, "weken"),
    VOORSTEL: ("Schuldeiser antwoordt op betaalvoorstel binnen 4 weken", 4, "weken"),
    HERINNERING: ("Schuldeiser antwoordt na herinnering binnen 2 weken", 2, "weken"),
}


CODES = tuple(STANDAARD)
GELDIG_VAN = date(2021, 1, 1)
BRON = "Gedragscode Schuldregeling NVVK (praktijk Stadsbank)"


def zaai(Doorlooptijdnorm) -> int:
    """The default rows (idempotent); takes the model so a migration can call it."""
    nieuw = 0
    for code, (naam, termijn, eenheid) in STANDAARD.items():
        _, gemaakt = Doorlooptijdnorm.objects.get_or_create(
            code=code,
            gemeente=None,
            geldig_van=GELDIG_VAN,
            defaults=dict(
                naam=naam,
                van_mijlpaal="schuldeiser_gevraagd",
                tot_mijlpaal="schuldeiser_antwoord",
                termijn=termijn,
                eenheid=eenheid,
                wettelijk=False,
                voorwaarde="alle",
                productsoort="",
                opschorting_toegestaan=False,
                bron=BRON,
            ),
        )
        nieuw += gemaakt
    return nieuw


def eind_termijn(soort: str, gemeente_id: int | None, start: date) -> date | None:
    """The last day to answer a message `soort` sent on `start` (None: no answer asked)."""
    code = CODE_VAN.get(soort)
    if code is None:
        return None
    rij = normbewaking.norm_op(normbewaking.normen_voor_gemeente(gemeente_id).get(code, []), start)
    if rij is None:
        _naam, termijn, eenheid = STANDAARD[code]
        wettelijk = False
    else:
        termijn, eenheid, wettelijk = rij.termijn, rij.eenheid, rij.wettelijk
    stand = normbewaking.klokstand(
        start=start,
        termijn=termijn,
        eenheid=eenheid,
        wettelijk=wettelijk,
        dreigpercentage=100,
        pauzes=[],
        gehaald_op=None,
        einde_traject=None,
        peildatum=start,
        feestdagen=normbewaking.extra_feestdagen(),
    )
    return stand.deadline
