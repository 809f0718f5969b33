"""Screens: warme overdracht (trajecten.samenwerking). The forms sit on the traject page
(views/paneel_overdracht.py) and post here; a refusal re-renders the traject page with the
bound form and the reason. Every object comes through filter_for_user (another gemeente's
overdracht: 404) and every write through its service, which asks the gate."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from schuldhulp import opmaak
from schuldhulp.pakketten import Partij
from schuldhulp.permissions import filter_for_user
from trajecten import selectors
from trajecten.models import Traject
from trajecten.samenwerking.models import Overdracht
from trajecten.samenwerking.services import overdracht as services
from trajecten.samenwerking.views.overdracht_formulieren import stap_actie, versturen_actie
from trajecten.views.detail import laad_traject
from trajecten.views.stappen import _uitvoeren as uitvoeren
from trajecten.views.werkvoorraad import vereis_dossierrol


def _overdracht(request: HttpRequest, pk: int) -> tuple[Overdracht, Traject]:
    """The overdracht (404 when the user may not see it) and its traject, loaded for the
    page as a refused form re-renders it."""
    vereis_dossierrol(request)
    o = get_object_or_404(filter_for_user(request.user, Overdracht.objects.all()), pk=pk)
    traject = selectors.traject_detail(request.user, o.traject_id)
    o.traject = traject
    return o, traject


@login_required
@require_POST
def overdracht_versturen(request: HttpRequest, pk: int) -> HttpResponse:
    traject = laad_traject(request, pk)
    actie = versturen_actie(traject, data=request.POST)

    def doe(data: dict) -> str:
        o = services.verstuur(
            traject_id=traject.pk,
            door=request.user,
            situatie=data["situatie"],
            gedaan=data["gedaan"],
            urgent=data["urgent"],
            documenten=data["documenten"],
            afspraken=data["afspraken"],
            verwachte_versie=data["versie"],
        )
        return (
            f"Warme overdracht verstuurd aan de {Partij(o.aan).naam}. Die accepteert "
            f"uiterlijk {opmaak.datum_lang(o.deadline)}; u krijgt een signalering."
        )

    return uitvoeren(request, traject, actie, doe)


@login_required
@require_POST
def overdracht_accepteren(request: HttpRequest, pk: int) -> HttpResponse:
    o, traject = _overdracht(request, pk)
    actie = stap_actie("overdracht.accepteren", o, data=request.POST)

    def doe(data: dict) -> str:
        services.accepteer(overdracht_id=o.pk, door=request.user, verwachte_versie=data["versie"])
        return (
            f"Overdracht geaccepteerd. De {Partij(o.van).naam} krijgt een signalering; "
            "de samenvatting blijft op deze pagina staan."
        )

    return uitvoeren(request, traject, actie, doe)


@login_required
@require_POST
def overdracht_vraag(request: HttpRequest, pk: int) -> HttpResponse:
    o, traject = _overdracht(request, pk)
    actie = stap_actie("overdracht.vraag_stellen", o, data=request.POST)

    def doe(data: dict) -> str:
        services.stel_vraag(
            overdracht_id=o.pk,
            door=request.user,
            vraag=data["vraag"],
            verwachte_versie=data["versie"],
        )
        return f"Uw vraag is verstuurd aan de {Partij(o.van).naam}."

    return uitvoeren(request, traject, actie, doe)


@login_required
@require_POST
def overdracht_antwoord(request: HttpRequest, pk: int) -> HttpResponse:
    o, traject = _overdracht(request, pk)
    actie = stap_actie("overdracht.beantwoorden", o, data=request.POST)

    def doe(data: dict) -> str:
        services.beantwoord(
            overdracht_id=o.pk,
            door=request.user,
            antwoord=data["antwoord"],
            verwachte_versie=data["versie"],
        )
        return f"Uw antwoord is verstuurd. De {Partij(o.aan).naam} kan de overdracht nu accepteren."

    return uitvoeren(request, traject, actie, doe)


urls: list[URLPattern] = [
    path("trajecten/<int:pk>/overdracht/", overdracht_versturen, name="overdracht_versturen"),
    path("overdrachten/<int:pk>/accepteren/", overdracht_accepteren, name="overdracht_accepteren"),
    path("overdrachten/<int:pk>/vraag/", overdracht_vraag, name="overdracht_vraag"),
    path("overdrachten/<int:pk>/antwoord/", overdracht_antwoord, name="overdracht_antwoord"),
]
