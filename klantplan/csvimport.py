"""Reading a creditor list (CSV) into debt lines. Pure parsing: the service checks and stores.

Accepted: UTF-8 (with or without BOM) or Windows-1252 (Excel), separated by ``;`` (Dutch
Excel), ``,`` or a tab. The first row names the columns; names are matched loosely
("Actueel bedrag", "actueel_bedrag", "Saldo" …). Amounts in Dutch notation (1.234,56).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from klantplan.models import Schuldeiser, Schuldstatus
from klantplan.services import Rijfout, Schuldgegevens
from klantplan.validatie import (
    OngeldigeWaarde,
    controleer_kvk,
    controleer_niet_in_toekomst,
    euro_naar_centen,
    lees_datum,
    lees_ja_nee,
)

MAX_BYTES = 1_000_000
MAX_RIJEN = 500

KOLOMMEN: dict[str, tuple[str, ...]] = {
    "schuldeiser": ("schuldeiser", "naam", "naam schuldeiser", "crediteur"),
    "kvk": ("kvk", "kvk-nummer", "kvk nummer", "kvknummer"),
    "oorspronkelijk": ("oorspronkelijk bedrag", "oorspronkelijk", "hoofdsom"),
    "actueel": ("actueel bedrag", "actueel", "saldo", "bedrag", "openstaand"),
    "peildatum": ("peildatum", "datum"),
    "status": ("status",),
    "zakelijk": ("zakelijk", "zakelijke schuld"),
    "beslag": ("beslag", "beslag of dwangbevel", "dwangbevel"),
    "kenmerk": ("kenmerk", "kenmerk schuldeiser", "dossiernummer", "referentie"),
}
VERPLICHT = ("schuldeiser", "actueel", "peildatum")
VOORBEELD = (
    "schuldeiser;kvk;oorspronkelijk bedrag;actueel bedrag;peildatum;status;zakelijk;beslag;"
    "kenmerk\n"
    "Belastingdienst;;1.200,00;1.350,75;01-03-2026;aangemeld;nee;ja;IB-2024-118\n"
    "Vitens;;310,00;310,00;15-03-2026;saldo opgevraagd;nee;nee;KL 88213\n"
)


@dataclass
class Rij:
    nummer: int  # the line number in the file, header = 1
    gegevens: Schuldgegevens | None = None
    fouten: list[str] = field(default_factory=list)


def _normaliseer(kop: str) -> str:
    return re.sub(r"[\s_]+", " ", (kop or "").strip().lower())


def _decodeer(inhoud: bytes) -> str:
    try:
        return inhoud.decode("utf-8-sig")
    except UnicodeDecodeError:
        return inhoud.decode("cp1252", errors="replace")


def _peildatum(tekst: str):
    return controleer_niet_in_toekomst(lees_datum(tekst), wat="De peildatum")


def _status(tekst: str) -> str:
    schoon = _normaliseer(tekst)
    if not schoon:
        return Schuldstatus.AANGEMELD
    for waarde, label in Schuldstatus.choices:
        if schoon in {waarde, _normaliseer(waarde), label.lower()}:
            return waarde
    keuzes = ", ".join(label.lower() for label in Schuldstatus.labels)
    raise OngeldigeWaarde(f"Onbekende status '{tekst}'. Kies uit: {keuzes}.")


def lees_schulden(inhoud: bytes) -> tuple[list[Rij], list[Rijfout]]:
    """Parse the file. Returns the rows (each with its own errors) and file-level errors
    (as row 0 or the header row)."""
    if len(inhoud) > MAX_BYTES:
        return [], [Rijfout(0, ["Het bestand is groter dan 1 MB. Splits het bestand."])]
    if b"\x00" in inhoud[:4096]:  # a spreadsheet, PDF or other binary file, not text
        return [], [
            Rijfout(
                0,
                [
                    "Dit is geen CSV-bestand (het lijkt op een Excel-, PDF- of ander binair "
                    "bestand). Sla de lijst in Excel op als 'CSV UTF-8 (door komma's gescheiden)'."
                ],
            )
        ]
    tekst = _decodeer(inhoud)
    if not tekst.strip():
        return [], [Rijfout(0, ["Het bestand is leeg."])]
    try:
        dialect = csv.Sniffer().sniff(tekst.splitlines()[0], delimiters=";,\t")
        scheiding = dialect.delimiter
    except csv.Error:
        scheiding = ";"
    # newline="": the csv module reads \r, \n and \r\n line ends itself (also in quotes).
    lezer = csv.reader(io.StringIO(tekst, newline=""), delimiter=scheiding)
    try:
        return _lees_regels(lezer)
    except csv.Error:  # e.g. a field longer than the csv module allows (a 500 before)
        return [], [
            Rijfout(
                lezer.line_num,
                [
                    "Deze regel is niet te lezen als CSV (een veld is te lang of een "
                    "aanhalingsteken klopt niet). Sla het bestand opnieuw op als CSV."
                ],
            )
        ]


def _lees_regels(lezer: Iterator[list[str]]) -> tuple[list[Rij], list[Rijfout]]:
    koppen = [_normaliseer(k) for k in next(lezer)]
    index: dict[str, int] = {}
    for sleutel, namen in KOLOMMEN.items():
        for i, kop in enumerate(koppen):
            if kop in namen and sleutel not in index:
                index[sleutel] = i
    ontbrekend = [k for k in VERPLICHT if k not in index]
    if ontbrekend:
        namen = ", ".join(KOLOMMEN[k][0] for k in ontbrekend)
        return [], [
            Rijfout(
                1,
                [
                    f"De kolom(men) {namen} ontbreken in de eerste regel. "
                    "Gebruik de kolomnamen uit het voorbeeld."
                ],
            )
        ]
    register = {s.naam.lower(): s for s in Schuldeiser.objects.all()}
    per_kvk = {s.kvk_nummer: s for s in register.values() if s.kvk_nummer}
    rijen: list[Rij] = []
    for nummer, waarden in enumerate(lezer, start=2):
        if not any(w.strip() for w in waarden):
            continue
        if len(rijen) >= MAX_RIJEN:
            return rijen, [Rijfout(nummer, [f"Meer dan {MAX_RIJEN} schulden in één bestand."])]
        rijen.append(_lees_rij(nummer, waarden, index, register, per_kvk))
    return rijen, []


def _lees_rij(
    nummer: int,
    waarden: list[str],
    index: dict[str, int],
    register: dict[str, Schuldeiser],
    per_kvk: dict[str, Schuldeiser],
) -> Rij:
    rij = Rij(nummer=nummer)

    def waarde(sleutel: str) -> str:
        i = index.get(sleutel)
        return waarden[i].strip() if i is not None and i < len(waarden) else ""

    def lees(sleutel: str, omzetten, label: str):
        try:
            return omzetten(waarde(sleutel))
        except OngeldigeWaarde as exc:
            rij.fouten.append(f"{label}: {exc}")
            return None

    naam = waarde("schuldeiser")
    kvk = lees("kvk", controleer_kvk, "KvK-nummer") or ""
    schuldeiser = per_kvk.get(kvk) if kvk else None
    schuldeiser = schuldeiser or register.get(naam.lower())
    if not naam and not kvk:
        rij.fouten.append("Schuldeiser: vul de naam van de schuldeiser in.")
    elif schuldeiser is None:
        rij.fouten.append(
            f"Schuldeiser: '{naam or kvk}' staat niet in het register. "
            "Voeg de schuldeiser eerst toe aan het register, of controleer de spelling."
        )
    actueel = lees("actueel", euro_naar_centen, "Actueel bedrag")
    oorspronkelijk = (
        lees("oorspronkelijk", euro_naar_centen, "Oorspronkelijk bedrag")
        if waarde("oorspronkelijk")
        else actueel
    )
    peildatum = lees("peildatum", _peildatum, "Peildatum") if waarde("peildatum") else None
    if not waarde("peildatum"):
        rij.fouten.append("Peildatum: vul de peildatum in.")
    status = lees("status", _status, "Status")
    zakelijk = lees("zakelijk", lees_ja_nee, "Zakelijk")
    beslag = lees("beslag", lees_ja_nee, "Beslag")
    rij.gegevens = Schuldgegevens(
        schuldeiser=schuldeiser,
        oorspronkelijk_bedrag_cent=oorspronkelijk,
        actueel_bedrag_cent=actueel,
        peildatum=peildatum,
        status=status or Schuldstatus.AANGEMELD,
        zakelijk=bool(zakelijk),
        beslag=bool(beslag),
        kenmerk=waarde("kenmerk"),
    )
    return rij
