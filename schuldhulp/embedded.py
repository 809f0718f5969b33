"""Embedded PostgreSQL for machines where no database is configured.

Uses the `pgserver` package (PostgreSQL binaries in a wheel). Data lives under
``var/pgdata`` (git-ignored). Only used when ``DATABASE_URL`` is not set.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("SCHULDHULP_DATA_DIR", BASE_DIR / "var"))
DATABASE_NAME = "schuldhulp"


def start(*, stop_at_exit: bool = False):  # -> pgserver.PostgresServer
    """Start (or attach to) the embedded server and make sure our database exists."""
    runtime = DATA_DIR / "run"
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))  # platformdirs warns without it
    import pgserver

    pgdata = DATA_DIR / "pgdata"
    server = pgserver.get_server(pgdata, cleanup_mode="stop" if stop_at_exit else None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "1 row" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    return server


def database_url(server) -> str:
    """A dj-database-url style URL for the server's unix socket."""
    return f"postgres://postgres@{quote(str(server.pgdata), safe='')}/{DATABASE_NAME}"
