"""manage.py kwartaalrapportage --gemeente GM0141 --kwartaal 2026-3 [--json]"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapportage import services
from rapportage.kwartalen import Kwartaal, OngeldigKwartaal
from schuldhulp.models import Gemeente


class Command(BaseCommand):
    help = (
        "Maakt een kwartaalrapportage (een nieuwe versie) voor een gemeente of de hele "
        "Stadsbank, meteen en zonder Celery, en toont de cijfers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        wie = parser.add_mutually_exclusive_group(required=True)
        wie.add_argument("--gemeente", help="CBS-gemeentecode, bijvoorbeeld GM0141.")
        wie.add_argument(
            "--stadsbank", action="store_true", help="Alle gemeenten samen (de hele Stadsbank)."
        )
        parser.add_argument(
            "--kwartaal", required=True, help="Jaar-kwartaal van een afgelopen kwartaal: 2026-3."
        )
        parser.add_argument(
            "--json", action="store_true", help="Toon alle cijfers (met trend) als JSON."
        )

    def handle(self, *args, gemeente: str | None, stadsbank: bool, kwartaal: str, **opties):
        try:
            periode = Kwartaal.lees(kwartaal)
        except OngeldigKwartaal as exc:
            raise CommandError(str(exc)) from exc
        doel = None
        if not stadsbank:
            code = (gemeente or "").strip().upper()
            doel = Gemeente.objects.filter(code=code).first()
            if doel is None:
                raise CommandError(
                    f"Onbekende gemeente '{gemeente}'. Geef de CBS-code, bijvoorbeeld GM0141."
                )
        try:
            aanvraag = services.vraag_aan(
                gemeente=doel, kwartaal=periode, door=None, in_wachtrij=False
            )
            rapportage = services.maak(rapportage_id=aanvraag.pk)
        except services.RapportageFout as exc:
            raise CommandError(str(exc)) from exc
        if opties["json"]:
            self.stdout.write(json.dumps(rapportage.cijfers, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(
                f"Kwartaalrapportage {rapportage.onderwerp}, {periode.naam}, versie "
                f"{rapportage.versie}: klaar ({len(rapportage.pdf)} bytes PDF, "
                f"SHA-256 {rapportage.checksum})."
            )
