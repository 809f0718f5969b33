"""Who may write on cases, and the row and gemeente locks that writes take."""

from __future__ import annotations

from django.db import connection

from schuldhulp.models import Gebruiker, Gemeente
from schuldhulp.permissions import mag
from trajecten.services import Geweigerd
from trajecten.vroegsignalering.models import Signaalzaak

SLOT_NAAMRUIMTE = 4104  # first key of the advisory lock (second: gemeente id)


def vereis_gemeente(user: Gebruiker, gemeente_id: int) -> None:
    """Writes on cases: the gate decides (a dossier role that works for the gemeente)."""
    if reden := mag(user, "vroegsignalering.behandelen", Gemeente(pk=gemeente_id)):
        raise Geweigerd(reden)


def vergrendel_zaak(zaak_id: int, door: Gebruiker) -> Signaalzaak:
    """The case, locked for this transaction, after the access check."""
    zaak = Signaalzaak.objects.select_for_update().select_related("gemeente").get(pk=zaak_id)
    vereis_gemeente(door, zaak.gemeente_id)
    return zaak


def vergrendel_gemeente(gemeente_id: int) -> None:
    """Signals of one gemeente are taken in one at a time (until the transaction ends)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [SLOT_NAAMRUIMTE, gemeente_id])
