"""Klantplannen of scale data: version 1 with doelen and acties for every toegelaten traject."""

from __future__ import annotations

import uuid
from datetime import timedelta

from demo import plan
from demo.schaal.context import Context, tijdstip
from demo.schaal.kopie import kopieer, reserveer_ids
from schuldhulp.pakketten import Pakket, Partij, Taak
from trajecten.workflow import Fase


def klantplannen(ctx: Context, ruw, geplande: list[tuple]) -> int:
    """Version 1 of the klantplan for every traject that was toegelaten: written as a
    concept with its doelen and acties, then fixed (the freeze trigger allows that)."""
    from klantplan import models as kp

    rng = ctx.rng
    plannen = [
        (reis, traject, afspraak)
        for reis, traject, afspraak in geplande
        if "neem_toelatingsbesluit" in reis.mijlpalen
    ]
    if not plannen:
        return 0
    eerste = reserveer_ids(ruw, kp.Klantplan, len(plannen))
    planrijen, doelen, acties, vast = [], [], [], []
    for n, (reis, traject, afspraak) in enumerate(plannen):
        pk = eerste + n
        toelating = reis.mijlpalen["neem_toelatingsbesluit"]
        datum = toelating + timedelta(days=rng.randint(3, 25))
        summier = afspraak.pakket == Pakket.BASIS
        planrijen.append(
            {
                "id": pk,
                "traject_id": traject["id"],
                "versie": 1,
                "status": "concept",
                "hulpvraag": rng.choice(plan.HULPVRAGEN),
                "oorzaak": rng.choice(plan.OORZAKEN),
                "leefgebieden": {} if summier else plan.LEEFGEBIEDEN,
                "oplossend_vermogen": ""
                if summier
                else rng.choice(["zelf", "met_hulp", "met_hulp", "overnemen"]),
                "productkeuze": reis.producten[0].soort if reis.producten else "",
                "aangemaakt_door_id": traject["_door"],
                "aangemaakt_op": tijdstip(toelating),
                "gewijzigd_op": tijdstip(min(datum, ctx.vandaag)),
            }
        )
        if datum <= ctx.vandaag:
            vast.append((pk, datum, traject["_door"]))
        klaar = reis.uitstroomreden == "Afgerond"
        for volgorde, omschrijving in enumerate(rng.sample(plan.DOELEN, 3), start=1):
            doelen.append(
                {
                    "klantplan_id": pk,
                    "ref": uuid.UUID(int=rng.getrandbits(128), version=4),
                    "omschrijving": omschrijving,
                    "klanttekst": plan.VOOR_DE_KLANT[omschrijving],
                    "streefdatum": datum + timedelta(days=30 * volgorde * 2),
                    "status": "gehaald"
                    if klaar or (volgorde == 1 and reis.fase != Fase.STABILISATIE)
                    else "open",
                    "volgorde": volgorde,
                }
            )
        for soort, wat, wie in rng.sample(plan.ACTIES, 4):
            deadline = datum + timedelta(days=rng.randint(7, 60))
            if not wie:
                taak = None if soort == "product" else Taak(soort)
                partij = Partij.STADSBANK if taak is None else afspraak.uitvoerder(taak)
                wie = "stadsbank" if partij == Partij.STADSBANK else "gemeente"
            acties.append(
                {
                    "traject_id": traject["id"],
                    "klantplan_id": pk,
                    "gesprek_id": None,
                    "ref": uuid.UUID(int=rng.getrandbits(128), version=4),
                    "soort": soort,
                    "wat": wat,
                    "klanttekst": plan.VOOR_DE_KLANT[wat],
                    "wie": wie,
                    "deadline": deadline,
                    "gedaan_op": deadline - timedelta(days=rng.randint(0, 5))
                    if deadline < ctx.vandaag and rng.random() < 0.8
                    else None,
                    "aangemaakt_op": tijdstip(toelating),
                    "bijgewerkt_op": tijdstip(toelating),
                }
            )
    kopieer(ruw, kp.Klantplan, planrijen)
    kopieer(ruw, kp.Doel, doelen)
    kopieer(ruw, kp.Actie, acties)
    if vast:
        ruw.execute(
            "UPDATE klantplan_klantplan AS k SET status = 'vastgesteld', "
            "besproken_met_klant = true, vastgesteld_op = v.datum, "
            "vastgesteld_door_id = v.door "
            "FROM unnest(%s::bigint[], %s::date[], %s::bigint[]) AS v(id, datum, door) "
            "WHERE k.id = v.id",
            [[v[0] for v in vast], [v[1] for v in vast], [v[2] for v in vast]],
        )
    return len(planrijen)
