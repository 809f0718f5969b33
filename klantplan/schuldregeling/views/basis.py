"""What the schuldregeling screens of the klantregisseur share: the traject through the
gate, a form's write through its service in one transaction with the page's version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from klantplan import selectors as klantplan_selectors
from klantplan.schuldregeling.services.handmatig import controleer_versie
from schuldhulp.permissions import vereis
from trajecten.models import Traject
from trajecten.services import Geweigerd


def vereis_dossierrol(request: HttpRequest) -> None:
    """Roles without dossiers get 403 before any object is looked up (not a 404)."""
    vereis(request.user, "dossiers.inzien")


def open_traject(request: HttpRequest, traject_pk: int) -> Traject:
    """The traject the user may see (403 for roles without dossiers, 404 for another
    gemeente), and the gate's row for reading a schuldregeling."""
    traject = klantplan_selectors.traject_voor(request.user, traject_pk)
    vereis(request.user, "sr.inzien", traject)
    return traject


def versie_uit(request: HttpRequest) -> int | None:
    """The regeling's version the page was made with (a hidden field of every form)."""
    try:
        return int(request.POST.get("versie", ""))
    except ValueError:
        return None


def voer_uit(
    form,
    doe: Callable[[dict], Any],
    *,
    versie: tuple[int, int | None] | None = None,
    door=None,
) -> Any | None:
    """Run `doe` when the form is valid; with `versie` (regeling id, version seen) the
    version is checked first, in the same transaction. A refusal goes on the form and
    nothing is saved. Returns None when not done."""
    if not form.is_valid():
        return None
    try:
        with transaction.atomic():
            if versie is not None:
                controleer_versie(versie[0], door, versie[1])
            return doe(form.cleaned_data)
    except Geweigerd as exc:
        form.add_error(None, str(exc))
    return None
