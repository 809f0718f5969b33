"""The dossier around a recorded traject: schulden, gesprek, klantplan, afstemming, klachten."""

from __future__ import annotations

import random
from datetime import date, timedelta

from demo import plan
from demo.verhaal.afspelen import Opgenomen
from demo.verhaal.medewerkers import Medewerkers
from klantplan import services as kp_services
from klantplan.models import Schuld
from schuldhulp.pakketten import Pakket, Partij
from trajecten.workflow import GESPREK_HANDELING, Fase


def dossier(
    rng: random.Random,
    o: Opgenomen,
    vandaag: date,
    schuldeisers: dict[str, int],
    medewerkers: Medewerkers,
) -> None:
    """Schulden, gesprek, klantplan (with doelen and acties) and afstemming of a traject,
    each written by the side the package gives its task (the behandelaar where it may)."""
    reis, traject, door = o.reis, o.traject, o.door
    gesprek = reis.mijlpalen.get("voer_eerste_gesprek")
    if gesprek is None:
        return
    intake = GESPREK_HANDELING["intakegesprek"]
    door_voor = {
        naam: medewerkers.voor_handeling(naam, traject)
        for naam in ("schulden.wijzigen", "klantplan.wijzigen", intake)
    }
    peildatum = min(vandaag, gesprek + timedelta(days=rng.randint(0, 20)))
    status = plan.schuldstatus(reis, rng)
    Schuld.objects.bulk_create(
        [
            Schuld(
                traject=traject,
                schuldeiser_id=schuldeisers[s.schuldeiser.casefold()],
                oorspronkelijk_bedrag_cent=s.oorspronkelijk_cent,
                actueel_bedrag_cent=s.actueel_cent,
                peildatum=peildatum,
                status=status,
                zakelijk=s.zakelijk,
                beslag=s.beslag,
                kenmerk=f"{rng.randint(10**7, 10**8 - 1)}",
                bijgewerkt_door=door_voor["schulden.wijzigen"] or door,
            )
            for s in plan.schulden(rng)
        ]
    )
    if door_voor[intake] is not None:
        kp_services.registreer_gesprek(
            traject=traject,
            door=door_voor[intake],
            soort="intakegesprek",
            datum=gesprek,
            deelnemers=f"{traject.klant.voornamen} {traject.klant.achternaam} en "
            f"{door_voor[intake]}",
            samenvatting="Situatie in kaart gebracht; post meegenomen; actielijst meegegeven.",
        )
    if traject.afspraak.pakket == Pakket.HYBRIDE and "neem_toelatingsbesluit" in reis.mijlpalen:
        kp_services.registreer_afstemming(  # either side may: the behandelaar
            traject=traject,
            door=door,
            soort="signaal",
            datum=reis.mijlpalen["neem_toelatingsbesluit"],
            bericht="Afgestemd met het wijkteam: klant is toegelaten, plan besproken.",
            leefgebied="wonen",
        )
    door = door_voor["klantplan.wijzigen"]  # the klantplan, its doelen and acties
    if door is None:
        return
    summier = traject.afspraak.pakket == Pakket.BASIS
    klantplan = kp_services.maak_klantplan(traject=traject, door=door)
    hulpvraag = rng.choice(plan.HULPVRAGEN)
    kp_services.wijzig_klantplan(
        klantplan_id=klantplan.pk,
        door=door,
        hulpvraag=hulpvraag,
        hulpvraag_klant=plan.VOOR_DE_KLANT[hulpvraag],
        situatie_klant="" if summier else plan.SITUATIE_VOOR_DE_KLANT,
        oorzaak=rng.choice(plan.OORZAKEN),
        productkeuze=reis.producten[0].soort if reis.producten else "",
        leefgebieden={} if summier else plan.LEEFGEBIEDEN,
        oplossend_vermogen="" if summier else rng.choice(["zelf", "met_hulp", "overnemen"]),
    )
    doelen = [
        kp_services.voeg_doel_toe(
            klantplan_id=klantplan.pk,
            door=door,
            omschrijving=omschrijving,
            klanttekst=plan.VOOR_DE_KLANT[omschrijving],
            streefdatum=gesprek + timedelta(days=60 * n),
        )
        for n, omschrijving in enumerate(rng.sample(plan.DOELEN, 3), start=1)
    ]
    acties = [
        kp_services.voeg_actie_toe(
            door=door,
            soort=soort,
            wat=wat,
            klanttekst=plan.VOOR_DE_KLANT[wat],
            wie=wie,
            deadline=gesprek + timedelta(days=rng.randint(7, 45)),
            klantplan_id=klantplan.pk,
        )
        for soort, wat, wie in rng.sample(plan.ACTIES, 4)
    ]
    toelating = reis.mijlpalen.get("neem_toelatingsbesluit")
    if toelating is None:
        return  # the plan is still a concept during the intake
    vastgesteld = min(vandaag, toelating + timedelta(days=rng.randint(2, 20)))
    kp_services.stel_vast(
        klantplan_id=klantplan.pk, door=door, datum=vastgesteld, besproken_met_klant=True
    )
    verder = reis.fase in (Fase.UITVOERING, Fase.NAZORG, Fase.UITGESTROOMD)
    if verder:
        kp_services.zet_doelstatus(doel_id=doelen[0].pk, door=door, status="gehaald")
    if reis.uitstroomreden == "Afgerond":
        for doel in doelen[1:]:
            kp_services.zet_doelstatus(doel_id=doel.pk, door=door, status="gehaald")
    for actie in acties:
        # Each party ticks off its own actions (actie.afvinken.*); the klant's: the writer.
        afvinker = (
            door
            if actie.wie not in Partij.values
            else medewerkers.van_partij(traject.gemeente_id, Partij(actie.wie))
        )
        if afvinker and actie.deadline and actie.deadline < vandaag and rng.random() < 0.75:
            kp_services.markeer_actie(
                actie_id=actie.pk, door=afvinker, gedaan_op=actie.deadline - timedelta(days=2)
            )


def klachten(opgenomen: list[Opgenomen], vandaag: date) -> None:
    kandidaten = [o for o in opgenomen if "voer_eerste_gesprek" in o.reis.mijlpalen][::25][:4]
    for n, o in enumerate(kandidaten):
        datum = min(vandaag, o.reis.mijlpalen["voer_eerste_gesprek"] + timedelta(days=20))
        klacht = kp_services.registreer_klacht(
            traject=o.traject,
            door=o.door,
            soort="bezwaar" if n == 1 else "klacht",
            datum=datum,
            onderwerp="Bezwaar tegen de beschikking" if n == 1 else "Lang moeten wachten",
            toelichting="Klant belde twee keer zonder teruggebeld te worden.",
        )
        if n % 2 == 0 and datum < vandaag:
            kp_services.handel_klacht_af(
                klacht_id=klacht.pk,
                door=o.door,
                uitkomst="gegrond",
                afgehandeld_op=min(vandaag, datum + timedelta(days=14)),
                toelichting="Excuses gemaakt; vaste terugbelafspraak gemaakt.",
            )
