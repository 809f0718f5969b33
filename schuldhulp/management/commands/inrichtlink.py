"""``manage.py inrichtlink <gebruikersnaam>``: a one-time enrolment link for the second factor.

For the very first beheerder (nobody can make one in the browser yet) and for the demo with
``SCHULDHULP_2FA_VERPLICHT=1``. Whoever runs it has the server; the verwerkingenlog still
records that a link was made (ADR 0015).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from schuldhulp import inrichtlinks
from schuldhulp.models import Gebruiker


class Command(BaseCommand):
    help = "Maak een eenmalige inrichtlink voor de tweestapsverificatie van een account."

    def add_arguments(self, parser) -> None:
        parser.add_argument("gebruikersnaam")
        parser.add_argument(
            "--adres", default="http://127.0.0.1:8000", help="Begin van de link (de site)."
        )

    def handle(self, *args, gebruikersnaam: str, adres: str, **opties) -> None:
        gebruiker = Gebruiker.objects.filter(username=gebruikersnaam).first()
        if gebruiker is None:
            raise CommandError(f"Geen account met gebruikersnaam {gebruikersnaam!r}.")
        token = inrichtlinks.maak(gebruiker=gebruiker, door=None)
        pad = reverse("tweestaps_inrichten", args=[token])
        self.stdout.write(f"{adres.rstrip('/')}{pad}")
