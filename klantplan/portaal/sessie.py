"""The portal's own session: a separate cookie under the prefix, 15 minutes, never a staff login.

Django's session middleware reads and writes one cookie. For paths under ``PORTAAL_PREFIX`` this
subclass swaps in the portal's cookie (``PORTAAL_SESSIE_COOKIE``, path: the prefix) instead.
The staff cookie is not read there, so a medewerker's login gives nothing in the portal; the
portal's cookie is never sent to a staff URL (its path) and never read there, so a portal
session reaches no staff page. The portal session holds no Django user at all: only the klant
found from the DigiD BSN, as ``schuldhulp.extern.klant`` (its own trajecten). Nothing else is
taken from the request.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from schuldhulp import audit, extern
from schuldhulp.models import Klant
from trajecten.models import Traject

SLEUTEL = "portaal_klant"


def is_portaal(request: HttpRequest) -> bool:
    return request.path.startswith(settings.PORTAAL_PREFIX)


class SessieMiddleware(SessionMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        if is_portaal(request):
            # The staff cookie's name is what the parent reads: give it the portal's value.
            cookies = request.COOKIES
            waarde = cookies.pop(settings.PORTAAL_SESSIE_COOKIE, None)
            cookies.pop(settings.SESSION_COOKIE_NAME, None)
            if waarde is not None:
                cookies[settings.SESSION_COOKIE_NAME] = waarde
        super().process_request(request)

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response = super().process_response(request, response)
        if is_portaal(request) and settings.SESSION_COOKIE_NAME in response.cookies:
            morsel = response.cookies.pop(settings.SESSION_COOKIE_NAME)
            response.set_cookie(
                settings.PORTAAL_SESSIE_COOKIE,
                morsel.value,
                max_age=morsel["max-age"] or None,
                expires=morsel["expires"] or None,
                path=settings.PORTAAL_PREFIX,
                secure=settings.SESSION_COOKIE_SECURE or None,
                httponly=True,
                samesite="Lax",
            )
        return response


def trajecten_van(klant: Klant) -> list[int]:
    """The trajecten of this person: as the client, or as the partner in the household."""
    return list(
        Traject.objects.filter(Q(klant=klant) | Q(huishouden__partner=klant))
        .order_by("-aanmelddatum", "-pk")
        .values_list("pk", flat=True)
    )


def log_in(request: HttpRequest, bsn: str) -> Klant | None:
    """After DigiD: the klant with this BSN that has a traject (as client or partner), in a
    new portal session; None when the BSN is nobody's (the caller shows how to reach the
    Stadsbank and stores nothing)."""
    klant = Klant.objects.filter(bsn=bsn).first() if bsn.isdigit() and len(bsn) == 9 else None
    if klant is None or not trajecten_van(klant):
        return None
    request.session.cycle_key()  # no session fixation across the login
    request.session[SLEUTEL] = klant.pk
    request.session.set_expiry(settings.PORTAAL_SESSIE_SECONDEN)
    request.portaalklant = klant
    audit.ingelogd(request=request, gebruiker=partij(klant))
    return klant


def log_uit(request: HttpRequest) -> None:
    klant = huidige_klant(request)
    if klant is not None:
        audit.uitgelogd(request=request, gebruiker=partij(klant))
    request.session.flush()


def huidige_klant(request: HttpRequest) -> Klant | None:
    if not hasattr(request, "portaalklant"):
        klant_id = request.session.get(SLEUTEL) if is_portaal(request) else None
        request.portaalklant = Klant.objects.filter(pk=klant_id).first() if klant_id else None
    return request.portaalklant


def partij(klant: Klant) -> extern.Extern:
    """The klant as a party of the gate: its reach is its own trajecten (looked up now, so a
    traject that is no longer theirs is out of reach at once)."""
    return extern.klant(klant.pk, trajecten_van(klant))


def klant_vereist(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Portal pages: a klant logged in with DigiD, else to the login page."""

    @wraps(view)
    def met_klant(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        klant = huidige_klant(request)
        if klant is None:
            return redirect("portaal:inloggen")
        request.portaalpartij = partij(klant)
        return view(request, *args, **kwargs)

    return met_klant
