"""Who gets a signalering: the one place that turns "something happened on this traject"
into rows of ``trajecten.Signalering``.

- :func:`voor_aan_zet`: for the party that must act (``Traject.aan_zet``, or the party named):
  its person on the traject, or its team at the gemeente when nobody is assigned.
- :func:`informeer`: keep the other party informed of what one party did: its person on the
  traject, if it has one (an unassigned side is not flooded with every step).
- :func:`voor_klokken` and, for the daily SQL job, :data:`KLOK_ONTVANGERS_SQL`: a clock that
  threatens or is overdue goes to the party aan zet (person, else team); for a statutory
  term (``Doorlooptijdnorm.wettelijk``) the other party's person is informed as well. The two
  forms are the same rule (tests/samenwerking/test_signaalroutering.py compares them).
Texts carry no personal data (they also go into the daily e-mail): what happened and the
dossier number, never a name or an amount. Idempotent by ``sleutel``.

A team signal (no person, a party) is one row for the whole team: the first who marks it
read marks it read for all (trajecten.selectors.signaleringen_voor shows it to them).
"""

from __future__ import annotations

from collections.abc import Iterable

from schuldhulp.pakketten import Partij
from trajecten.models import Normbewaking, Signalering, Traject


def andere(partij: Partij | str | None) -> Partij | None:
    if not partij:
        return None
    return Partij.GEMEENTE if partij == Partij.STADSBANK else Partij.STADSBANK


def _rij(
    traject: Traject,
    partij: Partij,
    *,
    soort: str,
    tekst: str,
    sleutel: str,
    team: bool,
    klok: Normbewaking | None = None,
    met_partij: bool = True,
) -> Signalering | None:
    persoon_id = traject.persoon_id(partij)
    if persoon_id is None and not team:
        return None
    return Signalering(
        sleutel=(f"{sleutel}-{partij.value}" if met_partij else sleutel)[:100],
        soort=soort,
        traject=traject,
        klok=klok,
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
    traject: Traject,
    *,
    door_partij: Partij | str | None,
    soort: str,
    tekst: str,
    sleutel: str,
    door_id: int | None = None,
) -> int:
    """Tell the party other than `door_partij` (both parties when the actor has no side,
    e.g. the system or a beheerder). With `door_id`: everyone on the traject but the actor,
    so a contactpersoon also hears what a colleague of the same side did for them."""
    if door_id is not None:
        partijen = [p for p in Partij if traject.persoon_id(p) not in (None, door_id)]
    else:
        partijen = [andere(door_partij)] if door_partij else list(Partij)
    return _bewaar(
        [
            _rij(traject, p, soort=soort, tekst=tekst, sleutel=sleutel, team=False)
            for p in partijen
            if p is not None
        ]
    )


# ------------------------------------------------------------------------ clocks


def partij_voor_signaal(traject: Traject) -> Partij:
    """The party a signal "you must act" goes to: the party aan zet. Nobody aan zet (an ended
    traject, or no party could be found): the side that has a person on the traject, the
    Stadsbank first, else the Stadsbank's team: a term is never signalled to no one."""
    if traject.aan_zet:
        return Partij(traject.aan_zet)
    if traject.behandelaar_id is None and traject.consulent_id is not None:
        return Partij.GEMEENTE
    return Partij.STADSBANK


def klokrijen(klok: Normbewaking, *, tekst: str) -> list[Signalering]:
    """The rows for one clock in its (signal) status: key ``klok-<id>-<status>`` for the
    party aan zet (the key the clocks always had), ``…-<partij>`` for the other party's
    person when the term is statutory."""
    traject = klok.traject
    partij = partij_voor_signaal(traject)
    sleutel = f"klok-{klok.pk}-{klok.status}"
    rijen = [
        _rij(
            traject,
            partij,
            soort=klok.status,
            tekst=tekst,
            sleutel=sleutel,
            team=True,
            klok=klok,
            met_partij=False,
        )
    ]
    if klok.norm.wettelijk:
        rijen.append(
            _rij(
                traject,
                andere(partij),
                soort=klok.status,
                tekst=tekst,
                sleutel=sleutel,
                team=False,
                klok=klok,
            )
        )
    return [r for r in rijen if r is not None]


def voor_klokken(klokken_met_tekst: Iterable[tuple[Normbewaking, str]]) -> int:
    """Signal each (clock, text): see :func:`klokrijen`. Duplicates are ignored."""
    return _bewaar([r for klok, tekst in klokken_met_tekst for r in klokrijen(klok, tekst=tekst)])


# The same rule in SQL, for the daily job (trajecten.normbewaking STATUS_SQL, OPGESCHORT_SQL):
# joined after `gewijzigd AS g` (the changed clocks, with the norm's `wettelijk`) and
# `trajecten_traject AS t`, it gives per clock the rows `o` to insert: the key suffix, the
# person (NULL: the party's team) and the party of a team row; keep rows WHERE o.mee.
KLOK_ONTVANGERS_SQL = """
CROSS JOIN LATERAL (
    SELECT CASE WHEN t.aan_zet <> '' THEN t.aan_zet
                WHEN t.behandelaar_id IS NULL AND t.consulent_id IS NOT NULL THEN 'gemeente'
                ELSE 'stadsbank' END AS partij
) AS az
CROSS JOIN LATERAL (
    SELECT CASE az.partij WHEN 'stadsbank' THEN t.behandelaar_id ELSE t.consulent_id END
               AS persoon,
           CASE az.partij WHEN 'stadsbank' THEN 'gemeente' ELSE 'stadsbank' END AS andere,
           CASE az.partij WHEN 'stadsbank' THEN t.consulent_id ELSE t.behandelaar_id END
               AS andere_persoon
) AS p
CROSS JOIN LATERAL (
    VALUES ('', p.persoon, CASE WHEN p.persoon IS NULL THEN az.partij ELSE '' END, true),
           ('-' || p.andere, p.andere_persoon, '',
            g.wettelijk AND p.andere_persoon IS NOT NULL)
) AS o(achtervoegsel, gebruiker_id, partij, mee)
"""
