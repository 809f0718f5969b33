"""The Celery job end to end with a real worker and Redis broker.

Broker: TEST_REDIS_URL (default redis://127.0.0.1:6379/9). The worker runs in a thread of
the test process (celery.contrib.testing), so it sees the committed test data.
"""

from __future__ import annotations

import os
import time
from datetime import date, timedelta

import kombu.pools
import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections

from rapportage import services, tasks
from rapportage.models import Kwartaalrapportage
from schuldhulp.celery import app
from tests.bouwers.rijen import Q2

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]
BROKER = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
# A queue of this test process only: other test processes (xdist, other suites) may share the
# broker database, and their workers must not take our messages (nor we theirs).
WACHTRIJ = f"rapportage-test-{os.getpid()}"


def _sluit_verbindingen(**_kwargs) -> None:
    connections.close_all()  # in the worker thread: no connection left on the test database


def _nieuwe_verbindingen() -> None:
    """Drop the app's connection pools and queue selection (set again by the next user)."""
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    app.amqp.__dict__.pop("queues", None)


@pytest.fixture
def worker(monkeypatch):
    oud = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url, app.conf.task_always_eager = BROKER, False
    _nieuwe_verbindingen()
    monkeypatch.setattr(tasks, "HERHAAL_NA_SECONDEN", 0)
    taak = tasks.maak_kwartaalrapportage
    monkeypatch.setattr(taak, "delay", lambda *a: taak.apply_async(a, queue=WACHTRIJ))
    task_postrun.connect(_sluit_verbindingen)
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, loglevel="WARNING", queues=[WACHTRIJ]
        ):
            yield
    finally:
        task_postrun.disconnect(_sluit_verbindingen)
        app.conf.broker_url, app.conf.task_always_eager = oud
        _nieuwe_verbindingen()


def _wacht_tot(pk: int, status: str, seconden: float = 90) -> Kwartaalrapportage:
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        r = Kwartaalrapportage.objects.get(pk=pk)
        if r.status == status:
            return r
        time.sleep(0.3)
    raise AssertionError(
        f"Rapportage {pk} werd niet '{status}' maar '{r.status}' ({r.foutmelding})"
    )


@pytest.fixture
def gegevens(bouw_a):
    t = bouw_a.traject(date(2026, 4, 7))
    bouw_a.gebeurtenis(t, "eerste_gesprek", date(2026, 4, 21))


def test_aanvraag_wordt_door_de_worker_gemaakt(worker, gegevens, gemeente_a, contractmanager_a):
    r = services.vraag_aan(gemeente=gemeente_a, kwartaal=Q2, door=contractmanager_a)
    klaar = _wacht_tot(r.pk, "klaar")
    assert klaar.pogingen == 1 and klaar.voortgang_pct == 100
    assert klaar.cijfers["figuren"]["intakes"][-1]["totaal"] == 1
    assert bytes(klaar.pdf).startswith(b"%PDF")


def test_fout_midden_in_de_pdf_wordt_opnieuw_geprobeerd_zonder_half_klaar(
    worker, gegevens, gemeente_a, monkeypatch
):
    echte = services.render_to_pdf
    tussenstand: list[Kwartaalrapportage] = []

    def eerst_kapot(*args, **kwargs):
        if not tussenstand:
            tussenstand.append(None)
            raise OSError("worker verloor de schijf midden in de PDF")
        # The second attempt: the first left the row 'wordt gemaakt' without a PDF.
        tussenstand.append(Kwartaalrapportage.objects.get())
        return echte(*args, **kwargs)

    monkeypatch.setattr(services, "render_to_pdf", eerst_kapot)
    r = services.vraag_aan(gemeente=gemeente_a, kwartaal=Q2, door=None)
    klaar = _wacht_tot(r.pk, "klaar")
    tijdens = tussenstand[1]
    assert tijdens.status == "wordt_gemaakt" and tijdens.pdf is None and tijdens.checksum == ""
    assert "opnieuw geprobeerd" in tijdens.foutmelding
    assert (klaar.pogingen, klaar.versie, klaar.foutmelding) == (2, 1, "")
    assert Kwartaalrapportage.objects.count() == 1


def test_blijvende_fout_eindigt_als_mislukt(worker, gemeente_a, monkeypatch):
    def altijd_kapot(*args, **kwargs):
        raise OSError("kapot")

    monkeypatch.setattr(services, "render_to_pdf", altijd_kapot)
    r = services.vraag_aan(gemeente=gemeente_a, kwartaal=Q2, door=None)
    mislukt = _wacht_tot(r.pk, "mislukt")
    assert mislukt.pogingen == tasks.maak_kwartaalrapportage.max_retries + 1
    assert mislukt.pdf is None and "OSError" in mislukt.foutmelding


def test_afgebroken_taak_wordt_overgenomen(worker, gegevens, gemeente_a):
    # A worker that was killed midway left this row: 'wordt gemaakt', 60%, no PDF, no job.
    r = services.vraag_aan(gemeente=gemeente_a, kwartaal=Q2, door=None, in_wachtrij=False)
    Kwartaalrapportage.objects.filter(pk=r.pk).update(
        voortgang="PDF opmaken", voortgang_pct=60, pogingen=1
    )
    Kwartaalrapportage.objects.filter(pk=r.pk).update(
        aangevraagd_op=r.aangevraagd_op - timedelta(hours=1)
    )
    assert services.herstart_vastgelopen() == 1
    klaar = _wacht_tot(r.pk, "klaar")
    assert (klaar.pk, klaar.versie, klaar.pogingen) == (r.pk, 1, 2)
