"""The daily norm watch through Celery: the beat entry, and one run on a real Redis broker
with a real worker (in a thread of this process), checked by its effect in the database."""

from __future__ import annotations

import logging
import os
import time
import uuid
from datetime import date

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections

from schuldhulp.celery import BEAT_SCHEDULE
from schuldhulp.celery import app as schuldhulp_app
from tests.bouwers import aanmelden, omgeving
from trajecten import tasks
from trajecten.models import Normbewaking, Signalering

REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


def test_beat_schema_wijst_naar_bestaande_taken():
    schuldhulp_app.loader.import_default_modules()
    assert BEAT_SCHEDULE, "geen periodieke taken"
    assert schuldhulp_app.conf.beat_schedule == BEAT_SCHEDULE
    for naam, regel in BEAT_SCHEDULE.items():
        assert regel["task"] in schuldhulp_app.tasks, naam
    regel = BEAT_SCHEDULE["normbewaking-dagelijks"]
    assert schuldhulp_app.tasks[regel["task"]].name == tasks.dagelijkse_normbewaking.name
    assert regel["schedule"].hour == {5} and regel["schedule"].minute == {30}


@pytest.fixture
def celery_app_op_redis():
    """The project's configuration, with the test Redis as broker and a queue of its own
    (other engineers' workers may listen on the same Redis)."""
    app = Celery("schuldhulp-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(
        broker_url=REDIS,
        task_default_queue=f"test-normbewaking-{uuid.uuid4().hex[:8]}",
        task_always_eager=False,
        broker_connection_retry_on_startup=False,
    )

    def sluit_verbindingen(**_kwargs) -> None:  # the worker thread's own DB connection
        connections.close_all()

    task_postrun.connect(sluit_verbindingen, weak=False)
    # Celery's "received/succeeded" INFO lines do not format under the project's root
    # handler from a worker thread; they are noise here.
    stil = [logging.getLogger(n) for n in ("celery.worker.strategy", "celery.app.trace")]
    niveaus = [lg.level for lg in stil]
    for lg in stil:
        lg.setLevel(logging.WARNING)
    try:
        yield app
    finally:
        for lg, niveau in zip(stil, niveaus, strict=True):
            lg.setLevel(niveau)
        task_postrun.disconnect(sluit_verbindingen)
        schuldhulp_app.set_current()
        schuldhulp_app.set_default()


def _wacht_tot(voorwaarde, timeout: float = 20.0) -> None:
    einde = time.monotonic() + timeout
    while time.monotonic() < einde:
        if voorwaarde():
            return
        time.sleep(0.1)
    raise AssertionError("De taak had binnen de tijd geen effect in de database.")


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
        _wacht_tot(lambda: Signalering.objects.filter(traject=traject).count() == 2)
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
        _wacht_tot(
            lambda: Normbewaking.objects.filter(
                traject=traject, norm__code="stabilisatie-rust", status="overschreden"
            ).exists()
        )
    na = sorted(Signalering.objects.values_list("sleutel", flat=True))
    assert set(eerste) <= set(na)
    assert len(na) == len(set(na))
    assert len(na) == len(eerste) + 1  # only stabilisatie-rust dreigt → overschreden is new
