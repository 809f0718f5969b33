"""Middleware of the edge: security headers Django does not set itself (a strict
Content-Security-Policy), oversized bodies and control characters refused before a view."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from schuldhulp import fouten, tekens

# Multipart bodies are left to the forms (Django's CharField refuses NUL): reading them here
# would parse the upload before a view can set its upload handlers (rapportage/ddas/views.py).
FORMULIER = "application/x-www-form-urlencoded"


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce
        response = self.get_response(request)
        response.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; "
            f"script-src 'self' 'nonce-{nonce}'; "
            "style-src 'self'; img-src 'self' data:; font-src 'self'; "
            "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
            "base-uri 'self'; object-src 'none'",
        )
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        gebruiker = getattr(request, "user", None)
        if (
            gebruiker is not None
            and gebruiker.is_authenticated
            and not response.has_header("Cache-Control")
        ):
            # Dossier pages and downloads stay out of every cache (browser back, proxies).
            patch_cache_control(response, no_store=True, private=True)
        return response


class MaximaleOmvangMiddleware:
    """Refuse oversized request bodies before anything reads them (413, in Dutch)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            omvang = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            omvang = 0
        if omvang > settings.MAX_VERZOEK_BYTES:
            # Before sessions and login: the page shows no menu, only the way back.
            return fouten.foutpagina(request, 413)
        return self.get_response(request)


class ControletekensMiddleware:
    """A query string or form field with a control character (schuldhulp/tekens.py): 400 with
    a Dutch message, before a view hands the text to the database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        velden = list(request.GET.lists())
        if request.method == "POST" and request.content_type == FORMULIER:
            velden += list(request.POST.lists())
        paren = ((sleutel, waarde) for sleutel, waarden in velden for waarde in waarden)
        if tekens.in_paren(paren) is not None:
            return fouten.foutpagina(request, 400, reden=tekens.MELDING)
        return self.get_response(request)
