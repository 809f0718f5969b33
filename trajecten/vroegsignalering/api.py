"""The signal partner API: ``POST /api/v1/vroegsignalen`` with ``Authorization: Token …``.

The only CSRF-exempt views of the application: they take no session, only a token. Every
error is JSON ``{"fouten": [{"veld": ..., "melding": ...}]}``; the OpenAPI description
is served at ``/api/v1/openapi.json``.
"""

from __future__ import annotations

import json

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from schuldhulp import tekens
from schuldhulp.models import Gemeente
from trajecten.vroegsignalering import services
from trajecten.vroegsignalering.apisignaal import controleer_api_signaal
from trajecten.vroegsignalering.openapi import OPENAPI
from trajecten.vroegsignalering.validatie import Fout


def _fouten(status: int, fouten: list[Fout], **headers: str) -> JsonResponse:
    antwoord = JsonResponse({"fouten": [f.als_dict() for f in fouten]}, status=status)
    for naam, waarde in headers.items():
        antwoord[naam.replace("_", "-")] = waarde
    return antwoord


def _methode_niet_toegestaan(toegestaan: str) -> JsonResponse:
    antwoord = _fouten(405, [Fout(None, f"Deze methode kan hier niet. Gebruik {toegestaan}.")])
    antwoord["Allow"] = toegestaan
    return antwoord


def _token(request: HttpRequest) -> str:
    schema, _, token = request.headers.get("Authorization", "").strip().partition(" ")
    return token.strip() if schema.lower() == "token" else ""


@csrf_exempt
def vroegsignalen(request: HttpRequest) -> JsonResponse:
    if request.method != "POST":
        return _methode_niet_toegestaan("POST")
    partner = services.partner_voor_token(_token(request))
    if partner is None:
        return _fouten(
            401,
            [Fout(None, "Geen of een onbekend token. Stuur de header 'Authorization: Token …'.")],
            WWW_Authenticate="Token",
        )
    if (request.content_type or "").lower() != "application/json":
        return _fouten(415, [Fout(None, "Stuur de inhoud als application/json.")])
    try:
        ruw = request.body
    except RequestDataTooBig:
        return _fouten(413, [Fout(None, "Het verzoek is te groot.")])
    try:
        data = json.loads(ruw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return _fouten(400, [Fout(None, "De inhoud is geen geldige JSON (UTF-8).")])
    if pad := tekens.in_json(data):
        return _fouten(400, [Fout(pad, "Dit veld bevat een ongeldig teken (zoals NUL).")])
    signaal, fouten = controleer_api_signaal(
        data,
        partner_soort=partner.soort,
        partner_naam=partner.naam,
        vandaag=timezone.localdate(),
    )
    if signaal is None:
        return _fouten(400, fouten)
    gemeente = Gemeente.objects.filter(code=signaal.gemeentecode).first()
    if gemeente is None or not partner.gemeenten.filter(pk=gemeente.pk).exists():
        return _fouten(
            403, [Fout("gemeentecode", "U mag geen signalen leveren voor deze gemeente.")]
        )
    try:
        ontvangst = services.ontvang_api_signaal(
            partner=partner, gemeente=gemeente, gegevens=signaal.gegevens
        )
    except services.Geweigerd as exc:
        return _fouten(403, [Fout("gemeentecode", str(exc))])
    return JsonResponse(
        {
            "id": ontvangst.signaal.pk,
            "signaal_id": ontvangst.signaal.partner_signaal_id,
            "datum_ontvangen": ontvangst.signaal.ontvangen_op.isoformat(),
        },
        status=201 if ontvangst.nieuw else 200,
    )


@csrf_exempt
def openapi(request: HttpRequest) -> JsonResponse:
    if request.method not in ("GET", "HEAD"):
        return _methode_niet_toegestaan("GET")
    return JsonResponse(OPENAPI, json_dumps_params={"ensure_ascii": False})
