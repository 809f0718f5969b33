"""Refuse to run in production with the built-in development secret key (issue 17): a
deploy check (``manage.py check --deploy`` fails) and the WSGI entry point refuses to start
with DEBUG off and that key. The demo (./dev demo) makes a random key of its own."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

MELDING = (
    "DJANGO_SECRET_KEY is niet gezet: de ingebouwde ontwikkelsleutel is openbaar. Zet een "
    "eigen, geheime sleutel (bijvoorbeeld: python -c 'import secrets; "
    "print(secrets.token_urlsafe(50))')."
)


def ontwikkelsleutel_in_gebruik() -> bool:
    return settings.SECRET_KEY == settings.ONTWIKKELSLEUTEL


@register(Tags.security, deploy=True)
def geen_ontwikkelsleutel(app_configs, **kwargs) -> list[Error]:
    if ontwikkelsleutel_in_gebruik():
        return [Error(MELDING, id="schuldhulp.E001")]
    return []


def weiger_ontwikkelsleutel_in_productie() -> None:
    if not settings.DEBUG and ontwikkelsleutel_in_gebruik():
        raise ImproperlyConfigured(MELDING)
