"""Mijn Schuldhulp: the klant's pages (mobile first, B1). Thin: reads through selectors (the
gate: ``portaal.lezen``), writes through services; every read of the dossier is audited."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import include, path
from django.views.decorators.http import require_http_methods, require_POST

from klantplan.documenten import contactpersoon, maandoverzicht_pdf
from klantplan.portaal import digid, papieren, selectors, services, sessie
from klantplan.portaal.models import MAX_TEKST
from klantplan.portaal.sessie import klant_vereist
from schuldhulp import audit
from schuldhulp.fouten import NietGevonden
from schuldhulp.models import Organisatie
from schuldhulp.sessie import verlengd
from trajecten.services import Geweigerd


def _pdf(inhoud: bytes, bestandsnaam: str) -> HttpResponse:
    response = HttpResponse(inhoud, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    response["Content-Length"] = str(len(inhoud))
    return response


def inloggen(request: HttpRequest) -> HttpResponse:
    if sessie.huidige_klant(request) is not None:
        return redirect("portaal:start")
    return render(request, "portaal/inloggen.html", {"mock": settings.PORTAAL_DIGID_MOCK})


def onbekend(request: HttpRequest) -> HttpResponse:
    """DigiD worked, but this BSN has no traject with us: how to reach us, and no data."""
    organisaties = Organisatie.objects.order_by("naam")
    return render(request, "portaal/onbekend.html", {"organisaties": organisaties})


@require_POST
def uitloggen(request: HttpRequest) -> HttpResponse:
    sessie.log_uit(request)
    return render(request, "portaal/uitgelogd.html")


@require_POST
@klant_vereist
def sessie_verlengen(request: HttpRequest) -> HttpResponse:
    """*Ingelogd blijven* on the portal: its own session of 15 minutes (schuldhulp.sessie)."""
    return verlengd(request, "portaal:start")


@klant_vereist
def start(request: HttpRequest) -> HttpResponse:
    """One traject: straight to it; several (client and partner, or an old one): choose."""
    ids = sessie.trajecten_van(request.portaalklant)
    if len(ids) == 1:
        return redirect("portaal:traject", pk=ids[0])
    audit.dossier_ingezien(
        request=request,
        obj=request.portaalklant,
        omschrijving="Mijn Schuldhulp: trajecten",
        gebruiker=request.portaalpartij,
    )
    return render(request, "portaal/trajecten.html", {"trajecten": selectors.trajecten(ids)})


@klant_vereist
def traject(request: HttpRequest, pk: int) -> HttpResponse:
    t = selectors.traject(request.portaalpartij, pk)
    audit.dossier_ingezien(
        request=request,
        obj=t,
        omschrijving="Mijn Schuldhulp: overzicht",
        gebruiker=request.portaalpartij,
    )
    return render(request, "portaal/traject.html", selectors.overzicht(t))


@require_POST
@klant_vereist
def actie_gedaan(request: HttpRequest, pk: int, actie_pk: int) -> HttpResponse:
    t = selectors.traject(request.portaalpartij, pk)
    actie = selectors.actie(t, actie_pk)
    try:
        services.vink_af(actie_id=actie.pk, klant=request.portaalklant)
    except Geweigerd as fout:
        messages.error(request, str(fout))
    else:
        messages.success(request, f"Gedaan: {actie.tekst_voor_klant}. Uw contactpersoon ziet dit.")
    return redirect("portaal:traject", pk=t.pk)


@require_http_methods(["GET", "POST"])
@klant_vereist
def berichten(request: HttpRequest, pk: int) -> HttpResponse:
    t = selectors.traject(request.portaalpartij, pk)
    fout, tekst, status = "", "", 200
    if request.method == "POST":
        tekst = request.POST.get("tekst", "")
        try:
            services.stuur_bericht(traject_id=t.pk, klant=request.portaalklant, tekst=tekst)
        except services.TeVeel as e:
            fout, status = str(e), 429
        except Geweigerd as e:
            fout, status = str(e), 400
        else:
            messages.success(
                request, "Uw bericht is verstuurd. U krijgt een e-mail als er antwoord is."
            )
            return redirect("portaal:berichten", pk=t.pk)
    audit.dossier_ingezien(
        request=request,
        obj=t,
        omschrijving="Mijn Schuldhulp: berichten",
        gebruiker=request.portaalpartij,
    )
    services.berichten_gelezen(traject=t, klant=request.portaalklant)
    context = {
        "traject": t,
        "berichten": selectors.berichten(t),
        "contact": contactpersoon(t),
        "fout": fout,
        "tekst": tekst,
        "max_tekst": MAX_TEKST,
    }
    return render(request, "portaal/berichten.html", context, status=status)


@klant_vereist
def document(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    t = selectors.traject(request.portaalpartij, pk)
    doc = selectors.document(t, document_pk)
    inhoud = bytes(doc.inhoud)
    if hashlib.sha256(inhoud).hexdigest() != doc.sha256:
        raise NietGevonden("Dit document is beschadigd. Neem contact op met uw contactpersoon.")
    audit.document_gedownload(
        request=request,
        obj=doc,
        soort=f"{doc.soort} (Mijn Schuldhulp)",
        gebruiker=request.portaalpartij,
    )
    return _pdf(inhoud, doc.bestandsnaam)


@klant_vereist
def maandoverzicht(request: HttpRequest, pk: int) -> HttpResponse:
    """'Zo ziet uw maand eruit' from the current budget, made now (the same PDF as the
    worker's)."""
    t = selectors.traject(request.portaalpartij, pk)
    try:
        gemaakt = maandoverzicht_pdf(t, door=None)
    except Geweigerd as fout:
        raise NietGevonden(str(fout)) from None
    audit.document_gedownload(
        request=request,
        obj=t,
        soort="maandoverzicht (Mijn Schuldhulp)",
        gebruiker=request.portaalpartij,
    )
    return _pdf(gemaakt["pdf"], gemaakt["bestandsnaam"])


app_name = "portaal"
urlpatterns = [
    path("", start, name="start"),
    path("inloggen/", inloggen, name="inloggen"),
    path("onbekend/", onbekend, name="onbekend"),
    path("uitloggen/", uitloggen, name="uitloggen"),
    path("sessie/verlengen/", sessie_verlengen, name="sessie_verlengen"),
    path("trajecten/<int:pk>/", traject, name="traject"),
    path("trajecten/<int:pk>/acties/<int:actie_pk>/gedaan/", actie_gedaan, name="actie_gedaan"),
    path("trajecten/<int:pk>/berichten/", berichten, name="berichten"),
    path("trajecten/<int:pk>/documenten/<int:document_pk>/", document, name="document"),
    path("trajecten/<int:pk>/maandoverzicht/", maandoverzicht, name="maandoverzicht"),
    path("trajecten/<int:pk>/papieren/", papieren.lijst, name="papieren"),
    path(
        "trajecten/<int:pk>/papieren/<int:stuk_pk>/uploaden/",
        papieren.uploaden,
        name="papier_uploaden",
    ),
    path(
        "trajecten/<int:pk>/papieren/<int:stuk_pk>/",
        papieren.downloaden,
        name="papier_downloaden",
    ),
]
# DigiD under the portal's prefix (its session): the library's names "digid" and "digid-mock".
digid_patronen = [
    path("digid/", include(digid.digid_urls)),
    path("digid-test/", include(digid.mock_urls)),
]
