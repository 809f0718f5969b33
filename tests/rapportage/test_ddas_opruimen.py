"""Uploaded DDAS files (BSNs) are removed by a daily beat job, not only when someone uploads
again (issue 17)."""

from __future__ import annotations

import os
import time
from datetime import timedelta

from rapportage import tasks
from rapportage.ddas import importer
from schuldhulp.celery import BEAT_SCHEDULE
from schuldhulp.celery import app as schuldhulp_app


def _verouder(pad, dagen: float) -> None:
    oud = time.time() - timedelta(days=dagen).total_seconds()
    os.utime(pad, (oud, oud))


def test_beat_ruimt_dagelijks_op():
    schuldhulp_app.loader.import_default_modules()
    regel = BEAT_SCHEDULE["ddas-uploads-opruimen"]
    assert regel["task"] == tasks.ddas_uploads_opruimen.name
    assert regel["task"] in schuldhulp_app.tasks
    schema = regel["schedule"]  # every day of the week, once
    assert len(schema.day_of_week) == 7 and len(schema.hour) == 1 and len(schema.minute) == 1


def test_taak_ruimt_oude_bestanden_op_zonder_nieuwe_upload(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    oud = importer.bewaar(b'{"oud": 1}')
    nieuw = importer.bewaar(b'{"nieuw": 1}')
    map_ = importer.importmap()
    _verouder(map_ / f"{oud}.json", 31)
    afgebroken = map_ / "tmpabc.deel"  # an upload that broke off halfway
    afgebroken.write_bytes(b'{"bsn": "1234')
    _verouder(afgebroken, 1)
    bezig = map_ / "tmpdef.deel"  # an upload being written right now
    bezig.write_bytes(b"{")

    assert tasks.ddas_uploads_opruimen.apply().get() == 2
    assert sorted(p.name for p in map_.iterdir()) == sorted([f"{nieuw}.json", "tmpdef.deel"])
    assert tasks.ddas_uploads_opruimen.apply().get() == 0
