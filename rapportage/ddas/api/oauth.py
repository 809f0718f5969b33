"""OAuth2 client credentials (django-oauth-toolkit): who holds the bearer token of a request,
and the token endpoint's extra rule (an afnemer that is switched off gets no token).

Answers follow the yaml's FSC errors: no token → 401 ``ACCESS_TOKEN_MISSING``; unknown or
revoked → 401 ``ACCESS_TOKEN_INVALID``; expired → 401 ``ACCESS_TOKEN_EXPIRED``; a valid token
without scope ``read`` → 403 ``ACCESS_TOKEN_INVALID`` (ADR 0010)."""

from __future__ import annotations

import hashlib

from django.http import HttpRequest
from oauth2_provider.models import get_access_token_model
from oauth2_provider.oauth2_validators import OAuth2Validator

from rapportage.ddas.api import fouten
from rapportage.ddas.api.models import Afnemer

SCOPE = "read"


class Validator(OAuth2Validator):
    """Only an active afnemer's client gets a token, and only by client credentials."""

    def validate_grant_type(self, client_id, grant_type, client, request, *args, **kwargs):
        if grant_type != "client_credentials":
            return False
        afnemer = Afnemer.objects.filter(application=client).only("actief").first()
        if afnemer is None or not afnemer.actief:
            return False
        return super().validate_grant_type(client_id, grant_type, client, request, *args, **kwargs)


def _bearer(request: HttpRequest) -> str | None:
    kop = request.headers.get("Authorization", "")
    soort, _, waarde = kop.partition(" ")
    if soort.lower() != "bearer" or not waarde.strip():
        return None
    return waarde.strip()


def afnemer_van(request: HttpRequest) -> Afnemer:
    """The afnemer whose valid token with scope ``read`` this request carries (ApiFout if not)."""
    waarde = _bearer(request)
    if waarde is None:
        raise fouten.ApiFout(
            fouten.fsc(
                401,
                fouten.TOKEN_ONTBREEKT,
                "Geen access token",
                "Stuur een access token mee: Authorization: Bearer <token>.",
            )
        )
    checksum = hashlib.sha256(waarde.encode("utf-8")).hexdigest()
    token = (
        get_access_token_model()
        .objects.select_related("application__ddas_afnemer")
        .filter(token_checksum=checksum)
        .first()
    )
    afnemer = getattr(token.application, "ddas_afnemer", None) if token else None
    if token is None or afnemer is None or not afnemer.actief:
        raise fouten.ApiFout(
            fouten.fsc(
                401,
                fouten.TOKEN_ONGELDIG,
                "Ongeldig access token",
                "Het access token is onbekend of ingetrokken.",
            )
        )
    if token.is_expired():
        raise fouten.ApiFout(
            fouten.fsc(
                401,
                fouten.TOKEN_VERLOPEN,
                "Access token verlopen",
                "Het access token is verlopen; vraag een nieuw token aan.",
            )
        )
    if not token.allow_scopes([SCOPE]):
        raise fouten.ApiFout(
            fouten.fsc(
                403,
                fouten.TOKEN_ONGELDIG,
                "Onvoldoende scope",
                f"Dit access token heeft niet de scope '{SCOPE}'.",
            )
        )
    return afnemer
