"""Validators for Dutch identifiers, with Dutch messages."""

from __future__ import annotations

import random
import re
from datetime import date

from django.core.exceptions import ValidationError
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.nl import bsn as stdnum_bsn

POSTCODE_RE = re.compile(r"^([1-9][0-9]{3})\s?([A-Za-z]{2})$")
GEMEENTECODE_RE = re.compile(r"^GM[0-9]{4}$")


def normaliseer_bsn(waarde: str) -> str:
    """Strip spaces, dots and dashes; no zero padding (a BSN is entered with 9 digits)."""
    return re.sub(r"[\s.-]", "", waarde or "")


def valideer_bsn(waarde: str) -> None:
    waarde = normaliseer_bsn(waarde)
    if not waarde.isdigit() and waarde:
        raise ValidationError("Een BSN bestaat alleen uit cijfers.", code="bsn_formaat")
    if len(waarde) != 9:
        raise ValidationError("Een BSN heeft 9 cijfers.", code="bsn_lengte")
    try:
        stdnum_bsn.validate(waarde)
    except (InvalidLength, InvalidFormat, InvalidChecksum) as exc:
        raise ValidationError(
            "Dit BSN bestaat niet: het voldoet niet aan de elfproef. Controleer de cijfers.",
            code="bsn_elfproef",
        ) from exc


def genereer_bsn(rng: random.Random) -> str:
    """A random 9-digit number that passes the elfproef (demo and test data; every app's
    tests use it, so it lives in the core rather than in the demo app)."""
    while True:
        cijfers = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        som = sum(c * w for c, w in zip(cijfers, range(9, 1, -1), strict=True))
        laatste = som % 11
        if laatste <= 9:
            return "".join(map(str, cijfers)) + str(laatste)


def normaliseer_postcode(waarde: str) -> str:
    match = POSTCODE_RE.match((waarde or "").strip())
    if not match:
        return (waarde or "").strip().upper()
    return f"{match.group(1)} {match.group(2).upper()}"


def valideer_postcode(waarde: str) -> None:
    if not POSTCODE_RE.match((waarde or "").strip()):
        raise ValidationError(
            "Vul een geldige postcode in: 4 cijfers en 2 letters, bijvoorbeeld 7607 AB.",
            code="postcode",
        )


# A Dutch number as people write it: 10 digits from 0 (053 481 12 34, 06-12345678), 0800/0900
# service numbers of 8 or 11 digits, +31 with 9 digits, or a gemeente's 14 + area code
# (14 053). Spaces, dashes, brackets allowed.
TELEFOON_RE = re.compile(r"^(0\d{9}|0[89]00\d{4}(\d{3})?|\+31\d{9}|140\d{2,3})$")


def valideer_telefoon(waarde: str) -> None:
    kaal = re.sub(r"[\s\-()]", "", waarde or "")
    if kaal and not TELEFOON_RE.match(kaal):
        raise ValidationError(
            "Vul een Nederlands telefoonnummer in, bijvoorbeeld 053 481 12 34 of 0800 1234.",
            code="telefoon",
        )


def valideer_gemeentecode(waarde: str) -> None:
    if not GEMEENTECODE_RE.match(waarde or ""):
        raise ValidationError(
            "Een CBS-gemeentecode is GM gevolgd door 4 cijfers, bijvoorbeeld GM0141.",
            code="gemeentecode",
        )


# The oldest plausible client: a date before this is a typing or conversion error (1880).
OUDSTE_GEBOORTEDATUM = date(1900, 1, 1)


def geboortedatum_fout(geboortedatum: date, *, uiterlijk: date) -> str | None:
    """Why `geboortedatum` cannot be a client's, or None; `uiterlijk`: the aanmelding (or
    today), on which the client already lived."""
    if geboortedatum < OUDSTE_GEBOORTEDATUM:
        return (
            f"De geboortedatum {geboortedatum.day}-{geboortedatum.month}-{geboortedatum.year} "
            "kan niet kloppen (vóór 1900). Controleer de datum."
        )
    if geboortedatum > uiterlijk:
        return "De geboortedatum ligt na de aanmelding of in de toekomst. Controleer de datum."
    return None


def maskeer_bsn(waarde: str) -> str:
    """Show only the last three digits, as in lists."""
    return f"*****{waarde[-3:]}" if waarde and len(waarde) >= 3 else "—"
