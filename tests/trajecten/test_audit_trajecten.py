"""Every write on a traject leaves an audit entry with what changed."""

from __future__ import annotations

import pytest
from django.utils import timezone

from schuldhulp.models import Auditactie, Auditregel
from trajecten import services

pytestmark = pytest.mark.django_db


def test_aanmelding_en_overgang_in_de_verwerkingenlog(regisseur_a, klant_a):
    vandaag = timezone.localdate()
    traject = services.meld_aan(klant=klant_a, door=regisseur_a, datum=vandaag, kanaal="wijkteam")
    services.voer_overgang_uit(
        traject_id=traject.pk, overgang="voer_eerste_gesprek", door=regisseur_a, datum=vandaag
    )
    aangemaakt = Auditregel.objects.get(actie=Auditactie.AANMAKEN, objecttype="traject")
    gewijzigd = Auditregel.objects.get(actie=Auditactie.WIJZIGEN, objecttype="traject")
    assert aangemaakt.klant_id == klant_a.pk and aangemaakt.gebruikersnaam == regisseur_a.username
    assert gewijzigd.wijzigingen["fase"] == {"voor": "aangemeld", "na": "intake"}
    assert gewijzigd.object_id == str(traject.pk)
