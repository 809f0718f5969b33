"""Package agreements: timeline per gemeente, concept, vaststellen with preview, intrekken.

Every page reaches its gemeente through filter_for_user (another gemeente: 404) and asks the
gate which buttons there are; the services ask it again before they write. A role that may
never do a step gets 403; a step the agreement's status does not allow sends the user back
to the timeline with the gate's reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from schuldhulp import opmaak, selectors
from schuldhulp.afspraken import AFSPRAAK_HANDELINGEN, Afspraakstatus, Overgangsregeling
from schuldhulp.handelingen import Handeling
from schuldhulp.models import Dienstverleningsafspraak, Gemeente
from schuldhulp.permissions import can_do, mag, vereis
from trajecten.models import Fase
from trajecten.pakket.forms.afspraken import (
    AfspraakForm,
    BevestigForm,
    IntrekkenForm,
    VaststellenForm,
    plan_kenmerk,
)
from trajecten.pakket.models import Afspraakgebeurtenis
from trajecten.pakket.services import afspraken as services
from trajecten.services import Geweigerd

# The steps a person can take on an agreement, in the order of their buttons.
STAPPEN = ("afspraak.wijzigen", "afspraak.vaststellen", "afspraak.intrekken")
STAP_URL = {"afspraak.wijzigen": "afspraak_wijzig", "afspraak.vaststellen": "afspraak_vaststellen"}


def _gemeente(request: HttpRequest, pk: int) -> Gemeente:
    return get_object_or_404(selectors.gemeenten_voor(request.user), pk=pk)


def _afspraken(request: HttpRequest) -> QuerySet[Dienstverleningsafspraak]:
    """The agreements of the gemeenten this user may see."""
    return Dienstverleningsafspraak.objects.select_related("gemeente").filter(
        gemeente__in=selectors.gemeenten_voor(request.user)
    )


def _afspraak(request: HttpRequest, pk: int) -> Dienstverleningsafspraak:
    return get_object_or_404(_afspraken(request), pk=pk)


def tijdlijn_url(afspraak: Dienstverleningsafspraak) -> str:
    return reverse("gemeente_afspraken", args=[afspraak.gemeente_id]) + f"#afspraak-{afspraak.pk}"


def _geweigerd(
    request: HttpRequest, handeling: str, afspraak: Dienstverleningsafspraak
) -> HttpResponse | None:
    """403 when the user's role may never do this (the gate without an object); else, when
    the gate refuses on this agreement (its status), back to the timeline with the reason."""
    vereis(request.user, handeling)
    if reden := mag(request.user, handeling, afspraak):
        messages.error(request, reden)
        return redirect(tijdlijn_url(afspraak))
    return None


# --- The timeline -----------------------------------------------------------------------------


@dataclass
class Knop:
    handeling: Handeling
    url: str  # "" for the withdraw form (a POST on the timeline itself)


@dataclass
class Rij:
    afspraak: Dienstverleningsafspraak
    geldt_nu: bool
    knoppen: list[Knop]
    intrekken: IntrekkenForm | None
    geschiedenis: list[tuple[Afspraakgebeurtenis, list[str]]]

    @property
    def overgang(self) -> str:
        a = self.afspraak
        if not a.overgang:
            return ""
        tekst = Overgangsregeling(a.overgang).label
        if a.overgang == Overgangsregeling.PER_FASE and a.overgang_fasen:
            tekst += " (" + ", ".join(Fase(f).label for f in a.overgang_fasen) + ")"
        return tekst


STATUSTAG = {
    Afspraakstatus.CONCEPT: "waarschuwing",
    Afspraakstatus.VASTGESTELD: "info",
    Afspraakstatus.ACTIEF: "ok",
    Afspraakstatus.BEEINDIGD: "vervallen",
    Afspraakstatus.INGETROKKEN: "vervallen",
}


def _trajecten(aantal: int) -> str:
    return f"{aantal} traject" if aantal == 1 else f"{aantal} trajecten"


def _details(g: Afspraakgebeurtenis) -> list[str]:
    """What the event's data says, in words (counts only: no dossier data here)."""
    gegevens = g.gegevens or {}
    regels = []
    if overgang := gegevens.get("overgang"):
        regels.append(f"Overgangsregeling: {Overgangsregeling(overgang).label}.")
    if fasen := gegevens.get("fasen"):
        regels.append("Fasen: " + ", ".join(Fase(f).label for f in fasen) + ".")
    if (te_verplaatsen := gegevens.get("te_verplaatsen")) is not None:
        regels.append(f"Gaan over volgens de voorvertoning: {_trajecten(te_verplaatsen)}.")
    if "verplaatst" in gegevens:
        regels.append(f"Overgezet naar deze afspraak: {_trajecten(gegevens['verplaatst'])}.")
    return regels


def _knoppen(request: HttpRequest, afspraak: Dienstverleningsafspraak) -> list[Knop]:
    return [
        Knop(AFSPRAAK_HANDELINGEN[naam], reverse(STAP_URL[naam], args=[afspraak.pk]))
        for naam in STAPPEN
        if naam in STAP_URL and can_do(request.user, naam, afspraak)
    ]


@login_required
def gemeente_afspraken(request: HttpRequest, pk: int) -> HttpResponse:
    gemeente = _gemeente(request, pk)
    gebeurtenissen = Afspraakgebeurtenis.objects.select_related("door").order_by("-tijdstip", "-pk")
    afspraken = (
        gemeente.afspraken.select_related("vastgesteld_door", "voorganger")
        .prefetch_related(Prefetch("gebeurtenissen", queryset=gebeurtenissen))
        .order_by("-geldig_van", "-pk")
    )
    vandaag = timezone.localdate()
    rijen = [
        Rij(
            afspraak=a,
            geldt_nu=a.geldig_op(vandaag),
            knoppen=_knoppen(request, a),
            intrekken=IntrekkenForm(prefix=f"intrekken-{a.pk}")
            if can_do(request.user, "afspraak.intrekken", a)
            else None,
            geschiedenis=[(g, _details(g)) for g in a.gebeurtenissen.all()],
        )
        for a in afspraken
    ]
    return render(
        request,
        "pakket/afspraak_tijdlijn.html",
        {
            "gemeente": gemeente,
            "rijen": rijen,
            "vandaag": vandaag,
            "statustag": STATUSTAG,
            "opstellen": AFSPRAAK_HANDELINGEN["afspraak.opstellen"]
            if can_do(request.user, "afspraak.opstellen", gemeente)
            else None,
            "intrekken": AFSPRAAK_HANDELINGEN["afspraak.intrekken"],
        },
    )


# --- Concept: opstellen and wijzigen -----------------------------------------------------------


def _formulier(
    request: HttpRequest,
    form: AfspraakForm,
    gemeente: Gemeente,
    afspraak: Dienstverleningsafspraak | None,
) -> HttpResponse:
    return render(
        request,
        "pakket/afspraak_form.html",
        {"form": form, "gemeente": gemeente, "afspraak": afspraak, "nieuw": afspraak is None},
    )


@login_required
def afspraak_nieuw(request: HttpRequest, pk: int) -> HttpResponse:
    gemeente = _gemeente(request, pk)
    vereis(request.user, "afspraak.opstellen", gemeente)
    form = AfspraakForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            afspraak = services.stel_op(
                door=request.user, gemeente=gemeente, **form.service_gegevens()
            )
        except Geweigerd as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"Concept opgesteld: pakket {afspraak.get_pakket_display()} vanaf "
                f"{opmaak.datum_lang(afspraak.geldig_van)}. Het telt pas na vaststellen.",
            )
            return redirect(tijdlijn_url(afspraak))
    return _formulier(request, form, gemeente, None)


@login_required
def afspraak_wijzig(request: HttpRequest, pk: int) -> HttpResponse:
    afspraak = _afspraak(request, pk)
    if terug := _geweigerd(request, "afspraak.wijzigen", afspraak):
        return terug
    form = AfspraakForm(request.POST if request.method == "POST" else None, afspraak=afspraak)
    if request.method == "POST" and form.is_valid():
        try:
            afspraak = services.wijzig_concept(
                door=request.user, afspraak_id=afspraak.pk, **form.service_gegevens()
            )
        except Geweigerd as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Het concept is gewijzigd.")
            return redirect(tijdlijn_url(afspraak))
    return _formulier(request, form, afspraak.gemeente, afspraak)


# --- Vaststellen: choose, preview, confirm -----------------------------------------------------


@login_required
def afspraak_vaststellen(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: choose the overgangsregeling. POST 'voorvertoning': the preview, with a confirm
    button that carries the same choices and the preview's fingerprint. POST 'vaststellen':
    only with the fingerprint of the preview as it is now; otherwise the new preview."""
    afspraak = _afspraak(request, pk)
    if terug := _geweigerd(request, "afspraak.vaststellen", afspraak):
        return terug
    form = VaststellenForm(request.POST if request.method == "POST" else None)
    plan = bevestig = None
    fout = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.voorvertoning(afspraak, data["overgang"], tuple(data["fasen"]))
        except Geweigerd as exc:
            form.add_error(None, str(exc))
        else:
            kenmerk = plan_kenmerk(plan)
            if "vaststellen" in request.POST:
                if data["kenmerk"] != kenmerk:
                    fout = (
                        "De voorvertoning is niet meer actueel: sinds u keek is er iets "
                        "veranderd. Bekijk de nieuwe voorvertoning en bevestig opnieuw."
                    )
                else:
                    try:
                        afspraak = services.stel_vast(
                            door=request.user,
                            afspraak_id=afspraak.pk,
                            overgang=data["overgang"],
                            fasen=tuple(data["fasen"]),
                            reden=data["reden"],
                        )
                    except Geweigerd as exc:
                        fout = str(exc)
                    else:
                        messages.success(request, _vastgesteld_melding(afspraak, plan.aantal))
                        return redirect(tijdlijn_url(afspraak))
            bevestig = BevestigForm(initial={**data, "kenmerk": kenmerk})
    vandaag = timezone.localdate()
    return render(
        request,
        "pakket/afspraak_vaststellen.html",
        {
            "afspraak": afspraak,
            "gemeente": afspraak.gemeente,
            "form": form,
            "plan": plan,
            "bevestig": bevestig,
            "fout": fout,
            "meteen": afspraak.geldig_van <= vandaag,
            "regeling": Overgangsregeling(plan.regeling).label if plan else "",
            "fasen": [Fase(f).label for f in plan.fasen] if plan else [],
            "per_fase": [(f, n, over, n - over) for f, n, over in plan.per_fase] if plan else [],
        },
    )


def _vastgesteld_melding(afspraak: Dienstverleningsafspraak, aantal: int) -> str:
    begin = opmaak.datum_lang(afspraak.geldig_van)
    if afspraak.status == Afspraakstatus.ACTIEF:
        return (
            f"De afspraak is vastgesteld en geldt vanaf {begin}. "
            f"{aantal} lopende trajecten zijn overgezet."
        )
    return (
        f"De afspraak is vastgesteld en gaat in op {begin}. Dan gaan {aantal} lopende "
        "trajecten over (zoals het er dan voor staat)."
    )


# --- Intrekken --------------------------------------------------------------------------------


@login_required
@require_POST
def afspraak_intrekken(request: HttpRequest, pk: int) -> HttpResponse:
    afspraak = _afspraak(request, pk)
    if terug := _geweigerd(request, "afspraak.intrekken", afspraak):
        return terug
    form = IntrekkenForm(request.POST, prefix=f"intrekken-{afspraak.pk}")
    if not form.is_valid():
        messages.error(request, form.errors["reden"][0])
        return redirect(tijdlijn_url(afspraak))
    try:
        services.trek_in(
            door=request.user, afspraak_id=afspraak.pk, reden=form.cleaned_data["reden"]
        )
    except Geweigerd as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"De afspraak {afspraak.get_pakket_display()} vanaf "
            f"{opmaak.datum_lang(afspraak.geldig_van)} is ingetrokken.",
        )
    return redirect(tijdlijn_url(afspraak))


urls: list[URLPattern] = [
    path("gemeenten/<int:pk>/afspraken/", gemeente_afspraken, name="gemeente_afspraken"),
    path("gemeenten/<int:pk>/afspraken/nieuw/", afspraak_nieuw, name="afspraak_nieuw"),
    path("afspraken/<int:pk>/wijzigen/", afspraak_wijzig, name="afspraak_wijzig"),
    path("afspraken/<int:pk>/vaststellen/", afspraak_vaststellen, name="afspraak_vaststellen"),
    path("afspraken/<int:pk>/intrekken/", afspraak_intrekken, name="afspraak_intrekken"),
]
