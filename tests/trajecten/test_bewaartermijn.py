"""Retention: a dry run says what would go; the real run erases personal data, keeps figures."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from schuldhulp.models import Auditactie, Auditregel, Klant
from tests.bouwers import KlantFactory
from trajecten.bewaartermijn import pas_bewaartermijn_toe
from trajecten.models import Fase, Gebeurtenis, Traject

pytestmark = pytest.mark.django_db


def _afgesloten_traject(klant, uitstroom: date) -> Traject:
    traject = Traject.objects.create(
        klant=klant,
        gemeente=klant.gemeente,
        afspraak=klant.gemeente.afspraken.first(),
        aanmelddatum=uitstroom - timedelta(days=400),
        kanaal="wijkteam",
        fase=Fase.UITGESTROOMD,
        uitstroomreden="Afgerond",
    )
    Gebeurtenis.objects.create(
        traject=traject,
        soort="aanmelding",
        datum=traject.aanmelddatum,
        toelichting="Mevrouw belde huilend, schuld bij woningcorporatie",
    )
    Gebeurtenis.objects.create(traject=traject, soort="uitstroom", datum=uitstroom)
    return traject


def test_proefdraai_en_echte_anonimisering(gemeente_a, settings, capsys):
    settings.BEWAARTERMIJN_NA_UITSTROOM_DAGEN = 365
    vandaag = timezone.localdate()
    oud = KlantFactory(gemeente=gemeente_a, geboortedatum=date(1980, 7, 14))
    recent = KlantFactory(gemeente=gemeente_a)
    open_ = KlantFactory(gemeente=gemeente_a)
    _afgesloten_traject(oud, vandaag - timedelta(days=400))
    _afgesloten_traject(recent, vandaag - timedelta(days=30))
    _afgesloten_traject(open_, vandaag - timedelta(days=900))
    Traject.objects.create(
        klant=open_,
        gemeente=gemeente_a,
        afspraak=gemeente_a.afspraken.first(),
        aanmelddatum=vandaag,
        kanaal="inwoner",
    )
    bsn = oud.bsn

    call_command("bewaartermijn")  # dry run
    assert "1 dossiers zouden worden geanonimiseerd" in capsys.readouterr().out
    assert Klant.objects.get(pk=oud.pk).bsn == bsn

    verlopen = pas_bewaartermijn_toe(uitvoeren=True)
    assert [v.klant_id for v in verlopen] == [oud.pk]
    oud.refresh_from_db()
    assert oud.bsn != bsn and oud.achternaam == "" and oud.geanonimiseerd_op
    assert oud.geboortedatum == date(1980, 1, 1)
    assert not Gebeurtenis.objects.filter(traject__klant=oud).exclude(toelichting="").exists()
    assert Traject.objects.filter(klant=oud, uitstroomreden="Afgerond").exists()  # figures stay
    assert Auditregel.objects.filter(actie=Auditactie.VERWIJDEREN, klant_id=oud.pk).exists()
    assert pas_bewaartermijn_toe(uitvoeren=True) == []  # idempotent
    assert Klant.objects.get(pk=recent.pk).bsn == recent.bsn
