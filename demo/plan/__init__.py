"""Journeys, debts and people for demo and scale data: pure Python, no database.

A :class:`Reis` is what happened to one traject: the dated steps in the order a user would
have recorded them (:class:`Stap`), and the state they lead to. Two writers use the same
journeys, so the demo and the benchmark data tell the same story:

- ``demo.verhaal`` replays the steps through ``trajecten.services`` (the demo);
- ``demo.schaal`` turns them into rows and loads them with COPY (scale data).

The journey itself (which step may follow which, the phase or status it leads to, the event
it writes) is the catalogue's, ``trajecten.workflow``, read through ``trajecten.historie``.

The numbers follow the sector figures in docs (domain.md §3, §7): intake waits of about
11 days, about 40% drop-out before a regeling, creditors agreeing in about half of the
proposals, 13 creditors and about € 40,000 of debt per klant, 15% bedreigende situaties.

- :mod:`.reis`: the steps, the plans they act on, the state they lead to;
- :mod:`.verloop`: how a journey goes (:func:`maak_reis`, :func:`reis_in_fase`);
- :mod:`.schulden`, :mod:`.teksten`, :mod:`.mensen`: debts, klantplan text, people.
"""

from demo.plan.mensen import GEMEENTEPROFIEL, bsn_reeks, postcode
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
)
from demo.plan.schulden import EXTRA_SCHULDEISERS, Schuldplan, schulden, schuldstatus
from demo.plan.teksten import (
    ACTIES,
    DOELEN,
    HULPVRAGEN,
    INTERNE_NOTITIE,
    LEEFGEBIEDEN,
    OORZAKEN,
    SITUATIE_VOOR_DE_KLANT,
    VOOR_DE_KLANT,
)
from demo.plan.verloop import kies, maak_reis, reis_in_fase

__all__ = [
    "ACTIES",
    "CRISIS_AF",
    "CRISIS_START",
    "DOELEN",
    "EXTRA_SCHULDEISERS",
    "GEMEENTEPROFIEL",
    "HERVATTING",
    "HULPVRAGEN",
    "INTERNE_NOTITIE",
    "LEEFGEBIEDEN",
    "MORATORIUM",
    "OORZAKEN",
    "OPSCHORTING",
    "OVERGANG",
    "PRODUCT_EINDE",
    "PRODUCT_START",
    "SCHULDREGELING",
    "SITUATIE_VOOR_DE_KLANT",
    "VOOR_DE_KLANT",
    "Crisisplan",
    "Moratoriumplan",
    "Pauzeplan",
    "Productplan",
    "Reis",
    "Schuldplan",
    "Stap",
    "bsn_reeks",
    "kies",
    "maak_reis",
    "postcode",
    "reis_in_fase",
    "schulden",
    "schuldstatus",
]
