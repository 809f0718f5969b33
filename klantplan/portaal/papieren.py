"""The klant's papers on the portal: the checklist of the traject and uploading from the phone,
through the papieren app's API (klantplan.papieren.services: ``stukken_voor_klant``,
``lever_aan``, ``download_response``); the gate decides (``papier.*.klant`` rows)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from klantplan.papieren import services as papieren
from klantplan.portaal import selectors
from klantplan.portaal.sessie import klant_vereist
from schuldhulp import audit
from schuldhulp.fouten import NietGevonden
from schuldhulp.permissions import can_do


def _stuk(stukken, pk: int):
    stuk = stukken.filter(pk=pk).first()
    if stuk is None:
        raise NietGevonden("Dit papier vinden wij niet bij u.")
    return stuk


def _pagina(request: HttpRequest, t, fout: str = "", fout_stuk: int | None = None, status=200):
    partij = request.portaalpartij
    rijen = []
    for s in papieren.stukken_voor_klant(t):
        bestanden = sorted(s.bestanden.all(), key=lambda b: (b.geupload_op, b.pk))
        rijen.append(
            {
                "stuk": s,
                "uploaden": can_do(partij, "papier.aanleveren.klant", s),
                "bestand": bestanden[-1]
                if bestanden and can_do(partij, "papier.downloaden.klant", s)
                else None,
            }
        )
    audit.dossier_ingezien(
        request=request, obj=t, omschrijving="Mijn Schuldhulp: papieren", gebruiker=partij
    )
    context = {"traject": t, "rijen": rijen, "fout": fout, "fout_stuk": fout_stuk}
    return render(request, "portaal/papieren.html", context, status=status)


@klant_vereist
def lijst(request: HttpRequest, pk: int) -> HttpResponse:
    return _pagina(request, selectors.traject(request.portaalpartij, pk))


@require_POST
@klant_vereist
def uploaden(request: HttpRequest, pk: int, stuk_pk: int) -> HttpResponse:
    t = selectors.traject(request.portaalpartij, pk)
    stuk = _stuk(papieren.stukken_voor_klant(t), stuk_pk)
    bestanden = request.FILES.getlist("bestanden")
    if not bestanden:
        return _pagina(request, t, "Kies eerst een foto of PDF.", stuk.pk, status=400)
    try:
        papieren.lever_aan(stuk, bestanden, door_klant=request.portaalpartij)
    except ValidationError as fout:
        return _pagina(request, t, " ".join(fout.messages), stuk.pk, status=400)
    except PermissionDenied as fout:
        return _pagina(request, t, str(fout), stuk.pk, status=403)
    messages.success(request, f"Ontvangen: {stuk.titel}. Uw contactpersoon kijkt het na.")
    return redirect("portaal:papieren", pk=t.pk)


@klant_vereist
def downloaden(request: HttpRequest, pk: int, stuk_pk: int) -> HttpResponse:
    t = selectors.traject(request.portaalpartij, pk)
    stuk = _stuk(papieren.stukken_voor_klant(t), stuk_pk)
    # The papieren API asks the gate and logs for request.user: the klant, for this call only
    # (the error pages render with the request's own, anonymous user).
    gebruiker, request.user = request.user, request.portaalpartij
    try:
        return papieren.download_response(stuk, request)
    except PermissionDenied as fout:
        raise NietGevonden(str(fout)) from None
    finally:
        request.user = gebruiker
