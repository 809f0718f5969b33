"""The Celery app. The periodic schedule lives in one place: ``BEAT_SCHEDULE`` below."""

from __future__ import annotations

import logging
import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import after_setup_logger, after_setup_task_logger

from schuldhulp.logfilters import GeenBsnFilter

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schuldhulp.settings")

app = Celery("schuldhulp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Task modules not named tasks.py (autodiscovery looks for that name only).
app.autodiscover_tasks(["klantplan.schuldregeling"], related_name="toetstaak")


@after_setup_logger.connect
@after_setup_task_logger.connect
def geen_bsn_in_celerylog(logger: logging.Logger, **_kwargs) -> None:
    """The worker and beat install their own log handlers (not the project's LOGGING): those
    mask BSNs too (issue 17)."""
    for handler in logger.handlers:
        if not any(isinstance(f, GeenBsnFilter) for f in handler.filters):
            handler.addFilter(GeenBsnFilter())


BEAT_SCHEDULE: dict[str, dict] = {
    "pakketafspraken-dagelijks": {  # before the norm watch: it reads the new split
        "task": "trajecten.pakket.tasks.afspraken_bijwerken",
        "schedule": crontab(hour=0, minute=10),
    },
    "normbewaking-dagelijks": {
        "task": "trajecten.tasks.dagelijkse_normbewaking",
        "schedule": crontab(hour=5, minute=30),
    },
    # The contractmanager's dashboard (rapportage/dashboard.py, ADR 0025): today's figures
    # computed once at night, after the norm watch (it sets the clocks the norms count) and
    # the other morning jobs, so the day's first visit is served from the cache.
    "dashboard-vullen": {
        "task": "rapportage.tasks.dashboard_vullen",
        "schedule": crontab(hour=6, minute=30),
    },
    "overdrachten-dagelijks": {  # open warme overdrachten that dreigen or are overdue
        "task": "trajecten.samenwerking.tasks.dagelijkse_overdrachtbewaking",
        "schedule": crontab(hour=5, minute=35),
    },
    "bewaartermijn-wekelijks": {
        "task": "trajecten.bewaartermijn.bewaartermijn_toepassen",
        "schedule": crontab(hour=2, minute=0, day_of_week="sunday"),
    },
    # The verwerkingenlog's own term (schuldhulp/logbewaring.py, ADR 0011); after the
    # dossiers' retention, so a dossier anonymised tonight no longer holds its rows back.
    "verwerkingenlog-bewaartermijn": {
        "task": "schuldhulp.logbewaring.verwerkingenlog_opschonen",
        "schedule": crontab(hour=3, minute=0, day_of_week="sunday"),
    },
    "vroegsignalering-klokken": {
        "task": "trajecten.vroegsignalering.tasks.ververs_klokken",
        "schedule": crontab(hour=5, minute=40),
    },
    "vroegsignalering-bewaartermijn": {
        "task": "trajecten.vroegsignalering.tasks.anonimiseer",
        "schedule": crontab(hour=2, minute=30),
    },
    # Schuldregeling (klantplan.schuldregeling.herinneringen): reminders to creditors whose
    # answer term passed, then "geen reactie"; working days, before the day's print batch.
    "schuldregeling-herinneringen": {
        "task": "klantplan.schuldregeling.tasks.herinneringen_versturen",
        "schedule": crontab(hour=6, minute=10, day_of_week="mon-fri"),
    },
    # Schuldregeling (klantplan.schuldregeling.toetstaak): a signalering when a running
    # regeling's tussentijdse toets (every 6 months) falls due; idempotent, catches up.
    "schuldregeling-tussentijdse-toets": {
        "task": "klantplan.schuldregeling.toetstaak.tussentijdse_toetsen",
        "schedule": crontab(hour=5, minute=45),
    },
    # Uploaded DDAS files hold BSNs: gone after 30 days, also when nobody uploads again.
    "ddas-uploads-opruimen": {
        "task": "rapportage.tasks.ddas_uploads_opruimen",
        "schedule": crontab(hour=2, minute=45),
    },
    "specificaties": {  # invoicing on realisation: last month's specificatie per gemeente
        "task": "rapportage.facturatie.tasks.maak_specificaties",
        "schedule": crontab(hour=6, minute=20, day_of_month=1),
    },
    "kwartaalrapportages": {  # the previous quarter, on the first day of each quarter
        "task": "rapportage.tasks.maak_kwartaalrapportages",
        "schedule": crontab(hour=6, minute=0, day_of_month=1, month_of_year="1,4,7,10"),
    },
    # Outgoing e-mail (trajecten.samenwerking.mail): the daily digest after the norm watch
    # made its signaleringen, and the outbox's safety net for a broker outage.
    "dagoverzicht-werkdagen": {
        "task": "trajecten.samenwerking.mailtasks.dagoverzichten",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon-fri"),
    },
    # Broker down or a worker killed (schuldhulp/wachtrij.py): rows that waited too long for
    # their task are put back in line.
    "rapportages-opnieuw-in-wachtrij": {
        "task": "rapportage.tasks.herstart_vastgelopen",
        "schedule": crontab(minute="*/10"),
    },
    "signalenlijsten-opnieuw-in-wachtrij": {
        "task": "trajecten.vroegsignalering.tasks.herstart_vastgelopen",
        "schedule": crontab(minute="*/10"),
    },
    "mail-opnieuw-in-wachtrij": {
        "task": "trajecten.samenwerking.mailtasks.mail_opnieuw_in_wachtrij",
        "schedule": crontab(minute="*/5"),
    },
}
app.conf.beat_schedule = BEAT_SCHEDULE
