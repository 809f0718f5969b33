"""The quarterly meeting on a report: record it with its actions, change it until the next
version carries it, tick actions off, and the appendix it becomes in the next version of the
PDF. Every change and tick is a line in the verwerkingenlog, read back as the meeting's history.

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
from schuldhulp import audit, opmaak
from schuldhulp.models import Auditregel, Gebruiker
from schuldhulp.permissions import gemeente_ids, mag, vereis


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


def volgende_versie(gesprek: Kwartaalgesprek) -> Kwartaalrapportage | None:
    """The first later version of the meeting's report (made, or being made) that carries
    it as its appendix; None while there is none."""
    r = gesprek.rapportage
    return (
        Kwartaalrapportage.objects.filter(
            gemeente_id=r.gemeente_id,
            jaar=r.jaar,
            kwartaal=r.kwartaal,
            versie__gt=r.versie,
            status__in=("klaar", "wordt_gemaakt"),
        )
        .order_by("versie")
        .first()
    )


@dataclass(frozen=True)
class ActieWijziging:
    """One row of the edit form: an existing action (`pk`) or a new one (`pk` None)."""

    pk: int | None
    omschrijving: str
    eigenaar: str
    deadline: date
    afgerond: bool = False
    verwijderen: bool = False


def _vink(actie: Actie, afgerond: bool, door: Gebruiker) -> bool:
    """Set the action's state; True when it changed."""
    if afgerond and actie.afgerond_op is None:
        actie.afgerond_op, actie.afgerond_door = timezone.now(), door
        return True
    if not afgerond and actie.afgerond_op is not None:
        actie.afgerond_op, actie.afgerond_door = None, None
        return True
    return False


def _telling(aantal: int) -> dict:
    return {"voor": 0, "na": aantal}


@transaction.atomic
def wijzig(
    *,
    gesprek_id: int,
    door: Gebruiker,
    datum: date,
    aanwezigen: str,
    afspraken: str,
    opmerkingen: str,
    acties: list[ActieWijziging],
) -> Kwartaalgesprek:
    """Change the meeting and its actions, all or nothing; refused (by the gate) once the
    next version exists. The row is locked, so a version being made waits or goes first."""
    gesprek = (
        Kwartaalgesprek.objects.select_for_update(of=("self",))
        .select_related("rapportage")
        .get(pk=gesprek_id)
    )
    vereis(door, "rapportage.kwartaalgesprek_wijzigen", gesprek)
    if datum > timezone.localdate():
        raise GesprekFout("De datum van het gesprek ligt in de toekomst.")
    voor = audit.momentopname(gesprek)
    gesprek.datum, gesprek.aanwezigen = datum, aanwezigen.strip()
    gesprek.afspraken, gesprek.opmerkingen = afspraken.strip(), opmerkingen.strip()
    gesprek.save(update_fields=["datum", "aanwezigen", "afspraken", "opmerkingen"])
    wijzigingen = audit.verschil(voor, audit.momentopname(gesprek))
    bestaand = {a.pk: a for a in gesprek.acties.all()}
    tel = {"acties_erbij": 0, "acties_weg": 0, "afgerond": 0, "heropend": 0}
    for w in acties:
        if w.pk is None:
            if w.verwijderen:
                continue
            nieuw = Actie(
                gesprek=gesprek,
                omschrijving=w.omschrijving.strip(),
                eigenaar=w.eigenaar.strip(),
                deadline=w.deadline,
            )
            _vink(nieuw, w.afgerond, door)
            nieuw.save()
            tel["acties_erbij"] += 1
            continue
        actie = bestaand.get(w.pk)
        if actie is None:
            raise GesprekFout("Een actie hoort niet bij dit gesprek. Open het gesprek opnieuw.")
        if w.verwijderen:
            actie.delete()
            tel["acties_weg"] += 1
            continue
        oud = audit.momentopname(actie)
        actie.omschrijving, actie.eigenaar = w.omschrijving.strip(), w.eigenaar.strip()
        actie.deadline = w.deadline
        if _vink(actie, w.afgerond, door):
            tel["afgerond" if w.afgerond else "heropend"] += 1
        veranderd = audit.verschil(oud, audit.momentopname(actie))
        if veranderd:
            actie.save()
            wijzigingen |= {
                f"actie {actie.pk}: {veld}": waarde
                for veld, waarde in veranderd.items()
                if veld not in ("afgerond_op", "afgerond_door_id")
            }
    wijzigingen |= {k: _telling(n) for k, n in tel.items() if n}
    if wijzigingen:
        audit.kwartaalgesprek_gewijzigd(
            gesprek=gesprek,
            gebruiker=door,
            omschrijving="Kwartaalgesprek gewijzigd",
            wijzigingen=wijzigingen,
        )
    return gesprek


def historie(gesprek: Kwartaalgesprek) -> list[Auditregel]:
    """The changes and ticks of this meeting, newest first (from the verwerkingenlog)."""
    return list(
        Auditregel.objects.filter(objecttype="kwartaalgesprek", object_id=str(gesprek.pk))
        .order_by("-tijdstip", "-pk")
        .only("tijdstip", "gebruikersnaam", "omschrijving", "wijzigingen")
    )


@transaction.atomic
def rond_af(*, actie_id: int, door: Gebruiker, afgerond: bool = True) -> Actie:
    """Tick an action off (or on again). The row is locked so two clicks stay one."""
    actie = (
        Actie.objects.select_for_update(of=("self",))
        .select_related("gesprek__rapportage__gemeente")
        .get(pk=actie_id)
    )
    vereis(door, "rapportage.kwartaalgesprek", actie.gesprek.rapportage)
    if _vink(actie, afgerond, door):
        actie.save(update_fields=["afgerond_op", "afgerond_door"])
        audit.kwartaalgesprek_gewijzigd(
            gesprek=actie.gesprek,
            gebruiker=door,
            omschrijving=f"Actie {'afgerond' if afgerond else 'weer open'}",
            wijzigingen={"afgerond" if afgerond else "heropend": _telling(1)},
        )
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


def op_scherm(rapportage: Kwartaalrapportage, gebruiker: Gebruiker | None = None) -> list[dict]:
    """The meetings on this version and the ones before (the report page), each with its
    page link when `gebruiker` may change it now."""
    if rapportage.gemeente_id is None:
        return []
    return [
        {
            **_als_dict(g),
            "pk": g.pk,
            "wijzigen": gebruiker is not None
            and not mag(gebruiker, "rapportage.kwartaalgesprek_wijzigen", g),
        }
        for g in gesprekken_van(rapportage)
    ]


def voor_bijlage(rapportage: Kwartaalrapportage) -> list[dict]:
    """The meetings on the earlier versions, as they stand now, JSON-ready: stored with the
    new version's figures, so screen and PDF of that version always show the same."""
    if rapportage.gemeente_id is None:
        return []
    eerder = gesprekken_van(rapportage).filter(rapportage__versie__lt=rapportage.versie)
    return [_als_dict(g) for g in eerder]
