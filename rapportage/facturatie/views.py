"""The contractmanager's monthly specificaties: a list, and each version as PDF and CSV."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from rapportage.facturatie import selectors, services
from rapportage.facturatie.forms import MaakForm
from schuldhulp import audit, opmaak
from schuldhulp.permissions import can_do

PER_PAGINA = 25


def _maakformulier(request: HttpRequest, data=None) -> MaakForm | None:
    """The form 'Nieuwe specificatie maken', with the gemeenten the gate allows (None: none)."""
    gemeenten = selectors.gemeenten_voor(request.user, "specificatie.maken")
    if not gemeenten:
        return None
    return MaakForm(data, gemeenten=gemeenten, vandaag=timezone.localdate())


@login_required
def specificaties(request: HttpRequest) -> HttpResponse:
    return _lijst(request, _maakformulier(request))


def _lijst(request: HttpRequest, maakform: MaakForm | None, status: int = 200) -> HttpResponse:
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
            "maakform": maakform,
        },
        status=status,
    )


@login_required
@require_POST
def specificatie_maken(request: HttpRequest) -> HttpResponse:
    if not can_do(request.user, "specificatie.inzien"):
        raise Http404
    form = _maakformulier(request, request.POST)
    if form is None:
        raise Http404
    if form.is_valid():
        try:
            s = services.maak_in_scherm(door=request.user, **form.cleaned_data)
        except services.SpecificatieFout as exc:
            form.add_error(None, str(exc))
        else:
            totaal = opmaak.bedrag(s.totaal_centen, centen=True)
            messages.success(
                request,
                f"De specificatie van {s.gemeente.naam}, {form.cleaned_data['maand'].naam} is "
                f"gemaakt (versie {s.versie}, totaal {totaal}). Eerdere versies blijven bewaard.",
            )
            return redirect(f"{reverse('specificaties')}?gemeente={s.gemeente_id}")
    return _lijst(request, form, status=422)


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
