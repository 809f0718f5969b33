"""Bulk loading the way PostgreSQL likes it: for the duration of ``genereer`` the session does
not wait for the WAL flush, skips the triggers and foreign-key checks, and the secondary
indexes of the tables it fills are dropped and built once afterwards.

Why: at 50,000 trajecten the server spent most of the run on work per row that a bulk load
does not need: the deferred foreign-key checks at each commit (one index probe per row and
reference, ~3 per row over 1.7 million rows), keeping ~60 secondary indexes up to date row by
row, and the trigger that keeps ``Werkvoorraadteller`` (ADR 0018). The generator makes its ids
itself and refers only to rows it wrote or read, so the checks would not find anything; the
counters and the stored urgency are recomputed in one go by the daily job that
``_na_het_laden`` runs (``urgentie.herstel``). Building an index over a full table is a sort,
many times cheaper than as many inserts into a B-tree.

Unique indexes and primary keys stay: they still guard the ids and keys the generator makes.
Skipping triggers (``session_replication_role = replica``) needs a superuser; without that
right the load runs with them (slower, same data).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection, transaction

# Higher than the server's default (64 MB) so each index build sorts in memory.
INDEX_GEHEUGEN = "1GB"

_SECUNDAIRE_INDEXEN = """
    SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
    FROM pg_index i
    WHERE i.indrelid = ANY(%s::regclass[])
      AND NOT i.indisunique AND NOT i.indisprimary
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
    ORDER BY 1
"""


def tabellen() -> list[str]:
    """The tables the generator fills in bulk (the rest is small or written via the ORM)."""
    from klantplan import models as kp
    from schuldhulp.models import Klant
    from trajecten import models as tm
    from trajecten.vroegsignalering import models as vs

    modellen = [
        Klant,
        tm.Traject,
        tm.Gebeurtenis,
        tm.Product,
        tm.Crisisinterventie,
        tm.Moratorium,
        tm.Normbewaking,
        tm.Opschorting,
        tm.Signalering,
        kp.Schuld,
        kp.Klacht,
        kp.Klantplan,
        kp.Doel,
        kp.Actie,
        vs.Signaalzaak,
        vs.Vroegsignaal,
        vs.Contactpoging,
    ]
    return [m._meta.db_table for m in modellen]


def _zonder_triggers(cursor) -> bool:
    """Triggers and foreign-key checks off for this session, if the role may."""
    try:
        with transaction.atomic():
            cursor.execute("SET session_replication_role = replica")
    except DatabaseError:
        return False
    return True


def _controles_nu(cursor) -> None:
    """Inside an open transaction (tests): run the deferred foreign-key checks that are
    still pending, since PostgreSQL builds no index on a table with pending trigger events;
    later checks stay deferred as Django expects."""
    if connection.in_atomic_block:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@contextmanager
def snel_laden(melding: Callable[[str], None] = print) -> Iterator[None]:
    """Session settings and index drop for a bulk load; on the way out (also after an
    error) the indexes are built again and the session is reset."""
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = %s", [INDEX_GEHEUGEN])
        _controles_nu(cursor)
        zonder = _zonder_triggers(cursor)
        cursor.execute(_SECUNDAIRE_INDEXEN, [tabellen()])
        indexen = cursor.fetchall()
        for naam, _ in indexen:
            cursor.execute(f"DROP INDEX {naam}")
    melding(
        f"Laden: {len(indexen)} indexen uit"
        + (", triggers en FK-controles uit" if zonder else " (triggers blijven aan: geen recht)")
    )
    try:
        yield
    finally:
        begin = time.monotonic()
        with connection.cursor() as cursor:
            if zonder:
                cursor.execute("RESET session_replication_role")
            _controles_nu(cursor)
            for _, definitie in indexen:
                cursor.execute(definitie)
            cursor.execute("RESET maintenance_work_mem")
            cursor.execute("RESET synchronous_commit")
        melding(f"Indexen opgebouwd in {time.monotonic() - begin:.0f} s")
