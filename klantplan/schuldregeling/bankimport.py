"""Reading a bank statement of the Stadsbank's account into transactions (no database): a CSV
file in the simple format below, or a CAMT.053 statement (ISO 20022, the version Dutch banks
deliver is camt.053.001.02; read with the kept library ``pycamt``, never by hand).

CSV format (one transaction a line)::

    datum;bedrag;tegenrekening;omschrijving;transactie-id
    05-01-2026;150,00;NL91ABNA0417164300;Reservering januari SR-12;BANK-2026-0001
    20-01-2026;-55,55;NL20INGB0001234567;Uitbetaling SR-12 CJIB-77;BANK-2026-0002

- UTF-8 (a byte-order mark is fine), ``;`` between the fields, the header line first (the
  names as above, any case); quotes around a field are allowed.
- ``datum``: 31-12-2026 or 2026-12-31. ``bedrag``: in euros, Dutch notation (1.234,56);
  positive is money in (bijschrijving), negative is money out (afschrijving).
- ``tegenrekening``: the IBAN of the other party (spaces allowed). ``transactie-id``: the
  bank's unique reference of the transaction (booking the same id twice is refused).

A line that cannot be read is kept with its reason (``fout``), so the preview can list it;
a file that cannot be read at all raises :class:`OngeldigBestand`.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation

from lxml import etree
from pycamt.parser import Camt053ParseError, Camt053Parser
from stdnum import iban as stdnum_iban

from klantplan.validatie import OngeldigeWaarde, euro_naar_centen, lees_datum

MAX_BYTES = 2 * 1024 * 1024
MAX_REGELS = 5_000
CSV_KOLOMMEN = ("datum", "bedrag", "tegenrekening", "omschrijving", "transactie-id")
CSV, CAMT053 = "csv", "camt053"  # klantplan.schuldregeling.models.Betaalbron values


class OngeldigBestand(ValueError):
    """A file that cannot be read; the message is shown to the user as it is (Dutch)."""


@dataclass(frozen=True)
class Transactie:
    regel: int  # the line (CSV) or the position in the statement (CAMT), from 1
    datum: date | None
    bedrag_cent: int  # always positive; `bij` says which way
    bij: bool  # True: money in (bijschrijving), False: money out (afschrijving)
    tegenrekening: str  # compact IBAN, upper case ('' when none)
    naam: str
    omschrijving: str
    transactie_id: str
    bron: str
    fout: str = ""  # why this line cannot be booked, whatever the database says

    @property
    def sleutel(self) -> str:
        return f"{self.bron}:{self.transactie_id}"


def iban(tekst: str | None) -> str:
    """Compact upper-case form for comparing ('nl91 abna …' → 'NL91ABNA…')."""
    return stdnum_iban.compact(tekst or "").upper()


def _schoon(tekst: str | None, maximum: int) -> str:
    return " ".join((tekst or "").replace("\x00", "").split())[:maximum]


def lees(inhoud: bytes) -> list[Transactie]:
    """The transactions of a CSV or CAMT.053 file (recognised by its content)."""
    if not inhoud:
        raise OngeldigBestand("Het bestand is leeg.")
    if len(inhoud) > MAX_BYTES:
        raise OngeldigBestand(
            f"Het bestand is te groot: hoogstens {MAX_BYTES // 1024 // 1024} MB. Splits het."
        )
    if b"\x00" in inhoud:
        raise OngeldigBestand("Het bestand bevat ongeldige tekens. Is het wel een bankafschrift?")
    begin = inhoud.lstrip(b"\xef\xbb\xbf \t\r\n")
    transacties = lees_camt(inhoud) if begin.startswith(b"<") else lees_csv(inhoud)
    if not transacties:
        raise OngeldigBestand("Het bestand bevat geen transacties.")
    if len(transacties) > MAX_REGELS:
        raise OngeldigBestand(f"Hoogstens {MAX_REGELS} transacties per bestand. Splits het.")
    return _dubbel_in_bestand(transacties)


def _dubbel_in_bestand(transacties: list[Transactie]) -> list[Transactie]:
    gezien: set[str] = set()
    uitkomst = []
    for t in transacties:
        if t.transactie_id and t.transactie_id in gezien and not t.fout:
            t = replace(t, fout="Deze transactie staat twee keer in het bestand.")
        gezien.add(t.transactie_id)
        uitkomst.append(t)
    return uitkomst


# --- CSV ---------------------------------------------------------------------------------------


def lees_csv(inhoud: bytes) -> list[Transactie]:
    try:
        tekst = inhoud.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OngeldigBestand("Het CSV-bestand is geen UTF-8-tekst. Sla het op als UTF-8.") from exc
    lezer = csv.reader(io.StringIO(tekst), delimiter=";")
    try:
        kop = [k.strip().lower() for k in next(lezer)]
    except StopIteration as exc:
        raise OngeldigBestand("Het bestand is leeg.") from exc
    except csv.Error as exc:
        raise OngeldigBestand("Dit is geen leesbaar CSV-bestand.") from exc
    if tuple(kop) != CSV_KOLOMMEN:
        raise OngeldigBestand(
            "De eerste regel moet de kolomnamen geven, gescheiden door puntkomma's: "
            + ";".join(CSV_KOLOMMEN)
            + "."
        )
    transacties = []
    try:
        for rij in lezer:
            if not any(v.strip() for v in rij):
                continue
            transacties.append(_csv_regel(lezer.line_num, rij))
    except csv.Error as exc:
        raise OngeldigBestand(f"Regel {lezer.line_num} is geen geldige CSV-regel.") from exc
    return transacties


def _csv_regel(nummer: int, rij: list[str]) -> Transactie:
    velden = [*rij, "", "", "", "", ""][:5]
    datum_tekst, bedrag_tekst, rekening, omschrijving, transactie_id = velden
    fout = ""
    datum = None
    bedrag = 0
    bij = True
    if len(rij) != len(CSV_KOLOMMEN):
        fout = f"Deze regel heeft {len(rij)} velden in plaats van {len(CSV_KOLOMMEN)}."
    else:
        try:
            datum = lees_datum(datum_tekst)
            schoon = bedrag_tekst.strip()
            bij = not schoon.startswith("-")
            bedrag = euro_naar_centen(schoon.lstrip("-"))
            if bedrag == 0:
                fout = "Het bedrag is nul."
        except OngeldigeWaarde as exc:
            fout = str(exc)
        if not fout and not transactie_id.strip():
            fout = "Het transactie-id ontbreekt: zonder kenmerk kan dubbel boeken niet worden "
            fout += "voorkomen."
    return Transactie(
        regel=nummer,
        datum=datum,
        bedrag_cent=bedrag,
        bij=bij,
        tegenrekening=iban(_schoon(rekening, 40)),
        naam="",
        omschrijving=_schoon(omschrijving, 300),
        transactie_id=_schoon(transactie_id, 100),
        bron=CSV,
        fout=fout,
    )


# --- CAMT.053 ----------------------------------------------------------------------------------


def lees_camt(inhoud: bytes) -> list[Transactie]:
    try:
        parser = Camt053Parser(inhoud)
        if not parser.version.startswith("camt.053"):
            raise OngeldigBestand(
                "Dit XML-bestand is geen CAMT.053-bankafschrift (versie 001.02 of later)."
            )
        rijen = parser.get_transactions()
    except (etree.XMLSyntaxError, Camt053ParseError, AttributeError, ValueError) as exc:
        if isinstance(exc, OngeldigBestand):
            raise
        raise OngeldigBestand(
            "Dit bankafschrift (CAMT.053) kan niet worden gelezen. Download het opnieuw bij "
            "de bank."
        ) from exc
    return [_camt_regel(nummer, rij) for nummer, rij in enumerate(rijen, start=1)]


def _camt_bedrag(tekst: str | None) -> int:
    try:
        waarde = Decimal((tekst or "").strip())
    except InvalidOperation as exc:
        raise OngeldigeWaarde("Het bedrag is geen getal.") from exc
    centen = waarde * 100
    if not waarde.is_finite() or centen != centen.to_integral_value() or waarde <= 0:
        raise OngeldigeWaarde("Het bedrag is geen positief bedrag in centen.")
    return int(centen)


def _camt_id(rij: dict) -> str:
    """The bank's reference (AcctSvcrRef), with the EndToEndId when there is one (an entry
    with several transactions shares its AcctSvcrRef); without both, a fingerprint of the
    line, so the same statement read twice gives the same ids."""
    ref = (rij.get("TransactionID") or "").strip()
    e2e = (rij.get("EndToEndId") or "").strip()
    if e2e.upper() == "NOTPROVIDED":
        e2e = ""
    if ref or e2e:
        return _schoon("/".join(x for x in (ref, e2e) if x), 100)
    vingerafdruk = (
        "|".join(
            str(rij.get(k) or "")
            for k in ("BookingDate", "Amount", "CreditDebitIndicator", "DebtorIBAN", "CreditorIBAN")
        )
        + "|"
        + str(rij.get("RemittanceInformationFull") or "")
    )
    return "h:" + hashlib.sha256(vingerafdruk.encode()).hexdigest()[:40]


def _camt_regel(nummer: int, rij: dict) -> Transactie:
    bij = rij.get("CreditDebitIndicator") == "CRDT"
    tegen = rij.get("DebtorIBAN") if bij else rij.get("CreditorIBAN")
    naam = rij.get("DebtorName") if bij else rij.get("CreditorName")
    omschrijving = (
        rij.get("RemittanceInformationFull")
        or rij.get("RemittanceInformation")
        or rij.get("AdditionalEntryInformation")
    )
    fout, datum, bedrag = "", None, 0
    try:
        datum = date.fromisoformat((rij.get("BookingDate") or rij.get("ValueDate") or "")[:10])
    except ValueError:
        fout = "De boekdatum ontbreekt of is ongeldig."
    try:
        bedrag = _camt_bedrag(rij.get("Amount"))
    except OngeldigeWaarde as exc:
        fout = fout or str(exc)
    if rij.get("CreditDebitIndicator") not in ("CRDT", "DBIT"):
        fout = fout or "Niet duidelijk of dit een bij- of afschrijving is."
    elif (rij.get("Currency") or "EUR") != "EUR":
        fout = fout or f"Het bedrag is in {rij.get('Currency')}, niet in euro's."
    elif (rij.get("ReversalIndicator") or "").lower() == "true":
        fout = fout or "Dit is een terugboeking (storno): leg die zo nodig met de hand vast."
    elif (rij.get("Status") or "BOOK") != "BOOK":
        fout = fout or "Deze transactie is nog niet definitief geboekt."
    return Transactie(
        regel=nummer,
        datum=datum,
        bedrag_cent=bedrag,
        bij=bij,
        tegenrekening=iban(_schoon(tegen, 40)),
        naam=_schoon(naam, 140),
        omschrijving=_schoon(omschrijving, 300),
        transactie_id=_camt_id(rij),
        bron=CAMT053,
        fout=fout,
    )
