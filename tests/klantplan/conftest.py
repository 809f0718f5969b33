"""Trajecten made the way users make them: through trajecten.services (guards included)."""

from __future__ import annotations

import pytest

from klantplan.models import Schuldeiser
from tests.klantplan.hulp import toegelaten_traject


@pytest.fixture
def traject_a(klant_a, regisseur_a):
    """Almelo, package Ontzorging: the Stadsbank (klantregisseur) does the intake."""
    return toegelaten_traject(klant_a, regisseur_a)


@pytest.fixture
def traject_b(klant_b, consulent_b):
    """Hengelo, package Basis: the gemeente (consulent) does the intake."""
    return toegelaten_traject(klant_b, consulent_b)


@pytest.fixture
def schuldeisers(db):
    """The register as migration 0002 seeds it (get_or_create: flushed DBs have none)."""
    rijen = [
        ("Belastingdienst", "belastingdienst", True),
        ("CJIB", "cjib", False),
        ("Vitens", "water", False),
        ("Menzis", "zorgverzekeraar", False),
        ("Welbions", "woningcorporatie", False),
    ]
    return {
        naam: Schuldeiser.objects.get_or_create(
            naam=naam, defaults={"soort": soort, "preferent": preferent}
        )[0]
        for naam, soort, preferent in rijen
    }
