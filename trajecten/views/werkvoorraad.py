"""Werkvoorraad and signaleringen: where klantregisseurs and consulenten start."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from schuldhulp.pakketten import Partij
from schuldhulp.permissions import (
    vereis,
)
from schuldhulp.selectors import gemeenten_voor
from trajecten import forms as f
from trajecten import selectors, services, werklijst
from trajecten.samenwerking import signalen
from trajecten.selectors import Stand, Weergave

PER_PAGINA = 25
SIGNALERINGEN_OP_WERKVOORRAAD = 5


def vereis_dossierrol(request: HttpRequest) -> None:
    vereis(request.user, "dossiers.inzien")


# ------------------------------------------------------------------------------ werkvoorraad


@login_required
def werkvoorraad(request: HttpRequest) -> HttpResponse:
    vereis_dossierrol(request)
    user = request.user
    gemeenten = gemeenten_voor(user)
    form = f.WerkvoorraadFilterForm(
        request.GET or None,
        gemeenten=gemeenten,
        normen=selectors.normkeuzes(gemeenten.values("pk")),
    )
    filters = form.filters()
    qs = selectors.werkvoorraad(user, filters)
    # The tiles count the list without the tile chosen (ADR 0018: counter rows where they can).
    telling = werklijst.tellingen(user, filters)
    na = werklijst.Plek.lees(request.GET.get("na"))
    pagina = werklijst.bladzijde(user, filters, qs, na, PER_PAGINA)
    selectors.vul_urgente_klokken(pagina.rijen)
    selectors.vul_aan_zet(pagina.rijen)
    ongelezen = selectors.ongelezen_signaleringen(user)
    context = {
        "form": form,
        "filters": filters,
        "team": filters.weergave == Weergave.TEAM,
        "pagina": pagina,
        "telling": telling,
        "aantal": werklijst.aantal_in_lijst(filters, telling),
        "kaarten": kaarten(request, filters, telling),
        "aan_zet_keuzes": aan_zet_keuzes(user, filters),
        "vandaag": timezone.localdate(),
        "ongelezen": list(ongelezen[:SIGNALERINGEN_OP_WERKVOORRAAD]),
        "aantal_ongelezen": ongelezen.count(),
        "gefilterd": any(
            [
                filters.gemeente_id,
                filters.fase,
                filters.product,
                filters.norm,
                filters.aan_zet,
                filters.stand,
                filters.zoek,
            ]
        ),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "trajecten/_werkvoorraad_resultaat.html", context)
    return render(request, "trajecten/werkvoorraad.html", context)


@dataclass(frozen=True)
class Kaart:
    """A count tile; a link that shows only the rows it counts (with the other filters)."""

    stand: str
    aantal: int
    tekst: str
    href: str
    actief: bool


def kaarten(request: HttpRequest, filters: selectors.Filters, telling: dict) -> list[Kaart]:
    parameters = request.GET.copy()
    for naam in ("pagina", "na", "stand"):
        parameters.pop(naam, None)

    def kaart(stand: str, aantal: int, tekst: str) -> Kaart:
        p = parameters.copy()
        if stand:
            p["stand"] = stand
        href = f"{reverse('werkvoorraad')}?{p.urlencode()}" if p else reverse("werkvoorraad")
        return Kaart(stand, aantal, tekst, href, filters.stand == stand)

    n = telling
    return [
        kaart(Stand.OVERSCHREDEN, n[Stand.OVERSCHREDEN], "termijn overschreden"),
        kaart(Stand.DREIGT, n[Stand.DREIGT], "termijn dreigt te verlopen"),
        kaart(Stand.ALLE, n["lopend"], f"lopende traject{'' if n['lopend'] == 1 else 'en'}"),
        kaart(
            Stand.ONGELEZEN,
            n[Stand.ONGELEZEN],
            f"traject{'' if n[Stand.ONGELEZEN] == 1 else 'en'} met een nieuwe signalering",
        ),
    ]


@dataclass(frozen=True)
class AanZetKeuze:
    """One option of the filter "aan zet", with how many rows it would show."""

    waarde: str
    label: str
    aantal: int
    gekozen: bool


def aan_zet_keuzes(user, filters: selectors.Filters) -> list[AanZetKeuze]:
    """The options of the filter "aan zet" with their counts (one query)."""
    aantallen = werklijst.aan_zet_tellingen(user, filters)
    naam = {Partij.STADSBANK: "Stadsbank", Partij.GEMEENTE: "gemeente"}
    eigen = user.partij
    andere = signalen.andere(eigen)
    K = selectors.AanZetKeuze
    labels = {
        K.ALLE: "Alle",
        K.IK: "Ik",
        K.TEAM: f"Mijn team ({naam[eigen]})" if eigen else "Mijn team",
        K.ANDER: f"De andere partij ({naam[andere]})" if andere else "De andere partij",
    }
    return [
        AanZetKeuze(k, labels[k], aantallen[k or "alle"], filters.aan_zet == k) for k in K.WAARDEN
    ]


# ------------------------------------------------------------------------------ signaleringen


@login_required
def signaleringen(request: HttpRequest) -> HttpResponse:
    vereis_dossierrol(request)
    qs = selectors.signaleringen_voor(request.user)
    pagina = Paginator(qs, PER_PAGINA).get_page(request.GET.get("pagina"))
    return render(
        request,
        "trajecten/signaleringen.html",
        {"pagina": pagina, "aantal_ongelezen": qs.filter(gelezen_op__isnull=True).count()},
    )


@login_required
@require_POST
def signalering_gelezen(request: HttpRequest, pk: int) -> HttpResponse:
    vereis_dossierrol(request)
    signalering = selectors.signalering_van(request.user, pk)
    gelezen = request.POST.get("gelezen") != "0"
    services.markeer_gelezen(signalering=signalering, gelezen=gelezen)
    if request.htmx:
        return render(request, "trajecten/_signalering_rij.html", {"s": signalering})
    messages.success(
        request, "Signalering gemarkeerd als gelezen." if gelezen else "Signalering is weer nieuw."
    )
    return redirect(_volgende(request))


@login_required
@require_POST
def signaleringen_gelezen(request: HttpRequest) -> HttpResponse:
    """ "Alles gelezen": every new signalering of this user (and their team) read at once."""
    vereis_dossierrol(request)
    aantal = services.markeer_alles_gelezen(selectors.ongelezen_signaleringen(request.user))
    messages.success(
        request,
        f"{aantal} signalering{'' if aantal == 1 else 'en'} gemarkeerd als gelezen."
        if aantal
        else "Er waren geen nieuwe signaleringen.",
    )
    return redirect(_volgende(request))


def _volgende(request: HttpRequest) -> str:
    """The page to go back to (only on this site), else the signaleringen."""
    volgende = request.POST.get("volgende", "")
    if not url_has_allowed_host_and_scheme(
        volgende, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        volgende = reverse("signaleringen")
    return volgende


# ------------------------------------------------------------------------------ aanmelden
