"""DigiD through django-digid-eherkenning, with our own end of the flow.

The library's login views start the flow (the real SAML AuthnRequest, or its mock, which asks
for a BSN on a page that looks like DigiD). The assertion consumer service (ACS) is ours: it
takes only the BSN from DigiD's answer (the SAML artifact, resolved by the library's backend;
in the mock the ``bsn`` the mock IdP passes back) and opens a portal session for the klant
with that BSN (sessie.log_in). The library would log a Django user in; the portal has no users.
Which of the two runs is ``PORTAAL_DIGID_MOCK``, asked per request: with it off, the mock IdP
pages are 404.
"""

from __future__ import annotations

import logging
from typing import Any

from digid_eherkenning.backends import DigiDBackend
from digid_eherkenning.mock.idp.views.digid import DigiDMockIDPBSNLoginView, DigiDMockIDPLoginView
from digid_eherkenning.mock.views.digid import DigiDLoginMockView
from digid_eherkenning.views.digid import DigiDLoginView
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from klantplan.portaal import sessie
from schuldhulp import audit

logger = logging.getLogger(__name__)


class _BsnUitDigiD(DigiDBackend):
    """The library's SAML backend (artifact resolution, checks), returning the BSN instead of
    creating a user."""

    def get_or_create_user_from_bsn(self, request: HttpRequest, bsn: str) -> str | None:
        return bsn or None


def _mock() -> bool:
    return bool(settings.PORTAAL_DIGID_MOCK)


def inloggen(request: HttpRequest) -> HttpResponse:
    """Start DigiD: to the mock IdP, or the SAML POST binding to DigiD."""
    if _mock():
        return DigiDLoginMockView.as_view()(request)
    try:
        response = DigiDLoginView.as_view()(request)
        response.render()  # the AuthnRequest is made while rendering: fail here, not later
    except Exception:  # no or broken SAML configuration, metadata unreachable
        logger.exception("DigiD-inlog kon niet beginnen")
        return render(request, "portaal/digid_mislukt.html", status=503)
    return response


def acs(request: HttpRequest) -> HttpResponse:
    """DigiD's answer: the BSN, and only that, links to the klant."""
    if _mock():
        bsn = request.GET.get("bsn", "")
    else:
        fouten: list[Exception] = []
        bsn = _BsnUitDigiD().authenticate(
            request, digid=True, saml_art=request.GET.get("SAMLart"), errors=fouten
        )
        if not bsn:
            return render(request, "portaal/digid_mislukt.html", status=403)
    if sessie.log_in(request, bsn) is None:
        audit.inloggen_mislukt(request=request, gebruikersnaam="DigiD (Mijn Schuldhulp)")
        return redirect("portaal:onbekend")
    return redirect("portaal:start")


def _alleen_mock(view: Any) -> Any:
    def alleen_mock(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _mock():
            raise Http404("De test-DigiD staat uit.")
        return view(request, *args, **kwargs)

    return alleen_mock


# Mounted as namespace "digid" (the names the library's views reverse) and "digid-mock".
digid_urls = (
    [
        path("inloggen/", inloggen, name="login"),
        path("acs/", acs, name="acs"),
    ],
    "digid",
)
mock_urls = (
    [
        path("", _alleen_mock(DigiDMockIDPLoginView.as_view()), name="login"),
        path("bsn/", _alleen_mock(DigiDMockIDPBSNLoginView.as_view()), name="bsn"),
    ],
    "digid-mock",
)
