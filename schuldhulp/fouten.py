"""Error pages in Dutch (400, 403, 404, 413, 429, 500 and a failed CSRF check), wired in
schuldhulp/urls.py (handler400 …) and settings.CSRF_FAILURE_VIEW.

What the page says about the reason:
- 403: the text of the PermissionDenied. In this application only the gate raises it
  (``permissions.vereis``) with its reason in plain Dutch, written by us; an empty one (the
  admin) gets a general text.
- 404: always a general text, unless the view raised :class:`NietGevonden`, whose message is
  ours. ``get_object_or_404`` and Django say "No Klant matches the given query." (English,
  and it names the model): never shown.
- 400, 413, 429, CSRF: a fixed text per status.
- 500: a self-contained template (``templates/500.html``), rendered without the request, so
  no context processor, session or database is needed when one of those is what failed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import (
    DisallowedHost,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger(__name__)


class NietGevonden(Http404):
    """A 404 whose message (Dutch, written by us, no internal details) the page shows."""


@dataclass(frozen=True)
class Fout:
    titel: str
    uitleg: str
    advies: str


FOUTEN: dict[int, Fout] = {
    400: Fout(
        "Dit verzoek kunnen we niet verwerken",
        "Er ging iets mis met wat uw browser stuurde.",
        "Ga terug en probeer het opnieuw. Lukt het weer niet? Neem contact op met de "
        "functioneel beheerder.",
    ),
    403: Fout(
        "U heeft geen toegang tot deze pagina",
        "Met uw rol of voor deze gemeente kunt u dit niet doen.",
        "Denkt u dat u hier wel bij moet kunnen? Vraag het de functioneel beheerder.",
    ),
    404: Fout(
        "Deze pagina bestaat niet",
        "De pagina of het dossier is niet gevonden. Misschien is de link oud, of werkt u niet "
        "voor de gemeente van dit dossier.",
        "Controleer het adres, of zoek de klant op via Klanten of de werkvoorraad.",
    ),
    413: Fout(
        "Dit bestand of verzoek is te groot",
        "",  # filled in with the limit (MAX_VERZOEK_BYTES)
        "Maak het bestand kleiner of splits het op, en probeer het opnieuw.",
    ),
    429: Fout(
        "Te veel pogingen",
        "Er zijn in korte tijd te veel pogingen gedaan.",
        "Wacht even en probeer het dan opnieuw.",
    ),
}
CSRF = Fout(
    "Het formulier is verlopen",
    "Uw gegevens zijn niet opgeslagen: de pagina stond te lang open, of u bent intussen "
    "opnieuw ingelogd.",
    "Ga terug, laad de pagina opnieuw en vul het formulier nog een keer in.",
)


def te_groot_uitleg() -> str:
    mb = settings.MAX_VERZOEK_BYTES // (1024 * 1024)
    return f"Een bestand of verzoek mag hooguit {mb} MB zijn."


def foutpagina(
    request: HttpRequest, status: int, *, reden: str = "", fout: Fout | None = None
) -> HttpResponse:
    """The error page of `status` in the house style (extends base.html). `reden`: a text
    written by us that says why (shown as the first line)."""
    fout = fout or FOUTEN[status]
    uitleg = te_groot_uitleg() if status == 413 else fout.uitleg
    context = {
        "status": status,
        "titel": fout.titel,
        "reden": reden,
        "uitleg": uitleg,
        "advies": fout.advies,
        "vorige": _vorige_pagina(request),
    }
    html = loader.render_to_string("fout/pagina.html", context, request=request)
    return HttpResponse(html, status=status)


def _vorige_pagina(request: HttpRequest) -> str:
    """The page the user came from, if it is on this site and not this page itself."""
    vorige = request.META.get("HTTP_REFERER", "")
    if not vorige or vorige.endswith(request.get_full_path()):
        return ""
    try:
        host = request.get_host()
    except DisallowedHost:  # the error page of a request with a foreign Host header
        return ""
    veilig = url_has_allowed_host_and_scheme(
        vorige, allowed_hosts={host}, require_https=request.is_secure()
    )
    return vorige if veilig else ""


def fout_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Django reports a body above DATA_UPLOAD_MAX_* as a 400; to the user it is "too large".
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return foutpagina(request, 413)
    return foutpagina(request, 400)


def fout_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    reden = str(exception) if exception is not None else ""
    return foutpagina(request, 403, reden=reden)


def fout_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    reden = str(exception) if isinstance(exception, NietGevonden) else ""
    return foutpagina(request, 404, reden=reden)


def csrf_mislukt(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW; Django's reason (English) goes to the log, not the page."""
    return foutpagina(request, 403, fout=CSRF)


NOODPAGINA = (
    '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Er ging iets mis – '
    "Schuldhulp</title></head><body><h1>Er ging iets mis</h1><p>Probeer het over een paar "
    'minuten opnieuw.</p><p><a href="/">Naar de startpagina</a></p></body></html>'
)


def fout_500(request: HttpRequest) -> HttpResponse:
    """Without the request: no context processor (menu, user) touches the database."""
    try:
        html = loader.render_to_string("500.html")
    except Exception:  # the page of last resort must never fail itself
        logger.exception("De foutpagina 500.html kon niet worden gemaakt.")
        html = NOODPAGINA
    return HttpResponseServerError(html)
