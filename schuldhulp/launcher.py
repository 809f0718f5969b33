"""Starts what the two README commands need, then runs the demo or the tests.

- Database: DATABASE_URL, else the embedded PostgreSQL (pgserver) under var/pgdata, stopped
  cleanly on exit.
- Redis: REDIS_URL; for the demo without it, Celery uses kombu's filesystem transport. The
  tests look for a Redis on 127.0.0.1:6379 and otherwise start redis-server themselves.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PY = sys.executable


def _manage(*args: str, env: dict[str, str] | None = None) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=BASE_DIR, check=True, env=env)


def _database() -> object | None:
    """Make sure DATABASE_URL points at a running PostgreSQL; return the embedded server."""
    if os.environ.get("DATABASE_URL"):
        return None
    from schuldhulp import embedded

    print("» Geen DATABASE_URL: ingebouwde PostgreSQL starten (var/pgdata)", flush=True)
    server = embedded.start(stop_at_exit=True)
    os.environ["DATABASE_URL"] = embedded.database_url(server)
    return server


def _stop(server) -> None:
    if server is not None:
        server.cleanup()  # pg_ctl stop on the embedded PostgreSQL


def _poort_open(host: str, poort: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((host, poort)) == 0


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _redis_voor_tests() -> subprocess.Popen | None:
    """Point TEST_REDIS_URL at a real Redis, starting one if none is configured or running."""
    if os.environ.get("REDIS_URL"):
        os.environ.setdefault("TEST_REDIS_URL", os.environ["REDIS_URL"])
        return None
    if _poort_open("127.0.0.1", 6379):
        os.environ.setdefault("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
        return None
    binary = shutil.which("redis-server")
    if not binary:
        print("» Let op: geen Redis gevonden; de Celery-integratietests falen.", flush=True)
        return None
    poort = _vrije_poort()
    proces = subprocess.Popen(
        [
            binary,
            "--port",
            str(poort),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            tempfile.mkdtemp(),
        ],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(50):
        if _poort_open("127.0.0.1", poort):
            break
        time.sleep(0.1)
    os.environ["TEST_REDIS_URL"] = f"redis://127.0.0.1:{poort}/0"
    return proces


def test(pytest_args: list[str]) -> int:
    server = _database()
    redis = _redis_voor_tests()
    try:
        print("» ruff", flush=True)
        ruff = subprocess.run([PY, "-m", "ruff", "check", "."], cwd=BASE_DIR)
        if ruff.returncode:
            return ruff.returncode
        args = pytest_args or ["-n", os.environ.get("TEST_WORKERS", "2"), "--dist", "loadgroup"]
        print("» pytest " + " ".join(args), flush=True)
        return subprocess.run([PY, "-m", "pytest", *args], cwd=BASE_DIR).returncode
    finally:
        if redis:
            redis.terminate()
        _stop(server)


MAIL = "var/mail"


def _mail_naar_opvang(env) -> int | None:
    """Without a mail server configured (EMAIL_HOST), all mail goes by real SMTP to a local
    sink that writes each message to var/mail/ (schuldhulp/mailsink.py). Returns its port."""
    if env.get("EMAIL_HOST"):
        return None
    poort = _vrije_poort()
    env["EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
    env["EMAIL_HOST"], env["EMAIL_PORT"] = "127.0.0.1", str(poort)
    print(f"» Geen EMAIL_HOST: alle e-mail komt als .eml-bestand in {MAIL}/ (lokale opvang)")
    return poort


def _demosleutel() -> str:
    pad = BASE_DIR / "var" / "demo-secret-key"
    if not pad.exists():
        pad.parent.mkdir(parents=True, exist_ok=True)
        pad.write_text(secrets.token_urlsafe(50))
        pad.chmod(0o600)
    return pad.read_text().strip()


def demo() -> int:
    server = _database()
    env = os.environ
    # Demo accounts log in with a password only, unless 2FA is asked for explicitly.
    env.setdefault("SCHULDHULP_2FA_VERPLICHT", "0")
    if not env.get("DJANGO_SECRET_KEY"):  # a random key of this machine, kept across restarts
        env["DJANGO_SECRET_KEY"] = _demosleutel()
    # The DDAS API signs with a self-signed test chain in var/ (docs/ddas-api.md).
    if not env.get("DDAS_API_SLEUTEL"):
        env.setdefault("DDAS_API_TESTKETEN", "1")
    # Mijn Schuldhulp logs in with the library's mock DigiD: a BSN, no real DigiD (docs/portaal.md).
    env.setdefault("PORTAAL_DIGID_MOCK", "1")
    if env["SCHULDHULP_2FA_VERPLICHT"] in {"0", "false", "no", "nee"}:
        print("» Tweestapsverificatie staat uit in de demo (aan: SCHULDHULP_2FA_VERPLICHT=1)")
    if not env.get("REDIS_URL"):
        print("» Geen REDIS_URL: Celery gebruikt een broker op schijf (var/celery-broker)")
        (BASE_DIR / "var" / "celery-broker").mkdir(parents=True, exist_ok=True)
    sink_poort = _mail_naar_opvang(env)
    _manage("migrate", "--noinput", "-v", "0")
    # Loading reserves id ranges (setval): with the roles of ADR 0013 that is the owner's work.
    eigenaar = env.get("DATABASE_MIGRATIE_URL")
    _manage("demo_data", env={**env, "DATABASE_URL": eigenaar} if eigenaar else None)
    _manage("collectstatic", "--noinput", "-v", "0")
    processen = [
        *(
            [
                subprocess.Popen(
                    [PY, "-m", "schuldhulp.mailsink", "--poort", str(sink_poort), "--map", MAIL],
                    cwd=BASE_DIR,
                )
            ]
            if sink_poort
            else []
        ),
        subprocess.Popen(
            [
                PY,
                "-m",
                "celery",
                "-A",
                "schuldhulp",
                "worker",
                "-l",
                "warning",
                "--concurrency",
                "2",
            ],
            cwd=BASE_DIR,
        ),
        subprocess.Popen(
            [
                PY,
                "-m",
                "celery",
                "-A",
                "schuldhulp",
                "beat",
                "-l",
                "warning",
                "--schedule",
                str(BASE_DIR / "var" / "celerybeat-schedule"),
            ],
            cwd=BASE_DIR,
        ),
        subprocess.Popen(
            [
                PY,
                "-m",
                "gunicorn",
                "schuldhulp.wsgi",
                "-b",
                "127.0.0.1:8000",
                "-w",
                "3",
                "--access-logfile",
                "-",
            ],
            cwd=BASE_DIR,
        ),
    ]
    print("\n» Schuldhulp draait op http://127.0.0.1:8000  (stoppen: Ctrl-C)\n", flush=True)
    try:
        while all(p.poll() is None for p in processen):
            time.sleep(1)
    except KeyboardInterrupt:
        print("\n» Stoppen…", flush=True)
    finally:
        for p in processen:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in processen:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
        _stop(server)
    return 0


def _stop_bij_sigterm() -> None:
    """SIGTERM (docker stop, systemd, kill) stops the children like Ctrl-C does: without this
    Python dies at once and leaves PostgreSQL, Celery and gunicorn running."""

    def stoppen(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stoppen)


def main() -> None:
    _stop_bij_sigterm()
    commando, *rest = sys.argv[1:] or ["demo"]
    if commando == "test":
        sys.exit(test(rest))
    if commando == "demo":
        sys.exit(demo())
    sys.exit(f"Onbekend commando: {commando}")


if __name__ == "__main__":
    main()
