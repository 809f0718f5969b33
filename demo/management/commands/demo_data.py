"""manage.py demo_data [--omvang demo|schaal|groot] [--trajecten N]

demo   (default) the 22 gemeenten, the demo users, klanten and the story of about 300
       trajecten in every phase (demo.verhaal); idempotent.
schaal 150,000 trajecten of 100,000 klanten over three years, loaded with COPY
       (demo.schaal); for a database of its own, e.g. bench_schuldhulp.
groot  1,000,000 trajecten, the same way.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo.basis import DEMO_WACHTWOORD, GEBRUIKERS, maak_demo_data

OMVANGEN = {"schaal": 150_000, "groot": 1_000_000}


class Command(BaseCommand):
    help = "Vult de database met demogegevens (idempotent: twee keer draaien dupliceert niets)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--klanten-per-gemeente", type=int, default=14)
        parser.add_argument(
            "--omvang",
            choices=["demo", "schaal", "groot"],
            default="demo",
            help="demo: het verhaal voor een demo; schaal: 150.000 trajecten; groot: 1.000.000.",
        )
        parser.add_argument(
            "--trajecten", type=int, help="Aantal trajecten voor schaalgegevens (zonder --omvang)."
        )
        parser.add_argument("--klanten", type=int, help="Aantal klanten (standaard 2/3 daarvan).")
        parser.add_argument("--jaren", type=int, default=3, help="Over hoeveel jaar (schaal).")
        parser.add_argument(
            "--tot",
            default="vandaag",
            help="Schaal: de gegevens lopen tot en met deze dag (JJJJ-MM-DD, 'vandaag' of "
            "'gisteren'; met 'gisteren' heeft de normbewaking van vandaag echt werk).",
        )
        parser.add_argument(
            "--zonder-verhaal",
            action="store_true",
            help="Alleen gemeenten, gebruikers en klanten (geen trajecten).",
        )

    def handle(self, *args, **opts) -> None:
        trajecten = opts["trajecten"] or OMVANGEN.get(opts["omvang"])
        if trajecten:
            self._schaal(trajecten, opts)
            return
        begin = time.monotonic()
        uitkomst = maak_demo_data(
            klanten_per_gemeente=opts["klanten_per_gemeente"],
            met_verhaal=not opts["zonder_verhaal"],
        )
        duur = time.monotonic() - begin
        self.stdout.write(self.style.SUCCESS(f"Demogegevens klaar in {duur:.0f} s: {uitkomst}"))
        self.stdout.write(f"Demo-accounts (wachtwoord voor allemaal: {DEMO_WACHTWOORD}):")
        for username, _voornaam, _achternaam, rol, codes in GEBRUIKERS:
            self.stdout.write(f"  {username:<20} {rol.label:<30} {', '.join(codes) or 'alle'}")

    def _schaal(self, trajecten: int, opts: dict) -> None:
        from demo.schaal import genereer

        vandaag = timezone.localdate()
        tot = {"vandaag": vandaag, "gisteren": vandaag - timedelta(days=1)}.get(opts["tot"])
        try:
            tot = tot or date.fromisoformat(opts["tot"])
            telling = genereer(
                trajecten=trajecten,
                vandaag=tot,
                klanten=opts["klanten"],
                jaren=opts["jaren"],
                melding=self.stdout.write,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Schaalgegevens klaar: {telling}"))
