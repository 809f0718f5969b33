"""A package switch: which running trajecten move to a new agreement, and moving them.

The plan is computed twice from the same function: as the preview before vaststellen, and
again under the lock on the start date, when the daily job activates the agreement. A moved
traject follows the new agreement's split from that date (``Traject.afspraak`` and
``afspraak_sinds``); its clocks are untouched; it gets a "pakketwissel" event, and whose
turn it is (``Traject.aan_zet``) is recomputed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, Prefetch

from schuldhulp import audit
from schuldhulp.afspraken import Overgangsregeling
from schuldhulp.models import Dienstverleningsafspraak
from schuldhulp.pakketten import Partij, Taak
from trajecten.models import Fase, Gebeurtenis, Gebeurtenissoort, Traject
from trajecten.pakket.models import Maatwerk
from trajecten.pakket.workflow import Maatwerkstatus
from trajecten.samenwerking import aanzet
from trajecten.workflow import volgende_overgang


@dataclass(frozen=True)
class Taakwissel:
    taak: Taak
    oud: Partij | None
    nieuw: Partij | None


@dataclass
class Wisselplan:
    """What a switch to `afspraak` does to the running trajecten of its gemeente."""

    afspraak: Dienstverleningsafspraak
    regeling: str
    fasen: tuple[str, ...]
    per_fase: list[tuple[str, int, int]] = field(default_factory=list)  # label, lopend, over
    taakwissels: list[tuple[Dienstverleningsafspraak, list[Taakwissel]]] = field(
        default_factory=list
    )
    te_verplaatsen: list[int] = field(default_factory=list)
    naar_gemeente: list[int] = field(default_factory=list)  # next task: Stadsbank → gemeente
    zonder_uitvoerder: list[int] = field(default_factory=list)  # next task: nobody

    @property
    def aantal(self) -> int:
        return len(self.te_verplaatsen)

    @property
    def kan(self) -> bool:
        return not self.zonder_uitvoerder


def _gaat_over(
    traject: Traject, afspraak: Dienstverleningsafspraak, regeling: str, fasen: tuple[str, ...]
) -> bool:
    # Registered on or after the start date (an agreement vastgesteld with a start date in
    # the past): the new agreement applied at aanmelding, so the traject always moves.
    if regeling == Overgangsregeling.ALLES or traject.aanmelddatum >= afspraak.geldig_van:
        return True
    return regeling == Overgangsregeling.PER_FASE and traject.fase in fasen


def _taakwissels(oud: Dienstverleningsafspraak, nieuw: Dienstverleningsafspraak):
    return [
        Taakwissel(taak, oud.uitvoerder(taak), nieuw.uitvoerder(taak))
        for taak in Taak
        if oud.uitvoerder(taak) != nieuw.uitvoerder(taak)
    ]


def lopende_trajecten(afspraak: Dienstverleningsafspraak):
    """The running trajecten of the gemeente that follow an earlier agreement (with what
    the plan reads: their agreement and their maatwerk). Never a later one: a late run of
    the daily job must not move a traject back to an older split."""
    maatwerk = Maatwerk.objects.filter(
        status__in=[Maatwerkstatus.GOEDGEKEURD, Maatwerkstatus.BEEINDIGD]
    )
    return (
        Traject.objects.lopend()
        .filter(gemeente_id=afspraak.gemeente_id, afspraak__geldig_van__lt=afspraak.geldig_van)
        .select_related("afspraak")
        .prefetch_related(Prefetch("maatwerk", queryset=maatwerk))
        .order_by("pk")
    )


def plan(
    afspraak: Dienstverleningsafspraak,
    regeling: str,
    fasen: tuple[str, ...] = (),
    trajecten=None,
) -> Wisselplan:
    """The preview: by phase, how many run and how many move; which tasks change side per
    old agreement; whose next task lands with the gemeente or with nobody."""
    uitkomst = Wisselplan(afspraak=afspraak, regeling=regeling, fasen=tuple(fasen))
    lopend: Counter[str] = Counter()
    over: Counter[str] = Counter()
    oude: dict[int, Dienstverleningsafspraak] = {}
    peildatum = afspraak.geldig_van
    for traject in trajecten if trajecten is not None else lopende_trajecten(afspraak):
        lopend[traject.fase] += 1
        if not _gaat_over(traject, afspraak, regeling, uitkomst.fasen):
            continue
        over[traject.fase] += 1
        oude[traject.afspraak_id] = traject.afspraak
        uitkomst.te_verplaatsen.append(traject.pk)
        volgende = volgende_overgang(traject.fase)
        if volgende is None or volgende.taak is None:
            continue
        voor = traject.uitvoerder(volgende.taak, peildatum)
        na = traject.uitvoerder(volgende.taak, peildatum, afspraak=afspraak)
        if na is None:
            uitkomst.zonder_uitvoerder.append(traject.pk)
        elif na == Partij.GEMEENTE and voor == Partij.STADSBANK:
            uitkomst.naar_gemeente.append(traject.pk)
    uitkomst.per_fase = [(f.label, lopend[f], over[f]) for f in Fase if lopend[f]]
    uitkomst.taakwissels = [(oud, _taakwissels(oud, afspraak)) for oud in oude.values()]
    return uitkomst


def verplaats(wisselplan: Wisselplan, *, door, datum: date) -> int:
    """Move the planned trajecten to the new agreement from `datum` (inside the caller's
    transaction: all or none). Each gets a pakketwissel event and a new version."""
    afspraak = wisselplan.afspraak
    ids = wisselplan.te_verplaatsen
    if not ids:
        return 0
    vorige = dict(Traject.objects.filter(pk__in=ids).values_list("pk", "afspraak__pakket"))
    Traject.objects.filter(pk__in=ids).update(
        afspraak=afspraak, afspraak_sinds=datum, versie=F("versie") + 1
    )
    Gebeurtenis.objects.bulk_create(
        Gebeurtenis(
            traject_id=pk,
            soort=Gebeurtenissoort.PAKKETWISSEL,
            datum=datum,
            door=door,
            toelichting=f"Vanaf nu geldt de takenverdeling van pakket "
            f"{afspraak.get_pakket_display()}.",
            gegevens={"afspraak": afspraak.pk, "van_pakket": vorige[pk], "naar": afspraak.pakket},
        )
        for pk in ids
    )
    audit.afspraak_gewijzigd(
        afspraak=afspraak,
        gebruiker=door,
        omschrijving=f"Pakketwissel: {len(ids)} lopende trajecten naar de nieuwe afspraak",
        wijzigingen={"trajecten": {"voor": None, "na": ids}},
    )
    # The new split may give the next step to the other party (a bulk write: no _leg_vast).
    aanzet.werk_bij_alle(Traject.objects.filter(pk__in=ids))
    return len(ids)
