"""Fixtures of the attack tests: a Hybride gemeente with its O tasks at the gemeente, a traject,
maatwerk proposed or approved, a Basis concept, and a gemeente that leaves a task in overleg."""

from __future__ import annotations

import pytest

from schuldhulp.models import Dienstverleningsafspraak
from tests.bouwers import Omgeving, omgeving, traject_in
from tests.bouwers.afspraken import concept
from tests.pakket.aanvallen.hulp import (
    voorstel,
)
from trajecten.models import Fase, Traject
from trajecten.pakket.models import Maatwerk
from trajecten.pakket.services import maatwerk


@pytest.fixture
def omg() -> Omgeving:
    return omgeving("hybride-gemeente")  # O tasks with the gemeente: opschalen is possible


@pytest.fixture
def traject(omg: Omgeving) -> Traject:
    return traject_in(omg, Fase.STABILISATIE)


@pytest.fixture
def voorgesteld(omg: Omgeving, traject: Traject) -> Maatwerk:
    return voorstel(omg, traject)


@pytest.fixture
def goedgekeurd(omg: Omgeving, traject: Traject) -> Maatwerk:
    m = voorstel(omg, traject, "exitgesprek")
    return maatwerk.beoordeel(door=omg.consulent, maatwerk_id=m.pk, goedkeuren=True)


@pytest.fixture
def basis(omg: Omgeving, traject: Traject) -> Dienstverleningsafspraak:
    return concept(omg)  # Basis from 30 days on; the traject runs under Hybride


@pytest.fixture
def overleg() -> Omgeving:
    return omgeving("hybride-overleg")  # schuldenoverzicht: per traject in overleg
