"""The lifecycle of a kwartaalrapportage: wordt_gemaakt → klaar (final) or mislukt."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_fsm import TransitionNotAllowed, can_proceed

from rapportage.models import AlKlaar, Kwartaalrapportage, Rapportstatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def rapportage(gemeente_a) -> Kwartaalrapportage:
    return Kwartaalrapportage.objects.create(gemeente=gemeente_a, jaar=2026, kwartaal=2, versie=1)


def _met_pdf(rapportage: Kwartaalrapportage) -> None:
    rapportage.pdf, rapportage.checksum, rapportage.gemaakt_op = b"%PDF", "ab" * 32, timezone.now()


def test_nieuw_wordt_gemaakt(rapportage):
    assert rapportage.status == Rapportstatus.WORDT_GEMAAKT


def test_klaar_alleen_met_pdf_en_daarna_nooit_meer_anders(rapportage):
    assert not can_proceed(rapportage.markeer_klaar)  # no PDF yet
    _met_pdf(rapportage)
    rapportage.markeer_klaar()
    rapportage.save()
    rapportage.refresh_from_db()
    assert rapportage.is_klaar
    for overgang in (rapportage.markeer_mislukt, rapportage.neem_over):
        assert not can_proceed(overgang)
    with pytest.raises(TransitionNotAllowed):
        rapportage.neem_over()
    with pytest.raises(AlKlaar):
        rapportage.save()


def test_mislukt_en_opnieuw(rapportage):
    rapportage.markeer_mislukt("Het maken is mislukt.")
    rapportage.save()
    rapportage.refresh_from_db()
    assert rapportage.status == Rapportstatus.MISLUKT
    assert rapportage.foutmelding == "Het maken is mislukt."
    with pytest.raises(TransitionNotAllowed):
        rapportage.markeer_mislukt("nogmaals")
    rapportage.neem_over()
    assert rapportage.status == Rapportstatus.WORDT_GEMAAKT
    _met_pdf(rapportage)
    rapportage.markeer_klaar()
    rapportage.save()
    assert Kwartaalrapportage.objects.get(pk=rapportage.pk).is_klaar
