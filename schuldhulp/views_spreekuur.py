"""The spreekuren of the klantregisseur at a gemeente (task "beschikbaarheid klantregisseur op
locatie"): a small screen reachable from the gemeente page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from schuldhulp import selectors, services
from schuldhulp.forms import SpreekuurForm
from schuldhulp.models import Gemeente
from schuldhulp.permissions import vereis

HANDELING = "spreekuur.wijzigen"


def _gemeente(request: HttpRequest, pk: int) -> Gemeente:
    """A gemeente of the user (404 otherwise) on which the gate allows the change (403)."""
    gemeente = get_object_or_404(selectors.gemeenten_voor(request.user), pk=pk)
    vereis(request.user, HANDELING, gemeente)
    return gemeente


@login_required
def spreekuren(request: HttpRequest, pk: int) -> HttpResponse:
    gemeente = _gemeente(request, pk)
    form = SpreekuurForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            spreekuur = services.voeg_spreekuur_toe(
                gemeente=gemeente, door=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            for veld, fouten in exc.message_dict.items():
                form.add_error(veld if veld in form.fields else None, fouten)
        else:
            messages.success(request, f"Het spreekuur op {spreekuur} is toegevoegd.")
            return redirect("gemeente_spreekuren", pk=gemeente.pk)
    return render(
        request,
        "schuldhulp/spreekuren.html",
        {"gemeente": gemeente, "spreekuren": gemeente.spreekuren.all(), "form": form},
    )


@login_required
@require_POST
def spreekuur_verwijder(request: HttpRequest, pk: int, spreekuur_pk: int) -> HttpResponse:
    gemeente = _gemeente(request, pk)
    spreekuur = get_object_or_404(gemeente.spreekuren, pk=spreekuur_pk)
    omschrijving = str(spreekuur)
    services.verwijder_spreekuur(spreekuur_id=spreekuur.pk, door=request.user)
    messages.success(request, f"Het spreekuur op {omschrijving} is verwijderd.")
    return redirect("gemeente_spreekuren", pk=gemeente.pk)
