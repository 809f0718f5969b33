"""Journeys recorded step by step through ``trajecten.services``, as the users would."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from faker import Faker

from demo import plan
from demo.verhaal.medewerkers import Medewerkers, kies_personen
from schuldhulp.models import Gebruiker, Gemeente, Huishouden, Klant
from schuldhulp.services import afspraak_op
from schuldhulp.validators import genereer_bsn
from trajecten import services, stabilisatie
from trajecten.models import Crisisinterventie, Normbewaking, Product, Traject
from trajecten.workflow import OVERGANGEN, Fase

DEMO_REDEN = "Demogegevens: achteraf ingevoerd"


@dataclass
class Opgenomen:
    traject: Traject
    reis: plan.Reis
    door: Gebruiker  # writes what either side may (afstemming, klachten)


def contactpersoon(traject: Traject) -> Gebruiker:
    """The klant's vaste contactpersoon, else whoever is on the traject."""
    return traject.contactpersoon or traject.behandelaar or traject.consulent


def nieuwe_klant(rng: random.Random, nep: Faker, gemeente: Gemeente) -> Klant:
    bsn = genereer_bsn(rng)
    while Klant.objects.filter(bsn=bsn).exists():
        bsn = genereer_bsn(rng)
    man = rng.random() < 0.45
    klant = Klant(
        bsn=bsn,
        voornamen=nep.first_name_male() if man else nep.first_name_female(),
        achternaam=nep.last_name(),
        geboortedatum=nep.date_of_birth(minimum_age=19, maximum_age=78),
        straat=nep.street_name(),
        huisnummer=str(rng.randint(1, 180)),
        postcode=plan.postcode(rng, gemeente.code),
        woonplaats=gemeente.naam,
        huishouden=Huishouden.SAMENWONEND if rng.random() < 0.4 else Huishouden.ALLEENSTAAND,
        aantal_kinderen=rng.choice([0, 0, 0, 1, 2, 2, 3]),
        telefoon=f"06{rng.randint(10000000, 99999999)}",
        email=f"klant{bsn[-4:]}@example.nl",
        gemeente=gemeente,
    )
    klant.save()
    return klant


def terugdatering(datum: date, vandaag: date) -> str:
    return DEMO_REDEN if datum < vandaag else ""


def speel_af(
    reis: plan.Reis,
    klant: Klant,
    afspraak,
    medewerkers: Medewerkers,
    vandaag: date,
    *,
    signaaldatum: date | None = None,
    voor_uitstroom: Callable[[Traject], None] | None = None,
) -> Traject:
    """Record the journey step by step through trajecten.services, as the users would.

    `voor_uitstroom` writes the dossier (klantplan, schulden) while the traject is open:
    just before the step that closes it, else after the last step. A closed traject's
    dossier can only be read (the gate), so the demo writes it when the users would have."""
    gid = klant.gemeente_id
    rng = random.Random(klant.pk)
    wie = kies_personen(afspraak, gid, medewerkers, rng)
    traject = services.meld_aan(
        klant=klant,
        door=wie.aanmelder,
        datum=reis.aanmelddatum,
        kanaal=reis.kanaal,
        bedreigende_situatie=reis.bedreigende_situatie,
        behandelaar=wie.behandelaar,
        consulent=wie.consulent,
        vaste_contactpersoon=wie.vaste_contactpersoon.value,
        reden_terugdatering=terugdatering(reis.aanmelddatum, vandaag),
        signaaldatum=signaaldatum,
    )
    producten: dict[int, Product] = {}
    crises: dict[int, Crisisinterventie] = {}
    dossier_af = voor_uitstroom is None
    for stap in reis.stappen:
        if not dossier_af and _sluit(stap):
            voor_uitstroom(_vers(traject))
            dossier_af = True
        door = medewerkers.voor_stap(stap, afspraak, gid)
        reden = terugdatering(stap.datum, vandaag)
        try:
            _stap(traject, reis, stap, door, reden, producten, crises)
        except services.Geweigerd as exc:
            raise RuntimeError(
                f"Demoverhaal: stap {stap.actie} {stap.naam} op {stap.datum} van traject "
                f"{traject.pk} geweigerd: {exc}"
            ) from exc
    if not dossier_af:
        voor_uitstroom(_vers(traject))
    return _vers(traject)


def _vers(traject: Traject) -> Traject:
    return Traject.objects.select_related(
        "klant", "gemeente", "afspraak", "behandelaar", "consulent"
    ).get(pk=traject.pk)


# What a worker writes at financiële rust when the story's dossier lacks the evidence.
RUST = {
    "groei_gestopt": "Beslagen opgeheven en met de deurwaarder afgesproken dat niets oploopt.",
    "vaste_lasten": "Huur, energie en zorgpremie gaan per automatische incasso van de "
    "bufferrekening.",
    "schuldeisers_weten": "Alle schuldeisers hebben een brief gekregen dat de klant in de "
    "schuldhulp zit.",
}


def _sluit(stap: plan.Stap) -> bool:
    """Whether this step closes the traject (uitstroom, afwijzing)."""
    return stap.actie == plan.OVERGANG and OVERGANGEN[stap.naam].doel == Fase.UITGESTROOMD


# A third of the klanten who leave is referred on to a partner (issue 19): figure 29.
VERWIJZINGEN = ("kra", "schuldhulpmaatje", "thuisadministratie", "wijkteam")


def _verwezen_naar(traject_id: int, uitstroomreden: str) -> str:
    if uitstroomreden in ("Afgerond", "Zelf", "Niet passend") and traject_id % 3 == 0:
        return VERWIJZINGEN[traject_id // 3 % len(VERWIJZINGEN)]
    return ""


def _stap(
    traject: Traject,
    reis: plan.Reis,
    stap: plan.Stap,
    door: Gebruiker,
    reden: str,
    producten: dict[int, Product],
    crises: dict[int, Crisisinterventie],
) -> None:
    tid, datum = traject.pk, stap.datum
    if stap.actie == plan.OVERGANG:
        services.voer_overgang_uit(
            traject_id=tid,
            overgang=stap.naam,
            door=door,
            datum=datum,
            reden_terugdatering=reden,
            uitstroomreden=stap.uitstroomreden,
            controlelijst=RUST if OVERGANGEN[stap.naam].controlelijst else None,
            verwezen_naar=_verwezen_naar(tid, stap.uitstroomreden),
        )
    elif stap.actie == plan.PRODUCT_START:
        producten[stap.product] = services.start_product(
            traject_id=tid,
            soort=reis.producten[stap.product].soort,
            door=door,
            datum=datum,
            reden_terugdatering=reden,
        )
    elif stap.actie == plan.PRODUCT_EINDE:
        services.beeindig_product(
            product_id=producten[stap.product].pk,
            door=door,
            datum=datum,
            resultaat=stap.resultaat,
            zelfredzaam=stap.zelfredzaam,
            reden_terugdatering=reden,
        )
    elif stap.actie == plan.SCHULDREGELING:
        services.schuldregeling_stap(
            product_id=producten[stap.product].pk,
            stap=stap.naam,
            door=door,
            datum=datum,
            reden_terugdatering=reden,
        )
    elif stap.actie == plan.CRISIS_START:
        crises[stap.crisis] = stabilisatie.registreer_crisisinterventie(
            traject_id=tid,
            door=door,
            soort=reis.crises[stap.crisis].soort,
            datum=datum,
            reden_terugdatering=reden,
        )
    elif stap.actie == plan.CRISIS_AF:
        stabilisatie.rond_crisisinterventie_af(
            interventie_id=crises[stap.crisis].pk,
            door=door,
            datum=datum,
            voorkomen=stap.voorkomen,
            resultaat=stap.resultaat,
            reden_terugdatering=reden,
        )
    elif stap.actie == plan.MORATORIUM:
        m = reis.moratoria[stap.moratorium]
        stabilisatie.registreer_moratorium(
            traject_id=tid,
            door=door,
            aanvraagdatum=datum,
            startdatum=m.start,
            einddatum=m.eind,
            reden_terugdatering=reden,
        )
    else:
        pauze = reis.pauzes[stap.pauze]
        klok = Normbewaking.objects.get(traject_id=tid, norm__code=pauze.norm, product=None)
        if stap.actie == plan.OPSCHORTING:
            stabilisatie.schort_klok_op(klok_id=klok.pk, door=door, van=datum, reden=pauze.reden)
        else:
            stabilisatie.hervat_klok(klok_id=klok.pk, door=door, tot=datum)


def recidive(
    rng: random.Random,
    opgenomen: list[Opgenomen],
    medewerkers: Medewerkers,
    vandaag: date,
    voor_uitstroom: Callable[[Traject, plan.Reis], None],
) -> None:
    """A few klanten come back after an earlier traject closed (recidive in the report)."""
    terug = [
        o
        for o in opgenomen
        if o.reis.einddatum
        and (vandaag - o.reis.einddatum).days > 60
        and o.reis.kanaal != ("vroegsignalering")
    ][::9]
    for o in terug[:8]:
        afstand = (vandaag - o.reis.einddatum).days - 14
        reis = plan.reis_in_fase(
            rng,
            fase=rng.choice([Fase.AANGEMELD, Fase.INTAKE, Fase.STABILISATIE]),
            vandaag=vandaag,
            dagen=(0, min(afstand, 120)),
        )
        klant = o.traject.klant
        afspraak = afspraak_op(gemeente=klant.gemeente, datum=reis.aanmelddatum)
        if all(medewerkers.voor_stap(s, afspraak, klant.gemeente_id) for s in reis.stappen):
            traject = speel_af(
                reis,
                klant,
                afspraak,
                medewerkers,
                vandaag,
                voor_uitstroom=lambda t, reis=reis: voor_uitstroom(t, reis),
            )
            opgenomen.append(Opgenomen(traject, reis, contactpersoon(traject)))
