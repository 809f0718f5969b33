"""Who works on a traject: the behandelaar at the Stadsbank, the contactpersoon at the
gemeente, and which of the two is the klant's vaste contactpersoon (docs/samenwerking.md).

Each change is a handeling like any other: lock, gate, checks (who may be the person of a
party: ``trajecten.samenwerking.personen.fout``), change, then the timeline row with the
reason (dated today). The clocks do not depend on who handles a traject (``klokken=False``).
The person who gets the traject hears it through a signalering of soort TOEWIJZING (with
nobody assigned, the team of that party does). The team lead's bulk :func:`verdeel` sends
every traject through the same per-traject service, so each gets its own timeline row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from schuldhulp.models import Gebruiker, Gemeente
from schuldhulp.pakketten import Partij
from trajecten.models import Signaleringsoort, Traject
from trajecten.samenwerking import personen, signalen
from trajecten.services import Geweigerd, _leg_vast, _vergrendel, poort

HANDELING: dict[Partij, str] = {
    Partij.STADSBANK: "traject.wijzig_behandelaar",
    Partij.GEMEENTE: "traject.wijzig_contactpersoon",
}
VELD: dict[Partij, str] = {Partij.STADSBANK: "behandelaar", Partij.GEMEENTE: "consulent"}
# The key of the person in the event's gegevens (and of the previous one: "vorige_<key>").
SLEUTEL: dict[Partij, str] = {Partij.STADSBANK: "behandelaar", Partij.GEMEENTE: "contactpersoon"}


class _Onbekend:
    """`van` not given: the bulk assignment does not check whom a traject had."""


ONBEKEND: Any = _Onbekend()


def naam(gebruiker: Gebruiker | None) -> str:
    return str(gebruiker) if gebruiker is not None else ""


def _reden(reden: str) -> str:
    if not reden.strip():
        raise Geweigerd("Geef de reden op.")
    return reden.strip()


def _signaleer(traject: Traject, partij: Partij, door: Gebruiker, tekst: str) -> None:
    """Tell the new person (or, with nobody assigned, the party's team); not the person who
    assigned themselves. No names in the text (it also goes into the daily e-mail)."""
    if traject.persoon_id(partij) == door.pk:
        return
    signalen.voor_aan_zet(
        traject,
        partij=partij,
        soort=Signaleringsoort.TOEWIJZING,
        tekst=tekst,
        sleutel=f"toewijzing-{traject.pk}-{traject.versie}",
    )


def _wijs_toe(
    traject: Traject, partij: Partij, persoon: Gebruiker | None, door: Gebruiker, reden: str
) -> Traject:
    """Under the lock, after the gate: the checks, the change and its timeline row."""
    if fout := personen.fout(traject.gemeente_id, partij, persoon):
        raise Geweigerd(fout)
    functie = personen.FUNCTIE[partij]
    if (persoon.pk if persoon else None) == traject.persoon_id(partij):
        raise Geweigerd(
            f"Dit is al de {functie} van dit traject."
            if persoon
            else f"Dit traject heeft al geen {functie}."
        )
    toelichting = _reden(reden)
    vorige = traject.persoon(partij)
    setattr(traject, VELD[partij], persoon)
    sleutel = SLEUTEL[partij]
    _leg_vast(
        traject,
        HANDELING[partij],
        door=door,
        datum=timezone.localdate(),
        velden=(VELD[partij],),
        klokken=False,  # the clocks do not depend on who handles the traject
        toelichting=toelichting,
        **{
            sleutel: persoon.pk if persoon else None,
            f"{sleutel}_naam": naam(persoon),
            f"vorige_{sleutel}": vorige.pk if vorige else None,
            f"vorige_{sleutel}_naam": naam(vorige),
        },
    )
    if persoon is not None:
        tekst = f"Dossier {traject.pk}: u bent nu de {functie}."
    else:
        tekst = f"Dossier {traject.pk}: geen {functie} meer. Wijs iemand toe."
    _signaleer(traject, partij, door, tekst)
    return traject


def _wijzig(
    partij: Partij,
    *,
    traject_id: int,
    persoon: Gebruiker | None,
    door: Gebruiker,
    reden: str,
    verwachte_versie: int | None,
) -> Traject:
    traject = _vergrendel(traject_id, verwachte_versie)
    poort(door, HANDELING[partij], traject)
    return _wijs_toe(traject, partij, persoon, door, reden)


@transaction.atomic
def wijzig_behandelaar(
    *,
    traject_id: int,
    behandelaar: Gebruiker | None,
    door: Gebruiker,
    reden: str,
    verwachte_versie: int | None = None,
) -> Traject:
    """Another klantregisseur of the gemeente takes the traject over (today); None: nobody
    at the Stadsbank for now (with a reason)."""
    return _wijzig(
        Partij.STADSBANK,
        traject_id=traject_id,
        persoon=behandelaar,
        door=door,
        reden=reden,
        verwachte_versie=verwachte_versie,
    )


@transaction.atomic
def wijzig_contactpersoon(
    *,
    traject_id: int,
    contactpersoon: Gebruiker | None,
    door: Gebruiker,
    reden: str,
    verwachte_versie: int | None = None,
) -> Traject:
    """Another consulent becomes the contactpersoon at the gemeente (today); None: nobody
    at the gemeente for now (with a reason)."""
    return _wijzig(
        Partij.GEMEENTE,
        traject_id=traject_id,
        persoon=contactpersoon,
        door=door,
        reden=reden,
        verwachte_versie=verwachte_versie,
    )


@transaction.atomic
def kies_vaste_contactpersoon(
    *,
    traject_id: int,
    partij: Partij | str,
    door: Gebruiker,
    reden: str,
    verwachte_versie: int | None = None,
) -> Traject:
    """Which of the two people the klant calls and mails: its name is printed in the dossier,
    the klantplan, the letters and the actielijst (Traject.contactpersoon)."""
    traject = _vergrendel(traject_id, verwachte_versie)
    poort(door, "traject.kies_vaste_contactpersoon", traject)
    if partij not in Partij.values:
        raise Geweigerd("Kies wie de vaste contactpersoon van de klant is.")
    partij = Partij(partij)
    if traject.vaste_contactpersoon == partij:
        raise Geweigerd(
            f"De {personen.FUNCTIE[partij]} is al de vaste contactpersoon van de klant."
        )
    toelichting = _reden(reden)
    vorige = traject.vaste_contactpersoon
    traject.vaste_contactpersoon = partij.value
    persoon = traject.persoon(partij)
    _leg_vast(
        traject,
        "traject.kies_vaste_contactpersoon",
        door=door,
        datum=timezone.localdate(),
        velden=("vaste_contactpersoon",),
        klokken=False,
        toelichting=toelichting,
        vaste_contactpersoon=partij.value,
        vorige_vaste_contactpersoon=vorige,
        persoon=persoon.pk if persoon else None,
        persoon_naam=naam(persoon),
    )
    _signaleer(
        traject,
        partij,
        door,
        f"Dossier {traject.pk}: u bent nu de vaste contactpersoon van de klant."
        if persoon
        else f"Dossier {traject.pk}: de vaste contactpersoon van de klant zit bij uw team, "
        "maar niemand is toegewezen.",
    )
    return traject


WIJZIG = {Partij.STADSBANK: wijzig_behandelaar, Partij.GEMEENTE: wijzig_contactpersoon}


@transaction.atomic
def verdeel(
    *,
    gemeente: Gemeente,
    door: Gebruiker,
    partij: Partij | str,
    traject_ids: Iterable[int],
    naar: Gebruiker | None,
    reden: str,
    van: Gebruiker | None = ONBEKEND,
) -> int:
    """The team lead's bulk assignment: the chosen trajecten of `gemeente` get `naar` as the
    person of `partij` (None: nobody). All or nothing; each traject through its own service
    and gate, so each gets its timeline row. `van`: the person whose list the lead chose
    from (None: the unassigned ones); a traject that meanwhile went to someone else is
    refused. Trajecten that already have `naar` are left alone. Returns how many changed."""
    poort(door, "team.verdelen", gemeente)
    if partij not in Partij.values:
        raise Geweigerd("Kies voor welke partij u toewijst.")
    partij = Partij(partij)
    ids = sorted(set(traject_ids))  # one lock order: two leads at once never deadlock
    if not ids:
        raise Geweigerd("Kies een of meer trajecten.")
    if fout := personen.fout(gemeente.pk, partij, naar):
        raise Geweigerd(fout)
    _reden(reden)
    rijen = dict(
        Traject.objects.filter(pk__in=ids).values_list("pk", "gemeente_id")
    )  # before the locks: which ids exist and where
    gewijzigd = 0
    for pk in ids:
        if rijen.get(pk) != gemeente.pk:
            raise Geweigerd(f"Traject {pk} hoort niet bij gemeente {gemeente.naam}.")
        traject = _vergrendel(pk, None)
        huidig = traject.persoon_id(partij)
        if van is not ONBEKEND and huidig != (van.pk if van else None):
            raise Geweigerd(
                f"Traject {pk} is intussen aan iemand anders toegewezen. Bekijk de nieuwe "
                "stand en kies opnieuw."
            )
        if huidig == (naar.pk if naar else None):
            continue
        try:
            WIJZIG[partij](
                traject_id=pk,
                **{SLEUTEL[partij]: naar},
                door=door,
                reden=reden,
            )
        except Geweigerd as exc:
            raise Geweigerd(f"Traject {pk}: {exc}") from exc
        gewijzigd += 1
    return gewijzigd
