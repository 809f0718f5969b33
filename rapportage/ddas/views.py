"""DDAS pages: export (check, then download) and import (upload, preview, confirm).

Only klantregisseurs, for the gemeenten they work for (``can_do('ddas.exporteren'|
'ddas.importeren')``); everyone else gets 403 with one sentence why.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from rapportage.ddas import importer
from rapportage.ddas.export import Stroom
from rapportage.ddas.forms import ExportForm, ImportForm
from schuldhulp import audit, selectors
from schuldhulp.models import Gemeente
from schuldhulp.permissions import can_do, filter_for_user, vereis
from trajecten.models import Traject

SESSIE_SLEUTEL = "ddas_imports"
MAX_RIJEN = 500  # rows on the preview page; the counts always cover the whole file
# An import runs inside the request (all or nothing); about 10-20 ms a traject, mostly the
# norm clocks. Larger files: split them, or the operator runs manage.py ddas_import.
MAX_BROWSERIMPORT = 1000
TE_VEEL = (
    f"In de browser importeert u hooguit {MAX_BROWSERIMPORT:,} trajecten tegelijk".replace(",", ".")
    + ". Splits het bestand, bijvoorbeeld per gemeente of per jaar, of vraag de functioneel "
    "beheerder het in te lezen met 'manage.py ddas_import'."
)


def _gemeenten(request: HttpRequest, actie: str) -> list[Gemeente]:
    vereis(request.user, actie)
    return [g for g in selectors.gemeenten_voor(request.user) if can_do(request.user, actie, g)]


def _download(
    request: HttpRequest, stroom: Stroom, gemeenten: list[Gemeente]
) -> StreamingHttpResponse:
    """The file as a stream (ADR 0025): its first bytes leave before the last traject is read.

    The log line is written before the first byte, so a download that breaks off is logged
    too; it names the trajecten selected (a record that fails the schema is left out of the
    file and was shown on the check page)."""
    van, tot = stroom.van.isoformat(), stroom.tot.isoformat()
    code = gemeenten[0].code if len(gemeenten) == 1 else "gemeenten"
    geselecteerd = stroom.selectie().count()
    for gemeente in gemeenten:
        audit.export_gemaakt(
            request=request,
            soort="ddas",
            gemeente_id=gemeente.pk,
            omschrijving=f"DDAS-export {van} t/m {tot}: {geselecteerd} trajecten geselecteerd",
        )
    response = StreamingHttpResponse(stroom, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ddas-{code}-{van}-{tot}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def export(request: HttpRequest) -> HttpResponseBase:
    gemeenten = _gemeenten(request, "ddas.exporteren")
    form = ExportForm(request.POST or None, gemeenten=gemeenten)
    context: dict = {"form": form, "gemeenten": gemeenten}
    if request.method == "POST" and form.is_valid():
        gekozen = form.cleaned_data["gemeente"]
        stroom = Stroom(
            gemeenten=gekozen,
            van=form.cleaned_data["van"],
            tot=form.cleaned_data["tot"],
            basis=filter_for_user(request.user, Traject.objects.all()),
            contactpersoon=request.user,
        )
        # The download is validated again, record by record as it is written: what is
        # offered is always what passed.
        if request.POST.get("actie") == "downloaden" and stroom.aanbiedbaar:
            return _download(request, stroom, gekozen)
        context |= {"export": stroom.controleer(), "gekozen": gekozen}
    return render(request, "rapportage/ddas/export.html", context)


class Groottebewaking(FileUploadHandler):
    """Stops reading an upload once it passes the limit, so nothing of it is stored."""

    def __init__(self, request=None, limiet: int | None = None) -> None:
        super().__init__(request)
        self.limiet = limiet if limiet is not None else importer.MAX_BYTES
        self.te_groot = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limiet:
            self.te_groot = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler makes the file


@csrf_exempt  # checked below, after the upload handler is in place (Django docs pattern)
@login_required
def importeren(request: HttpRequest) -> HttpResponse:
    _gemeenten(request, "ddas.importeren")
    bewaking = Groottebewaking(request)
    if request.method == "POST":
        request.upload_handlers.insert(0, bewaking)
    return _importeren(request, bewaking)


@csrf_protect
@require_http_methods(["GET", "POST"])
def _importeren(request: HttpRequest, bewaking: Groottebewaking) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    details: list[str] = []
    if request.method == "POST":
        if bewaking.te_groot:
            # The file was not read to the end; only this message counts.
            form = ImportForm(request.POST, {})
            form.errors["bestand"] = form.error_class(
                [
                    "Het bestand is te groot: het mag hoogstens "
                    f"{importer.MAX_BYTES // 1024 // 1024} MB zijn. Splits het, bijvoorbeeld "
                    "per gemeente."
                ]
            )
        elif form.is_valid():
            inhoud = form.cleaned_data["bestand"].read()
            try:
                bestand = importer.lees_bestand(inhoud)
            except importer.OngeldigBestand as exc:
                form.add_error("bestand", exc.melding)
                details = exc.details
            else:
                importer.bewaar(inhoud)
                bekend = request.session.get(SESSIE_SLEUTEL, [])
                request.session[SESSIE_SLEUTEL] = [
                    *[s for s in bekend if s != bestand.sha256],
                    bestand.sha256,
                ][-20:]
                return redirect("ddas_voorbeeld", sha256=bestand.sha256)
    status = 400 if form.errors else 200
    return render(
        request, "rapportage/ddas/import.html", {"form": form, "details": details}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def voorbeeld(request: HttpRequest, sha256: str) -> HttpResponse:
    """The preview of an uploaded file; POST imports it (after the user confirmed)."""
    _gemeenten(request, "ddas.importeren")
    # Only the session that uploaded the file sees it (it holds BSNs).
    if sha256 not in request.session.get(SESSIE_SLEUTEL, []):
        raise Http404
    try:
        bestand = importer.lees_bestand(importer.laad(sha256))
    except importer.OngeldigBestand as exc:
        messages.error(request, exc.melding)
        return redirect("ddas_importeren")
    if request.method == "POST":
        if len(importer.analyseer(bestand, gebruiker=request.user).nieuw) > MAX_BROWSERIMPORT:
            messages.error(request, TE_VEEL)
            return redirect("ddas_voorbeeld", sha256=sha256)
        try:
            resultaat = importer.importeer(bestand, door=request.user)
        except importer.OngeldigBestand as exc:
            messages.error(request, exc.melding)
            return redirect("ddas_voorbeeld", sha256=sha256)
        voorbeeld = resultaat.voorbeeld
        messages.success(
            request,
            f"{resultaat.geimporteerd} traject{'en' if resultaat.geimporteerd != 1 else ''} "
            f"geïmporteerd ({resultaat.klanten_nieuw} nieuwe klanten), "
            f"{len(resultaat.aangevuld)} aangevuld. "
            f"{len(voorbeeld.aanwezig)} stonden er al in, {len(voorbeeld.fout)} met fouten "
            "zijn niet geïmporteerd.",
        )
        return redirect("ddas_voorbeeld", sha256=sha256)
    voorbeeld = importer.analyseer(bestand, gebruiker=request.user)
    audit.import_ingezien(
        request=request, soort="ddas-import", bestand=sha256, aantal=len(voorbeeld.records)
    )
    ingekort = len(voorbeeld.records) > MAX_RIJEN
    rijen = voorbeeld.met_meldingen[:MAX_RIJEN] if ingekort else voorbeeld.records
    return render(
        request,
        "rapportage/ddas/voorbeeld.html",
        {
            "voorbeeld": voorbeeld,
            "bestand": _kop(bestand.document),
            "rijen": rijen,
            "ingekort": ingekort,
            "te_veel": TE_VEEL if len(voorbeeld.nieuw) > MAX_BROWSERIMPORT else "",
        },
    )


def _kop(document: dict) -> dict:
    """What the file says about itself, for the top of the preview."""

    def datum(waarde: object) -> date | None:
        try:
            return date.fromisoformat(waarde) if isinstance(waarde, str) else None
        except ValueError:
            return None

    return {
        "van": datum(document.get("startdatumLevering")),
        "tot": datum(document.get("einddatumLevering")),
        "leverancier": document.get("codeGegevensleverancier") or "",
        "organisaties": [
            naam
            for lev in document["leveringen"]
            if isinstance(lev, dict)
            and isinstance(org := lev.get("aanleverende_organisatie"), dict)
            and isinstance(naam := org.get("(Statutaire) Naam"), str)
            and naam
        ],
    }
