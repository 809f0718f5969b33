"""Fixtures for the collaboration tests: the contract norm of the warme overdracht (seeded by
migration samenwerking 0002; a transactional test flushes it, so it is put back) and a
Hybride traject whose handover from the gemeente to the Stadsbank is due."""

from __future__ import annotations

import pytest

from tests.bouwers import Omgeving, omgeving
from tests.samenwerking.bouwers import overdracht_nodig
from trajecten.models import Traject


@pytest.fixture(autouse=True)
def _overdrachtnorm(request):
    namen = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not {"db", "transactional_db"} & namen:
        return
    transactioneel = "transactional_db" in namen or (marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactioneel else "db")
    from trajecten.models import Doorlooptijdnorm
    from trajecten.samenwerking.normen import zaai

    zaai(Doorlooptijdnorm)


@pytest.fixture
def hybride(db) -> Omgeving:
    """Hybride; the agreement gives the O tasks (intake, beschikking) to the gemeente."""
    return omgeving("hybride-gemeente")


@pytest.fixture
def traject(hybride: Omgeving) -> Traject:
    return overdracht_nodig(hybride)
