"""The klantplan pages: versions, vaststellen, vergelijken, doelen and monitoring."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from klantplan import forms, selectors, services
from klantplan.models import Doelstatus, Klantplan, Planstatus
from klantplan.versies import vergelijk
from klantplan.views.basis import (
    afvinkbaar,
    formulierpagina,
    open_traject,
    tabcontext,
    toon_weigering,
    uitvoeren,
)
from schuldhulp import audit
from schuldhulp.bevestigen import Bevestiging, is_bevestigd, vraag_bevestiging
from schuldhulp.permissions import mag
from trajecten.models import Traject
from trajecten.pakket.lopend import lopend_maatwerk


@login_required
def klantplan(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk)
    laatste = selectors.laatste_klantplan(request.user, traject)
    if laatste is None:
        return render(
            request, "klantplan/klantplan_leeg.html", tabcontext(request, traject, "klantplan")
        )
    return klantplan_versie(request, traject_pk, laatste.versie)


@login_required
@require_POST
def klantplan_maak(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk, schrijven="klantplan.wijzigen")
    try:
        plan = services.maak_klantplan(traject=traject, door=request.user)
    except services.Geweigerd as exc:
        toon_weigering(request, exc)
        return redirect("klantplan:klantplan", traject_pk=traject.pk)
    messages.success(request, "Het klantplan is gemaakt. Vul het nu samen met de klant in.")
    return redirect("klantplan:klantplan_wijzig", traject_pk=traject.pk, versie=plan.versie)


@login_required
def klantplan_versie(request: HttpRequest, traject_pk: int, versie: int) -> HttpResponse:
    traject = open_traject(request, traject_pk)
    plan = selectors.klantplan_versie(request.user, traject, versie)
    versies = list(selectors.klantplannen(request.user, traject))
    laatste = versies[-1]
    audit.dossier_ingezien(request=request, obj=plan, omschrijving=f"Klantplan v{plan.versie}")
    acties = list(plan.acties.all())
    return render(
        request,
        "klantplan/klantplan.html",
        tabcontext(
            request,
            traject,
            "klantplan",
            plan=plan,
            versies=versies,
            is_laatste=plan.pk == laatste.pk,
            kan_wijzigen=plan.status == Planstatus.CONCEPT,
            doelen=plan.doelen.all(),
            acties=acties,
            # Progress only in the newest version, by the party each actie belongs to.
            afvinkbaar=afvinkbaar(request, traject, acties) if plan.pk == laatste.pk else set(),
            doelstatussen=Doelstatus.choices,
            monitoring=selectors.monitoringmomenten(request.user, traject)[:10],
            # Monitoring and the klant's PDF are not the klantplan writer's alone.
            kan_monitoren=mag(request.user, "monitoring.vastleggen", traject) is None,
            kan_document=mag(request.user, "document.maken", traject) is None,
            vandaag=timezone.localdate(),
            maatwerk=lopend_maatwerk(traject),
            kan_maatwerk=mag(request.user, "maatwerk.voorstellen", traject) is None,
        ),
    )


def concept_versie(request: HttpRequest, traject: Traject, versie: int) -> Klantplan | None:
    """The version when it is still a concept; else None, with a message for the user."""
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
    traject = open_traject(request, traject_pk, schrijven="klantplan.wijzigen")
    plan = concept_versie(request, traject, versie)
    terug = reverse("klantplan:klantplan_versie", args=[traject.pk, versie])
    if plan is None:
        return redirect(terug)
    form = forms.KlantplanForm(request.POST or None, plan=plan)
    if uitvoeren(
        form,
        lambda d: services.wijzig_klantplan(
            klantplan_id=plan.pk,
            door=request.user,
            hulpvraag=d["hulpvraag"],
            oorzaak=d["oorzaak"],
            hulpvraag_klant=d["hulpvraag_klant"],
            situatie_klant=d["situatie_klant"],
            productkeuze=d["productkeuze"],
            leefgebieden=form.leefgebieden(),
            oplossend_vermogen=d.get("oplossend_vermogen", ""),
            oplossend_vermogen_toelichting=d.get("oplossend_vermogen_toelichting", ""),
            gewijzigd_op=d.get("gewijzigd_op") or None,
        ),
    ):
        messages.success(request, "Het klantplan is opgeslagen.")
        return redirect(terug)
    if form.is_bound:
        _na_conflict(form, plan.pk)
    return formulierpagina(
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
    traject = open_traject(request, traject_pk, schrijven="klantplan.vaststellen")
    plan = concept_versie(request, traject, versie)
    terug = reverse("klantplan:klantplan_versie", args=[traject.pk, versie])
    if plan is None:
        return redirect(terug)
    form = forms.VaststellenForm(request.POST or None, initial={"datum": timezone.localdate()})
    if uitvoeren(
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
    return formulierpagina(
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
    traject = open_traject(request, traject_pk, schrijven="klantplan.wijzigen")
    try:
        plan = services.nieuwe_versie(traject=traject, door=request.user)
    except services.Geweigerd as exc:
        toon_weigering(request, exc)
        return redirect("klantplan:klantplan", traject_pk=traject.pk)
    messages.success(
        request, f"Versie {plan.versie} is gemaakt als kopie. U kunt deze versie nu wijzigen."
    )
    return redirect("klantplan:klantplan_versie", traject_pk=traject.pk, versie=plan.versie)


@login_required
def klantplan_vergelijk(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk)
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
        tabcontext(request, traject, "klantplan", verschil=verschil, versies=versies),
    )


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
    traject = open_traject(request, traject_pk, schrijven="klantplan.wijzigen")
    plan = concept_versie(request, traject, versie)
    terug = reverse("klantplan:klantplan_versie", args=[traject.pk, versie])
    if plan is None:
        return redirect(terug)
    doel = get_object_or_404(plan.doelen, pk=pk) if pk is not None else None
    initial = (
        {
            "klanttekst": doel.klanttekst,
            "omschrijving": doel.omschrijving,
            "streefdatum": doel.streefdatum,
            "status": doel.status,
        }
        if doel
        else {"status": Doelstatus.OPEN}
    )
    form = forms.DoelForm(request.POST or None, initial=initial)

    def opslaan(d: dict) -> object:
        velden = {k: d[k] for k in ("klanttekst", "omschrijving", "streefdatum", "status")}
        if doel is None:
            return services.voeg_doel_toe(klantplan_id=plan.pk, door=request.user, **velden)
        return services.wijzig_doel(doel_id=doel.pk, door=request.user, **velden)

    if uitvoeren(form, opslaan):
        messages.success(
            request, "Het doel is toegevoegd." if doel is None else "Het doel is gewijzigd."
        )
        return redirect(f"{terug}#doelen")
    return formulierpagina(
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
    traject = open_traject(request, traject_pk, schrijven="klantplan.wijzigen")
    plan = selectors.klantplan_versie(request.user, traject, versie)
    doel = get_object_or_404(plan.doelen, pk=pk)
    if not is_bevestigd(request):
        return vraag_bevestiging(
            request,
            Bevestiging(
                titel="Doel verwijderen",
                vraag="Weet u zeker dat u dit doel wilt verwijderen?",
                gevolg=f"Het doel verdwijnt uit versie {versie} van het klantplan. Eerdere, "
                "vastgestelde versies blijven zoals ze zijn.",
                knop="Ja, doel verwijderen",
                terug=reverse("klantplan:klantplan_versie", args=[traject.pk, versie]) + "#doelen",
                details=(("Doel", doel.omschrijving),),
            ),
        )
    try:
        services.verwijder_doel(doel_id=doel.pk, door=request.user)
        messages.success(request, "Het doel is verwijderd.")
    except services.Geweigerd as exc:
        toon_weigering(request, exc)
    return redirect("klantplan:klantplan_versie", traject_pk=traject.pk, versie=versie)


@login_required
@require_POST
def doel_status(request: HttpRequest, traject_pk: int, versie: int, pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk, schrijven="klantplan.wijzigen")
    plan = selectors.klantplan_versie(request.user, traject, versie)
    doel = get_object_or_404(plan.doelen, pk=pk)
    try:
        services.zet_doelstatus(
            doel_id=doel.pk, door=request.user, status=request.POST.get("status", "")
        )
        messages.success(request, "De status van het doel is bijgewerkt.")
    except services.Geweigerd as exc:
        toon_weigering(request, exc)
    return redirect(reverse("klantplan:klantplan_versie", args=[traject.pk, versie]) + "#doelen")


@login_required
def monitoring_nieuw(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = open_traject(request, traject_pk, schrijven="monitoring.vastleggen")
    terug = reverse("klantplan:klantplan", args=[traject.pk]) + "#monitoring"
    form = forms.MonitoringForm(request.POST or None, initial={"datum": timezone.localdate()})
    if uitvoeren(
        form,
        lambda d: services.registreer_monitoring(traject=traject, door=request.user, **d),
    ):
        messages.success(request, "Het monitoringmoment is vastgelegd.")
        return redirect(terug)
    return formulierpagina(
        request,
        traject,
        form=form,
        titel="Monitoringmoment vastleggen",
        knop="Monitoring vastleggen",
        terug=terug,
        tab="klantplan",
    )


def _na_conflict(form: forms.KlantplanForm, plan_pk: int) -> None:
    """After a refused save because someone else changed the plan, the form carries the new
    version: saving again is then a conscious choice to replace the other's text."""
    nu = Klantplan.objects.filter(pk=plan_pk).values_list("gewijzigd_op", flat=True).first()
    if nu is not None and form.data.get("gewijzigd_op") not in ("", None, nu.isoformat()):
        form.data = form.data.copy()
        form.data["gewijzigd_op"] = nu.isoformat()
