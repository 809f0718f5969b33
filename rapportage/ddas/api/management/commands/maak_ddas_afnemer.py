"""Register an afnemer of the DDAS API from the command line (the admin does the same):
prints client_id and client_secret once."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from rapportage.ddas.api import registratie
from rapportage.ddas.api.models import Afnemer
from schuldhulp.models import Gemeente


class Command(BaseCommand):
    help = "Registreer een afnemer van de DDAS-API (OAuth2-client) en toon id en geheim."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--naam", required=True, help="Bijvoorbeeld: CBS")
        parser.add_argument("--gemeente", action="append", default=[], help="Gemeentecode (vaker)")
        parser.add_argument("--alle", action="store_true", help="Alle gemeenten (landelijk)")
        parser.add_argument("--oin", default="", help="OIN in het ondertekeningscertificaat")

    def handle(self, *args, naam: str, gemeente: list[str], alle: bool, oin: str, **kw) -> None:
        if Afnemer.objects.filter(naam=naam).exists():
            raise CommandError(f"Er is al een afnemer '{naam}'.")
        if alle == bool(gemeente):
            raise CommandError("Geef --alle of een of meer --gemeente.")
        gemeenten = list(Gemeente.objects.filter(code__in=gemeente))
        if onbekend := sorted(set(gemeente) - {g.code for g in gemeenten}):
            raise CommandError(f"Onbekende gemeentecode: {', '.join(onbekend)}")
        afnemer, geheim = registratie.registreer(
            naam=naam, gemeenten=gemeenten, alle_gemeenten=alle
        )
        if oin:
            afnemer.oin = oin
            afnemer.save(update_fields=["oin"])
        self.stdout.write(f"client_id={afnemer.application.client_id}")
        self.stdout.write(f"client_secret={geheim}")
        self.stderr.write("Bewaar het geheim nu: het wordt niet nog een keer getoond.")
