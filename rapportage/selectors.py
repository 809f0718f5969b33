"""Reads of the rapportage app; each starts from permissions.filter_for_user."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Coalesce

from rapportage.models import Kwartaalrapportage, Rapportstatus
from schuldhulp.models import Gemeente
from schuldhulp.permissions import can_do, filter_for_user


def _met_huidig(qs: QuerySet) -> QuerySet:
    """Annotate `is_huidig`: klaar, and no newer klaar version of the same report."""
    nieuwer = Kwartaalrapportage.objects.annotate(g=Coalesce("gemeente_id", Value(0))).filter(
        g=OuterRef("g"),
        jaar=OuterRef("jaar"),
        kwartaal=OuterRef("kwartaal"),
        status=Rapportstatus.KLAAR,
        versie__gt=OuterRef("versie"),
    )
    return qs.annotate(g=Coalesce("gemeente_id", Value(0)), is_nieuwer=Exists(nieuwer))


def rapportages_voor(user) -> QuerySet[Kwartaalrapportage]:
    """The reports this user may see (without the PDF bytes), newest quarter first."""
    if not can_do(user, "rapportage.inzien"):
        return Kwartaalrapportage.objects.none()
    basis = Kwartaalrapportage.objects.select_related("gemeente", "gemaakt_door").defer("pdf")
    zichtbaar = filter_for_user(user, basis)
    if can_do(user, "rapportage.stadsbank"):
        zichtbaar = zichtbaar | basis.filter(gemeente__isnull=True)
    return _met_huidig(zichtbaar).order_by("-jaar", "-kwartaal", "gemeente__naam", "-versie")


def rapportage_pdf(user, pk: int) -> Kwartaalrapportage | None:
    """A klaar report with its PDF, if this user may see it."""
    return (
        rapportages_voor(user).filter(status=Rapportstatus.KLAAR).defer(None).filter(pk=pk).first()
    )


def gemeenten_voor_rapportage(user, actie: str = "rapportage.inzien") -> list[Gemeente]:
    return [g for g in filter_for_user(user, Gemeente.objects.all()) if can_do(user, actie, g)]


def versies(rapportage: Kwartaalrapportage, user) -> QuerySet[Kwartaalrapportage]:
    """All versions of the same gemeente and quarter, newest first."""
    return rapportages_voor(user).filter(
        gemeente=rapportage.gemeente, jaar=rapportage.jaar, kwartaal=rapportage.kwartaal
    )
