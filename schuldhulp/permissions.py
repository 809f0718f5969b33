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

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet

from schuldhulp.handelingen import (
    AFNEMER,
    ALLE_ROLLEN,
    BEHEERDER,
    CONTRACTMANAGER,
    DOSSIERROLLEN,
    EXTERNE_ROLLEN,
    KLANTREGISSEUR,
    Handeling,
    Onderwerp,
    Wie,
)
from schuldhulp.handelingen import handeling as zoek_handeling
from schuldhulp.handelingen import registreer as registreer_handelingen
from schuldhulp.models import (
    Gebruiker,
    Gemeente,
    GemeenteGebruikerPermissie,
    Klant,
    KlantGebruikerPermissie,
    Rol,
    Spreekuur,
)
from schuldhulp.pakketten import Partij

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
    Spreekuur: Pad(gemeente="gemeente", klant=None),
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
    if not _actief(user) or user.rol in EXTERNE_ROLLEN:
        return []  # a party without an account works for no gemeente
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


def dossierwerkers(gemeente_ids_: Iterable[int]) -> QuerySet[Gebruiker]:
    """Active users with a dossier role who work for one of these gemeenten (who may be a
    traject's behandelaar)."""
    return (
        Gebruiker.objects.filter(
            is_active=True,
            rol__in=DOSSIERROLLEN,
            gemeentegebruikerpermissie__content_object_id__in=gemeente_ids_,
            gemeentegebruikerpermissie__permission__codename=GEMEENTE_PERMISSIE,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def gedeelde_klant_ids(user: Gebruiker) -> QuerySet:
    return KlantGebruikerPermissie.objects.filter(
        user=user, permission__codename=KLANT_PERMISSIE
    ).values("content_object_id")


def gedeelde_klanten(user: Gebruiker) -> list[int]:
    """The klanten shared with this user, as a list (cached on the user object for one
    request, like gemeente_ids: a request that shares a dossier uses a fresh user object)."""
    cached = getattr(user, "_gedeelde_klant_ids", None)
    if cached is None:
        cached = list(gedeelde_klant_ids(user).values_list("content_object_id", flat=True))
        user._gedeelde_klant_ids = cached
    return cached


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
    eigen = Q(**{_prefix(pad.gemeente, "pk__in"): gemeente_ids(user)})
    # Shared dossiers are rare: read them first (one small index lookup), and only add the
    # OR when there are any, because an OR of two columns keeps PostgreSQL from walking one
    # index in order and stopping after a page (issue 21; docs/schaal.md).
    gedeeld = gedeelde_klanten(user)
    if not gedeeld:
        return queryset.filter(eigen)
    return queryset.filter(eigen | Q(**{_prefix(pad.klant, "pk__in"): gedeeld}))


def mag_dossiers_zien(user) -> bool:
    return mag(user, "dossiers.inzien") is None


# Handelingen on configuration, reports and whole files; the dossier's own rows are in
# trajecten/workflow.py. Both are read by the one gate below.
registreer_handelingen(
    [
        Handeling(
            naam="dossiers.inzien",
            knop="Klanten",
            onderwerp=Onderwerp.GEMEENTE,
            rolreden="Met uw rol kunt u geen klantdossiers inzien.",
        ),
        Handeling(naam="klant.aanmaken", knop="Nieuwe klant", onderwerp=Onderwerp.KLANT),
        Handeling(naam="klant.wijzigen", knop="Wijzigen", onderwerp=Onderwerp.KLANT),
        Handeling(
            naam="klant.inzien", knop="Bekijken", onderwerp=Onderwerp.KLANT, ook_gedeeld=True
        ),
        Handeling(
            naam="gemeente.inzien",
            knop="Bekijken",
            onderwerp=Onderwerp.GEMEENTE,
            rollen=ALLE_ROLLEN,
        ),
        Handeling(
            naam="beheer",
            knop="Beheer",
            onderwerp=Onderwerp.GEMEENTE,
            rollen=frozenset({BEHEERDER}),
            rolreden="Alleen de functioneel beheerder kan dit instellen.",
            ook_superuser=True,
        ),
        Handeling(  # the log as a file: who may read the log (issue 20, point 8)
            naam="verwerkingenlog.exporteren",
            knop="Exporteren (CSV)",
            onderwerp=Onderwerp.BEHEER,
            rollen=frozenset({BEHEERDER}),
            rolreden="Alleen de functioneel beheerder kan de verwerkingenlog exporteren.",
            ook_superuser=True,
        ),
        Handeling(
            naam="rapportage.inzien",
            knop="Rapportages",
            onderwerp=Onderwerp.GEMEENTE,
            rollen=ALLE_ROLLEN,
        ),
        Handeling(
            naam="rapportage.aanvragen",
            knop="Rapportage aanvragen",
            onderwerp=Onderwerp.GEMEENTE,
            rollen=frozenset({CONTRACTMANAGER, BEHEERDER}),
            rolreden="Alleen contractmanagers en beheerders vragen rapportages aan.",
        ),
        Handeling(  # the totals of all gemeenten together
            naam="rapportage.stadsbank",
            knop="Hele Stadsbank",
            onderwerp=Onderwerp.GEMEENTE,
            rollen=frozenset({BEHEERDER}),
            rolreden="Alleen de functioneel beheerder ziet de cijfers van de hele Stadsbank.",
            ook_superuser=True,
        ),
        # The contractmanager's dashboard (issue 19): the report's figures over any period,
        # counts only, never a person (docs/rapportage.md, ADR 0021).
        Handeling(
            naam="rapportage.dashboard",
            knop="Dashboard",
            onderwerp=Onderwerp.GEMEENTE,
            rollen=frozenset({CONTRACTMANAGER, BEHEERDER}),
            rolreden="Alleen contractmanagers en beheerders hebben het dashboard met cijfers.",
        ),
        Handeling(
            naam="rapportage.abonneren",
            knop="Abonneren op de rapportage",
            onderwerp=Onderwerp.GEMEENTE,
            rollen=frozenset({CONTRACTMANAGER, BEHEERDER}),
            rolreden="Alleen contractmanagers en beheerders abonneren zich op rapportages.",
        ),
        Handeling(  # obj: the report (its gemeente; the Stadsbank report has none: refused)
            naam="rapportage.kwartaalgesprek",
            knop="Kwartaalgesprek vastleggen",
            onderwerp=Onderwerp.GEMEENTE,
            rollen=frozenset({CONTRACTMANAGER}),
            rolreden="Alleen de contractmanager legt het kwartaalgesprek met de gemeente vast.",
        ),
        # A DDAS file holds the BSN of every klant: only the Stadsbank's klantregisseurs, for
        # the gemeenten they work for (docs/ddas.md explains why not beheerder or consulent).
        *(
            Handeling(
                naam=naam,
                knop=knop,
                onderwerp=Onderwerp.GEMEENTE,
                rollen=frozenset({KLANTREGISSEUR}),
                rolreden="Alleen klantregisseurs kunnen DDAS-bestanden maken of inlezen: zo'n "
                "bestand bevat de BSN's van alle klanten van een gemeente.",
            )
            for naam, knop in [("ddas.exporteren", "Exporteren"), ("ddas.importeren", "Importeren")]
        ),
        # The DDAS delivery API (rapportage/ddas/api): only a registered afnemer (the CBS, an
        # OAuth2 client), for the gemeenten it is registered for. No medewerker: they have
        # the screens above (docs/ddas-api.md).
        *(
            Handeling(
                naam=naam,
                knop=knop,
                onderwerp=Onderwerp.GEMEENTE,
                rollen=frozenset({AFNEMER}),
                rolreden="Alleen een geregistreerde afnemer (OAuth2-client) haalt DDAS-gegevens "
                "op via de API.",
                open_traject=False,
            )
            for naam, knop in [
                ("ddas.api.shv", "Schuldhulpgegevens leveren"),
                ("ddas.api.vs", "Vroegsignalen leveren"),
            ]
        ),
    ]
)


# Four eyes on who gets access (issue 17, ADR 0015): the object is the account (aanvragen,
# inrichtlink) or the request (goedkeuren, afwijzen).
def _niet_uzelf(user, gebruiker) -> str | None:
    if gebruiker.pk == user.pk:
        return "U kunt dit niet voor uw eigen account doen. Vraag een andere beheerder."
    return None


def _niet_uw_verzoek(user, verzoek) -> str | None:
    if verzoek.aangevraagd_door_id == user.pk:
        return (
            "U heeft dit verzoek zelf gedaan. Een andere beheerder beslist erover: zo kijkt "
            "altijd een tweede persoon mee wie toegang krijgt."
        )
    if verzoek.gebruiker_id == user.pk:
        return "Dit verzoek gaat over uw eigen account. Een andere beheerder beslist erover."
    return None


_BEHEERDER_ALLEEN = {
    "onderwerp": Onderwerp.BEHEER,
    "rollen": frozenset({BEHEERDER}),
    "rolreden": "Alleen de functioneel beheerder beheert accounts.",
    "open_traject": False,
}
_BESLISSEN = {
    **_BEHEERDER_ALLEEN,
    "veld": "status",
    "bron": ("open",),
    "bronreden": "Over dit verzoek is al beslist ({staat}).",
    "persoonlijk": (_niet_uw_verzoek,),
}
registreer_handelingen(
    [
        Handeling(
            naam="rechten.aanvragen",
            knop="Rechten aanvragen",
            persoonlijk=(_niet_uzelf,),
            **_BEHEERDER_ALLEEN,
        ),
        Handeling(naam="rechten.goedkeuren", knop="Goedkeuren", **_BESLISSEN),
        Handeling(naam="rechten.afwijzen", knop="Afwijzen", **_BESLISSEN),
        Handeling(
            naam="tweestaps.inrichtlink",
            knop="Inrichtlink maken",
            persoonlijk=(_niet_uzelf,),
            **_BEHEERDER_ALLEEN,
        ),
    ]
)


def _traject(obj):
    """The traject `obj` is or hangs under (a product, clock, crisis, schuld … has a
    ``traject_id``; the traject itself has not)."""
    return obj.traject if hasattr(obj, "traject_id") else obj


def _gemeente_id(h: Handeling, obj) -> int | None:
    """The gemeente of `obj` (a Gemeente, or a row that names its gemeente)."""
    if isinstance(obj, Gemeente):
        return obj.pk
    if h.onderwerp == Onderwerp.TRAJECT:
        obj = _traject(obj)
    return obj.gemeente_id


def _gedeeld(user, obj) -> bool:
    """Whether the klant of `obj` is a dossier shared with `user` (reading only)."""
    klant_id = obj.pk if isinstance(obj, Klant) else getattr(_traject(obj), "klant_id", None)
    return (
        klant_id is not None
        and gedeelde_klant_ids(user).filter(content_object_id=klant_id).exists()
    )


_NIET_JOUW_GEMEENTE = {
    Onderwerp.GEMEENTE: "U werkt niet voor deze gemeente.",
    Onderwerp.KLANT: "U werkt niet voor de gemeente van deze klant.",
    Onderwerp.TRAJECT: "U werkt niet voor de gemeente van dit traject.",
}


def wie_doet(partij: Partij) -> str:
    return (
        "de Stadsbank (klantregisseur)" if partij == Partij.STADSBANK else "de gemeente (consulent)"
    )


def partij_reden(traject, h: Handeling, user, obj=None) -> str | None:
    """Why the package gives `h` to the other side (None: the user's side does it)."""
    if h.wie == Wie.DOSSIER:
        return None
    partij = h.partij(traject, obj)
    if h.wie in (Wie.AAN, Wie.VAN):
        if partij is None:
            return "Dit bericht is niet aan een partij gericht."
        if user.partij == partij:
            return None
        if h.wie == Wie.AAN:
            return f"Dit is gericht aan {wie_doet(partij)}: alleen die kan dit doen."
        return f"Dit kan alleen {wie_doet(partij)}: die heeft het verstuurd."
    if partij is None:
        return (
            f"Nog niet afgesproken wie '{h.taak.label}' doet in dit traject: de afspraak laat "
            "dit per traject in overleg. Leg eerst vast wie het doet (trajectpagina)."
        )
    if user.partij == partij:
        return None
    wat = h.taak.label if h.taak else "Producten"
    if h.taak and traject.afspraak.uitvoerder(h.taak) != partij:  # maatwerk for this traject
        return (
            f"Dit doet {wie_doet(partij)}: '{wat}' is in dit traject door maatwerk een taak "
            f"van de {partij.label.lower()}."
        )
    return (
        f"Dit doet {wie_doet(partij)}: '{wat}' is in pakket "
        f"{traject.afspraak.get_pakket_display()} een taak van de {partij.label.lower()}."
    )


def mag(user, handeling: str | Handeling, obj=None) -> str | None:
    """The one gate: why `user` may not do `handeling` on `obj` now, or None when allowed.

    role × gemeente (guardian) × open traject × state (phase, status) × the package task as
    agreed for this traject × the row's data checks, in that order. Pages ask it to choose
    their buttons; services ask it again before they write.
    """
    h = zoek_handeling(handeling)
    if not _actief(user):
        return "Log eerst in."
    if user.rol not in h.rollen and not (h.ook_superuser and user.is_superuser):
        return h.rolreden
    if user.rol in EXTERNE_ROLLEN:
        return _extern(user, h, obj)
    if obj is not None and h.onderwerp != Onderwerp.BEHEER:  # None: "any of my gemeenten"
        gemeente_id = _gemeente_id(h, obj)
        # An object without a gemeente is nobody's: refused, never "allowed by default".
        eigen = gemeente_id is not None and gemeente_id in gemeente_ids(user)
        if not eigen and not (h.ook_gedeeld and gemeente_id is not None and _gedeeld(user, obj)):
            return _NIET_JOUW_GEMEENTE[h.onderwerp]
    if obj is None:
        return None
    if h.bron and getattr(obj, h.veld) not in h.bron:  # a step of a state machine
        staat = getattr(obj, f"get_{h.veld}_display")()
        return h.bronreden.format(staat=staat)
    if reden := next((r for c in h.persoonlijk if (r := c(user, obj))), None):
        return reden
    if h.onderwerp != Onderwerp.TRAJECT:
        return next((r for c in h.vereist if (r := c(obj))), None)
    traject = _traject(obj)
    if h.open_traject and not traject.is_open:
        return "Dit traject is afgesloten."
    if reden := partij_reden(traject, h, user, obj):
        return reden
    return next((r for c in h.vereist if (r := c(obj))), None)


def _extern(user, h: Handeling, obj) -> str | None:
    """A party without an account (schuldhulp.extern): its reach instead of a gemeente and
    a package side; then the same state and data checks as for anyone."""
    if obj is None or not user.omvat(obj):
        return user.buiten_bereik
    if h.bron and getattr(obj, h.veld) not in h.bron:
        return h.bronreden.format(staat=getattr(obj, f"get_{h.veld}_display")())
    if h.open_traject and not _traject(obj).is_open:
        return "Dit traject is afgesloten."
    return next((r for c in h.vereist if (r := c(obj))), None)


def vereis(user, handeling: str | Handeling, obj=None) -> None:
    """For views: 403 with the gate's reason when `user` may not (the page says why)."""
    if reden := mag(user, handeling, obj):
        raise PermissionDenied(reden)


def can_do(user, actie: str, obj: Model | None = None) -> bool:
    """Whether `user` may do `actie` (on `obj`): the gate's answer as a boolean."""
    return mag(user, actie, obj) is None


def rol_heeft(rol: str, handeling: str) -> bool:
    """Whether the catalogue gives `rol` the handeling at all (no object, no account state):
    for what follows from a role, such as Django's staff flag for the beheer screens."""
    return rol in zoek_handeling(handeling).rollen
