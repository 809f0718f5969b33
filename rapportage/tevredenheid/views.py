"""The survey page behind the klant's link: no login, no menu; the token is the right."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from klantplan.schuldregeling.views.portaal import portaalkoppen
from rapportage.tevredenheid import services
from rapportage.tevredenheid.forms import VragenlijstForm

SJABLONEN = "tevredenheid"


def _weigering(request: HttpRequest, fout: services.Linkfout) -> HttpResponse:
    return render(request, f"{SJABLONEN}/weigering.html", {"fout": fout}, status=fout.status)


@portaalkoppen
@require_http_methods(["GET", "POST"])
def vragenlijst(request: HttpRequest, token: str) -> HttpResponse:
    try:
        services.lees(token)
    except services.Linkfout as fout:
        return _weigering(request, fout)
    form = VragenlijstForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.vul_in(token, services.Antwoorden(**form.cleaned_data))
        except services.Linkfout as fout:  # the same form sent twice at once
            return _weigering(request, fout)
        return render(request, f"{SJABLONEN}/bedankt.html")
    status = 422 if request.method == "POST" else 200
    return render(request, f"{SJABLONEN}/vragenlijst.html", {"form": form}, status=status)
