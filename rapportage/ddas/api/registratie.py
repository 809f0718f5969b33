"""Registering an afnemer: its OAuth2 client (client credentials, confidential, a hashed
secret) is made here, for the admin and for ``manage.py maak_ddas_afnemer``. The secret is
returned once and never stored in plain text."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import get_access_token_model, get_application_model

from rapportage.ddas.api.models import Afnemer
from schuldhulp.models import Gemeente


def _nieuwe_application(naam: str) -> tuple[object, str]:
    Application = get_application_model()
    geheim = generate_client_secret()
    application = Application.objects.create(
        name=f"DDAS-afnemer {naam}",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=geheim,  # hashed on save (hash_client_secret)
        hash_client_secret=True,
        skip_authorization=True,
    )
    return application, geheim


@transaction.atomic
def registreer(
    afnemer: Afnemer | None = None,
    *,
    naam: str = "",
    gemeenten: Iterable[Gemeente] = (),
    alle_gemeenten: bool = False,
) -> tuple[Afnemer, str]:
    """Save `afnemer` (or a new one) with a new OAuth2 client: (afnemer, client secret)."""
    if afnemer is None:
        afnemer = Afnemer(naam=naam, alle_gemeenten=alle_gemeenten)
    afnemer.application, geheim = _nieuwe_application(afnemer.naam)
    afnemer.save()
    if gemeenten:
        afnemer.gemeenten.set(gemeenten)
    return afnemer, geheim


def trek_tokens_in(afnemer: Afnemer) -> int:
    """Every access token of this afnemer stops working now."""
    aantal, _ = get_access_token_model().objects.filter(application=afnemer.application).delete()
    return aantal


@transaction.atomic
def nieuw_geheim(afnemer: Afnemer) -> str:
    """A new client secret (the old one stops working) and no token of the old one left."""
    geheim = generate_client_secret()
    application = afnemer.application
    application.client_secret = geheim
    application.save(update_fields=["client_secret"])
    trek_tokens_in(afnemer)
    return geheim


@transaction.atomic
def verwijder(afnemer: Afnemer) -> None:
    application = afnemer.application
    afnemer.delete()
    application.delete()  # its tokens go with it
