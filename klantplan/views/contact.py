"""Gesprekken (with their afspraken), afstemming with the gemeente, klachten."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from klantplan import forms, selectors, services
from klantplan.models import Afstemmingsoort, Gesprekssoort
from klantplan.services.toegang import (
    ALGEMEEN_GESPREK,
    ALGEMENE_AFSTEMMING,
    afstemming_handeling,
    gesprek_handeling,
)
from klantplan.views.basis import (
    afvinkbaar,
    formulierpagina,
    open_traject,
    tabcontext,
    toegestane_soorten,
    uitvoeren,
)
from schuldhulp import audit
from schuldhulp.pakketten import Partij
from schuldhulp.permissions import mag, vereis
from trajecten.models import Traject
from trajecten.samenwerking.informeren import naam
from trajecten.samenwerking.signalen import andere
from trajecten.workflow import AFSTEMMING_HANDELING


@login_required
def gesprekken(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk)
    return render(
        request,
        "klantplan/gesprekken.html",
        tabcontext(
            request, traject, "gesprekken", gesprekken=selectors.gesprekken(request.user, traject)
        ),
    )


@login_required
def gesprek_nieuw(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk, schrijven=ALGEMEEN_GESPREK)
    form = forms.GesprekForm(
        request.POST or None,
        initial={"datum": timezone.localdate()},
        soorten=toegestane_soorten(request, traject, Gesprekssoort.choices, gesprek_handeling),
    )
    gesprek = uitvoeren(
        form, lambda d: services.registreer_gesprek(traject=traject, door=request.user, **d)
    )
    if gesprek:
        messages.success(request, "Het gesprek is vastgelegd. Leg nu de afspraken vast.")
        return redirect("klantplan:gesprek", traject_pk=traject.pk, pk=gesprek.pk)
    return formulierpagina(
        request,
        traject,
        form=form,
        titel="Gesprek vastleggen",
        knop="Gesprek vastleggen",
        terug=reverse("klantplan:gesprekken", args=[traject.pk]),
        tab="gesprekken",
    )


@login_required
def gesprek(request: HttpRequest, traject_pk: int, pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk)
    gekozen = selectors.gesprek(request.user, traject, pk)
    audit.dossier_ingezien(request=request, obj=gekozen, omschrijving="Gesprek")
    # Its afspraken: whoever may record this kind of gesprek (else the gate says who does).
    afspraken_reden = mag(request.user, gesprek_handeling(gekozen.soort), traject)
    return render(
        request,
        "klantplan/gesprek.html",
        tabcontext(
            request,
            traject,
            "gesprekken",
            kan_afspraken=afspraken_reden is None,
            afspraken_reden=afspraken_reden,
            gesprek=gekozen,
            acties=(acties := list(gekozen.acties.all())),
            afvinkbaar=afvinkbaar(request, traject, acties),
            actielijst=selectors.open_acties(request.user, traject),
            documenten=selectors.documenten(request.user, traject).filter(gesprek=gekozen),
        ),
    )


@login_required
def gesprek_actie_nieuw(request: HttpRequest, traject_pk: int, pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk)
    gekozen = selectors.gesprek(request.user, traject, pk)
    vereis(request.user, gesprek_handeling(gekozen.soort), traject)
    terug = reverse("klantplan:gesprek", args=[traject.pk, gekozen.pk])
    form = forms.ActieForm(request.POST or None, traject=traject)
    actie = uitvoeren(
        form,
        lambda d: services.voeg_actie_toe(
            gesprek_id=gekozen.pk,
            door=request.user,
            soort=d["soort"],
            wat=d["wat"],
            klanttekst=d["klanttekst"],
            wie=d["wie"],
            deadline=d["deadline"],
        ),
    )
    if actie:
        messages.success(request, f"De afspraak is toegevoegd. Wie: {actie.get_wie_display()}.")
        return redirect(terug)
    return formulierpagina(
        request,
        traject,
        form=form,
        titel=f"Afspraak uit het {gekozen.get_soort_display().lower()}",
        knop="Afspraak toevoegen",
        terug=terug,
        tab="gesprekken",
    )


# The kinds a new afstemming may have: "warme_overdracht" is history (no catalogue row).
AFSTEMMINGSOORTEN = [(w, k) for w, k in Afstemmingsoort.choices if w in AFSTEMMING_HANDELING]


def _afstemmingenpagina(
    request: HttpRequest, traject: Traject, gebonden: tuple[int, forms.AntwoordForm] | None = None
) -> HttpResponse:
    """The list; each afstemming addressed to the user's side (the gate decides) gets an
    answer form (`gebonden`: the posted one that was refused, with its errors)."""
    audit.dossier_ingezien(request=request, obj=traject, omschrijving="Afstemming met gemeente")
    rijen = list(selectors.afstemmingen(request.user, traject))
    for a in rijen:
        a.traject = traject  # the gate reads the traject: no query per row
        a.antwoordreden = mag(request.user, "afstemming.beantwoorden", a)
        if gebonden is not None and gebonden[0] == a.pk:
            a.antwoordform = gebonden[1]
        elif a.antwoordreden is None:
            a.antwoordform = forms.AntwoordForm(auto_id=f"antwoord-{a.pk}-%s")
    return render(
        request,
        "klantplan/afstemmingen.html",
        tabcontext(
            request,
            traject,
            "afstemming",
            afstemmingen=rijen,
            open_voor_mij=sum(1 for a in rijen if a.antwoordreden is None),
        ),
    )


@login_required
def afstemmingen(request: HttpRequest, traject_pk: int) -> HttpResponse:
    return _afstemmingenpagina(request, open_traject(request, traject_pk))


@login_required
def afstemming_nieuw(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk, schrijven=ALGEMENE_AFSTEMMING)
    andere_partij = andere(request.user.partij)
    form = forms.AfstemmingForm(
        request.POST or None,
        initial={"datum": timezone.localdate()},
        soorten=toegestane_soorten(request, traject, AFSTEMMINGSOORTEN, afstemming_handeling),
        andere=(andere_partij.value, f"{naam(andere_partij).capitalize()}: wacht op antwoord")
        if andere_partij
        else None,
    )
    afstemming = uitvoeren(
        form, lambda d: services.registreer_afstemming(traject=traject, door=request.user, **d)
    )
    if afstemming:
        if afstemming.aan:
            messages.success(
                request,
                f"De afstemming is gericht aan {naam(Partij(afstemming.aan))}: die krijgt een "
                "signalering en beantwoordt hem hier.",
            )
        else:
            messages.success(
                request,
                "De afstemming is vastgelegd. De gemeente en de Stadsbank zien hem allebei.",
            )
        return redirect("klantplan:afstemmingen", traject_pk=traject.pk)
    return formulierpagina(
        request,
        traject,
        form=form,
        titel="Afstemming met de gemeente vastleggen",
        knop="Afstemming vastleggen",
        terug=reverse("klantplan:afstemmingen", args=[traject.pk]),
        tab="afstemming",
    )


@login_required
@require_POST
def afstemming_beantwoorden(request: HttpRequest, traject_pk: int, pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk)
    afstemming = get_object_or_404(selectors.afstemmingen(request.user, traject), pk=pk)
    form = forms.AntwoordForm(request.POST, auto_id=f"antwoord-{afstemming.pk}-%s")
    if uitvoeren(
        form,
        lambda d: services.beantwoord_afstemming(
            afstemming_id=afstemming.pk, door=request.user, antwoord=d["antwoord"]
        ),
    ):
        messages.success(request, "Uw antwoord is vastgelegd. De afzender krijgt een signalering.")
        return redirect(
            f"{reverse('klantplan:afstemmingen', args=[traject.pk])}#afstemming-{afstemming.pk}"
        )
    return _afstemmingenpagina(request, traject, gebonden=(afstemming.pk, form))


@login_required
def klachten(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk)
    audit.dossier_ingezien(request=request, obj=traject, omschrijving="Klachten en bezwaren")
    return render(
        request,
        "klantplan/klachten.html",
        tabcontext(
            request, traject, "klachten", klachten=selectors.klachten(request.user, traject)
        ),
    )


@login_required
def klacht_nieuw(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk, schrijven="klacht.vastleggen")
    form = forms.KlachtForm(request.POST or None, initial={"datum": timezone.localdate()})
    if uitvoeren(
        form, lambda d: services.registreer_klacht(traject=traject, door=request.user, **d)
    ):
        messages.success(request, "De klacht of het bezwaar is vastgelegd.")
        return redirect("klantplan:klachten", traject_pk=traject.pk)
    return formulierpagina(
        request,
        traject,
        form=form,
        titel="Klacht of bezwaar vastleggen",
        knop="Klacht of bezwaar vastleggen",
        terug=reverse("klantplan:klachten", args=[traject.pk]),
        tab="klachten",
    )


@login_required
def klacht_afhandelen(request: HttpRequest, traject_pk: int, pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk, schrijven="klacht.vastleggen")
    klacht = get_object_or_404(selectors.klachten(request.user, traject), pk=pk)
    form = forms.KlachtAfhandelForm(
        request.POST or None,
        initial={"afgehandeld_op": timezone.localdate(), "toelichting": klacht.toelichting},
    )
    if uitvoeren(
        form,
        lambda d: services.handel_klacht_af(klacht_id=klacht.pk, door=request.user, **d),
    ):
        messages.success(request, "De afhandeling is vastgelegd.")
        return redirect("klantplan:klachten", traject_pk=traject.pk)
    return formulierpagina(
        request,
        traject,
        form=form,
        titel=f"{klacht.get_soort_display()} afhandelen: {klacht.onderwerp}",
        knop="Afhandeling vastleggen",
        terug=reverse("klantplan:klachten", args=[traject.pk]),
        tab="klachten",
    )
