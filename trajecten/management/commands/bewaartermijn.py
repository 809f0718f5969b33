from django.core.management.base import BaseCommand

from schuldhulp import opmaak
from trajecten.bewaartermijn import pas_bewaartermijn_toe


class Command(BaseCommand):
    help = (
        "Toont welke klantdossiers na de bewaartermijn geanonimiseerd worden (proef). "
        "Met --uitvoeren worden ze echt geanonimiseerd."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--uitvoeren", action="store_true")

    def handle(self, *args, uitvoeren: bool, **opts) -> None:
        verlopen = pas_bewaartermijn_toe(uitvoeren=uitvoeren)
        for item in verlopen:
            self.stdout.write(
                f"klant {item.klant_id} (gemeente {item.gemeente_id}), "
                f"laatste uitstroom {opmaak.datum(item.laatste_uitstroom)}"
            )
        woord = "geanonimiseerd" if uitvoeren else "zouden worden geanonimiseerd (proef)"
        self.stdout.write(self.style.SUCCESS(f"{len(verlopen)} dossiers {woord}."))
