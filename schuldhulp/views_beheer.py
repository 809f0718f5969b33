"""Screens for the functioneel beheerder outside the Django admin: the verwerkingenlog."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from schuldhulp import audit
from schuldhulp.auditvelden import Namen, leesbaar, objectnaam
from schuldhulp.models import Klant
from schuldhulp.permissions import vereis
from schuldhulp.validators import normaliseer_bsn
from schuldhulp.verwerkingenlog import SOORTEN, Zoekvraag, csv_regels


@login_required
def verwerkingenlog(request: HttpRequest) -> HttpResponse:
    """The log, searched by user or client, date range and action. A BSN never goes into a
    URL (browser history, proxy logs): the search form is a POST that turns the BSN into the
    klantnummer and redirects to the list by klantnummer (issue 17)."""
    vereis(request.user, "beheer")
    if request.method == "POST":
        return _zoek_in_log(request)
    vraag = Zoekvraag.uit(request.GET)
    pagina = Paginator(vraag.regels(), 50).get_page(request.GET.get("pagina"))
    namen = Namen()
    for regel in pagina:  # which fields changed, in Dutch; values only where kept
        regel.velden = leesbaar(regel.objecttype, regel.wijzigingen, namen)
        regel.objectnaam = objectnaam(regel.objecttype)
    filters = {k: v for k, v in request.GET.items() if k != "pagina" and v}
    return render(
        request,
        "schuldhulp/verwerkingenlog.html",
        {
            "pagina": pagina,
            "vraag": vraag,
            "form": vraag.filter,
            "soorten": SOORTEN.items(),
            "melding": (
                "Zoek een klant op BSN met het zoekformulier, of op klantnummer."
                if vraag.klant_per_bsn
                else ""
            ),
            "querystring": urlencode(filters),
            "zonder_soort": urlencode({k: v for k, v in filters.items() if k != "soort"}),
        },
    )


@login_required
@require_GET
def verwerkingenlog_export(request: HttpRequest) -> HttpResponse:
    """The rows of the current search as CSV. Only for whoever may read the log (the same
    gate), and the export is itself a row of the log, written before the first byte."""
    vereis(request.user, "verwerkingenlog.exporteren")
    vraag = Zoekvraag.uit(request.GET)
    if vraag.klant_per_bsn or not vraag.filter.is_valid():
        messages.warning(request, "Verbeter eerst de zoekvraag; er is niets geëxporteerd.")
        return redirect(reverse("verwerkingenlog") + _query(dict(request.GET.items())))
    audit.export_gemaakt(
        request=request,
        soort="verwerkingenlog",
        gemeente_id=None,
        omschrijving=vraag.omschrijving(),
    )
    antwoord = StreamingHttpResponse(csv_regels(vraag.regels()), content_type="text/csv")
    naam = f"verwerkingenlog-{timezone.localdate():%Y%m%d}.csv"
    antwoord["Content-Disposition"] = f'attachment; filename="{naam}"'
    return antwoord


def _zoek_in_log(request: HttpRequest) -> HttpResponse:
    gebruiker = request.POST.get("gebruiker", "").strip()
    klant = request.POST.get("klant", "").strip()
    # The date range and action travel along, so a search narrows instead of starting over.
    params: dict[str, str] = {
        k: v for k in ("van", "tot", "actie", "soort") if (v := request.POST.get(k, "").strip())
    }
    if gebruiker:
        params["gebruiker"] = gebruiker
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
