"""Aanmelden: a new traject for a klant (the gate decides who may)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from schuldhulp.models import Klant
from schuldhulp.opmaak import datum_lang
from schuldhulp.pakketten import Partij
from schuldhulp.permissions import (
    can_do,
    filter_for_user,
)
from schuldhulp.selectors import gemeenten_voor
from trajecten import forms as f
from trajecten import selectors, services
from trajecten.samenwerking.personen import ROL_VAN
from trajecten.views.werkvoorraad import vereis_dossierrol


@login_required
def aanmelden(request: HttpRequest) -> HttpResponse:
    vereis_dossierrol(request)
    user = request.user
    vaste_klant = None
    if klant_pk := request.GET.get("klant"):
        if not klant_pk.isdigit():
            raise Http404
        vaste_klant = get_object_or_404(
            filter_for_user(user, Klant.objects.select_related("gemeente")), pk=klant_pk
        )
        lopend = vaste_klant.trajecten.lopend().first()
        if lopend is not None:
            messages.info(request, "Deze klant heeft al een lopend traject.")
            return redirect("traject_detail", pk=lopend.pk)
        if not can_do(user, "traject.aanmelden", vaste_klant):
            raise Http404  # e.g. a shared dossier of another gemeente: not ours to register
    klanten = selectors.aanmeldbare_klanten(user)
    gemeenten = [vaste_klant.gemeente_id] if vaste_klant else gemeenten_voor(user).values("pk")
    werkers = list(selectors.behandelaars(gemeenten))  # one query for both sides
    form = f.AanmeldForm(
        request.POST or None,
        klanten=klanten,
        personen={p: [g for g in werkers if g.rol == ROL_VAN[p]] for p in Partij},
        eigen=user.partij,
        vaste_klant=vaste_klant,
        initial={"klant": vaste_klant, f.VELDEN.get(user.partij, ""): str(user.pk)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            traject = services.meld_aan(
                klant=data["klant"],
                door=user,
                datum=data["datum"],
                kanaal=data["kanaal"],
                bedreigende_situatie=data["bedreigende_situatie"],
                crisisinterventie=data["crisisinterventie"],
                behandelaar=data["behandelaar"],
                consulent=data["contactpersoon"],
                vaste_contactpersoon=data["vaste_contactpersoon"],
                toelichting=data["toelichting"],
                reden_terugdatering=data["reden_terugdatering"],
            )
        except services.Geweigerd as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"{traject.klant.volledige_naam} is aangemeld op "
                f"{datum_lang(traject.aanmelddatum)}.",
            )
            return redirect("traject_detail", pk=traject.pk)
    return render(
        request,
        "trajecten/aanmelden.html",
        {"form": form, "vaste_klant": vaste_klant, "heeft_klanten": klanten.exists()},
    )


# ------------------------------------------------------------------------------ traject detail
