"""Screens of the schuldregeling: the print batch (see klantplan/schuldregeling/urls.py).

The klantregisseur sees per day how many letters to creditors were made (per message type)
for the gemeenten they work for, and downloads one PDF with all letters of a day (or of one
gemeente). There is no "printed" flag: the batch of a day is the letters made that day, a
download can be repeated (a paper jam), and every download is a line in the verwerkingenlog
(per gemeente), which the page reads back to say when the batch was last downloaded and how
many letters came after that (downloadable on their own)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.dateparse import parse_date

from klantplan.schuldregeling import brieven
from klantplan.schuldregeling.models import Bericht
from schuldhulp import audit, opmaak, selectors
from schuldhulp.fouten import NietGevonden
from schuldhulp.models import Auditregel, Gemeente
from schuldhulp.permissions import vereis

AUDITSOORT = "schuldregeling-printbatch"


@dataclass
class Download:
    regel: Auditregel  # the latest download line of that day
    nieuw: int  # letters made after it


def _gemeenten(request: HttpRequest) -> tuple[list[Gemeente], Gemeente | None]:
    """The user's gemeenten and the one chosen (``?gemeente=``; another one's id: 404)."""
    vereis(request.user, "sr.printbatch")
    eigen = list(selectors.gemeenten_voor(request.user).order_by("naam"))
    waarde = request.GET.get("gemeente", "")
    if not waarde:
        return eigen, None
    gekozen = next((g for g in eigen if str(g.pk) == waarde), None)
    if gekozen is None:
        raise NietGevonden("Deze gemeente bestaat niet of u werkt er niet voor.")
    vereis(request.user, "sr.printbatch", gekozen)
    return eigen, gekozen


def _ids(eigen: list[Gemeente], gekozen: Gemeente | None) -> list[int]:
    return [gekozen.pk] if gekozen else [g.pk for g in eigen]


def _omschrijving(dag: date) -> str:
    return f"{dag.isoformat()}: brieven schuldregeling"


def _downloads(ids: list[int], dagen: list[date]) -> dict[date, Download]:
    """The last download per listed day (from the verwerkingenlog) and what came after it."""
    if not dagen:
        return {}
    laatste: dict[date, Auditregel] = {}
    for regel in Auditregel.objects.filter(
        objecttype=AUDITSOORT, gemeente_id__in=ids, tijdstip__date__gte=min(dagen)
    ).order_by("tijdstip", "pk"):
        dag = parse_date(regel.omschrijving[:10])
        if dag in dagen:
            laatste[dag] = regel
    if not laatste:
        return {}
    na = Q()
    for dag, regel in laatste.items():
        na |= Q(printdatum=dag, aangemaakt_op__gt=regel.tijdstip)
    nieuw = dict(
        Bericht.objects.filter(na, traject__gemeente_id__in=ids, pdf__isnull=False)
        .values_list("printdatum")
        .annotate(n=Count("pk"))
    )
    return {dag: Download(regel, nieuw.get(dag, 0)) for dag, regel in laatste.items()}


@login_required
def printbatch(request: HttpRequest) -> HttpResponse:
    eigen, gekozen = _gemeenten(request)
    ids = _ids(eigen, gekozen)
    dagen = brieven.dagen(ids)
    downloads = _downloads(ids, [d.dag for d in dagen])
    return render(
        request,
        "schuldregeling/printbatch.html",
        {
            "gemeenten": eigen,
            "gekozen": gekozen,
            "rijen": [(d, downloads.get(d.dag)) for d in dagen],
        },
    )


def _terug(gekozen: Gemeente | None) -> str:
    url = reverse("schuldregeling:printbatch")
    return f"{url}?gemeente={gekozen.pk}" if gekozen else url


@login_required
def printbatch_pdf(request: HttpRequest, dag: str) -> HttpResponse:
    eigen, gekozen = _gemeenten(request)
    try:
        datum = parse_date(dag)
    except ValueError:
        datum = None
    if datum is None:
        raise NietGevonden("Geen geldige datum.")
    ids = _ids(eigen, gekozen)
    berichten = brieven.brieven_van(ids, datum)
    na: datetime | None = None
    if waarde := request.GET.get("na", ""):
        regel = Auditregel.objects.filter(
            pk=int(waarde) if waarde.isdigit() else 0, objecttype=AUDITSOORT, gemeente_id__in=ids
        ).first()
        if regel is None:
            raise NietGevonden("Deze download bestaat niet.")
        na = regel.tijdstip
        berichten = berichten.filter(aangemaakt_op__gt=na)
    lijst = list(berichten)
    if not lijst:
        messages.info(request, f"Er zijn geen brieven om af te drukken van {opmaak.datum(datum)}.")
        return redirect(_terug(gekozen))
    naam = f"Brieven schuldregeling {opmaak.datum(datum)}"
    try:
        pdf = brieven.combineer(lijst, titel_=naam)
    except brieven.Beschadigd as exc:
        messages.error(request, f"{exc} De printbatch is niet gemaakt; meld dit aan de beheerder.")
        return redirect(_terug(gekozen))
    per_gemeente: dict[int, int] = {}
    for b in lijst:
        per_gemeente[b.traject.gemeente_id] = per_gemeente.get(b.traject.gemeente_id, 0) + 1
    for gemeente_id, aantal in sorted(per_gemeente.items()):
        audit.export_gemaakt(
            request=request,
            soort=AUDITSOORT,
            gemeente_id=gemeente_id,
            omschrijving=f"{_omschrijving(datum)}, {aantal} stuks"
            + (" (alleen nieuwe)" if na else ""),
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="brieven-schuldregeling-{datum.isoformat()}.pdf"'
    )
    response["Content-Length"] = str(len(pdf))
    return response


urlpatterns: list[URLPattern] = [
    path("schuldregeling/brieven/", printbatch, name="printbatch"),
    path("schuldregeling/brieven/<str:dag>/", printbatch_pdf, name="printbatch_pdf"),
]
