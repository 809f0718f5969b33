from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from schuldhulp.permissions import can_do
from schuldhulp.tweestaps import tweestaps_nodig


def navigatie(request: HttpRequest) -> dict:
    """The menu items the gate allows this user (only what they may use)."""
    user = getattr(request, "user", None)
    items: list[tuple[str, str]] = []
    if user is not None and user.is_authenticated and not tweestaps_nodig(request):
        items.append(("Start", reverse("home")))
        items += [(label, reverse(naam)) for h, label, naam in MENU if can_do(user, h)]
    return {"menu": items, "csp_nonce": getattr(request, "csp_nonce", "")}


# (handeling, label, url name): an item shows when the gate allows its handeling.
MENU: list[tuple[str, str, str]] = [
    ("dossiers.inzien", "Werkvoorraad", "werkvoorraad"),
    ("dossiers.inzien", "Klanten", "klanten"),
    ("team.verdelen", "Werk verdelen", "team_kies"),
    ("vroegsignalering.behandelen", "Vroegsignalen", "vroegsignalen"),
    ("gemeente.inzien", "Gemeenten", "gemeenten"),
    ("rapportage.dashboard", "Dashboard", "rapportage_dashboard"),
    ("rapportage.inzien", "Rapportages", "rapportages"),
    ("specificatie.inzien", "Specificaties", "specificaties"),
    ("ddas.exporteren", "DDAS", "ddas_export"),
    ("sr.printbatch", "Brieven", "schuldregeling:printbatch"),  # the day's letters to print
    ("beheer", "Verwerkingenlog", "verwerkingenlog"),
    ("beheer", "Uitgaande e-mail", "uitgaande_email"),
    ("beheer", "Beheer", "admin:index"),
]
