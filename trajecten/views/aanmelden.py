"""Aanmelden: a new traject for a klant (the gate decides who may)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from schuldhulp.models import Klant
from schuldhulp.opmaak import datum_lang
from schuldhulp.pakketten import Partij
from schuldhulp.permissions import (
    can_do,
    filter_for_user,
)
from schuldhulp.selectors import gemeenten_voor
from trajecten import forms as f
from trajecten import selectors, services, stabilisatie
from trajecten.samenwerking.personen import ROL_VAN
from trajecten.views.werkvoorraad import vereis_dossierrol

KLANTEN_PER_ZOEKOPDRACHT = 10


@login_required
def aanmelden(request: HttpRequest) -> HttpResponse:
    """Step 1 without a klant: search one (or make a new one, which comes back here with
    ?klant=); step 2: the aanmelding of that klant. The search POSTs (a BSN stays out of the
    address) and answers as you type with htmx; without JavaScript it is a plain form."""
    vereis_dossierrol(request)
    if request.method == "POST" and "zoek" in request.POST:
        return _kies_klant(request, request.POST["zoek"])
    vaste_klant = _vaste_klant(request)
    if isinstance(vaste_klant, HttpResponse):
        return vaste_klant
    if vaste_klant is None and request.method == "GET":
        return _kies_klant(request, "")
    return _aanmeldformulier(request, vaste_klant)


def _vaste_klant(request: HttpRequest) -> Klant | HttpResponse | None:
    """The klant of ?klant= (404 if not visible; its open traject if it has one), else the
    klant posted, if it is one the user may register (else the form says so)."""
    user = request.user
    if klant_pk := request.GET.get("klant"):
        if not klant_pk.isdigit():
            raise Http404
        klant = get_object_or_404(
            filter_for_user(user, Klant.objects.select_related("gemeente")), pk=klant_pk
        )
        lopend = klant.trajecten.lopend().first()
        if lopend is not None:
            messages.info(request, "Deze klant heeft al een lopend traject.")
            return redirect("traject_detail", pk=lopend.pk)
        if not can_do(user, "traject.aanmelden", klant):
            raise Http404  # e.g. a shared dossier of another gemeente: not ours to register
        return klant
    klant_pk = request.POST.get("klant", "")
    if request.method == "POST" and klant_pk.isdigit():
        return selectors.aanmeldbare_klanten(user).filter(pk=klant_pk).first()
    return None


def _kies_klant(request: HttpRequest, zoek: str) -> HttpResponse:
    zoek = zoek.strip()[:100]
    klanten = selectors.aanmeldbare_klanten(request.user, zoek)
    context = {
        "zoek": zoek,
        "gevonden": list(klanten[:KLANTEN_PER_ZOEKOPDRACHT]) if zoek else [],
        "aantal": klanten.count() if zoek else 0,
        "heeft_klanten": zoek or selectors.aanmeldbare_klanten(request.user).exists(),
        "nieuwe_klant": _nieuwe_klant(),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "trajecten/_aanmelden_klanten.html", context)
    return render(request, "trajecten/aanmelden_klant_kiezen.html", context)


def _nieuwe_klant() -> str:
    """The new-klant form that comes back to the aanmelding (schuldhulp.views)."""
    return f"{reverse('klant_nieuw')}?aanmelden=1"


def _aanmeldformulier(request: HttpRequest, vaste_klant: Klant | None) -> HttpResponse:
    user = request.user
    # The people of the klant's own gemeente only (without a klant: the form refuses it).
    gemeenten = [vaste_klant.gemeente_id] if vaste_klant else gemeenten_voor(user).values("pk")
    werkers = list(selectors.behandelaars(gemeenten))  # one query for both sides
    form = f.AanmeldForm(
        request.POST or None,
        klanten=selectors.aanmeldbare_klanten(user),
        personen={p: [g for g in werkers if g.rol == ROL_VAN[p]] for p in Partij},
        eigen=user.partij,
        vaste_klant=vaste_klant,
        initial={"klant": vaste_klant, f.VELDEN.get(user.partij, ""): str(user.pk)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():  # the aanmelding and its crisisinterventie, or neither
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
                if data["crisisinterventie"]:
                    stabilisatie.registreer_crisisinterventie(
                        traject_id=traject.pk,
                        door=user,
                        soort=data["bedreigende_situatie"],
                        datum=data["datum"],
                        reden_terugdatering=data["reden_terugdatering"],
                    )
        except services.Geweigerd as exc:
            form.add_error(None, str(exc))
        else:
            crisis = " De crisisinterventie is gestart." if data["crisisinterventie"] else ""
            messages.success(
                request,
                f"{traject.klant.volledige_naam} is aangemeld op "
                f"{datum_lang(traject.aanmelddatum)}.{crisis}",
            )
            return redirect("traject_detail", pk=traject.pk)
    # Without a klant (one posted that is not the user's to register): the search, with errors.
    template = "aanmelden" if vaste_klant else "aanmelden_klant_kiezen"
    return render(
        request,
        f"trajecten/{template}.html",
        {
            "form": form,
            "vaste_klant": vaste_klant,
            "heeft_klanten": True,
            "zoek": "",
            "nieuwe_klant": _nieuwe_klant(),
        },
    )


# ------------------------------------------------------------------------------ traject detail
