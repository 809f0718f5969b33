"""The daily norm watch through Celery: the beat entry, and one run on a real Redis broker
with a real worker (in a thread of this process), checked by its effect in the database."""

from __future__ import annotations

from datetime import date

import pytest
from celery.contrib.testing.worker import start_worker

from schuldhulp.celery import BEAT_SCHEDULE
from schuldhulp.celery import app as schuldhulp_app
from tests.bouwers import aanmelden, omgeving
from tests.bouwers.celery import wacht_tot
from trajecten import tasks
from trajecten.models import Normbewaking, Signalering


def test_beat_schema_wijst_naar_bestaande_taken():
    schuldhulp_app.loader.import_default_modules()
    assert BEAT_SCHEDULE, "geen periodieke taken"
    assert schuldhulp_app.conf.beat_schedule == BEAT_SCHEDULE
    for naam, regel in BEAT_SCHEDULE.items():
        assert regel["task"] in schuldhulp_app.tasks, naam
    regel = BEAT_SCHEDULE["normbewaking-dagelijks"]
    assert schuldhulp_app.tasks[regel["task"]].name == tasks.dagelijkse_normbewaking.name
    assert regel["schedule"].hour == {5} and regel["schedule"].minute == {30}


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_dagelijkse_normbewaking_via_redis_en_worker(celery_app_op_redis):
    omg = omgeving()
    traject = aanmelden(omg, datum=date(2025, 3, 3), bedreigend="beslag")
    Normbewaking.objects.filter(traject=traject).update(status="loopt")
    Signalering.objects.all().delete()

    with start_worker(celery_app_op_redis, perform_ping_check=False, shutdown_timeout=20):
        tasks.dagelijkse_normbewaking.delay("2025-03-24")
        # On 24 March both 'bedreigend' clocks are overdue; stabilisatie (5 weeks) still runs.
        wacht_tot(lambda: Signalering.objects.filter(traject=traject).count() == 2)
        # the task is one transaction: when signals are there, statuses are too
        statussen = dict(
            Normbewaking.objects.filter(traject=traject).values_list("norm__code", "status")
        )
        assert statussen["wgs-eerste-gesprek-bedreigend"] == "overschreden"
        eerste = sorted(Signalering.objects.values_list("sleutel", flat=True))

        # Idempotent: the same run again (a retry, a second beat) adds nothing.
        tasks.dagelijkse_normbewaking.delay("2025-03-24")
        tasks.dagelijkse_normbewaking.delay("2025-03-24")
        # A later day goes through the same queue after them: wait for its effect.
        tasks.dagelijkse_normbewaking.delay("2025-04-30")
        wacht_tot(
            lambda: Normbewaking.objects.filter(
                traject=traject, norm__code="stabilisatie-rust", status="overschreden"
            ).exists()
        )
    na = sorted(Signalering.objects.values_list("sleutel", flat=True))
    assert set(eerste) <= set(na)
    assert len(na) == len(set(na))
    assert len(na) == len(eerste) + 1  # only stabilisatie-rust dreigt → overschreden is new
