"""The schuldenoverzicht (inline htmx editing, CSV import) and the schuldeiser register."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from klantplan import forms, selectors, services
from klantplan.csvimport import VOORBEELD
from klantplan.views.basis import (
    formulierpagina,
    open_traject,
    tabcontext,
    toon_weigering,
    uitvoeren,
    veilig_terug,
)
from schuldhulp import audit
from schuldhulp.bevestigen import Bevestiging, is_bevestigd, vraag_bevestiging
from schuldhulp.opmaak import bedrag
from schuldhulp.permissions import mag, vereis
from trajecten.models import Traject


def _schulden_context(request: HttpRequest, traject: Traject) -> dict[str, Any]:
    return tabcontext(
        request,
        traject,
        "schulden",
        schulden=selectors.schulden(request.user, traject),
        totalen=selectors.schuldtotalen(request.user, traject),
    )


def _schuldgegevens(d: dict) -> services.Schuldgegevens:
    return services.Schuldgegevens(
        schuldeiser=d["schuldeiser"],
        oorspronkelijk_bedrag_cent=d["oorspronkelijk_bedrag"],
        actueel_bedrag_cent=d["actueel_bedrag"],
        peildatum=d["peildatum"],
        status=d["status"],
        zakelijk=d["zakelijk"],
        beslag=d["beslag"],
        kenmerk=d["kenmerk"],
        van=d.get("van") or "klant",
    )


def _schulden_sectie(request: HttpRequest, traject: Traject, bericht: str) -> HttpResponse:
    """After an htmx save: the whole section (table and totals) replaces the old one."""
    response = render(
        request,
        "klantplan/_schulden.html",
        {**_schulden_context(request, traject), "bericht": bericht},
    )
    response["HX-Retarget"] = "#schulden-sectie"
    response["HX-Reswap"] = "outerHTML"
    return response


@login_required
def schulden(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk)
    audit.dossier_ingezien(request=request, obj=traject, omschrijving="Schuldenoverzicht")
    return render(request, "klantplan/schulden.html", _schulden_context(request, traject))


@login_required
def schuld_nieuw(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk, schrijven="schulden.wijzigen")
    form = forms.SchuldForm(
        request.POST or None,
        schuldeisers=selectors.schuldeisers(),
        initial={"peildatum": timezone.localdate()},
        auto_id="schuld_nieuw_%s",  # unique ids: several inline forms can be open at once
    )
    schuld = uitvoeren(
        form,
        lambda d: services.voeg_schuld_toe(
            traject=traject, door=request.user, gegevens=_schuldgegevens(d)
        ),
    )
    if schuld:
        bericht = f"De schuld bij {schuld.schuldeiser} is toegevoegd."
        if request.htmx:
            return _schulden_sectie(request, traject, bericht)
        messages.success(request, bericht)
        return redirect("klantplan:schulden", traject_pk=traject.pk)
    if request.htmx:
        return render(
            request,
            "klantplan/_schuld_formrij.html",
            {"traject": traject, "form": form, "schuld": None},
        )
    return formulierpagina(
        request,
        traject,
        form=form,
        titel="Schuld toevoegen",
        knop="Schuld toevoegen",
        terug=reverse("klantplan:schulden", args=[traject.pk]),
        tab="schulden",
    )


@login_required
def schuld_wijzig(request: HttpRequest, traject_pk: int, pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk, schrijven="schulden.wijzigen")
    schuld = selectors.schuld(request.user, traject, pk)
    form = forms.SchuldForm(
        request.POST or None,
        schuldeisers=selectors.schuldeisers(),
        schuld=schuld,
        auto_id=f"schuld_{schuld.pk}_%s",
    )
    if uitvoeren(
        form,
        lambda d: services.wijzig_schuld(
            schuld_id=schuld.pk, door=request.user, gegevens=_schuldgegevens(d)
        ),
    ):
        bericht = f"De schuld bij {form.cleaned_data['schuldeiser']} is gewijzigd."
        if request.htmx:
            return _schulden_sectie(request, traject, bericht)
        messages.success(request, bericht)
        return redirect("klantplan:schulden", traject_pk=traject.pk)
    if request.htmx:
        return render(
            request,
            "klantplan/_schuld_formrij.html",
            {"traject": traject, "form": form, "schuld": schuld},
        )
    return formulierpagina(
        request,
        traject,
        form=form,
        titel=f"Schuld bij {schuld.schuldeiser} wijzigen",
        knop="Schuld opslaan",
        terug=reverse("klantplan:schulden", args=[traject.pk]),
        tab="schulden",
    )


@login_required
def schuld_rij(request: HttpRequest, traject_pk: int, pk: int) -> HttpResponse:
    """One display row (htmx: 'Annuleren' in an inline form)."""
    traject = open_traject(request, traject_pk)
    schuld = selectors.schuld(request.user, traject, pk)
    return render(
        request,
        "klantplan/_schuld_rij.html",
        {
            "traject": traject,
            "schuld": schuld,
            "kan_schrijven": mag(request.user, "schulden.wijzigen", traject) is None,
        },
    )


@login_required
@require_POST
def schuld_verwijder(request: HttpRequest, traject_pk: int, pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk, schrijven="schulden.wijzigen")
    schuld = selectors.schuld(request.user, traject, pk)
    if not is_bevestigd(request):
        return vraag_bevestiging(
            request,
            Bevestiging(
                titel="Schuld verwijderen",
                vraag=f"Weet u zeker dat u de schuld bij {schuld.schuldeiser} wilt verwijderen?",
                gevolg="De schuld verdwijnt uit het schuldenoverzicht, ook uit de totalen en "
                "uit nieuwe saneringsvoorstellen. In het verwerkingenlog blijft staan dat u "
                "hem verwijderde.",
                knop="Ja, schuld verwijderen",
                terug=reverse("klantplan:schulden", args=[traject.pk]),
                details=(
                    ("Schuldeiser", str(schuld.schuldeiser)),
                    ("Actueel bedrag", bedrag(schuld.actueel_bedrag_cent, centen=True)),
                ),
            ),
        )
    try:
        services.verwijder_schuld(schuld_id=schuld.pk, door=request.user)
        messages.success(request, f"De schuld bij {schuld.schuldeiser} is verwijderd.")
    except services.Geweigerd as exc:
        toon_weigering(request, exc)
    return redirect("klantplan:schulden", traject_pk=traject.pk)


@login_required
def schulden_import(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk, schrijven="schulden.wijzigen")
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    fouten: list[services.Rijfout] = []
    if form.is_bound and form.is_valid():
        try:
            ingelezen = services.importeer_schulden(
                traject=traject, door=request.user, inhoud=form.cleaned_data["bestand"].read()
            )
        except services.ImportGeweigerd as exc:
            fouten = exc.fouten
            form.add_error(None, str(exc))
        except services.Geweigerd as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{len(ingelezen)} schulden zijn ingelezen.")
            return redirect("klantplan:schulden", traject_pk=traject.pk)
    return render(
        request,
        "klantplan/schulden_import.html",
        tabcontext(request, traject, "schulden", form=form, fouten=fouten),
    )


@login_required
def schulden_import_voorbeeld(request: HttpRequest, traject_pk: int) -> HttpResponse:
    open_traject(request, traject_pk)
    response = HttpResponse(VOORBEELD.encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="voorbeeld-schulden.csv"'
    return response


@login_required
def schuldeisers(request: HttpRequest) -> HttpResponse:
    vereis(request.user, "dossiers.inzien")
    form = forms.SchuldeiserForm(request.POST or None)
    schuldeiser = uitvoeren(form, lambda d: services.voeg_schuldeiser_toe(door=request.user, **d))
    if schuldeiser:
        messages.success(request, f"{schuldeiser} staat nu in het register.")
        return redirect(
            veilig_terug(request, request.GET.get("terug"), reverse("klantplan:schuldeisers"))
        )
    return render(
        request,
        "klantplan/schuldeisers.html",
        {
            "form": form,
            "schuldeisers": selectors.schuldeisers(),
            "terug": request.GET.get("terug", ""),
        },
    )
