"""Acties and afspraken: in a concept klantplan or from a gesprek."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from klantplan import forms, services
from klantplan.models import Actie
from klantplan.services.toegang import actie_handeling
from klantplan.views.basis import (
    formulierpagina,
    open_traject,
    toon_weigering,
    uitvoeren,
    veilig_terug,
)
from klantplan.views.plan import concept_versie
from schuldhulp.bevestigen import Bevestiging, is_bevestigd, vraag_bevestiging
from schuldhulp.permissions import filter_for_user, vereis
from trajecten.models import Traject


@login_required
def actie_nieuw(request: HttpRequest, traject_pk: int, versie: int) -> HttpResponse:
    traject = open_traject(request, traject_pk, schrijven="klantplan.wijzigen")
    plan = concept_versie(request, traject, versie)
    terug = reverse("klantplan:klantplan_versie", args=[traject.pk, versie])
    if plan is None:
        return redirect(terug)
    form = forms.ActieForm(request.POST or None, traject=traject)
    actie = uitvoeren(
        form,
        lambda d: services.voeg_actie_toe(
            klantplan_id=plan.pk,
            door=request.user,
            soort=d["soort"],
            wat=d["wat"],
            klanttekst=d["klanttekst"],
            wie=d["wie"],
            deadline=d["deadline"],
        ),
    )
    if actie:
        messages.success(request, f"De actie is toegevoegd. Wie: {actie.get_wie_display()}.")
        return redirect(f"{terug}#acties")
    return formulierpagina(
        request,
        traject,
        form=form,
        titel="Actie of afspraak toevoegen",
        knop="Actie toevoegen",
        terug=terug,
        tab="klantplan",
        inleiding=(
            f"Pakket {traject.afspraak.get_pakket_display()}: achter elke soort actie staat wie "
            "die volgens het pakket doet. Zo wordt de actie ingevuld, tenzij u zelf iemand kiest."
        ),
    )


def _actie(request: HttpRequest, traject: Traject, pk: int, voortgang: bool = False) -> Actie:
    """The actie (404 if not the user's), if the gate lets the user change it: an actie of
    the klantplan is the klantplan's writer's, an afspraak from a gesprek is for whoever
    records that kind of gesprek; ticking it off (`voortgang`) is its party's."""
    actie = get_object_or_404(
        filter_for_user(request.user, traject.klantacties.select_related("klantplan", "gesprek")),
        pk=pk,
    )
    vereis(request.user, actie_handeling(actie, voortgang=voortgang), traject)
    return actie


def _actie_terug(actie, traject: Traject) -> str:
    if actie.gesprek_id:
        return reverse("klantplan:gesprek", args=[traject.pk, actie.gesprek_id])
    versie = actie.klantplan.versie
    return reverse("klantplan:klantplan_versie", args=[traject.pk, versie]) + "#acties"


@login_required
def actie_wijzig(request: HttpRequest, traject_pk: int, pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk)
    actie = _actie(request, traject, pk)
    terug = _actie_terug(actie, traject)
    if actie.klantplan and actie.klantplan.is_vastgesteld:
        messages.error(
            request, "Deze actie hoort bij een vastgesteld klantplan. Maak een nieuwe versie."
        )
        return redirect(terug)
    form = forms.ActieForm(
        request.POST or None,
        traject=traject,
        initial={
            "soort": actie.soort,
            "klanttekst": actie.klanttekst,
            "wat": actie.wat,
            "wie": actie.wie,
            "deadline": actie.deadline,
        },
    )
    if uitvoeren(
        form,
        lambda d: services.wijzig_actie(
            actie_id=actie.pk,
            door=request.user,
            soort=d["soort"],
            wat=d["wat"],
            klanttekst=d["klanttekst"],
            wie=d["wie"],
            deadline=d["deadline"],
        ),
    ):
        messages.success(request, "De actie is gewijzigd.")
        return redirect(terug)
    return formulierpagina(
        request,
        traject,
        form=form,
        titel="Actie wijzigen",
        knop="Actie opslaan",
        terug=terug,
        tab="gesprekken" if actie.gesprek_id else "klantplan",
    )


@login_required
@require_POST
def actie_verwijder(request: HttpRequest, traject_pk: int, pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk)
    actie = _actie(request, traject, pk)
    terug = _actie_terug(actie, traject)
    if not is_bevestigd(request):
        return vraag_bevestiging(
            request,
            Bevestiging(
                titel="Actie verwijderen",
                vraag="Weet u zeker dat u deze actie wilt verwijderen?",
                gevolg="De actie verdwijnt uit de actielijst, ook voor wie hem moest doen. "
                "In het verwerkingenlog blijft staan dat u hem verwijderde.",
                knop="Ja, actie verwijderen",
                terug=terug,
                details=(("Actie", actie.wat), ("Wie", actie.get_wie_display())),
            ),
        )
    try:
        services.verwijder_actie(actie_id=actie.pk, door=request.user)
        messages.success(request, "De actie is verwijderd.")
    except services.Geweigerd as exc:
        toon_weigering(request, exc)
    return redirect(terug)


@login_required
@require_POST
def actie_gedaan(request: HttpRequest, traject_pk: int, pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk)
    actie = _actie(request, traject, pk, voortgang=True)
    gedaan = request.POST.get("gedaan") == "1"
    try:
        services.markeer_actie(
            actie_id=actie.pk,
            door=request.user,
            gedaan_op=timezone.localdate() if gedaan else None,
        )
        messages.success(
            request, "De actie staat op gedaan." if gedaan else "De actie staat weer open."
        )
    except services.Geweigerd as exc:
        toon_weigering(request, exc)
    return redirect(veilig_terug(request, request.POST.get("terug"), _actie_terug(actie, traject)))
