"""Schema-driven tests: schemathesis generates requests from the app's own OpenAPI
description and calls the Django WSGI app in-process (same database transaction).

1. The real description, valid and invalid requests: never a 500, every status code,
   content type, header and body as documented, and every request that breaks the schema
   is refused (negative_data_rejection).
2. A copy narrowed to values that also pass the checks a schema cannot express (elfproef,
   dates not in the future, the gemeente of the token): every such request is accepted
   (positive_data_acceptance), and sent twice gives 200 with the same id.
"""

from __future__ import annotations

import copy
import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.bouwers.signalen import dagen_geleden, geldig_bsn
from trajecten.vroegsignalering.models import Vroegsignaal
from trajecten.vroegsignalering.openapi import OPENAPI

pytestmark = pytest.mark.django_db

CONFORMITEIT = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def application(environ, start_response):
    """Django's WSGI app, but without closing the database connection after each request
    (as Django's own test client does), so it runs inside the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        resultaat = get_wsgi_application()(environ, start_response)
        try:
            inhoud = b"".join(resultaat)
        finally:
            resultaat.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return [inhoud]


schema = schemathesis.openapi.from_dict(OPENAPI)
schema.app = application


def test_de_app_serveert_precies_deze_beschrijving(client):
    assert client.get("/api/v1/openapi.json").json() == json.loads(json.dumps(OPENAPI))


@schema.parametrize()
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_volgens_beschrijving(case, token):
    case.call_and_validate(
        headers={"Authorization": f"Token {token}"},
        checks=[*CONFORMITEIT, negative_data_rejection],
    )


@schema.include(path="/api/v1/vroegsignalen").parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_zonder_token_altijd_401(case, partner):
    case.headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
    response = case.call()
    assert response.status_code == (401 if case.method.upper() == "POST" else 405)
    case.validate_response(response, checks=[*CONFORMITEIT, ignored_auth])


def _smal(spec: dict) -> dict:
    """The description, narrowed to values the server's extra checks also accept."""
    smal = copy.deepcopy(spec)
    schemas = smal["components"]["schemas"]
    signaal, persoon = schemas["Vroegsignaal"]["properties"], schemas["Persoon"]["properties"]
    signaal["gemeentecode"] = {"type": "string", "enum": ["GM0141"]}
    signaal["datum_ontvangen"] = {
        "type": "string",
        "enum": [dagen_geleden(n).isoformat() for n in (0, 3, 20)],
        "nullable": True,
    }
    persoon["bsn"] = {"type": "string", "enum": [geldig_bsn() for _ in range(5)], "nullable": True}
    persoon["geboortedatum"] = {"type": "string", "enum": ["1984-05-12"], "nullable": True}
    persoon["email"] = {"type": "string", "enum": ["tanya@example.nl"], "nullable": True}
    for veld in ("voornamen", "tussenvoegsel", "achternaam", "straat", "woonplaats"):
        # Whitespace-only names are refused for required fields (nothing to contact).
        persoon[veld]["pattern"] = r"^[A-Za-zÀ-ÿ'][A-Za-zÀ-ÿ' .-]*$"
    return smal


smal_schema = schemathesis.openapi.from_dict(_smal(OPENAPI))
smal_schema.app = application
smal_schema.config.generation.update(modes=[GenerationMode.POSITIVE])


@smal_schema.include(path="/api/v1/vroegsignalen").parametrize()
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_geldige_signalen_worden_aangenomen_en_idempotent(case, token):
    headers = {"Authorization": f"Token {token}"}
    eerste = case.call(headers=headers)
    case.validate_response(eerste, checks=[*CONFORMITEIT, positive_data_acceptance])
    if eerste.status_code in (200, 201) and isinstance(case.body, dict):
        tweede = case.call(headers=headers)
        assert tweede.status_code == 200
        assert tweede.json()["id"] == eerste.json()["id"]
        assert Vroegsignaal.objects.filter(partner_signaal_id=case.body["signaal_id"]).count() == 1
