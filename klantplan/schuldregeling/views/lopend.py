"""Screens of the running regeling: start, payments (by hand, the button "Uitbetalingen
boeken"), the schedule, the tussentijdse toets, the finale kwijting, a premature end, and
the import of the Stadsbank's bank statement (upload → preview → confirm).

The regeling comes through ``selectors.regeling`` (``filter_for_user``: another gemeente's
regeling is a 404); a role that never does a step gets 403; every write goes through its
service, which asks the gate again. A refusal re-renders the form with the Dutch reason and
the input kept; nothing is saved. The regeling page (views/overzicht.py) shows the panel
``schuldregeling/_lopend.html`` (templatetags/schuldregeling_lopend.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from klantplan.schuldregeling import bankimport, schema, selectors
from klantplan.schuldregeling import forms_lopend as f
from klantplan.schuldregeling.models import Regeling
from klantplan.schuldregeling.services import bankafschrift, betalingen, lopend
from klantplan.schuldregeling.views.basis import (
    open_traject,
    vereis_dossierrol,
    versie_uit,
    voer_uit,
)
from schuldhulp import audit, opmaak
from schuldhulp.permissions import mag, vereis
from trajecten.models import Traject
from trajecten.services import Geweigerd

SESSIE = "schuldregeling_bankafschrift"
ONVOLLEDIG = "Het formulier is niet compleet verstuurd. Laad de pagina opnieuw."


def _laad(request: HttpRequest, pk: int) -> tuple[Regeling, Traject]:
    vereis_dossierrol(request)
    regeling = selectors.regeling(request.user, pk)
    traject = open_traject(request, regeling.traject_id)
    regeling.traject = regeling.product.traject = traject
    return regeling, traject


def _context(traject: Traject, regeling: Regeling, **extra: Any) -> dict[str, Any]:
    return {
        "traject": traject,
        "klant": traject.klant,
        "tab": "schuldregeling",
        "regeling": regeling,
        "terug": reverse("schuldregeling:regeling", args=[regeling.pk]),
        **extra,
    }


def _versie(request: HttpRequest) -> int:
    versie = versie_uit(request)
    if versie is None:
        raise Geweigerd(ONVOLLEDIG)
    return versie


def _formulierpagina(
    request: HttpRequest,
    pk: int,
    *,
    handeling: str,
    titel: str,
    knop: str,
    maak_form: Callable[[Any, Regeling], Any],
    doe: Callable[[Regeling, dict, int], str],
    inleiding: str = "",
    extra: Callable[[Regeling], dict[str, Any]] = lambda _r: {},
) -> HttpResponse:
    """A page with one form for one catalogue row: the gate's reason instead of the form
    when the row cannot be done now; the service's refusal on the form."""
    regeling, traject = _laad(request, pk)
    vereis(request.user, handeling)  # a role that never does this: 403
    form = maak_form(request.POST if request.method == "POST" else None, regeling)
    if request.method == "POST":
        melding = voer_uit(form, lambda d: doe(regeling, d, _versie(request)))
        if melding is not None:
            messages.success(request, melding)
            return redirect("schuldregeling:regeling", pk=regeling.pk)
    context = _context(
        traject,
        regeling,
        form=form,
        titel=titel,
        knop=knop,
        inleiding=inleiding,
        reden=mag(request.user, handeling, regeling),
        **extra(regeling),
    )
    return render(request, "schuldregeling/lopend_formulier.html", context)


# --- Start --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def starten(request: HttpRequest, pk: int) -> HttpResponse:
    def maak(data, regeling: Regeling) -> f.StartForm:
        return f.StartForm(
            data,
            krediet=betalingen.is_krediet(regeling),
            initial={"startdatum": timezone.localdate(), "iban_klant": regeling.iban_klant},
        )

    def doe(regeling: Regeling, d: dict, versie: int) -> str:
        r = lopend.start_regeling(
            regeling_id=regeling.pk,
            door=request.user,
            datum=timezone.localdate(),
            startdatum=d["startdatum"],
            iban_klant=d["iban_klant"],
            looptijd_maanden=d.get("looptijd_maanden"),
            sociaal_krediet=bool(d.get("sociaal_krediet")),
            versie=versie,
        )
        return (
            f"De regeling loopt vanaf {opmaak.datum_lang(r.startdatum)}, "
            f"{r.looptijd_maanden} maanden. Elke schuldeiser krijgt een brief."
        )

    return _formulierpagina(
        request,
        pk,
        handeling="sr.regeling_starten",
        titel="Regeling starten",
        knop="Regeling starten",
        maak_form=maak,
        doe=doe,
        extra=lambda r: {"uitleg": _start_uitleg(r)},
    )


def _start_uitleg(regeling: Regeling) -> str:
    v = regeling.voorstel
    if v is None:
        return ""
    if betalingen.is_krediet(regeling):
        return (
            f"Saneringskrediet van {opmaak.bedrag(v.krediet_cent, centen=True)}: bij de start "
            "krijgt elke schuldeiser zijn aandeel in één keer; de klant lost het krediet in "
            "maandtermijnen af."
        )
    return (
        f"De klant reserveert {v.looptijd_maanden} maanden lang "
        f"{opmaak.bedrag(v.aflosruimte_per_maand_cent, centen=True)} per maand (de "
        "aflosruimte van het gekozen voorstel, waarmee de schuldeisers instemden). Een ander "
        "bedrag vraagt een nieuw voorstel."
    )


# --- Payments -----------------------------------------------------------------------------------

ACTIES = ("ontvangst", "uitbetaling", "boeken")


def _betaalformulieren(regeling: Regeling, stand, data=None, actie: str = "") -> dict[str, Any]:
    keuzes = [(r.onderhandeling.pk, r.onderhandeling.schuld.schuldeiser.naam) for r in stand.rijen]

    def gebonden(naam: str):
        return data if actie == naam else None

    return {
        "ontvangst": f.OntvangstForm(gebonden("ontvangst"), prefix="ontvangst"),
        "uitbetaling": f.UitbetalingForm(
            gebonden("uitbetaling"), prefix="uitbetaling", keuzes=keuzes
        ),
        "boeken": f.BoekenForm(gebonden("boeken"), prefix="boeken"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def betalingen_pagina(request: HttpRequest, pk: int) -> HttpResponse:
    regeling, traject = _laad(request, pk)
    actie = request.POST.get("actie", "") if request.method == "POST" else ""
    if request.method == "POST":
        vereis(request.user, "sr.betaling_vastleggen")
    formulieren = _betaalformulieren(regeling, betalingen.stand(regeling), request.POST, actie)
    if request.method == "POST":
        if actie not in ACTIES:
            messages.error(request, "Kies wat u wilt vastleggen.")
        else:
            form = formulieren[actie]
            melding = voer_uit(form, lambda d: _betaal(request, regeling, actie, d))
            if melding is not None:
                messages.success(request, melding)
                return redirect("schuldregeling:lopend_betalingen", pk=regeling.pk)
    else:
        audit.dossier_ingezien(request=request, obj=regeling, omschrijving="Betalingen regeling")
    stand = betalingen.stand(regeling)
    context = _context(
        traject,
        regeling,
        stand=stand,
        formulieren=formulieren,
        reden=mag(request.user, "sr.betaling_vastleggen", regeling),
        betalingen=regeling.betalingen.select_related("onderhandeling__schuld__schuldeiser")
        .defer("omschrijving")
        .order_by("-datum", "-pk"),
        kenmerk=betalingen.betalingskenmerk(regeling),
    )
    return render(request, "schuldregeling/lopend_betalingen.html", context)


def _betaal(request: HttpRequest, regeling: Regeling, actie: str, d: dict) -> str:
    versie = _versie(request)
    if actie == "ontvangst":
        b = betalingen.leg_ontvangst_vast(
            regeling_id=regeling.pk,
            door=request.user,
            datum=d["datum"],
            bedrag_cent=d["bedrag"],
            omschrijving=d["omschrijving"],
            versie=versie,
        )
        return f"Ontvangst van {opmaak.bedrag(b.bedrag_cent, centen=True)} vastgelegd."
    if actie == "uitbetaling":
        b = betalingen.leg_uitbetaling_vast(
            regeling_id=regeling.pk,
            onderhandeling_id=d["schuldeiser"],
            door=request.user,
            datum=d["datum"],
            bedrag_cent=d["bedrag"],
            omschrijving=d["omschrijving"],
            versie=versie,
        )
        return f"Uitbetaling van {opmaak.bedrag(b.bedrag_cent, centen=True)} vastgelegd."
    geboekt = betalingen.boek_uitbetalingen(
        regeling_id=regeling.pk, door=request.user, datum=d["datum"], versie=versie
    )
    totaal = sum(b.bedrag_cent for b in geboekt)
    return (
        f"{len(geboekt)} uitbetalingen geboekt, samen {opmaak.bedrag(totaal, centen=True)}. "
        "Maak ze over met het betalingskenmerk in de omschrijving."
    )


@login_required
def betaalschema(request: HttpRequest, pk: int) -> HttpResponse:
    regeling, traject = _laad(request, pk)
    audit.dossier_ingezien(request=request, obj=regeling, omschrijving="Betaalschema regeling")
    stand = betalingen.stand(regeling)
    sleutels = [betalingen.sleutel(r.onderhandeling.pk) for r in stand.rijen]
    maanden = [
        {"nummer": n, "datum": d, "bedragen": [m[s] for s in sleutels], "totaal": sum(m.values())}
        for n, (d, m) in enumerate(zip(stand.maanddata, stand.schema, strict=True), 1)
    ]
    klant = betalingen.klantschema(regeling)
    lening = []
    if regeling.startdatum and klant:
        data = schema.maanddata(regeling.startdatum, len(klant))
        lening = list(zip(range(1, len(klant) + 1), data, klant, strict=True))
    return render(
        request,
        "schuldregeling/lopend_schema.html",
        _context(traject, regeling, stand=stand, maanden=maanden, lening=lening),
    )


# --- Toets, kwijting, end -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def toets(request: HttpRequest, pk: int) -> HttpResponse:
    def maak(data, regeling: Regeling) -> f.ToetsForm:
        keuzes = [
            (v.pk, f"{v.get_soort_display()} van {opmaak.datum(timezone.localdate(v.gemaakt_op))}")
            for v in regeling.traject.voorstellen.exclude(pk=regeling.voorstel_id)
        ]
        return f.ToetsForm(data, voorstellen=keuzes)

    def doe(regeling: Regeling, d: dict, versie: int) -> str:
        lopend.leg_toets_vast(
            regeling_id=regeling.pk,
            door=request.user,
            datum=d["datum"],
            inkomen_gewijzigd=d["inkomen_gewijzigd"] == "ja",
            toelichting=d["toelichting"],
            nieuw_voorstel_id=d["nieuw_voorstel"],
            versie=versie,
        )
        return "De tussentijdse toets is vastgelegd."

    return _formulierpagina(
        request,
        pk,
        handeling="sr.tussentijdse_toets",
        titel="Tussentijdse toets",
        knop="Toets vastleggen",
        maak_form=maak,
        doe=doe,
        inleiding="Elk half jaar: is het inkomen of de situatie van de klant veranderd? Zo ja, "
        "maak dan een nieuw saneringsvoorstel en leg de schuldeisers dat voor.",
        extra=lambda r: {"momenten": lopend.toetsmomenten(r), "vandaag": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def kwijting(request: HttpRequest, pk: int) -> HttpResponse:
    def doe(regeling: Regeling, d: dict, versie: int) -> str:
        lopend.leg_finale_kwijting_vast(
            regeling_id=regeling.pk,
            door=request.user,
            datum=d["datum"],
            reden=d["reden"],
            versie=versie,
        )
        return (
            "De finale kwijting is vastgelegd: de schuldeisers krijgen een brief en het "
            "product is beëindigd met resultaat 'schuldenvrij'."
        )

    return _formulierpagina(
        request,
        pk,
        handeling="sr.finale_kwijting",
        titel="Finale kwijting",
        knop="Finale kwijting vastleggen",
        maak_form=lambda data, _r: f.KwijtingForm(data),
        doe=doe,
        inleiding="Na de looptijd, als alles is uitbetaald: de schuldeisers schelden de rest "
        "kwijt en de klant is schuldenvrij.",
        extra=lambda r: {"bezwaar": lopend.reden_geen_kwijting(r, timezone.localdate())},
    )


@login_required
@require_http_methods(["GET", "POST"])
def beeindigen(request: HttpRequest, pk: int) -> HttpResponse:
    def doe(regeling: Regeling, d: dict, versie: int) -> str:
        lopend.beeindig_regeling(
            regeling_id=regeling.pk,
            door=request.user,
            datum=d["datum"],
            reden=d["reden"],
            versie=versie,
        )
        return "De regeling is beëindigd. De schuldeisers krijgen een brief."

    return _formulierpagina(
        request,
        pk,
        handeling="sr.regeling_beeindigen",
        titel="Regeling beëindigen",
        knop="Regeling beëindigen",
        maak_form=lambda data, _r: f.BeeindigenForm(data),
        doe=doe,
        inleiding="De regeling stopt voortijdig; de schuldeisers krijgen daarover een brief. Het "
        "product loopt door: beëindig het daarna op de trajectpagina met de uitkomst, of start "
        "daar wat volgt (bijvoorbeeld het product Wsnp).",
    )


# --- Bank statement -------------------------------------------------------------------------------


def _bewaar(request: HttpRequest, naam: str, inhoud: bytes, rijen) -> None:
    rijen = [asdict(t) | {"datum": t.datum.isoformat() if t.datum else None} for t in rijen]
    request.session[SESSIE] = {
        "sha": hashlib.sha256(inhoud).hexdigest(),
        "naam": naam[:200],
        "transacties": rijen,
    }


def _geladen(request: HttpRequest) -> tuple[dict, list[bankimport.Transactie]] | None:
    data = request.session.get(SESSIE)
    if not data:
        return None
    rijen = [
        bankimport.Transactie(**(t | {"datum": t["datum"] and date.fromisoformat(t["datum"])}))
        for t in data["transacties"]
    ]
    return data, rijen


@login_required
@require_http_methods(["GET", "POST"])
def bankafschrift_inlezen(request: HttpRequest) -> HttpResponse:
    vereis(request.user, bankafschrift.HANDELING)
    post = request.method == "POST"
    form = f.BankafschriftForm(request.POST if post else None, request.FILES if post else None)
    if request.method == "POST" and form.is_valid():
        bestand = form.cleaned_data["bestand"]
        try:
            if bestand.size > bankimport.MAX_BYTES:
                raise bankimport.OngeldigBestand("Het bestand is te groot: hoogstens 2 MB.")
            inhoud = bestand.read()
            rijen = bankimport.lees(inhoud)
        except bankimport.OngeldigBestand as exc:
            form.add_error("bestand", str(exc))
        else:
            _bewaar(request, bestand.name, inhoud, rijen)
            return redirect("schuldregeling:bankafschrift_voorbeeld")
    status = 400 if form.errors else 200
    return render(
        request, "schuldregeling/lopend_bankafschrift.html", {"form": form}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def bankafschrift_voorbeeld(request: HttpRequest) -> HttpResponse:
    vereis(request.user, bankafschrift.HANDELING)
    geladen = _geladen(request)
    if geladen is None:
        messages.info(request, "Kies eerst een bankafschrift om in te lezen.")
        return redirect("schuldregeling:bankafschrift")
    data, rijen = geladen
    if request.method == "POST":
        try:
            if request.POST.get("bestand") != data["sha"]:
                raise Geweigerd("Dit voorbeeld hoort bij een ander bestand. Bekijk het opnieuw.")
            geboekt = bankafschrift.importeer(
                rijen, request.user, request.POST.get("vingerafdruk", "")
            )
        except Geweigerd as exc:
            messages.error(request, f"Niets geboekt. {exc}")
        else:
            del request.session[SESSIE]
            messages.success(
                request,
                f"{len(geboekt.boekbaar)} transacties geboekt: "
                f"{opmaak.bedrag(geboekt.ontvangen_cent, centen=True)} ontvangen, "
                f"{opmaak.bedrag(geboekt.uitbetaald_cent, centen=True)} uitbetaald.",
            )
            return redirect("schuldregeling:bankafschrift")
    voorbeeld = bankafschrift.analyseer(rijen, request.user)
    return render(
        request,
        "schuldregeling/lopend_bankafschrift_voorbeeld.html",
        {"voorbeeld": voorbeeld, "bestand": data},
    )


urlpatterns: list[URLPattern] = [
    path("schuldregeling/<int:pk>/starten/", starten, name="lopend_starten"),
    path("schuldregeling/<int:pk>/betalingen/", betalingen_pagina, name="lopend_betalingen"),
    path("schuldregeling/<int:pk>/betaalschema/", betaalschema, name="lopend_schema"),
    path("schuldregeling/<int:pk>/toets/", toets, name="lopend_toets"),
    path("schuldregeling/<int:pk>/kwijting/", kwijting, name="lopend_kwijting"),
    path("schuldregeling/<int:pk>/beeindigen/", beeindigen, name="lopend_beeindigen"),
    path("schuldregeling/bankafschrift/", bankafschrift_inlezen, name="bankafschrift"),
    path(
        "schuldregeling/bankafschrift/voorbeeld/",
        bankafschrift_voorbeeld,
        name="bankafschrift_voorbeeld",
    ),
]
