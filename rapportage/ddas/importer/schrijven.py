"""3. Import: write the records without errors in one transaction.

Klanten go through ``schuldhulp.services.klant_opslaan``; trajecten with their historical
event rows, products, moratoria and crisisinterventies go in with bulk inserts. The workflow
guards are bypassed on purpose (this is history, not a new step); the event rows carry the
historical dates. Records that are already there (klant BSN + aanmelddatum) are skipped, so
importing a file twice does not duplicate anything.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection, transaction

from rapportage.ddas.importer.analyse import Plan, Voorbeeld, analyseer
from rapportage.ddas.importer.lezen import Bestand
from schuldhulp import audit, services
from schuldhulp.models import Gebruiker, Klant
from schuldhulp.permissions import DOSSIERROLLEN
from trajecten import normbewaking
from trajecten.models import (
    Aanmeldkanaal,
    BedreigendeSituatie,
    Crisisinterventie,
    Fase,
    Gebeurtenis,
    Gebeurtenissoort,
    Moratorium,
    Product,
    Traject,
)
from trajecten.workflow import SCHULDREGELING_STAPPEN

logger = logging.getLogger(__name__)

TOELICHTING = "Overgenomen uit een DDAS-bestand (historische gegevens)."
REDEN_TERUGDATERING = "Historische gegevens uit een DDAS-bestand (import)."
# One import at a time: two confirmations of the same file must not both create trajecten.
_SLOT = 0x0DDA5


# --- The journey: the importer's own copy ------------------------------------------------
# Turns a record's dates into event rows with the phase before and after each step. This
# duplicates what trajecten.services writes for a live traject; it is to be replaced by a
# shared history writer.


@dataclass
class _Gebeurtenisplan:
    soort: str
    datum: date
    rang: int
    van_fase: str = ""
    naar_fase: str = ""
    gegevens: dict[str, Any] = field(default_factory=dict)
    toelichting: str = ""
    product: int | None = None  # index in the plan's products
    crisisinterventie: int | None = None
    moratorium: int | None = None


# Order of events on the same day (a product starts after the toelating, and so on).
_RANG = {
    Gebeurtenissoort.AANMELDING: 0,
    Gebeurtenissoort.EERSTE_GESPREK: 1,
    Gebeurtenissoort.TOELATING: 2,
    Gebeurtenissoort.AFWIJZING: 2,
    Gebeurtenissoort.CRISISINTERVENTIE: 3,
    Gebeurtenissoort.MORATORIUM: 3,
    Gebeurtenissoort.FINANCIELE_RUST: 4,
    Gebeurtenissoort.PRODUCT_GESTART: 5,
    Gebeurtenissoort.START_UITVOERING: 6,
    Gebeurtenissoort.SCHULDREGELING: 7,
    Gebeurtenissoort.PRODUCT_BEEINDIGD: 8,
    Gebeurtenissoort.START_NAZORG: 9,
    Gebeurtenissoort.UITSTROOM: 10,
}


def _plan_gebeurtenissen(plan: Plan) -> tuple[list[_Gebeurtenisplan], str]:
    """The event rows with the phase before and after each step, and the final phase."""
    fasen, producten = plan.fasen, plan.producten
    assert fasen.aanmelddatum is not None
    gebeurtenissen = [
        _Gebeurtenisplan(
            Gebeurtenissoort.AANMELDING,
            fasen.aanmelddatum,
            _RANG[Gebeurtenissoort.AANMELDING],
            gegevens={"kanaal": Aanmeldkanaal.OVERIG, "bedreigende_situatie": ""},
            toelichting=plan.omschrijving,
        )
    ]
    fase: str = Fase.AANGEMELD

    def stap(soort: str, datum: date, naar: Fase, **gegevens: Any) -> None:
        nonlocal fase
        gegevens.setdefault("uitstroomreden", None)
        gebeurtenissen.append(_Gebeurtenisplan(soort, datum, _RANG[soort], fase, naar, gegevens))
        fase = naar

    def los(soort: str, datum: date, **velden: Any) -> None:
        gebeurtenissen.append(_Gebeurtenisplan(soort, datum, _RANG[soort], **velden))

    if fasen.eerste_gesprek:
        stap(Gebeurtenissoort.EERSTE_GESPREK, fasen.eerste_gesprek, Fase.INTAKE)
    if fasen.afwijzing:
        stap(
            Gebeurtenissoort.AFWIJZING,
            fasen.afwijzing,
            Fase.UITGESTROOMD,
            uitstroomreden=fasen.reden,
        )
    if fasen.toelating:
        stap(Gebeurtenissoort.TOELATING, fasen.toelating, Fase.STABILISATIE)
    if fasen.financiele_rust:
        stap(Gebeurtenissoort.FINANCIELE_RUST, fasen.financiele_rust, Fase.FINANCIELE_RUST)
        # DDAS has no date for the start of the uitvoering: it starts when a product runs
        # after financial rest, if that is before the next step.
        if producten.lijst:
            start = max(fasen.financiele_rust, min(p.startdatum for p in producten.lijst))
            volgende = fasen.nazorg or fasen.uitstroom
            if volgende is None or start <= volgende:
                stap(Gebeurtenissoort.START_UITVOERING, start, Fase.UITVOERING)
    if fasen.nazorg:
        stap(Gebeurtenissoort.START_NAZORG, fasen.nazorg, Fase.NAZORG)
    if fasen.uitstroom and not fasen.afwijzing:
        extra = {}
        if fasen.beeindigingsbeschikking:
            extra["datum_beeindigingsbeschikking"] = fasen.beeindigingsbeschikking.isoformat()
        stap(
            Gebeurtenissoort.UITSTROOM,
            fasen.uitstroom,
            Fase.UITGESTROOMD,
            uitstroomreden=fasen.reden,
            **extra,
        )
        gebeurtenissen[-1].toelichting = fasen.toelichting_uitstroom

    for i, product in enumerate(producten.lijst):
        los(
            Gebeurtenissoort.PRODUCT_GESTART,
            product.startdatum,
            gegevens={"productsoort": product.soort},
            product=i,
        )
        if product.einddatum:
            los(
                Gebeurtenissoort.PRODUCT_BEEINDIGD,
                product.einddatum,
                gegevens={"productsoort": product.soort, "resultaat": "", "zelfredzaam": None},
                product=i,
            )
    # The status after each step, as trajecten.services writes it.
    na_stap = {naam: h.doel for naam, h in SCHULDREGELING_STAPPEN.items()}
    for naam, datum in producten.stappen:
        los(
            Gebeurtenissoort.SCHULDREGELING,
            datum,
            gegevens={"stap": naam, "status": str(na_stap[naam])},
            product=producten.schuldregeling,
        )
    for i, (start, eind) in enumerate(plan.crisisinterventies):
        los(
            Gebeurtenissoort.CRISISINTERVENTIE,
            start,
            gegevens={"bedreiging": BedreigendeSituatie.ANDERS},
            crisisinterventie=i,
        )
        if eind:
            los(
                Gebeurtenissoort.CRISISINTERVENTIE,
                eind,
                gegevens={"voorkomen": False, "afgerond": True},
                crisisinterventie=i,
            )
    for i, moratorium in enumerate(plan.moratoria):
        assert moratorium["aanvraag"] is not None
        los(Gebeurtenissoort.MORATORIUM, moratorium["aanvraag"], moratorium=i)
    gebeurtenissen.sort(key=lambda g: (g.datum, g.rang))
    return gebeurtenissen, fase


# --- Writing -------------------------------------------------------------------------------


@dataclass
class Resultaat:
    voorbeeld: Voorbeeld
    trajecten: list[Traject]
    klanten_nieuw: int

    @property
    def geimporteerd(self) -> int:
        return len(self.trajecten)


def _klanten(plannen: list[Plan]) -> tuple[dict[str, Klant], int]:
    """The klant of every plan: existing, or new through the klant service (validated)."""
    klanten: dict[str, Klant] = {}
    nieuw = 0
    for plan in plannen:
        if plan.klant is not None:
            klanten[plan.klant.bsn] = plan.klant
        elif plan.nieuwe_klant is not None and plan.nieuwe_klant.bsn not in klanten:
            klanten[plan.nieuwe_klant.bsn] = services.klant_opslaan(klant=plan.nieuwe_klant)
            nieuw += 1
    return klanten, nieuw


def _schrijf(plannen: list[Plan], *, door: Gebruiker | None, sha: str) -> tuple[list[Traject], int]:
    """Write all plans with a few bulk inserts per kind of row (a file can hold thousands)."""
    klanten, nieuw = _klanten(plannen)
    reizen = [_plan_gebeurtenissen(plan) for plan in plannen]  # (event rows, final phase)
    dossierrol = door is not None and door.rol in DOSSIERROLLEN
    # Bypasses the workflow on purpose (history): the phase is set once, at creation.
    trajecten = Traject.objects.bulk_create(
        Traject(
            klant=klanten[(plan.klant or plan.nieuwe_klant).bsn],
            gemeente=plan.gemeente,
            afspraak=plan.afspraak,
            aanmelddatum=plan.aanmelddatum,
            kanaal=Aanmeldkanaal.OVERIG,
            crisisinterventie=plan.crisisinterventie,
            behandelaar=door if dossierrol and fase != Fase.UITGESTROOMD else None,
            fase=fase,
            uitstroomreden=plan.uitstroomreden,
            versie=sum(1 for g in gebeurtenissen if g.naar_fase),
        )
        for plan, (gebeurtenissen, fase) in zip(plannen, reizen, strict=True)
    )
    producten = Product.objects.bulk_create(
        Product(
            traject=traject,
            soort=p.soort,
            startdatum=p.startdatum,
            einddatum=p.einddatum,
            schuldregeling_status=p.status,
        )
        for plan, traject in zip(plannen, trajecten, strict=True)
        for p in plan.producten.lijst
    )
    interventies = Crisisinterventie.objects.bulk_create(
        Crisisinterventie(
            traject=traject, soort=BedreigendeSituatie.ANDERS, startdatum=start, einddatum=eind
        )
        for plan, traject in zip(plannen, trajecten, strict=True)
        for start, eind in plan.crisisinterventies
    )
    moratoria = Moratorium.objects.bulk_create(
        Moratorium(
            traject=traject,
            aanvraagdatum=m["aanvraag"],
            goedkeuringsdatum=m["goedkeuring"],
            startdatum=m["start"],
            einddatum=m["eind"],
        )
        for plan, traject in zip(plannen, trajecten, strict=True)
        for m in plan.moratoria
    )
    # bulk_create keeps the order, so each plan's rows are the next ones in each list.
    volgende = {
        "product": iter(producten),
        "crisis": iter(interventies),
        "moratorium": iter(moratoria),
    }
    rijen: list[Gebeurtenis] = []
    for plan, traject, (gebeurtenissen, _) in zip(plannen, trajecten, reizen, strict=True):
        eigen = {
            "product": [next(volgende["product"]) for _ in plan.producten.lijst],
            "crisis": [next(volgende["crisis"]) for _ in plan.crisisinterventies],
            "moratorium": [next(volgende["moratorium"]) for _ in plan.moratoria],
        }
        for g in gebeurtenissen:
            gegevens = {**g.gegevens, "bron": "ddas-import", "bestand": sha}
            if g.product is not None:
                gegevens["product"] = eigen["product"][g.product].pk
            if g.crisisinterventie is not None:
                gegevens["crisisinterventie"] = eigen["crisis"][g.crisisinterventie].pk
            if g.moratorium is not None:
                gegevens["moratorium"] = eigen["moratorium"][g.moratorium].pk
            rijen.append(
                Gebeurtenis(
                    traject=traject,
                    soort=g.soort,
                    datum=g.datum,
                    door=door,
                    van_fase=g.van_fase,
                    naar_fase=g.naar_fase,
                    toelichting=" ".join(t for t in (TOELICHTING, g.toelichting) if t),
                    reden_terugdatering=REDEN_TERUGDATERING,
                    gegevens=gegevens,
                )
            )
    Gebeurtenis.objects.bulk_create(rijen, batch_size=2000)
    for traject in trajecten:
        normbewaking.herbereken(traject)  # the norm clocks, from the historical events
    return trajecten, nieuw


@transaction.atomic
def importeer(
    bestand: Bestand, *, door: Gebruiker | None = None, vandaag: date | None = None
) -> Resultaat:
    """Import every record of `bestand` without errors; all or nothing.

    The analysis is done again inside the transaction (after taking the import lock), so
    what changed since the preview — e.g. someone imported the same file — is respected.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SLOT])
    voorbeeld = analyseer(bestand, gebruiker=door, vandaag=vandaag)
    trajecten, klanten_nieuw = _schrijf(
        [r.plan for r in voorbeeld.nieuw if r.plan is not None], door=door, sha=bestand.sha256
    )
    per_gemeente: dict[int, int] = {}
    for traject in trajecten:
        per_gemeente[traject.gemeente_id] = per_gemeente.get(traject.gemeente_id, 0) + 1
    for gemeente_id, aantal in sorted(per_gemeente.items()):
        audit.import_uitgevoerd(
            request=None,
            soort="ddas",
            gemeente_id=gemeente_id,
            omschrijving=f"DDAS-import {bestand.sha256[:12]}: {aantal} trajecten",
            gebruiker=door,
        )
    logger.info(
        "DDAS-import %s door %s: %d geïmporteerd, %d al aanwezig, %d met fouten",
        bestand.sha256[:12],
        door.get_username() if door else "(beheercommando)",
        len(trajecten),
        len(voorbeeld.aanwezig),
        len(voorbeeld.fout),
    )
    return Resultaat(voorbeeld=voorbeeld, trajecten=trajecten, klanten_nieuw=klanten_nieuw)
