"""Load test: simulated caseworkers against gunicorn, on 127.0.0.1 only, bounded in time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_schuldhulp \\
        .venv/bin/python bench/belasting.py [--gebruikers 50] [--duur 120] [--denktijd 1 5]

Starts gunicorn on a free port against the database of DATABASE_URL (2FA off), logs in
--gebruikers klantregisseurs and consulenten (a session each, made in the session store, so
the password hashing of 50 logins does not weigh on the measurement), and lets each of them
work for --duur seconds after a warm-up: open the werkvoorraad, search the klantenlijst by
name, BSN or postcode, open a klant, a traject, its schulden and klantplan, read
signaleringen and vroegsignalen, mark a signalering as read (POST), with a think time
between clicks. Prints requests/s, p50/p95/p99 per kind of page, and the errors (any
status >= 400 or failed request). A small threaded client: no extra dependency.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schuldhulp.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")
# gunicorn refuses the public development key (schuldhulp/checks.py); a key of this run only,
# shared with the child process, so the sessions made here are valid there.
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))

import django  # noqa: E402

django.setup()

import requests  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from schuldhulp.models import Gebruiker, Klant, Rol  # noqa: E402
from trajecten.models import AFGESLOTEN_FASEN, Signalering, Traject  # noqa: E402

# (kind of page, weight): what a caseworker does most.
MIX = [
    ("werkvoorraad", 20),
    ("werkvoorraad team", 5),
    ("klanten zoek naam", 10),
    ("klanten zoek bsn", 5),
    ("klanten zoek postcode", 3),
    ("klant detail", 12),
    ("traject detail", 20),
    ("schulden", 10),
    ("klantplan", 4),
    ("signaleringen", 5),
    ("vroegsignalen", 3),
    ("signalering gelezen (POST)", 3),
]


@dataclass
class Werker:
    """One simulated user: a session and the rows of their own werkvoorraad."""

    gebruiker: Gebruiker
    sessie: str
    trajecten: list[int]
    klanten: list[tuple[int, str, str, str]]  # pk, bsn, achternaam, postcode
    signaleringen: list[int]


@dataclass
class Uitkomsten:
    tijden: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    fouten: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    voorbeelden: list[str] = field(default_factory=list)
    slot: threading.Lock = field(default_factory=threading.Lock)

    def noteer(self, soort: str, ms: float, fout: str | None) -> None:
        with self.slot:
            self.tijden[soort].append(ms)
            if fout:
                self.fouten[soort] += 1
                if len(self.voorbeelden) < 10:
                    self.voorbeelden.append(f"{soort}: {fout}")


def _sessie(gebruiker: Gebruiker) -> str:
    """A logged-in session in the database, as django.contrib.auth.login makes it."""
    sessie = SessionStore()
    sessie[SESSION_KEY] = str(gebruiker.pk)
    sessie[BACKEND_SESSION_KEY] = next(
        pad for pad in settings.AUTHENTICATION_BACKENDS if hasattr(import_string(pad), "get_user")
    )
    sessie[HASH_SESSION_KEY] = gebruiker.get_session_auth_hash()
    sessie.create()
    return sessie.session_key


def werkers(aantal: int) -> list[Werker]:
    """The users with the most open trajecten (a realistic caseload each)."""
    kandidaten = (
        Gebruiker.objects.filter(rol__in=[Rol.KLANTREGISSEUR, Rol.CONSULENT], is_active=True)
        .annotate(n=Count("trajecten", filter=~Q(trajecten__fase__in=AFGESLOTEN_FASEN)))
        .filter(n__gt=0)
        .order_by("-n", "pk")[:aantal]
    )
    uit = []
    for g in kandidaten:
        trajecten = list(
            Traject.objects.filter(behandelaar=g).order_by("-pk").values_list("pk", flat=True)[:60]
        )
        klanten = list(
            Klant.objects.filter(trajecten__pk__in=trajecten)
            .distinct()
            .values_list("pk", "bsn", "achternaam", "postcode")
        )
        signaleringen = list(
            Signalering.objects.filter(gebruiker=g)
            .order_by("-pk")
            .values_list("pk", flat=True)[:50]
        )
        uit.append(Werker(g, _sessie(g), trajecten, klanten, signaleringen))
    return uit


def _url(soort: str, w: Werker, rng: random.Random) -> tuple[str, str]:
    """(method, path) for one click of `soort`."""
    traject = rng.choice(w.trajecten)
    pk, bsn, achternaam, postcode = rng.choice(w.klanten)
    naam = achternaam.split()[-1][: rng.randint(3, 6)]
    paden = {
        "werkvoorraad": f"/werkvoorraad/?pagina={rng.choice([1, 1, 1, 2, 3])}",
        "werkvoorraad team": f"/werkvoorraad/?weergave=team&pagina={rng.randint(1, 5)}",
        "klanten zoek naam": f"/klanten/?q={naam}",
        "klanten zoek bsn": f"/klanten/?q={bsn}",
        "klanten zoek postcode": f"/klanten/?q={postcode.replace(' ', '+')}",
        "klant detail": f"/klanten/{pk}/",
        "traject detail": f"/trajecten/{traject}/",
        "schulden": f"/trajecten/{traject}/schulden/",
        "klantplan": f"/trajecten/{traject}/klantplan/",
        "signaleringen": "/signaleringen/",
        "vroegsignalen": "/vroegsignalen/",
    }
    if soort == "signalering gelezen (POST)":
        if not w.signaleringen:
            return "GET", "/signaleringen/"
        return "POST", f"/signaleringen/{rng.choice(w.signaleringen)}/gelezen/"
    return "GET", paden[soort]


def werk(
    w: Werker,
    basis: str,
    tot: float,
    meet_vanaf: float,
    denktijd: tuple[float, float],
    uitkomsten: Uitkomsten,
    seed: int,
) -> None:
    rng = random.Random(seed)
    sessie = requests.Session()
    sessie.cookies.set(settings.SESSION_COOKIE_NAME, w.sessie, domain="127.0.0.1")
    sessie.get(f"{basis}/werkvoorraad/", timeout=30)  # the CSRF cookie
    soorten, gewichten = zip(*MIX, strict=True)
    time.sleep(rng.uniform(0, denktijd[1]))  # users do not all start on the same second
    while time.monotonic() < tot:
        soort = rng.choices(soorten, weights=gewichten)[0]
        methode, pad = _url(soort, w, rng)
        begin = time.monotonic()
        fout = None
        try:
            if methode == "POST":
                token = sessie.cookies.get("csrftoken", "")
                antwoord = sessie.post(
                    f"{basis}{pad}",
                    data={"gelezen": "1", "volgende": "/signaleringen/"},
                    headers={"X-CSRFToken": token, "Referer": f"{basis}/signaleringen/"},
                    allow_redirects=False,
                    timeout=30,
                )
            else:
                antwoord = sessie.get(f"{basis}{pad}", allow_redirects=False, timeout=30)
            if antwoord.status_code >= 400 or (
                antwoord.status_code in (301, 302) and "inloggen" in antwoord.headers["Location"]
            ):
                fout = f"{antwoord.status_code} {pad}"
        except requests.RequestException as exc:
            fout = f"{type(exc).__name__} {pad}: {str(exc)[:160]}"
        ms = (time.monotonic() - begin) * 1000
        if begin >= meet_vanaf:
            uitkomsten.noteer(soort, ms, fout)
        time.sleep(rng.uniform(*denktijd))


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(poort: int, workers: int, threads: int) -> subprocess.Popen:
    omgeving = {
        **os.environ,
        "SCHULDHULP_2FA_VERPLICHT": "0",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    proces = subprocess.Popen(
        [
            str(BASE_DIR / ".venv" / "bin" / "gunicorn"),
            "schuldhulp.wsgi",
            "--bind",
            f"127.0.0.1:{poort}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            "gthread",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=omgeving,
        start_new_session=True,  # its own process group: stopped as one, by its id
    )
    basis = f"http://127.0.0.1:{poort}"
    for _ in range(120):
        try:
            if requests.get(f"{basis}/inloggen/", timeout=2).status_code == 200:
                return proces
        except requests.RequestException:
            time.sleep(0.5)
    stop(proces)
    sys.exit("gunicorn kwam niet op")


def stop(proces: subprocess.Popen) -> None:
    os.killpg(proces.pid, signal.SIGTERM)
    try:
        proces.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proces.pid, signal.SIGKILL)


def _p(waarden: list[float], p: float) -> float:
    geordend = sorted(waarden)
    return geordend[min(len(geordend) - 1, round(p * (len(geordend) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gebruikers", type=int, default=50)
    parser.add_argument("--duur", type=int, default=120, help="seconds measured")
    parser.add_argument("--opwarmen", type=int, default=15, help="seconds before measuring")
    parser.add_argument("--denktijd", type=float, nargs=2, default=(1.0, 5.0))
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    lijst = werkers(args.gebruikers)
    if len(lijst) < args.gebruikers:
        sys.exit(f"Maar {len(lijst)} gebruikers met trajecten; vul de database eerst.")
    poort = _vrije_poort()
    proces = start_gunicorn(poort, args.workers, args.threads)
    basis = f"http://127.0.0.1:{poort}"
    uitkomsten = Uitkomsten()
    load_voor = os.getloadavg()
    try:
        nu = time.monotonic()
        meet_vanaf = nu + args.opwarmen
        tot = meet_vanaf + args.duur
        draden = [
            threading.Thread(
                target=werk,
                args=(w, basis, tot, meet_vanaf, tuple(args.denktijd), uitkomsten, n),
                daemon=True,
            )
            for n, w in enumerate(lijst)
        ]
        for d in draden:
            d.start()
        for d in draden:
            d.join(timeout=args.opwarmen + args.duur + 60)
        load_na = os.getloadavg()
    finally:
        stop(proces)

    alle = [t for tijden in uitkomsten.tijden.values() for t in tijden]
    fouten = sum(uitkomsten.fouten.values())
    print(
        f"{args.gebruikers} gebruikers, {args.duur} s gemeten na {args.opwarmen} s opwarmen, "
        f"denktijd {args.denktijd[0]:g}-{args.denktijd[1]:g} s; gunicorn {args.workers} workers "
        f"× {args.threads} threads op 127.0.0.1; database {settings.DATABASES['default']['NAME']}"
    )
    print(
        f"load average voor/na: {load_voor[0]:.2f} / {load_na[0]:.2f} (2 cores, gedeeld; "
        "client, gunicorn en PostgreSQL op dezelfde machine)"
    )
    print()
    print(
        f"| {'pagina':<28} | {'verzoeken':>9} | {'p50 (ms)':>8} | {'p95 (ms)':>8} | "
        f"{'p99 (ms)':>8} | {'fouten':>6} |"
    )
    print(
        "|"
        + "-" * 30
        + "|"
        + "-" * 11
        + "|"
        + "-" * 10
        + "|"
        + "-" * 10
        + "|"
        + "-" * 10
        + "|"
        + "-" * 8
        + "|"
    )
    for soort, _ in MIX:
        t = uitkomsten.tijden.get(soort, [])
        if t:
            print(
                f"| {soort:<28} | {len(t):>9} | {statistics.median(t):>8.0f} | "
                f"{_p(t, 0.95):>8.0f} | {_p(t, 0.99):>8.0f} | {uitkomsten.fouten[soort]:>6} |"
            )
    print(
        f"| {'totaal':<28} | {len(alle):>9} | {statistics.median(alle):>8.0f} | "
        f"{_p(alle, 0.95):>8.0f} | {_p(alle, 0.99):>8.0f} | {fouten:>6} |"
    )
    print()
    print(f"doorvoer: {len(alle) / args.duur:.1f} verzoeken/s; fouten: {fouten}")
    for voorbeeld in uitkomsten.voorbeelden:
        print(f"  fout: {voorbeeld}")
    sys.exit(1 if fouten else 0)


if __name__ == "__main__":
    main()
