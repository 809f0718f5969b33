"""The contractmanager's dashboard, subscriptions to reports and the kwartaalgesprek."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from rapportage import abonnementen, dashboard, kwartaalgesprek, selectors, weergave
from rapportage.forms import STADSBANK
from rapportage.forms_dashboard import (
    ActieBewerkFormSet,
    ActieFormSet,
    KwartaalgesprekForm,
    PeriodeForm,
)
from rapportage.models import Kwartaalgesprek
from rapportage.views import _rapportage_of_404
from schuldhulp.models import Gemeente
from schuldhulp.permissions import can_do, filter_for_user, mag, vereis


def _periodeformulier(request: HttpRequest) -> PeriodeForm:
    gemeenten = selectors.gemeenten_voor_rapportage(request.user, "rapportage.dashboard")
    stadsbank = can_do(request.user, "rapportage.stadsbank")
    if not gemeenten and not stadsbank:
        raise Http404
    data = request.GET if "soort" in request.GET else None
    if data is None:  # first visit: the first gemeente, the running quarter
        eerste = str(gemeenten[0].pk) if gemeenten else STADSBANK
        data = {"gemeente": eerste, "soort": "lopend"}
    return PeriodeForm(data, gemeenten=gemeenten, stadsbank=stadsbank, vandaag=timezone.localdate())


@login_required
def dashboard_pagina(request: HttpRequest) -> HttpResponse:
    vereis(request.user, "rapportage.dashboard")
    form = _periodeformulier(request)
    context: dict = {"form": form}
    if form.is_valid() and "periode" in form.cleaned_data:
        gemeente, periode = form.cleaned_data["gemeente"], form.cleaned_data["periode"]
        gemeente_id = gemeente.pk if gemeente else None
        data = dashboard.cijfers(gemeente_id, periode)
        huidig = {"labels": [periode.kort], "figuren": data["figuren"]}
        context |= {
            "gemeente": gemeente,
            "onderwerp": gemeente.naam if gemeente else "Stadsbank – alle gemeenten",
            "periode": periode,
            "berekend_op": timezone.localtime(parse_datetime(data["berekend_op"])),
            "kern": weergave.samenvatting(huidig)["kern"],
            "kaarten": dashboard.normkaarten(data),
            # The survey at uitstroom (None in a day-cache from before the figure existed).
            "tevredenheid": data["figuren"].get("tevredenheid", [None])[0],
            "uitsplitsing": dashboard.uitsplitsing(data),
            "secties": weergave.secties(huidig, met_grafieken=False),
            "kolommen": [periode],
            "vandaag": timezone.localdate(),
            "acties": list(
                kwartaalgesprek.acties_voor(request.user, gemeente_id).filter(
                    afgerond_op__isnull=True
                )[:50]
            ),
            "mag_afvinken": can_do(request.user, "rapportage.kwartaalgesprek"),
            "geabonneerd": abonnementen.is_geabonneerd(request.user, gemeente),
            "mag_abonneren": can_do(request.user, "rapportage.abonneren", gemeente)
            if gemeente
            else can_do(request.user, "rapportage.abonneren"),
            "rapportage": selectors.rapportages_voor(request.user)
            .filter(gemeente=gemeente, status="klaar")
            .first(),
            "terug": request.get_full_path(),
        }
    return render(request, "rapportage/dashboard.html", context)


def _terug(request: HttpRequest, standaard: str) -> str:
    volgende = request.POST.get("volgende", "")
    if url_has_allowed_host_and_scheme(volgende, {request.get_host()}, request.is_secure()):
        return volgende
    return standaard


@login_required
@require_POST
def abonneren(request: HttpRequest) -> HttpResponse:
    vereis(request.user, "rapportage.abonneren")
    keuze = request.POST.get("gemeente", "")
    if keuze == STADSBANK:
        gemeente = None
    elif keuze.isdigit():
        gemeente = get_object_or_404(
            filter_for_user(request.user, Gemeente.objects.all()), pk=keuze
        )
    else:
        raise Http404
    aan = abonnementen.zet(
        gebruiker=request.user, gemeente=gemeente, aan=request.POST.get("aan") == "1"
    )
    naam = gemeente.naam if gemeente else "de Stadsbank"
    if aan:
        messages.success(
            request,
            f"U krijgt een e-mail met een link zodra een nieuwe rapportage van {naam} klaar is.",
        )
    else:
        messages.success(request, f"U krijgt geen e-mail meer over rapportages van {naam}.")
    return redirect(_terug(request, reverse("rapportage_dashboard")))


@login_required
def kwartaalgesprek_vastleggen(request: HttpRequest, pk: int) -> HttpResponse:
    rapportage = _rapportage_of_404(request, pk)
    vereis(request.user, "rapportage.kwartaalgesprek", rapportage)
    if not rapportage.is_klaar:
        raise Http404
    form = KwartaalgesprekForm(request.POST or None, initial={"datum": timezone.localdate()})
    acties = ActieFormSet(request.POST or None, prefix="actie")
    if request.method == "POST" and form.is_valid() and acties.is_valid():
        nieuw = [kwartaalgesprek.NieuweActie(**a.cleaned_data) for a in acties if a.cleaned_data]
        try:
            kwartaalgesprek.leg_vast(
                rapportage=rapportage, door=request.user, acties=nieuw, **form.cleaned_data
            )
        except kwartaalgesprek.GesprekFout as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                "Het kwartaalgesprek is vastgelegd. Het komt als bijlage in de volgende versie "
                "van de PDF: maak die met 'Opnieuw maken (nieuwe versie)'.",
            )
            return redirect("rapportage_detail", pk=rapportage.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "rapportage/kwartaalgesprek.html",
        {"rapportage": rapportage, "form": form, "acties": acties},
        status=status,
    )


@login_required
@require_POST
def actie_afronden(request: HttpRequest, pk: int) -> HttpResponse:
    vereis(request.user, "rapportage.kwartaalgesprek")
    actie = get_object_or_404(kwartaalgesprek.acties_voor(request.user, None), pk=pk)
    afgerond = request.POST.get("afgerond", "1") == "1"
    kwartaalgesprek.rond_af(actie_id=actie.pk, door=request.user, afgerond=afgerond)
    messages.success(
        request,
        f"Actie '{actie.omschrijving}' is {'afgerond' if afgerond else 'weer open'}.",
    )
    return redirect(_terug(request, reverse("rapportage_dashboard")))


def _gesprek_of_404(request: HttpRequest, pk: int) -> Kwartaalgesprek:
    """A meeting on a report the user may read (else 404, as the report itself)."""
    gesprek = get_object_or_404(
        Kwartaalgesprek.objects.select_related("rapportage__gemeente"), pk=pk
    )
    _rapportage_of_404(request, gesprek.rapportage_id)
    return gesprek


def _actierijen(gesprek: Kwartaalgesprek) -> list[dict]:
    return [
        {
            "id": a.pk,
            "omschrijving": a.omschrijving,
            "eigenaar": a.eigenaar,
            "deadline": a.deadline,
            "afgerond": a.afgerond_op is not None,
        }
        for a in gesprek.acties.order_by("deadline", "pk")
    ]


@login_required
def kwartaalgesprek_wijzigen(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a meeting while no next version carries it; after that the page shows it as
    it is fixed, with its actions to tick off, and the reason."""
    gesprek = _gesprek_of_404(request, pk)
    vereis(request.user, "rapportage.kwartaalgesprek", gesprek.rapportage)
    vast = mag(request.user, "rapportage.kwartaalgesprek_wijzigen", gesprek)
    data = request.POST if request.method == "POST" and not vast else None
    form = KwartaalgesprekForm(
        data,
        initial={
            "datum": gesprek.datum,
            "aanwezigen": gesprek.aanwezigen,
            "afspraken": gesprek.afspraken,
            "opmerkingen": gesprek.opmerkingen,
        },
    )
    acties = ActieBewerkFormSet(data, initial=_actierijen(gesprek), prefix="actie")
    if data is not None and form.is_valid() and acties.is_valid():
        wijzigingen = [
            kwartaalgesprek.ActieWijziging(
                pk=a.cleaned_data.get("id"),
                omschrijving=a.cleaned_data["omschrijving"],
                eigenaar=a.cleaned_data["eigenaar"],
                deadline=a.cleaned_data["deadline"],
                afgerond=a.cleaned_data.get("afgerond", False),
                verwijderen=a.cleaned_data.get("verwijderen", False),
            )
            for a in acties
            if a.cleaned_data
        ]
        try:
            kwartaalgesprek.wijzig(
                gesprek_id=gesprek.pk, door=request.user, acties=wijzigingen, **form.cleaned_data
            )
        except kwartaalgesprek.GesprekFout as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Het kwartaalgesprek is gewijzigd.")
            return redirect("rapportage_kwartaalgesprek_wijzigen", pk=gesprek.pk)
    status = 422 if data is not None else 200
    return render(
        request,
        "rapportage/kwartaalgesprek_wijzigen.html",
        {
            "gesprek": gesprek,
            "rapportage": gesprek.rapportage,
            "vast": vast,
            "form": form,
            "acties": acties,
            "actielijst": gesprek.acties.order_by("deadline", "pk"),
            "historie": kwartaalgesprek.historie(gesprek),
            "terug": request.get_full_path(),
        },
        status=status,
    )
