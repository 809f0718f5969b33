"""The Papieren tab of the dossier: the checklist, upload (scanned post too), approve or
reject, and the permission-checked download. Every decision is the gate's (workflow.py)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from klantplan.papieren import services
from klantplan.papieren.models import Papiersoort
from klantplan.papieren.workflow import Aanleveraar
from klantplan.views.basis import open_traject, tabcontext
from schuldhulp import audit
from schuldhulp.permissions import mag, vereis

app_name = "papieren"


def _terug(traject, stuk=None) -> HttpResponse:
    anker = f"#stuk-{stuk.pk}" if stuk is not None else ""
    return redirect(reverse("papieren:papieren", args=[traject.pk]) + anker)


def _melding(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@login_required
def papieren(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk)
    stukken = list(services.stukken(request.user, traject))
    gebruiker = request.user
    rijen = [
        {
            "stuk": s,
            "kan_uploaden": mag(gebruiker, "papier.aanleveren", s) is None,
            "kan_beoordelen": mag(gebruiker, "papier.goedkeuren", s) is None,
            "kan_downloaden": bool(s.bestanden.all())
            and mag(gebruiker, "papier.downloaden", s) is None,
        }
        for s in stukken
    ]
    audit.dossier_ingezien(request=request, obj=traject, omschrijving="Papieren")
    return render(
        request,
        "papieren/papieren.html",
        tabcontext(
            request,
            traject,
            "papieren",
            rijen=rijen,
            kan_vragen=mag(gebruiker, "papier.vragen", traject) is None,
            vraagreden=mag(gebruiker, "papier.vragen", traject),
            soorten=Papiersoort.objects.filter(actief=True),
            aanleveraars=Aanleveraar.choices,
            max_bestand_mb=settings.PAPIEREN_MAX_BESTAND_BYTES // (1024 * 1024),
        ),
    )


@login_required
@require_POST
def vragen(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk, schrijven="papier.vragen")
    soort = Papiersoort.objects.filter(pk=request.POST.get("soort") or 0, actief=True).first()
    if soort is None:
        messages.error(request, "Kies welk stuk u vraagt.")
        return _terug(traject)
    try:
        stuk = services.vraag_stuk(
            traject,
            door=request.user,
            soort=soort,
            omschrijving=request.POST.get("omschrijving", ""),
            aanleveraar=request.POST.get("aanleveraar", Aanleveraar.KLANT),
        )
    except ValidationError as exc:
        _melding(request, exc)
        return _terug(traject)
    messages.success(request, f"{stuk.titel} staat op de lijst.")
    return _terug(traject, stuk)


@login_required
@require_POST
def uploaden(request: HttpRequest, traject_pk: int, pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk)
    stuk = services.stuk_voor(request.user, traject, pk)
    vereis(request.user, "papier.aanleveren", stuk)  # 403 with the gate's reason
    try:
        stuk = services.lever_aan(
            stuk, request.FILES.getlist("bestanden"), door_gebruiker=request.user
        )
    except ValidationError as exc:
        _melding(request, exc)
        return _terug(traject, stuk)
    laatste = stuk.bestanden.order_by("-geupload_op", "-pk").first()
    messages.success(
        request, f"{stuk.titel} is opgeslagen als één PDF van {laatste.paginas} pagina('s)."
    )
    return _terug(traject, stuk)


@login_required
@require_POST
def beoordelen(request: HttpRequest, traject_pk: int, pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk)
    stuk = services.stuk_voor(request.user, traject, pk)
    goed = request.POST.get("oordeel") == "goed"
    vereis(request.user, "papier.goedkeuren" if goed else "papier.afkeuren", stuk)
    try:
        if goed:
            stuk = services.keur_goed(stuk, door=request.user)
            messages.success(request, f"{stuk.titel} is goedgekeurd.")
        else:
            stuk = services.keur_af(stuk, door=request.user, reden=request.POST.get("reden", ""))
            messages.success(request, f"{stuk.titel} is afgekeurd. De reden staat bij het stuk.")
    except ValidationError as exc:
        _melding(request, exc)
    return _terug(traject, stuk)


@never_cache
@login_required
def downloaden(request: HttpRequest, traject_pk: int, pk: int, bestand_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk)
    stuk = services.stuk_voor(request.user, traject, pk)
    bestand = get_object_or_404(stuk.bestanden, pk=bestand_pk)
    return services.download_response(stuk, request, bestand)


T = "trajecten/<int:traject_pk>/papieren/"
urlpatterns = [
    path(T, papieren, name="papieren"),
    path(T + "vragen/", vragen, name="vragen"),
    path(T + "<int:pk>/uploaden/", uploaden, name="uploaden"),
    path(T + "<int:pk>/beoordelen/", beoordelen, name="beoordelen"),
    path(T + "<int:pk>/bestanden/<int:bestand_pk>/", downloaden, name="downloaden"),
]
