"""Sending from the outbox through real SMTP (an aiosmtpd server on a free port): sent once,
retried on temporary failures, mislukt with the reason after the last attempt or a permanent
refusal, and kept wachtend (then queued again) when the broker is down. One end-to-end run
through a real Redis broker and a Celery worker."""

from __future__ import annotations

import os
import time
from datetime import timedelta

import kombu.pools
import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections
from django.utils import timezone

from schuldhulp import mailsink
from schuldhulp.celery import app
from schuldhulp.models import Rol
from tests.bouwers import GebruikerFactory
from tests.bouwers.mail import ontvangen, smtp_opvang, taak_direct
from trajecten.samenwerking import mail, mailtasks
from trajecten.samenwerking.models import Emailbericht, Mailstatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def opvang(settings):
    with smtp_opvang(settings) as controller:
        yield controller


@pytest.fixture
def ontvanger(db):
    return GebruikerFactory(
        username="co_mail", rol=Rol.CONSULENT, first_name="Cora", email="cora@gemeente.example"
    )


def _bericht(gebruiker, **kw) -> Emailbericht:
    return Emailbericht.objects.create(
        gebruiker=gebruiker,
        aan=kw.pop("aan", gebruiker.email),
        onderwerp=kw.pop("onderwerp", "Schuldhulp: dagoverzicht"),
        tekst=kw.pop("tekst", "- Fase: dossier 12\n  http://127.0.0.1:8000/trajecten/12/\n"),
        **kw,
    )


class WeigertEerst(mailsink.Opvanger):
    """Answers the first `keer` messages with a temporary 451, then accepts."""

    def __init__(self, keer: int) -> None:
        super().__init__()
        self.keer = keer

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.keer:
            self.keer -= 1
            return "451 4.3.0 Even niet, probeer het later"
        return await super().handle_DATA(server, session, envelope)


class WeigertAdres(mailsink.Opvanger):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        return "550 5.1.1 Onbekend adres"


def test_schrijven_en_versturen_via_smtp(
    opvang, ontvanger, monkeypatch, django_capture_on_commit_callbacks
):
    """The real path: row → on_commit → task → Django's SMTP backend → the server."""
    ids = taak_direct(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        bericht = mail.schrijf(ontvanger, onderwerp="Schuldhulp: test", tekst="dossier 7")
        assert ids == []  # nothing leaves before the commit
    assert ids == [bericht.pk]
    bericht.refresh_from_db()
    assert bericht.status == Mailstatus.VERZONDEN and bericht.pogingen == 1
    assert bericht.verzonden_op is not None and bericht.fout == ""
    [ontvangen_bericht] = ontvangen(opvang)
    assert ontvangen_bericht["To"] == "cora@gemeente.example"
    assert ontvangen_bericht["Subject"] == "Schuldhulp: test"
    assert f"emailbericht-{bericht.pk}" in ontvangen_bericht["Message-ID"]
    assert ontvangen_bericht.get_content().strip() == "dossier 7"


def test_tweede_aflevering_verstuurt_niet_nog_eens(opvang, ontvanger):
    """A redelivered or requeued task finds the row verzonden and skips it."""
    bericht = _bericht(ontvanger)
    assert mailtasks.verstuur_email.apply(args=[bericht.pk]).get() == "verzonden"
    assert mailtasks.verstuur_email.apply(args=[bericht.pk]).get() == "verzonden"
    assert len(ontvangen(opvang)) == 1
    bericht.refresh_from_db()
    assert bericht.pogingen == 1


def test_server_weg_dan_vijf_pogingen_en_mislukt(settings, ontvanger):
    """Connection refused: retried (eagerly, no back-off sleeping) until the fifth attempt,
    then mislukt with a Dutch reason and the technical error."""
    with smtp_opvang(settings) as controller:
        pass  # started and stopped: the port is closed now
    assert controller.port == settings.EMAIL_PORT
    bericht = _bericht(ontvanger)
    begin = time.monotonic()
    resultaat = mailtasks.verstuur_email.apply(args=[bericht.pk])
    assert time.monotonic() - begin < 10
    assert resultaat.get() == "mislukt"
    bericht.refresh_from_db()
    assert bericht.status == Mailstatus.MISLUKT
    assert bericht.pogingen == mail.MAX_POGINGEN == 5
    assert mail.korte_reden(bericht.fout) == "De mailserver was niet bereikbaar."
    assert "ConnectionRefusedError" in bericht.fout


def test_tijdelijke_weigering_wordt_opnieuw_geprobeerd(settings, ontvanger):
    with smtp_opvang(settings, WeigertEerst(2)) as controller:
        bericht = _bericht(ontvanger)
        assert mailtasks.verstuur_email.apply(args=[bericht.pk]).get() == "verzonden"
        assert len(ontvangen(controller)) == 1
    bericht.refresh_from_db()
    assert bericht.status == Mailstatus.VERZONDEN and bericht.pogingen == 3


def test_een_poging_geeft_een_tijdelijke_fout_aan_de_taak(settings, ontvanger):
    """The service itself: a 4xx is a TijdelijkeFout (the task retries), counted and
    recorded on the row, which stays wachtend."""
    with smtp_opvang(settings, WeigertEerst(1)):
        bericht = _bericht(ontvanger)
        with pytest.raises(mail.TijdelijkeFout, match="code 451"):
            mail.verstuur(bericht.pk)
    bericht.refresh_from_db()
    assert bericht.status == Mailstatus.WACHTEND and bericht.pogingen == 1
    assert "451" in bericht.fout


def test_permanente_weigering_is_meteen_mislukt(settings, ontvanger):
    with smtp_opvang(settings, WeigertAdres()) as controller:
        bericht = _bericht(ontvanger)
        assert mailtasks.verstuur_email.apply(args=[bericht.pk]).get() == "mislukt"
        assert ontvangen(controller) == []
    bericht.refresh_from_db()
    assert bericht.pogingen == 1
    assert mail.korte_reden(bericht.fout) == "De mailserver weigerde het adres van de ontvanger."


def test_zonder_adres_mislukt(opvang, ontvanger):
    bericht = _bericht(ontvanger, aan="")
    assert mail.verstuur(bericht.pk) == "mislukt"
    bericht.refresh_from_db()
    assert mail.korte_reden(bericht.fout) == "De ontvanger heeft geen e-mailadres."
    assert ontvangen(opvang) == []


def _nieuwe_verbindingen() -> None:
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    app.amqp.__dict__.pop("queues", None)


def test_broker_weg_dan_blijft_het_wachtend_en_komt_later_terug(
    ontvanger, monkeypatch, django_capture_on_commit_callbacks, opvang
):
    """Queueing fails (the broker is unreachable): the row stays wachtend, nothing is lost;
    the periodic task queues what is wachtend for longer than OPNIEUW_NA, and it is sent."""
    oud = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url, app.conf.task_always_eager = "redis://127.0.0.1:1/0", False
    _nieuwe_verbindingen()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            bericht = mail.schrijf(ontvanger, onderwerp="Schuldhulp: broker weg", tekst="x")
        assert mail.naar_broker(bericht.pk) is False
    finally:
        app.conf.broker_url, app.conf.task_always_eager = oud
        _nieuwe_verbindingen()
    bericht.refresh_from_db()
    assert bericht.status == Mailstatus.WACHTEND and bericht.pogingen == 0

    ids = taak_direct(monkeypatch)
    assert mail.opnieuw_in_wachtrij() == 0  # too young: a queued task may still come
    assert ids == []
    later = timezone.now() + mail.OPNIEUW_NA + timedelta(seconds=1)
    assert mailtasks.mail_opnieuw_in_wachtrij.apply().get() == 0  # still young at "now"
    assert mail.opnieuw_in_wachtrij(nu=later) == 1
    assert ids == [bericht.pk]
    bericht.refresh_from_db()
    assert bericht.status == Mailstatus.VERZONDEN
    assert [m["Subject"] for m in ontvangen(opvang)] == ["Schuldhulp: broker weg"]
    assert mail.opnieuw_in_wachtrij(nu=later) == 0  # sent: nothing more to queue


# --- Through a real Redis broker and worker ---------------------------------------------------

BROKER = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
WACHTRIJ = f"mail-test-{os.getpid()}"


def _sluit_verbindingen(**_kwargs) -> None:
    connections.close_all()


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_via_redis_en_worker(settings, monkeypatch):
    oud = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url, app.conf.task_always_eager = BROKER, False
    _nieuwe_verbindingen()
    taak = mailtasks.verstuur_email
    monkeypatch.setattr(taak, "delay", lambda *a: taak.apply_async(a, queue=WACHTRIJ))
    task_postrun.connect(_sluit_verbindingen)
    try:
        with (
            smtp_opvang(settings) as controller,
            start_worker(
                app, pool="solo", perform_ping_check=False, loglevel="WARNING", queues=[WACHTRIJ]
            ),
        ):
            gebruiker = GebruikerFactory(username="co_redis", email="co@gemeente.example")
            bericht = mail.schrijf(gebruiker, onderwerp="Schuldhulp: via Redis", tekst="x")
            einde = time.monotonic() + 30
            while time.monotonic() < einde and not ontvangen(controller):
                time.sleep(0.1)
            assert [m["Subject"] for m in ontvangen(controller)] == ["Schuldhulp: via Redis"]
            while time.monotonic() < einde:
                bericht.refresh_from_db()
                if bericht.status == Mailstatus.VERZONDEN:
                    break
                time.sleep(0.1)
            assert bericht.status == Mailstatus.VERZONDEN and bericht.pogingen == 1
    finally:
        task_postrun.disconnect(_sluit_verbindingen)
        app.conf.broker_url, app.conf.task_always_eager = oud
        _nieuwe_verbindingen()


# --- The demo's sink ------------------------------------------------------------------------------


def test_demo_opvang_schrijft_eml_bestanden(settings, tmp_path, ontvanger):
    """What ./dev demo starts without EMAIL_HOST: SMTP to a sink that writes var/mail/*.eml."""
    from schuldhulp import launcher

    omgeving: dict[str, str] = {}
    poort = launcher._mail_naar_opvang(omgeving)
    assert omgeving == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(poort),
    }
    assert launcher._mail_naar_opvang({"EMAIL_HOST": "smtp.gemeente.example"}) is None

    controller = mailsink.start(poort, tmp_path / "mail")
    try:
        settings.EMAIL_BACKEND = omgeving["EMAIL_BACKEND"]
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", poort
        bericht = _bericht(ontvanger, onderwerp="Schuldhulp: demo")
        assert mail.verstuur(bericht.pk) == "verzonden"
    finally:
        controller.stop()
    [bestand] = (tmp_path / "mail").glob("*.eml")
    inhoud = bestand.read_text()
    assert "Subject: Schuldhulp: demo" in inhoud and "To: cora@gemeente.example" in inhoud
