"""The budget tab: the month (income, fixed costs, what is left), posts added or removed
through the service, vaststellen; the VTLB and the aflosruimte when the norms allow."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from klantplan.forms import EuroField
from klantplan.huishouden import aflosruimte, budget
from klantplan.huishouden.models import VAN_KEUZES, Budgetpost, Huishouden, Postsoort
from klantplan.models.schulden import Schuldenaar
from klantplan.views.basis import open_traject, tabcontext, uitvoeren
from schuldhulp import audit
from trajecten.services import Geweigerd


class PostForm(forms.Form):
    soort = forms.ChoiceField(
        label="Wat",
        choices=[("", "Kies inkomen of vaste last"), *Postsoort.choices],
        error_messages={"required": "Kies wat voor inkomen of vaste last het is."},
    )
    van = forms.ChoiceField(
        label="Van wie",
        choices=VAN_KEUZES,
        initial=Schuldenaar.KLANT,
        error_messages={"required": "Kies van wie het is."},
    )
    bedrag = EuroField(label="Bedrag per maand", help_text="Bijvoorbeeld 1.250,00.")
    omschrijving = forms.CharField(
        label="Toelichting",
        max_length=200,
        required=False,
        help_text="Staat in het maandoverzicht voor de klant, achter de soort.",
    )
    omschrijving.zichtbaarheid = "klant"  # ADR 0027: who reads this text


def _pagina(request: HttpRequest, traject, form: PostForm | None = None) -> HttpResponse:
    huidig = budget.huidig(traject)
    heeft_partner = Huishouden.objects.filter(traject=traject, partner__isnull=False).exists()
    return render(
        request,
        "huishouden/budget.html",
        tabcontext(
            request,
            traject,
            "budget",
            budget=huidig,
            maand=budget.maand(huidig) if huidig else None,
            vtlb=aflosruimte.bereken(traject, huidig) if huidig else None,
            form=form or PostForm(),
            heeft_partner=heeft_partner,
        ),
        status=400 if form is not None else 200,
    )


@login_required
def budget_pagina(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk)
    audit.dossier_ingezien(request=request, obj=traject, omschrijving="Budget")
    return _pagina(request, traject)


@login_required
@require_POST
def post_toevoegen(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk, schrijven=budget.HANDELING)
    form = PostForm(request.POST)
    gedaan = uitvoeren(
        form,
        lambda d: budget.voeg_post_toe(
            traject_id=traject.pk,
            door=request.user,
            gegevens=budget.Postgegevens(d["soort"], d["van"], d["bedrag"], d["omschrijving"]),
        ),
    )
    if gedaan is None:
        return _pagina(request, traject, form)
    messages.success(request, "De post staat in het budget.")
    return redirect("huishouden:budget", traject_pk=traject.pk)


@login_required
@require_POST
def post_verwijderen(request: HttpRequest, traject_pk: int, pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk, schrijven=budget.HANDELING)
    get_object_or_404(Budgetpost, pk=pk, budget__traject=traject)
    try:
        budget.verwijder_post(traject_id=traject.pk, post_id=pk, door=request.user)
    except Geweigerd as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "De post is uit het budget gehaald.")
    return redirect("huishouden:budget", traject_pk=traject.pk)


@login_required
@require_POST
def vaststellen(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk, schrijven=budget.HANDELING)
    try:
        vast = budget.stel_vast(traject_id=traject.pk, door=request.user)
    except Geweigerd as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Versie {vast.versie} van het budget is vastgesteld.")
    return redirect("huishouden:budget", traject_pk=traject.pk)


urlpatterns = [
    path("trajecten/<int:traject_pk>/budget/", budget_pagina, name="budget"),
    path("trajecten/<int:traject_pk>/budget/posten/", post_toevoegen, name="budget_post"),
    path(
        "trajecten/<int:traject_pk>/budget/posten/<int:pk>/verwijderen/",
        post_verwijderen,
        name="budget_post_verwijderen",
    ),
    path("trajecten/<int:traject_pk>/budget/vaststellen/", vaststellen, name="budget_vaststellen"),
]
