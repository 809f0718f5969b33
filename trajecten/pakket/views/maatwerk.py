"""Maatwerk per traject (op- en afschalen) and tasks settled per traject.

The klantregisseur proposes on its own page (from the traject page or a monitoringmoment);
the decisions and the settling of an open task are forms on the traject page (the section
built in takenverdeling.py) that post here. Every object comes through filter_for_user
(another gemeente's maatwerk: 404) and every write through its service, which asks the gate.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from schuldhulp.opmaak import datum_lang
from schuldhulp.pakketten import Partij, Taak
from schuldhulp.permissions import filter_for_user, mag, vereis
from trajecten import selectors
from trajecten.pakket.forms import maatwerk as f
from trajecten.pakket.models import Maatwerk
from trajecten.pakket.services import maatwerk as services
from trajecten.pakket.views.takenverdeling import (
    BEOORDELEN,
    afspreek_actie,
    beeindig_actie,
    beoordeel_actie,
    intrek_actie,
    kort,
)
from trajecten.pakket.workflow import Maatwerksoort
from trajecten.services import Geweigerd
from trajecten.views.detail import laad_traject
from trajecten.views.stappen import _uitvoeren as uitvoeren
from trajecten.views.werkvoorraad import vereis_dossierrol


def _voorstel_initial(traject, moment_id: str | None) -> dict:
    """Defaults: from today; with a monitoringmoment of this traject, its kind of scaling."""
    initial: dict = {"versie": traject.versie}
    if moment_id and moment_id.isdigit():
        moment = traject.monitoringmomenten.filter(pk=int(moment_id)).first()
        if moment is not None:
            initial["monitoringmoment"] = moment.pk
            if moment.schaal in (Maatwerksoort.OPSCHALEN, Maatwerksoort.AFSCHALEN):
                initial["soort"] = moment.schaal
    return initial


@login_required
def maatwerk_voorstellen(request: HttpRequest, pk: int) -> HttpResponse:
    traject = laad_traject(request, pk)
    vereis(request.user, "maatwerk.voorstellen", traject)
    initial = _voorstel_initial(traject, request.GET.get("monitoringmoment"))
    form = f.MaatwerkVoorstelForm(request.POST or None, initial=initial, traject=traject)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        try:
            m = services.stel_voor(
                door=request.user,
                traject_id=traject.pk,
                soort=d["soort"],
                taken=d["taken"],
                van=d["van"],
                tot=d["tot"],
                evaluatie_op=d["evaluatie_op"],
                reden=d["reden"],
                monitoringmoment_id=d["monitoringmoment"],
                verwachte_versie=d["versie"],
            )
        except Geweigerd as exc:
            form.add_error(None, str(exc))
            # A retry uses the version the page shows now (as on the traject page).
            form.data = form.data.copy()
            form.data[form.add_prefix("versie")] = str(traject.versie)
        else:
            messages.success(
                request,
                f"Maatwerk voorgesteld: {kort(m).lower()} ({', '.join(m.taaklabels)}). "
                "De gemeente (consulent) beslist.",
            )
            return redirect("traject_detail", pk=traject.pk)
    moment_id = form["monitoringmoment"].value() or initial.get("monitoringmoment")
    moment = traject.monitoringmomenten.filter(pk=moment_id).first() if moment_id else None
    return render(
        request,
        "pakket/maatwerk_voorstellen.html",
        {"traject": traject, "klant": traject.klant, "form": form, "moment": moment},
    )


def _maatwerk(request: HttpRequest, pk: int) -> tuple[Maatwerk, object]:
    """The maatwerk row (404 when the user may not see it) and its traject, loaded for the
    page as a refused form re-renders it."""
    vereis_dossierrol(request)
    m = get_object_or_404(filter_for_user(request.user, Maatwerk.objects.all()), pk=pk)
    traject = selectors.traject_detail(request.user, m.traject_id)
    m = next(r for r in traject.maatwerk.all() if r.pk == m.pk)
    m.traject = traject
    return m, traject


@login_required
@require_POST
def maatwerk_beoordelen(request: HttpRequest, pk: int) -> HttpResponse:
    m, traject = _maatwerk(request, pk)
    knoppen = [naam for naam in BEOORDELEN if mag(request.user, naam, m) is None]
    actie = beoordeel_actie(m, knoppen, data=request.POST)

    def doe(data: dict) -> str:
        goed = data["stap"] == "goedkeuren"
        services.beoordeel(
            door=request.user,
            maatwerk_id=m.pk,
            goedkeuren=goed,
            toelichting=data["toelichting"],
        )
        if goed:
            return f"Maatwerk goedgekeurd: {', '.join(m.taaklabels)} vanaf {datum_lang(m.van)}."
        return "Het voorstel voor maatwerk is afgewezen."

    return uitvoeren(request, traject, actie, doe)


@login_required
@require_POST
def maatwerk_intrekken(request: HttpRequest, pk: int) -> HttpResponse:
    m, traject = _maatwerk(request, pk)
    actie = intrek_actie(m, data=request.POST)

    def doe(data: dict) -> str:
        services.trek_in(door=request.user, maatwerk_id=m.pk, toelichting=data["toelichting"])
        return "Het voorstel voor maatwerk is ingetrokken."

    return uitvoeren(request, traject, actie, doe)


@login_required
@require_POST
def maatwerk_beeindigen(request: HttpRequest, pk: int) -> HttpResponse:
    m, traject = _maatwerk(request, pk)
    actie = beeindig_actie(m, data=request.POST)

    def doe(data: dict) -> str:
        services.beeindig(door=request.user, maatwerk_id=m.pk, reden=data["reden"])
        return (
            "Het maatwerk is beëindigd. Vanaf morgen geldt weer de takenverdeling van de afspraak."
        )

    return uitvoeren(request, traject, actie, doe)


@login_required
@require_POST
def traject_taak_afspreken(request: HttpRequest, pk: int) -> HttpResponse:
    traject = laad_traject(request, pk)
    actie = afspreek_actie(traject, services.open_overleg(traject), data=request.POST)

    def doe(data: dict) -> str:
        services.spreek_taak_af(
            door=request.user,
            traject_id=traject.pk,
            taak=data["taak"],
            partij=data["partij"],
            toelichting=data["toelichting"],
            verwachte_versie=data["versie"],
        )
        wie = Partij(data["partij"]).label.lower()
        return f"Vastgelegd: ‘{Taak(data['taak']).label}’ doet in dit traject de {wie}."

    return uitvoeren(request, traject, actie, doe)


urls: list[URLPattern] = [
    path("trajecten/<int:pk>/maatwerk/nieuw/", maatwerk_voorstellen, name="maatwerk_voorstellen"),
    path(
        "trajecten/<int:pk>/taak-afspreken/",
        traject_taak_afspreken,
        name="traject_taak_afspreken",
    ),
    path("maatwerk/<int:pk>/beoordelen/", maatwerk_beoordelen, name="maatwerk_beoordelen"),
    path("maatwerk/<int:pk>/intrekken/", maatwerk_intrekken, name="maatwerk_intrekken"),
    path("maatwerk/<int:pk>/beeindigen/", maatwerk_beeindigen, name="maatwerk_beeindigen"),
]
