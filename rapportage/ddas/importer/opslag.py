"""Uploaded files, kept under ``DATA_DIR / "ddas-imports"`` named by their sha256 (no models).

They hold BSNs, so they are readable by the app user only and removed after 30 days by a
daily beat job (whether or not anyone uploads again).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings

from rapportage.ddas.importer.lezen import OngeldigBestand

BEWAARTERMIJN = timedelta(days=30)
DEEL_TERMIJN = timedelta(hours=1)  # an upload being written is younger than this
IMPORTMAP = "ddas-imports"
_SHA = re.compile(r"^[0-9a-f]{64}$")


def importmap() -> Path:
    return Path(settings.DATA_DIR) / IMPORTMAP


def bewaar(inhoud: bytes) -> str:
    """Store an upload atomically, readable by the app user only; returns its sha256."""
    sha = hashlib.sha256(inhoud).hexdigest()
    map_ = importmap()
    map_.mkdir(parents=True, exist_ok=True, mode=0o700)
    doel = map_ / f"{sha}.json"
    if doel.exists():
        os.utime(doel)  # uploaded again: the 30 days start again
    else:
        fd, tijdelijk = tempfile.mkstemp(dir=map_, suffix=".deel")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(inhoud)
            os.chmod(tijdelijk, 0o600)
            os.replace(tijdelijk, doel)
        except BaseException:
            Path(tijdelijk).unlink(missing_ok=True)
            raise
    ruim_op()
    return sha


def laad(sha: str) -> bytes:
    if not _SHA.match(sha or ""):
        raise OngeldigBestand("Onbekend bestand.")
    try:
        return (importmap() / f"{sha}.json").read_bytes()
    except FileNotFoundError as exc:
        raise OngeldigBestand(
            "Dit bestand is niet meer beschikbaar (bestanden worden na 30 dagen verwijderd). "
            "Upload het opnieuw."
        ) from exc


def ruim_op(*, termijn: timedelta = BEWAARTERMIJN) -> int:
    """Remove stored uploads older than `termijn` (they contain BSNs), and the parts of an
    upload that broke off (``*.deel``) after an hour. Daily from Celery beat
    (``rapportage.tasks.ddas_uploads_opruimen``) and after each upload."""
    nu = time.time()
    weg = 0
    for patroon, grens in (("*.json", termijn), ("*.deel", DEEL_TERMIJN)):
        for pad in importmap().glob(patroon):
            if pad.stat().st_mtime < nu - grens.total_seconds():
                pad.unlink(missing_ok=True)
                weg += 1
    return weg
