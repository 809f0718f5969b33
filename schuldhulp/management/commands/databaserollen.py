"""``manage.py databaserollen``: create or refresh the owner and runtime roles (ADR 0013)."""

from __future__ import annotations

import os
from typing import Any

import dj_database_url
import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from schuldhulp.databaserollen import Rol, RolFout, plan, rol_uit_url, verberg_wachtwoorden


class Command(BaseCommand):
    help = (
        "Maakt of ververst de eigenaarsrol (gebruiker uit DATABASE_MIGRATIE_URL) en de app-rol "
        "(gebruiker uit DATABASE_URL): eigendom van database, tabellen en functies naar de "
        "eigenaar, de app-rol alleen rijen lezen en schrijven, geen TRUNCATE, en op het "
        "verwerkingenlog alleen SELECT en INSERT. Verbindt als beheerder (DATABASE_BEHEER_URL "
        "of --beheer-url, een superuser van dezelfde server). Herhaalbaar."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--beheer-url",
            default=os.environ.get("DATABASE_BEHEER_URL", ""),
            help="URL van een superuser (standaard DATABASE_BEHEER_URL); de databasenaam "
            "komt uit DATABASE_URL.",
        )
        parser.add_argument(
            "--toon",
            action="store_true",
            help="Alleen tonen wat er zou gebeuren (zonder wachtwoorden), niets uitvoeren.",
        )

    def handle(self, *args: Any, beheer_url: str, toon: bool, **opts: Any) -> None:
        if not settings.DATABASE_MIGRATIE_URL:
            raise CommandError("Zet DATABASE_MIGRATIE_URL (de eigenaarsrol, voor migraties).")
        if not beheer_url:
            raise CommandError("Zet DATABASE_BEHEER_URL of geef --beheer-url (een superuser).")
        app_db = settings.DATABASES["default"]
        try:
            eigenaar = rol_uit_url(settings.DATABASE_MIGRATIE_URL)
        except RolFout as fout:
            raise CommandError(str(fout)) from fout
        app = Rol(app_db["USER"], app_db.get("PASSWORD") or None)
        beheer = dj_database_url.parse(beheer_url)
        verbinding = psycopg.connect(
            host=beheer.get("HOST") or None,
            port=beheer.get("PORT") or None,
            user=beheer.get("USER") or None,
            password=beheer.get("PASSWORD") or None,
            dbname=app_db["NAME"],
        )
        with verbinding, verbinding.cursor() as cursor:
            try:
                stappen = plan(cursor, eigenaar, app, app_db["NAME"])
            except RolFout as fout:
                raise CommandError(str(fout)) from fout
            for stap in stappen:
                if toon:
                    self.stdout.write(verberg_wachtwoorden(stap.as_string(verbinding)) + ";")
                else:
                    cursor.execute(stap)
            if toon:
                verbinding.rollback()
                return
        self.stdout.write(
            self.style.SUCCESS(
                f"Rollen ingericht in {app_db['NAME']}: eigenaar {eigenaar.naam}, "
                f"app {app.naam} ({len(stappen)} stappen)."
            )
        )
