"""Beheer screens for four eyes on access (issue 17, ADR 0015): the requests for rights with
their approve and reject buttons, and making a one-time enrolment link for an account."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from schuldhulp import inrichtlinks, rechtenverzoeken
from schuldhulp.modellen_toegang import Rechtenverzoek, Verzoekstatus
from schuldhulp.models import Gebruiker
from schuldhulp.permissions import mag, vereis

BESLISSINGEN = {
    "goedkeuren": ("rechten.goedkeuren", rechtenverzoeken.goedkeuren, "goedgekeurd"),
    "afwijzen": ("rechten.afwijzen", rechtenverzoeken.afwijzen, "afgewezen"),
}


@login_required
def verzoeken(request: HttpRequest) -> HttpResponse:
    """Every beheerder sees the open requests (and the last decisions), with a reason where
    he may not decide (his own request, his own account)."""
    vereis(request.user, "beheer")
    open_ = list(rechtenverzoeken.open_verzoeken())
    for verzoek in open_:
        verzoek.reden = mag(request.user, "rechten.goedkeuren", verzoek)
    beslist = (
        Rechtenverzoek.objects.exclude(status=Verzoekstatus.OPEN)
        .select_related("gebruiker", "aangevraagd_door", "beslist_door")
        .prefetch_related("gemeenten")[:20]
    )
    return render(request, "schuldhulp/rechtenverzoeken.html", {"open": open_, "beslist": beslist})


@login_required
@require_POST
def beslissen(request: HttpRequest, pk: int, besluit: str) -> HttpResponse:
    handeling, service, gedaan = BESLISSINGEN[besluit]
    verzoek = get_object_or_404(Rechtenverzoek, pk=pk)
    vereis(request.user, handeling, verzoek)  # 403 with the reason (e.g. your own request)
    service(verzoek_id=verzoek.pk, door=request.user)
    messages.success(request, f"Het verzoek voor {verzoek.gebruiker.get_username()} is {gedaan}.")
    return redirect("rechtenverzoeken")


@login_required
def inrichtlink(request: HttpRequest, pk: int) -> HttpResponse:
    """Make a one-time enrolment link for an account: shown once, to hand over in person or
    by a channel the user trusts."""
    gebruiker = get_object_or_404(Gebruiker, pk=pk)
    vereis(request.user, "tweestaps.inrichtlink", gebruiker)
    link = ""
    if request.method == "POST":
        token = inrichtlinks.maak(gebruiker=gebruiker, door=request.user, request=request)
        link = request.build_absolute_uri(reverse("tweestaps_inrichten", args=[token]))
    elif not gebruiker.is_active:
        raise PermissionDenied(
            "Dit account is (nog) niet actief: maak de link als het verzoek is goedgekeurd."
        )
    return render(
        request,
        "schuldhulp/inrichtlink.html",
        {"gebruiker": gebruiker, "link": link, "geldig_uren": settings.INRICHTLINK_GELDIG_UREN},
    )
