"""A real SMTP server for the mail tests (aiosmtpd, schuldhulp/mailsink.py) with Django's
SMTP backend pointed at it, and a way to run the send task in-process."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from schuldhulp import mailsink


@contextmanager
def smtp_opvang(settings, handler: mailsink.Opvanger | None = None) -> Iterator[Controller]:
    """A sink on a free port; `controller.handler.berichten` are the messages it accepted."""
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd: a line per command
    controller = Controller(
        handler or mailsink.Opvanger(), hostname="127.0.0.1", port=mailsink.vrije_poort()
    )
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    try:
        yield controller
    finally:
        controller.stop()


def ontvangen(controller: Controller) -> list[EmailMessage]:
    return controller.handler.berichten


def taak_direct(monkeypatch) -> list[int]:
    """``verstuur_email.delay`` runs the task in this process (eager, retries included, no
    back-off sleeping); returns the ids handed to it."""
    from trajecten.samenwerking import mailtasks

    ids: list[int] = []

    def delay(bericht_id: int):
        ids.append(bericht_id)
        return mailtasks.verstuur_email.apply(args=[bericht_id])

    monkeypatch.setattr(mailtasks.verstuur_email, "delay", delay)
    return ids
