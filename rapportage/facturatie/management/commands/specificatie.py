"""manage.py specificatie --gemeente GM0141 --maand 2026-11: a new version, made at once."""

from __future__ import annotations

import re

from django.core.management.base import BaseCommand, CommandError

from rapportage.facturatie import services
from rapportage.facturatie.berekening import Maand
from schuldhulp import opmaak
from schuldhulp.models import Gemeente


class Command(BaseCommand):
    help = "Maak meteen een nieuwe versie van de maandelijkse specificatie van een gemeente."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--gemeente", required=True, help="Gemeentecode, bijv. GM0141")
        parser.add_argument("--maand", required=True, help="Jaar-maand, bijv. 2026-11")

    def handle(self, *args, gemeente: str, maand: str, **opties) -> None:
        treffer = re.fullmatch(r"(\d{4})-(\d{1,2})", maand.strip())
        if not treffer or not 1 <= int(treffer[2]) <= 12:
            raise CommandError("Geef de maand als jaar-maand, bijvoorbeeld 2026-11.")
        g = Gemeente.objects.filter(code=gemeente.strip()).first()
        if g is None:
            raise CommandError(f"Onbekende gemeente: {gemeente}.")
        try:
            s = services.maak(gemeente=g, maand=Maand(int(treffer[1]), int(treffer[2])))
        except services.SpecificatieFout as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{s} gemaakt: totaal {opmaak.bedrag(s.totaal_centen, centen=True)}.")
