"""Log filters. No model imports here: logging is configured before the app registry."""

from __future__ import annotations

import logging
import re

from django.core.exceptions import PermissionDenied  # needs no app registry

BSN_PATROON = re.compile(r"(?<!\d)\d{9}(?!\d)")


class GeenBsnFilter(logging.Filter):
    """Masks anything that looks like a BSN (9 digits) in log lines: the message with its
    arguments filled in (whatever their type), and an exception's traceback (a database
    error names the value that broke a constraint: "Key (bsn)=(...) already exists")."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            bericht = record.getMessage()
        except (TypeError, ValueError):  # a broken format string: mask what is there
            bericht = f"{record.msg} {record.args}"
        record.msg, record.args = _masker(bericht), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = _masker(record.exc_text)
        if record.stack_info:
            record.stack_info = _masker(record.stack_info)
        return True


def _masker(tekst: str) -> str:
    return BSN_PATROON.sub("*********", tekst)


class WeigeringZonderTraceback(logging.Filter):
    """django.request logs "Forbidden (Permission denied): /pad/" with the traceback of the
    PermissionDenied: a refusal by the gate is no error. One line instead, with the gate's
    reason (no personal data: the reasons are fixed texts of the catalogue)."""

    def filter(self, record: logging.LogRecord) -> bool:
        fout = record.exc_info[1] if record.exc_info else None
        if isinstance(fout, PermissionDenied):
            reden = str(fout)
            if reden:
                record.msg = f"{record.msg} – %s"
                record.args = (*(record.args or ()), reden)
            record.exc_info = None
            record.exc_text = None
        return True
