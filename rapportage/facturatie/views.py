"""The contractmanager's monthly specificaties: a list, and each version as PDF and CSV."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from rapportage.facturatie import selectors
from schuldhulp import audit
from schuldhulp.permissions import can_do

PER_PAGINA = 25


@login_required
def specificaties(request: HttpRequest) -> HttpResponse:
    if not can_do(request.user, "specificatie.inzien"):
        raise Http404
    gemeenten = selectors.gemeenten_voor(request.user)
    qs = selectors.specificaties_voor(request.user)
    gekozen = request.GET.get("gemeente", "")
    if gekozen.isdigit():
        qs = qs.filter(gemeente_id=int(gekozen))
    pagina = Paginator(qs, PER_PAGINA).get_page(request.GET.get("pagina"))
    return render(
        request,
        "facturatie/specificaties.html",
        {
            "pagina": pagina,
            "totaal": pagina.paginator.count,
            "gemeenten": gemeenten,
            "gekozen": gekozen,
        },
    )


def _download(request: HttpRequest, pk: int, soort: str) -> HttpResponse:
    if not can_do(request.user, "specificatie.inzien"):
        raise Http404
    specificatie = get_object_or_404(selectors.specificaties_voor(request.user).defer(None), pk=pk)
    audit.document_gedownload(request=request, obj=specificatie, soort=f"specificatie ({soort})")
    if soort == "PDF":
        antwoord = HttpResponse(bytes(specificatie.pdf), content_type="application/pdf")
        antwoord["X-Checksum-SHA256"] = specificatie.checksum
    else:
        antwoord = HttpResponse(specificatie.csv, content_type="text/csv; charset=utf-8")
    naam = f"{specificatie.bestandsnaam}.{soort.lower()}"
    antwoord["Content-Disposition"] = f'attachment; filename="{naam}"'
    return antwoord


@login_required
def specificatie_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "PDF")


@login_required
def specificatie_csv(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "CSV")
