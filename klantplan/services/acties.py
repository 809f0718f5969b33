"""Acties: agreements in a klantplan version or from a gesprek."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from klantplan.models import (
    Actie,
    Actiesoort,
    Gesprek,
    Wie,
)
from klantplan.services.fouten import Geweigerd
from klantplan.services.invoer import datum_verleden, keuze
from klantplan.services.plan import intern_en_klant, moet_concept, moet_laatste_versie
from klantplan.services.toegang import actie_handeling, controleer_toegang, gesprek_handeling
from klantplan.services.vergrendelen import (
    vergrendel_onder_traject,
    vergrendel_plan,
    vergrendel_traject,
)
from schuldhulp import audit
from schuldhulp.handelingen import KLANT
from schuldhulp.models import Gebruiker
from schuldhulp.pakketten import Partij, Taak
from trajecten import workflow
from trajecten.models import Traject

ACTIESOORT_TAAK: dict[str, Taak | None] = {
    soort.value: (None if soort == Actiesoort.PRODUCT else Taak(soort.value))
    for soort in Actiesoort
    if soort != Actiesoort.KLANT
}


def standaard_wie(traject: Traject, soort: str) -> Wie:
    """Who does an action of this kind, by the package matrix agreed when the traject began."""
    if soort == Actiesoort.KLANT:
        return Wie.KLANT
    partij = workflow.partij_voor(traject, ACTIESOORT_TAAK[soort])
    return Wie.STADSBANK if partij == Partij.STADSBANK else Wie.GEMEENTE


def _actie_velden(
    traject: Traject, soort: str, wat: str, klanttekst: str, wie: str, deadline: date | None
) -> dict:
    soort = keuze(soort, Actiesoort, veld="soort", bericht="Kies wat voor actie het is.")
    wie = keuze(wie, Wie, veld="wie", bericht="Kies wie de actie doet.", leeg_mag=True)
    return {
        "soort": soort,
        **intern_en_klant(wat, klanttekst, veld="wat", label="wat er moet gebeuren"),
        "wie": wie or standaard_wie(traject, soort),
        "deadline": deadline,
    }


@transaction.atomic
def voeg_actie_toe(
    *,
    door: Gebruiker,
    soort: str,
    wat: str = "",
    wie: str = "",
    deadline: date | None = None,
    klanttekst: str = "",
    klantplan_id: int | None = None,
    gesprek_id: int | None = None,
) -> Actie:
    """An action in a concept klantplan, or agreed in a gesprek (by whoever may record that
    kind of gesprek). An empty `wie` takes the party the package matrix gives for this kind
    of action."""
    if (klantplan_id is None) == (gesprek_id is None):
        raise Geweigerd("Een actie hoort bij een klantplan of bij een gesprek.")
    plan = gesprek = None
    if klantplan_id is not None:
        plan = vergrendel_plan(klantplan_id)
        traject = plan.traject
        controleer_toegang(traject, door)
        moet_concept(plan)
    else:
        gesprek = Gesprek.objects.select_related("traject__afspraak").get(pk=gesprek_id)
        traject = vergrendel_traject(gesprek.traject_id)
        controleer_toegang(traject, door, gesprek_handeling(gesprek.soort))
    actie = Actie.objects.create(
        traject=traject,
        klantplan=plan,
        gesprek=gesprek,
        **_actie_velden(traject, soort, wat, klanttekst, wie, deadline),
    )
    audit.dossier_aangemaakt(request=None, obj=actie, gebruiker=door)
    return actie


def _vergrendel_actie(actie_id: int, door: Gebruiker, voortgang: bool = False) -> Actie:
    traject, actie = vergrendel_onder_traject(Actie, actie_id)
    if voortgang and getattr(door, "rol", None) == KLANT:
        # The klant on the portal (klantplan/portaal): the gate checks the row itself (only
        # an action of the klant, on its own traject).
        controleer_toegang(actie, door, "portaal.actie_afvinken")
    else:
        controleer_toegang(traject, door, actie_handeling(actie, voortgang=voortgang))
    return actie


@transaction.atomic
def wijzig_actie(
    *,
    actie_id: int,
    door: Gebruiker,
    soort: str,
    wat: str,
    wie: str = "",
    deadline: date | None = None,
    klanttekst: str = "",
) -> Actie:
    actie = _vergrendel_actie(actie_id, door)
    if actie.klantplan_id:
        moet_concept(vergrendel_plan(actie.klantplan_id))
    voor = audit.momentopname(actie)
    for naam, waarde in _actie_velden(actie.traject, soort, wat, klanttekst, wie, deadline).items():
        setattr(actie, naam, waarde)
    actie.save()
    audit.dossier_gewijzigd(request=None, obj=actie, voor=voor, gebruiker=door)
    return actie


@transaction.atomic
def verwijder_actie(*, actie_id: int, door: Gebruiker) -> None:
    actie = _vergrendel_actie(actie_id, door)
    if actie.klantplan_id:
        moet_concept(vergrendel_plan(actie.klantplan_id))
    audit.dossier_gewijzigd(
        request=None, obj=actie, voor={}, gebruiker=door, omschrijving="Actie verwijderd"
    )
    actie.delete()


@transaction.atomic
def markeer_actie(*, actie_id: int, door: Gebruiker, gedaan_op: date | None) -> Actie:
    """Mark an action done (or open again). Progress: allowed on a fixed plan too, but only
    in its newest version. The party the actie is assigned to ticks it off."""
    actie = _vergrendel_actie(actie_id, door, voortgang=True)
    if actie.klantplan_id:
        moet_laatste_versie(vergrendel_plan(actie.klantplan_id))
    if gedaan_op is not None:
        gedaan_op = datum_verleden(gedaan_op, veld="gedaan_op", wat="De datum")
    voor = audit.momentopname(actie)
    actie.gedaan_op = gedaan_op
    actie.save(update_fields=["gedaan_op", "bijgewerkt_op"])
    audit.dossier_gewijzigd(request=None, obj=actie, voor=voor, gebruiker=door)
    return actie
