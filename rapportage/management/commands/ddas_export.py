"""manage.py ddas_export --gemeente GM0141 --van 2026-01-01 --tot 2026-12-31 [-o bestand.json]

Without --gemeente: all gemeenten (the whole Stadsbank). Run by the operator on the server,
so no user permission applies; the file holds BSNs, so write it somewhere safe.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapportage.ddas.export import Stroom
from schuldhulp import audit
from schuldhulp.models import Gemeente


def _datum(waarde: str) -> date:
    try:
        return date.fromisoformat(waarde)
    except ValueError as exc:
        raise CommandError(f"{waarde!r} is geen datum; gebruik JJJJ-MM-DD.") from exc


def _schrijf_bestand(pad: Path, stroom: Stroom) -> None:
    """The file holds BSNs: mode 0600 from its creation, and removed again when writing
    breaks off (half a file is no delivery)."""
    fd = os.open(pad, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # also when the file already existed with other rights
    try:
        with os.fdopen(fd, "wb") as bestand:
            for stuk in stroom:
                bestand.write(stuk)
    except BaseException:
        pad.unlink(missing_ok=True)
        raise


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

        stroom = Stroom(gemeenten=gemeenten, van=van, tot=tot)
        if not stroom.aanbiedbaar:
            for probleem in stroom.fouten:
                self.stderr.write(f"Fout: {probleem}")
            raise CommandError("Het bestand voldoet niet aan het DDAS-schema; niets geschreven.")

        # Streamed (ADR 0025): a year of the whole Stadsbank in the memory of one block.
        if output:
            _schrijf_bestand(output, stroom)
        else:
            for stuk in stroom:
                self.stdout.write(stuk.decode("utf-8"), ending="")
            self.stdout.write("")
        for probleem in stroom.uitgesloten:
            self.stderr.write(f"Niet in het bestand: {probleem}")
        for g in gemeenten:
            audit.export_gemaakt(
                request=None,
                soort="ddas",
                gemeente_id=g.pk,
                omschrijving=f"DDAS-export (beheercommando) {van} t/m {tot}",
            )
        self.stderr.write(
            f"{stroom.aantal_trajecten} trajecten geëxporteerd"
            + (f" naar {output}" if output else "")
            + (
                f"; {stroom.aantal_uitgesloten} trajecten niet, zie hierboven."
                if stroom.uitgesloten
                else "; alles voldoet aan het DDAS v1.0-schema."
            )
        )
