"""Screens for vroegsignalen: work list, case page with contact attempts, convert/close,
and reading in CSV lists with a preview. Thin: reads via selectors, writes via services."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from schuldhulp import audit
from schuldhulp.inzage import geen_inzage
from schuldhulp.permissions import can_do, filter_for_user, vereis
from schuldhulp.selectors import gemeenten_voor, lijkt_op_bsn
from trajecten.vroegsignalering import selectors, services
from trajecten.vroegsignalering.forms import ContactpogingForm, LijstForm, OmzetForm, SluitForm
from trajecten.vroegsignalering.models import (
    Achterstandsoort,
    ImportBatch,
    Partnersoort,
    Signaalzaak,
    Vroegsignaal,
)
from trajecten.vroegsignalering.werklijst import Plek
from trajecten.vroegsignalering.werklijst import bladzijde as werklijst_bladzijde

PER_PAGINA = 25


def _vereis_dossierrol(request: HttpRequest) -> None:
    vereis(request.user, "vroegsignalering.behandelen")


def _mag_behandelen(request: HttpRequest, zaak: Signaalzaak) -> bool:
    """Writing needs the gate for the case's gemeente (a shared klant dossier only gives
    reading), on a case that is still open."""
    return zaak.is_open and can_do(request.user, "vroegsignalering.behandelen", zaak)


def _geheel_getal(waarde: str | None) -> int | None:
    return int(waarde) if waarde and waarde.isdigit() else None


# --------------------------------------------------------------------------- work list


@login_required
def werklijst(request: HttpRequest) -> HttpResponse:
    """The work list. The filter form POSTs (also live with htmx), so a BSN typed into the
    search box never lands in a URL, the browser history or a proxy log (issue 17); the same
    filters as ?gemeente=…&status=… still work for links and paging."""
    _vereis_dossierrol(request)
    data = request.POST if request.method == "POST" else request.GET
    gemeenten = gemeenten_voor(request.user)
    gemeente_id = _geheel_getal(data.get("gemeente"))
    if gemeente_id and not gemeenten.filter(pk=gemeente_id).exists():
        gemeente_id = None
    status = data.get("status", "open")
    if status not in selectors.STATUSFILTERS:
        status = "open"
    sortering = data.get("sortering", selectors.STANDAARD_SORTERING)
    if sortering not in selectors.SORTERINGEN:
        sortering = selectors.STANDAARD_SORTERING
    zoek = data.get("q", "").strip()[:100]
    qs = selectors.werklijst(
        request.user, gemeente_id=gemeente_id, status=status, sortering=sortering, zoek=zoek
    ).prefetch_related(
        Prefetch(
            "signalen",
            queryset=filter_for_user(request.user, Vroegsignaal.objects.all()).only(
                "pk", "zaak_id", "partner_soort", "partner_naam", "ontvangen_op"
            ),
        )
    )
    tellingen = selectors.tellingen(request.user, gemeente_id=gemeente_id)
    if sortering == selectors.STANDAARD_SORTERING:
        # The default order by the clock: keyset on the stored key, no OFFSET (ADR 0024).
        pagina = werklijst_bladzijde(
            request.user, qs, gemeente_id, Plek.lees(request.GET.get("na")), PER_PAGINA
        )
        totaal = selectors.aantal_in_lijst(status, zoek, tellingen, qs)
    else:
        pagina = Paginator(qs, PER_PAGINA).get_page(request.GET.get("pagina"))
        totaal = pagina.paginator.count
    parameters = data.copy()
    for naam in ("pagina", "na", "csrfmiddlewaretoken"):
        parameters.pop(naam, None)
    if lijkt_op_bsn(zoek):
        parameters.pop("q", None)  # paging links carry no BSN
    context = {
        "pagina": pagina,
        "totaal": totaal,
        "tellingen": tellingen,
        "gemeenten": gemeenten,
        "gemeente_id": gemeente_id,
        "status": status,
        "statussen": selectors.STATUSFILTERS,
        "sortering": sortering,
        "sorteringen": selectors.SORTERINGEN,
        "zoek": zoek,
        "parameters": parameters.urlencode(),
    }
    template = (
        "vroegsignalering/_werklijst_tabel.html"
        if request.htmx and not request.htmx.boosted
        else "vroegsignalering/werklijst.html"
    )
    return render(request, template, context)


# --------------------------------------------------------------------------- one case


def _zaak_pagina(
    request: HttpRequest,
    zaak: Signaalzaak,
    *,
    contactform: ContactpogingForm | None = None,
    status: int = 200,
) -> HttpResponse:
    mag = _mag_behandelen(request, zaak)
    audit.dossier_ingezien(request=request, obj=zaak, omschrijving="Vroegsignaalzaak")
    signalen = list(selectors.signalen_van(request.user, zaak))
    return render(
        request,
        "vroegsignalering/zaak.html",
        {
            "zaak": zaak,
            "signalen": signalen,
            "partnersoorten": sorted({s.get_partner_soort_display() for s in signalen}),
            "pogingen": selectors.contactpogingen_van(request.user, zaak),
            "mag_behandelen": mag,
            "contactform": contactform or (ContactpogingForm() if mag else None),
        },
        status=status,
    )


@login_required
def zaak_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _vereis_dossierrol(request)
    return _zaak_pagina(request, selectors.zaak_voor(request.user, pk))


@login_required
@require_POST
def contactpoging(request: HttpRequest, pk: int) -> HttpResponse:
    _vereis_dossierrol(request)
    zaak = selectors.zaak_voor(request.user, pk)
    form = ContactpogingForm(request.POST)
    if form.is_valid():
        try:
            poging = services.registreer_contactpoging(
                zaak_id=zaak.pk, door=request.user, **form.cleaned_data
            )
        except services.Geweigerd as exc:
            form.add_error(None, str(exc))
        else:
            if poging.bereikt:
                messages.success(
                    request, "Contact vastgelegd. De termijn voor eerste contact is gestopt."
                )
            else:
                messages.success(request, "Contactpoging vastgelegd: niet bereikt.")
            return redirect(reverse("vroegsignaal_zaak", args=[zaak.pk]) + "#contact")
    return _zaak_pagina(request, zaak, contactform=form)


@login_required
def sluiten(request: HttpRequest, pk: int) -> HttpResponse:
    _vereis_dossierrol(request)
    zaak = selectors.zaak_voor(request.user, pk)
    if not _mag_behandelen(request, zaak):
        messages.error(request, "Deze zaak kunt u niet (meer) sluiten.")
        return redirect("vroegsignaal_zaak", pk=zaak.pk)
    form = SluitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sluit_zaak(zaak_id=zaak.pk, door=request.user, **form.cleaned_data)
        except services.Geweigerd as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "De zaak is gesloten.")
            return redirect("vroegsignaal_zaak", pk=zaak.pk)
    return render(
        request,
        "vroegsignalering/sluiten.html",
        {
            "zaak": zaak,
            "form": form,
            "bewaartermijn": f"{settings.VROEGSIGNALERING_BEWAARTERMIJN_DAGEN} dagen",
        },
    )


@login_required
def omzetten(request: HttpRequest, pk: int) -> HttpResponse:
    _vereis_dossierrol(request)
    zaak = selectors.zaak_voor(request.user, pk)
    if not _mag_behandelen(request, zaak):
        messages.error(request, "Deze zaak kunt u niet (meer) omzetten.")
        return redirect("vroegsignaal_zaak", pk=zaak.pk)
    if request.method == "GET":  # the form shows the person's data, BSN included
        audit.dossier_ingezien(request=request, obj=zaak, omschrijving="Vroegsignaal omzetten")
    begin = {
        veld: getattr(zaak, veld)
        for veld in (
            "bsn",
            "voornamen",
            "tussenvoegsel",
            "achternaam",
            "geboortedatum",
            "straat",
            "huisnummer",
            "postcode",
            "woonplaats",
            "telefoon",
            "email",
        )
    }
    form = OmzetForm(request.POST or None, initial=begin)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            uitkomst = services.zet_om_naar_aanmelding(
                zaak_id=zaak.pk,
                door=request.user,
                klantgegevens=form.klantgegevens(),
                datum=d["aanmelddatum"],
                reden_terugdatering=d["reden_terugdatering"],
                bedreigende_situatie=d["bedreigende_situatie"],
                toelichting=d["toelichting"],
            )
        except services.Geweigerd as exc:
            if isinstance(exc, services.BsnElders):
                audit.bsn_gevonden(request=request, klant=exc.klant)
            form.add_error(None, str(exc))
        else:
            klant = uitkomst.klant
            wat = "is aangemaakt en aangemeld" if uitkomst.klant_nieuw else "is aangemeld"
            messages.success(
                request,
                f"Klant {klant.volledige_naam} {wat} via vroegsignalering "
                f"(traject {uitkomst.traject.pk}).",
            )
            return redirect("vroegsignaal_zaak", pk=zaak.pk)
    ontbreekt = [
        form.fields[v].label.lower() for v, w in begin.items() if not w and form.fields[v].required
    ]
    return render(
        request,
        "vroegsignalering/omzetten.html",
        {"zaak": zaak, "form": form, "ontbreekt": ontbreekt},
    )


# --------------------------------------------------------------------------- CSV lists


@login_required
def lijsten(request: HttpRequest) -> HttpResponse:
    _vereis_dossierrol(request)
    gemeenten = gemeenten_voor(request.user)
    form = LijstForm(request.POST or None, request.FILES or None, gemeenten=gemeenten)
    if request.method == "POST" and form.is_valid():
        bestand = form.cleaned_data["bestand"]
        try:
            batch = services.upload_lijst(
                gemeente=form.cleaned_data["gemeente"],
                door=request.user,
                bestandsnaam=bestand.name,
                inhoud=bestand.read(),
            )
        except services.AlIngelezen as exc:
            messages.warning(request, str(exc))
            if selectors.lijsten_voor(request.user).filter(pk=exc.batch.pk).exists():
                return redirect("vroegsignaal_lijst", pk=exc.batch.pk)
        except services.Geweigerd as exc:
            form.add_error("bestand", str(exc))
        else:
            return redirect("vroegsignaal_lijst", pk=batch.pk)
    recent = selectors.lijsten_voor(request.user)[:20]
    return render(request, "vroegsignalering/lijsten.html", {"form": form, "lijsten": recent})


def _lijst_context(batch: ImportBatch) -> dict:
    fouten_per_rij: dict[int, list[dict]] = {}
    for fout in batch.fouten[:500]:
        fouten_per_rij.setdefault(fout.get("rij") or 0, []).append(fout)
    partners, soorten = dict(Partnersoort.choices), dict(Achterstandsoort.choices)
    voorbeeld = [
        rij
        | {
            "ontvangen_op": date.fromisoformat(rij["ontvangen_op"]),
            "partner_soort": partners.get(rij["partner_soort"], rij["partner_soort"]),
            "soort": soorten.get(rij["soort"], rij["soort"]),
        }
        for rij in batch.voorbeeld
    ]
    return {
        "batch": batch,
        "voorbeeld": voorbeeld,
        "fouten_per_rij": sorted(fouten_per_rij.items()),
        "meer_fouten": max(0, batch.aantal_fout - len(fouten_per_rij)),
    }


@login_required
def lijst_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _vereis_dossierrol(request)
    batch = selectors.lijst_voor(request.user, pk)
    return render(request, "vroegsignalering/lijst.html", _lijst_context(batch))


@login_required
@geen_inzage  # counts and a progress bar, polled every second: no personal data
def lijst_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Polled by htmx while the list is checked or stored; reloads the page when done."""
    _vereis_dossierrol(request)
    batch = selectors.lijst_voor(request.user, pk)
    antwoord = render(request, "vroegsignalering/_lijst_voortgang.html", {"batch": batch})
    if not batch.is_bezig and request.htmx:
        antwoord["HX-Refresh"] = "true"
    return antwoord


@login_required
@require_POST
def lijst_bevestigen(request: HttpRequest, pk: int) -> HttpResponse:
    _vereis_dossierrol(request)
    batch = selectors.lijst_voor(request.user, pk)
    try:
        batch = services.bevestig_batch(batch_id=batch.pk, door=request.user)
    except services.Geweigerd as exc:
        messages.error(request, str(exc))
    else:
        if batch.status == ImportBatch.Status.VERWERKT:
            messages.success(
                request,
                f"{batch.aantal_opgeslagen} signa{'al' if batch.aantal_opgeslagen == 1 else 'len'} "
                "opgeslagen.",
            )
        elif batch.status == ImportBatch.Status.MISLUKT:
            messages.error(request, batch.bestandsfout)
    return redirect("vroegsignaal_lijst", pk=batch.pk)


@login_required
@require_POST
def lijst_annuleren(request: HttpRequest, pk: int) -> HttpResponse:
    _vereis_dossierrol(request)
    batch = selectors.lijst_voor(request.user, pk)
    try:
        services.annuleer_batch(batch_id=batch.pk, door=request.user)
    except services.Geweigerd as exc:
        messages.error(request, str(exc))
        return redirect("vroegsignaal_lijst", pk=batch.pk)
    messages.success(request, "De lijst is geannuleerd. Er is niets opgeslagen.")
    return redirect("vroegsignaal_lijsten")
