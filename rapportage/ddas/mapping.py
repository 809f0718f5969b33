"""DDAS v1.0: the official schema, its validator with Dutch messages, and the small value
conversions shared by export and import (house numbers, postcodes, dates, kinds).

The schema file in ``schema/`` is the unchanged ``json_schema_Uitwisselmodel.json`` of
VNG-Realisatie/ddas v1.0. The validator class follows the schema's ``$schema`` (Draft 2020-12).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
from jsonschema import FormatChecker, ValidationError, validators
from jsonschema.protocols import Validator

from schuldhulp import opmaak
from trajecten.models import Productsoort

SCHEMA_PAD = Path(__file__).parent / "schema" / "json_schema_Uitwisselmodel.json"
SCHEMA_VERSIE = "1.0"

TOELATING = "Toelatingsbeschikking"
AFWIJZING = "Afwijzingsbeschikking"

# DDAS begeleiding.soort and oplossing.soort are the app's Productsoort values themselves.
BEGELEIDINGSSOORTEN: tuple[str, ...] = (
    Productsoort.BUDGETCOACHING,
    Productsoort.BUDGETBEHEER,
    Productsoort.BESCHERMINGSBEWIND,
    Productsoort.LANGE_TERMIJN,
    Productsoort.BUDGETBEGELEIDING,
)
OPLOSSINGSSOORTEN: tuple[str, ...] = (
    Productsoort.BETALINGSREGELING,
    Productsoort.HERFINANCIERING,
    Productsoort.SANERINGSKREDIET,
    Productsoort.SCHULDBEMIDDELING,
    Productsoort.NULPROCENTAANBOD,
)

# RFC 3339 date-time (jsonschema checks it only with an optional package; we check it here).
_DATUM_TIJD = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$", re.ASCII
)
_HUISNUMMER = re.compile(r"^\s*(\d+)\s*[-\s]?\s*(.*?)\s*$")


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PAD.read_text(encoding="utf-8"))


def _is_datum_tijd(waarde: object) -> bool:
    if not isinstance(waarde, str):
        return True  # the type keyword reports non-strings
    if not _DATUM_TIJD.match(waarde):
        return False
    datetime.fromisoformat(waarde.replace("z", "Z").replace("Z", "+00:00"))
    return True


@cache
def validator() -> Validator:
    """A validator for the schema's own draft, with date, date-time and e-mail checked."""
    klasse = validators.validator_for(schema())
    klasse.check_schema(schema())
    controle = FormatChecker()
    controle.checks("date-time", raises=ValueError)(_is_datum_tijd)
    return klasse(schema(), format_checker=controle)


# The importer's name for opmaak.datum_lang ("12 mei 2026"; "—" for none).
datum_nl = opmaak.datum_lang


def pad_tekst(pad: Iterable[str | int], *, leeg: str = "(het hele bestand)") -> str:
    """['client', 0, 'Postcode'] → 'client[0].Postcode'; `leeg` names the root."""
    tekst = ""
    for deel in pad:
        if isinstance(deel, int):
            tekst += f"[{deel}]"
        else:
            tekst += f".{deel}" if tekst else str(deel)
    return tekst or leeg


_TYPEN = {
    "string": "tekst",
    "integer": "een geheel getal",
    "number": "een getal",
    "boolean": "true of false",
    "object": "een groep velden ({…})",
    "array": "een lijst ([…])",
    "null": "leeg (null)",
}
_FORMATEN = {
    "date": "geen geldige datum; gebruik JJJJ-MM-DD, bijvoorbeeld 2026-05-12",
    "date-time": "geen geldige datum met tijd; gebruik bijvoorbeeld 2026-05-12T09:30:00Z",
    "email": "geen geldig e-mailadres",
}


def _kort(waarde: object) -> str:
    tekst = json.dumps(waarde, ensure_ascii=False)
    return tekst if len(tekst) <= 60 else tekst[:57] + "…"


def melding(fout: ValidationError) -> str:
    """A plain-Dutch sentence for one schema error."""
    soort, eis, waarde = fout.validator, fout.validator_value, fout.instance
    if soort == "required":
        ontbreekt = [v for v in eis if isinstance(waarde, dict) and v not in waarde]
        namen = ", ".join(f"'{v}'" for v in ontbreekt) or _kort(eis)
        return f"Verplicht veld {namen} ontbreekt."
    if soort == "additionalProperties":
        bekend = fout.schema.get("properties", {})
        extra = [k for k in waarde if k not in bekend] if isinstance(waarde, dict) else []
        return f"Onbekend veld {', '.join(repr(k) for k in extra)}: dit staat niet in DDAS v1.0."
    if soort == "type":
        verwacht = " of ".join(_TYPEN.get(t, t) for t in ([eis] if isinstance(eis, str) else eis))
        return f"Hier hoort {verwacht}, maar het bestand bevat {_kort(waarde)}."
    if soort == "enum":
        return f"{_kort(waarde)} is geen toegestane waarde. Toegestaan: {', '.join(eis)}."
    if soort == "format":
        return f"{_kort(waarde)} is {_FORMATEN.get(eis, f'niet in het formaat {eis}')}."
    if soort == "minItems":
        return f"De lijst moet minstens {eis} element{'en' if eis != 1 else ''} bevatten."
    if soort == "maxItems":
        return f"De lijst mag hoogstens {eis} elementen bevatten."
    return f"Voldoet niet aan het DDAS-schema ({soort}): {fout.message}"


@dataclass(frozen=True)
class Schemafout:
    """One schema error: where (path from the document root) and what, in Dutch."""

    pad: tuple[str | int, ...]
    melding: str


def _recordschema() -> dict[str, Any]:
    levering = schema()["properties"]["leveringen"]["items"]
    return levering["properties"]["schuldhulptrajecten"]["items"]


@cache
def _snel() -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(schema(), validate_formats=True)


@cache
def _snel_record() -> jsonschema_rs.Validator:
    los = {"$schema": schema()["$schema"], "$defs": schema()["$defs"], **_recordschema()}
    return jsonschema_rs.validator_for(los, validate_formats=True)


def _records(document: object) -> Iterator[tuple[int, int, object]]:
    leveringen = document.get("leveringen") if isinstance(document, dict) else None
    for i, levering in enumerate(leveringen if isinstance(leveringen, list) else []):
        trajecten = levering.get("schuldhulptrajecten") if isinstance(levering, dict) else None
        for j, record in enumerate(trajecten if isinstance(trajecten, list) else []):
            yield i, j, record


def _zonder_records(document: dict[str, Any]) -> dict[str, Any]:
    def leeg(levering: object) -> object:
        if isinstance(levering, dict) and isinstance(levering.get("schuldhulptrajecten"), list):
            return {**levering, "schuldhulptrajecten": []}
        return levering

    return {**document, "leveringen": [leeg(lev) for lev in document["leveringen"]]}


def schemafouten(document: object) -> list[Schemafout]:
    """Every error of `document` against the official schema, with its path.

    jsonschema-rs first answers whether there is any error at all (a valid file of 50 MB in
    about a second). Where there is, the Python jsonschema validator for the schema's draft
    finds and describes each error — on the file without its records, and on each record
    that jsonschema-rs rejected. So the Python validator always decides what is reported.
    """
    if _snel().is_valid(document):
        return []
    if not (isinstance(document, dict) and isinstance(document.get("leveringen"), list)):
        return [
            Schemafout(tuple(e.absolute_path), melding(e))
            for e in validator().iter_errors(document)
        ]
    fouten = [
        Schemafout(tuple(e.absolute_path), melding(e))
        for e in validator().iter_errors(_zonder_records(document))
    ]
    per_record = validator().evolve(schema=_recordschema())
    for i, j, record in _records(document):
        if _snel_record().is_valid(record):
            continue
        fouten.extend(
            Schemafout(("leveringen", i, "schuldhulptrajecten", j, *e.absolute_path), melding(e))
            for e in per_record.iter_errors(record)
        )
    return fouten


def recordfouten(record: object) -> list[Schemafout]:
    """Every error of one ``schuldhulptraject`` record, with its path inside the record.

    The streaming export checks each record on its own before it writes it: a document is
    valid exactly when the file around the records and every record are (the schema puts no
    rule on the list of records other than its items), so this finds what
    :func:`schemafouten` would find in the record's place.
    """
    if _snel_record().is_valid(record):
        return []
    per_record = validator().evolve(schema=_recordschema())
    return [Schemafout(tuple(e.absolute_path), melding(e)) for e in per_record.iter_errors(record)]


def splits_huisnummer(huisnummer: str) -> tuple[str, str]:
    """'12A' → ('12', 'A'); '12-2' → ('12', '2'); '' → ('', '')."""
    match = _HUISNUMMER.match(huisnummer or "")
    if not match:
        return (huisnummer or "").strip(), ""
    return match.group(1), match.group(2)


def voeg_huisnummer_samen(nummer: str, toevoeging: str) -> str:
    """The inverse of splits_huisnummer: a single letter is glued on, else joined with '-'."""
    nummer, toevoeging = (nummer or "").strip(), (toevoeging or "").strip()
    if not toevoeging:
        return nummer
    if len(toevoeging) == 1 and toevoeging.isalpha():
        return f"{nummer}{toevoeging}"
    return f"{nummer}-{toevoeging}"


def postcode_ddas(postcode: str) -> str:
    """DDAS writes postcodes without a space: 7607 AB → 7607AB."""
    return (postcode or "").replace(" ", "").upper()


def iso(waarde: date | None) -> str | None:
    return waarde.isoformat() if waarde else None


def zonder_leeg(velden: dict[str, Any]) -> dict[str, Any]:
    """Drop None values and empty groups: DDAS leaves unknown things out."""
    return {k: v for k, v in velden.items() if v is not None and v != {} and v != []}


def sorteer(rijen: Sequence[dict[str, Any]], *sleutels: str) -> list[dict[str, Any]]:
    return sorted(rijen, key=lambda r: tuple(str(r.get(s, "")) for s in sleutels))
