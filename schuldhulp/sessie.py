"""Staying logged in (issue 20, point 9): the page warns two minutes before the session
expires (static/schuldhulp/sessie.js, templates/_sessiewaarschuwing.html) and its button
*Ingelogd blijven* posts here. Any request renews the session (SESSION_SAVE_EVERY_REQUEST,
the portal's set_expiry), so the endpoint itself only has to be a request that changes
nothing. Not a handeling of the catalogue: like logging out, it is about one's own session,
not about a dossier or a gemeente.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST


def verlengd(request: HttpRequest, standaard: str) -> HttpResponse:
    """The answer to *Ingelogd blijven*: for the script the new lifetime in seconds; without
    JavaScript (the form itself) back to the page it came from."""
    request.session.modified = True  # saved, so the expiry moves even without other changes
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"seconden": request.session.get_expiry_age()})
    volgende = request.POST.get("volgende", "")
    veilig = url_has_allowed_host_and_scheme(
        volgende, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(volgende if veilig and volgende else standaard)


@require_POST
@login_required
def verlengen(request: HttpRequest) -> HttpResponse:
    return verlengd(request, "home")
