"""Bulk writes: how many rows go to the database per round trip, and COPY inserts."""

from __future__ import annotations

from django.db import connection

from trajecten.vroegsignalering.models import Signaalzaak, Vroegsignaal

BATCH_GROOTTE = 2000


def voeg_in(model: type[Signaalzaak] | type[Vroegsignaal], objecten: list) -> None:
    """Insert new rows with PostgreSQL COPY: a 50,000-row list in seconds instead of the
    half minute of bulk_create. The ids are taken from the table's own sequence first, so
    later rows can refer to them. Call inside the transaction; errors are Django's."""
    if not objecten:
        return
    tabel = model._meta.db_table
    # A generated column (Signaalzaak.klokvolgorde) is PostgreSQL's to fill; COPY refuses it.
    velden = [f for f in model._meta.concrete_fields if not f.generated]
    kolommen = ", ".join(connection.ops.quote_name(f.column) for f in velden)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [tabel, len(objecten)],
        )
        for obj, (pk,) in zip(objecten, cursor.fetchall(), strict=True):
            obj.pk = pk
        sql = f"COPY {connection.ops.quote_name(tabel)} ({kolommen}) FROM STDIN"
        with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
            for obj in objecten:
                # pre_save fills auto_now(_add) timestamps, as save() would.
                copy.write_row([f.pre_save(obj, True) for f in velden])
    for obj in objecten:
        obj._state.adding = False
        obj._state.db = connection.alias
