"""Saneringsvoorstellen: calculate, store and show."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from klantplan import forms, selectors, services
from klantplan.models import Voorstel
from klantplan.sanering import Voorstel as Berekening
from klantplan.views.basis import (
    open_traject,
    tabcontext,
    uitvoeren,
)
from schuldhulp import audit
from schuldhulp.permissions import vereis


@login_required
def voorstellen(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk)
    berekend = services.berekende_aflosruimte(traject)
    form = forms.VoorstelForm(request.POST or None, initial={"aflosruimte": berekend})
    if request.method == "POST":
        vereis(request.user, "sanering.wijzigen", traject)
    voorstel = uitvoeren(
        form,
        lambda d: services.bereken_voorstel(
            traject=traject,
            door=request.user,
            soort=d["soort"],
            aflosruimte_per_maand_cent=d["aflosruimte"] if d["soort"] == "schuldregeling" else None,
            looptijd_maanden=d["looptijd_maanden"],
            krediet_cent=d["krediet"] if d["soort"] == "saneringskrediet" else None,
            preferent_factor=d["preferent_factor"],
            reden_afwijking=d["reden_afwijking"],
        ),
    )
    if voorstel:
        messages.success(request, "Het voorstel is berekend en bewaard.")
        return redirect("klantplan:voorstel", traject_pk=traject.pk, pk=voorstel.pk)
    return render(
        request,
        "klantplan/voorstellen.html",
        tabcontext(
            request,
            traject,
            "voorstel",
            form=form,
            berekend=berekend,
            voorstellen=selectors.voorstellen(request.user, traject),
            totalen=selectors.schuldtotalen(request.user, traject),
        ),
    )


def _regels(voorstel: Voorstel) -> tuple[Berekening, list[dict]]:
    berekening = Berekening.from_dict(voorstel.resultaat)
    aandelen = {a.sleutel: a for a in berekening.aandelen}
    return berekening, [{**r, "aandeel": aandelen[r["sleutel"]]} for r in voorstel.invoer]


@login_required
def voorstel(request: HttpRequest, traject_pk: int, pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk)
    gekozen = get_object_or_404(selectors.voorstellen(request.user, traject), pk=pk)
    audit.dossier_ingezien(request=request, obj=gekozen, omschrijving="Saneringsvoorstel")
    berekening, regels = _regels(gekozen)
    return render(
        request,
        "klantplan/voorstel.html",
        tabcontext(
            request,
            traject,
            "voorstel",
            voorstel=gekozen,
            berekening=berekening,
            regels=regels,
            documenten=selectors.documenten(request.user, traject).filter(voorstel=gekozen),
        ),
    )
