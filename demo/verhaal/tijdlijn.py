"""The demo's timeline as if every step was recorded on its own day (issue 20, point 9).

The services demand a reason when a step is recorded after its date, so the demo, which
records 15 months in one go, gives each past step ``DEMO_REDEN``. Shown on every traject that
flooded the timeline with "Later vastgelegd … Demogegevens". Once the story is written, its
events get the registration moment a user would have left (their own date, 09:00 local time)
and lose the reason; real back-dated steps of users keep theirs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection

from trajecten.models import Gebeurtenis


def vastgelegd_op_eigen_datum(reden: str) -> int:
    """Events carrying the demo's own `reden`: registered on their date. Returns how many."""
    tabel = connection.ops.quote_name(Gebeurtenis._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {tabel} SET geregistreerd_op = (datum + TIME '09:00') AT TIME ZONE %s, "
            "reden_terugdatering = '' WHERE reden_terugdatering = %s",
            [settings.TIME_ZONE, reden],
        )
        return cursor.rowcount
