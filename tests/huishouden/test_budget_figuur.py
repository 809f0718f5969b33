"""Quarter figure 25 (issue 15, point 5): budgets vastgesteld, with income from work or a
benefit, and the average aflosruimte of the voorstellen."""

from __future__ import annotations

import pytest
from django.utils import timezone

from klantplan.huishouden import budget
from rapportage import figuren
from rapportage.kwartalen import Kwartaal
from rapportage.models import Instellingen
from tests.bouwers import KlantFactory
from tests.bouwers.trajecten import aanmelding

pytestmark = pytest.mark.django_db
P = budget.Postgegevens


def test_budgetten_en_aflosruimte_in_het_kwartaal(gemeente_a, regisseur_a, gemeente_b):
    for posten in (
        [P("salaris", "klant", 180_000), P("huur", "klant", 70_000)],
        [P("uitkering", "klant", 130_000), P("salaris", "klant", 20_000)],
        [P("uitkering", "klant", 125_000)],
    ):
        traject = aanmelding(KlantFactory(gemeente=gemeente_a), regisseur_a)
        for p in posten:
            budget.voeg_post_toe(traject_id=traject.pk, door=regisseur_a, gegevens=p)
        budget.stel_vast(traject_id=traject.pk, door=regisseur_a)
    kwartaal = Kwartaal.van_datum(timezone.localdate())
    cijfer = figuren.bereken(gemeente_a.pk, kwartaal, Instellingen.huidige())["budget_aflosruimte"]
    assert cijfer["budgetten"] == 3
    assert (cijfer["met_werk"], cijfer["met_uitkering"]) == (2, 2)
    assert cijfer["met_werk_pct"] == 66.7
    assert cijfer["voorstellen"] == 0 and cijfer["gem_aflosruimte_cent"] is None
    # Another gemeente sees none of it.
    ander = figuren.bereken(gemeente_b.pk, kwartaal, Instellingen.huidige())["budget_aflosruimte"]
    assert ander["budgetten"] == 0 and ander["met_werk_pct"] is None
