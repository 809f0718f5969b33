"""The app's database role cannot get around the append-only verwerkingenlog (issue 17, point 3;
ADR 0013).

The module fixture sets up two fresh roles (unique names: roles are cluster-wide) on this
worker's test database exactly as ``manage.py databaserollen`` does, and gives everything back
to the test user and drops both roles afterwards. As the runtime role: TRUNCATE, DISABLE
TRIGGER, ``session_replication_role``, UPDATE and DELETE on the log and other ways around it
fail on privileges; the app itself (a Django process with that role) writes and reads the log
and other tables. As the owner role: the TRUNCATE trigger still refuses.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from django.db import DatabaseError, connection, transaction
from psycopg import errors, sql

from schuldhulp.databaserollen import Rol, RolFout, controleer, plan

BASE_DIR = Path(__file__).resolve().parents[2]
LOG = "schuldhulp_auditregel"


@dataclass(frozen=True)
class Omgeving:
    eigenaar: Rol
    app: Rol
    parameters: dict[str, Any]

    def verbind(self, rol: Rol) -> psycopg.Connection:
        return psycopg.connect(**{**self.parameters, "user": rol.naam, "password": rol.wachtwoord})

    def url(self, rol: Rol) -> str:
        p = self.parameters
        host = quote(p["host"] or "", safe="")
        poort = f":{p['port']}" if p["port"] else ""
        return f"postgres://{rol.naam}:{rol.wachtwoord}@{host}{poort}/{p['dbname']}"

    def manage(self, *args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_MIGRATIE_URL"}
        env.update({"DJANGO_SETTINGS_MODULE": "schuldhulp.settings"})
        env.update({"DATABASE_URL": self.url(self.app), **extra_env})
        return subprocess.run(
            [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True
        )


def _parameters() -> dict[str, Any]:
    instellingen = connection.settings_dict
    return {
        "host": instellingen["HOST"] or None,
        "port": instellingen["PORT"] or None,
        "user": instellingen["USER"] or None,
        "password": instellingen["PASSWORD"] or None,
        "dbname": instellingen["NAME"],
    }


def _ruim_op(beheer: psycopg.Connection, ik: str, *rollen: Rol) -> None:
    with beheer.transaction():
        for rol in rollen:
            if beheer.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [rol.naam]).fetchone():
                naam = sql.Identifier(rol.naam)
                beheer.execute(
                    sql.SQL("REASSIGN OWNED BY {} TO {}").format(naam, sql.Identifier(ik))
                )
                beheer.execute(sql.SQL("DROP OWNED BY {}").format(naam))
        for rol in rollen:
            beheer.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(rol.naam)))


@pytest.fixture(scope="module")
def rollen(django_db_setup: None, django_db_blocker: Any) -> Iterator[Omgeving]:
    with django_db_blocker.unblock():
        connection.close()  # no session of this worker holds a lock while ownership moves
    parameters = _parameters()
    beheer = psycopg.connect(**parameters, autocommit=True)
    ik, superuser, createrole = beheer.execute(
        "SELECT rolname, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user"
    ).fetchone()
    if not (superuser or createrole):
        beheer.close()
        pytest.skip(
            f"De testgebruiker {ik} mag geen rollen maken (geen SUPERUSER of CREATEROLE): "
            "de proef met de app-rol kan op deze database niet draaien."
        )
    kenmerk = uuid.uuid4().hex[:10]
    omgeving = Omgeving(
        eigenaar=Rol(f"sh_test_eigenaar_{kenmerk}", secrets.token_urlsafe(18)),
        app=Rol(f"sh_test_app_{kenmerk}", secrets.token_urlsafe(18)),
        parameters=parameters,
    )
    try:
        with beheer.transaction(), beheer.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '30s'")
            stappen = plan(cursor, omgeving.eigenaar, omgeving.app, parameters["dbname"])
            for stap in stappen:
                cursor.execute(stap)
                if not superuser and stap.as_string(beheer).startswith("CREATE ROLE"):
                    # Without superuser, handing objects to a role needs membership of it.
                    cursor.execute(
                        sql.SQL("GRANT {} TO CURRENT_USER").format(
                            sql.Identifier(omgeving.eigenaar.naam)
                        )
                    )
        yield omgeving
    finally:
        _ruim_op(beheer, ik, omgeving.app, omgeving.eigenaar)
        beheer.close()


POGINGEN = {
    "truncate": f"TRUNCATE {LOG}",
    "truncate-cascade": "TRUNCATE schuldhulp_gebruiker CASCADE",
    "truncate-andere-tabel": "TRUNCATE schuldhulp_klant",
    "disable-trigger": f"ALTER TABLE {LOG} DISABLE TRIGGER auditregel_alleen_toevoegen",
    "disable-trigger-all": f"ALTER TABLE {LOG} DISABLE TRIGGER ALL",
    "drop-trigger": f"DROP TRIGGER auditregel_alleen_toevoegen ON {LOG}",
    "replica": "SET session_replication_role = replica",
    "replica-lokaal": "SET LOCAL session_replication_role = replica",
    "update": f"UPDATE {LOG} SET omschrijving = ''",
    "delete": f"DELETE FROM {LOG}",
    "triggerfunctie-vervangen": (
        "CREATE OR REPLACE FUNCTION schuldhulp_auditregel_alleen_toevoegen() RETURNS trigger "
        "AS $$ BEGIN RETURN OLD; END; $$ LANGUAGE plpgsql"
    ),
    "drop-table": f"DROP TABLE {LOG}",
    "eigen-tabel": "CREATE TABLE public.sh_omweg (id int)",
    "eigenaar-worden": f"ALTER TABLE {LOG} OWNER TO CURRENT_USER",
}


@pytest.mark.parametrize("opdracht", POGINGEN.values(), ids=POGINGEN.keys())
def test_app_rol_kan_de_log_niet_omzeilen(rollen: Omgeving, opdracht: str) -> None:
    with rollen.verbind(rollen.app) as verbinding:
        with pytest.raises(errors.InsufficientPrivilege):
            verbinding.execute(opdracht)
        verbinding.rollback()


def test_app_rol_mag_zijn_eigen_rechten_niet_verruimen(rollen: Omgeving) -> None:
    with rollen.verbind(rollen.app) as verbinding:
        for opdracht in (
            sql.SQL("ALTER ROLE {} SUPERUSER"),
            sql.SQL("ALTER ROLE {} BYPASSRLS"),
            sql.SQL("GRANT {} TO {}"),
        ):
            namen = [sql.Identifier(rollen.eigenaar.naam), sql.Identifier(rollen.app.naam)]
            if "GRANT" not in opdracht.as_string(verbinding):
                namen = namen[1:]
            with pytest.raises(errors.InsufficientPrivilege):
                verbinding.execute(opdracht.format(*namen))
            verbinding.rollback()


def test_app_rol_bezit_niets_en_heeft_alleen_rijrechten(rollen: Omgeving) -> None:
    with rollen.verbind(rollen.eigenaar) as verbinding:
        app = rollen.app.naam
        rol = verbinding.execute(
            "SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, "
            "pg_has_role(%s, %s, 'MEMBER') FROM pg_roles WHERE rolname = %s",
            [app, rollen.eigenaar.naam, app],
        ).fetchone()
        assert rol == (False, False, False, False, False)
        tabellen = verbinding.execute(
            """
            SELECT c.relname, pg_get_userbyid(c.relowner),
                   has_table_privilege(%s, c.oid, 'SELECT'),
                   has_table_privilege(%s, c.oid, 'INSERT'),
                   has_table_privilege(%s, c.oid, 'UPDATE'),
                   has_table_privilege(%s, c.oid, 'DELETE'),
                   has_table_privilege(%s, c.oid, 'TRUNCATE'),
                   has_table_privilege(%s, c.oid, 'TRIGGER')
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
            """,
            [app] * 6,
        ).fetchall()
    assert len(tabellen) > 50
    for naam, eigenaar, lezen, toevoegen, wijzigen, verwijderen, leeg, trigger in tabellen:
        assert eigenaar == rollen.eigenaar.naam, naam
        assert (lezen, toevoegen, leeg, trigger) == (True, True, False, False), naam
        assert (wijzigen, verwijderen) == ((False, False) if naam == LOG else (True, True)), naam


APP_WERK = """
import json, django
django.setup()
from django.db import DatabaseError, connection, transaction
from schuldhulp import audit
from schuldhulp.models import Auditregel, Gebruiker

uitkomst = {}
with transaction.atomic():
    gebruiker = Gebruiker.objects.create_user(username="rollenproef", password=None)
    gebruiker.first_name = "Proef"
    gebruiker.save()
    regel = audit.inloggen_mislukt(request=None, gebruikersnaam="rollenproef")
    uitkomst["gelezen"] = Auditregel.objects.filter(pk=regel.pk).count()
    for naam, poging in {
        "wijzigen": lambda: Auditregel.objects.filter(pk=regel.pk).update(omschrijving="x"),
        "verwijderen": lambda: Auditregel.objects.filter(pk=regel.pk).delete(),
    }.items():
        try:
            with transaction.atomic():
                poging()
            uitkomst[naam] = "gelukt"
        except DatabaseError as fout:
            uitkomst[naam] = type(fout.__cause__).__name__
    opschonen = "schuldhulp_verwerkingenlog_opschonen"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT to_regprocedure('{opschonen}(timestamptz)')")
        if cursor.fetchone()[0]:
            cursor.execute(f"SELECT {opschonen}(now() - interval '9 years')")
            uitkomst["opschonen"] = cursor.fetchone()[0]
    uitkomst["verwijderd"] = Gebruiker.objects.filter(pk=gebruiker.pk).delete()[0]
    transaction.set_rollback(True)
print(json.dumps(uitkomst))
"""


def test_de_app_werkt_als_app_rol(rollen: Omgeving) -> None:
    """A Django process connected as the runtime role: normal work and the audit trail."""
    proces = rollen.manage("-c", APP_WERK)
    assert proces.returncode == 0, proces.stderr
    uitkomst = json.loads(proces.stdout.strip().splitlines()[-1])
    assert uitkomst["gelezen"] == 1
    assert uitkomst["verwijderd"] >= 1
    assert uitkomst["wijzigen"] == uitkomst["verwijderen"] == "InsufficientPrivilege"
    assert uitkomst.get("opschonen", 0) >= 0  # the controlled retention path is allowed


def test_migrate_als_eigenaar_herstelt_de_rechten(rollen: Omgeving) -> None:
    """`manage.py migrate` with DATABASE_MIGRATIE_URL connects as the owner and refreshes the
    runtime role's privileges: drift (TRUNCATE, UPDATE on the log) is taken away again."""
    app = sql.Identifier(rollen.app.naam)
    with rollen.verbind(rollen.eigenaar) as verbinding:
        verbinding.execute(sql.SQL("GRANT TRUNCATE ON schuldhulp_klant TO {}").format(app))
        verbinding.execute(sql.SQL("GRANT UPDATE ON {} TO {}").format(sql.Identifier(LOG), app))
    proces = rollen.manage(
        "manage.py", "migrate", "--noinput", DATABASE_MIGRATIE_URL=rollen.url(rollen.eigenaar)
    )
    assert proces.returncode == 0, proces.stderr
    assert f"Rechten van de app-rol {rollen.app.naam} ververst" in proces.stdout
    with rollen.verbind(rollen.eigenaar) as verbinding:
        rechten = verbinding.execute(
            "SELECT has_table_privilege(%s, 'schuldhulp_klant', 'TRUNCATE'), "
            "has_table_privilege(%s, %s, 'UPDATE')",
            [rollen.app.naam, rollen.app.naam, LOG],
        ).fetchone()
    assert rechten == (False, False)


def test_eigenaar_kan_de_log_niet_leegmaken(rollen: Omgeving) -> None:
    with rollen.verbind(rollen.eigenaar) as verbinding:
        for opdracht in (f"TRUNCATE {LOG}", "TRUNCATE schuldhulp_gebruiker CASCADE"):
            with pytest.raises(errors.RaiseException, match="niet worden leeggemaakt"):
                verbinding.execute(opdracht)
            verbinding.rollback()


@pytest.mark.django_db
def test_truncate_trigger_ook_zonder_rollen() -> None:
    """Whatever role the app has (also the default setup: the owner), TRUNCATE is refused;
    only a test database being flushed turns the transaction-local setting on."""
    with (
        pytest.raises(DatabaseError, match="niet worden leeggemaakt"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"TRUNCATE {LOG}")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('schuldhulp.testdatabase_leegmaken', 'aan', true)")
        cursor.execute(f"TRUNCATE {LOG}")
        transaction.set_rollback(True)


class _Cursor:
    def __init__(self, ik: str) -> None:
        self.ik = ik

    def execute(self, query: Any, params: Any = None) -> None:
        pass

    def fetchall(self) -> list[tuple[Any, ...]]:
        return [(self.ik,)]


@pytest.mark.parametrize(
    ("eigenaar", "app", "ik"),
    [("schuldhulp", "schuldhulp", "postgres"), ("eig", "app", "app"), ("eig", "app", "eig")],
)
def test_onveilige_inrichting_geweigerd(eigenaar: str, app: str, ik: str) -> None:
    """Same role for both, or set up while connected as one of them: refused."""
    with pytest.raises(RolFout):
        controleer(_Cursor(ik), Rol(eigenaar), Rol(app))
