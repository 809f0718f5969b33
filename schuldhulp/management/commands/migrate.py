"""``manage.py migrate`` as the owner role when ``DATABASE_MIGRATIE_URL`` is set (ADR 0013).

The app itself connects as a runtime role that owns nothing and cannot change the schema.
Migrating connects the default database with the owner's credentials instead (the database
name stays that of ``DATABASE_URL``, so test databases work), runs Django's migrate, and then
refreshes the runtime role's privileges on what the migrations created. Without the setting
this is Django's migrate, unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import dj_database_url
from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from schuldhulp.databaserollen import rechten

OVERGENOMEN = ("USER", "PASSWORD", "HOST", "PORT")


@contextmanager
def als_eigenaar(connection: BaseDatabaseWrapper, url: str) -> Iterator[str]:
    """Connect ``connection`` with the credentials from ``url``; yields the owner's name."""
    eigenaar = dj_database_url.parse(url)
    instellingen = connection.settings_dict
    oud = {sleutel: instellingen[sleutel] for sleutel in (*OVERGENOMEN, "OPTIONS")}
    connection.close()
    instellingen.update({sleutel: eigenaar[sleutel] for sleutel in OVERGENOMEN})
    instellingen["OPTIONS"] = {**oud["OPTIONS"], **eigenaar.get("OPTIONS", {})}
    try:
        yield eigenaar["USER"]
    finally:
        connection.close()
        instellingen.update(oud)


class Command(DjangoMigrate):
    help = (
        DjangoMigrate.help
        + " Met DATABASE_MIGRATIE_URL als de eigenaarsrol; daarna worden de rechten van de "
        "app-rol (DATABASE_URL) ververst."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        url = getattr(settings, "DATABASE_MIGRATIE_URL", "")
        if not url or options["database"] != DEFAULT_DB_ALIAS:
            super().handle(*args, **options)
            return
        connection = connections[DEFAULT_DB_ALIAS]
        app = connection.settings_dict["USER"]
        with als_eigenaar(connection, url) as eigenaar:
            super().handle(*args, **options)
            if eigenaar == app:
                return
            with transaction.atomic(using=DEFAULT_DB_ALIAS), connection.cursor() as cursor:
                for stap in rechten(cursor, eigenaar, app):
                    cursor.execute(stap.as_string(connection.connection))
        if options["verbosity"] >= 1:
            self.stdout.write(f"Rechten van de app-rol {app} ververst (eigenaar {eigenaar}).")
