"""Writes of the core domain. Views, admin, imports and commands call these."""

from __future__ import annotations

from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from schuldhulp import audit, opmaak
from schuldhulp.models import Dienstverleningsafspraak, Gebruiker, Gemeente, Klant, Spreekuur
from schuldhulp.pakketten import Partij, Taak
from schuldhulp.permissions import GEMEENTE_PERMISSIE, KLANT_PERMISSIE, vereis


class GeenAfspraak(LookupError):
    """The gemeente had no package agreement on that date."""


def afspraak_op(*, gemeente: Gemeente, datum: date) -> Dienstverleningsafspraak:
    """The agreement in force for `gemeente` on `datum`; GeenAfspraak if there is none."""
    afspraak = Dienstverleningsafspraak.objects.filter(gemeente=gemeente).geldig_op(datum).first()
    if afspraak is None:
        raise GeenAfspraak(
            f"Gemeente {gemeente} had op {opmaak.datum(datum)} geen dienstverleningsafspraak."
        )
    return afspraak


def uitvoerder_op(*, gemeente: Gemeente, taak: Taak | str, datum: date) -> Partij:
    """Who does task `taak` for `gemeente` on `datum`: the Stadsbank or the gemeente."""
    return afspraak_op(gemeente=gemeente, datum=datum).uitvoerder(taak)


@transaction.atomic
def reden_niet_verhuizen(klant: Klant, gemeente_id: int | None) -> str | None:
    """Why this klant cannot move to another gemeente now: an open traject stays with the
    gemeente that runs it, and access follows the traject's gemeente, so both must agree
    (issue 17, point 9). None: the move is fine (or there is no move)."""
    if klant.pk is None or gemeente_id is None:
        return None
    oud = Klant.objects.filter(pk=klant.pk).values_list("gemeente_id", flat=True).first()
    if oud is None or oud == gemeente_id:
        return None
    from trajecten.models import Traject  # trajecten builds on schuldhulp: import late

    lopend = Traject.objects.lopend().filter(klant_id=klant.pk).select_related("gemeente").first()
    if lopend is None:
        return None
    return (
        f"De klant heeft een lopend traject bij {lopend.gemeente.naam}. Een klant verhuist pas "
        "naar een andere gemeente als dat traject is afgesloten; de nieuwe gemeente start dan "
        "een eigen traject."
    )


def klant_opslaan(*, klant: Klant, door: Gebruiker | None = None) -> Klant:
    """Validate and save a new or changed klant (all-or-nothing), with an audit entry."""
    if reden := reden_niet_verhuizen(klant, klant.gemeente_id):
        raise ValidationError({"gemeente": reden})
    klant.full_clean()
    voor = audit.momentopname(Klant.objects.get(pk=klant.pk)) if klant.pk else None
    klant.save()
    if voor is None:
        audit.dossier_aangemaakt(request=None, obj=klant, gebruiker=door)
    else:
        audit.dossier_gewijzigd(request=None, obj=klant, voor=voor, gebruiker=door)
    return klant


def wijs_gemeente_toe(*, gebruiker: Gebruiker, gemeente: Gemeente) -> None:
    assign_perm(f"schuldhulp.{GEMEENTE_PERMISSIE}", gebruiker, gemeente)


def trek_gemeente_in(*, gebruiker: Gebruiker, gemeente: Gemeente) -> None:
    remove_perm(f"schuldhulp.{GEMEENTE_PERMISSIE}", gebruiker, gemeente)


def toegewezen_gemeenten(gebruiker: Gebruiker):
    """The gemeenten granted to this user (the stored grants, whatever the role)."""
    return Gemeente.objects.filter(
        gemeentegebruikerpermissie__user=gebruiker,
        gemeentegebruikerpermissie__permission__codename=GEMEENTE_PERMISSIE,
    )


@transaction.atomic
def zet_gemeenten(*, gebruiker: Gebruiker, gemeenten) -> None:
    """Make `gemeenten` exactly the set this user works for."""
    gewenst = {g.pk: g for g in gemeenten}
    huidig = {g.pk: g for g in toegewezen_gemeenten(gebruiker)}
    for pk in huidig.keys() - gewenst.keys():
        trek_gemeente_in(gebruiker=gebruiker, gemeente=huidig[pk])
    for pk in gewenst.keys() - huidig.keys():
        wijs_gemeente_toe(gebruiker=gebruiker, gemeente=gewenst[pk])


def deel_dossier(*, klant: Klant, gebruiker: Gebruiker) -> None:
    assign_perm(f"schuldhulp.{KLANT_PERMISSIE}", gebruiker, klant)
    gebruiker.__dict__.pop("_gedeelde_klant_ids", None)  # filter_for_user's request cache


def vernieuw_sessiesleutel(*, gebruiker: Gebruiker) -> None:
    """Invalidate all sessions of `gebruiker` (see Gebruiker._get_session_auth_hash)."""
    import secrets

    gebruiker.sessie_sleutel = secrets.token_hex(16)
    gebruiker.save(update_fields=["sessie_sleutel"])


# --- Spreekuren of the klantregisseur (task "beschikbaarheid klantregisseur op locatie") ------
# The gate refuses with PermissionDenied (its reason), bad input with ValidationError (a field).


@transaction.atomic
def voeg_spreekuur_toe(
    *, gemeente: Gemeente, door: Gebruiker, weekdag: int, van: time, tot: time, locatie: str
) -> Spreekuur:
    gemeente = Gemeente.objects.select_for_update().get(pk=gemeente.pk)  # one writer a time
    vereis(door, "spreekuur.wijzigen", gemeente)
    spreekuur = Spreekuur(
        gemeente=gemeente, weekdag=weekdag, van=van, tot=tot, locatie=(locatie or "").strip()
    )
    spreekuur.full_clean()
    overlap = gemeente.spreekuren.filter(weekdag=weekdag, van__lt=tot, tot__gt=van).first()
    if overlap is not None:
        raise ValidationError(
            {"van": f"Dit valt samen met het spreekuur op {overlap}. Kies een andere tijd."}
        )
    spreekuur.save()
    audit.dossier_aangemaakt(
        request=None, obj=spreekuur, gebruiker=door, omschrijving="Spreekuur klantregisseur"
    )
    return spreekuur


@transaction.atomic
def verwijder_spreekuur(*, spreekuur_id: int, door: Gebruiker) -> None:
    spreekuur = Spreekuur.objects.select_related("gemeente").get(pk=spreekuur_id)
    Gemeente.objects.select_for_update().get(pk=spreekuur.gemeente_id)
    vereis(door, "spreekuur.wijzigen", spreekuur.gemeente)
    audit.dossier_gewijzigd(
        request=None,
        obj=spreekuur,
        voor={},
        gebruiker=door,
        omschrijving=f"Spreekuur verwijderd: {spreekuur}",
    )
    spreekuur.delete()
