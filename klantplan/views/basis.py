"""What every klantplan view shares: the traject (with the read/write check), the tab
context, running a service from a form, the form page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from klantplan import selectors, services
from klantplan.models import titel_voor
from klantplan.services.toegang import ALGEMEEN_GESPREK, ALGEMENE_AFSTEMMING, actie_handeling
from schuldhulp.permissions import mag, vereis
from trajecten.models import Traject


def open_traject(request: HttpRequest, traject_pk: int, *, schrijven: str = "") -> Traject:
    """The traject the user may see (403/404 otherwise); with `schrijven` (the catalogue row
    of the write the view is about to do) the gate must allow that too."""
    traject = selectors.traject_voor(request.user, traject_pk)
    if schrijven:
        vereis(request.user, schrijven, traject)
    return traject


# The catalogue row (trajecten/workflow.py) whose write controls a tab shows. Gesprekken and
# afstemming: the kind either side may record (whoever may record any kind may record that
# one); the form then offers the kinds the gate allows (`toegestane_soorten`).
TAB_HANDELING = {
    "klantplan": "klantplan.wijzigen",
    "schulden": "schulden.wijzigen",
    "huishouden": "huishouden.wijzigen",
    "budget": "budget.wijzigen",
    "voorstel": "sanering.wijzigen",
    "gesprekken": ALGEMEEN_GESPREK,
    "afstemming": ALGEMENE_AFSTEMMING,
    "klachten": "klacht.vastleggen",
    "documenten": "document.maken",
}


def tabcontext(request: HttpRequest, traject: Traject, tab: str, **extra: Any) -> dict[str, Any]:
    handeling = TAB_HANDELING.get(tab, "klantplan.wijzigen")
    reden = mag(request.user, handeling, traject)
    return {
        "traject": traject,
        "klant": traject.klant,
        "tab": tab,
        "kan_schrijven": reden is None,
        "schrijfreden": reden,  # e.g. which side writes the klantplan in this package
        "plan_titel": titel_voor(traject),
        **extra,
    }


def afvinkbaar(request: HttpRequest, traject: Traject, acties) -> set[int]:
    """The acties this user may tick off (the party each is assigned to; the gate decides)."""
    return {
        a.pk
        for a in acties
        if mag(request.user, actie_handeling(a, voortgang=True), traject) is None
    }


def toegestane_soorten(
    request: HttpRequest, traject: Traject, keuzes, handeling_van: Callable[[str], str]
) -> list[tuple[str, str]]:
    """The kinds (value, label) the gate lets this user record on `traject`."""
    return [(w, k) for w, k in keuzes if mag(request.user, handeling_van(w), traject) is None]


def veilig_terug(request: HttpRequest, terug: str | None, standaard: str) -> str:
    """Only a path on this site (no open redirect)."""
    if terug and url_has_allowed_host_and_scheme(terug, allowed_hosts={request.get_host()}):
        return terug
    return standaard


def uitvoeren(form, actie: Callable[[dict], Any]) -> Any | None:
    """Run the service when the form is valid; put a refusal on the form. None = not done."""
    if not form.is_bound or not form.is_valid():
        return None
    try:
        return actie(form.cleaned_data)
    except services.Ongeldig as exc:
        form.add_error(exc.veld if exc.veld in form.fields else None, str(exc))
    except services.Geweigerd as exc:
        form.add_error(None, str(exc))
    return None


def formulierpagina(
    request: HttpRequest,
    traject: Traject,
    *,
    form,
    titel: str,
    knop: str,
    terug: str,
    tab: str,
    inleiding: str = "",
) -> HttpResponse:
    return render(
        request,
        "klantplan/formulier.html",
        tabcontext(
            request,
            traject,
            tab,
            form=form,
            titel=titel,
            knop=knop,
            terug=terug,
            inleiding=inleiding,
        ),
    )


def toon_weigering(request: HttpRequest, exc: services.Geweigerd) -> None:
    messages.error(request, str(exc))
