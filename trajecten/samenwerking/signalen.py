"""Who gets a signalering: the one place that turns "something happened on this traject"
into rows of ``trajecten.Signalering``.

- :func:`voor_aan_zet`: for the party that must act (``Traject.aan_zet``, or the party named):
  its person on the traject, or its team at the gemeente when nobody is assigned.
- :func:`informeer`: keep the other party informed of what one party did: its person on the
  traject, if it has one (an unassigned side is not flooded with every step).
Texts carry no personal data (they also go into the daily e-mail): what happened and the
dossier number, never a name or an amount. Idempotent by ``sleutel``.
"""

from __future__ import annotations

from schuldhulp.pakketten import Partij
from trajecten.models import Signalering, Traject


def andere(partij: Partij | str | None) -> Partij | None:
    if not partij:
        return None
    return Partij.GEMEENTE if partij == Partij.STADSBANK else Partij.STADSBANK


def _rij(traject: Traject, partij: Partij, *, soort: str, tekst: str, sleutel: str, team: bool):
    persoon_id = traject.persoon_id(partij)
    if persoon_id is None and not team:
        return None
    return Signalering(
        sleutel=f"{sleutel}-{partij.value}"[:100],
        soort=soort,
        traject=traject,
        gebruiker_id=persoon_id,
        partij="" if persoon_id else partij.value,
        tekst=tekst[:300],
    )


def _bewaar(rijen: list[Signalering | None]) -> int:
    nieuw = [r for r in rijen if r is not None]
    return len(Signalering.objects.bulk_create(nieuw, ignore_conflicts=True)) if nieuw else 0


def voor_aan_zet(
    traject: Traject, *, soort: str, tekst: str, sleutel: str, partij: Partij | None = None
) -> int:
    partij = Partij(partij or traject.aan_zet) if (partij or traject.aan_zet) else None
    if partij is None:
        return 0
    return _bewaar([_rij(traject, partij, soort=soort, tekst=tekst, sleutel=sleutel, team=True)])


def informeer(
    traject: Traject, *, door_partij: Partij | str | None, soort: str, tekst: str, sleutel: str
) -> int:
    """Tell the party other than `door_partij` (both parties when the actor has no side,
    e.g. the system or a beheerder)."""
    partijen = [andere(door_partij)] if door_partij else list(Partij)
    return _bewaar(
        [
            _rij(traject, p, soort=soort, tekst=tekst, sleutel=sleutel, team=False)
            for p in partijen
            if p is not None
        ]
    )
