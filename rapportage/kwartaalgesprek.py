"""The quarterly meeting on a report: record it with its actions, tick actions off, and the
appendix it becomes in the next version of the PDF.

A report never changes (ADR 0021): the meeting hangs on the version it was about and is
copied, as it stood then, into the figures (``cijfers["kwartaalgesprekken"]``) of every later
version of the same gemeente and quarter when that version is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from rapportage.models import Actie, Kwartaalgesprek, Kwartaalrapportage
from schuldhulp import opmaak
from schuldhulp.models import Gebruiker
from schuldhulp.permissions import gemeente_ids, vereis


class GesprekFout(ValueError):
    """A meeting that cannot be recorded; the message is Dutch."""


@dataclass(frozen=True)
class NieuweActie:
    omschrijving: str
    eigenaar: str
    deadline: date


@transaction.atomic
def leg_vast(
    *,
    rapportage: Kwartaalrapportage,
    door: Gebruiker,
    datum: date,
    aanwezigen: str,
    afspraken: str,
    opmerkingen: str,
    acties: list[NieuweActie],
) -> Kwartaalgesprek:
    """The meeting and its actions together, or nothing."""
    vereis(door, "rapportage.kwartaalgesprek", rapportage)
    if not rapportage.is_klaar:
        raise GesprekFout("Een kwartaalgesprek gaat over een rapportage die klaar is.")
    if datum > timezone.localdate():
        raise GesprekFout(
            "De datum van het gesprek ligt in de toekomst. Leg het gesprek vast als het is gevoerd."
        )
    gesprek = Kwartaalgesprek.objects.create(
        rapportage=rapportage,
        datum=datum,
        aanwezigen=aanwezigen.strip(),
        afspraken=afspraken.strip(),
        opmerkingen=opmerkingen.strip(),
        vastgelegd_door=door,
    )
    Actie.objects.bulk_create(
        Actie(
            gesprek=gesprek,
            omschrijving=a.omschrijving.strip(),
            eigenaar=a.eigenaar.strip(),
            deadline=a.deadline,
        )
        for a in acties
    )
    return gesprek


@transaction.atomic
def rond_af(*, actie_id: int, door: Gebruiker, afgerond: bool = True) -> Actie:
    """Tick an action off (or on again). The row is locked so two clicks stay one."""
    actie = (
        Actie.objects.select_for_update(of=("self",))
        .select_related("gesprek__rapportage__gemeente")
        .get(pk=actie_id)
    )
    vereis(door, "rapportage.kwartaalgesprek", actie.gesprek.rapportage)
    if afgerond and actie.afgerond_op is None:
        actie.afgerond_op, actie.afgerond_door = timezone.now(), door
    elif not afgerond:
        actie.afgerond_op, actie.afgerond_door = None, None
    actie.save(update_fields=["afgerond_op", "afgerond_door"])
    return actie


def acties_voor(gebruiker: Gebruiker, gemeente_id: int | None) -> QuerySet[Actie]:
    """Actions of the meetings on reports of `gemeente_id` (None: every gemeente of the
    user), open first, soonest deadline first."""
    ids = gemeente_ids(gebruiker)
    if gemeente_id is not None:
        ids = [g for g in ids if g == gemeente_id]
    return (
        Actie.objects.filter(gesprek__rapportage__gemeente_id__in=ids)
        .select_related("gesprek__rapportage__gemeente")
        .order_by("afgerond_op", "deadline", "pk")
    )


def gesprekken_van(rapportage: Kwartaalrapportage) -> QuerySet[Kwartaalgesprek]:
    """The meetings on this version and the earlier versions of its gemeente and quarter."""
    return (
        Kwartaalgesprek.objects.filter(
            rapportage__gemeente_id=rapportage.gemeente_id,
            rapportage__jaar=rapportage.jaar,
            rapportage__kwartaal=rapportage.kwartaal,
            rapportage__versie__lte=rapportage.versie,
        )
        .select_related("rapportage")
        .prefetch_related("acties")
        .order_by("datum", "pk")
    )


def _als_dict(g: Kwartaalgesprek) -> dict:
    return {
        "datum": opmaak.datum_lang(g.datum),
        "versie": g.rapportage.versie,
        "aanwezigen": [r.strip() for r in g.aanwezigen.splitlines() if r.strip()],
        "afspraken": g.afspraken,
        "opmerkingen": g.opmerkingen,
        "acties": [
            {
                "omschrijving": a.omschrijving,
                "eigenaar": a.eigenaar,
                "deadline": opmaak.datum(a.deadline),
                "status": (
                    f"afgerond op {opmaak.datum(timezone.localdate(a.afgerond_op))}"
                    if a.afgerond_op
                    else "open"
                ),
            }
            for a in g.acties.all()
        ],
    }


def op_scherm(rapportage: Kwartaalrapportage) -> list[dict]:
    """The meetings on this version and the ones before (the report page)."""
    if rapportage.gemeente_id is None:
        return []
    return [_als_dict(g) for g in gesprekken_van(rapportage)]


def voor_bijlage(rapportage: Kwartaalrapportage) -> list[dict]:
    """The meetings on the earlier versions, as they stand now, JSON-ready: stored with the
    new version's figures, so screen and PDF of that version always show the same."""
    if rapportage.gemeente_id is None:
        return []
    eerder = gesprekken_van(rapportage).filter(rapportage__versie__lt=rapportage.versie)
    return [_als_dict(g) for g in eerder]
