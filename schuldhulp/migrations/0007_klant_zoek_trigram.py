"""Trigram index for the klantenlijst search on name and postcode (issue 8).

The search is ``UPPER(col) LIKE '%deel%'`` (Django's icontains) on achternaam and voornamen,
equality on tussenvoegsel and a prefix on postcode, OR-ed: without an index every search reads
all klanten. A GIN index with pg_trgm serves all four branches (PostgreSQL ORs the bitmaps).

pg_trgm is a contrib extension: the embedded PostgreSQL of ``./dev`` has none, and a managed
database may not let this user create one. Then the migration does nothing and the search
stays a sequential scan (fine for a few thousand klanten; docs/schaal.md). The index is not in
the model state (Django has no conditional indexes): this migration owns it.
"""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)

INDEX = "klant_zoek_trgm_idx"
KOLOMMEN = ("achternaam", "voornamen", "tussenvoegsel", "postcode")


def maak(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            logger.warning("pg_trgm ontbreekt: klant zoeken blijft zonder trigramindex.")
            return
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError:
            logger.warning("pg_trgm mag hier niet worden aangezet: geen trigramindex.")
            return
        kolommen = ", ".join(f"upper({k}) gin_trgm_ops" for k in KOLOMMEN)
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON schuldhulp_klant USING gin ({kolommen})"
        )


def verwijder(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("schuldhulp", "0006_klant_naam_idx")]

    operations = [migrations.RunPython(maak, verwijder)]
