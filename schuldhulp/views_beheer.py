"""Screens for the functioneel beheerder outside the Django admin: the verwerkingenlog."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from schuldhulp.models import Auditregel, Klant
from schuldhulp.permissions import vereis
from schuldhulp.validators import normaliseer_bsn


@login_required
def verwerkingenlog(request: HttpRequest) -> HttpResponse:
    vereis(request.user, "beheer")
    gebruiker = request.GET.get("gebruiker", "").strip()
    klant = request.GET.get("klant", "").strip()
    regels = Auditregel.objects.all()
    melding = ""
    if gebruiker:
        regels = regels.filter(gebruikersnaam__iexact=gebruiker)
    if klant:
        bsn = normaliseer_bsn(klant)
        if bsn.isdigit() and len(bsn) == 9:
            klant_id = Klant.objects.filter(bsn=bsn).values_list("pk", flat=True).first()
            melding = "" if klant_id else "Geen klant met dit BSN (mogelijk geanonimiseerd)."
            regels = regels.filter(klant_id=klant_id)
        elif klant.isdigit():
            regels = regels.filter(klant_id=int(klant))
        else:
            melding = "Zoek een klant op BSN (9 cijfers) of klantnummer."
            regels = regels.none()
    pagina = Paginator(regels, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "schuldhulp/verwerkingenlog.html",
        {
            "pagina": pagina,
            "gebruiker": gebruiker,
            "klant": klant,
            "melding": melding,
        },
    )
