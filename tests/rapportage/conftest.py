"""Fixtures for the report tests: a builder of hand-made rows per gemeente
(tests/bouwers/rijen.py)."""

from __future__ import annotations

import pytest

from tests.bouwers.rijen import Bouwer


@pytest.fixture
def bouw_a(gemeente_a) -> Bouwer:
    return Bouwer(gemeente_a)


@pytest.fixture
def bouw_b(gemeente_b) -> Bouwer:
    return Bouwer(gemeente_b)
