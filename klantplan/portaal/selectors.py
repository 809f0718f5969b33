"""What the klant sees: its own traject through the gate, and only what is meant for it
(no notes, afstemming, clocks or internal events)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from klantplan.documenten import FASEN_VOOR_KLANT, VOLGENDE_STAP, contactpersoon, processtappen
from klantplan.models import Actie, Document, Documentsoort, Gesprek, Wie
from klantplan.portaal.models import Bericht
from schuldhulp.extern import Extern
from schuldhulp.fouten import NietGevonden
from schuldhulp.models import spreekuren_tekst
from schuldhulp.pakketten import Partij
from schuldhulp.permissions import mag
from trajecten.models import Traject

# The documents made for the klant; letters to creditors and the court are not theirs to read.
VOOR_DE_KLANT = (
    Documentsoort.KLANTPLAN,
    Documentsoort.ACTIELIJST,
    Documentsoort.BESCHIKKING,
    Documentsoort.DOS_EN_DONTS,
    Documentsoort.MAANDOVERZICHT,
)


def traject(partij: Extern, pk: int) -> Traject:
    """The klant's own traject, else 404 (never "it exists but is not yours")."""
    gevonden = (
        Traject.objects.select_related(
            "klant", "gemeente__organisatie", "afspraak", "behandelaar", "consulent"
        )
        .filter(pk=pk)
        .first()
    )
    if gevonden is None or mag(partij, "portaal.lezen", gevonden):
        raise NietGevonden("Dit traject vinden wij niet bij u.")
    return gevonden


def trajecten(traject_ids: list[int]) -> QuerySet[Traject]:
    return (
        Traject.objects.filter(pk__in=traject_ids)
        .select_related("gemeente")
        .order_by("-aanmelddatum", "-pk")
    )


@dataclass(frozen=True)
class Volgende:
    wat: str
    wie: str


def _wie_is_aan_zet(t: Traject, klant_acties: list[Actie]) -> str:
    if klant_acties:
        return "U: er staan acties voor u klaar."
    if t.aan_zet == Partij.STADSBANK:
        return f"{t.gemeente.organisatie.naam}"
    if t.aan_zet == Partij.GEMEENTE:
        return f"Gemeente {t.gemeente.naam}"
    return "Wij nemen contact met u op."


def klant_acties(t: Traject) -> QuerySet[Actie]:
    """The klant's actions: from the newest klantplan version and from gesprekken."""
    plan = t.klantplannen.order_by("-versie").first()
    return (
        Actie.objects.filter(traject=t, wie=Wie.KLANT)
        .filter(Q(klantplan=plan) | Q(gesprek__isnull=False))
        .order_by("gedaan_op", "deadline", "pk")
    )


def overzicht(t: Traject) -> dict[str, Any]:
    acties = list(klant_acties(t))
    open_acties = [a for a in acties if a.gedaan_op is None]
    from klantplan.huishouden import budget as budgetten

    budget = budgetten.huidig(t)
    return {
        "traject": t,
        "stappen": processtappen(t),
        "fase_naam": FASEN_VOOR_KLANT[t.fase][0],
        "volgende": Volgende(VOLGENDE_STAP[t.fase], _wie_is_aan_zet(t, open_acties)),
        "contact": contactpersoon(t),
        "spreekuur": spreekuren_tekst(t.gemeente.spreekuren.all()),
        "acties": acties,
        "open_acties": open_acties,
        "gesprekken": Gesprek.objects.filter(traject=t).order_by("-datum")[:10],
        "vandaag": timezone.localdate(),
        "documenten": documenten(t),
        "maandoverzicht": budget is not None and budget.posten.exists(),
        "nieuwe_antwoorden": Bericht.objects.filter(
            traject=t, van_klant=False, gelezen_op__isnull=True
        ).count(),
    }


def documenten(t: Traject) -> QuerySet[Document]:
    return (
        Document.objects.filter(traject=t, soort__in=VOOR_DE_KLANT)
        .defer("inhoud")
        .order_by("-gemaakt_op", "-pk")
    )


def document(t: Traject, pk: int) -> Document:
    gevonden = Document.objects.filter(traject=t, soort__in=VOOR_DE_KLANT, pk=pk).first()
    if gevonden is None:
        raise NietGevonden("Dit document vinden wij niet bij u.")
    return gevonden


def actie(t: Traject, pk: int) -> Actie:
    gevonden = klant_acties(t).filter(pk=pk).first()
    if gevonden is None:
        raise NietGevonden("Deze actie vinden wij niet bij u.")
    return gevonden


def berichten(t: Traject) -> QuerySet[Bericht]:
    return Bericht.objects.filter(traject=t).select_related("door").order_by("aangemaakt_op", "pk")
