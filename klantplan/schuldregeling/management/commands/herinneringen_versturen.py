"""manage.py herinneringen_versturen [--datum JJJJ-MM-DD]

Run the reminder job of the schuldregeling now (also on a weekend): after an outage of the
worker or beat, or for a demo. Idempotent: a second run the same day sends nothing twice.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from klantplan.schuldregeling import herinneringen


class Command(BaseCommand):
    help = "Verstuur nu de herinneringen aan schuldeisers van wie de termijn verliep (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--datum", help="De dag van de run (JJJJ-MM-DD, standaard vandaag; niet later)."
        )

    def handle(self, *args, datum: str | None, **opts) -> None:
        vandaag = timezone.localdate()
        try:
            dag = date.fromisoformat(datum) if datum else vandaag
        except ValueError as exc:
            raise CommandError("Geef de datum als JJJJ-MM-DD.") from exc
        if dag > vandaag:
            raise CommandError("De datum ligt in de toekomst: een brief kan niet vooruit.")
        uitkomst = herinneringen.verstuur_herinneringen(vandaag=dag)
        tekst = (
            f"{uitkomst.herinneringen} herinnering(en) verstuurd, {uitkomst.geen_reactie} keer "
            f"geen reactie vastgelegd, {uitkomst.overgeslagen} overgeslagen."
        )
        if uitkomst.mislukt:
            ids = ", ".join(str(pk) for pk in uitkomst.mislukt)
            self.stdout.write(self.style.WARNING(f"{tekst} Mislukt (zie het log): {ids}."))
        else:
            self.stdout.write(self.style.SUCCESS(tekst))
