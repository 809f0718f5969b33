"""manage.py aanzet_bijwerken [--gemeente ID] [--traject ID ...]

Recompute whose turn it is (``Traject.aan_zet``) from the catalogue, the package split and
the warme overdrachten: after an upgrade (rows from before the field existed; the data
migration samenwerking 0003 does the same once), or to check after an outage of the daily
job. Idempotent: a second run changes nothing.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from trajecten.models import Traject
from trajecten.samenwerking import aanzet


class Command(BaseCommand):
    help = "Bepaal opnieuw wie aan zet is bij de lopende trajecten (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--gemeente", type=int, help="Alleen de trajecten van deze gemeente.")
        parser.add_argument("--traject", type=int, nargs="+", help="Alleen deze trajecten.")

    def handle(self, *args, gemeente: int | None, traject: list[int] | None, **opts) -> None:
        trajecten = None
        if gemeente is not None or traject:
            trajecten = Traject.objects.all()
            if gemeente is not None:
                trajecten = trajecten.filter(gemeente_id=gemeente)
            if traject:
                trajecten = trajecten.filter(pk__in=traject)
        bekeken, gewijzigd = aanzet.werk_bij_alle(trajecten)
        self.stdout.write(
            self.style.SUCCESS(
                f"{bekeken} trajecten bekeken, bij {gewijzigd} gewijzigd wie aan zet is."
            )
        )
