"""`./dev` (schuldhulp/launcher.py) stops its children on SIGTERM as on Ctrl-C (issue 20,
point 9): run the real launcher with a test that sleeps, send SIGTERM, and the child is gone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
SLAAP = "LAUNCHER_SLAAPTEST"


@pytest.mark.skipif(not os.environ.get(SLAAP), reason="alleen als kind van de launchertest")
def test_slaapt() -> None:
    Path(os.environ[SLAAP]).write_text(str(os.getpid()))
    time.sleep(120)


def _leeft(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead but still listed until its parent reaps it.
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "State:\tZ" not in status.read_text()


def test_sigterm_stopt_de_kinderen(tmp_path) -> None:
    merk = tmp_path / "pid"
    env = {
        **os.environ,
        SLAAP: str(merk),
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1/postgres"),
        "REDIS_URL": "redis://127.0.0.1:6379/9",
    }
    args = [f"{__file__}::test_slaapt", "-p", "no:randomly", "-p", "no:cacheprovider", "-q"]
    launcher = subprocess.Popen(
        [sys.executable, "-m", "schuldhulp.launcher", "test", *args],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):  # ruff and pytest's start take a while on a busy machine
            if merk.exists() and merk.read_text():
                break
            assert launcher.poll() is None, "de launcher stopte voordat de test liep"
            time.sleep(0.1)
        kind = int(merk.read_text())
        launcher.send_signal(signal.SIGTERM)
        launcher.wait(timeout=30)
        for _ in range(100):
            if not _leeft(kind):
                break
            time.sleep(0.1)
        assert not _leeft(kind), "de pytest van de launcher draait nog na SIGTERM"
    finally:
        if launcher.poll() is None:
            launcher.kill()
