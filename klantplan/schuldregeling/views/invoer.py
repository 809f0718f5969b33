"""One creditor of the schuldregeling: its history (every message in and out, the letters
as sent, the saldo changes) and the manual entry of an answer that came by post, phone or
e-mail, with the day of receipt. Portal answers and manual entry share the services of
services/antwoorden.py; the forms shown are those the gate allows for this creditor now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from klantplan.schuldregeling import forms, selectors
from klantplan.schuldregeling.models import Onderhandeling
from klantplan.schuldregeling.services import antwoorden, handmatig
from klantplan.schuldregeling.views.basis import (
    open_traject,
    vereis_dossierrol,
    versie_uit,
    voer_uit,
)
from klantplan.schuldregeling.workflow import Onderhandelingstatus
from schuldhulp import audit, opmaak
from schuldhulp.permissions import mag


@dataclass(frozen=True)
class Invoer:
    """A manual entry: its form, the catalogue rows of which one must be allowed, the
    heading, and the service call (form data → the message for the user)."""

    form: type
    rijen: tuple[str, ...]
    titel: str
    doe: Callable[[Onderhandeling, Any, dict], str]


def _saldo(o: Onderhandeling, door, d: dict) -> str:
    antwoorden.leg_saldo_vast(
        onderhandeling_id=o.pk,
        door=door,
        datum=d["datum"],
        hoofdsom_cent=d["hoofdsom"],
        kosten_cent=d["kosten"] or 0,
        rente_cent=d["rente"] or 0,
        kenmerk=d["kenmerk"],
        kanaal=d["kanaal"],
    )
    totaal = d["hoofdsom"] + (d["kosten"] or 0) + (d["rente"] or 0)
    return f"Saldo vastgelegd: {opmaak.bedrag(totaal, centen=True)}."


def _antwoord(o: Onderhandeling, door, d: dict) -> str:
    antwoorden.leg_antwoord_vast(
        onderhandeling_id=o.pk,
        door=door,
        datum=d["datum"],
        akkoord=d["akkoord"],
        reden=d["reden"],
        kanaal=d["kanaal"],
    )
    return "Akkoord vastgelegd." if d["akkoord"] else "Afwijzing vastgelegd, met de reden."


def _geen_medewerking(o: Onderhandeling, door, d: dict) -> str:
    antwoorden.leg_geen_medewerking_vast(
        onderhandeling_id=o.pk, door=door, datum=d["datum"], reden=d["reden"], kanaal=d["kanaal"]
    )
    return "Vastgelegd: de schuldeiser werkt niet mee."


def _geen_reactie(o: Onderhandeling, door, d: dict) -> str:
    handmatig.leg_geen_reactie_vast(
        onderhandeling_id=o.pk, door=door, datum=d["datum"], toelichting=d["toelichting"]
    )
    return "Vastgelegd: geen reactie van de schuldeiser."


def _status(o: Onderhandeling, door, d: dict) -> str:
    antwoorden.leg_status_vast(
        onderhandeling_id=o.pk,
        door=door,
        datum=d["datum"],
        soort=d["soort"],
        tekst_=d["tekst"],
        kanaal=d["kanaal"],
    )
    return "Het bericht van de schuldeiser is vastgelegd."


INVOER: dict[str, Invoer] = {
    "saldo": Invoer(forms.SaldoForm, ("sr.saldo_ontvangen",), "Saldo vastleggen", _saldo),
    "antwoord": Invoer(
        forms.AntwoordForm,
        ("sr.akkoord", "sr.afwijzing", "sr.weigering"),
        "Antwoord op het betaalvoorstel vastleggen",
        _antwoord,
    ),
    "geen_medewerking": Invoer(
        forms.GeenMedewerkingForm,
        ("sr.geen_medewerking",),
        "Geen medewerking vastleggen",
        _geen_medewerking,
    ),
    "geen_reactie": Invoer(
        forms.GeenReactieForm, ("sr.geen_reactie",), "Geen reactie vastleggen", _geen_reactie
    ),
    "status": Invoer(
        forms.StatusForm,
        ("sr.statusbericht", "sr.statusverzoek"),
        "Statusbericht of -verzoek vastleggen",
        _status,
    ),
}


def _onderhandeling(request: HttpRequest, pk: int):
    vereis_dossierrol(request)
    o = selectors.onderhandeling(request.user, pk)
    traject = open_traject(request, o.traject_id)
    o.traject = o.regeling.traject = o.regeling.product.traject = traject
    return o, traject


def toegestaan(user, o: Onderhandeling) -> list[str]:
    """The manual entries the gate allows `user` on `o` now."""
    return [wat for wat, inv in INVOER.items() if any(mag(user, h, o) is None for h in inv.rijen)]


def pagina(
    request: HttpRequest, o: Onderhandeling, traject, *, bezig: tuple[str, Any] | None = None
) -> HttpResponse:
    vandaag = timezone.localdate()
    overzicht = selectors.overzicht(o.regeling, vandaag)
    rij = next(r for r in overzicht.rijen if r.o.pk == o.pk)
    invoer = []
    mogelijk = toegestaan(request.user, o)
    if bezig and bezig[0] not in mogelijk:  # the state moved on: say why, form gone
        for fout in bezig[1].non_field_errors():
            messages.error(request, fout)
    for wat in mogelijk:
        inv = INVOER[wat]
        form = bezig[1] if bezig and bezig[0] == wat else inv.form(prefix=wat)
        titel = inv.titel
        if wat == "antwoord" and o.status == Onderhandelingstatus.HEROVERWEGING:
            titel = "Antwoord op de heroverweging vastleggen"
        invoer.append({"wat": wat, "titel": titel, "form": form})
    return render(
        request,
        "schuldregeling/overzicht_schuldeiser.html",
        {
            "traject": traject,
            "klant": traject.klant,
            "tab": "schuldregeling",
            "regeling": o.regeling,
            "o": o,
            "rij": rij,
            "berichten": selectors.geschiedenis(o),
            "saldowijzigingen": selectors.saldowijzigingen(o),
            "invoer": invoer,
        },
    )


@login_required
def schuldeiser(request: HttpRequest, pk: int) -> HttpResponse:
    o, traject = _onderhandeling(request, pk)
    audit.dossier_ingezien(request=request, obj=o, omschrijving="Schuldregeling: schuldeiser")
    return pagina(request, o, traject)


@login_required
@require_POST
def vastleggen(request: HttpRequest, pk: int, naam: str) -> HttpResponse:
    wat = naam
    inv = INVOER.get(wat)
    if inv is None:
        raise Http404
    o, traject = _onderhandeling(request, pk)
    form = inv.form(request.POST, prefix=wat)
    melding = voer_uit(
        form,
        lambda d: inv.doe(o, request.user, d),
        versie=(o.regeling_id, versie_uit(request)),
        door=request.user,
    )
    if melding is None:
        o, traject = _onderhandeling(request, pk)  # the state as it is now
        return pagina(request, o, traject, bezig=(wat, form))
    messages.success(request, f"{o.schuld.schuldeiser.naam}: {melding}")
    return redirect("schuldregeling:schuldeiser", pk=o.pk)


urlpatterns: list[URLPattern] = [
    path("schuldregeling/schuldeisers/<int:pk>/", schuldeiser, name="schuldeiser"),
    path(
        "schuldregeling/schuldeisers/<int:pk>/vastleggen/<str:naam>/",
        vastleggen,
        name="vastleggen",
    ),
]
