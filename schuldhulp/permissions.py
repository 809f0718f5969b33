"""The one place that decides who may see and do what.

- A klantregisseur or gemeente consulent sees the dossiers of the gemeenten they work for
  (a guardian object permission ``werken_voor_gemeente`` per gemeente), plus single dossiers
  explicitly shared with them (``inzien_klant`` on the klant).
- A contractmanager sees the gemeenten they manage, aggregated figures only: never a dossier.
- A functioneel beheerder configures gemeenten, agreements, norms and users; no dossiers.

Every list and detail view starts from :func:`filter_for_user`. Models of other apps that
hang under a klant or gemeente register their path with :func:`registreer`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model, Q, QuerySet

from schuldhulp.models import (
    Gebruiker,
    Gemeente,
    GemeenteGebruikerPermissie,
    Klant,
    KlantGebruikerPermissie,
    Rol,
)

DOSSIERROLLEN = frozenset({Rol.KLANTREGISSEUR, Rol.CONSULENT})
GEMEENTE_PERMISSIE = "werken_voor_gemeente"
KLANT_PERMISSIE = "inzien_klant"


@dataclass(frozen=True)
class Pad:
    """How a model reaches its gemeente and (for dossier data) its klant."""

    gemeente: str
    klant: str | None


_REGISTER: dict[type[Model], Pad] = {
    Gemeente: Pad(gemeente="", klant=None),
    Klant: Pad(gemeente="gemeente", klant=""),
}


def registreer(model: type[Model], *, gemeente: str, klant: str | None) -> None:
    """Declare how rows of `model` are scoped (called from the owning app's ready())."""
    _REGISTER[model] = Pad(gemeente=gemeente, klant=klant)


def _actief(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def heeft_rol(user, *rollen: Rol) -> bool:
    return _actief(user) and user.rol in rollen


def gemeente_ids(user: Gebruiker) -> list[int]:
    """The gemeenten this user works for (cached on the user object for one request)."""
    if not _actief(user):
        return []
    cached = getattr(user, "_gemeente_ids", None)
    if cached is None:
        if user.rol == Rol.BEHEERDER:
            cached = list(Gemeente.objects.values_list("pk", flat=True))
        else:
            cached = list(
                GemeenteGebruikerPermissie.objects.filter(
                    user=user, permission__codename=GEMEENTE_PERMISSIE
                ).values_list("content_object_id", flat=True)
            )
        user._gemeente_ids = cached
    return cached


def gedeelde_klant_ids(user: Gebruiker) -> QuerySet:
    return KlantGebruikerPermissie.objects.filter(
        user=user, permission__codename=KLANT_PERMISSIE
    ).values("content_object_id")


def _prefix(pad: str, veld: str) -> str:
    return f"{pad}__{veld}" if pad else veld


def filter_for_user(user, queryset: QuerySet) -> QuerySet:
    """Restrict `queryset` to the rows `user` may see. Unknown models: nothing."""
    pad = _REGISTER.get(queryset.model)
    if pad is None or not _actief(user):
        return queryset.none()
    if pad.klant is None:  # gemeente-level data (aggregates, agreements)
        return queryset.filter(**{_prefix(pad.gemeente, "pk__in"): gemeente_ids(user)})
    if user.rol not in DOSSIERROLLEN:
        return queryset.none()  # contractmanagers and beheerders never see a dossier
    return queryset.filter(
        Q(**{_prefix(pad.gemeente, "pk__in"): gemeente_ids(user)})
        | Q(**{_prefix(pad.klant, "pk__in"): gedeelde_klant_ids(user)})
    )


def mag_dossiers_zien(user) -> bool:
    return heeft_rol(user, *DOSSIERROLLEN)


def can_do(user, actie: str, obj: Model | None = None) -> bool:
    """Whether `user` may do `actie` (on `obj`). Actions are named '<onderwerp>.<werkwoord>'."""
    if not _actief(user):
        return False
    if actie == "klant.aanmaken":
        return mag_dossiers_zien(user) and (obj is None or obj.pk in gemeente_ids(user))
    if actie == "klant.inzien":
        return (
            mag_dossiers_zien(user)
            and filter_for_user(user, Klant.objects.filter(pk=obj.pk)).exists()
        )
    if actie == "klant.wijzigen":
        # Writing needs the klant's own gemeente: a shared dossier (inzien_klant) is read-only.
        return mag_dossiers_zien(user) and obj.gemeente_id in gemeente_ids(user)
    if actie == "gemeente.inzien":
        return obj is None or obj.pk in gemeente_ids(user)
    if actie == "beheer":
        return user.rol == Rol.BEHEERDER or user.is_superuser
    if actie in {"rapportage.inzien", "rapportage.aanvragen"}:
        # Aggregated figures only; klantregisseurs and consulenten may read their gemeenten's.
        rollen = {Rol.CONTRACTMANAGER, Rol.BEHEERDER}
        if actie == "rapportage.inzien":
            rollen |= DOSSIERROLLEN
        return user.rol in rollen and (obj is None or obj.pk in gemeente_ids(user))
    if actie == "rapportage.stadsbank":  # the totals of all gemeenten together
        return user.rol == Rol.BEHEERDER or user.is_superuser
    if actie in {"ddas.exporteren", "ddas.importeren"}:
        # A DDAS file holds the BSN of every klant: only the Stadsbank's klantregisseurs, for
        # the gemeenten they work for (docs/ddas.md explains why not beheerder or consulent).
        return user.rol == Rol.KLANTREGISSEUR and (obj is None or obj.pk in gemeente_ids(user))
    raise ValueError(f"Onbekende actie: {actie}")
