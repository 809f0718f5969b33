"""Screens for the functioneel beheerder outside the Django admin: the verwerkingenlog."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from schuldhulp.auditvelden import leesbaar, objectnaam
from schuldhulp.models import Auditregel, Klant
from schuldhulp.permissions import vereis
from schuldhulp.validators import normaliseer_bsn

# Views of the log on what the beheerders themselves do (separation of duties).
SOORTEN = {
    "gebruiker-rechten": "Toegang gewijzigd",
    "rechtenverzoek": "Rechtenverzoeken",
    "gebruiker-wachtwoord": "Wachtwoorden",
    "gebruiker-inrichtlink": "Inrichtlinks",
    "bsn-controle": "BSN-controles",
}


@login_required
def verwerkingenlog(request: HttpRequest) -> HttpResponse:
    """The log, searched by user or client. A BSN never goes into a URL (browser history,
    proxy logs): the search form is a POST that turns the BSN into the klantnummer and
    redirects to the list by klantnummer (issue 17)."""
    vereis(request.user, "beheer")
    if request.method == "POST":
        return _zoek_in_log(request)
    gebruiker = request.GET.get("gebruiker", "").strip()
    klant = request.GET.get("klant", "").strip()
    soort = request.GET.get("soort", "")
    regels = Auditregel.objects.all()
    melding = ""
    if soort in SOORTEN:  # what every beheerder should see of the others (issue 17)
        regels = regels.filter(objecttype=soort)
    if gebruiker:
        regels = regels.filter(gebruikersnaam__iexact=gebruiker)
    if klant:
        if klant.isdigit() and len(klant) < 9:
            regels = regels.filter(klant_id=int(klant))
        else:  # a BSN typed into the address bar: not looked up from a URL
            melding = "Zoek een klant op BSN met het zoekformulier, of op klantnummer."
            regels = regels.none()
    pagina = Paginator(regels, 50).get_page(request.GET.get("pagina"))
    for regel in pagina:  # which fields changed, in Dutch; values only where kept
        regel.velden = leesbaar(regel.objecttype, regel.wijzigingen)
        regel.objectnaam = objectnaam(regel.objecttype)
    return render(
        request,
        "schuldhulp/verwerkingenlog.html",
        {
            "pagina": pagina,
            "gebruiker": gebruiker,
            "soort": soort if soort in SOORTEN else "",
            "soorten": SOORTEN.items(),
            "klant": klant,
            "melding": melding,
        },
    )


def _zoek_in_log(request: HttpRequest) -> HttpResponse:
    gebruiker = request.POST.get("gebruiker", "").strip()
    klant = request.POST.get("klant", "").strip()
    params: dict[str, str] = {"gebruiker": gebruiker} if gebruiker else {}
    if klant:
        bsn = normaliseer_bsn(klant)
        if bsn.isdigit() and len(bsn) == 9:
            klant_id = Klant.objects.filter(bsn=bsn).values_list("pk", flat=True).first()
            if klant_id is None:
                messages.warning(request, "Geen klant met dit BSN (mogelijk geanonimiseerd).")
                return redirect(reverse("verwerkingenlog") + _query(params))
            params["klant"] = str(klant_id)
        elif klant.isdigit():
            params["klant"] = klant
        else:
            messages.warning(request, "Zoek een klant op BSN (9 cijfers) of klantnummer.")
    return redirect(reverse("verwerkingenlog") + _query(params))


def _query(params: dict[str, str]) -> str:
    return f"?{urlencode(params)}" if params else ""
