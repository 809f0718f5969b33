"""Two database roles: the owner of the schema and the runtime role of the app (ADR 0013).

The owner role owns the database, every table, sequence and function, and is used only by
``manage.py migrate`` (``DATABASE_MIGRATIE_URL``). The runtime role (``DATABASE_URL``) reads
and writes rows but owns nothing: no TRUNCATE, no ALTER TABLE (so no DISABLE TRIGGER), no
superuser (so no ``session_replication_role``), and on the verwerkingenlog only SELECT and
INSERT. Rows leave the log only through the SECURITY DEFINER functions below.

``plan`` returns the statements as psycopg ``sql.Composed``; ``manage.py databaserollen`` runs
them as a superuser, ``manage.py migrate`` runs ``rechten`` as the owner after migrating.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import dj_database_url
from psycopg import sql

SCHEMA = "public"
# Append-only: the runtime role may only add and read rows.
ALLEEN_TOEVOEGEN = ("schuldhulp_auditregel",)
# The controlled ways into the append-only tables (SECURITY DEFINER, owned by the owner role,
# not executable by PUBLIC): the runtime role gets EXECUTE on those that exist.
GECONTROLEERDE_FUNCTIES = ("schuldhulp_verwerkingenlog_opschonen(timestamptz)",)
TABELRECHTEN = ("SELECT", "INSERT", "UPDATE", "DELETE")
ROLKENMERKEN = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"

# relkind -> the ALTER form that changes its owner (indexes and TOAST follow their table).
ALTER_VORM = {
    "r": "TABLE",
    "p": "TABLE",
    "f": "FOREIGN TABLE",
    "v": "VIEW",
    "m": "MATERIALIZED VIEW",
    "S": "SEQUENCE",
}


class Cursor(Protocol):
    def execute(self, query: Any, params: Any = ..., /) -> Any: ...
    def fetchall(self) -> list[tuple[Any, ...]]: ...


@dataclass(frozen=True)
class Rol:
    naam: str
    wachtwoord: str | None = None


class RolFout(ValueError):
    """The configured roles cannot be set up safely (Dutch message for the command)."""


def rol_uit_url(url: str) -> Rol:
    instellingen = dj_database_url.parse(url)
    if not instellingen.get("USER"):
        raise RolFout(f"Geen gebruiker in de database-URL ({instellingen.get('NAME')}).")
    return Rol(instellingen["USER"], instellingen.get("PASSWORD") or None)


def _rij(cursor: Cursor, query: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
    cursor.execute(query, list(params))
    return cursor.fetchall()


def controleer(cursor: Cursor, eigenaar: Rol, app: Rol) -> None:
    """Refuse a setup that would leave the app as owner or demote the connected superuser."""
    if eigenaar.naam == app.naam:
        raise RolFout(
            "DATABASE_URL en DATABASE_MIGRATIE_URL gebruiken dezelfde rol "
            f"({app.naam}); de app moet een eigen rol zonder eigendom hebben."
        )
    ((ik,),) = _rij(cursor, "SELECT current_user")
    if ik in (eigenaar.naam, app.naam):
        raise RolFout(
            f"Verbonden als {ik}: richt de rollen in met een beheerrol (DATABASE_BEHEER_URL), "
            "niet met de eigenaars- of app-rol zelf."
        )


def rollen(cursor: Cursor, eigenaar: Rol, app: Rol) -> list[sql.Composed]:
    """Create or refresh both login roles; the app role is no member of the owner role."""
    stappen: list[sql.Composed] = []
    for rol, extra in ((eigenaar, ""), (app, " NOINHERIT")):
        bestaat = _rij(cursor, "SELECT 1 FROM pg_roles WHERE rolname = %s", [rol.naam])
        werkwoord = "ALTER" if bestaat else "CREATE"
        stap = sql.SQL(f"{werkwoord} ROLE {{}} {ROLKENMERKEN}{extra}").format(
            sql.Identifier(rol.naam)
        )
        if rol.wachtwoord:
            stap = sql.SQL("{} PASSWORD {}").format(stap, sql.Literal(rol.wachtwoord))
        stappen.append(stap)
    lid = _rij(
        cursor,
        "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
        "JOIN pg_roles l ON l.oid = m.member WHERE g.rolname = %s AND l.rolname = %s",
        [eigenaar.naam, app.naam],
    )
    if lid:
        stappen.append(
            sql.SQL("REVOKE {} FROM {}").format(
                sql.Identifier(eigenaar.naam), sql.Identifier(app.naam)
            )
        )
    return stappen


def eigendom(cursor: Cursor, eigenaar: str, database: str) -> list[sql.Composed]:
    """Give the database, the schema and every object in it to the owner role (superuser)."""
    naar = sql.Identifier(eigenaar)
    stappen = [sql.SQL("ALTER DATABASE {} OWNER TO {}").format(sql.Identifier(database), naar)]
    ((schema_eigenaar,),) = _rij(
        cursor, "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = %s", [SCHEMA]
    )
    # PostgreSQL 15+: public belongs to pg_database_owner, i.e. already to the owner role.
    if schema_eigenaar not in ("pg_database_owner", eigenaar):
        stappen.append(sql.SQL("ALTER SCHEMA {} OWNER TO {}").format(sql.Identifier(SCHEMA), naar))
    relaties = _rij(
        cursor,
        """
        SELECT c.relkind, c.relname FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S')
           AND pg_get_userbyid(c.relowner) <> %s
           -- not part of an extension, not a sequence owned by a column (moves with its table)
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                            AND d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
         ORDER BY c.relname
        """,
        [SCHEMA, eigenaar],
    )
    for soort, naam in relaties:
        stappen.append(
            sql.SQL(f"ALTER {ALTER_VORM[soort]} {{}} OWNER TO {{}}").format(
                sql.Identifier(SCHEMA, naam), naar
            )
        )
    routines = _rij(
        cursor,
        """
        SELECT p.oid::regprocedure::text FROM pg_proc p
          JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = %s AND pg_get_userbyid(p.proowner) <> %s
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                            AND d.objid = p.oid AND d.deptype = 'e')
         ORDER BY 1
        """,
        [SCHEMA, eigenaar],
    )
    for (handtekening,) in routines:
        # regprocedure text is already quoted and schema-qualified where needed.
        stappen.append(sql.SQL("ALTER ROUTINE {} OWNER TO {}").format(sql.SQL(handtekening), naar))
    # Nobody but the owner creates objects in the schema (PostgreSQL < 15 let PUBLIC).
    stappen.append(sql.SQL("REVOKE CREATE ON SCHEMA {} FROM PUBLIC").format(sql.Identifier(SCHEMA)))
    return stappen


def rechten(cursor: Cursor, eigenaar: str, app: str) -> list[sql.Composed]:
    """The runtime role's privileges; the owner role can run these itself (after migrate)."""
    schema, rol = sql.Identifier(SCHEMA), sql.Identifier(app)
    tabelrechten = sql.SQL(", ".join(TABELRECHTEN))
    stappen = [
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema, rol),
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM {}").format(schema, rol),
        sql.SQL("GRANT {} ON ALL TABLES IN SCHEMA {} TO {}").format(tabelrechten, schema, rol),
        sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA {} FROM {}").format(schema, rol),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(schema, rol),
        # Tables and sequences the owner creates later (migrations) get the same.
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} GRANT {} ON TABLES TO {}"
        ).format(sql.Identifier(eigenaar), schema, tabelrechten, rol),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} GRANT USAGE, SELECT "
            "ON SEQUENCES TO {}"
        ).format(sql.Identifier(eigenaar), schema, rol),
    ]
    for tabel in ALLEEN_TOEVOEGEN:
        if _rij(cursor, "SELECT to_regclass(%s)", [f"{SCHEMA}.{tabel}"])[0][0]:
            stappen.append(
                sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(
                    sql.Identifier(SCHEMA, tabel), rol
                )
            )
    for functie in GECONTROLEERDE_FUNCTIES:
        if _rij(cursor, "SELECT to_regprocedure(%s)", [f"{SCHEMA}.{functie}"])[0][0]:
            stappen.append(
                sql.SQL("GRANT EXECUTE ON FUNCTION {}.{} TO {}").format(
                    schema, sql.SQL(functie), rol
                )
            )
    return stappen


def plan(cursor: Cursor, eigenaar: Rol, app: Rol, database: str) -> list[sql.Composed]:
    """Everything ``manage.py databaserollen`` does, in order (run as a superuser)."""
    controleer(cursor, eigenaar, app)
    return [
        *rollen(cursor, eigenaar, app),
        *eigendom(cursor, eigenaar.naam, database),
        *rechten(cursor, eigenaar.naam, app.naam),
    ]


def verberg_wachtwoorden(tekst: str) -> str:
    """For printing the plan: the statements without the passwords."""
    return re.sub(r"PASSWORD '(?:[^']|'')*'", "PASSWORD '…'", tekst)
