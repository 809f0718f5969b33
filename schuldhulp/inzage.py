"""Every read of a dossier page is in the verwerkingenlog, without each view remembering it
(issue 17, point 6; ADR 0016).

The URL names the dossier: ``trajecten/<traject_pk>/…``, ``klanten/<pk>/…`` and the other
anchors below. After a GET that answered 200 to a logged-in user, ``na_verzoek`` writes one
INZIEN row for the anchor object (klant and gemeente found through the gate's register), with
the page's URL name and the ids of the sub-objects in the omschrijving. A view that wrote its
own read or download row (a better description, a more precise object) is not logged twice.
A 403 or 404 writes nothing: nothing was shown.

Only a page that shows no personal data at all (a progress bar that is polled) opts out, with
``@geen_inzage``. tests/schuldhulp/test_audit_dekking.py walks every GET URL of the URL conf
and fails on a dossier page that leaves no row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

LEESMETHODEN = ("GET", "HEAD")
GELEZEN = "_audit_gelezen"  # set on the request by audit._schrijf when a view logged a read


@dataclass(frozen=True)
class Anker:
    """A route prefix whose kwarg names a dossier object."""

    route: str
    kwarg: str
    model: str  # "app_label.Model"


# Longest prefix first where two overlap. A new dossier URL under one of these prefixes is
# covered as it is; one under a new prefix needs a line here (the coverage test says so).
ANKERS: tuple[Anker, ...] = (
    Anker("klanten/<int:pk>/", "pk", "schuldhulp.Klant"),
    Anker("trajecten/<int:traject_pk>/", "traject_pk", "trajecten.Traject"),
    Anker("trajecten/<int:pk>/", "pk", "trajecten.Traject"),
    Anker("vroegsignalen/lijsten/<int:pk>/", "pk", "vroegsignalering.ImportBatch"),
    Anker("vroegsignalen/<int:pk>/", "pk", "vroegsignalering.Signaalzaak"),
    Anker("schuldregeling/schuldeisers/<int:pk>/", "pk", "schuldregeling.Onderhandeling"),
    Anker("schuldregeling/berichten/<int:pk>/", "pk", "schuldregeling.Bericht"),
    Anker("schuldregeling/<int:pk>/", "pk", "schuldregeling.Regeling"),
    Anker("maatwerk/<int:pk>/", "pk", "pakket.Maatwerk"),
    Anker("overdrachten/<int:pk>/", "pk", "samenwerking.Overdracht"),
    # A list of a gemeente's dossiers (who works on which traject): gemeente only, no klant.
    Anker("gemeenten/<int:pk>/team/", "pk", "schuldhulp.Gemeente"),
)


def geen_inzage(view: Callable) -> Callable:
    """Mark a view that shows no personal data (e.g. a polled progress bar): not logged."""
    view.geen_inzage = True  # type: ignore[attr-defined]
    return view


def anker_van(route: str) -> Anker | None:
    return next((a for a in ANKERS if route.startswith(a.route)), None)


def dossierobject(route: str, kwargs: dict[str, Any]) -> Model | None:
    """The dossier object a URL names (None: the URL names no dossier)."""
    anker = anker_van(route)
    if anker is None or anker.kwarg not in kwargs:
        return None
    model = apps.get_model(anker.model)
    return model._default_manager.filter(pk=kwargs[anker.kwarg]).first()


def _omschrijving(naam: str, route: str, kwargs: dict[str, Any], anker: Anker) -> str:
    """'Pagina klantplan:doel_wijzig (versie 2, pk 7)': which page, which sub-objects (ids)."""
    rest = [f"{k} {v}" for k, v in kwargs.items() if k != anker.kwarg and isinstance(v, int)]
    return f"Pagina {naam}" + (f" ({', '.join(rest)})" if rest else "")


def na_verzoek(request: HttpRequest, response: HttpResponse) -> None:
    """Called by AuditMiddleware after the view: log the read of a dossier page."""
    if request.method not in LEESMETHODEN or response.status_code != 200:
        return
    if getattr(request, GELEZEN, False):
        return
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    if user is None or not user.is_authenticated or match is None:
        return
    if getattr(match.func, "geen_inzage", False):
        return
    anker = anker_van(match.route)
    obj = dossierobject(match.route, match.kwargs)
    if anker is None or obj is None:
        return
    from schuldhulp import audit

    audit.dossier_ingezien(
        request=request,
        obj=obj,
        omschrijving=_omschrijving(match.view_name, match.route, match.kwargs, anker),
    )
