from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from schuldhulp import audit, klantenlijst, selectors, services
from schuldhulp.forms import KlantForm
from schuldhulp.models import Klant, Rol
from schuldhulp.permissions import can_do, filter_for_user, mag_dossiers_zien, vereis

PER_PAGINA = 25


@require_POST
@login_required
def overal_uitloggen(request: HttpRequest) -> HttpResponse:
    """End every session of this user, on every device."""
    services.vernieuw_sessiesleutel(gebruiker=request.user)
    logout(request)
    messages.success(request, "U bent op alle apparaten uitgelogd.")
    return redirect("login")


# Where a user lands after logging in (settings.LOGIN_REDIRECT_URL): the first page whose
# handeling the gate allows, else the start page.
STARTPAGINA: list[tuple[str, str]] = [
    ("dossiers.inzien", "werkvoorraad"),  # klantregisseur, consulent
    ("beheer", "admin:index"),  # functioneel beheerder (may also read reports)
    ("rapportage.dashboard", "rapportage_dashboard"),  # contractmanager
    ("rapportage.inzien", "rapportages"),
]


@login_required
def na_inloggen(request: HttpRequest) -> HttpResponse:
    for handeling, naam in STARTPAGINA:
        if can_do(request.user, handeling):
            return redirect(naam)
    return redirect("home")


def groet(moment: datetime | None = None) -> str:
    """Goedemorgen / Goedemiddag / Goedenavond by the local time (TIME_ZONE)."""
    uur = timezone.localtime(moment).hour
    if 6 <= uur < 12:
        return "Goedemorgen"
    if 12 <= uur < 18:
        return "Goedemiddag"
    return "Goedenavond"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    gemeenten = selectors.gemeenten_voor(request.user)
    return render(
        request,
        "schuldhulp/home.html",
        {
            "groet": groet(),
            "gemeenten": gemeenten,
            "rol": Rol(request.user.rol) if request.user.rol else None,
            "dossiers": mag_dossiers_zien(request.user),
            "beheer": can_do(request.user, "beheer"),
        },
    )


def _vereis_dossierrol(request: HttpRequest) -> None:
    vereis(request.user, "dossiers.inzien")


@login_required
def klanten(request: HttpRequest) -> HttpResponse:
    """The client list with its search. The search box POSTs (also the live search), so a
    BSN typed into it never ends up in a URL, the browser history or a proxy log (issue 17);
    ?q= in the address still works for links and paging by name."""
    _vereis_dossierrol(request)
    zoek = (request.POST if request.method == "POST" else request.GET).get("q", "")
    qs = selectors.klanten_voor(request.user, zoek=zoek)
    if zoek.strip():  # a search: few rows, counted and numbered
        pagina = Paginator(qs, PER_PAGINA).get_page(request.GET.get("pagina"))
        totaal = pagina.paginator.count
    else:  # the whole list: keyset and the counters (ADR 0024)
        pagina = klantenlijst.bladzijde(request.user, qs, request.GET.get("na"), PER_PAGINA)
        totaal = klantenlijst.totaal(request.user)
    context = {"pagina": pagina, "zoek": zoek, "totaal": totaal}
    gedeeltelijk = request.htmx and not request.htmx.history_restore_request
    template = "schuldhulp/_klanten_tabel.html" if gedeeltelijk else "schuldhulp/klanten.html"
    return render(request, template, context)


def _klant_of_404(request: HttpRequest, pk: int) -> Klant:
    _vereis_dossierrol(request)
    return get_object_or_404(
        filter_for_user(request.user, Klant.objects.select_related("gemeente")),
        pk=pk,
    )


@login_required
def klant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _vereis_dossierrol(request)
    klant = get_object_or_404(
        selectors.met_vaste_contactpersoon(
            filter_for_user(request.user, Klant.objects.select_related("gemeente"))
        ),
        pk=pk,
    )
    audit.dossier_ingezien(request=request, obj=klant, omschrijving="Klantdossier (met BSN)")
    # The reverse relation of the trajecten app: read here without importing it (one query).
    trajecten = list(
        filter_for_user(
            request.user,
            klant.trajecten.select_related("gemeente", "afspraak", "behandelaar", "consulent"),
        ).order_by("-aanmelddatum", "-pk")
    )
    # The klant page is a tab of a dossier (?traject= from its tabs; else the newest traject).
    gekozen = request.GET.get("traject", "")
    traject = next(
        (t for t in trajecten if str(t.pk) == gekozen), trajecten[0] if trajecten else None
    )
    return render(
        request,
        "schuldhulp/klant_detail.html",
        {
            "klant": klant,
            "trajecten": trajecten,
            "traject": traject,
            "mag_aanmelden": can_do(request.user, "traject.aanmelden", klant),
            "mag_wijzigen": can_do(request.user, "klant.wijzigen", klant),
        },
    )


@login_required
def klant_nieuw(request: HttpRequest) -> HttpResponse:
    _vereis_dossierrol(request)
    return _klant_formulier(request, Klant())


@login_required
def klant_wijzig(request: HttpRequest, pk: int) -> HttpResponse:
    klant = _klant_of_404(request, pk)
    vereis(request.user, "klant.wijzigen", klant)
    if request.method == "GET":  # the form shows the full BSN
        audit.dossier_ingezien(request=request, obj=klant, omschrijving="Klant wijzigen (met BSN)")
    return _klant_formulier(request, klant)


def _klant_formulier(request: HttpRequest, klant: Klant) -> HttpResponse:
    nieuw = klant.pk is None
    # From "Aanmelding vastleggen" (?aanmelden=1): after saving, on to the aanmelding.
    voor_aanmelding = nieuw and request.GET.get("aanmelden") == "1"
    gemeenten = selectors.gemeenten_voor(request.user)
    form = KlantForm(request.POST or None, instance=klant, gemeenten=gemeenten)
    geldig = request.method == "POST" and form.is_valid()
    if (bekend := getattr(form, "bsn_bekend", None)) is not None:
        audit.bsn_gevonden(request=request, klant=bekend)
    if geldig:
        if not can_do(request.user, "klant.aanmaken", form.cleaned_data["gemeente"]):
            raise Http404
        try:
            with transaction.atomic():  # a savepoint: the request goes on after a clash
                klant = services.klant_opslaan(klant=form.save(commit=False), door=request.user)
        except IntegrityError:
            # Another request saved the same BSN between the form's check and ours.
            form.add_error("bsn", Klant._meta.get_field("bsn").error_messages["unique"])
        else:
            if nieuw and voor_aanmelding:  # one flow: the new klant, then its aanmelding
                messages.success(
                    request,
                    f"Klant {klant.volledige_naam} is aangemaakt. Leg nu de aanmelding vast.",
                )
                return redirect(f"{reverse('traject_aanmelden')}?klant={klant.pk}")
            messages.success(
                request,
                f"Klant {klant.volledige_naam} is {'aangemaakt' if nieuw else 'gewijzigd'}.",
            )
            return redirect("klant_detail", pk=klant.pk)
    return render(
        request,
        "schuldhulp/klant_form.html",
        {"form": form, "klant": klant, "nieuw": nieuw, "voor_aanmelding": voor_aanmelding},
    )


@login_required
def gemeenten(request: HttpRequest) -> HttpResponse:
    lijst = selectors.gemeenten_voor(request.user).prefetch_related("afspraken")
    vandaag = timezone.localdate()
    rijen = [(g, selectors.huidige_afspraak(g, vandaag)) for g in lijst]
    return render(request, "schuldhulp/gemeenten.html", {"rijen": rijen})


@login_required
def gemeente_detail(request: HttpRequest, pk: int) -> HttpResponse:
    gemeente = selectors.gemeente_met_afspraken(request.user, pk)
    vandaag = timezone.localdate()
    huidige = selectors.huidige_afspraak(gemeente, vandaag)
    return render(
        request,
        "schuldhulp/gemeente_detail.html",
        {
            "gemeente": gemeente,
            "huidige": huidige,
            "vandaag": vandaag,
            "afspraken": gemeente.afspraken.all(),
            "mag_spreekuren": can_do(request.user, "spreekuur.wijzigen", gemeente),
            "mag_team": can_do(request.user, "team.verdelen", gemeente),
        },
    )
