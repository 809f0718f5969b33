"""schemathesis against the national yaml (DDAS-SHV.yaml, DDAS-VS.yaml): generated requests,
signed on the way in by a small WSGI wrapper as the CBS would (the yaml cannot say how), and
every answer checked against the yaml: no server error, documented status, content type,
headers and body (the exchange models are the vendored schemas). Bounded: < 60 s."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest
import schemathesis
import yaml
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from rapportage.ddas import mapping
from rapportage.ddas.api import ondertekening, vroegsignalen

pytestmark = pytest.mark.django_db

# The national API descriptions, vendored unchanged next to the exchange models.
SPECS = Path(__file__).resolve().parents[3] / "rapportage" / "ddas" / "schema" / "api"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
_sleutel: dict[str, Any] = {}  # the afnemer's key material of the running test


def _yaml(naam: str, uitwisselmodel: dict[str, Any], prefix: str) -> dict[str, Any]:
    """The yaml with its external exchange model inlined (no network) and our base path."""
    spec = yaml.safe_load((SPECS / naam).read_text(encoding="utf-8"))
    model = copy.deepcopy(uitwisselmodel)
    for sleutel in ("$schema", "$id"):
        model.pop(sleutel, None)
    tekst = json.dumps(model).replace('"#/$defs/', '"#/components/schemas/Uitwisselmodel/$defs/')
    spec["components"]["schemas"]["Uitwisselmodel"] = json.loads(tekst)
    spec["servers"] = [{"url": prefix}]
    return spec


def application(environ, start_response):
    """Django in-process (same transaction), with Digest and signature added to the request
    as the afnemer would."""
    inhoud = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    environ["wsgi.input"] = io.BytesIO(inhoud)
    if "sleutel" in _sleutel:
        koppen = ondertekening.onderteken(inhoud, _sleutel["sleutel"])
        environ["HTTP_DIGEST"] = koppen["Digest"]
        environ["HTTP_NLGOV_ADR_PAYLOAD_SIG"] = koppen[ondertekening.KOP]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        resultaat = get_wsgi_application()(environ, start_response)
        try:
            return [b"".join(resultaat)]
        finally:
            resultaat.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


shv = schemathesis.openapi.from_dict(_yaml("DDAS-SHV.yaml", mapping.schema(), "/api/ddas/shv/v1"))
shv.app = application
vs = schemathesis.openapi.from_dict(
    _yaml("DDAS-VS.yaml", vroegsignalen.schema(), "/api/ddas/vs/v1")
)
vs.app = application
INSTELLINGEN = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def getekend(cbs):
    _sleutel["sleutel"] = cbs.sleutel
    yield cbs
    _sleutel.clear()


@shv.parametrize()
@INSTELLINGEN
def test_shv_volgens_de_yaml(case, getekend) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {getekend.token}"}, checks=CHECKS)


@vs.parametrize()
@INSTELLINGEN
def test_vs_volgens_de_yaml(case, getekend) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {getekend.token}"}, checks=CHECKS)


@shv.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_shv_zonder_token_401(case, getekend) -> None:
    antwoord = case.call()
    assert antwoord.status_code in (401, 405)  # 405: a generated call with another method
    assert "fsc-error-code" in {k.lower() for k in antwoord.headers}
    case.validate_response(antwoord, checks=CHECKS)
