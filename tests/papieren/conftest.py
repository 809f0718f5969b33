"""Papers: trajecten made through the services, the seeded checklist, a private file root."""

from __future__ import annotations

import pytest

from tests.bouwers import toegelaten_traject
from tests.bouwers.papieren import jpeg, lijst, pdf

__all__ = ["jpeg", "pdf"]


@pytest.fixture(autouse=True)
def prive_map(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "prive"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def traject_a(klant_a, regisseur_a, db):
    """Almelo, package Ontzorging: the Stadsbank gathers the information."""
    lijst()
    return toegelaten_traject(klant_a, regisseur_a)


@pytest.fixture
def traject_b(klant_b, consulent_b, db):
    """Hengelo, package Basis: the gemeente gathers the information."""
    lijst()
    return toegelaten_traject(klant_b, consulent_b)
