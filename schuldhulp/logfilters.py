"""Log filters. No model imports here: logging is configured before the app registry."""

from __future__ import annotations

import logging
import re

BSN_PATROON = re.compile(r"(?<!\d)\d{9}(?!\d)")


class GeenBsnFilter(logging.Filter):
    """Masks anything that looks like a BSN (9 digits) in log messages and arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = BSN_PATROON.sub("*********", str(record.msg))
        if isinstance(record.args, dict):  # "%(name)s" style (Celery's task log lines)
            record.args = {
                k: BSN_PATROON.sub("*********", a) if isinstance(a, str) else a
                for k, a in record.args.items()
            }
        elif record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(
                BSN_PATROON.sub("*********", a) if isinstance(a, str) else a for a in args
            )
        return True
