"""Fixtures for the DDAS API: the test chain (made once per session), registered afnemers,
their tokens and a client that signs its requests as the CBS would."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from oauth2_provider.models import get_access_token_model

from rapportage.ddas.api import ondertekening, registratie, sleutels, testketen
from rapportage.ddas.api.models import Afnemer

SHV = "/api/ddas/shv/v1/gegevens"
VS = "/api/ddas/vs/v1/gegevens"
OIN = "00000001003214345000"


@pytest.fixture(scope="session")
def ketenmap(tmp_path_factory) -> Path:
    """DATA_DIR for the API tests, with the test chain in it (RSA keys: made once)."""
    data = tmp_path_factory.mktemp("ddas-api")
    testketen.maak(data / "ddas-api-testketen", oin_afnemer=OIN)
    return data


@pytest.fixture
def keten(settings, ketenmap) -> testketen.Keten:
    settings.DATA_DIR = ketenmap
    settings.DDAS_API_TESTKETEN = True
    return testketen.Keten(ketenmap / "ddas-api-testketen")


@pytest.fixture
def cbs_sleutel(keten) -> sleutels.Sleutelmateriaal:
    """The afnemer's own key and chain (it signs requests), trusting the same test root."""
    return sleutels._laad(
        str(keten.sleutel("afnemer")),
        str(keten.certificaat("afnemer")),
        str(keten.root),
        "",
        "",
        (),
    )


def token_voor(afnemer: Afnemer, *, scope: str = "read", verloopt_over: int = 3600) -> str:
    waarde = secrets.token_urlsafe(30)
    get_access_token_model().objects.create(
        application=afnemer.application,
        token=waarde,
        scope=scope,
        expires=timezone.now() + timedelta(seconds=verloopt_over),
    )
    return waarde


@dataclass
class Afnemerclient:
    """Posts to the API as a registered afnemer: token, Digest and signature."""

    afnemer: Afnemer
    token: str
    sleutel: sleutels.Sleutelmateriaal
    client: Client

    def post(
        self,
        pad: str,
        body: dict[str, Any] | bytes | None = None,
        *,
        token: str | None = None,
        teken: bool = True,
        inhoud_na_tekenen: bytes | None = None,
    ):
        inhoud = body if isinstance(body, bytes) else json.dumps(body or {}).encode()
        koppen: dict[str, str] = {}
        if token != "":
            koppen["Authorization"] = f"Bearer {token or self.token}"
        if teken:
            koppen |= ondertekening.onderteken(inhoud, self.sleutel)
        return self.client.generic(
            "POST",
            pad,
            inhoud_na_tekenen if inhoud_na_tekenen is not None else inhoud,
            content_type="application/json",
            headers=koppen,
        )


def gecontroleerd(antwoord) -> dict[str, Any]:
    """The body of an answer whose Digest and signature check out against the test root."""
    ondertekening.verifieer(
        antwoord.content,
        antwoord["Digest"],
        antwoord[ondertekening.KOP],
        sleutels.materiaal(),
    )
    return json.loads(antwoord.content)


@pytest.fixture
def afnemer_a(gemeente_a) -> Afnemer:
    afnemer, _ = registratie.registreer(naam="Afnemer Almelo", gemeenten=[gemeente_a])
    afnemer.oin = OIN
    afnemer.save()
    return afnemer


@pytest.fixture
def cbs(afnemer_a, cbs_sleutel) -> Afnemerclient:
    return Afnemerclient(afnemer_a, token_voor(afnemer_a), cbs_sleutel, Client())
