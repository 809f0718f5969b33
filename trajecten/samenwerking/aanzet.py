"""Whose turn it is on a traject: the party (and so the person) that must act next.

Read from the catalogue, never decided here: the next step of the journey
(``workflow.volgende_overgang``) and the package task it needs (``Traject.uitvoerder``); an
open warme overdracht (the receiver accepts; after a question the sender answers); and a
handover that is due because the next step lies with the other party than the one that took
the last step. When the next step waits for products (start uitvoering needs one running,
nazorg and uitstroom need all ended) the product handelingen are next (always the
Stadsbank's); they ask no handover: the Stadsbank delivers products in every package, a
handover goes with the journey's steps (else Basis would hand over three times around one
product). A task the agreement leaves "per traject in overleg" that nobody settled yet stays
with the party that holds the traject: it settles it with the other (``taak.afspreken``).

Stored on the traject (``Traject.aan_zet``) by :func:`werk_bij`, which every write on a
traject calls, so the werkvoorraad filters on a column (docs/samenwerking.md). What changes
with the calendar (maatwerk that starts or ends, an agreement that starts) is caught up by
:func:`dagelijks` in the early-morning package job, before the norm watch routes its
signaleringen by ``aan_zet``; :func:`werk_bij_alle` recomputes any set of trajecten in
batches (``manage.py aanzet_bijwerken``, the data migration samenwerking 0003).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from schuldhulp.handelingen import handeling
from schuldhulp.pakketten import Partij
from trajecten import workflow
from trajecten.models import AFGESLOTEN_FASEN, Gebeurtenis, Traject
from trajecten.pakket.models import Maatwerk
from trajecten.pakket.workflow import Maatwerkstatus
from trajecten.samenwerking.models import Overdracht
from trajecten.samenwerking.personen import ROL_VAN
from trajecten.samenwerking.workflow import OPEN_OVERDRACHT, Overdrachtstatus
from trajecten.workflow import Gebeurtenissoort

logger = logging.getLogger(__name__)

# The events that move a traject along its journey: who recorded the last one held it.
STAPPEN = (
    Gebeurtenissoort.AANMELDING,
    *(h.gebeurtenis for h in workflow.OVERGANGEN.values()),
    Gebeurtenissoort.OVERDRACHT_GEACCEPTEERD,
)
PRODUCTEN_UITVOEREN = "Producten uitvoeren"
PARTIJ_VAN_ROL = {rol.value: partij for partij, rol in ROL_VAN.items()}


@dataclass(frozen=True)
class AanZet:
    partij: Partij | None
    wat: str  # what that party must do, in the words of the catalogue
    overdracht_van: Partij | None = None  # a warme overdracht is due from this party
    open_overdracht: Overdracht | None = None  # sent, waiting for acceptance or an answer

    @property
    def label(self) -> str:
        return self.partij.label if self.partij else "Niemand (nog niet afgesproken)"


@dataclass(frozen=True)
class Verloop:
    """What :func:`bepaal` reads besides the traject and its products and maatwerk: the
    open overdracht, who took the last step, and whether a handover was sent since."""

    open_overdracht: Overdracht | None
    vorige: Partij | None
    overgedragen: bool


def _laatste_stappen(trajecten: Q) -> list[dict]:
    """Per traject (of `trajecten`) its last step: its kind, data and the role of its
    author, and whether a warme overdracht was sent after it. One query."""
    na_stap = Gebeurtenis.objects.filter(
        traject_id=OuterRef("traject_id"), soort=Gebeurtenissoort.OVERDRACHT, pk__gt=OuterRef("pk")
    )
    return list(
        Gebeurtenis.objects.filter(trajecten, soort__in=STAPPEN)
        .annotate(overgedragen=Exists(na_stap))
        .order_by("traject_id", "-datum", "-pk")
        .distinct("traject_id")
        .values("traject_id", "soort", "gegevens", "door__rol", "overgedragen")
    )


def _vorige(stap: dict | None) -> Partij | None:
    if stap is None:
        return None
    if stap["soort"] == Gebeurtenissoort.OVERDRACHT_GEACCEPTEERD:
        aan = (stap["gegevens"] or {}).get("aan")
        if aan in Partij.values:
            return Partij(aan)  # the receiver holds the traject now (it accepted)
    return PARTIJ_VAN_ROL.get(stap["door__rol"] or "")


def _open_overdrachten(trajecten: Q) -> dict[int, Overdracht]:
    return {
        o.traject_id: o for o in Overdracht.objects.filter(trajecten, status__in=OPEN_OVERDRACHT)
    }


def verloop(traject: Traject) -> Verloop:
    """Two queries: the open overdracht and the last step."""
    waar = Q(traject_id=traject.pk)
    stappen = _laatste_stappen(waar)
    stap = stappen[0] if stappen else None
    return Verloop(
        open_overdracht=_open_overdrachten(waar).get(traject.pk),
        vorige=_vorige(stap),
        overgedragen=bool(stap and stap["overgedragen"]),
    )


def verlopen(traject_ids: Iterable[int]) -> dict[int, Verloop]:
    """:func:`verloop` of many trajecten in two queries."""
    ids = list(traject_ids)
    waar = Q(traject_id__in=ids)
    stappen = {s["traject_id"]: s for s in _laatste_stappen(waar)}
    open_ = _open_overdrachten(waar)
    return {
        pk: Verloop(
            open_overdracht=open_.get(pk),
            vorige=_vorige(stappen.get(pk)),
            overgedragen=bool(stappen.get(pk) and stappen[pk]["overgedragen"]),
        )
        for pk in ids
    }


def vorige_partij(traject: Traject) -> Partij | None:
    """The party that took the last step of the journey (or accepted a handover)."""
    return verloop(traject).vorige


def _volgende(traject: Traject) -> tuple[Partij | None, str, bool]:
    """The party of the next step, the words of its button, and whether it is a step of the
    journey (a handover goes with those). Party None: the agreement leaves the step's task
    per traject in overleg and nobody settled it yet."""
    stap = workflow.volgende_overgang(traject.fase) or workflow.OVERGANGEN["sluit_af"]
    if any(controle(traject) for controle in stap.vereist):
        # The step waits for products: start one, or run and end those that run.
        lopend = any(p.einddatum is None for p in traject.producten.all())
        product = handeling("product.beeindig" if lopend else "product.start")
        return product.partij(traject), PRODUCTEN_UITVOEREN if lopend else product.knop, False
    partij = stap.partij(traject)
    if partij is None and stap.taak is not None:
        return None, f"Afspreken wie '{stap.taak.label}' doet (in overleg)", True
    return partij, stap.knop, True


@contextmanager
def onthoud(traject: Traject) -> Iterator[None]:
    """For a page that asks :func:`bepaal` several times and writes nothing meanwhile (the
    parts of the traject page): the verloop is read once."""
    traject._aanzet_verloop = None
    try:
        yield
    finally:
        traject.__dict__.pop("_aanzet_verloop", None)


def bepaal(traject: Traject, stand: Verloop | None = None) -> AanZet:
    """Whose turn it is now. `stand`: the :class:`Verloop` when the caller read it for many
    trajecten at once (:func:`verlopen`); otherwise it is read here (two queries, once per
    page inside :func:`onthoud`)."""
    if not traject.is_open:
        return AanZet(None, "")
    if stand is None:
        stand = traject.__dict__.get("_aanzet_verloop")
    if stand is None:
        stand = verloop(traject)
        if "_aanzet_verloop" in traject.__dict__:
            traject._aanzet_verloop = stand
    open_ = stand.open_overdracht
    if open_ is not None:
        if open_.status == Overdrachtstatus.VRAAG:
            return AanZet(
                Partij(open_.van), "Vraag over de warme overdracht beantwoorden", None, open_
            )
        return AanZet(Partij(open_.aan), "Warme overdracht accepteren", None, open_)
    partij, wat, reisstap = _volgende(traject)
    vorige = stand.vorige
    if partij is None:
        # Nobody does the next task yet: the party that holds the traject settles it.
        return AanZet(vorige, wat)
    if reisstap and vorige and vorige != partij and not stand.overgedragen:
        return AanZet(vorige, f"Warme overdracht aan de {partij.naam} versturen", vorige)
    return AanZet(partij, wat)


def _vergeet(traject: Traject) -> None:
    """Drop what the instance cached before the write that calls werk_bij (the maatwerk read
    by Traject.uitvoerder, prefetched products): they may be stale now."""
    traject.__dict__.pop("_maatwerk", None)
    traject.__dict__.pop("_aanzet_verloop", None)
    cache = getattr(traject, "_prefetched_objects_cache", None)
    if cache:
        for naam in ("maatwerk", "producten"):
            cache.pop(naam, None)


def _waarde(aan_zet: AanZet) -> str:
    return aan_zet.partij.value if aan_zet.partij else ""


def _bewaar(traject: Traject, aan_zet: AanZet) -> bool:
    waarde = _waarde(aan_zet)
    if traject.aan_zet == waarde:
        return False
    traject.aan_zet = waarde
    Traject.objects.filter(pk=traject.pk).update(aan_zet=waarde)
    return True


def werk_bij(traject: Traject) -> AanZet:
    """Store whose turn it is (call inside the transaction that changed the traject)."""
    _vergeet(traject)
    aan_zet = bepaal(traject)
    _bewaar(traject, aan_zet)
    return aan_zet


BLOK = 500


def werk_bij_alle(trajecten=None, *, blok: int = BLOK) -> tuple[int, int]:
    """Recompute ``aan_zet`` of `trajecten` (a Traject queryset; default: every running
    traject, and every ended one that still names a party), in blocks of `blok`, each in
    its own short transaction under the rows' locks. Per block a handful of queries,
    whatever its size (some 3,000 running trajecten a few seconds). Returns (bekeken,
    gewijzigd); idempotent."""
    if trajecten is None:
        trajecten = Traject.objects.exclude(Q(fase__in=AFGESLOTEN_FASEN) & Q(aan_zet=""))
    ids = list(trajecten.order_by("pk").values_list("pk", flat=True))
    gewijzigd = 0
    for begin in range(0, len(ids), blok):
        deel = ids[begin : begin + blok]
        with transaction.atomic():
            rijen = list(
                Traject.objects.filter(pk__in=deel)
                .select_for_update(of=("self",))
                .select_related("afspraak")
                .prefetch_related("producten", "maatwerk")
                .order_by("pk")
            )
            standen = verlopen(deel)
            nieuw: dict[str, list[int]] = {}
            for traject in rijen:
                waarde = _waarde(bepaal(traject, standen[traject.pk]))
                if waarde != traject.aan_zet:
                    nieuw.setdefault(waarde, []).append(traject.pk)
            for waarde, pks in nieuw.items():  # one UPDATE per value, not per row
                gewijzigd += Traject.objects.filter(pk__in=pks).update(aan_zet=waarde)
    if ids:
        logger.info("Aan zet bijgewerkt: %d trajecten bekeken, %d gewijzigd", len(ids), gewijzigd)
    return len(ids), gewijzigd


INHAALDAGEN = 7  # a missed daily run is caught up (recomputing is harmless)


def door_de_kalender(vandaag: date, *, inhaaldagen: int = INHAALDAGEN):
    """The running trajecten whose split changed with the calendar since `inhaaldagen` ago:
    approved maatwerk (or a settled task) that started, or ended the day before (it applies
    up to and including ``tot``); and any running traject without a party (rows from before
    ``aan_zet`` existed, or a task still to settle)."""
    vanaf = max(vandaag, date.min + timedelta(days=inhaaldagen)) - timedelta(days=inhaaldagen)
    maatwerk = Maatwerk.objects.filter(
        status__in=[Maatwerkstatus.GOEDGEKEURD, Maatwerkstatus.BEEINDIGD]
    ).filter(
        Q(van__gt=vanaf, van__lte=vandaag)
        | Q(tot__gte=vanaf, tot__lt=vandaag)  # tot + 1 in (vanaf, vandaag]
    )
    return Traject.objects.lopend().filter(Q(pk__in=maatwerk.values("traject_id")) | Q(aan_zet=""))


def dagelijks(vandaag: date | None = None) -> dict[str, int]:
    """The daily catch-up (called by the package job, trajecten.pakket.services.afspraken)."""
    bekeken, gewijzigd = werk_bij_alle(door_de_kalender(vandaag or timezone.localdate()))
    return {"aan_zet_bekeken": bekeken, "aan_zet_gewijzigd": gewijzigd}
