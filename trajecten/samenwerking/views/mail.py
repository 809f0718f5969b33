"""Screens: mail (trajecten.samenwerking). The user's own setting for the daily digest
(Mijn instellingen), and for the functioneel beheerder the outbox (Uitgaande e-mail) with
'opnieuw versturen' for a message that failed."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from schuldhulp.permissions import can_do, mag_dossiers_zien, vereis
from trajecten.samenwerking import mail
from trajecten.samenwerking.models import Emailbericht, Mailstatus
from trajecten.services import Geweigerd

PER_PAGINA = 50


class InstellingenForm(forms.Form):
    dagoverzicht = forms.BooleanField(
        label="Stuur mij elke werkdag een e-mail met mijn nieuwe signaleringen",
        required=False,
    )


@login_required
def mijn_instellingen(request: HttpRequest) -> HttpResponse:
    """The user's own account: no catalogue row (like 'overal uitloggen'); whether the
    digest is possible at all is the gate's answer for dossiers (signaleringen are dossier
    work), asked in the service."""
    gebruiker = request.user
    form = InstellingenForm(
        request.POST if request.method == "POST" else None,
        initial={"dagoverzicht": gebruiker.dagoverzicht},
    )
    if request.method == "POST" and form.is_valid():
        aan = form.cleaned_data["dagoverzicht"]
        try:
            mail.zet_dagoverzicht(gebruiker=gebruiker, aan=aan)
        except Geweigerd as exc:
            form.add_error("dagoverzicht", str(exc))
        else:
            messages.success(
                request,
                "U ontvangt het dagoverzicht per e-mail."
                if aan
                else "U ontvangt geen dagoverzicht meer per e-mail.",
            )
            return redirect("mijn_instellingen")
    return render(
        request,
        "samenwerking/mijn_instellingen.html",
        {
            "form": form,
            "dossierrol": mag_dossiers_zien(gebruiker),
            "berichten": gebruiker.emailberichten.order_by("-aangemaakt_op", "-pk")[:5],
        },
    )


@login_required
def uitgaande_email(request: HttpRequest) -> HttpResponse:
    vereis(request.user, "beheer")
    status = request.GET.get("status", "")
    berichten = Emailbericht.objects.select_related("gebruiker")
    if status in Mailstatus.values:
        berichten = berichten.filter(status=status)
    else:
        status = ""
    pagina = Paginator(berichten, PER_PAGINA).get_page(request.GET.get("pagina"))
    return render(
        request,
        "samenwerking/uitgaande_email.html",
        {
            "pagina": pagina,
            "status": status,
            "statussen": Mailstatus.choices,
            "aantal_mislukt": Emailbericht.objects.filter(status=Mailstatus.MISLUKT).count(),
            "max_pogingen": mail.MAX_POGINGEN,
        },
    )


@login_required
def uitgaande_email_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vereis(request.user, "beheer")
    bericht = get_object_or_404(Emailbericht.objects.select_related("gebruiker"), pk=pk)
    return render(
        request,
        "samenwerking/uitgaande_email_detail.html",
        {
            "bericht": bericht,
            "trajecten": sorted(bericht.trajecten.values_list("pk", flat=True)),
            "reden": mail.korte_reden(bericht.fout),
            "opnieuw": bericht.status == Mailstatus.MISLUKT
            and can_do(request.user, "email.opnieuw"),
        },
    )


@login_required
@require_POST
def uitgaande_email_opnieuw(request: HttpRequest, pk: int) -> HttpResponse:
    vereis(request.user, "email.opnieuw")
    bericht = get_object_or_404(Emailbericht, pk=pk)
    try:
        mail.opnieuw_versturen(bericht_id=bericht.pk, door=request.user)
    except Geweigerd as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"De e-mail aan {bericht.aan} staat weer in de wachtrij.")
    return redirect("uitgaande_email_detail", pk=bericht.pk)


urls: list[URLPattern] = [
    path("mijn/instellingen/", mijn_instellingen, name="mijn_instellingen"),
    path("uitgaande-email/", uitgaande_email, name="uitgaande_email"),
    path("uitgaande-email/<int:pk>/", uitgaande_email_detail, name="uitgaande_email_detail"),
    path(
        "uitgaande-email/<int:pk>/opnieuw/",
        uitgaande_email_opnieuw,
        name="uitgaande_email_opnieuw",
    ),
]
