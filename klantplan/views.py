"""Thin views: read through selectors, write through services, render server-side.

Every page hangs under ``trajecten/<traject_pk>/``; :func:`selectors.traject_voor` gives 403
to roles without dossiers and 404 for a traject of another gemeente.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from klantplan import forms, selectors, services
from klantplan.csvimport import VOORBEELD
from klantplan.models import Documentsoort, Doelstatus, Planstatus, Voorstel, titel_voor
from klantplan.sanering import Voorstel as Berekening
from klantplan.versies import vergelijk
from schuldhulp import audit
from schuldhulp.permissions import filter_for_user, mag_dossiers_zien
from trajecten.models import Traject

# --- Helpers --------------------------------------------------------------------------------


def _traject(request: HttpRequest, traject_pk: int, *, schrijven: bool = False) -> Traject:
    traject = selectors.traject_voor(request.user, traject_pk)
    if schrijven and not selectors.mag_schrijven(request.user, traject):
        raise PermissionDenied("U werkt niet voor de gemeente van dit traject.")
    return traject


def _context(request: HttpRequest, traject: Traject, tab: str, **extra: Any) -> dict[str, Any]:
    return {
        "traject": traject,
        "klant": traject.klant,
        "tab": tab,
        "kan_schrijven": selectors.mag_schrijven(request.user, traject),
        "plan_titel": titel_voor(traject),
        **extra,
    }


def _veilig(request: HttpRequest, terug: str | None, standaard: str) -> str:
    """Only a path on this site (no open redirect)."""
    if terug and url_has_allowed_host_and_scheme(terug, allowed_hosts={request.get_host()}):
        return terug
    return standaard


def _uitvoeren(form, actie: Callable[[dict], Any]) -> Any | None:
    """Run the service when the form is valid; put a refusal on the form. None = not done."""
    if not form.is_bound or not form.is_valid():
        return None
    try:
        return actie(form.cleaned_data)
    except services.Ongeldig as exc:
        form.add_error(exc.veld if exc.veld in form.fields else None, str(exc))
    except services.Geweigerd as exc:
        form.add_error(None, str(exc))
    return None


def _formulierpagina(
    request: HttpRequest,
    traject: Traject,
    *,
    form,
    titel: str,
    knop: str,
    terug: str,
    tab: str,
    inleiding: str = "",
) -> HttpResponse:
    return render(
        request,
        "klantplan/formulier.html",
        _context(
            request,
            traject,
            tab,
            form=form,
            titel=titel,
            knop=knop,
            terug=terug,
            inleiding=inleiding,
        ),
    )


def _geweigerd(request: HttpRequest, exc: services.Geweigerd) -> None:
    messages.error(request, str(exc))


# --- Klantplan ------------------------------------------------------------------------------


@login_required
def klantplan(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk)
    laatste = selectors.laatste_klantplan(request.user, traject)
    if laatste is None:
        return render(
            request, "klantplan/klantplan_leeg.html", _context(request, traject, "klantplan")
        )
    return klantplan_versie(request, traject_pk, laatste.versie)


@login_required
@require_POST
def klantplan_maak(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk, schrijven=True)
    try:
        plan = services.maak_klantplan(traject=traject, door=request.user)
    except services.Geweigerd as exc:
        _geweigerd(request, exc)
        return redirect("klantplan:klantplan", traject_pk=traject.pk)
    messages.success(request, "Het klantplan is gemaakt. Vul het nu samen met de klant in.")
    return redirect("klantplan:klantplan_wijzig", traject_pk=traject.pk, versie=plan.versie)


@login_required
def klantplan_versie(request: HttpRequest, traject_pk: int, versie: int) -> HttpResponse:
    traject = _traject(request, traject_pk)
    plan = selectors.klantplan_versie(request.user, traject, versie)
    versies = list(selectors.klantplannen(request.user, traject))
    laatste = versies[-1]
    audit.dossier_ingezien(request=request, obj=plan, omschrijving=f"Klantplan v{plan.versie}")
    acties = list(plan.acties.all())
    return render(
        request,
        "klantplan/klantplan.html",
        _context(
            request,
            traject,
            "klantplan",
            plan=plan,
            versies=versies,
            is_laatste=plan.pk == laatste.pk,
            kan_wijzigen=plan.status == Planstatus.CONCEPT,
            doelen=plan.doelen.all(),
            acties=acties,
            doelstatussen=Doelstatus.choices,
            monitoring=selectors.monitoringmomenten(request.user, traject)[:10],
            vandaag=timezone.localdate(),
        ),
    )


def _concept(request: HttpRequest, traject: Traject, versie: int):
    plan = selectors.klantplan_versie(request.user, traject, versie)
    if plan.is_vastgesteld:
        messages.error(
            request,
            f"Versie {plan.versie} is vastgesteld en kan niet meer worden gewijzigd. "
            "Maak een nieuwe versie om iets te veranderen.",
        )
        return None
    return plan


@login_required
def klantplan_wijzig(request: HttpRequest, traject_pk: int, versie: int) -> HttpResponse:
    traject = _traject(request, traject_pk, schrijven=True)
    plan = _concept(request, traject, versie)
    terug = reverse("klantplan:klantplan_versie", args=[traject.pk, versie])
    if plan is None:
        return redirect(terug)
    form = forms.KlantplanForm(request.POST or None, plan=plan)
    if _uitvoeren(
        form,
        lambda d: services.wijzig_klantplan(
            klantplan_id=plan.pk,
            door=request.user,
            hulpvraag=d["hulpvraag"],
            oorzaak=d["oorzaak"],
            productkeuze=d["productkeuze"],
            leefgebieden=form.leefgebieden(),
            oplossend_vermogen=d.get("oplossend_vermogen", ""),
            oplossend_vermogen_toelichting=d.get("oplossend_vermogen_toelichting", ""),
        ),
    ):
        messages.success(request, "Het klantplan is opgeslagen.")
        return redirect(terug)
    return _formulierpagina(
        request,
        traject,
        form=form,
        titel=f"{plan.titel} wijzigen (versie {plan.versie})",
        knop="Klantplan opslaan",
        terug=terug,
        tab="klantplan",
        inleiding=(
            "Pakket Basis: een kort klantplan, gericht op het financiële product."
            if plan.summier
            else ""
        ),
    )


@login_required
def klantplan_vaststellen(request: HttpRequest, traject_pk: int, versie: int) -> HttpResponse:
    traject = _traject(request, traject_pk, schrijven=True)
    plan = _concept(request, traject, versie)
    terug = reverse("klantplan:klantplan_versie", args=[traject.pk, versie])
    if plan is None:
        return redirect(terug)
    form = forms.VaststellenForm(request.POST or None, initial={"datum": timezone.localdate()})
    if _uitvoeren(
        form,
        lambda d: services.stel_vast(
            klantplan_id=plan.pk,
            door=request.user,
            datum=d["datum"],
            besproken_met_klant=d["besproken_met_klant"],
        ),
    ):
        messages.success(
            request,
            f"Versie {plan.versie} van het klantplan is vastgesteld. Maak nu de PDF voor de klant.",
        )
        return redirect(terug)
    return _formulierpagina(
        request,
        traject,
        form=form,
        titel=f"Klantplan versie {plan.versie} vaststellen",
        knop="Klantplan vaststellen",
        terug=terug,
        tab="klantplan",
        inleiding=(
            "Na het vaststellen kunt u deze versie niet meer wijzigen. Wilt u later iets "
            "veranderen, dan maakt u een nieuwe versie. De oude versie blijft bewaard."
        ),
    )


@login_required
@require_POST
def klantplan_nieuwe_versie(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk, schrijven=True)
    try:
        plan = services.nieuwe_versie(traject=traject, door=request.user)
    except services.Geweigerd as exc:
        _geweigerd(request, exc)
        return redirect("klantplan:klantplan", traject_pk=traject.pk)
    messages.success(
        request, f"Versie {plan.versie} is gemaakt als kopie. U kunt deze versie nu wijzigen."
    )
    return redirect("klantplan:klantplan_versie", traject_pk=traject.pk, versie=plan.versie)


@login_required
def klantplan_vergelijk(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk)
    versies = list(selectors.klantplannen(request.user, traject))
    if len(versies) < 2:
        messages.info(request, "Er is nog maar één versie. Er is niets te vergelijken.")
        return redirect("klantplan:klantplan", traject_pk=traject.pk)
    nummers = [v.versie for v in versies]

    def kies(naam: str, standaard: int) -> int:
        try:
            waarde = int(request.GET.get(naam, standaard))
        except ValueError:
            return standaard
        return waarde if waarde in nummers else standaard

    van, naar = kies("van", nummers[-2]), kies("naar", nummers[-1])
    verschil = vergelijk(
        selectors.klantplan_versie(request.user, traject, van),
        selectors.klantplan_versie(request.user, traject, naar),
    )
    return render(
        request,
        "klantplan/vergelijk.html",
        _context(request, traject, "klantplan", verschil=verschil, versies=versies),
    )


# --- Doelen en acties -----------------------------------------------------------------------


@login_required
def doel_nieuw(request: HttpRequest, traject_pk: int, versie: int) -> HttpResponse:
    return _doelformulier(request, traject_pk, versie, pk=None)


@login_required
def doel_wijzig(request: HttpRequest, traject_pk: int, versie: int, pk: int) -> HttpResponse:
    return _doelformulier(request, traject_pk, versie, pk=pk)


def _doelformulier(
    request: HttpRequest, traject_pk: int, versie: int, *, pk: int | None
) -> HttpResponse:
    """Add (pk=None) or change a doel of the concept version; one form, two services."""
    traject = _traject(request, traject_pk, schrijven=True)
    plan = _concept(request, traject, versie)
    terug = reverse("klantplan:klantplan_versie", args=[traject.pk, versie])
    if plan is None:
        return redirect(terug)
    doel = get_object_or_404(plan.doelen, pk=pk) if pk is not None else None
    initial = (
        {"omschrijving": doel.omschrijving, "streefdatum": doel.streefdatum, "status": doel.status}
        if doel
        else {"status": Doelstatus.OPEN}
    )
    form = forms.DoelForm(request.POST or None, initial=initial)

    def opslaan(d: dict) -> object:
        velden = {k: d[k] for k in ("omschrijving", "streefdatum", "status")}
        if doel is None:
            return services.voeg_doel_toe(klantplan_id=plan.pk, door=request.user, **velden)
        return services.wijzig_doel(doel_id=doel.pk, door=request.user, **velden)

    if _uitvoeren(form, opslaan):
        messages.success(
            request, "Het doel is toegevoegd." if doel is None else "Het doel is gewijzigd."
        )
        return redirect(f"{terug}#doelen")
    return _formulierpagina(
        request,
        traject,
        form=form,
        titel="Doel toevoegen" if doel is None else "Doel wijzigen",
        knop="Doel toevoegen" if doel is None else "Doel opslaan",
        terug=terug,
        tab="klantplan",
    )


@login_required
@require_POST
def doel_verwijder(request: HttpRequest, traject_pk: int, versie: int, pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk, schrijven=True)
    plan = selectors.klantplan_versie(request.user, traject, versie)
    doel = get_object_or_404(plan.doelen, pk=pk)
    try:
        services.verwijder_doel(doel_id=doel.pk, door=request.user)
        messages.success(request, "Het doel is verwijderd.")
    except services.Geweigerd as exc:
        _geweigerd(request, exc)
    return redirect("klantplan:klantplan_versie", traject_pk=traject.pk, versie=versie)


@login_required
@require_POST
def doel_status(request: HttpRequest, traject_pk: int, versie: int, pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk, schrijven=True)
    plan = selectors.klantplan_versie(request.user, traject, versie)
    doel = get_object_or_404(plan.doelen, pk=pk)
    try:
        services.zet_doelstatus(
            doel_id=doel.pk, door=request.user, status=request.POST.get("status", "")
        )
        messages.success(request, "De status van het doel is bijgewerkt.")
    except services.Geweigerd as exc:
        _geweigerd(request, exc)
    return redirect(reverse("klantplan:klantplan_versie", args=[traject.pk, versie]) + "#doelen")


@login_required
def actie_nieuw(request: HttpRequest, traject_pk: int, versie: int) -> HttpResponse:
    traject = _traject(request, traject_pk, schrijven=True)
    plan = _concept(request, traject, versie)
    terug = reverse("klantplan:klantplan_versie", args=[traject.pk, versie])
    if plan is None:
        return redirect(terug)
    form = forms.ActieForm(request.POST or None, traject=traject)
    actie = _uitvoeren(
        form,
        lambda d: services.voeg_actie_toe(
            klantplan_id=plan.pk,
            door=request.user,
            soort=d["soort"],
            wat=d["wat"],
            wie=d["wie"],
            deadline=d["deadline"],
        ),
    )
    if actie:
        messages.success(request, f"De actie is toegevoegd. Wie: {actie.get_wie_display()}.")
        return redirect(f"{terug}#acties")
    return _formulierpagina(
        request,
        traject,
        form=form,
        titel="Actie of afspraak toevoegen",
        knop="Actie toevoegen",
        terug=terug,
        tab="klantplan",
        inleiding=(
            f"Pakket {traject.afspraak.get_pakket_display()}: achter elke soort actie staat wie "
            "die volgens het pakket doet. Zo wordt de actie ingevuld, tenzij u zelf iemand kiest."
        ),
    )


def _actie_terug(actie, traject: Traject) -> str:
    if actie.gesprek_id:
        return reverse("klantplan:gesprek", args=[traject.pk, actie.gesprek_id])
    versie = actie.klantplan.versie
    return reverse("klantplan:klantplan_versie", args=[traject.pk, versie]) + "#acties"


@login_required
def actie_wijzig(request: HttpRequest, traject_pk: int, pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk, schrijven=True)
    actie = get_object_or_404(
        filter_for_user(request.user, traject.klantacties.select_related("klantplan")),
        pk=pk,
    )
    terug = _actie_terug(actie, traject)
    if actie.klantplan and actie.klantplan.is_vastgesteld:
        messages.error(
            request, "Deze actie hoort bij een vastgesteld klantplan. Maak een nieuwe versie."
        )
        return redirect(terug)
    form = forms.ActieForm(
        request.POST or None,
        traject=traject,
        initial={
            "soort": actie.soort,
            "wat": actie.wat,
            "wie": actie.wie,
            "deadline": actie.deadline,
        },
    )
    if _uitvoeren(
        form,
        lambda d: services.wijzig_actie(
            actie_id=actie.pk,
            door=request.user,
            soort=d["soort"],
            wat=d["wat"],
            wie=d["wie"],
            deadline=d["deadline"],
        ),
    ):
        messages.success(request, "De actie is gewijzigd.")
        return redirect(terug)
    return _formulierpagina(
        request,
        traject,
        form=form,
        titel="Actie wijzigen",
        knop="Actie opslaan",
        terug=terug,
        tab="gesprekken" if actie.gesprek_id else "klantplan",
    )


@login_required
@require_POST
def actie_verwijder(request: HttpRequest, traject_pk: int, pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk, schrijven=True)
    actie = get_object_or_404(
        filter_for_user(request.user, traject.klantacties.select_related("klantplan")),
        pk=pk,
    )
    terug = _actie_terug(actie, traject)
    try:
        services.verwijder_actie(actie_id=actie.pk, door=request.user)
        messages.success(request, "De actie is verwijderd.")
    except services.Geweigerd as exc:
        _geweigerd(request, exc)
    return redirect(terug)


@login_required
@require_POST
def actie_gedaan(request: HttpRequest, traject_pk: int, pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk, schrijven=True)
    actie = get_object_or_404(
        filter_for_user(request.user, traject.klantacties.select_related("klantplan")),
        pk=pk,
    )
    gedaan = request.POST.get("gedaan") == "1"
    try:
        services.markeer_actie(
            actie_id=actie.pk,
            door=request.user,
            gedaan_op=timezone.localdate() if gedaan else None,
        )
        messages.success(
            request, "De actie staat op gedaan." if gedaan else "De actie staat weer open."
        )
    except services.Geweigerd as exc:
        _geweigerd(request, exc)
    return redirect(_veilig(request, request.POST.get("terug"), _actie_terug(actie, traject)))


@login_required
def monitoring_nieuw(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk, schrijven=True)
    terug = reverse("klantplan:klantplan", args=[traject.pk]) + "#monitoring"
    form = forms.MonitoringForm(request.POST or None, initial={"datum": timezone.localdate()})
    if _uitvoeren(
        form,
        lambda d: services.registreer_monitoring(traject=traject, door=request.user, **d),
    ):
        messages.success(request, "Het monitoringmoment is vastgelegd.")
        return redirect(terug)
    return _formulierpagina(
        request,
        traject,
        form=form,
        titel="Monitoringmoment vastleggen",
        knop="Monitoring vastleggen",
        terug=terug,
        tab="klantplan",
    )


# --- Schulden -------------------------------------------------------------------------------


def _schulden_context(request: HttpRequest, traject: Traject) -> dict[str, Any]:
    return _context(
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
    traject = _traject(request, traject_pk)
    audit.dossier_ingezien(request=request, obj=traject, omschrijving="Schuldenoverzicht")
    return render(request, "klantplan/schulden.html", _schulden_context(request, traject))


@login_required
def schuld_nieuw(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk, schrijven=True)
    form = forms.SchuldForm(
        request.POST or None,
        schuldeisers=selectors.schuldeisers(),
        initial={"peildatum": timezone.localdate()},
        auto_id="schuld_nieuw_%s",  # unique ids: several inline forms can be open at once
    )
    schuld = _uitvoeren(
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
    return _formulierpagina(
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
    traject = _traject(request, traject_pk, schrijven=True)
    schuld = selectors.schuld(request.user, traject, pk)
    form = forms.SchuldForm(
        request.POST or None,
        schuldeisers=selectors.schuldeisers(),
        schuld=schuld,
        auto_id=f"schuld_{schuld.pk}_%s",
    )
    if _uitvoeren(
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
    return _formulierpagina(
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
    traject = _traject(request, traject_pk)
    schuld = selectors.schuld(request.user, traject, pk)
    return render(
        request,
        "klantplan/_schuld_rij.html",
        {
            "traject": traject,
            "schuld": schuld,
            "kan_schrijven": selectors.mag_schrijven(request.user, traject),
        },
    )


@login_required
@require_POST
def schuld_verwijder(request: HttpRequest, traject_pk: int, pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk, schrijven=True)
    schuld = selectors.schuld(request.user, traject, pk)
    try:
        services.verwijder_schuld(schuld_id=schuld.pk, door=request.user)
        messages.success(request, f"De schuld bij {schuld.schuldeiser} is verwijderd.")
    except services.Geweigerd as exc:
        _geweigerd(request, exc)
    return redirect("klantplan:schulden", traject_pk=traject.pk)


@login_required
def schulden_import(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk, schrijven=True)
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
        _context(request, traject, "schulden", form=form, fouten=fouten),
    )


@login_required
def schulden_import_voorbeeld(request: HttpRequest, traject_pk: int) -> HttpResponse:
    _traject(request, traject_pk)
    response = HttpResponse(VOORBEELD.encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="voorbeeld-schulden.csv"'
    return response


@login_required
def schuldeisers(request: HttpRequest) -> HttpResponse:
    if not mag_dossiers_zien(request.user):
        raise PermissionDenied("Met uw rol kunt u het register van schuldeisers niet inzien.")
    form = forms.SchuldeiserForm(request.POST or None)
    schuldeiser = _uitvoeren(form, lambda d: services.voeg_schuldeiser_toe(door=request.user, **d))
    if schuldeiser:
        messages.success(request, f"{schuldeiser} staat nu in het register.")
        return redirect(
            _veilig(request, request.GET.get("terug"), reverse("klantplan:schuldeisers"))
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


# --- Saneringsvoorstel ----------------------------------------------------------------------


@login_required
def voorstellen(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk)
    form = forms.VoorstelForm(request.POST or None)
    if request.method == "POST" and not selectors.mag_schrijven(request.user, traject):
        raise PermissionDenied
    voorstel = _uitvoeren(
        form,
        lambda d: services.bereken_voorstel(
            traject=traject,
            door=request.user,
            soort=d["soort"],
            aflosruimte_per_maand_cent=d["aflosruimte"] if d["soort"] == "schuldregeling" else None,
            looptijd_maanden=d["looptijd_maanden"],
            krediet_cent=d["krediet"] if d["soort"] == "saneringskrediet" else None,
            preferent_factor=d["preferent_factor"],
        ),
    )
    if voorstel:
        messages.success(request, "Het voorstel is berekend en bewaard.")
        return redirect("klantplan:voorstel", traject_pk=traject.pk, pk=voorstel.pk)
    return render(
        request,
        "klantplan/voorstellen.html",
        _context(
            request,
            traject,
            "voorstel",
            form=form,
            voorstellen=selectors.voorstellen(request.user, traject),
            totalen=selectors.schuldtotalen(request.user, traject),
        ),
    )


def _regels(voorstel: Voorstel) -> tuple[Berekening, list[dict]]:
    berekening = Berekening.from_dict(voorstel.resultaat)
    aandelen = {a.sleutel: a for a in berekening.aandelen}
    return berekening, [{**r, "aandeel": aandelen[r["sleutel"]]} for r in voorstel.invoer]


@login_required
def voorstel(request: HttpRequest, traject_pk: int, pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk)
    gekozen = get_object_or_404(selectors.voorstellen(request.user, traject), pk=pk)
    audit.dossier_ingezien(request=request, obj=gekozen, omschrijving="Saneringsvoorstel")
    berekening, regels = _regels(gekozen)
    return render(
        request,
        "klantplan/voorstel.html",
        _context(
            request,
            traject,
            "voorstel",
            voorstel=gekozen,
            berekening=berekening,
            regels=regels,
            documenten=selectors.documenten(request.user, traject).filter(voorstel=gekozen),
        ),
    )


# --- Documenten -----------------------------------------------------------------------------


@login_required
def documenten(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk)
    plannen = list(selectors.klantplannen(request.user, traject))
    return render(
        request,
        "klantplan/documenten.html",
        _context(
            request,
            traject,
            "documenten",
            documenten=selectors.documenten(request.user, traject),
            plannen=plannen,
            heeft_besluit=traject.gebeurtenissen.filter(
                soort__in=["toelating", "afwijzing"]
            ).exists(),
            gesprekken=selectors.gesprekken(request.user, traject)[:20],
        ),
    )


def _int(waarde: str | None) -> int | None:
    try:
        return int(waarde) if waarde else None
    except ValueError as exc:
        raise Http404 from exc


@login_required
@require_POST
def document_maak(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk, schrijven=True)
    soort = request.POST.get("soort", "")
    if soort not in Documentsoort.values:
        raise Http404
    terug = _veilig(
        request, request.POST.get("terug"), reverse("klantplan:documenten", args=[traject.pk])
    )
    try:
        document = services.maak_document(
            traject=traject,
            door=request.user,
            soort=soort,
            klantplan_id=_int(request.POST.get("klantplan")),
            gesprek_id=_int(request.POST.get("gesprek")),
            voorstel_id=_int(request.POST.get("voorstel")),
        )
    except services.Geweigerd as exc:
        _geweigerd(request, exc)
        return redirect(terug)
    messages.success(request, f"{document.titel} is gemaakt. U kunt de PDF nu downloaden.")
    return redirect(f"{reverse('klantplan:documenten', args=[traject.pk])}#document-{document.pk}")


@login_required
@require_POST
def actielijst_mail(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk, schrijven=True)
    gesprek_id = _int(request.POST.get("gesprek"))
    terug = (
        reverse("klantplan:gesprek", args=[traject.pk, gesprek_id])
        if gesprek_id
        else reverse("klantplan:documenten", args=[traject.pk])
    )
    try:
        document = services.verstuur_actielijst(
            traject=traject, door=request.user, gesprek_id=gesprek_id
        )
    except services.Geweigerd as exc:
        _geweigerd(request, exc)
        return redirect(terug)
    # The mail goes out when the transaction commits; a failure is written on the document.
    document.refresh_from_db(fields=["verzonden_op", "verzendfout"])
    if document.verzendfout:
        messages.error(
            request,
            "De actielijst is gemaakt, maar het mailen is niet gelukt. Download de PDF en "
            "geef of stuur hem aan de klant.",
        )
    else:
        messages.success(request, f"De actielijst is gemaild naar {document.verzonden_aan}.")
    return redirect(terug)


@login_required
def document_download(request: HttpRequest, traject_pk: int, pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk)
    document = selectors.document(request.user, traject, pk)
    inhoud = bytes(document.inhoud)
    if hashlib.sha256(inhoud).hexdigest() != document.sha256:
        raise Http404("Het opgeslagen document is beschadigd.")
    audit.document_gedownload(request=request, obj=document, soort=document.soort)
    response = HttpResponse(inhoud, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.bestandsnaam}"'
    response["Content-Length"] = str(len(inhoud))
    return response


# --- Gesprekken, afstemming, klachten -------------------------------------------------------


@login_required
def gesprekken(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk)
    return render(
        request,
        "klantplan/gesprekken.html",
        _context(
            request, traject, "gesprekken", gesprekken=selectors.gesprekken(request.user, traject)
        ),
    )


@login_required
def gesprek_nieuw(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk, schrijven=True)
    form = forms.GesprekForm(request.POST or None, initial={"datum": timezone.localdate()})
    gesprek = _uitvoeren(
        form, lambda d: services.registreer_gesprek(traject=traject, door=request.user, **d)
    )
    if gesprek:
        messages.success(request, "Het gesprek is vastgelegd. Leg nu de afspraken vast.")
        return redirect("klantplan:gesprek", traject_pk=traject.pk, pk=gesprek.pk)
    return _formulierpagina(
        request,
        traject,
        form=form,
        titel="Gesprek vastleggen",
        knop="Gesprek vastleggen",
        terug=reverse("klantplan:gesprekken", args=[traject.pk]),
        tab="gesprekken",
    )


@login_required
def gesprek(request: HttpRequest, traject_pk: int, pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk)
    gekozen = selectors.gesprek(request.user, traject, pk)
    audit.dossier_ingezien(request=request, obj=gekozen, omschrijving="Gesprek")
    return render(
        request,
        "klantplan/gesprek.html",
        _context(
            request,
            traject,
            "gesprekken",
            gesprek=gekozen,
            acties=gekozen.acties.all(),
            actielijst=selectors.open_acties(request.user, traject),
            documenten=selectors.documenten(request.user, traject).filter(gesprek=gekozen),
        ),
    )


@login_required
def gesprek_actie_nieuw(request: HttpRequest, traject_pk: int, pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk, schrijven=True)
    gekozen = selectors.gesprek(request.user, traject, pk)
    terug = reverse("klantplan:gesprek", args=[traject.pk, gekozen.pk])
    form = forms.ActieForm(request.POST or None, traject=traject)
    actie = _uitvoeren(
        form,
        lambda d: services.voeg_actie_toe(
            gesprek_id=gekozen.pk,
            door=request.user,
            soort=d["soort"],
            wat=d["wat"],
            wie=d["wie"],
            deadline=d["deadline"],
        ),
    )
    if actie:
        messages.success(request, f"De afspraak is toegevoegd. Wie: {actie.get_wie_display()}.")
        return redirect(terug)
    return _formulierpagina(
        request,
        traject,
        form=form,
        titel=f"Afspraak uit het {gekozen.get_soort_display().lower()}",
        knop="Afspraak toevoegen",
        terug=terug,
        tab="gesprekken",
    )


@login_required
def afstemmingen(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk)
    audit.dossier_ingezien(request=request, obj=traject, omschrijving="Afstemming met gemeente")
    return render(
        request,
        "klantplan/afstemmingen.html",
        _context(
            request,
            traject,
            "afstemming",
            afstemmingen=selectors.afstemmingen(request.user, traject),
        ),
    )


@login_required
def afstemming_nieuw(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk, schrijven=True)
    form = forms.AfstemmingForm(request.POST or None, initial={"datum": timezone.localdate()})
    if _uitvoeren(
        form, lambda d: services.registreer_afstemming(traject=traject, door=request.user, **d)
    ):
        messages.success(
            request, "De afstemming is vastgelegd. De gemeente en de Stadsbank zien hem allebei."
        )
        return redirect("klantplan:afstemmingen", traject_pk=traject.pk)
    return _formulierpagina(
        request,
        traject,
        form=form,
        titel="Afstemming met de gemeente vastleggen",
        knop="Afstemming vastleggen",
        terug=reverse("klantplan:afstemmingen", args=[traject.pk]),
        tab="afstemming",
    )


@login_required
def klachten(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk)
    audit.dossier_ingezien(request=request, obj=traject, omschrijving="Klachten en bezwaren")
    return render(
        request,
        "klantplan/klachten.html",
        _context(request, traject, "klachten", klachten=selectors.klachten(request.user, traject)),
    )


@login_required
def klacht_nieuw(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk, schrijven=True)
    form = forms.KlachtForm(request.POST or None, initial={"datum": timezone.localdate()})
    if _uitvoeren(
        form, lambda d: services.registreer_klacht(traject=traject, door=request.user, **d)
    ):
        messages.success(request, "De klacht of het bezwaar is vastgelegd.")
        return redirect("klantplan:klachten", traject_pk=traject.pk)
    return _formulierpagina(
        request,
        traject,
        form=form,
        titel="Klacht of bezwaar vastleggen",
        knop="Klacht of bezwaar vastleggen",
        terug=reverse("klantplan:klachten", args=[traject.pk]),
        tab="klachten",
    )


@login_required
def klacht_afhandelen(request: HttpRequest, traject_pk: int, pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk, schrijven=True)
    klacht = get_object_or_404(selectors.klachten(request.user, traject), pk=pk)
    form = forms.KlachtAfhandelForm(
        request.POST or None,
        initial={"afgehandeld_op": timezone.localdate(), "toelichting": klacht.toelichting},
    )
    if _uitvoeren(
        form,
        lambda d: services.handel_klacht_af(klacht_id=klacht.pk, door=request.user, **d),
    ):
        messages.success(request, "De afhandeling is vastgelegd.")
        return redirect("klantplan:klachten", traject_pk=traject.pk)
    return _formulierpagina(
        request,
        traject,
        form=form,
        titel=f"{klacht.get_soort_display()} afhandelen: {klacht.onderwerp}",
        knop="Afhandeling vastleggen",
        terug=reverse("klantplan:klachten", args=[traject.pk]),
        tab="klachten",
    )
