"""Four eyes on who gets access (issue 17, point 1; ADR 0015).

Giving someone more access (another role, a gemeente, activating an account) is a
:class:`Rechtenverzoek`: one beheerder asks, another approves or rejects it, and only the
approval changes the account. Taking access away works at once. Every step is a row in the
verwerkingenlog with references and the non-personal values (role, gemeente codes).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from schuldhulp import audit, rechten, services
from schuldhulp.modellen_toegang import Rechtenverzoek, Verzoekstatus
from schuldhulp.models import Gebruiker, Gemeente
from schuldhulp.permissions import rol_heeft, vereis


def rechten_van(gebruiker: Gebruiker) -> dict[str, object]:
    """The access a user has, as plain values for the verwerkingenlog (no personal data)."""
    return {
        "rol": gebruiker.rol,
        "gemeenten": sorted(
            services.toegewezen_gemeenten(gebruiker).values_list("code", flat=True)
        ),
        "is_active": gebruiker.is_active,
        "is_staff": gebruiker.is_staff,
        "is_superuser": gebruiker.is_superuser,
        "groups": sorted(gebruiker.groups.values_list("name", flat=True)),
    }


def open_verzoeken():
    return (
        Rechtenverzoek.objects.filter(status=Verzoekstatus.OPEN)
        .select_related("gebruiker", "aangevraagd_door")
        .prefetch_related("gemeenten")
    )


@transaction.atomic
def aanvragen(
    *,
    door: Gebruiker,
    gebruiker: Gebruiker,
    rol: str = "",
    gemeenten: Iterable[Gemeente] = (),
    activeren: bool = False,
) -> Rechtenverzoek | None:
    """Ask for a grant; None when it asks for nothing the user does not have yet."""
    rol = rol if rol and rol != gebruiker.rol else ""
    huidig = set(services.toegewezen_gemeenten(gebruiker).values_list("pk", flat=True))
    erbij = [g for g in gemeenten if g.pk not in huidig]
    activeren = activeren and not gebruiker.is_active
    if not (rol or erbij or activeren):
        return None
    vereis(door, "rechten.aanvragen", gebruiker)  # a second beheerder, not for yourself
    verzoek = Rechtenverzoek.objects.create(
        gebruiker=gebruiker, rol=rol, activeren=activeren, aangevraagd_door=door
    )
    verzoek.gemeenten.set(erbij)
    audit.rechtenverzoek(verzoek=verzoek, gebruiker=door, stap="aangevraagd")
    return verzoek


def _beslis(verzoek_id: int, door: Gebruiker, handeling: str) -> Rechtenverzoek:
    """The request, locked, after the gate said yes (a second beheerder, still open)."""
    verzoek = (
        Rechtenverzoek.objects.select_for_update().select_related("gebruiker").get(pk=verzoek_id)
    )
    vereis(door, handeling, verzoek)
    verzoek.beslist_door = door
    verzoek.beslist_op = timezone.now()
    return verzoek


@transaction.atomic
def goedkeuren(*, verzoek_id: int, door: Gebruiker) -> Rechtenverzoek:
    verzoek = _beslis(verzoek_id, door, "rechten.goedkeuren")
    gebruiker = Gebruiker.objects.select_for_update().get(pk=verzoek.gebruiker_id)
    voor = rechten_van(gebruiker)
    if verzoek.rol or verzoek.activeren:  # a new account keeps its role: staff follows now
        zet_rol(gebruiker, verzoek.rol or gebruiker.rol)
    if verzoek.activeren:
        gebruiker.is_active = True
    gebruiker.save()
    for gemeente in verzoek.gemeenten.all():
        services.wijs_gemeente_toe(gebruiker=gebruiker, gemeente=gemeente)
    verzoek.status = Verzoekstatus.GOEDGEKEURD
    verzoek.save(update_fields=["status", "beslist_door", "beslist_op"])
    audit.rechtenverzoek(verzoek=verzoek, gebruiker=door, stap="goedgekeurd")
    audit.rechten_gewijzigd(
        request=None, gebruiker=gebruiker, voor=voor, na=rechten_van(gebruiker), door=door
    )
    return verzoek


@transaction.atomic
def afwijzen(*, verzoek_id: int, door: Gebruiker) -> Rechtenverzoek:
    verzoek = _beslis(verzoek_id, door, "rechten.afwijzen")
    verzoek.status = Verzoekstatus.AFGEWEZEN
    verzoek.save(update_fields=["status", "beslist_door", "beslist_op"])
    audit.rechtenverzoek(verzoek=verzoek, gebruiker=door, stap="afgewezen")
    return verzoek


def zet_rol(gebruiker: Gebruiker, rol: str) -> None:
    """The role, and what follows from it: only a role the catalogue gives 'beheer' is staff,
    in the beheer group. So staff and groups are never set by hand (they would be a way around
    the request)."""
    gebruiker.rol = rol
    gebruiker.is_staff = rol_heeft(rol, "beheer")
    if gebruiker.pk is None:
        return
    groep = Group.objects.filter(name=rechten.BEHEERGROEP).first() or (
        rechten.zorg_voor_beheergroep()
    )
    if gebruiker.is_staff:
        gebruiker.groups.add(groep)
    else:
        gebruiker.groups.remove(groep)
