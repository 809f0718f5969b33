"""Checking the JSON body of ``POST /api/v1/vroegsignalen`` (the shared per-field checks,
:class:`~trajecten.vroegsignalering.validatie.Controle`, are in ``validatie.py``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from trajecten.vroegsignalering.models import Achterstandsoort
from trajecten.vroegsignalering.validatie import (
    GEMEENTECODE_PATROON,
    Controle,
    Fout,
    SignaalGegevens,
)

API_VELDEN = {
    "gemeentecode",
    "signaal_id",
    "soort_achterstand",
    "bedrag_centen",
    "maanden_achterstand",
    "datum_ontvangen",
    "persoon",
}
API_VERPLICHT = {
    "gemeentecode",
    "signaal_id",
    "soort_achterstand",
    "bedrag_centen",
    "maanden_achterstand",
    "persoon",
}
PERSOON_VELDEN = {
    "bsn",
    "voornamen",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "straat",
    "huisnummer",
    "postcode",
    "woonplaats",
    "telefoon",
    "email",
}
PERSOON_VERPLICHT = {"achternaam", "huisnummer", "postcode"}


@dataclass
class ApiSignaal:
    gemeentecode: str
    gegevens: SignaalGegevens


def _is_geheel_getal(waarde: object) -> bool:
    return isinstance(waarde, int) and not isinstance(waarde, bool)


def _leesbare_tekst(waarde: str) -> bool:
    """JSON may carry lone surrogates (\\ud800) that cannot be stored as UTF-8."""
    try:
        waarde.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def controleer_api_signaal(
    data: object, *, partner_soort: str, partner_naam: str, vandaag: date
) -> tuple[ApiSignaal | None, list[Fout]]:
    """The JSON body of ``POST /api/v1/vroegsignalen`` → (ApiSignaal or None, [Fout])."""
    c = Controle(vandaag=vandaag, strikt=True)
    if not isinstance(data, dict):
        return None, [Fout(None, "De inhoud moet een JSON-object zijn.")]
    persoon = data.get("persoon")
    for veld in sorted(set(data) - API_VELDEN):
        c.fout(veld, "Onbekend veld.")
    for veld in sorted(API_VERPLICHT - set(data)):
        c.fout(veld, "Dit veld is verplicht.")
    if "persoon" in data and not isinstance(persoon, dict):
        c.fout("persoon", "Moet een object zijn met de gegevens van de persoon.")
        persoon = None
    persoon = persoon or {}
    for veld in sorted(set(persoon) - PERSOON_VELDEN):
        c.fout(f"persoon.{veld}", "Onbekend veld.")
    if "persoon" in data and isinstance(data.get("persoon"), dict):
        for veld in sorted(PERSOON_VERPLICHT - set(persoon)):
            c.fout(f"persoon.{veld}", "Dit veld is verplicht.")

    def tekstwaarde(bron: dict, veld: str, naam: str, *, nullable: bool) -> str | None:
        """The raw string, or None when absent/null (a wrong type is an error)."""
        if veld not in bron:
            return None
        waarde = bron[veld]
        if waarde is None and nullable:
            return None
        if not isinstance(waarde, str):
            c.fout(naam, "Moet tekst zijn." + (" Of laat het veld weg." if nullable else ""))
            return None
        if not _leesbare_tekst(waarde):
            c.fout(naam, "Bevat tekens die geen geldige UTF-8 zijn.")
            return None
        return waarde

    def getal(veld: str) -> int | None:
        if veld not in data:
            return None
        waarde = data[veld]
        if not _is_geheel_getal(waarde):
            c.fout(veld, "Moet een geheel getal zijn.")
            return None
        return waarde

    gemeentecode = tekstwaarde(data, "gemeentecode", "gemeentecode", nullable=False)
    if gemeentecode is not None and not re.fullmatch(GEMEENTECODE_PATROON, gemeentecode):
        c.fout("gemeentecode", "Een CBS-gemeentecode is GM gevolgd door 4 cijfers, bijv. GM0141.")
        gemeentecode = None
    signaal_id_tekst = tekstwaarde(data, "signaal_id", "signaal_id", nullable=False)
    signaal_id = (
        c.signaal_id("signaal_id", signaal_id_tekst, verplicht=True)
        if signaal_id_tekst is not None
        else ""
    )
    soort_tekst = tekstwaarde(data, "soort_achterstand", "soort_achterstand", nullable=False)
    soort = ""
    if soort_tekst is not None:
        if soort_tekst in Achterstandsoort.values:
            soort = soort_tekst
        else:
            c.fout(
                "soort_achterstand",
                f"Onbekende soort achterstand. Kies uit: {', '.join(Achterstandsoort.values)}.",
            )
    bedrag_ruw = getal("bedrag_centen")
    bedrag = c.bedrag_centen("bedrag_centen", bedrag_ruw) if bedrag_ruw is not None else 0
    maanden_ruw = getal("maanden_achterstand")
    maanden = c.maanden("maanden_achterstand", maanden_ruw) if maanden_ruw is not None else 0
    ontvangen: date | None = vandaag
    ontvangen_tekst = tekstwaarde(data, "datum_ontvangen", "datum_ontvangen", nullable=True)
    if ontvangen_tekst is not None:
        ontvangen = c.ontvangen_op(
            "datum_ontvangen",
            c.datum("datum_ontvangen", ontvangen_tekst, label="de datum", alleen_iso=True),
        )

    def p(veld: str) -> str | None:
        verplicht = veld in PERSOON_VERPLICHT
        return tekstwaarde(persoon, veld, f"persoon.{veld}", nullable=not verplicht)

    aantal_fouten = len(c.fouten)
    bsn_tekst = p("bsn")
    bsn = c.bsn("persoon.bsn", bsn_tekst) if bsn_tekst is not None else ""
    if bsn_tekst is not None and not bsn_tekst.strip() and len(c.fouten) == aantal_fouten:
        c.fout("persoon.bsn", "Een BSN bestaat uit precies 9 cijfers. Of laat het veld weg.")
    geboortedatum = None
    geboorte_tekst = p("geboortedatum")
    if geboorte_tekst is not None:
        geboortedatum = c.geboortedatum(
            "persoon.geboortedatum",
            c.datum(
                "persoon.geboortedatum", geboorte_tekst, label="de geboortedatum", alleen_iso=True
            ),
        )

    def naam(veld: str, label: str) -> str:
        waarde = p(veld)
        if waarde is None:
            return ""
        return c.tekst(f"persoon.{veld}", waarde, label=label, verplicht=veld in PERSOON_VERPLICHT)

    voornamen = naam("voornamen", "de voornamen")
    tussenvoegsel = naam("tussenvoegsel", "het tussenvoegsel")
    achternaam = naam("achternaam", "de achternaam")
    straat = naam("straat", "de straat")
    woonplaats = naam("woonplaats", "de woonplaats")
    huisnummer_tekst = p("huisnummer")
    huisnummer = (
        c.huisnummer("persoon.huisnummer", huisnummer_tekst) if huisnummer_tekst is not None else ""
    )
    postcode_tekst = p("postcode")
    postcode = c.postcode("persoon.postcode", postcode_tekst) if postcode_tekst is not None else ""
    telefoon_tekst = p("telefoon")
    telefoon = c.telefoon("persoon.telefoon", telefoon_tekst) if telefoon_tekst is not None else ""
    if (
        telefoon_tekst is not None
        and not telefoon
        and not any(f.veld == "persoon.telefoon" for f in c.fouten)
    ):
        c.fout("persoon.telefoon", "Vul een geldig telefoonnummer in of laat het veld weg.")
    email_tekst = p("email")
    email = c.email("persoon.email", email_tekst) if email_tekst is not None else ""
    if (
        email_tekst is not None
        and not email
        and not any(f.veld == "persoon.email" for f in c.fouten)
    ):
        c.fout("persoon.email", "Vul een geldig e-mailadres in of laat het veld weg.")

    if c.fouten or ontvangen is None or gemeentecode is None:
        return None, c.fouten
    return (
        ApiSignaal(
            gemeentecode=gemeentecode,
            gegevens=SignaalGegevens(
                partner_soort=partner_soort,
                partner_naam=partner_naam,
                partner_signaal_id=signaal_id,
                soort_achterstand=soort,
                bedrag_centen=bedrag,
                maanden_achterstand=maanden,
                ontvangen_op=ontvangen,
                achternaam=achternaam,
                postcode=postcode,
                huisnummer=huisnummer,
                bsn=bsn,
                voornamen=voornamen,
                tussenvoegsel=tussenvoegsel,
                geboortedatum=geboortedatum,
                straat=straat,
                woonplaats=woonplaats,
                telefoon=telefoon,
                email=email,
            ),
        ),
        [],
    )
