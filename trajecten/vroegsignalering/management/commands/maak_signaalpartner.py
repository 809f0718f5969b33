"""Create a signal partner (or give one a new token) and print its token once."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from schuldhulp.models import Gemeente
from trajecten.vroegsignalering import services
from trajecten.vroegsignalering.models import Partnersoort, SignaalPartner


class Command(BaseCommand):
    help = (
        "Maak een signaalpartner voor de vroegsignalen-API en toon het token één keer. "
        "Voorbeeld: manage.py maak_signaalpartner --naam 'Woonstichting Almelo' "
        "--soort woningcorporatie --gemeente GM0141"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--naam", required=True, help="Naam van de partner.")
        parser.add_argument(
            "--soort", choices=Partnersoort.values, help="Soort partner (verplicht bij nieuw)."
        )
        parser.add_argument(
            "--gemeente",
            action="append",
            default=[],
            metavar="GMxxxx",
            help="CBS-code van een gemeente waarvoor de partner mag leveren (meermaals).",
        )
        parser.add_argument(
            "--nieuw-token",
            action="store_true",
            help="De partner bestaat al: maak een nieuw token (het oude werkt niet meer).",
        )

    def handle(self, *args, naam: str, soort: str | None, gemeente: list[str], **opties) -> None:
        if opties["nieuw_token"]:
            partner = SignaalPartner.objects.filter(naam__iexact=naam.strip()).first()
            if partner is None:
                raise CommandError(f"Er is geen signaalpartner met de naam '{naam}'.")
            token = services.vernieuw_token(partner_id=partner.pk)
        else:
            if not soort:
                raise CommandError("Geef de soort partner op met --soort.")
            codes = {c.strip().upper() for c in gemeente}
            gemeenten = list(Gemeente.objects.filter(code__in=codes))
            onbekend = codes - {g.code for g in gemeenten}
            if onbekend:
                raise CommandError(f"Onbekende gemeentecode(s): {', '.join(sorted(onbekend))}.")
            if not gemeenten:
                raise CommandError("Geef minstens één gemeente op met --gemeente GMxxxx.")
            try:
                partner, token = services.maak_partner(naam=naam, soort=soort, gemeenten=gemeenten)
            except services.Geweigerd as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(f"Signaalpartner: {partner.naam} ({partner.get_soort_display()})")
        self.stdout.write(
            "Gemeenten: " + ", ".join(f"{g.naam} ({g.code})" for g in partner.gemeenten.all())
        )
        self.stdout.write("Token (wordt niet nog eens getoond, bewaar het veilig):")
        self.stdout.write(token)
