"""Contractmanager pages: reports per gemeente and quarter, on screen, as PDF and as CSV."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from rapportage import abonnementen, kwartaalgesprek, selectors, services, weergave, wethouder
from rapportage.forms import AanvraagForm
from rapportage.models import Kwartaalrapportage
from schuldhulp import audit, wachtrij
from schuldhulp.permissions import can_do

PER_PAGINA = 25


def _vereis_inzage(request: HttpRequest) -> None:
    if not can_do(request.user, "rapportage.inzien"):
        raise Http404


def _aanvraagformulier(request: HttpRequest, data=None) -> AanvraagForm | None:
    gemeenten = selectors.gemeenten_voor_rapportage(request.user, "rapportage.aanvragen")
    stadsbank = can_do(request.user, "rapportage.stadsbank")
    if not gemeenten and not stadsbank:
        return None
    return AanvraagForm(data, gemeenten=gemeenten, stadsbank=stadsbank)


@login_required
def rapportages(request: HttpRequest) -> HttpResponse:
    _vereis_inzage(request)
    return _lijst(request, _aanvraagformulier(request))


def _lijst(request: HttpRequest, form: AanvraagForm | None, status: int = 200) -> HttpResponse:
    gemeenten = selectors.gemeenten_voor_rapportage(request.user)
    qs = selectors.rapportages_voor(request.user)
    gekozen = request.GET.get("gemeente", "")
    if gekozen == "stadsbank":
        qs = qs.filter(gemeente__isnull=True)
    elif gekozen.isdigit():
        qs = qs.filter(gemeente_id=int(gekozen))
    pagina = Paginator(qs, PER_PAGINA).get_page(request.GET.get("pagina"))
    return render(
        request,
        "rapportage/rapportages.html",
        {
            "form": form,
            "pagina": pagina,
            "totaal": pagina.paginator.count,
            "gemeenten": gemeenten,
            "gekozen": gekozen,
            "stadsbank": can_do(request.user, "rapportage.stadsbank"),
        },
        status=status,
    )


@login_required
@require_POST
def rapportage_aanvragen(request: HttpRequest) -> HttpResponse:
    _vereis_inzage(request)
    form = _aanvraagformulier(request, request.POST)
    if form is None:
        raise Http404
    if form.is_valid():
        try:
            rapportage = services.vraag_aan(
                gemeente=form.cleaned_data["gemeente"],
                kwartaal=form.cleaned_data["kwartaal"],
                door=request.user,
            )
        except services.RapportageFout as exc:
            form.add_error(None, str(exc))
        else:
            _meld_wachtrij(
                request,
                rapportage,
                f"De rapportage {rapportage.onderwerp}, {rapportage.periode.naam} "
                f"(versie {rapportage.versie}) wordt gemaakt.",
            )
            return redirect("rapportage_detail", pk=rapportage.pk)
    return _lijst(request, form, status=422)


def _meld_wachtrij(request: HttpRequest, rapportage: Kwartaalrapportage, gelukt: str) -> None:
    """The broker took the task, or (Redis down) the friendly 'in de wachtrij' (the row
    waits; the periodic job or 'Opnieuw proberen' hands it over later)."""
    rapportage.refresh_from_db(fields=["voortgang"])
    if rapportage.voortgang == wachtrij.IN_DE_WACHTRIJ:
        messages.warning(
            request,
            f"De rapportage {wachtrij.IN_DE_WACHTRIJ[0].lower()}"
            f"{wachtrij.IN_DE_WACHTRIJ[1:]} U kunt deze pagina gewoon sluiten.",
        )
    else:
        messages.success(request, gelukt)


def _stap(request: HttpRequest, pk: int, stap, gelukt: str) -> HttpResponse:
    rapportage = _rapportage_of_404(request, pk)
    try:
        rapportage = stap(rapportage_id=rapportage.pk, door=request.user)
    except services.RapportageFout as exc:
        messages.error(request, str(exc))
    else:
        if stap is services.opnieuw_proberen:
            _meld_wachtrij(request, rapportage, gelukt)
        else:
            messages.success(request, gelukt)
    return redirect("rapportage_detail", pk=pk)


@login_required
@require_POST
def rapportage_opnieuw_proberen(request: HttpRequest, pk: int) -> HttpResponse:
    """A report that hangs: hand it to the broker again (catalogue: rapportage.opnieuw_proberen)."""
    return _stap(
        request, pk, services.opnieuw_proberen, "De rapportage is opnieuw in de wachtrij gezet."
    )


@login_required
@require_POST
def rapportage_annuleren(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop a report that hangs (catalogue: rapportage.annuleren)."""
    return _stap(
        request, pk, services.annuleer, "De rapportage is geannuleerd. U kunt een nieuwe aanvragen."
    )


def _rapportage_of_404(request: HttpRequest, pk: int) -> Kwartaalrapportage:
    _vereis_inzage(request)
    return get_object_or_404(selectors.rapportages_voor(request.user), pk=pk)


@login_required
def rapportage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rapportage = _rapportage_of_404(request, pk)
    context: dict = {
        "rapportage": rapportage,
        "versies": selectors.versies(rapportage, request.user),
        "mag_aanvragen": _mag_aanvragen(request, rapportage),
        "mag_gesprek": can_do(request.user, "rapportage.kwartaalgesprek", rapportage),
        "gesprekken": kwartaalgesprek.op_scherm(rapportage, request.user),
        "bijlage": bool(rapportage.cijfers.get("kwartaalgesprekken")),
        "geabonneerd": abonnementen.is_geabonneerd(request.user, rapportage.gemeente),
        "mag_abonneren": _mag_abonneren(request, rapportage),
    } | _knoppen(request, rapportage)
    if rapportage.is_klaar:
        context |= {
            "meta": rapportage.cijfers.get("meta", {}),
            "kwartalen": weergave.kwartalen(rapportage.cijfers),
            "samenvatting": weergave.samenvatting(rapportage.cijfers),
            "wethouder": wethouder.maak(rapportage.cijfers),
            "secties": weergave.secties(rapportage.cijfers),
        }
    return render(request, "rapportage/rapportage_detail.html", context)


def _knoppen(request: HttpRequest, rapportage: Kwartaalrapportage) -> dict[str, bool]:
    """Retry and cancel, only where the gate allows them (a report being made)."""
    return {
        "mag_opnieuw": services.waarom_niet(request.user, "rapportage.opnieuw_proberen", rapportage)
        is None,
        "mag_annuleren": services.waarom_niet(request.user, "rapportage.annuleren", rapportage)
        is None,
    }


def _mag_abonneren(request: HttpRequest, rapportage: Kwartaalrapportage) -> bool:
    if rapportage.gemeente_id is None:
        return can_do(request.user, "rapportage.stadsbank") and can_do(
            request.user, "rapportage.abonneren"
        )
    return can_do(request.user, "rapportage.abonneren", rapportage.gemeente)


def _mag_aanvragen(request: HttpRequest, rapportage: Kwartaalrapportage) -> bool:
    if rapportage.gemeente_id is None:
        return can_do(request.user, "rapportage.stadsbank") and can_do(
            request.user, "rapportage.aanvragen"
        )
    return can_do(request.user, "rapportage.aanvragen", rapportage.gemeente)


@login_required
def rapportage_voortgang(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx polls this while the report is being made; when done the page reloads itself."""
    rapportage = _rapportage_of_404(request, pk)
    antwoord = render(
        request,
        "rapportage/_voortgang.html",
        {"rapportage": rapportage, "poll": True} | _knoppen(request, rapportage),
    )
    if rapportage.status != "wordt_gemaakt":
        antwoord["HX-Refresh"] = "true"
    return antwoord


@login_required
def rapportage_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    _vereis_inzage(request)
    rapportage = selectors.rapportage_pdf(request.user, pk)
    if rapportage is None:
        raise Http404
    audit.document_gedownload(request=request, obj=rapportage, soort="kwartaalrapportage (PDF)")
    antwoord = HttpResponse(bytes(rapportage.pdf), content_type="application/pdf")
    antwoord["Content-Disposition"] = f'attachment; filename="{rapportage.bestandsnaam}.pdf"'
    antwoord["X-Checksum-SHA256"] = rapportage.checksum
    return antwoord


@login_required
def rapportage_csv(request: HttpRequest, pk: int) -> HttpResponse:
    rapportage = _rapportage_of_404(request, pk)
    if not rapportage.is_klaar:
        raise Http404
    # ?versie=openbaar: for publication, small counts hidden (ADR 0012).
    openbaar = request.GET.get("versie") == "openbaar"
    soort = "kwartaalrapportage (CSV, openbare versie)" if openbaar else "kwartaalrapportage (CSV)"
    audit.document_gedownload(request=request, obj=rapportage, soort=soort)
    # A byte-order mark so Excel reads the file as UTF-8 (ë, €).
    antwoord = HttpResponse(
        "\ufeff" + weergave.als_csv(rapportage.cijfers, openbaar=openbaar),
        content_type="text/csv; charset=utf-8",
    )
    naam = f"{rapportage.bestandsnaam}{'-openbaar' if openbaar else ''}.csv"
    antwoord["Content-Disposition"] = f'attachment; filename="{naam}"'
    return antwoord
