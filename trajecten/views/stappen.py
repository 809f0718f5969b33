"""The POSTs of the traject page: each asks its service, which asks the gate again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from schuldhulp.bevestigen import Bevestiging, is_bevestigd, vraag_bevestiging
from schuldhulp.opmaak import datum_lang
from schuldhulp.permissions import mag
from trajecten import selectors, services, stabilisatie, workflow
from trajecten.models import (
    Fase,
    Gebeurtenissoort,
    Normbewaking,
    Product,
    Traject,
)
from trajecten.views.detail import detail_response, laad_traject
from trajecten.views.knoppen import Actie, knop, overgang_actie, schuldregeling_actie


def _uitvoeren(
    request: HttpRequest,
    traject: Traject,
    actie: Actie,
    doe: Callable[[dict], str],
    stap: Callable[[dict], tuple[workflow.Handeling, Any]] | None = None,
) -> HttpResponse:
    """Validate the form, call the service; success → redirect with a message, else re-render
    the page with the bound form and the reason (the service changed nothing). `stap`: the
    catalogue row (and its object) the form is about; if it cannot be undone, ask first."""
    if actie.form.is_valid():
        if stap is not None and (
            vraag := _vraag_eerst(request, traject, actie, *stap(actie.form.cleaned_data))
        ):
            return vraag
        try:
            melding = doe(actie.form.cleaned_data)
        except services.Geweigerd as exc:
            actie.form.add_error(None, str(exc))
        else:
            messages.success(request, melding)
            return redirect("traject_detail", pk=traject.pk)
    # Reload: the page must show the state as it is now, not as the form assumed it.
    return detail_response(request, selectors.traject_detail(request.user, traject.pk), actie)


def _vraag_eerst(
    request: HttpRequest, traject: Traject, actie: Actie, h: workflow.Handeling, obj: Any
) -> HttpResponse | None:
    """The confirmation page for a step that cannot be undone, until it is confirmed. When the
    gate refuses the step there is nothing to confirm: the service then says why."""
    if not h.onomkeerbaar or is_bevestigd(request) or mag(request.user, h, obj) is not None:
        return None
    titel = h.knop if actie.knoppen else actie.titel
    return vraag_bevestiging(
        request,
        Bevestiging(
            titel=titel,
            vraag=f"Weet u zeker dat u dit wilt doen: {titel[0].lower()}{titel[1:]}?",
            gevolg=h.onomkeerbaar,
            knop=f"Ja, {h.knop[0].lower()}{h.knop[1:]}",
            terug=reverse("traject_detail", args=[traject.pk]) + f"#{actie.id}",
            details=(("Klant", traject.klant.volledige_naam), *_ingevuld(actie.form)),
        ),
    )


def _ingevuld(form: forms.Form) -> list[tuple[str, str]]:
    """What the user filled in, as the confirmation shows it (label, readable value)."""
    rijen = []
    for veld in form.visible_fields():
        waarde = form.cleaned_data.get(veld.name)
        if waarde in (None, ""):
            continue
        if isinstance(waarde, date):
            tekst = datum_lang(waarde)
        elif keuzes := getattr(veld.field, "choices", None):
            tekst = str(dict(keuzes).get(veld.value(), waarde))
        else:
            tekst = str(waarde)
        rijen.append((str(veld.label), tekst))
    return rijen


@login_required
@require_POST
def traject_overgang(request: HttpRequest, pk: int, naam: str) -> HttpResponse:
    traject = laad_traject(request, pk)
    overgang = workflow.OVERGANGEN.get(naam)
    if overgang is None:
        raise Http404
    actie = overgang_actie(traject, overgang, data=request.POST)

    def doe(data: dict) -> str:
        nieuw = services.voer_overgang_uit(
            traject_id=traject.pk,
            overgang=naam,
            door=request.user,
            datum=data["datum"],
            toelichting=data["toelichting"],
            reden_terugdatering=data["reden_terugdatering"],
            uitstroomreden=data.get("uitstroomreden", ""),
            controlelijst=data.get("controlelijst"),
            verwezen_naar=data.get("verwezen_naar", ""),
            verwachte_versie=data["versie"],
        )
        soort = Gebeurtenissoort(overgang.gebeurtenis).label
        return (
            f"Vastgelegd: {soort} op {datum_lang(data['datum'])}. "
            f"Het traject is nu in de fase ‘{Fase(nieuw.fase).label}’."
        )

    return _uitvoeren(request, traject, actie, doe, stap=lambda _d: (overgang, traject))


@login_required
@require_POST
def traject_product_start(request: HttpRequest, pk: int) -> HttpResponse:
    traject = laad_traject(request, pk)
    actie = knop("product.start", traject, data=request.POST)

    def doe(data: dict) -> str:
        product = services.start_product(
            traject_id=traject.pk,
            soort=data["soort"],
            door=request.user,
            datum=data["datum"],
            toelichting=data["toelichting"],
            reden_terugdatering=data["reden_terugdatering"],
            verwachte_versie=data["versie"],
        )
        return f"{product.get_soort_display()} is gestart op {datum_lang(product.startdatum)}."

    return _uitvoeren(request, traject, actie, doe)


def _product(traject: Traject, product_pk: int) -> Product:
    product = next((p for p in traject.producten.all() if p.pk == product_pk), None)
    if product is None:
        raise Http404
    return product


@login_required
@require_POST
def traject_product_einde(request: HttpRequest, pk: int, product_pk: int) -> HttpResponse:
    traject = laad_traject(request, pk)
    product = _product(traject, product_pk)
    product.traject = traject
    actie = knop("product.beeindig", traject, product, data=request.POST)

    def doe(data: dict) -> str:
        services.beeindig_product(
            product_id=product.pk,
            door=request.user,
            datum=data["datum"],
            resultaat=data["resultaat"],
            zelfredzaam=data["zelfredzaam"],
            reden_terugdatering=data["reden_terugdatering"],
            verwachte_versie=data["versie"],
        )
        return f"{product.get_soort_display()} is beëindigd op {datum_lang(data['datum'])}."

    return _uitvoeren(
        request,
        traject,
        actie,
        doe,
        stap=lambda _d: (workflow.HANDELINGEN["product.beeindig"], product),
    )


@login_required
@require_POST
def traject_schuldregeling(request: HttpRequest, pk: int, product_pk: int) -> HttpResponse:
    traject = laad_traject(request, pk)
    product = _product(traject, product_pk)
    product.traject = traject
    mogelijk = [
        (s.naam, s.knop)
        for s in workflow.SCHULDREGELING_STAPPEN.values()
        if mag(request.user, s, product) is None
    ]
    actie = schuldregeling_actie(traject, product, mogelijk, data=request.POST)

    def doe(data: dict) -> str:
        nieuw = services.schuldregeling_stap(
            product_id=product.pk,
            stap=data["stap"],
            door=request.user,
            datum=data["datum"],
            toelichting=data["toelichting"],
            reden_terugdatering=data["reden_terugdatering"],
            verwachte_versie=data["versie"],
        )
        return f"Schuldregeling: {nieuw.get_schuldregeling_status_display().lower()}."

    return _uitvoeren(
        request,
        traject,
        actie,
        doe,
        stap=lambda d: (workflow.SCHULDREGELING_STAPPEN[d["stap"]], product),
    )


@login_required
@require_POST
def traject_crisis_start(request: HttpRequest, pk: int) -> HttpResponse:
    traject = laad_traject(request, pk)
    actie = knop("crisis.start", traject, data=request.POST)

    def doe(data: dict) -> str:
        interventie = stabilisatie.registreer_crisisinterventie(
            traject_id=traject.pk,
            door=request.user,
            soort=data["soort"],
            datum=data["datum"],
            reden_terugdatering=data["reden_terugdatering"],
            verwachte_versie=data["versie"],
        )
        return f"Crisisinterventie gestart: {interventie.get_soort_display().lower()}."

    return _uitvoeren(request, traject, actie, doe)


@login_required
@require_POST
def traject_crisis_af(request: HttpRequest, pk: int, interventie_pk: int) -> HttpResponse:
    traject = laad_traject(request, pk)
    interventie = next(
        (c for c in traject.crisisinterventies.all() if c.pk == interventie_pk), None
    )
    if interventie is None:
        raise Http404
    actie = knop("crisis.rond_af", traject, interventie, data=request.POST)

    def doe(data: dict) -> str:
        stabilisatie.rond_crisisinterventie_af(
            interventie_id=interventie.pk,
            door=request.user,
            datum=data["datum"],
            voorkomen=data["voorkomen"],
            resultaat=data["resultaat"],
            reden_terugdatering=data["reden_terugdatering"],
            verwachte_versie=data["versie"],
        )
        return "De crisisinterventie is afgerond."

    return _uitvoeren(request, traject, actie, doe)


@login_required
@require_POST
def traject_moratorium(request: HttpRequest, pk: int) -> HttpResponse:
    traject = laad_traject(request, pk)
    actie = knop("moratorium.registreer", traject, data=request.POST)

    def doe(data: dict) -> str:
        stabilisatie.registreer_moratorium(
            traject_id=traject.pk,
            door=request.user,
            aanvraagdatum=data["aanvraagdatum"],
            startdatum=data["startdatum"],
            einddatum=data["einddatum"],
            reden_terugdatering=data["reden_terugdatering"],
            verwachte_versie=data["versie"],
        )
        return "Het moratorium is vastgelegd."

    return _uitvoeren(request, traject, actie, doe)


def _klok(traject: Traject, klok_pk: int) -> Normbewaking:
    klok = next((k for k in traject.klokken.all() if k.pk == klok_pk), None)
    if klok is None:
        raise Http404
    return klok


@login_required
@require_POST
def traject_klok_opschorten(request: HttpRequest, pk: int, klok_pk: int) -> HttpResponse:
    traject = laad_traject(request, pk)
    klok = _klok(traject, klok_pk)
    actie = knop("klok.schort_op", traject, klok, data=request.POST)

    def doe(data: dict) -> str:
        stabilisatie.schort_klok_op(
            klok_id=klok.pk,
            door=request.user,
            van=data["van"],
            reden=data["reden"],
            verwachte_versie=data["versie"],
        )
        return f"De termijn ‘{klok.norm.naam}’ is opgeschort vanaf {datum_lang(data['van'])}."

    return _uitvoeren(request, traject, actie, doe)


@login_required
@require_POST
def traject_klok_hervatten(request: HttpRequest, pk: int, klok_pk: int) -> HttpResponse:
    traject = laad_traject(request, pk)
    klok = _klok(traject, klok_pk)
    actie = knop("klok.hervat", traject, klok, data=request.POST)

    def doe(data: dict) -> str:
        stabilisatie.hervat_klok(
            klok_id=klok.pk, door=request.user, tot=data["tot"], verwachte_versie=data["versie"]
        )
        return f"De termijn ‘{klok.norm.naam}’ loopt weer vanaf {datum_lang(data['tot'])}."

    return _uitvoeren(request, traject, actie, doe)
