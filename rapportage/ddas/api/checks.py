"""System checks for the API's key material: a misconfiguration is an error at start-up (not a
502 on the CBS's first call), the test chain is refused in production (DJANGO_SECURE=1), and
``check --deploy`` warns when the API is not set up at all."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from rapportage.ddas.api import sleutels

UITLEG = "Zie docs/ddas-api.md, 'Sleutels en certificaten'."


def _productie() -> bool:
    return not settings.DEBUG and bool(getattr(settings, "SECURE_SSL_REDIRECT", False))


@register(Tags.security)
def sleutelmateriaal(app_configs, **kwargs) -> list[CheckMessage]:
    meldingen: list[CheckMessage] = []
    if settings.DDAS_API_TESTKETEN and _productie():
        meldingen.append(
            Error(
                "DDAS_API_TESTKETEN staat aan in productie (DJANGO_SECURE=1): de testketen is "
                "zelfondertekend en niemand buiten deze machine vertrouwt hem.",
                hint="Zet DDAS_API_SLEUTEL, DDAS_API_CERTIFICAAT en DDAS_API_VERTROUWD "
                "(PKIoverheid) en haal DDAS_API_TESTKETEN weg. " + UITLEG,
                id="ddas_api.E001",
            )
        )
    if sleutels.is_ingesteld():
        meldingen += [
            Error(f"DDAS-API: {p}", hint=UITLEG, id="ddas_api.E002") for p in sleutels.problemen()
        ]
    return meldingen


@register(Tags.security, deploy=True)
def api_ingericht(app_configs, **kwargs) -> list[CheckMessage]:
    if sleutels.is_ingesteld():
        return []
    return [
        Warning(
            "De DDAS-API is niet ingericht (geen sleutel, certificaat en vertrouwde roots): "
            "/api/ddas/…/gegevens antwoordt 502.",
            hint=UITLEG,
            id="ddas_api.W001",
        )
    ]
