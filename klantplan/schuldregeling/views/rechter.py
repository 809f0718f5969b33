"""Screens of the schuldregeling: the court (see klantplan/schuldregeling/urls.py).

One page per regeling: the creditors' answers and the shares agreeing, the requests made
(verzoek dwangakkoord, Wsnp-verzoek; downloaded from the klantplan documents) and the
court's decisions, with a form per step the gate allows now (else the gate's reason). Every
write goes through klantplan/schuldregeling/services/rechter.py with the page's version; a
refusal re-renders this page with the reason and the input kept, nothing saved."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from klantplan.forms import _datum, _keuze, _tekst
from klantplan.models import Document, Documentsoort
from klantplan.schuldregeling import bundels, selectors
from klantplan.schuldregeling.models import Regeling
from klantplan.schuldregeling.services import rechter as services
from klantplan.schuldregeling.views.basis import open_traject, versie_uit, voer_uit
from schuldhulp import audit
from schuldhulp.permissions import filter_for_user, mag, vereis
from trajecten.models import Gebeurtenis, Gebeurtenissoort
from trajecten.workflow import Schuldregelingstatus

U = services.Uitspraak
VERZOEKEN = (Documentsoort.DWANGAKKOORD, Documentsoort.WSNP_VERZOEK)


class BundelForm(forms.Form):
    """No fields: the page's version travels as a hidden input (views.basis.versie_uit)."""


class UitspraakForm(forms.Form):
    uitkomst = _keuze("Uitspraak", U.choices, leeg="Kies de uitspraak")
    datum = _datum("Datum van de uitspraak", hint="Zoals op de beschikking van de rechtbank.")
    kenmerk = forms.CharField(
        label="Kenmerk rechtbank",
        required=False,
        max_length=100,
        help_text="Bijvoorbeeld het rekestnummer. Mag leeg blijven.",
        error_messages={"max_length": "Het kenmerk is te lang: hoogstens 100 tekens."},
    )
    toelichting = _tekst("Toelichting", hint="Wat de rechtbank verder besliste of opdroeg.")

    def __init__(self, *args: Any, status: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Offer the outcomes of the request that is with the court; the service decides.
        if status == Schuldregelingstatus.DWANGAKKOORD_VERZOCHT:
            keuzes = [U.DWANGAKKOORD_TOEGEWEZEN, U.DWANGAKKOORD_AFGEWEZEN]
        else:
            keuzes = [U.WSNP_TOEGELATEN, U.WSNP_AFGEWEZEN]
        self.fields["uitkomst"].choices = [("", "Kies de uitspraak")] + [
            (u.value, u.label) for u in keuzes
        ]
        self.fields["datum"].initial = timezone.localdate


def _regeling(request: HttpRequest, pk: int) -> Regeling:
    """The regeling (403 for roles without dossiers, 404 for another gemeente's) with its
    traject loaded for the page and the gate."""
    vereis(request.user, "dossiers.inzien")
    regeling = selectors.regeling(request.user, pk)
    traject = open_traject(request, regeling.traject_id)
    regeling.traject = traject
    regeling.product.traject = traject
    return regeling


def _uitspraken(regeling: Regeling) -> list[Gebeurtenis]:
    return list(
        Gebeurtenis.objects.filter(
            traject_id=regeling.traject_id,
            soort=Gebeurtenissoort.REGELING,
            gegevens__regeling=regeling.pk,
            gegevens__has_key="uitkomst",
        ).order_by("datum", "pk")
    )


def pagina(
    request: HttpRequest,
    regeling: Regeling,
    *,
    bundel_form: tuple[str, BundelForm] | None = None,
    uitspraak_form: UitspraakForm | None = None,
) -> HttpResponse:
    traject = regeling.traject
    rijen = bundels.onderhandelingen(regeling)
    stemmen = selectors.instemming(rijen)
    documenten = (
        filter_for_user(request.user, Document.objects.defer("inhoud"))
        .filter(traject=traject, soort__in=VERZOEKEN)
        .select_related("gemaakt_door")
        .order_by("-gemaakt_op", "-pk")
    )
    status = regeling.product.schuldregeling_status
    stappen = {
        naam: mag(request.user, f"sr.{naam}", regeling)
        for naam in ("dwangakkoord_bundel", "wsnp_verzoek", "uitspraak_vastleggen")
    }
    fout_bij, fout_form = bundel_form or ("", None)
    context = {
        "traject": traject,
        "klant": traject.klant,
        "tab": "schuldregeling",
        "regeling": regeling,
        "product": regeling.product,
        "schuldeisers": bundels.regels(regeling, rijen),
        "instemming": stemmen,
        "procent_aantal": bundels.procent(stemmen.procent_aantal),
        "procent_bedrag": bundels.procent(stemmen.procent_bedrag),
        "documenten": documenten,
        "uitspraken": [(g, U(g.gegevens["uitkomst"]).label) for g in _uitspraken(regeling)],
        "stappen": stappen,
        "dwangakkoord_form": fout_form if fout_bij == "dwangakkoord" else BundelForm(),
        "wsnp_form": fout_form if fout_bij == "wsnp" else BundelForm(),
        "uitspraak_form": uitspraak_form or UitspraakForm(status=status),
    }
    return render(request, "schuldregeling/rechter.html", context)


@login_required
def rechter(request: HttpRequest, pk: int) -> HttpResponse:
    regeling = _regeling(request, pk)
    audit.dossier_ingezien(request=request, obj=regeling, omschrijving="Schuldregeling: rechter")
    return pagina(request, regeling)


def _schrijf(request: HttpRequest, regeling: Regeling, form, doe, opnieuw) -> HttpResponse:
    """Run `doe` with the page's version checked in the same transaction; success → back
    to this page with the message; a refusal → this page again with the form's reason."""
    melding = voer_uit(form, doe, versie=(regeling.pk, versie_uit(request)), door=request.user)
    if melding is None:
        return opnieuw(_regeling(request, regeling.pk))
    messages.success(request, melding)
    return redirect("schuldregeling:rechter", pk=regeling.pk)


@login_required
@require_POST
def dwangakkoord_bundel(request: HttpRequest, pk: int) -> HttpResponse:
    regeling = _regeling(request, pk)
    form = BundelForm(request.POST)

    def doe(_data: dict) -> str:
        document = services.maak_dwangakkoord_bundel(regeling_id=regeling.pk, door=request.user)
        return (
            f"{document.titel} is gemaakt. Download de PDF en dien hem in bij de rechtbank; "
            "de schuldregeling staat nu op 'dwangakkoord verzocht'."
        )

    return _schrijf(
        request,
        regeling,
        form,
        doe,
        lambda r: pagina(request, r, bundel_form=("dwangakkoord", form)),
    )


@login_required
@require_POST
def wsnp_verzoek(request: HttpRequest, pk: int) -> HttpResponse:
    regeling = _regeling(request, pk)
    form = BundelForm(request.POST)

    def doe(_data: dict) -> str:
        document = services.maak_wsnp_verzoek(regeling_id=regeling.pk, door=request.user)
        return f"{document.titel} is gemaakt. Download de PDF en dien hem in bij de rechtbank."

    return _schrijf(
        request, regeling, form, doe, lambda r: pagina(request, r, bundel_form=("wsnp", form))
    )


@login_required
@require_POST
def uitspraak(request: HttpRequest, pk: int) -> HttpResponse:
    regeling = _regeling(request, pk)
    form = UitspraakForm(request.POST, status=regeling.product.schuldregeling_status)

    def doe(data: dict) -> str:
        services.leg_uitspraak_vast(
            regeling_id=regeling.pk,
            door=request.user,
            datum=data["datum"],
            uitkomst=data["uitkomst"],
            kenmerk=data["kenmerk"],
            toelichting=data["toelichting"],
        )
        return f"De uitspraak is vastgelegd: {services.klein(U(data['uitkomst']).label)}."

    return _schrijf(request, regeling, form, doe, lambda r: pagina(request, r, uitspraak_form=form))


urlpatterns: list[URLPattern] = [
    path("schuldregeling/<int:pk>/rechter/", rechter, name="rechter"),
    path(
        "schuldregeling/<int:pk>/rechter/dwangakkoord/",
        dwangakkoord_bundel,
        name="dwangakkoord_bundel",
    ),
    path("schuldregeling/<int:pk>/rechter/wsnp/", wsnp_verzoek, name="wsnp_verzoek"),
    path("schuldregeling/<int:pk>/rechter/uitspraak/", uitspraak, name="uitspraak"),
]
