"""The request body (``GegevensRequest``): the period, an optional aanleverende organisatie and
the page. Everything optional; an unknown field, a wrong type or an impossible date is 400, a
period that ends before it starts is 422."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone

from rapportage.ddas.api import fouten

VELDEN = {
    "aanleverperiodeStartdatum",
    "aanleverperiodeEinddatum",
    "aanleverende_organisatie",
    "page",
    "pageSize",
}
MAX_BODY = 64 * 1024
_DATUM = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


@dataclass(frozen=True)
class Verzoek:
    van: date
    tot: date
    organisatie: str  # "" = every gemeente the afnemer reaches
    pagina: int
    paginagrootte: int  # as granted (at most DDAS_API_MAX_PAGINAGROOTTE)


def _datum(velden: dict[str, Any], naam: str) -> date | None:
    waarde = velden.get(naam)
    if waarde is None:
        return None
    if not isinstance(waarde, str) or not _DATUM.match(waarde):
        raise fouten.ongeldig(f"{naam} moet een datum zijn als JJJJ-MM-DD.")
    try:
        return date.fromisoformat(waarde)
    except ValueError:
        raise fouten.ongeldig(f"{naam} ({waarde}) is geen bestaande datum.") from None


def _geheel(velden: dict[str, Any], naam: str, standaard: int) -> int:
    waarde = velden.get(naam, standaard)
    if isinstance(waarde, bool) or not isinstance(waarde, int):
        raise fouten.ongeldig(f"{naam} moet een geheel getal zijn.")
    if waarde < 1:
        raise fouten.ongeldig(f"De parameter {naam} moet groter zijn dan of gelijk zijn aan 1.")
    return waarde


def _periode(van: date | None, tot: date | None) -> tuple[date, date]:
    """Without dates: the previous calendar year (DDAS is delivered yearly); with one date:
    the rest (or start) of that date's year."""
    if van is None and tot is None:
        jaar = timezone.localdate().year - 1
        return date(jaar, 1, 1), date(jaar, 12, 31)
    van = van or date(tot.year, 1, 1)
    tot = tot or date(van.year, 12, 31)
    if tot < van:
        raise fouten.onverwerkbaar("aanleverperiodeEinddatum ligt vóór aanleverperiodeStartdatum.")
    return van, tot


def lees(inhoud: bytes) -> Verzoek:
    if len(inhoud) > MAX_BODY:
        raise fouten.ongeldig("Het verzoek is te groot.")
    try:
        velden = json.loads(inhoud.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise fouten.ongeldig("Het verzoek is geen JSON (UTF-8).") from None
    if not isinstance(velden, dict):
        raise fouten.ongeldig("Het verzoek moet een JSON-object zijn.")
    if onbekend := sorted(set(velden) - VELDEN):
        raise fouten.ongeldig(f"Onbekend veld: {', '.join(onbekend)}.")
    organisatie = velden.get("aanleverende_organisatie", "")
    if not isinstance(organisatie, str) or len(organisatie) > 200:
        raise fouten.ongeldig("aanleverende_organisatie moet tekst zijn (hooguit 200 tekens).")
    van, tot = _periode(
        _datum(velden, "aanleverperiodeStartdatum"), _datum(velden, "aanleverperiodeEinddatum")
    )
    grootte = _geheel(velden, "pageSize", settings.DDAS_API_PAGINAGROOTTE)
    return Verzoek(
        van=van,
        tot=tot,
        organisatie=organisatie.strip(),
        pagina=_geheel(velden, "page", 1),
        paginagrootte=min(grootte, settings.DDAS_API_MAX_PAGINAGROOTTE),
    )
