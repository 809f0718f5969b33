"""Reads of the specificaties; each starts from permissions.filter_for_user."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from rapportage.facturatie.models import Specificatie
from schuldhulp.models import Gemeente
from schuldhulp.permissions import can_do, filter_for_user


def specificaties_voor(user) -> QuerySet[Specificatie]:
    """The specificaties this user may see (without PDF and CSV), newest month first, with
    `is_vervangen`: a newer version of the same gemeente and month exists."""
    if not can_do(user, "specificatie.inzien"):
        return Specificatie.objects.none()
    nieuwer = Specificatie.objects.filter(
        gemeente=OuterRef("gemeente"),
        jaar=OuterRef("jaar"),
        maand=OuterRef("maand"),
        versie__gt=OuterRef("versie"),
    )
    return (
        filter_for_user(user, Specificatie.objects.select_related("gemeente"))
        .defer("pdf", "csv", "regels")
        .annotate(is_vervangen=Exists(nieuwer))
        .order_by("-jaar", "-maand", "gemeente__naam", "-versie")
    )


def gemeenten_voor(user, handeling: str = "specificatie.inzien") -> list[Gemeente]:
    return [
        g
        for g in filter_for_user(user, Gemeente.objects.order_by("naam"))
        if can_do(user, handeling, g)
    ]
