"""Checks shared by forms, services and the CSV import, with plain Dutch messages."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from klantplan.models import MAX_BEDRAG_CENT

KVK_RE = re.compile(r"^[0-9]{8}$")
_DUIZENDTALLEN_PUNT = re.compile(r"^\d{1,3}(\.\d{3})+$")
_DUIZENDTALLEN_KOMMA = re.compile(r"^\d{1,3}(,\d{3})+\.\d{1,2}$")


class OngeldigeWaarde(ValueError):
    """A value that cannot be used; the message is shown to the user as it is."""


def euro_naar_centen(tekst: str) -> int:
    """'€ 1.234,56' / '1234,56' / '1234.56' / '1.234' → cents. Dutch notation comes first:
    a dot followed by exactly three digits groups thousands."""
    schoon = re.sub(r"[\s€]|EUR", "", (tekst or "").strip(), flags=re.IGNORECASE)
    if not schoon:
        raise OngeldigeWaarde("Vul een bedrag in.")
    negatief = schoon.startswith("-")
    schoon = schoon.lstrip("-+")
    if "," in schoon and "." in schoon:
        if _DUIZENDTALLEN_KOMMA.match(schoon):
            schoon = schoon.replace(",", "")  # 1,234.56 (English)
        else:
            schoon = schoon.replace(".", "").replace(",", ".")  # 1.234,56 (Dutch)
    elif "," in schoon:
        schoon = schoon.replace(",", ".")
    elif _DUIZENDTALLEN_PUNT.match(schoon):
        schoon = schoon.replace(".", "")
    if schoon.endswith(".-"):
        schoon = schoon[:-2]
    if not re.fullmatch(r"\d+(\.\d{1,2})?", schoon):
        raise OngeldigeWaarde(
            "Vul een bedrag in euro's in, met hoogstens 2 cijfers achter de komma. "
            "Bijvoorbeeld 1.234,56."
        )
    try:
        centen = int((Decimal(schoon) * 100).to_integral_exact())
    except InvalidOperation as exc:
        raise OngeldigeWaarde("Vul een bedrag in euro's in, bijvoorbeeld 1.234,56.") from exc
    if negatief and centen:
        raise OngeldigeWaarde("Een bedrag kan niet negatief zijn.")
    return controleer_bedrag(centen)


def controleer_bedrag(centen: int, *, wat: str = "Het bedrag") -> int:
    if isinstance(centen, bool) or not isinstance(centen, int):
        raise OngeldigeWaarde(f"{wat} moet een bedrag in euro's zijn.")
    if centen < 0:
        raise OngeldigeWaarde(f"{wat} kan niet negatief zijn.")
    if centen > MAX_BEDRAG_CENT:
        raise OngeldigeWaarde(
            f"{wat} is meer dan € 10.000.000. Dat is vast een tikfout. Controleer het bedrag."
        )
    return centen


def controleer_kvk(nummer: str) -> str:
    schoon = re.sub(r"[\s.]", "", nummer or "")
    if schoon and not KVK_RE.match(schoon):
        raise OngeldigeWaarde("Een KvK-nummer heeft precies 8 cijfers, bijvoorbeeld 12345678.")
    return schoon


def controleer_niet_in_toekomst(datum: date, *, wat: str = "De datum") -> date:
    if datum > timezone.localdate():
        raise OngeldigeWaarde(f"{wat} ligt in de toekomst. Kies vandaag of een eerdere dag.")
    return datum


def lees_datum(tekst: str) -> date:
    """'31-12-2026', '31/12/2026', '2026-12-31' → date."""
    tekst = (tekst or "").strip()
    for formaat in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%y"):
        try:
            return datetime.strptime(tekst, formaat).date()
        except ValueError:
            continue
    raise OngeldigeWaarde(f"'{tekst}' is geen datum. Schrijf de datum als 31-12-2026.")


def lees_ja_nee(tekst: str) -> bool:
    waarde = (tekst or "").strip().lower()
    if waarde in {"ja", "j", "1", "true", "waar", "x", "yes"}:
        return True
    if waarde in {"", "nee", "n", "0", "false", "onwaar", "no"}:
        return False
    raise OngeldigeWaarde(f"'{tekst}' is geen ja of nee.")
