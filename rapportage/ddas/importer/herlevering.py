"""A re-delivery: the same traject (BSN + aanmelddatum) delivered again with new facts.

The record is planned as if it were new (:mod:`.reis`) and compared with the event rows in
Schuldhulp. What is the same stays; what is new and follows on from where the traject stands
(a later step, a product started or ended, a crisis, a moratorium) is an *aanvulling* the user
can apply, written as events with the delivered dates. What contradicts the dossier (another
date for a step Schuldhulp has, a step before the traject's last step, a closed traject) is
refused with the reason: that needs a person, not an import.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from rapportage.ddas.importer import reis
from rapportage.ddas.mapping import datum_nl
from trajecten import historie
from trajecten.models import (
    BedreigendeSituatie,
    Crisisinterventie,
    Fase,
    Gebeurtenis,
    Gebeurtenissoort,
    Moratorium,
    Product,
    Traject,
)

if TYPE_CHECKING:
    from rapportage.ddas.importer.analyse import Plan, Record
    from rapportage.ddas.importer.velden import Lezer

Sleutel = tuple[str, date, str]  # event kind, date, what it concerns (product kind, step)


@dataclass
class Aanvulling:
    """The new rows of a re-delivered traject, ready to be written."""

    traject_id: int
    versie: int  # the traject's version when compared: changed since → compared again
    rijen: list[tuple[historie.Rij, reis.Gebeurtenisplan]] = field(default_factory=list)
    fase: str = ""  # the phase after the new rows

    def beschrijving(self) -> list[str]:
        return [_omschrijf(rij, g) for rij, g in self.rijen]


def _omschrijf(rij: historie.Rij, g: reis.Gebeurtenisplan) -> str:
    label = Gebeurtenissoort(rij.soort).label
    if soort := rij.gegevens.get("productsoort"):
        label = f"{label} ({soort})"
    elif stap := rij.gegevens.get("stap"):
        label = f"{label} ({stap.replace('_', ' ')})"
    return f"{label} op {datum_nl(rij.datum)}"


def _detail(soort: str, gegevens: dict[str, Any], productsoort: str) -> str:
    if soort == Gebeurtenissoort.SCHULDREGELING:
        return f"{productsoort}:{gegevens.get('stap', '')}"
    return productsoort


@dataclass
class _Dossier:
    traject: Traject
    gebeurtenissen: list[Gebeurtenis]
    producten: dict[int, Product]


def _dossiers(ids: list[int]) -> dict[int, _Dossier]:
    """The trajecten to compare with, their events and products, in three queries."""
    trajecten = Traject.objects.in_bulk(ids)
    dossiers = {pk: _Dossier(t, [], {}) for pk, t in trajecten.items()}
    for g in Gebeurtenis.objects.filter(traject_id__in=ids).order_by("datum", "pk"):
        dossiers[g.traject_id].gebeurtenissen.append(g)
    for p in Product.objects.filter(traject_id__in=ids):
        dossiers[p.traject_id].producten[p.pk] = p
    return dossiers


def _detail_van(dossier: _Dossier, g: Gebeurtenis) -> str:
    """What an event row in Schuldhulp concerns (its product's kind, a step)."""
    product = dossier.producten.get(g.gegevens.get("product") or 0)
    return _detail(g.soort, g.gegevens, product.soort if product else "")


def _bestaande_sleutels(dossier: _Dossier) -> Counter[Sleutel]:
    sleutels: Counter[Sleutel] = Counter()
    for g in dossier.gebeurtenissen:
        if g.soort == Gebeurtenissoort.AANMELDING:
            continue
        sleutels[(g.soort, g.datum, _detail_van(dossier, g))] += 1
    return sleutels


def _sleutel(rij: historie.Rij, g: reis.Gebeurtenisplan, plan: Plan) -> Sleutel:
    productsoort = plan.producten.lijst[g.product].soort if g.product is not None else ""
    return (rij.soort, rij.datum, _detail(rij.soort, rij.gegevens, productsoort))


def _tegenspraak(
    dossier: _Dossier, nieuw: list[tuple[historie.Rij, reis.Gebeurtenisplan]], plan: Plan
) -> str | None:
    """Why the new rows cannot be added to the dossier as it stands, or None."""
    traject = dossier.traject
    if traject.fase == Fase.UITGESTROOMD:
        return (
            "Dit traject is in Schuldhulp al afgesloten; de levering heeft nieuwe gegevens ("
            + "; ".join(_omschrijf(r, g) for r, g in nieuw)
            + "). Pas het dossier zo nodig met de hand aan."
        )
    eerder: dict[tuple[str, str], date] = {}
    for g in dossier.gebeurtenissen:
        eerder.setdefault((g.soort, _detail_van(dossier, g)), g.datum)
    fasedatums = [g.datum for g in dossier.gebeurtenissen if g.naar_fase]
    laatste = max(fasedatums, default=traject.aanmelddatum)
    fase = traject.fase
    for rij, g in nieuw:
        soort, datum, detail = _sleutel(rij, g, plan)
        if (soort, detail) in eerder and soort != Gebeurtenissoort.SCHULDREGELING:
            return (
                f"{_omschrijf(rij, g)} in de levering, maar in Schuldhulp op "
                f"{datum_nl(eerder[(soort, detail)])}. Pas het dossier of het bestand aan."
            )
        if rij.naar_fase:
            if datum < laatste:
                return (
                    f"{_omschrijf(rij, g)} ligt vóór de laatste stap in Schuldhulp "
                    f"({datum_nl(laatste)}). Een stap invoegen in het verleden kan alleen in het "
                    "dossier zelf."
                )
            if rij.van_fase != fase:
                return (
                    f"{_omschrijf(rij, g)} volgt in de levering op fase "
                    f"'{Fase(rij.van_fase).label}', maar het traject staat in Schuldhulp in fase "
                    f"'{Fase(fase).label}'."
                )
            fase = rij.naar_fase
    return None


def vergelijk(records: list[tuple[Record, Lezer]]) -> None:
    """Decide for each re-delivered record (``record.herlevering`` = the traject's id) whether
    it is already there, an aanvulling, or a contradiction (an error of the record)."""
    dossiers = _dossiers([r.herlevering for r, _ in records if r.herlevering])
    for record, lezer in records:
        dossier = dossiers.get(record.herlevering or 0)
        if dossier is None or record.plan is None:
            record.plan = None
            continue
        plan = record.plan
        record.plan = None  # a re-delivery never creates a traject
        rijen, _ = reis.plan_gebeurtenissen(plan)
        bestaand = _bestaande_sleutels(dossier)
        soorten = {g.soort for g in dossier.gebeurtenissen}
        nieuw = []
        for rij, g in rijen:
            if rij.soort == Gebeurtenissoort.AANMELDING:
                continue
            if g.afgeleid and rij.soort in soorten:
                continue  # an inferred date says nothing against the one in the dossier
            sleutel = _sleutel(rij, g, plan)
            if bestaand[sleutel]:
                bestaand[sleutel] -= 1
            else:
                nieuw.append((rij, g))
        if all(g.afgeleid for _, g in nieuw):  # only an inferred step: nothing delivered
            record.aanwezig = True
            record.waarschuwingen.clear()
            continue
        if reden := _tegenspraak(dossier, nieuw, plan):
            lezer.fout("", f"Dit traject staat al in Schuldhulp. {reden}")
            continue
        fase = next((r.naar_fase for r, _ in reversed(nieuw) if r.naar_fase), dossier.traject.fase)
        record.aanvulling = Aanvulling(dossier.traject.pk, dossier.traject.versie, nieuw, fase)
        record.plan = plan
        # Noise for a traject that is already there: the klant's data stay as they are.
        record.waarschuwingen[:] = [w for w in record.waarschuwingen if w.pad != "client[0]"]


# --- Applying -------------------------------------------------------------------------------


class Gewijzigd(Exception):
    """The traject took a step after the comparison: compare again before applying."""

    def __init__(self, traject: Traject) -> None:
        super().__init__(f"traject {traject.pk} gewijzigd")
        self.traject = traject


def _product(traject: Traject, plan: Plan, index: int, cache: dict[int, Product]) -> Product:
    """The product a row refers to: the one in Schuldhulp (same kind and start), else new."""
    if index not in cache:
        p = plan.producten.lijst[index]
        cache[index] = Product.objects.filter(
            traject=traject, soort=p.soort, startdatum=p.startdatum
        ).first() or Product.objects.create(traject=traject, soort=p.soort, startdatum=p.startdatum)
    return cache[index]


def pas_toe(
    aanvulling: Aanvulling, plan: Plan, *, door: Any, toelichting: str, reden: str, sha: str
) -> Traject:
    """Write the new rows of `aanvulling` on its traject (inside the import's transaction)."""
    traject = Traject.objects.select_for_update().get(pk=aanvulling.traject_id)
    if traject.versie != aanvulling.versie:
        raise Gewijzigd(traject)
    fase, versie, reden_uit = traject.fase, traject.versie, traject.uitstroomreden
    producten: dict[int, Product] = {}
    crises: dict[int, Crisisinterventie] = {}
    for rij, g in aanvulling.rijen:
        gegevens = {**rij.gegevens, "bron": "ddas-herlevering", "bestand": sha}
        if g.product is not None:
            product = _product(traject, plan, g.product, producten)
            # History, not a live step: the state fields are set directly (as the import does).
            if rij.soort == Gebeurtenissoort.PRODUCT_BEEINDIGD:
                Product.objects.filter(pk=product.pk).update(einddatum=rij.datum)
            if rij.soort == Gebeurtenissoort.SCHULDREGELING:
                Product.objects.filter(pk=product.pk).update(
                    schuldregeling_status=rij.gegevens["status"]
                )
            gegevens["product"] = product.pk
        if g.crisisinterventie is not None:
            start, eind = plan.crisisinterventies[g.crisisinterventie]
            crisis = (
                crises.get(g.crisisinterventie)
                or Crisisinterventie.objects.filter(traject=traject, startdatum=start).first()
                or Crisisinterventie.objects.create(
                    traject=traject, soort=BedreigendeSituatie.ANDERS, startdatum=start
                )
            )
            crises[g.crisisinterventie] = crisis
            if rij.datum == eind and rij.gegevens.get("afgerond"):
                crisis.einddatum = eind
                crisis.save()
            gegevens["crisisinterventie"] = crisis.pk
        if g.moratorium is not None:
            m = plan.moratoria[g.moratorium]
            moratorium = Moratorium.objects.create(
                traject=traject,
                aanvraagdatum=m["aanvraag"],
                goedkeuringsdatum=m["goedkeuring"],
                startdatum=m["start"],
                einddatum=m["eind"],
            )
            gegevens["moratorium"] = moratorium.pk
        reis.gebeurtenis(
            traject, rij, g, door=door, toelichting=toelichting, reden=reden, gegevens=gegevens
        ).save()
        if rij.naar_fase:
            fase, versie = rij.naar_fase, versie + 1
            if rij.naar_fase == Fase.UITGESTROOMD:
                reden_uit = rij.gegevens.get("uitstroomreden") or ""
    # The phase is history here, not a live step: set directly, like the first import.
    Traject.objects.filter(pk=traject.pk).update(fase=fase, versie=versie, uitstroomreden=reden_uit)
    return Traject.objects.get(pk=traject.pk)  # a protected FSM field cannot be refreshed
