"""Screens: the team lead's view per gemeente ("Werk verdelen").

For the user's own side (a klantregisseur: the behandelaars at the Stadsbank; a consulent: the
contactpersonen at the gemeente): per person how many open trajecten they have and in how
many their party is aan zet, the open trajecten nobody of that side has ("Niet toegewezen"),
and per person their trajecten. Ticked trajecten go to one person (or nobody) with a reason:
trajecten/samenwerking/services/personen.verdeel, which sends each through its own service
and gate. A fixed number of queries, however many people or trajecten (one aggregate for
the counts, one page of trajecten).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse

from schuldhulp.models import Gebruiker, Gemeente
from schuldhulp.pakketten import Partij
from schuldhulp.permissions import vereis
from schuldhulp.selectors import gemeenten_voor
from trajecten.models import AFGESLOTEN_FASEN, Traject
from trajecten.samenwerking import personen
from trajecten.samenwerking.personenkeuze import NIEMAND
from trajecten.samenwerking.services import personen as services
from trajecten.samenwerking.views.personen_formulieren import VerdeelForm
from trajecten.services import Geweigerd

PER_PAGINA = 50
VELD_ID = {p: f"{veld}_id" for p, veld in services.VELD.items()}
MEERVOUD = {
    Partij.STADSBANK: "behandelaars bij de Stadsbank",
    Partij.GEMEENTE: "contactpersonen bij de gemeente",
}


@dataclass
class Regel:
    """One person (None: "Niet toegewezen") with their counts."""

    persoon: Gebruiker | None
    open: int = 0
    aan_zet: int = 0
    werkt_hier: bool = True  # still a candidate of this gemeente

    @property
    def sleutel(self) -> str:
        return str(self.persoon.pk) if self.persoon else NIEMAND


def _partij(user) -> Partij:
    """The side the user leads (the gate let only dossier roles through)."""
    return Partij(user.partij)


def _regels(gemeente: Gemeente, partij: Partij) -> list[Regel]:
    """The unassigned ("Niet toegewezen") first, then every candidate of the gemeente, then
    anyone who still has trajecten here but no longer works for it (to hand them on)."""
    veld = VELD_ID[partij]
    tellingen = {
        rij[veld]: rij
        for rij in Traject.objects.lopend()
        .filter(gemeente=gemeente)
        .values(veld)
        .annotate(open=Count("pk"), aan_zet=Count("pk", filter=Q(aan_zet=partij)))
        .order_by()
    }
    kandidaten = personen.kandidaten(gemeente.pk, partij).order_by()
    mensen = list(
        Gebruiker.objects.filter(
            Q(pk__in=kandidaten.values("pk")) | Q(pk__in=[pk for pk in tellingen if pk])
        )
        .annotate(werkt_hier=Exists(kandidaten.filter(pk=OuterRef("pk"))))
        .order_by("-werkt_hier", "first_name", "last_name", "username")
    )  # one query: the candidates and who left with trajecten still here

    def regel(persoon: Gebruiker | None) -> Regel:
        t = tellingen.get(persoon.pk if persoon else None, {})
        hier = persoon is None or persoon.werkt_hier
        return Regel(persoon, t.get("open", 0), t.get("aan_zet", 0), hier)

    return [regel(None)] + [regel(g) for g in mensen]


def _lijst(gemeente: Gemeente, partij: Partij, gekozen: Regel, pagina: str | None) -> Page:
    wie = gekozen.persoon.pk if gekozen.persoon else None
    qs = (
        Traject.objects.lopend()
        .filter(gemeente=gemeente, **{VELD_ID[partij]: wie})
        .select_related("klant")
        .order_by("aanmelddatum", "pk")
    )
    return Paginator(qs, PER_PAGINA).get_page(pagina)


def _gemeente(request: HttpRequest, pk: int) -> Gemeente:
    vereis(request.user, "team.verdelen")  # the role first: 403 for who never may
    gemeente = get_object_or_404(gemeenten_voor(request.user), pk=pk)
    vereis(request.user, "team.verdelen", gemeente)
    return gemeente


@login_required
def team_verdelen(request: HttpRequest, pk: int) -> HttpResponse:
    gemeente = _gemeente(request, pk)
    partij = _partij(request.user)
    regels = _regels(gemeente, partij)
    per_sleutel = {r.sleutel: r for r in regels}
    bron = request.POST if request.method == "POST" else request.GET
    gekozen = per_sleutel.get(bron.get("van") or bron.get("persoon") or NIEMAND, regels[0])
    kandidaten = [r.persoon for r in regels if r.persoon and r.werkt_hier]
    form = VerdeelForm(
        request.POST or None,
        partij=partij,
        kandidaten=kandidaten,
        initial={"van": gekozen.sleutel},
    )
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        naar = d["naar"]
        try:
            aantal = services.verdeel(
                gemeente=gemeente,
                door=request.user,
                partij=partij,
                traject_ids=d["trajecten"],
                naar=naar,
                reden=d["reden"],
                van=gekozen.persoon,
            )
        except Geweigerd as exc:
            form.add_error(None, str(exc))
        else:
            wie = str(naar) if naar else f"niemand (geen {personen.FUNCTIE[partij]})"
            messages.success(
                request,
                f"{aantal} traject{'en' if aantal != 1 else ''} toegewezen aan {wie}.",
            )
            url = reverse("team_verdelen", args=[gemeente.pk])
            return redirect(f"{url}?persoon={gekozen.sleutel}")
    pagina = _lijst(gemeente, partij, gekozen, request.GET.get("pagina"))
    aangevinkt = {str(v) for v in (form["trajecten"].value() or [])} if form.is_bound else set()
    return render(
        request,
        "samenwerking/team.html",
        {
            "gemeente": gemeente,
            "partij": partij,
            "functie": personen.FUNCTIE[partij],
            "meervoud": MEERVOUD[partij],
            "regels": regels,
            "gekozen": gekozen,
            "pagina": pagina,
            "form": form,
            "aangevinkt": aangevinkt,
        },
    )


@login_required
def team_kies(request: HttpRequest) -> HttpResponse:
    """The gemeenten the user may divide work in, with how many open trajecten nobody of
    their side has (one aggregate query); the menu leads here."""
    vereis(request.user, "team.verdelen")
    partij = _partij(request.user)
    gemeenten = list(
        gemeenten_voor(request.user).annotate(
            niet_toegewezen=Count(
                "trajecten",
                filter=Q(**{f"trajecten__{services.VELD[partij]}__isnull": True})
                & ~Q(trajecten__fase__in=AFGESLOTEN_FASEN),
            )
        )
    )
    return render(
        request,
        "samenwerking/team_kies.html",
        {"gemeenten": gemeenten, "functie": personen.FUNCTIE[partij], "meervoud": MEERVOUD[partij]},
    )


urls: list[URLPattern] = [
    path("team/", team_kies, name="team_kies"),
    path("gemeenten/<int:pk>/team/", team_verdelen, name="team_verdelen"),
]
