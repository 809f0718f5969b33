"""Trajecten made the way users make them: through trajecten.services (guards included)."""

from __future__ import annotations

import pytest

from schuldhulp.models import Rol
from tests.bouwers import GebruikerFactory, toegelaten_traject
from tests.bouwers.klantplan import schuldeisers as register


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
    return register()


@pytest.fixture
def regisseur_b(gemeente_b):
    """Hengelo's klantregisseur: writes the klantplan, a Stadsbank task in every package."""
    return GebruikerFactory(username="kr_b", rol=Rol.KLANTREGISSEUR, gemeenten=[gemeente_b])
