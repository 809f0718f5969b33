"""Write the daily digests now (also on a weekend): for a demo, or after an outage.
Idempotent per user per day, like the 07:00 beat task."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from trajecten.samenwerking import mail


class Command(BaseCommand):
    help = "Maak nu het dagoverzicht per e-mail voor iedereen die het aanzette."

    def handle(self, *args, **options) -> None:
        aantal = mail.dagoverzichten()
        self.stdout.write(f"{aantal} dagoverzicht(en) in de wachtrij gezet.")
