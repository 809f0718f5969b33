"""The household tab of the dossier: the partner and the huisgenoten, each change through
the service (the gate decides who writes: the package task "informatie verzamelen")."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from klantplan.huishouden import services, views_budget
from klantplan.huishouden.forms import HuisgenootForm, PartnerForm
from klantplan.huishouden.models import Huisgenoot, Huishouden
from klantplan.views.basis import open_traject, tabcontext, uitvoeren
from schuldhulp import audit
from schuldhulp.bevestigen import Bevestiging, is_bevestigd, vraag_bevestiging
from trajecten.services import Geweigerd


def _pagina(request: HttpRequest, traject, *, partner_form=None, huisgenoot_form=None):
    huishouden = Huishouden.objects.filter(traject=traject).select_related("partner").first()
    return render(
        request,
        "huishouden/huishouden.html",
        tabcontext(
            request,
            traject,
            "huishouden",
            huishouden=huishouden,
            huisgenoten=list(huishouden.huisgenoten.all()) if huishouden else [],
            partner_form=partner_form or PartnerForm(),
            huisgenoot_form=huisgenoot_form or HuisgenootForm(),
        ),
        status=400 if (partner_form or huisgenoot_form) else 200,
    )


@login_required
def huishouden(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk)
    audit.dossier_ingezien(request=request, obj=traject, omschrijving="Huishouden")
    return _pagina(request, traject)


@login_required
@require_POST
def partner(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk, schrijven=services.HANDELING)
    form = PartnerForm(request.POST)

    def koppel(d: dict):
        nieuw = None
        if d["voornamen"] or d["achternaam"] or d["geboortedatum"]:
            if d["geboortedatum"] is None:
                raise Geweigerd("Vul ook de geboortedatum van de partner in.")
            nieuw = services.NieuwePartner(
                d["voornamen"], d["tussenvoegsel"], d["achternaam"], d["geboortedatum"]
            )
        return services.koppel_partner(
            traject_id=traject.pk, door=request.user, bsn=d["bsn"], nieuw=nieuw
        )

    if uitvoeren(form, koppel) is None:
        return _pagina(request, traject, partner_form=form)
    messages.success(request, "De partner hoort nu bij het huishouden van dit traject.")
    return redirect("huishouden:huishouden", traject_pk=traject.pk)


@login_required
@require_POST
def partner_ontkoppelen(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk, schrijven=services.HANDELING)
    if not is_bevestigd(request):
        return vraag_bevestiging(
            request,
            Bevestiging(
                titel="Partner ontkoppelen",
                vraag="Weet u zeker dat de partner niet meer bij dit huishouden hoort?",
                gevolg="De partner blijft klant, maar hoort niet meer bij dit traject.",
                knop="Ja, partner ontkoppelen",
                terug=reverse("huishouden:huishouden", args=[traject.pk]),
            ),
        )
    try:
        services.ontkoppel_partner(traject_id=traject.pk, door=request.user)
    except Geweigerd as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "De partner is ontkoppeld.")
    return redirect("huishouden:huishouden", traject_pk=traject.pk)


@login_required
@require_POST
def huisgenoot(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk, schrijven=services.HANDELING)
    form = HuisgenootForm(request.POST)
    gedaan = uitvoeren(
        form,
        lambda d: services.voeg_huisgenoot_toe(
            traject_id=traject.pk,
            door=request.user,
            soort=d["soort"],
            geboortejaar=d["geboortejaar"],
        ),
    )
    if gedaan is None:
        return _pagina(request, traject, huisgenoot_form=form)
    messages.success(request, "De huisgenoot is toegevoegd.")
    return redirect("huishouden:huishouden", traject_pk=traject.pk)


@login_required
@require_http_methods(["POST"])
def huisgenoot_verwijderen(request: HttpRequest, traject_pk: int, pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk, schrijven=services.HANDELING)
    get_object_or_404(Huisgenoot, pk=pk, huishouden__traject=traject)
    try:
        services.verwijder_huisgenoot(huisgenoot_id=pk, door=request.user)
    except Geweigerd as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "De huisgenoot is verwijderd.")
    return redirect("huishouden:huishouden", traject_pk=traject.pk)


app_name = "huishouden"
urlpatterns = [
    *views_budget.urlpatterns,
    path("trajecten/<int:traject_pk>/huishouden/", huishouden, name="huishouden"),
    path("trajecten/<int:traject_pk>/huishouden/partner/", partner, name="partner"),
    path(
        "trajecten/<int:traject_pk>/huishouden/partner/ontkoppelen/",
        partner_ontkoppelen,
        name="partner_ontkoppelen",
    ),
    path("trajecten/<int:traject_pk>/huishouden/huisgenoten/", huisgenoot, name="huisgenoot"),
    path(
        "trajecten/<int:traject_pk>/huishouden/huisgenoten/<int:pk>/verwijderen/",
        huisgenoot_verwijderen,
        name="huisgenoot_verwijderen",
    ),
]
