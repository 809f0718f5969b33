"""Checks on what people typed, shared by the services; each failure names its field."""

from __future__ import annotations

from datetime import date

from klantplan.services.fouten import Ongeldig
from klantplan.validatie import (
    OngeldigeWaarde,
    controleer_bedrag,
    controleer_niet_in_toekomst,
)
from schuldhulp.opmaak import datum_lang

MAX_TEKST = 5000


# The services' name for "12 mei 2026" (schuldhulp.opmaak is the one notation).
datum_nl = datum_lang


def tekst(waarde: str | None, *, veld: str, label: str, verplicht: bool = False) -> str:
    schoon = (waarde or "").strip()
    if "\x00" in schoon:  # PostgreSQL stores no NUL in text: refuse it with a reason
        raise Ongeldig(
            f"{label[0].upper()}{label[1:]} bevat een ongeldig teken (NUL). Typ de tekst opnieuw.",
            veld=veld,
        )
    if verplicht and not schoon:
        raise Ongeldig(f"Vul {label} in.", veld=veld)
    if len(schoon) > MAX_TEKST:
        raise Ongeldig(
            f"{label[0].upper()}{label[1:]} is te lang: hoogstens {MAX_TEKST} tekens.", veld=veld
        )
    return schoon


def keuze(waarde: str, keuzes, *, veld: str, bericht: str, leeg_mag: bool = False) -> str:
    if leeg_mag and not waarde:
        return ""
    if waarde not in keuzes.values:
        raise Ongeldig(bericht, veld=veld)
    return waarde


def datum_verleden(datum: date | None, *, veld: str, wat: str = "De datum") -> date:
    if datum is None:
        raise Ongeldig(f"Vul {wat.lower()} in.", veld=veld)
    try:
        return controleer_niet_in_toekomst(datum, wat=wat)
    except OngeldigeWaarde as exc:
        raise Ongeldig(str(exc), veld=veld) from exc


def bedrag(centen: int | None, *, veld: str, wat: str) -> int:
    if centen is None:
        raise Ongeldig(f"Vul {wat.lower()} in.", veld=veld)
    try:
        return controleer_bedrag(centen, wat=wat)
    except OngeldigeWaarde as exc:
        raise Ongeldig(str(exc), veld=veld) from exc
