"""manage.py ddas_import bestand.json [--bevestig] [--behandelaar GEBRUIKERSNAAM]

Without --bevestig: show per record what would happen (nothing is written). With it: import
the records without errors, together in one transaction. Run by the operator: every gemeente
allowed. Lopende trajecten need a --behandelaar (their signaleringen must reach somebody).
Exit code 0: every record imported or already there; 1: nothing imported because of errors;
2: imported, but some records had errors.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapportage.ddas import importer
from schuldhulp.models import Gebruiker
from schuldhulp.opmaak import datum_lang


class Command(BaseCommand):
    help = "Lees een DDAS v1.0-bestand in: eerst een voorbeeld, met --bevestig de import."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("bestand", type=Path)
        parser.add_argument(
            "--bevestig", action="store_true", help="Importeer echt (anders alleen het voorbeeld)."
        )
        parser.add_argument(
            "--behandelaar",
            metavar="GEBRUIKERSNAAM",
            help="De klantregisseur die de lopende trajecten krijgt (verplicht als die er zijn).",
        )

    def handle(self, *args, bestand: Path, bevestig: bool, behandelaar: str | None, **opts) -> None:
        try:
            if bestand.stat().st_size > importer.MAX_BYTES:
                # Refuse before reading 50+ MB into memory.
                raise importer.OngeldigBestand(
                    f"Het bestand is te groot: het mag hoogstens "
                    f"{importer.MAX_BYTES // 1024 // 1024} MB zijn."
                )
            gelezen = importer.lees_bestand(bestand.read_bytes())
        except FileNotFoundError as exc:
            raise CommandError(f"Bestand {bestand} bestaat niet.") from exc
        except importer.OngeldigBestand as exc:
            raise CommandError("\n".join([exc.melding, *exc.details])) from exc

        if not bevestig:
            voorbeeld = importer.analyseer(gelezen)
            self._toon(voorbeeld)
            for fout in voorbeeld.bestandsfouten:
                self.stdout.write(f"Bestand: fout: {fout}")
            self.stdout.write(
                f"\nVoorbeeld: {len(voorbeeld.nieuw)} worden geïmporteerd, "
                f"{len(voorbeeld.aanvullingen)} aangevuld, "
                f"{len(voorbeeld.aanwezig)} staan er al, {len(voorbeeld.fout)} met fouten. "
                "Er is niets opgeslagen; gebruik --bevestig om te importeren."
            )
            return
        persoon = self._behandelaar(behandelaar, importer.analyseer(gelezen))
        try:
            resultaat = importer.importeer(gelezen, behandelaar=persoon)
        except importer.OngeldigBestand as exc:
            raise CommandError("\n".join([exc.melding, *exc.details])) from exc
        self._toon(resultaat.voorbeeld, alleen_meldingen=True)
        self.stdout.write(
            self.style.SUCCESS(
                f"{resultaat.geimporteerd} trajecten geïmporteerd "
                f"({resultaat.klanten_nieuw} nieuwe klanten), "
                f"{len(resultaat.aangevuld)} aangevuld; "
                f"{len(resultaat.voorbeeld.aanwezig)} stonden er al in, "
                f"{len(resultaat.voorbeeld.fout)} met fouten niet geïmporteerd."
            )
        )
        if resultaat.voorbeeld.fout:
            # A script must notice: nothing imported (1) or only part of the file (2).
            raise CommandError(
                f"{len(resultaat.voorbeeld.fout)} trajecten met fouten zijn niet geïmporteerd.",
                returncode=2 if resultaat.geimporteerd else 1,
            )

    def _behandelaar(self, naam: str | None, voorbeeld: importer.Voorbeeld) -> Gebruiker | None:
        lopend = sum(1 for r in voorbeeld.nieuw if r.plan and r.plan.fasen.uitstroom is None)
        if naam is None:
            if lopend:
                raise CommandError(
                    f"Het bestand heeft {lopend} lopende trajecten. Geef met --behandelaar "
                    "GEBRUIKERSNAAM de klantregisseur die ze krijgt: de signaleringen van hun "
                    "termijnen gaan naar die persoon. Er is niets geïmporteerd."
                )
            return None
        try:
            return Gebruiker.objects.get(username=naam, is_active=True)
        except Gebruiker.DoesNotExist as exc:
            raise CommandError(f"Er is geen actieve gebruiker {naam!r}.") from exc

    def _toon(self, voorbeeld: importer.Voorbeeld, *, alleen_meldingen: bool = False) -> None:
        teksten = {
            importer.Status.NIEUW: "wordt geïmporteerd",
            importer.Status.AANVULLING: "staat er al, wordt aangevuld",
            importer.Status.AANWEZIG: "staat er al (overgeslagen)",
            importer.Status.FOUT: "FOUT: niet geïmporteerd",
        }
        for r in voorbeeld.records:
            if alleen_meldingen and not (r.fouten or r.waarschuwingen):
                continue
            self.stdout.write(
                f"Record {r.nummer} (levering {r.levering}, traject {r.index}; "
                f"{r.gemeentecode or '—'}, BSN {r.bsn_gemaskeerd}, aanmelding "
                f"{datum_lang(r.aanmelddatum)}): {teksten[r.status]}"
            )
            if r.aanvulling:
                for regel in r.aanvulling.beschrijving():
                    self.stdout.write(f"  nieuw: {regel}")
            for m in r.fouten:
                self.stdout.write(f"  fout: {m}")
            for m in r.waarschuwingen:
                self.stdout.write(f"  let op: {m}")
