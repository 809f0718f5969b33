"""The klantregisseur's schuldregeling screen: open a regeling on a product, the overview per
creditor (state, term, last messages, who holds up the 120-day norm, the shares agreeing),
bulk messages and the choice of the saneringsvoorstel. The answers per creditor are entered
on the creditor's page (views/invoer.py).

Every object comes through ``filter_for_user`` (another gemeente: 404), every button is
shown when the gate allows it for that row, and every write goes through its service, which
asks the gate again. A refusal re-renders the page with the reason and the input kept."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from klantplan.schuldregeling import forms, selectors
from klantplan.schuldregeling.models import Regeling
from klantplan.schuldregeling.services import handmatig, openen, versturen
from klantplan.schuldregeling.views import invoer
from klantplan.schuldregeling.views.basis import (
    open_traject,
    vereis_dossierrol,
    versie_uit,
    voer_uit,
)
from schuldhulp import audit, opmaak
from schuldhulp.fouten import NietGevonden
from schuldhulp.permissions import mag, vereis
from trajecten.models import Product, Traject
from trajecten.services import Geweigerd


def maak_openen_form(product_pk: int, data=None) -> forms.OpenenForm:
    return forms.OpenenForm(data, prefix=f"openen-{product_pk}")


# --- The page ---------------------------------------------------------------------------------


def _te_openen(
    request: HttpRequest, traject: Traject, bezig: forms.OpenenForm | None, bezig_pk: int | None
) -> list[dict[str, Any]]:
    """Running products that can carry a regeling and have none yet, each with the reason
    the user cannot open it (None: the button shows) and its form."""
    producten = Product.objects.filter(
        traject=traject, soort__in=list(openen.SOORT_VAN_PRODUCT), einddatum=None
    ).exclude(regeling__isnull=False)
    uit = []
    for p in producten.order_by("startdatum", "pk"):
        p.traject = traject
        reden = mag(request.user, "sr.regeling_openen", p) or openen.reden_niet_openen(p)
        form = bezig if bezig is not None and bezig_pk == p.pk else maak_openen_form(p.pk)
        uit.append({"product": p, "reden": reden, "form": form})
    return uit


def _acties(request: HttpRequest, traject: Traject, regeling: Regeling, rijen) -> dict[str, Any]:
    """Per creditor the bulk messages the gate allows now, and the buttons any row allows."""
    per_rij: dict[int, list[str]] = {}
    for rij in rijen:
        rij.o.regeling, rij.o.traject = regeling, traject  # the gate reads both: no queries
        per_rij[rij.o.pk] = [
            actie for actie, (h, _knop) in forms.BULK.items() if mag(request.user, h, rij.o) is None
        ]
        rij.acties = per_rij[rij.o.pk]
        rij.acties_tekst = ", ".join(
            forms.BULK[a][1].removesuffix(" versturen") for a in rij.acties
        )
    knoppen = [
        (actie, knop)
        for actie, (_h, knop) in forms.BULK.items()
        if any(actie in acties for acties in per_rij.values())
    ]
    return {"knoppen": knoppen, "kiesbaar": [pk for pk, a in per_rij.items() if a]}


def _voorstelkeuzes(request: HttpRequest, regeling: Regeling) -> list[tuple[int, str]]:
    return [
        (
            v.pk,
            f"{opmaak.datum_tijd(timezone.localtime(v.gemaakt_op))}: "
            f"{opmaak.bedrag(v.resultaat.get('beschikbaar_cent'), centen=True)} te verdelen"
            + (f" in {v.looptijd_maanden} maanden" if v.looptijd_maanden else ""),
        )
        for v in selectors.voorstellen(request.user, regeling)
    ]


def _gekozen(form: forms.VersturenForm | None) -> set[int]:
    """The rows ticked on a refused form (kept for the next try)."""
    if form is None or not form.is_bound:
        return set()
    return {int(w) for w in form.data.getlist("schuldeisers") if w.isdigit()}


def pagina(
    request: HttpRequest,
    traject: Traject,
    regeling: Regeling | None,
    *,
    versturen_form: forms.VersturenForm | None = None,
    voorstel_form: forms.VoorstelForm | None = None,
    openen_form: forms.OpenenForm | None = None,
    openen_product: int | None = None,
) -> HttpResponse:
    alle = list(selectors.regelingen(request.user, traject))
    context: dict[str, Any] = {
        "traject": traject,
        "klant": traject.klant,
        "tab": "schuldregeling",
        "regelingen": alle,
        "regeling": regeling,
        "te_openen": _te_openen(request, traject, openen_form, openen_product),
    }
    if regeling is not None:
        regeling.traject = traject
        regeling.product.traject = traject
        overzicht = selectors.overzicht(regeling, timezone.localdate())
        acties = _acties(request, traject, regeling, overzicht.rijen)
        keuzes = _voorstelkeuzes(request, regeling)
        kan_kiezen = mag(request.user, "sr.voorstel_kiezen", regeling) is None
        context |= {
            "overzicht": overzicht,
            **acties,
            "versturen_form": versturen_form or forms.VersturenForm(ids=acties["kiesbaar"]),
            "gekozen": _gekozen(versturen_form),
            "voorstelkeuzes": keuzes,
            "kan_kiezen": kan_kiezen,
            "kan_voorstel_maken": mag(request.user, "sanering.wijzigen", traject) is None,
            "voorstel_form": voorstel_form
            or forms.VoorstelForm(keuzes=keuzes, initial={"voorstel": regeling.voorstel_id}),
        }
    return render(request, "schuldregeling/overzicht.html", context)


@login_required
def traject_schuldregeling(request: HttpRequest, pk: int) -> HttpResponse:
    """The traject's schuldregeling: the newest regeling (links to any other), and where a
    product has none yet the button to open one."""
    traject = open_traject(request, pk)
    regeling = selectors.regelingen(request.user, traject).first()
    audit.dossier_ingezien(request=request, obj=regeling or traject, omschrijving="Schuldregeling")
    return pagina(request, traject, regeling)


@login_required
def regeling_overzicht(request: HttpRequest, pk: int) -> HttpResponse:
    vereis_dossierrol(request)
    regeling = selectors.regeling(request.user, pk)
    traject = open_traject(request, regeling.traject_id)
    audit.dossier_ingezien(request=request, obj=regeling, omschrijving="Schuldregeling")
    return pagina(request, traject, regeling)


# --- Writes -----------------------------------------------------------------------------------


@login_required
@require_POST
def regeling_openen(request: HttpRequest, pk: int) -> HttpResponse:
    traject = open_traject(request, pk)
    try:
        product_pk = int(request.POST.get("product", ""))
    except ValueError:
        product_pk = None
    form = maak_openen_form(product_pk or 0, request.POST)

    def doe(data: dict) -> Regeling:
        if product_pk is None:
            raise Geweigerd("Kies het product waarop de schuldregeling hoort.")
        return openen.open_regeling(
            product_id=product_pk,
            door=request.user,
            datum=timezone.localdate(),
            peildatum=data["peildatum"],
        )

    regeling = voer_uit(form, doe)
    if regeling is None:
        return pagina(
            request,
            traject,
            selectors.regelingen(request.user, traject).first(),
            openen_form=form,
            openen_product=product_pk,
        )
    messages.success(
        request,
        f"De schuldregeling is geopend met {regeling.onderhandelingen.count()} schuldeisers. "
        "Verstuur nu de kennisgeving en het saldoverzoek.",
    )
    return redirect("schuldregeling:regeling", pk=regeling.pk)


def _regeling_schrijven(
    request: HttpRequest, pk: int, form_van: Callable[[Regeling], Any], doe, sleutel: str
) -> HttpResponse:
    """A write on the regeling's page: the page's version is checked in the same transaction
    (stale form: nothing saved), then the service; success → back to the page."""
    vereis_dossierrol(request)
    regeling = selectors.regeling(request.user, pk)
    traject = open_traject(request, regeling.traject_id)
    form = form_van(regeling)
    melding = voer_uit(
        form,
        lambda data: doe(regeling, data),
        versie=(regeling.pk, versie_uit(request)),
        door=request.user,
    )
    if melding is None:
        return pagina(request, traject, selectors.regeling(request.user, pk), **{sleutel: form})
    messages.success(request, melding)
    return redirect("schuldregeling:regeling", pk=regeling.pk)


@login_required
@require_POST
def regeling_versturen(request: HttpRequest, pk: int) -> HttpResponse:
    def form_van(regeling: Regeling) -> forms.VersturenForm:
        ids = list(regeling.onderhandelingen.values_list("pk", flat=True))
        return forms.VersturenForm(request.POST, ids=ids)

    def doe(regeling: Regeling, data: dict) -> str:
        actie, ids = data["actie"], data["schuldeisers"]
        if data["alle"]:  # the rows the gate allows now; the service asks again
            ids = [
                o.pk
                for o in regeling.onderhandelingen.select_related("regeling", "traject__afspraak")
                if mag(request.user, forms.BULK[actie][0], o) is None
            ]
            if not ids:
                raise Geweigerd("Dit kan nu bij geen enkele schuldeiser.")
        vandaag = timezone.localdate()
        if actie == "kennisgeving_saldo":
            berichten = handmatig.verstuur_kennisgeving_en_saldoverzoek(
                onderhandeling_ids=ids, door=request.user, datum=vandaag
            )
        else:
            berichten = versturen.verstuur(
                onderhandeling_ids=ids,
                handeling=forms.BULK[actie][0],
                door=request.user,
                datum=vandaag,
            )
        aantal = len(ids)
        return (
            f"{forms.BULK[actie][1].removesuffix(' versturen').removesuffix(' vragen')}: "
            f"{len(berichten)} brie{'f' if len(berichten) == 1 else 'ven'} aan {aantal} "
            f"schuldeiser{'' if aantal == 1 else 's'}, in de printbatch van vandaag."
        )

    return _regeling_schrijven(request, pk, form_van, doe, "versturen_form")


@login_required
@require_POST
def voorstel_kiezen(request: HttpRequest, pk: int) -> HttpResponse:
    def form_van(regeling: Regeling) -> forms.VoorstelForm:
        return forms.VoorstelForm(request.POST, keuzes=_voorstelkeuzes(request, regeling))

    def doe(regeling: Regeling, data: dict) -> str:
        openen.kies_voorstel(
            regeling_id=regeling.pk,
            voorstel_id=data["voorstel"],
            door=request.user,
            datum=timezone.localdate(),
        )
        return "Het saneringsvoorstel is gekozen: het aanbod per schuldeiser staat klaar."

    return _regeling_schrijven(request, pk, form_van, doe, "voorstel_form")


# --- The letter as sent -----------------------------------------------------------------------


@login_required
def bericht_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    vereis_dossierrol(request)
    bericht = selectors.bericht_met_pdf(request.user, pk)
    vereis(request.user, "sr.inzien", bericht)
    inhoud = bytes(bericht.pdf)
    if hashlib.sha256(inhoud).hexdigest() != bericht.sha256:
        raise NietGevonden("De opgeslagen brief is beschadigd.")
    audit.document_gedownload(request=request, obj=bericht, soort=bericht.get_soort_display())
    naam = slugify(
        f"{bericht.get_soort_display()} {bericht.onderhandeling.schuld.schuldeiser.naam} "
        f"{bericht.datum.isoformat()}"
    )
    response = HttpResponse(inhoud, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{naam}.pdf"'
    response["Content-Length"] = str(len(inhoud))
    return response


urlpatterns: list[URLPattern] = [
    path("trajecten/<int:pk>/schuldregeling/", traject_schuldregeling, name="traject"),
    path("trajecten/<int:pk>/schuldregeling/openen/", regeling_openen, name="openen"),
    path("schuldregeling/<int:pk>/", regeling_overzicht, name="regeling"),
    path("schuldregeling/<int:pk>/versturen/", regeling_versturen, name="versturen"),
    path("schuldregeling/<int:pk>/voorstel/", voorstel_kiezen, name="voorstel_kiezen"),
    path("schuldregeling/berichten/<int:pk>/pdf/", bericht_pdf, name="bericht_pdf"),
    *invoer.urlpatterns,
]
