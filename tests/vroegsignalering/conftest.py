"""Fixtures for vroegsignalering: a signal partner with its token (helpers that build
signals and CSV lists: tests/bouwers/signalen.py)."""

from __future__ import annotations

import pytest

from trajecten.vroegsignalering import services


@pytest.fixture
def partner_en_token(gemeente_a, normen):
    return services.maak_partner(
        naam="Woonstichting Almelo", soort="woningcorporatie", gemeenten=[gemeente_a]
    )


@pytest.fixture
def partner(partner_en_token):
    return partner_en_token[0]


@pytest.fixture
def token(partner_en_token) -> str:
    return partner_en_token[1]
