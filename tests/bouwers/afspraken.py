"""Package agreements THROUGH their services (trajecten/pakket/services/afspraken.py): a
concept or a vastgesteld agreement for an omgeving's gemeente, and the agreement the
omgeving starts with (made by the factory, in force since 2020)."""

from __future__ import annotations

from datetime import date

from schuldhulp.afspraken import Overgangsregeling
from schuldhulp.models import Dienstverleningsafspraak
from tests.bouwers.fabrieken import STANDAARDKEUZES
from tests.bouwers.omgeving import Omgeving
from tests.bouwers.trajecten import dagen, vandaag
from trajecten.pakket.services import afspraken

SINDS_2020 = date(2020, 1, 1)  # the start of the omgeving's agreement in force


def lopende(omg: Omgeving) -> Dienstverleningsafspraak:
    """The omgeving's own agreement (status actief, since 2020; maybe ended by a test)."""
    return Dienstverleningsafspraak.objects.get(gemeente=omg.gemeente, geldig_van=SINDS_2020)


def concept(
    omg: Omgeving,
    *,
    pakket: str = "basis",
    over: int = 30,
    tot: date | None = None,
    keuzes: dict[str, str] | None = None,
    door=None,
) -> Dienstverleningsafspraak:
    """A concept starting `over` days from today (the package's usual O choices unless
    `keuzes`), drafted by the beheerder."""
    return afspraken.stel_op(
        door=door or omg.beheerder,
        gemeente=omg.gemeente,
        pakket=pakket,
        geldig_van=vandaag() + dagen(over),
        geldig_tot=tot,
        optionele=dict(STANDAARDKEUZES[pakket]) if keuzes is None else keuzes,
    )


def vastgesteld(
    omg: Omgeving,
    overgang: str = Overgangsregeling.BEHOUDEN,
    fasen: tuple[str, ...] = (),
    reden: str = "",
    **kw,
) -> Dienstverleningsafspraak:
    """A concept (see `concept`) vastgesteld by the contractmanager."""
    return afspraken.stel_vast(
        door=omg.contractmanager,
        afspraak_id=concept(omg, **kw).pk,
        overgang=overgang,
        fasen=fasen,
        reden=reden,
    )
