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

from django.db import connection, transaction

from klantplan.huishouden.models import Huishouden
from rapportage.ddas.importer import herlevering, reis, schulden
from rapportage.ddas.importer.analyse import Plan, Voorbeeld, analyseer
from rapportage.ddas.importer.lezen import Bestand, OngeldigBestand
from schuldhulp import audit, services
from schuldhulp.models import Gebruiker, Klant
from schuldhulp.pakketten import Partij
from schuldhulp.permissions import mag_dossiers_zien
from trajecten import normbewaking
from trajecten.models import (
    Aanmeldkanaal,
    BedreigendeSituatie,
    Crisisinterventie,
    Fase,
    Gebeurtenis,
    Moratorium,
    Product,
    Traject,
)
from trajecten.samenwerking import aanzet, personen

logger = logging.getLogger(__name__)

TOELICHTING = "Overgenomen uit een DDAS-bestand (historische gegevens)."
REDEN_TERUGDATERING = "Historische gegevens uit een DDAS-bestand (import)."
TOELICHTING_HERLEVERING = "Aangevuld uit een nieuwe levering van een DDAS-bestand."
# One import at a time: two confirmations of the same file must not both create trajecten.
_SLOT = 0x0DDA5


# --- Writing -------------------------------------------------------------------------------


@dataclass
class Resultaat:
    voorbeeld: Voorbeeld
    trajecten: list[Traject]
    klanten_nieuw: int
    aangevuld: list[Traject] = field(default_factory=list)  # re-delivered with new facts

    @property
    def geimporteerd(self) -> int:
        return len(self.trajecten)


def _klanten(plannen: list[Plan]) -> tuple[dict[str, Klant], int]:
    """The klant of every plan: existing, or new through the klant service (validated)."""
    klanten: dict[str, Klant] = {}
    nieuw = 0
    for plan in plannen:
        for bestaand, nieuwe in (
            (plan.klant, plan.nieuwe_klant),
            (plan.partner, plan.nieuwe_partner),
        ):
            if bestaand is not None:
                klanten[bestaand.bsn] = bestaand
            elif nieuwe is not None and nieuwe.bsn not in klanten:
                klanten[nieuwe.bsn] = services.klant_opslaan(klant=nieuwe)
                nieuw += 1
    return klanten, nieuw


def _schrijf(
    plannen: list[Plan], *, door: Gebruiker | None, behandelaar: Gebruiker | None, sha: str
) -> tuple[list[Traject], int]:
    """Write all plans with a few bulk inserts per kind of row (a file can hold thousands)."""
    klanten, nieuw = _klanten(plannen)
    reizen = [reis.plan_gebeurtenissen(plan) for plan in plannen]  # (event rows, final phase)
    # Bypasses the workflow on purpose (history): the phase is set once, at creation.
    trajecten = Traject.objects.bulk_create(
        Traject(
            klant=klanten[(plan.klant or plan.nieuwe_klant).bsn],
            gemeente=plan.gemeente,
            afspraak=plan.afspraak,
            aanmelddatum=plan.aanmelddatum,
            kanaal=Aanmeldkanaal.OVERIG,
            crisisinterventie=plan.crisisinterventie,
            bedreigende_situatie=plan.bedreigende_situatie,
            behandelaar=behandelaar if fase != Fase.UITGESTROOMD else None,
            fase=fase,
            uitstroomreden=plan.uitstroomreden,
            versie=sum(1 for rij, _ in gebeurtenissen if rij.naar_fase),
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
        for rij, g in gebeurtenissen:
            gegevens = {**rij.gegevens, "bron": "ddas-import", "bestand": sha}
            if g.product is not None:
                gegevens["product"] = eigen["product"][g.product].pk
            if g.crisisinterventie is not None:
                gegevens["crisisinterventie"] = eigen["crisis"][g.crisisinterventie].pk
            if g.moratorium is not None:
                gegevens["moratorium"] = eigen["moratorium"][g.moratorium].pk
            rijen.append(
                reis.gebeurtenis(
                    traject,
                    rij,
                    g,
                    door=door,
                    toelichting=TOELICHTING,
                    reden=REDEN_TERUGDATERING,
                    gegevens=gegevens,
                )
            )
    Gebeurtenis.objects.bulk_create(rijen, batch_size=2000)
    Huishouden.objects.bulk_create(
        Huishouden(traject=traject, partner=klanten[(plan.partner or plan.nieuwe_partner).bsn])
        for plan, traject in zip(plannen, trajecten, strict=True)
        if plan.partner or plan.nieuwe_partner
    )
    schulden.schrijf_schulden(
        [(traject, plan.schulden) for plan, traject in zip(plannen, trajecten, strict=True)]
    )
    for traject in trajecten:
        aanzet.werk_bij(traject)  # whose turn it is (first: the clocks' signals go there)
        normbewaking.herbereken(traject)  # the norm clocks, from the historical events
    return trajecten, nieuw


def _controleer_behandelaar(plannen: list[Plan], behandelaar: Gebruiker) -> None:
    for plan in plannen:
        if plan.fasen.uitstroom is None and (
            reden := personen.fout(plan.gemeente.pk, Partij.STADSBANK, behandelaar)
        ):
            raise OngeldigBestand(
                f"{behandelaar.get_username()} kan de lopende trajecten van {plan.gemeente} niet "
                f"krijgen: {reden} Er is niets geïmporteerd."
            )


def _vul_aan(voorbeeld: Voorbeeld, *, door: Gebruiker | None, sha: str) -> list[Traject]:
    """Apply the re-deliveries with new facts: their rows as events, then the clocks."""
    aangevuld = []
    for record in voorbeeld.aanvullingen:
        assert record.aanvulling is not None and record.plan is not None
        try:
            traject = herlevering.pas_toe(
                record.aanvulling,
                record.plan,
                door=door,
                toelichting=TOELICHTING_HERLEVERING,
                reden=REDEN_TERUGDATERING,
                sha=sha,
            )
        except herlevering.Gewijzigd as exc:
            raise OngeldigBestand(
                f"Het traject van record {record.nummer} (BSN {record.bsn_gemaskeerd}) is "
                "intussen gewijzigd. Er is niets geïmporteerd; controleer het bestand opnieuw."
            ) from exc
        aangevuld.append(traject)
    for traject in aangevuld:
        aanzet.werk_bij(traject)
        normbewaking.herbereken(traject)
    return aangevuld


@transaction.atomic
def importeer(
    bestand: Bestand,
    *,
    door: Gebruiker | None = None,
    behandelaar: Gebruiker | None = None,
    vandaag: date | None = None,
) -> Resultaat:
    """Import every record of `bestand` without errors, together in one transaction: a
    failure on the way leaves nothing behind. Records with errors are left out.

    The open trajecten get `behandelaar` (the operator's command names one), else the
    klantregisseur who imports: their signaleringen must reach somebody.
    The analysis is done again inside the transaction (after taking the import lock), so
    what changed since the preview — e.g. someone imported the same file — is respected.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SLOT])
    voorbeeld = analyseer(bestand, gebruiker=door, vandaag=vandaag)
    if voorbeeld.bestandsfouten:
        raise OngeldigBestand(
            "Dit bestand voldoet buiten de trajecten niet aan het DDAS v1.0-schema. Er is niets "
            "geïmporteerd; herstel eerst deze fouten.",
            voorbeeld.bestandsfouten,
        )
    plannen = [r.plan for r in voorbeeld.nieuw if r.plan is not None]
    if behandelaar is None and door is not None and mag_dossiers_zien(door):
        behandelaar = door
    if behandelaar is not None:
        _controleer_behandelaar(plannen, behandelaar)
    trajecten, klanten_nieuw = _schrijf(
        plannen, door=door, behandelaar=behandelaar, sha=bestand.sha256
    )
    aangevuld = _vul_aan(voorbeeld, door=door, sha=bestand.sha256)
    per_gemeente: dict[int, int] = {}
    for traject in [*trajecten, *aangevuld]:
        per_gemeente[traject.gemeente_id] = per_gemeente.get(traject.gemeente_id, 0) + 1
    for gemeente_id, aantal in sorted(per_gemeente.items()):
        audit.import_uitgevoerd(
            request=None,
            soort="ddas",
            gemeente_id=gemeente_id,
            omschrijving=f"DDAS-import {bestand.sha256[:12]}: {aantal} trajecten (nieuw/aangevuld)",
            gebruiker=door,
        )
    logger.info(
        "DDAS-import %s door %s: %d geïmporteerd, %d aangevuld, %d al aanwezig, %d met fouten",
        bestand.sha256[:12],
        door.get_username() if door else "(beheercommando)",
        len(trajecten),
        len(aangevuld),
        len(voorbeeld.aanwezig),
        len(voorbeeld.fout),
    )
    return Resultaat(
        voorbeeld=voorbeeld, trajecten=trajecten, klanten_nieuw=klanten_nieuw, aangevuld=aangevuld
    )
