"""Broker down, broker killed, worker killed (issue 17, point 8; ADR 0016).

- Redis unreachable when a report is asked for: no 500, the page says "staat in de wachtrij,
  we proberen het opnieuw", and the report can be retried or cancelled in the browser; a task
  that still comes for a cancelled report leaves it alone.
- A real redis-server of this test, killed with SIGKILL (its queue gone) and started again:
  the asked-for reports wait, the beat job puts both back in line.
- A real worker process killed with SIGKILL in the middle of a report (at "PDF opmaken", 60%):
  the report is not left hanging; the beat job puts it back and a new worker finishes it.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
import time_machine
from celery import Celery
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from rapportage import services
from rapportage import tasks as rapporttaken
from rapportage.kwartalen import Kwartaal
from rapportage.models import Kwartaalrapportage
from schuldhulp import wachtrij
from schuldhulp.celery import app as schuldhulp_app
from schuldhulp.permissions import mag
from tests.bouwers.celery import REDIS, broker_weg, wacht_tot  # noqa: F401 (fixture)

ROOT = Path(settings.BASE_DIR)
KWARTAAL = "2026-2"


def _aanvragen(client, gemeente, kwartaal: str = KWARTAAL):
    return client.post(
        reverse("rapportage_aanvragen"), {"gemeente": gemeente.pk, "kwartaal": kwartaal}
    )


def test_de_poort_kent_opnieuw_proberen_en_annuleren(gemeente_a, contractmanager_a, regisseur_a):
    r = services.vraag_aan(
        gemeente=gemeente_a, kwartaal=Kwartaal.lees(KWARTAAL), door=None, in_wachtrij=False
    )
    for stap in ("rapportage.opnieuw_proberen", "rapportage.annuleren"):
        assert mag(contractmanager_a, stap, r) is None
        assert "contractmanagers en beheerders" in mag(regisseur_a, stap, r)
    r.status = "mislukt"
    assert "niet meer gemaakt" in mag(contractmanager_a, "rapportage.annuleren", r)


@pytest.mark.django_db(transaction=True)
def test_broker_dicht_melding_opnieuw_proberen_en_annuleren(
    client,
    contractmanager_a,
    gemeente_a,
    broker_weg,  # noqa: F811
):
    client.force_login(contractmanager_a)
    antwoord = _aanvragen(client, gemeente_a)
    assert antwoord.status_code == 302  # not a 500
    r = Kwartaalrapportage.objects.get()
    assert r.status == "wordt_gemaakt" and r.voortgang == wachtrij.IN_DE_WACHTRIJ
    html = client.get(antwoord.url).content.decode()
    assert "staat in de wachtrij, we proberen het opnieuw" in html  # the message
    assert "Opnieuw proberen" in html and "Annuleren" in html  # the buttons of the gate

    # Retry while the broker is still down: the same friendly answer, nothing lost.
    antwoord = client.post(reverse("rapportage_opnieuw_proberen", args=[r.pk]), follow=True)
    assert antwoord.status_code == 200
    assert "staat in de wachtrij, we proberen het opnieuw" in antwoord.content.decode()

    # Cancel: final. A task that still comes (the beat job, a late message) leaves it alone.
    antwoord = client.post(reverse("rapportage_annuleren", args=[r.pk]), follow=True)
    assert "De rapportage is geannuleerd" in antwoord.content.decode()
    r.refresh_from_db()
    assert r.status == "geannuleerd" and "Geannuleerd door" in r.foutmelding
    assert services.maak(rapportage_id=r.pk).status == "geannuleerd"
    r.refresh_from_db()
    assert r.status == "geannuleerd" and r.pdf is None
    assert services.herstart_vastgelopen(ouder_dan=timedelta(0)) == 0
    # And a new one can be asked for.
    assert _aanvragen(client, gemeente_a).status_code == 302
    assert Kwartaalrapportage.objects.filter(status="wordt_gemaakt", versie=2).exists()


# --- A real redis-server, killed -----------------------------------------------------------------

EIGEN_POORT = 6390


def _poort_open(poort: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", poort)) == 0


@pytest.fixture
def eigen_redis(tmp_path):
    """A redis-server of this test only (no persistence: killing it loses its queue)."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server ontbreekt (scripts/bootstrap.sh installeert het)")
    if _poort_open(EIGEN_POORT):
        pytest.skip(f"poort {EIGEN_POORT} is al in gebruik")
    processen: list[subprocess.Popen] = []

    def start() -> None:
        processen.append(
            subprocess.Popen(
                ["redis-server", "--port", str(EIGEN_POORT), "--save", "", "--appendonly", "no"],
                cwd=tmp_path,
                stdout=subprocess.DEVNULL,
            )
        )
        wacht_tot(lambda: _poort_open(EIGEN_POORT), timeout=10)

    def dood() -> None:
        processen[-1].send_signal(signal.SIGKILL)
        processen[-1].wait()

    start()
    try:
        yield start, dood
    finally:
        for p in processen:
            if p.poll() is None:
                p.kill()
                p.wait()


@pytest.fixture
def app_op_eigen_redis(eigen_redis):
    app = Celery("eigen-redis", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(broker_url=f"redis://127.0.0.1:{EIGEN_POORT}/0", task_default_queue="test")
    app.set_current()
    try:
        yield app
    finally:
        schuldhulp_app.set_current()
        schuldhulp_app.set_default()


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_echte_broker_gedood_en_weer_gestart(
    client, contractmanager_a, gemeente_a, eigen_redis, app_op_eigen_redis
):
    start, dood = eigen_redis
    wachtrij_lengte = redis.Redis(port=EIGEN_POORT).llen
    client.force_login(contractmanager_a)
    assert _aanvragen(client, gemeente_a, "2026-2").status_code == 302
    assert wachtrij_lengte("test") == 1  # handed over

    dood()  # SIGKILL: the broker and its queue are gone
    begin = time.monotonic()
    antwoord = _aanvragen(client, gemeente_a, "2026-3")
    assert antwoord.status_code == 302 and time.monotonic() - begin < 15
    html = client.get(antwoord.url).content.decode()
    assert "staat in de wachtrij, we proberen het opnieuw" in html
    assert set(Kwartaalrapportage.objects.values_list("status", flat=True)) == {"wordt_gemaakt"}

    start()  # back, empty: the first message was lost with it
    assert wachtrij_lengte("test") == 0
    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=True):
        assert rapporttaken.herstart_vastgelopen() == 2  # the beat job
    assert wachtrij_lengte("test") == 2


# --- A real worker process, killed -------------------------------------------------------------


def _database_url() -> str:
    d = connection.settings_dict
    wachtwoord = f":{d['PASSWORD']}" if d.get("PASSWORD") else ""
    host = d["HOST"] or "127.0.0.1"
    if host.startswith("/"):  # a unix socket (the embedded PostgreSQL of ./dev test): encoded
        adres = quote(host, safe="") + (f":{d['PORT']}" if d.get("PORT") else "")
    else:
        adres = f"{host}:{d['PORT'] or 5432}"
    return f"postgres://{d['USER']}{wachtwoord}@{adres}/{d['NAME']}"


CELERY_WORKER = [
    str(ROOT / ".venv/bin/celery"),
    *("-A", "schuldhulp", "worker", "-c", "1", "-P", "prefork", "-l", "WARNING"),
    *("--without-mingle", "--without-gossip"),
]


def _worker(wachtrijnaam: str, tmp_path: Path) -> subprocess.Popen:
    """`celery worker` as production runs it (prefork, one process), on the test database and
    the test Redis, listening to this test's queue only; its own process group."""
    omgeving = os.environ | {
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS,
        "SCHULDHULP_DATA_DIR": str(tmp_path),
    }
    omgeving.pop("DATABASE_TEST_NAME", None)
    return subprocess.Popen(
        [*CELERY_WORKER, "-Q", wachtrijnaam],
        cwd=ROOT,
        env=omgeving,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "worker.log", "ab"),
    )


def _stop(worker: subprocess.Popen, sig: int) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
        worker.wait(timeout=60)


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_worker_met_sigkill_gedood_midden_in_een_rapportage(
    gemeente_a, celery_app_op_redis, tmp_path
):
    r = services.vraag_aan(
        gemeente=gemeente_a, kwartaal=Kwartaal.lees(KWARTAAL), door=None, in_wachtrij=False
    )
    wachtrijnaam = celery_app_op_redis.conf.task_default_queue
    celery_app_op_redis.set_current()
    worker = _worker(wachtrijnaam, tmp_path)
    try:
        assert wachtrij.naar_broker(rapporttaken.maak_kwartaalrapportage, r.pk)

        def voortgang() -> int:
            return Kwartaalrapportage.objects.get(pk=r.pk).voortgang_pct

        wacht_tot(lambda: voortgang() >= 60, timeout=180)
        _stop(worker, signal.SIGKILL)  # the whole worker, mid-PDF: nobody acknowledges
        r.refresh_from_db()
        assert r.status == "wordt_gemaakt" and r.voortgang_pct == 60, (r.status, r.voortgang)

        # A new worker; the beat job (15 minutes later) puts the report back in line, and
        # the task takes the row over and finishes it.
        worker = _worker(wachtrijnaam, tmp_path)
        with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=True):
            assert rapporttaken.herstart_vastgelopen() == 1
        wacht_tot(lambda: Kwartaalrapportage.objects.get(pk=r.pk).status == "klaar", timeout=240)
        r.refresh_from_db()
        assert r.pogingen == 2 and r.checksum and r.voortgang_pct == 100
    finally:
        _stop(worker, signal.SIGTERM)
