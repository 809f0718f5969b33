"""Checking one signal, the same for the API and for a row of a CSV list.

Both ways in produce a :class:`SignaalGegevens` (normalised values) or a list of
:class:`Fout` (field + Dutch message); the API's JSON body is read in ``apisignaal.py``.
The regular expressions are shared with the OpenAPI description (``openapi.py``), so the
schema and the server agree on what is valid. Python's ``re.fullmatch`` is used: a ``$``
would also accept a trailing newline.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from schuldhulp.validators import normaliseer_postcode, valideer_bsn
from trajecten.vroegsignalering.models import (
    MAX_BEDRAG_CENTEN,
    MAX_MAANDEN,
    Achterstandsoort,
    Partnersoort,
)

BSN_PATROON = r"^[0-9]{9}$"
POSTCODE_PATROON = r"^[1-9][0-9]{3} ?[A-Za-z]{2}$"
HUISNUMMER_PATROON = r"^[1-9][0-9]{0,4}(?:[ -]?[A-Za-z0-9]{1,4})?$"
GEMEENTECODE_PATROON = r"^GM[0-9]{4}$"
SIGNAAL_ID_PATROON = r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$"
TELEFOON_PATROON = r"^\+?[0-9][0-9 ()-]{5,18}$"
TEKST_PATROON = r"^[^\u0000-\u001F\u007F]*$"  # no control characters (PostgreSQL refuses NUL)
DATUM_PATROON = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

VROEGSTE_DATUM = date(2000, 1, 1)
VROEGSTE_GEBOORTEDATUM = date(1900, 1, 1)

# Maximum lengths, as in the model columns.
LENGTES = {
    "partner_naam": 200,
    "voornamen": 200,
    "tussenvoegsel": 20,
    "achternaam": 200,
    "straat": 200,
    "woonplaats": 100,
    "telefoon": 20,
    "email": 254,
    "signaal_id": 100,
}


@dataclass(frozen=True)
class Fout:
    veld: str | None
    melding: str
    rij: int | None = None

    def als_dict(self) -> dict:
        uit: dict = {"veld": self.veld, "melding": self.melding}
        if self.rij is not None:
            uit["rij"] = self.rij
        return uit


@dataclass
class SignaalGegevens:
    """One checked signal with normalised values (postcode '7607 AB', amounts in cents)."""

    partner_soort: str
    partner_naam: str
    soort_achterstand: str
    bedrag_centen: int
    maanden_achterstand: int
    ontvangen_op: date
    achternaam: str
    postcode: str
    huisnummer: str
    bsn: str = ""
    voornamen: str = ""
    tussenvoegsel: str = ""
    geboortedatum: date | None = None
    straat: str = ""
    woonplaats: str = ""
    telefoon: str = ""
    email: str = ""
    partner_signaal_id: str = ""
    rij: int = 0
    rij_sleutel: str = field(default="", compare=False)

    @property
    def adres_sleutel(self) -> str:
        return adres_sleutel(self.postcode, self.huisnummer)

    def bereken_rij_sleutel(self, gemeente_id: int) -> str:
        """The same row read in twice (in this or another file) gets the same key."""
        if self.partner_signaal_id:
            delen = [str(gemeente_id), self.partner_naam.casefold(), "id", self.partner_signaal_id]
        else:
            delen = [
                str(gemeente_id),
                self.partner_naam.casefold(),
                self.bsn or self.adres_sleutel,
                self.soort_achterstand,
                str(self.bedrag_centen),
                str(self.maanden_achterstand),
                self.ontvangen_op.isoformat(),
            ]
        return hashlib.sha256("\x1f".join(delen).encode()).hexdigest()

    def persoonsgegevens(self) -> dict:
        return {
            "bsn": self.bsn,
            "voornamen": self.voornamen,
            "tussenvoegsel": self.tussenvoegsel,
            "achternaam": self.achternaam,
            "geboortedatum": self.geboortedatum,
            "straat": self.straat,
            "huisnummer": self.huisnummer,
            "postcode": self.postcode,
            "woonplaats": self.woonplaats,
            "telefoon": self.telefoon,
            "email": self.email,
        }


def adres_sleutel(postcode: str, huisnummer: str) -> str:
    """'7607 AB' + '12-a' and '7607AB' + '12 A' are the same address."""
    nummer = re.sub(r"[\s-]", "", huisnummer).upper()
    return f"{postcode.replace(' ', '').upper()}|{nummer}"


@functools.cache
def _keuzeteksten(keuzes) -> dict[str, str]:
    """Code and label (case-folded) → code, e.g. 'Woningcorporatie' → 'woningcorporatie'."""
    teksten = {str(tekst).casefold(): code for code, tekst in keuzes.choices}
    return teksten | {code.casefold(): code for code in keuzes.values}


class Controle:
    """Collects the errors of one signal while its fields are checked."""

    def __init__(self, *, rij: int | None = None, vandaag: date, strikt: bool = False) -> None:
        self.fouten: list[Fout] = []
        self.rij = rij
        self.vandaag = vandaag
        # The API is strict: a value must match its pattern as sent (the OpenAPI schema says
        # so). A CSV list from Excel is forgiven surrounding spaces.
        self.strikt = strikt

    def _schoon(self, waarde: str | None) -> str:
        return (waarde or "") if self.strikt else (waarde or "").strip()

    def fout(self, veld: str, melding: str) -> None:
        self.fouten.append(Fout(veld=veld, melding=melding, rij=self.rij))

    # --- text ------------------------------------------------------------------------------

    def tekst(self, veld: str, waarde: str, *, label: str, verplicht: bool = False) -> str:
        ruw = waarde or ""
        # Pattern and length are checked on the value as sent, then spaces are trimmed.
        if not re.fullmatch(TEKST_PATROON, ruw):
            self.fout(veld, f"{label.capitalize()} bevat een ongeldig teken.")
            return ""
        maximum = LENGTES.get(veld.rsplit(".", 1)[-1])
        if maximum and len(ruw) > maximum:
            self.fout(veld, f"{label.capitalize()} is te lang (hooguit {maximum} tekens).")
            return ""
        waarde = ruw.strip()
        if not waarde and verplicht:
            self.fout(veld, f"Vul {label} in.")
        return waarde

    def keuze(self, veld: str, waarde: str, *, keuzes, label: str) -> str:
        """A choice by its code or (CSV) its label, case-insensitive."""
        schoon = (waarde or "").strip().casefold()
        code = _keuzeteksten(keuzes).get(schoon)
        if code:
            return code
        toegestaan = ", ".join(keuzes.values)
        if not schoon:
            self.fout(veld, f"Vul {label} in ({toegestaan}).")
        else:
            self.fout(veld, f"Onbekende {label}. Kies uit: {toegestaan}.")
        return ""

    # --- identifiers -----------------------------------------------------------------------

    def bsn(self, veld: str, waarde: str) -> str:
        waarde = self._schoon(waarde)
        if not waarde:
            return ""
        if not re.fullmatch(BSN_PATROON, waarde):
            self.fout(veld, "Een BSN bestaat uit precies 9 cijfers.")
            return ""
        try:
            valideer_bsn(waarde)
        except ValidationError as exc:
            self.fout(veld, exc.messages[0])
            return ""
        return waarde

    def postcode(self, veld: str, waarde: str) -> str:
        waarde = self._schoon(waarde)
        if not waarde:
            self.fout(veld, "Vul de postcode in.")
            return ""
        if not re.fullmatch(POSTCODE_PATROON, waarde):
            self.fout(veld, "Vul een geldige postcode in: 4 cijfers en 2 letters, bijv. 7607 AB.")
            return ""
        return normaliseer_postcode(waarde)

    def huisnummer(self, veld: str, waarde: str) -> str:
        waarde = self._schoon(waarde)
        if not waarde:
            self.fout(veld, "Vul het huisnummer in.")
            return ""
        if not re.fullmatch(HUISNUMMER_PATROON, waarde):
            self.fout(veld, "Vul een geldig huisnummer in, bijvoorbeeld 12 of 12a.")
            return ""
        return waarde.upper()

    def telefoon(self, veld: str, waarde: str) -> str:
        waarde = self._schoon(waarde)
        if waarde and not re.fullmatch(TELEFOON_PATROON, waarde):
            self.fout(veld, "Vul een geldig telefoonnummer in, bijvoorbeeld 0546 123456.")
            return ""
        return waarde

    def email(self, veld: str, waarde: str) -> str:
        waarde = self._schoon(waarde)
        if not waarde:
            return ""
        try:
            validate_email(waarde)
        except ValidationError:
            self.fout(veld, "Vul een geldig e-mailadres in.")
            return ""
        if len(waarde) > LENGTES["email"]:
            self.fout(veld, "Het e-mailadres is te lang.")
            return ""
        return waarde

    def signaal_id(self, veld: str, waarde: str, *, verplicht: bool) -> str:
        waarde = self._schoon(waarde)
        if not waarde:
            if verplicht:
                self.fout(veld, "Vul het kenmerk van het signaal in (uw eigen id).")
            return ""
        if not re.fullmatch(SIGNAAL_ID_PATROON, waarde):
            self.fout(
                veld,
                "Een kenmerk bestaat uit letters, cijfers en . _ : / - (hooguit 100 tekens).",
            )
            return ""
        return waarde

    # --- numbers and dates -----------------------------------------------------------------

    def bedrag_centen(self, veld: str, centen: int | None) -> int:
        if centen is None:
            return 0
        if centen < 1:
            self.fout(veld, "Het bedrag van de achterstand moet groter zijn dan € 0.")
            return 0
        if centen > MAX_BEDRAG_CENTEN:
            self.fout(
                veld,
                "Het bedrag is onwaarschijnlijk hoog (meer dan € 100.000). Controleer het bedrag.",
            )
            return 0
        return centen

    def bedrag_euro(self, veld: str, waarde: str) -> int:
        """'1.234,56', '1234,56', '1234.56' or '€ 1234' → cents."""
        tekst = (waarde or "").strip().replace("€", "").replace(" ", "")
        if not tekst:
            self.fout(veld, "Vul het bedrag van de achterstand in.")
            return 0
        if re.fullmatch(r"-?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]{1,2})?", tekst):
            tekst = tekst.replace(".", "").replace(",", ".")  # 1.234,56
        elif re.fullmatch(r"-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]{1,2})?", tekst):
            tekst = tekst.replace(",", "")  # 1,234.56
        elif re.fullmatch(r"-?[0-9]+([.,][0-9]{1,2})?", tekst):
            tekst = tekst.replace(",", ".")
        else:
            self.fout(veld, "Het bedrag is geen geldig bedrag. Schrijf het als 1234,56.")
            return 0
        try:
            centen = int((Decimal(tekst) * 100).to_integral_exact())
        except (InvalidOperation, ValueError):
            self.fout(veld, "Het bedrag is geen geldig bedrag. Schrijf het als 1234,56.")
            return 0
        return self.bedrag_centen(veld, centen)

    def maanden(self, veld: str, aantal: int | None) -> int:
        if aantal is None:
            return 0
        if aantal < 1 or aantal > MAX_MAANDEN:
            self.fout(veld, f"Het aantal maanden achterstand ligt tussen 1 en {MAX_MAANDEN}.")
            return 0
        return aantal

    def maanden_tekst(self, veld: str, waarde: str) -> int:
        waarde = (waarde or "").strip()
        if not waarde:
            self.fout(veld, "Vul het aantal maanden achterstand in.")
            return 0
        if not re.fullmatch(r"[0-9]{1,4}", waarde):
            self.fout(veld, "Het aantal maanden achterstand is een heel getal, bijvoorbeeld 2.")
            return 0
        return self.maanden(veld, int(waarde))

    def datum(self, veld: str, waarde: str, *, label: str, alleen_iso: bool) -> date | None:
        """ISO (2026-05-12); for CSV lists also 12-05-2026 and 12/05/2026."""
        waarde = self._schoon(waarde)
        try:
            if re.fullmatch(DATUM_PATROON, waarde):
                return date.fromisoformat(waarde)
            match = re.fullmatch(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})", waarde)
            if match and not alleen_iso:
                dag, maand, jaar = (int(d) for d in match.groups())
                return date(jaar, maand, dag)
        except ValueError:
            self.fout(veld, f"{label.capitalize()} bestaat niet (bijvoorbeeld 31 februari).")
            return None
        voorbeeld = "2026-05-12" if alleen_iso else "12-05-2026"
        self.fout(veld, f"{label.capitalize()} is geen geldige datum. Schrijf bijv. {voorbeeld}.")
        return None

    def ontvangen_op(self, veld: str, datum: date | None) -> date | None:
        if datum is None:
            return None
        if datum > self.vandaag:
            self.fout(veld, "De datum van ontvangst ligt in de toekomst.")
            return None
        if datum < VROEGSTE_DATUM:
            self.fout(veld, "De datum van ontvangst ligt voor 2000. Controleer de datum.")
            return None
        return datum

    def geboortedatum(self, veld: str, datum: date | None) -> date | None:
        if datum is None:
            return None
        if datum > self.vandaag:
            self.fout(veld, "De geboortedatum ligt in de toekomst.")
            return None
        if datum < VROEGSTE_GEBOORTEDATUM:
            self.fout(veld, "De geboortedatum ligt voor 1900. Controleer de datum.")
            return None
        return datum


def controleer_csv_rij(waarden: dict[str, str], *, rij: int, vandaag: date) -> tuple:
    """One data row of a CSV list → (SignaalGegevens or None, [Fout])."""
    c = Controle(rij=rij, vandaag=vandaag)
    w = waarden.get
    partner_soort = c.keuze(
        "partner_soort", w("partner_soort", ""), keuzes=Partnersoort, label="soort partner"
    )
    partner_naam = c.tekst(
        "partner_naam", w("partner_naam", ""), label="de naam van de partner", verplicht=True
    )
    signaal_id = c.signaal_id("signaal_id", w("signaal_id", ""), verplicht=False)
    soort = c.keuze(
        "soort_achterstand",
        w("soort_achterstand", ""),
        keuzes=Achterstandsoort,
        label="soort achterstand",
    )
    bedrag = c.bedrag_euro("bedrag", w("bedrag", ""))
    maanden = c.maanden_tekst("maanden_achterstand", w("maanden_achterstand", ""))
    ontvangen_tekst = w("datum_ontvangen", "")
    if not (ontvangen_tekst or "").strip():
        c.fout("datum_ontvangen", "Vul de datum van ontvangst in.")
        ontvangen = None
    else:
        ontvangen = c.ontvangen_op(
            "datum_ontvangen",
            c.datum("datum_ontvangen", ontvangen_tekst, label="de datum", alleen_iso=False),
        )
    geboortedatum = None
    if (w("geboortedatum", "") or "").strip():
        geboortedatum = c.geboortedatum(
            "geboortedatum",
            c.datum(
                "geboortedatum", w("geboortedatum", ""), label="de geboortedatum", alleen_iso=False
            ),
        )
    gegevens = dict(
        bsn=c.bsn("bsn", w("bsn", "")),
        voornamen=c.tekst("voornamen", w("voornamen", ""), label="de voornamen"),
        tussenvoegsel=c.tekst("tussenvoegsel", w("tussenvoegsel", ""), label="het tussenvoegsel"),
        achternaam=c.tekst(
            "achternaam", w("achternaam", ""), label="de achternaam", verplicht=True
        ),
        straat=c.tekst("straat", w("straat", ""), label="de straat"),
        huisnummer=c.huisnummer("huisnummer", w("huisnummer", "")),
        postcode=c.postcode("postcode", w("postcode", "")),
        woonplaats=c.tekst("woonplaats", w("woonplaats", ""), label="de woonplaats"),
        telefoon=c.telefoon("telefoon", w("telefoon", "")),
        email=c.email("email", w("email", "")),
    )
    if c.fouten:
        return None, c.fouten
    return (
        SignaalGegevens(
            partner_soort=partner_soort,
            partner_naam=partner_naam,
            partner_signaal_id=signaal_id,
            soort_achterstand=soort,
            bedrag_centen=bedrag,
            maanden_achterstand=maanden,
            ontvangen_op=ontvangen,
            geboortedatum=geboortedatum,
            rij=rij,
            **gegevens,
        ),
        [],
    )
