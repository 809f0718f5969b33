"""manage.py ddas_export --gemeente GM0141 --van 2026-01-01 --tot 2026-12-31 [-o bestand.json]

Without --gemeente: all gemeenten (the whole Stadsbank). Run by the operator on the server,
so no user permission applies; the file holds BSNs, so write it somewhere safe.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapportage.ddas.export import maak_export
from schuldhulp import audit
from schuldhulp.models import Gemeente


def _datum(waarde: str) -> date:
    try:
        return date.fromisoformat(waarde)
    except ValueError as exc:
        raise CommandError(f"{waarde!r} is geen datum; gebruik JJJJ-MM-DD.") from exc


class Command(BaseCommand):
    help = "Maak een DDAS v1.0-bestand (JSON), gecontroleerd tegen het officiële schema."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--gemeente",
            action="append",
            metavar="GMxxxx",
            help="CBS-gemeentecode; mag vaker. Zonder: alle gemeenten.",
        )
        parser.add_argument("--van", required=True, type=_datum, help="Eerste dag (JJJJ-MM-DD).")
        parser.add_argument("--tot", required=True, type=_datum, help="Laatste dag (JJJJ-MM-DD).")
        parser.add_argument("-o", "--output", type=Path, help="Bestand; zonder: standaarduitvoer.")

    def handle(self, *args, gemeente: list[str] | None, van: date, tot: date, output, **opts):
        if tot < van:
            raise CommandError("--tot ligt vóór --van.")
        gemeenten = list(Gemeente.objects.select_related("organisatie").order_by("code"))
        if gemeente:
            gevonden = {g.code: g for g in gemeenten if g.code in gemeente}
            onbekend = sorted(set(gemeente) - set(gevonden))
            if onbekend:
                raise CommandError(f"Onbekende gemeentecode(s): {', '.join(onbekend)}.")
            gemeenten = list(gevonden.values())
        if not gemeenten:
            raise CommandError("Er zijn geen gemeenten.")

        export = maak_export(gemeenten=gemeenten, van=van, tot=tot)
        for probleem in export.uitgesloten:
            self.stderr.write(f"Niet in het bestand: {probleem}")
        if not export.aanbiedbaar:
            for probleem in export.fouten:
                self.stderr.write(f"Fout: {probleem}")
            raise CommandError("Het bestand voldoet niet aan het DDAS-schema; niets geschreven.")

        inhoud = export.als_json()
        if output:
            output.write_bytes(inhoud)
            output.chmod(0o600)
        else:
            self.stdout.write(inhoud.decode("utf-8"))
        for g in gemeenten:
            audit.export_gemaakt(
                request=None,
                soort="ddas",
                gemeente_id=g.pk,
                omschrijving=f"DDAS-export (beheercommando) {van} t/m {tot}",
            )
        self.stderr.write(
            f"{export.aantal_trajecten} trajecten geëxporteerd"
            + (f" naar {output}" if output else "")
            + (
                f"; {export.aantal_uitgesloten} trajecten niet, zie hierboven."
                if export.uitgesloten
                else "; alles voldoet aan het DDAS v1.0-schema."
            )
        )
