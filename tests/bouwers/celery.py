"""A Celery app on the test Redis with a queue of its own, for tests that run a real worker
(in a thread of this process): tests/trajecten/test_celery.py, tests/schuldregeling."""

from __future__ import annotations

import logging
import os
import time
import uuid

import pytest
from celery import Celery
from celery.signals import task_postrun
from django.db import connections

from schuldhulp.celery import app as schuldhulp_app

REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


@pytest.fixture
def celery_app_op_redis():
    """The project's configuration, with the test Redis as broker and a queue of its own
    (other engineers' workers may listen on the same Redis)."""
    app = Celery("schuldhulp-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(
        broker_url=REDIS,
        task_default_queue=f"test-{uuid.uuid4().hex[:8]}",
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


DICHT = "redis://127.0.0.1:9/0"  # nothing listens on port 9: a broker that is down


@pytest.fixture
def broker_weg():
    """The current Celery app points at a closed port: every hand-over fails at once."""
    app = Celery("broker-weg", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(
        broker_url=DICHT,
        task_publish_retry=False,
        broker_connection_retry=False,
        broker_connection_max_retries=0,
        broker_connection_timeout=1,
    )
    app.set_current()
    app.set_default()  # also for the live server's threads (browser tests)
    try:
        yield app
    finally:
        schuldhulp_app.set_current()
        schuldhulp_app.set_default()


def wacht_tot(voorwaarde, timeout: float = 20.0) -> None:
    einde = time.monotonic() + timeout
    while time.monotonic() < einde:
        if voorwaarde():
            return
        time.sleep(0.1)
    raise AssertionError("De taak had binnen de tijd geen effect in de database.")
