"""Traject page part 'aanzet' of the collaboration block (trajecten.samenwerking.paneel):
one clear line "Aan zet: <party> (<person or 'het team'>) — <what>", from
:func:`trajecten.samenwerking.aanzet.bepaal` (the same rule that fills ``Traject.aan_zet``
for the werkvoorraad and routes the signaleringen)."""

from __future__ import annotations

from trajecten.models import Traject
from trajecten.samenwerking import aanzet
from trajecten.samenwerking.paneel import Deel
from trajecten.views.knoppen import Actie


def _naam(persoon) -> str:
    return persoon.get_full_name() or persoon.username


def deel(traject: Traject, user, gebonden: Actie | None = None) -> Deel:
    if not traject.is_open:
        return Deel()
    stand = aanzet.bepaal(traject)
    persoon = traject.persoon(stand.partij)
    ik = persoon is not None and persoon.pk == user.pk
    eigen = stand.partij is not None and stand.partij == user.partij
    if stand.partij is None:
        wie = ""
    elif ik:
        wie = "u"
    else:
        wie = _naam(persoon) if persoon is not None else "het team"
    open_ = stand.open_overdracht
    return Deel(
        context={
            "toon": True,
            "partij": stand.partij.value if stand.partij else "",
            "partij_label": stand.partij.label if stand.partij else "nog niet afgesproken",
            "wie": wie,
            "wat": stand.wat,
            "ik": ik,
            # The user's party, nobody assigned: anyone of the team may pick it up.
            "team": eigen and persoon is None,
            "overdracht_deadline": open_.deadline if open_ is not None else None,
        }
    )
