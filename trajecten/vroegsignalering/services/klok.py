"""The contact clock of a case: norm 'eerste contact binnen 2 weken' (NORMCODE)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from trajecten.models import Doorlooptijdnorm
from trajecten.normbewaking import extra_feestdagen, klokstand, norm_op, normen_voor_gemeente
from trajecten.vroegsignalering import werklijst
from trajecten.vroegsignalering.models import NORMCODE, OPEN_STATUSSEN, Signaalzaak
from trajecten.vroegsignalering.services.opslag import BATCH_GROOTTE

logger = logging.getLogger(__name__)

KLOKVELDEN = ["klok_norm", "klok_deadline", "klok_status"]


@dataclass
class Normcontext:
    """The norm rows per gemeente and the extra holidays, loaded once per job."""

    peildatum: date
    feestdagen: frozenset[date] = field(default_factory=frozenset)
    _per_gemeente: dict[int, list[Doorlooptijdnorm]] = field(default_factory=dict)

    @classmethod
    def laad(cls, peildatum: date | None = None) -> Normcontext:
        return cls(peildatum=peildatum or timezone.localdate(), feestdagen=extra_feestdagen())

    def rijen(self, gemeente_id: int) -> list[Doorlooptijdnorm]:
        if gemeente_id not in self._per_gemeente:
            self._per_gemeente[gemeente_id] = normen_voor_gemeente(gemeente_id).get(NORMCODE, [])
        return self._per_gemeente[gemeente_id]


def bereken_klok(zaak: Signaalzaak, ctx: Normcontext) -> None:
    """Norm 'eerste contact binnen 2 weken': from the first signal to the first contact.

    The norm row is the one in force on the day the first signal came in (the gemeente's
    own row before the default). A case that is closed is judged on its closing day.
    """
    norm = norm_op(ctx.rijen(zaak.gemeente_id), zaak.eerste_signaal_op)
    if norm is None:
        zaak.klok_norm, zaak.klok_deadline, zaak.klok_status = None, None, ""
        return
    # The same clock computation as every traject clock (one engine): no pauses, and a
    # closed case ends its clock on its closing day like an uitstroom ends a traject's.
    afgesloten = zaak.status not in OPEN_STATUSSEN
    stand = klokstand(
        start=zaak.eerste_signaal_op,
        termijn=norm.termijn,
        eenheid=norm.eenheid,
        wettelijk=norm.wettelijk,
        dreigpercentage=norm.dreigpercentage,
        pauzes=[],
        gehaald_op=zaak.eerste_contact_op,
        einde_traject=zaak.afgehandeld_op if afgesloten else None,
        peildatum=max(ctx.peildatum, zaak.eerste_signaal_op),
        feestdagen=ctx.feestdagen,
    )
    zaak.klok_norm, zaak.klok_deadline, zaak.klok_status = norm, stand.deadline, stand.status


def ververs_klokken(*, vandaag: date | None = None) -> dict[str, int]:
    """Daily: recompute the clock of every open case (norm rows can change; idempotent)."""
    ctx = Normcontext.laad(vandaag)
    gewijzigd: list[Signaalzaak] = []
    aantal = 0
    zaken = Signaalzaak.objects.filter(status__in=OPEN_STATUSSEN).only(
        "pk",
        "gemeente_id",
        "status",
        "eerste_signaal_op",
        "eerste_contact_op",
        "afgehandeld_op",
        "klok_norm_id",
        "klok_deadline",
        "klok_status",
    )
    for zaak in zaken.iterator(chunk_size=BATCH_GROOTTE):
        aantal += 1
        voor = (zaak.klok_norm_id, zaak.klok_deadline, zaak.klok_status)
        bereken_klok(zaak, ctx)
        if (zaak.klok_norm_id, zaak.klok_deadline, zaak.klok_status) != voor:
            gewijzigd.append(zaak)
    with transaction.atomic():
        Signaalzaak.objects.bulk_update(gewijzigd, KLOKVELDEN, batch_size=1000)
    # The counters of the work list's tiles: the trigger kept them; fold and repair drift
    # (ADR 0024). The sort key itself is a generated column and cannot drift.
    uitkomst = {
        "open_zaken": aantal,
        "klokken_gewijzigd": len(gewijzigd),
        **werklijst.herstel(),
    }
    logger.info("Vroegsignalering klokken %s: %s", ctx.peildatum.isoformat(), uitkomst)
    return uitkomst
