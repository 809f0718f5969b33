"""Error answers as the yaml describes them: FSC errors (``Fsc-Error-Code`` header and an
FscError body) for 401, 403, 404, 405 and 502; RFC 9457 problem details for 400 and 422."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse

PROBLEEM = "application/problem+json"
TYPE_BASIS = "https://schuldhulp.nl/problemen/ddas-api/"

# FSC Core 1.0.0 codes (the yaml's enum).
TOKEN_ONTBREEKT = "ERROR_CODE_ACCESS_TOKEN_MISSING"
TOKEN_ONGELDIG = "ERROR_CODE_ACCESS_TOKEN_INVALID"
TOKEN_VERLOPEN = "ERROR_CODE_ACCESS_TOKEN_EXPIRED"
VERKEERDE_GROEP = "ERROR_CODE_WRONG_GROUP_ID_IN_TOKEN"
DIENST_ONBEKEND = "ERROR_CODE_SERVICE_NOT_FOUND"
DIENST_ONBEREIKBAAR = "ERROR_CODE_SERVICE_UNREACHABLE"
METHODE = "ERROR_CODE_METHOD_UNSUPPORTED"


class ApiFout(Exception):
    """Raised anywhere in a request; the view turns it into the (signed) answer."""

    def __init__(self, antwoord: HttpResponse) -> None:
        super().__init__(antwoord.status_code)
        self.antwoord = antwoord


def _json(status: int, inhoud: dict[str, Any]) -> HttpResponse:
    return HttpResponse(
        json.dumps(inhoud, ensure_ascii=False).encode("utf-8"),
        status=status,
        content_type=PROBLEEM,
    )


def fsc(status: int, code: str, titel: str, detail: str) -> HttpResponse:
    antwoord = _json(
        status,
        {
            "code": code,
            "domain": "ERROR_DOMAIN_INWAY",
            "title": titel,
            "detail": detail,
            "status": status,
        },
    )
    antwoord["Fsc-Error-Code"] = code
    if status == 401:
        antwoord["WWW-Authenticate"] = 'Bearer realm="ddas"'
    return antwoord


def probleem(status: int, soort: str, titel: str, detail: str, instance: str = "") -> HttpResponse:
    inhoud: dict[str, Any] = {
        "type": TYPE_BASIS + soort,
        "title": titel,
        "status": status,
        "detail": detail,
    }
    if instance:
        inhoud["instance"] = instance
    return _json(status, inhoud)


def ongeldig(detail: str, soort: str = "ongeldig-verzoek") -> ApiFout:
    return ApiFout(probleem(400, soort, "Ongeldig verzoek", detail))


def onverwerkbaar(detail: str) -> ApiFout:
    return ApiFout(probleem(422, "niet-verwerkbaar", "Verzoek niet verwerkbaar", detail))
