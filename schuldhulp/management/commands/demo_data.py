from django.core.management.base import BaseCommand

from schuldhulp.demo import DEMO_WACHTWOORD, GEBRUIKERS, maak_demo_data


class Command(BaseCommand):
    help = "Vult de database met demogegevens (idempotent: twee keer draaien dupliceert niets)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--klanten-per-gemeente", type=int, default=14)

    def handle(self, *args, **opts) -> None:
        uitkomst = maak_demo_data(klanten_per_gemeente=opts["klanten_per_gemeente"])
        self.stdout.write(self.style.SUCCESS(f"Demogegevens klaar: {uitkomst}"))
        self.stdout.write(f"Demo-accounts (wachtwoord voor allemaal: {DEMO_WACHTWOORD}):")
        for username, _voornaam, _achternaam, rol, codes in GEBRUIKERS:
            self.stdout.write(f"  {username:<20} {rol.label:<30} {', '.join(codes) or 'alle'}")
