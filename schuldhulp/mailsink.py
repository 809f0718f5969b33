"""A local SMTP sink for the demo and the tests (aiosmtpd): accepts every message and keeps
it, so the application sends through real SMTP (Celery task, retries) and nothing leaves
the machine. The demo (schuldhulp/launcher.py) runs it as a subprocess writing each message
as an .eml file to var/mail/:

    python -m schuldhulp.mailsink --poort 8025 --map var/mail
"""

from __future__ import annotations

import argparse
import logging
import signal
import socket
import threading
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller


class Opvanger:
    """aiosmtpd handler: keeps each message in memory, and as a file when `map` is given."""

    def __init__(self, map: Path | None = None) -> None:
        self.map = map
        self.berichten: list[EmailMessage] = []
        self._slot = threading.Lock()
        if map is not None:
            map.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd calls this
        inhoud = envelope.original_content or envelope.content
        bericht = message_from_bytes(inhoud, policy=policy.default)
        with self._slot:
            self.berichten.append(bericht)
            volgnummer = len(self.berichten)
        if self.map is not None:
            naam = f"{datetime.now():%Y%m%d-%H%M%S}-{volgnummer:04d}.eml"
            (self.map / naam).write_bytes(inhoud)
        return "250 Bericht ontvangen"


def start(poort: int = 0, map: Path | None = None, host: str = "127.0.0.1") -> Controller:
    """Start a sink in a background thread; `controller.port` is the port it listens on
    (0: a free one)."""
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd: a line per command
    controller = Controller(Opvanger(map), hostname=host, port=poort or vrije_poort(host))
    controller.start()
    return controller


def vrije_poort(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description="Lokale SMTP-opvang: mail naar bestanden.")
    parser.add_argument("--poort", type=int, default=8025)
    parser.add_argument("--map", type=Path, default=Path("var/mail"))
    args = parser.parse_args()
    controller = start(args.poort, args.map)
    klaar = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: klaar.set())
    print(f"» Mail-opvang op 127.0.0.1:{controller.port} → {args.map}/", flush=True)
    klaar.wait()
    controller.stop()


if __name__ == "__main__":
    main()
