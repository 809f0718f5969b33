"""The documents made for the klant: make, mail the actielijst, download."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from klantplan import selectors, services
from klantplan.models import Documentsoort
from klantplan.views.basis import (
    open_traject,
    tabcontext,
    toon_weigering,
    veilig_terug,
)
from schuldhulp import audit
from schuldhulp.fouten import NietGevonden


@login_required
def documenten(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk)
    plannen = list(selectors.klantplannen(request.user, traject))
    return render(
        request,
        "klantplan/documenten.html",
        tabcontext(
            request,
            traject,
            "documenten",
            documenten=selectors.documenten(request.user, traject),
            plannen=plannen,
            heeft_besluit=traject.gebeurtenissen.filter(
                soort__in=["toelating", "afwijzing"]
            ).exists(),
            gesprekken=selectors.gesprekken(request.user, traject)[:20],
        ),
    )


def _int(waarde: str | None) -> int | None:
    try:
        return int(waarde) if waarde else None
    except ValueError as exc:
        raise Http404 from exc


@login_required
@require_POST
def document_maak(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk, schrijven="document.maken")
    soort = request.POST.get("soort", "")
    if soort not in Documentsoort.values:
        raise Http404
    terug = veilig_terug(
        request, request.POST.get("terug"), reverse("klantplan:documenten", args=[traject.pk])
    )
    try:
        document = services.maak_document(
            traject=traject,
            door=request.user,
            soort=soort,
            klantplan_id=_int(request.POST.get("klantplan")),
            gesprek_id=_int(request.POST.get("gesprek")),
            voorstel_id=_int(request.POST.get("voorstel")),
        )
    except services.Geweigerd as exc:
        toon_weigering(request, exc)
        return redirect(terug)
    messages.success(request, f"{document.titel} is gemaakt. U kunt de PDF nu downloaden.")
    return redirect(f"{reverse('klantplan:documenten', args=[traject.pk])}#document-{document.pk}")


@login_required
@require_POST
def actielijst_mail(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk, schrijven="document.maken")
    gesprek_id = _int(request.POST.get("gesprek"))
    terug = (
        reverse("klantplan:gesprek", args=[traject.pk, gesprek_id])
        if gesprek_id
        else reverse("klantplan:documenten", args=[traject.pk])
    )
    try:
        document = services.verstuur_actielijst(
            traject=traject, door=request.user, gesprek_id=gesprek_id
        )
    except services.Geweigerd as exc:
        toon_weigering(request, exc)
        return redirect(terug)
    # The mail goes out when the transaction commits; a failure is written on the document.
    document.refresh_from_db(fields=["verzonden_op", "verzendfout"])
    if document.verzendfout:
        messages.error(
            request,
            "De actielijst is gemaakt, maar het mailen is niet gelukt. Download de PDF en "
            "geef of stuur hem aan de klant.",
        )
    else:
        messages.success(request, f"De actielijst is gemaild naar {document.verzonden_aan}.")
    return redirect(terug)


@login_required
def document_download(request: HttpRequest, traject_pk: int, pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk)
    document = selectors.document(request.user, traject, pk)
    inhoud = bytes(document.inhoud)
    if hashlib.sha256(inhoud).hexdigest() != document.sha256:
        raise NietGevonden("Het opgeslagen document is beschadigd.")
    audit.document_gedownload(request=request, obj=document, soort=document.soort)
    response = HttpResponse(inhoud, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.bestandsnaam}"'
    response["Content-Length"] = str(len(inhoud))
    return response
