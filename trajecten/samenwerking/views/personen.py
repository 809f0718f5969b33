"""Screens: the people on a traject. The forms of the part "Betrokkenen" of the traject page
(paneel_personen.py) post here; each calls its service, which asks the gate again. A refusal
re-renders the traject page with the bound form and the reason."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from schuldhulp.pakketten import Partij
from trajecten.samenwerking import personen
from trajecten.samenwerking.services import personen as services
from trajecten.samenwerking.views.personen_formulieren import persoon_actie, vaste_actie
from trajecten.views.detail import laad_traject
from trajecten.views.stappen import _uitvoeren as uitvoeren


def _wijzig(request: HttpRequest, pk: int, partij: Partij) -> HttpResponse:
    traject = laad_traject(request, pk)
    kandidaten = list(personen.kandidaten(traject.gemeente_id, partij))
    actie = persoon_actie(traject, partij, kandidaten, data=request.POST)
    functie = personen.FUNCTIE[partij]

    def doe(data: dict) -> str:
        nieuw = data["persoon"]
        services.WIJZIG[partij](
            traject_id=traject.pk,
            **{services.SLEUTEL[partij]: nieuw},
            door=request.user,
            reden=data["reden"],
            verwachte_versie=data["versie"],
        )
        return f"{nieuw} is nu de {functie}." if nieuw else f"Dit traject heeft nu geen {functie}."

    return uitvoeren(request, traject, actie, doe)


@login_required
@require_POST
def traject_behandelaar(request: HttpRequest, pk: int) -> HttpResponse:
    return _wijzig(request, pk, Partij.STADSBANK)


@login_required
@require_POST
def traject_contactpersoon(request: HttpRequest, pk: int) -> HttpResponse:
    return _wijzig(request, pk, Partij.GEMEENTE)


@login_required
@require_POST
def traject_vaste_contactpersoon(request: HttpRequest, pk: int) -> HttpResponse:
    traject = laad_traject(request, pk)
    actie = vaste_actie(traject, data=request.POST)

    def doe(data: dict) -> str:
        nieuw = services.kies_vaste_contactpersoon(
            traject_id=traject.pk,
            partij=data["partij"],
            door=request.user,
            reden=data["reden"],
            verwachte_versie=data["versie"],
        )
        wie = nieuw.contactpersoon
        functie = personen.FUNCTIE[Partij(data["partij"])]
        return f"De vaste contactpersoon van de klant is nu de {functie}" + (
            f": {wie}." if wie else ". Daar is nog niemand toegewezen."
        )

    return uitvoeren(request, traject, actie, doe)


urls: list[URLPattern] = [
    path("trajecten/<int:pk>/behandelaar/", traject_behandelaar, name="traject_behandelaar"),
    path(
        "trajecten/<int:pk>/contactpersoon/",
        traject_contactpersoon,
        name="traject_contactpersoon",
    ),
    path(
        "trajecten/<int:pk>/vaste-contactpersoon/",
        traject_vaste_contactpersoon,
        name="traject_vaste_contactpersoon",
    ),
]
