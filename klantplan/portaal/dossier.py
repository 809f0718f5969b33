"""The worker's side: the klant's messages in the dossier (tab "Berichten"), and the answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from klantplan.portaal import selectors, services
from klantplan.portaal.models import MAX_TEKST
from klantplan.views.basis import open_traject
from schuldhulp import audit
from schuldhulp.permissions import can_do, vereis
from trajecten.services import Geweigerd


@login_required
@require_http_methods(["GET", "POST"])
def berichten(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk)
    fout, tekst = "", ""
    if request.method == "POST":
        vereis(request.user, "portaal.bericht_beantwoorden", traject)  # 403 with the reason
        tekst = request.POST.get("tekst", "")
        try:
            services.beantwoord(traject_id=traject.pk, door=request.user, tekst=tekst)
        except Geweigerd as e:
            fout = str(e)
        else:
            messages.success(request, "Uw antwoord staat voor de klant klaar in Mijn Schuldhulp.")
            return redirect("portaal_dossier:berichten", traject_pk=traject.pk)
    audit.dossier_ingezien(request=request, obj=traject, omschrijving="Berichten van de klant")
    context = {
        "traject": traject,
        "klant": traject.klant,
        "tab": "berichten",
        "berichten": selectors.berichten(traject),
        "mag_antwoorden": can_do(request.user, "portaal.bericht_beantwoorden", traject),
        "fout": fout,
        "tekst": tekst,
        "max_tekst": MAX_TEKST,
    }
    return render(request, "portaal/dossier_berichten.html", context, status=400 if fout else 200)


app_name = "portaal_dossier"
urlpatterns = [
    path("trajecten/<int:traject_pk>/berichten/", berichten, name="berichten"),
]
