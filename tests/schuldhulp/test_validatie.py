"""BSN, postcode and agreement period validation."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st

from schuldhulp.models import Dienstverleningsafspraak
from schuldhulp.validators import (
    genereer_bsn,
    maskeer_bsn,
    normaliseer_postcode,
    valideer_bsn,
    valideer_postcode,
)
from tests.bouwers import AfspraakFactory, GemeenteFactory


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "999990019"])
def test_geldig_bsn(bsn):
    valideer_bsn(bsn)


@pytest.mark.parametrize(
    "bsn,code",
    [
        ("123456789", "bsn_elfproef"),
        ("12345678", "bsn_lengte"),
        ("12345678a", "bsn_formaat"),
        ("", "bsn_lengte"),
    ],
)
def test_ongeldig_bsn_geeft_nederlandse_melding(bsn, code):
    with pytest.raises(ValidationError) as exc:
        valideer_bsn(bsn)
    assert exc.value.code == code
    assert "BSN" in exc.value.messages[0]


@given(st.randoms(use_true_random=False))
def test_gegenereerde_bsns_halen_de_elfproef(rng):
    valideer_bsn(genereer_bsn(rng))


@pytest.mark.parametrize("invoer,uit", [("7607ab", "7607 AB"), (" 7607 AB ", "7607 AB")])
def test_postcode_genormaliseerd(invoer, uit):
    valideer_postcode(invoer)
    assert normaliseer_postcode(invoer) == uit


@pytest.mark.parametrize("postcode", ["0607 AB", "760 AB", "7607 A1", "7607ABC", ""])
def test_ongeldige_postcode(postcode):
    with pytest.raises(ValidationError, match="geldige postcode"):
        valideer_postcode(postcode)


def test_bsn_gemaskeerd():
    assert maskeer_bsn("123456782") == "*****782"


@pytest.mark.django_db
class TestAfspraakPeriodes:
    def test_overlap_wordt_geweigerd_met_nederlandse_melding(self):
        g = GemeenteFactory()
        AfspraakFactory(gemeente=g, geldig_van=date(2023, 1, 1), geldig_tot=date(2023, 12, 31))
        nieuw = Dienstverleningsafspraak(
            gemeente=g, pakket="basis", geldig_van=date(2023, 12, 31), status="vastgesteld"
        )
        with pytest.raises(ValidationError, match="overlapt met een andere afspraak"):
            nieuw.full_clean()

    def test_database_weigert_overlap_ook_buiten_de_app_om(self):
        g = GemeenteFactory()
        AfspraakFactory(gemeente=g, geldig_van=date(2023, 1, 1))  # open end
        with pytest.raises(IntegrityError), transaction.atomic():
            AfspraakFactory(gemeente=g, geldig_van=date(2030, 1, 1))

    def test_aansluitende_periodes_en_andere_gemeente_mogen(self):
        g, h = GemeenteFactory(), GemeenteFactory()
        AfspraakFactory(gemeente=g, geldig_van=date(2023, 1, 1), geldig_tot=date(2023, 12, 31))
        Dienstverleningsafspraak(
            gemeente=g, pakket="basis", geldig_van=date(2024, 1, 1)
        ).full_clean()
        AfspraakFactory(gemeente=h, geldig_van=date(2023, 6, 1))

    def test_einde_voor_begin_geweigerd(self):
        g = GemeenteFactory()
        a = Dienstverleningsafspraak(
            gemeente=g, pakket="basis", geldig_van=date(2024, 1, 1), geldig_tot=date(2023, 1, 1)
        )
        with pytest.raises(ValidationError, match="einddatum ligt voor de begindatum"):
            a.full_clean()
