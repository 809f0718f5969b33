"""Reading a monthly CSV list of signals: encoding, BOM, delimiter, header, rows.

File-level problems (empty, unreadable, wrong delimiter, unknown or missing columns) raise
:class:`Bestandsfout` with a Dutch message; row-level problems are reported per row by
``validatie.controleer_csv_rij``. Excel on Windows writes ``;`` and often cp1252 or a
UTF-8 BOM; other tools write ``,``. Both are accepted.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

VERPLICHTE_KOLOMMEN = (
    "partner_soort",
    "partner_naam",
    "soort_achterstand",
    "bedrag",
    "maanden_achterstand",
    "datum_ontvangen",
    "achternaam",
    "postcode",
    "huisnummer",
)
OPTIONELE_KOLOMMEN = (
    "signaal_id",
    "bsn",
    "voornamen",
    "tussenvoegsel",
    "geboortedatum",
    "straat",
    "woonplaats",
    "telefoon",
    "email",
)
KOLOMMEN = VERPLICHTE_KOLOMMEN + OPTIONELE_KOLOMMEN
VOORBEELD_KOP = ";".join(KOLOMMEN)


class Bestandsfout(ValueError):
    """The file as a whole cannot be read; the message is shown as it is (Dutch)."""


@dataclass
class Bestand:
    scheidingsteken: str
    kolommen: list[str]
    had_bom: bool
    tekst: str

    def rijen(self) -> Iterator[tuple[int, dict[str, str] | None, int]]:
        """(line number, values by column or None when the field count is wrong, fields)."""
        # newline="": the csv module reads \r, \n and \r\n line ends itself (also in quotes).
        lezer = csv.reader(io.StringIO(self.tekst, newline=""), delimiter=self.scheidingsteken)
        try:
            next(lezer)  # the header
            aantal = len(self.kolommen)
            for velden in lezer:
                if not any(v.strip() for v in velden):
                    continue  # empty lines (Excel adds them at the end)
                if len(velden) != aantal:
                    yield lezer.line_num, None, len(velden)
                    continue
                yield lezer.line_num, dict(zip(self.kolommen, velden, strict=True)), aantal
        except csv.Error as exc:  # e.g. a field longer than the csv module allows
            raise Bestandsfout(
                f"Regel {lezer.line_num} is niet te lezen als CSV (een veld is te lang of een "
                "aanhalingsteken klopt niet). Sla de lijst opnieuw op als CSV."
            ) from exc

    def tel_rijen(self) -> int:
        return sum(1 for _ in self.rijen())


def _normaliseer_kolom(naam: str) -> str:
    naam = naam.strip().strip('"').strip().lower()
    return re.sub(r"[\s-]+", "_", naam)


def _decodeer(inhoud: bytes) -> tuple[str, bool]:
    had_bom = inhoud.startswith(b"\xef\xbb\xbf")
    try:
        return inhoud.decode("utf-8-sig"), had_bom
    except UnicodeDecodeError:
        pass
    if inhoud.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return inhoud.decode("utf-16"), True
        except UnicodeDecodeError as exc:
            raise Bestandsfout("Het bestand is niet te lezen. Sla het op als CSV (UTF-8).") from exc
    # Excel's "CSV (gescheiden door lijstscheidingsteken)" on Windows.
    return inhoud.decode("cp1252", errors="replace"), False


def lees(inhoud: bytes) -> Bestand:
    """Decode and check the header. Raises Bestandsfout."""
    if not inhoud or not inhoud.strip():
        raise Bestandsfout("Het bestand is leeg.")
    if b"\x00" in inhoud[:4096] and not inhoud.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Bestandsfout(
            "Dit is geen CSV-bestand (het lijkt op een Excel- of ander binair bestand). "
            "Sla de lijst in Excel op als 'CSV UTF-8 (door komma's gescheiden)'."
        )
    tekst, had_bom = _decodeer(inhoud)
    if "\x00" in tekst:
        raise Bestandsfout("Het bestand bevat ongeldige tekens (NUL). Sla het opnieuw op als CSV.")
    kopregel = tekst.lstrip("\ufeff").splitlines()[0] if tekst.strip() else ""
    tekst = tekst.lstrip("\ufeff")
    puntkomma, komma, tab = kopregel.count(";"), kopregel.count(","), kopregel.count("\t")
    if tab > max(puntkomma, komma):
        raise Bestandsfout(
            "Het bestand gebruikt tabs als scheidingsteken. Gebruik een puntkomma (;) of "
            "een komma (,)."
        )
    if not puntkomma and not komma:
        raise Bestandsfout(
            "Geen scheidingsteken gevonden in de eerste regel. De eerste regel moet de "
            f"kolomnamen bevatten, gescheiden door ; of , — bijvoorbeeld: {VOORBEELD_KOP}"
        )
    scheidingsteken = ";" if puntkomma >= komma else ","
    kop = next(csv.reader([kopregel], delimiter=scheidingsteken))
    kolommen = [_normaliseer_kolom(k) for k in kop]
    if kolommen and not kolommen[-1]:
        kolommen = kolommen[:-1]  # a trailing delimiter
        if not kolommen or not kolommen[-1]:
            raise Bestandsfout("De kopregel bevat lege kolomnamen.")
    onbekend = [k for k in kolommen if k not in KOLOMMEN]
    ontbrekend = [k for k in VERPLICHTE_KOLOMMEN if k not in kolommen]
    dubbel = sorted({k for k in kolommen if kolommen.count(k) > 1})
    meldingen = []
    if onbekend:
        meldingen.append(
            "Onbekende kolom"
            + ("men" if len(onbekend) > 1 else "")
            + ": "
            + ", ".join(f"'{k}'" for k in onbekend[:10])
            + "."
        )
    if ontbrekend:
        meldingen.append("Deze verplichte kolommen ontbreken: " + ", ".join(ontbrekend) + ".")
    if dubbel:
        meldingen.append("Deze kolommen staan er twee keer in: " + ", ".join(dubbel) + ".")
    if meldingen:
        if len(onbekend) == len(kolommen):
            meldingen.append("Staat de kopregel met kolomnamen wel op de eerste regel?")
        meldingen.append(f"Verwachte kolommen: {', '.join(KOLOMMEN)}.")
        raise Bestandsfout(" ".join(meldingen))
    if len(kop) > len(kolommen):  # trailing delimiter in the header: rows have it too
        kolommen = [*kolommen, "_leeg"]
    return Bestand(scheidingsteken=scheidingsteken, kolommen=kolommen, had_bom=had_bom, tekst=tekst)
