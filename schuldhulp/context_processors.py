from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from schuldhulp.models import Rol
from schuldhulp.tweestaps import tweestaps_nodig


def navigatie(request: HttpRequest) -> dict:
    """The menu items for the user's role (only what they may use)."""
    user = getattr(request, "user", None)
    items: list[tuple[str, str]] = []
    if user is not None and user.is_authenticated and not tweestaps_nodig(request):
        items.append(("Start", reverse("home")))
        for rollen, label, naam in MENU:
            if user.rol in rollen:
                items.append((label, reverse(naam)))
        if user.rol == Rol.BEHEERDER or user.is_superuser:
            items.append(("Verwerkingenlog", reverse("verwerkingenlog")))
            items.append(("Beheer", reverse("admin:index")))
    return {"menu": items, "csp_nonce": getattr(request, "csp_nonce", "")}


DOSSIER = {Rol.KLANTREGISSEUR, Rol.CONSULENT}
MENU: list[tuple[set[str], str, str]] = [
    (DOSSIER, "Werkvoorraad", "werkvoorraad"),
    (DOSSIER, "Klanten", "klanten"),
    (DOSSIER, "Vroegsignalen", "vroegsignalen"),
    (DOSSIER | {Rol.BEHEERDER, Rol.CONTRACTMANAGER}, "Gemeenten", "gemeenten"),
    (DOSSIER | {Rol.CONTRACTMANAGER, Rol.BEHEERDER}, "Rapportages", "rapportages"),
    ({Rol.KLANTREGISSEUR}, "DDAS", "ddas_export"),  # as can_do("ddas.exporteren")
]
