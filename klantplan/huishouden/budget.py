"""The budget's write path: posts of income and fixed costs per month, in versions.

A vastgesteld budget is frozen: the next change starts a new concept version with the same
posts (like the klantplan). Who writes is the package task "informatie verzamelen" (in Basis
the gemeente gathers the financial information); every post keeps who entered it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from klantplan.huishouden.models import (
    INKOMSTEN,
    Budget,
    Budgetpost,
    Budgetstatus,
    Huishouden,
    Postsoort,
)
from klantplan.models.schulden import Schuldenaar
from klantplan.services.toegang import controleer_toegang
from klantplan.services.vergrendelen import vergrendel_traject
from schuldhulp import audit
from schuldhulp.models import Gebruiker
from trajecten.models import Traject
from trajecten.services import Geweigerd

HANDELING = "budget.wijzigen"
MAX_CENT = 10_000_000  # € 100.000 per month: more is a typing error


def huidig(traject: Traject) -> Budget | None:
    return traject.budgetten.order_by("-versie").first()


def _concept(traject: Traject, door: Gebruiker) -> tuple[Budget, dict[int, Budgetpost]]:
    """The concept to write in, and for a new version: old post id → its copy."""
    laatste = huidig(traject)
    if laatste is not None and laatste.status == Budgetstatus.CONCEPT:
        return laatste, {}
    nieuw = Budget.objects.create(
        traject=traject, versie=(laatste.versie + 1) if laatste else 1, gewijzigd_door=door
    )
    kopie: dict[int, Budgetpost] = {}
    for post in laatste.posten.all() if laatste else []:
        oud = post.pk
        post.pk, post.budget = None, nieuw
        post.save()
        kopie[oud] = post
    return nieuw, kopie


def _heeft_partner(traject: Traject) -> bool:
    return Huishouden.objects.filter(traject=traject, partner__isnull=False).exists()


@dataclass(frozen=True)
class Postgegevens:
    soort: str
    van: str
    bedrag_cent: int | None
    omschrijving: str = ""


def _controleer(gegevens: Postgegevens, traject: Traject) -> None:
    if gegevens.soort not in Postsoort.values:
        raise Geweigerd("Kies wat voor inkomen of vaste last het is.")
    if gegevens.van not in Schuldenaar.values:
        raise Geweigerd("Kies van wie het inkomen of de last is.")
    if gegevens.van != Schuldenaar.KLANT and not _heeft_partner(traject):
        raise Geweigerd(
            "Er is geen partner in het huishouden. Leg de partner eerst vast bij Huishouden, "
            "of kies 'Klant'."
        )
    if gegevens.bedrag_cent is None:
        raise Geweigerd("Vul het bedrag per maand in.")
    if not 0 <= gegevens.bedrag_cent <= MAX_CENT:
        raise Geweigerd("Een bedrag per maand ligt tussen € 0 en € 100.000.")


@transaction.atomic
def voeg_post_toe(*, traject_id: int, door: Gebruiker, gegevens: Postgegevens) -> Budgetpost:
    traject = vergrendel_traject(traject_id)
    controleer_toegang(traject, door, HANDELING)
    _controleer(gegevens, traject)
    budget, _ = _concept(traject, door)
    post = Budgetpost.objects.create(
        budget=budget,
        soort=gegevens.soort,
        van=gegevens.van,
        bedrag_cent=gegevens.bedrag_cent,
        omschrijving=gegevens.omschrijving.strip()[:200],
        ingevoerd_door=door,
    )
    audit.dossier_aangemaakt(request=None, obj=post, gebruiker=door)
    return post


@transaction.atomic
def verwijder_post(*, traject_id: int, post_id: int, door: Gebruiker) -> None:
    traject = vergrendel_traject(traject_id)
    controleer_toegang(traject, door, HANDELING)
    post = Budgetpost.objects.filter(pk=post_id, budget__traject=traject).first()
    if post is None:
        raise Geweigerd("Deze post staat niet (meer) in het budget.")
    budget, kopie = _concept(traject, door)
    teweg = kopie.get(post.pk, post)  # in a new version: its copy
    if teweg.budget_id != budget.pk:
        raise Geweigerd("Deze post hoort bij een oudere versie van het budget.")
    audit.dossier_gewijzigd(
        request=None, obj=teweg, voor={}, gebruiker=door, omschrijving="Budgetpost verwijderd"
    )
    teweg.delete()


@transaction.atomic
def stel_vast(*, traject_id: int, door: Gebruiker) -> Budget:
    traject = vergrendel_traject(traject_id)
    controleer_toegang(traject, door, HANDELING)
    budget = huidig(traject)
    if budget is None or budget.status != Budgetstatus.CONCEPT:
        raise Geweigerd("Er is geen conceptbudget om vast te stellen.")
    if not budget.posten.filter(soort__in=INKOMSTEN).exists():
        raise Geweigerd(
            "Een budget zonder inkomsten kan niet worden vastgesteld. Vul ook het inkomen in "
            "(ook een uitkering of toeslag)."
        )
    voor = audit.momentopname(budget)
    budget.status, budget.vastgesteld_op, budget.gewijzigd_door = (
        Budgetstatus.VASTGESTELD,
        timezone.localdate(),
        door,
    )
    budget.save()
    audit.dossier_gewijzigd(request=None, obj=budget, voor=voor, gebruiker=door)
    return budget


@dataclass(frozen=True)
class Maand:
    """'Zo ziet uw maand eruit': what comes in, what goes out, what is left."""

    inkomsten: list[Budgetpost]
    uitgaven: list[Budgetpost]

    @property
    def totaal_in(self) -> int:
        return sum(p.bedrag_cent for p in self.inkomsten)

    @property
    def totaal_uit(self) -> int:
        return sum(p.bedrag_cent for p in self.uitgaven)

    @property
    def over(self) -> int:
        return self.totaal_in - self.totaal_uit

    @property
    def tekort(self) -> int:
        return max(0, -self.over)


def maand(budget: Budget) -> Maand:
    posten = list(budget.posten.all())
    return Maand(
        inkomsten=[p for p in posten if p.soort in INKOMSTEN],
        uitgaven=[p for p in posten if p.soort not in INKOMSTEN],
    )
