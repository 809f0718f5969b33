"""Whose turn it is on a traject: the party (and so the person) that must act next.

Read from the catalogue, never decided here: the next step of the journey
(``workflow.volgende_overgang``) and the package task it needs (``Traject.uitvoerder``), an
open warme overdracht (the receiver accepts; after a question the sender answers), and a
handover that is due because the next step lies with the other party than the one that took
the last step. Stored on the traject (``Traject.aan_zet``) by :func:`werk_bij`, which every
write on a traject calls, so the werkvoorraad filters on a column (docs/samenwerking.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from schuldhulp.pakketten import Partij
from trajecten import workflow
from trajecten.models import Gebeurtenis, Traject
from trajecten.samenwerking.models import Overdracht
from trajecten.samenwerking.workflow import OPEN_OVERDRACHT, Overdrachtstatus
from trajecten.workflow import Fase, Gebeurtenissoort

# The events that move a traject along its journey: who recorded the last one held it.
STAPPEN = (
    Gebeurtenissoort.AANMELDING,
    *(h.gebeurtenis for h in workflow.OVERGANGEN.values()),
    Gebeurtenissoort.OVERDRACHT_GEACCEPTEERD,
)


@dataclass(frozen=True)
class AanZet:
    partij: Partij | None
    wat: str  # what that party must do, in the words of the catalogue
    overdracht_van: Partij | None = None  # a warme overdracht is due from this party

    @property
    def label(self) -> str:
        return self.partij.label if self.partij else "Niemand (nog niet afgesproken)"


def _volgende(traject: Traject) -> tuple[Partij | None, str]:
    if traject.fase == Fase.UITVOERING and any(
        p.einddatum is None for p in traject.producten.all()
    ):
        return Partij.STADSBANK, "Producten uitvoeren"  # products are the Stadsbank's
    stap = workflow.volgende_overgang(traject.fase) or workflow.OVERGANGEN["sluit_af"]
    return stap.partij(traject), stap.knop


def vorige_partij(traject: Traject) -> Partij | None:
    """The party that took the last step of the journey (or accepted a handover)."""
    laatste = (
        Gebeurtenis.objects.filter(traject=traject, soort__in=STAPPEN)
        .select_related("door")
        .order_by("-datum", "-pk")
        .first()
    )
    if laatste is None or laatste.door is None:
        return None
    if laatste.soort == Gebeurtenissoort.OVERDRACHT_GEACCEPTEERD:
        return Partij(laatste.gegevens.get("aan")) if laatste.gegevens.get("aan") else None
    return laatste.door.partij


def bepaal(traject: Traject) -> AanZet:
    if not traject.is_open:
        return AanZet(None, "")
    open_ = Overdracht.objects.filter(traject=traject, status__in=OPEN_OVERDRACHT).first()
    if open_ is not None:
        if open_.status == Overdrachtstatus.VRAAG:
            return AanZet(Partij(open_.van), "Vraag over de overdracht beantwoorden")
        return AanZet(Partij(open_.aan), "Warme overdracht accepteren")
    partij, wat = _volgende(traject)
    vorige = vorige_partij(traject)
    if partij and vorige and vorige != partij and not _overgedragen_sinds_laatste_stap(traject):
        return AanZet(vorige, f"Warme overdracht aan de {partij.label.lower()}", vorige)
    return AanZet(partij, wat)


def _overgedragen_sinds_laatste_stap(traject: Traject) -> bool:
    laatste = (
        Gebeurtenis.objects.filter(traject=traject, soort__in=STAPPEN)
        .order_by("-datum", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return Gebeurtenis.objects.filter(
        traject=traject, soort=Gebeurtenissoort.OVERDRACHT, pk__gt=laatste or 0
    ).exists()


def werk_bij(traject: Traject) -> AanZet:
    """Store whose turn it is (call inside the transaction that changed the traject)."""
    aan_zet = bepaal(traject)
    waarde = aan_zet.partij.value if aan_zet.partij else ""
    if traject.aan_zet != waarde:
        traject.aan_zet = waarde
        Traject.objects.filter(pk=traject.pk).update(aan_zet=waarde)
    return aan_zet
