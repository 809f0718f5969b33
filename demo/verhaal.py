"""The demo story: about 300 trajecten over the past 15 months, in every phase.

For the gemeenten where the demo users work, every step is recorded through the services a
user would use (``trajecten.services``, ``klantplan.services``, vroegsignalering), by the user
the package matrix gives the task to (Almelo: Ontzorging, the klantregisseur does everything;
Hengelo: Basis, the consulent takes the gemeente's tasks; Enschede: Hybride). Steps in the
past carry a reason for the back-dating, as the services demand. Trajecten in gemeenten
without a demo user who may do a step are written as rows by ``demo.schaal``
(the same journeys and the same clock arithmetic as ``herbereken``).

Then the daily norm watch runs, so the werkvoorraad shows what is overdue and what threatens
today, vroegsignalen come in (some with contact attempts, some turned into an aanmelding)
and the contractmanager finds the reports of the last quarter.

Run once: a second run finds its own events (``DEMO_REDEN``) and adds nothing.
"""

from __future__ import annotations

import io
import logging
import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from faker import Faker

from demo import plan
from demo.basis import GEBRUIKERS
from demo.schaal import schrijf_trajecten, zorg_voor_schuldeisers
from klantplan import services as kp_services
from klantplan.models import Schuld
from rapportage import services as rapportage_services
from rapportage.kwartalen import Kwartaal
from rapportage.models import Kwartaalrapportage
from schuldhulp.models import Gebruiker, Gemeente, Huishouden, Klant, Rol
from schuldhulp.pakketten import Pakket, Partij, Taak
from schuldhulp.permissions import DOSSIERROLLEN, gemeente_ids
from schuldhulp.services import afspraak_op
from schuldhulp.validators import genereer_bsn
from trajecten import normbewaking, services, workflow
from trajecten.models import (
    Crisisinterventie,
    Gebeurtenis,
    Normbewaking,
    Product,
    Signalering,
    Traject,
)
from trajecten.vroegsignalering import services as vs_services
from trajecten.vroegsignalering.models import OPEN_STATUSSEN, Signaalzaak

logger = logging.getLogger(__name__)

DEMO_REDEN = "Demogegevens: achteraf ingevoerd"

# (gemeente, number of trajecten): where the demo users work, and a few places without one.
VERHAAL: list[tuple[str, int]] = [
    ("GM0141", 70),  # Almelo, Ontzorging
    ("GM0164", 55),  # Hengelo, Basis
    ("GM0153", 70),  # Enschede, Hybride
    ("GM0173", 28),  # Oldenzaal, Ontzorging until 1 July, then Hybride
    ("GM0189", 18),  # Wierden
    ("GM0147", 14),  # Borne
    ("GM0168", 10),  # Losser
    ("GM0158", 10),  # Haaksbergen (no demo user: written as rows)
    ("GM0222", 10),  # Doetinchem (idem)
    ("GM0197", 8),  # Aalten (idem)
]
# Phase mix of a gemeente's trajecten today (per 100).
FASEMIX: list[tuple[str, int]] = [
    ("aangemeld", 8),
    ("intake", 8),
    ("stabilisatie", 9),
    ("financiele_rust", 6),
    ("uitvoering", 30),
    ("nazorg", 6),
    ("uitgestroomd", 33),
]
VROEGSIGNALERING = ["GM0141", "GM0164", "GM0153"]


def _fasen(aantal: int) -> list[str]:
    """`aantal` target phases in the proportions of FASEMIX, every phase at least once."""
    totaal = sum(w for _, w in FASEMIX)
    uit = [f for f, w in FASEMIX for _ in range(max(1, round(aantal * w / totaal)))]
    while len(uit) > aantal:
        uit.remove("uitvoering" if uit.count("uitvoering") > 1 else "uitgestroomd")
    while len(uit) < aantal:
        uit.append("uitgestroomd")
    return uit


def _wachttijd(fase: str, n: int) -> tuple[int, int]:
    """Days since aanmelding: some fresh aanmeldingen sit where the 4-week clock of the
    first conversation threatens (day 21-27) or has run out, so the werkvoorraad shows both."""
    if fase == "aangemeld":
        return [(21, 27), (0, 14), (30, 50), (22, 26)][n % 4]
    if fase == "intake":
        return (10, 70)
    return (0, 450)


class Medewerkers:
    """The demo users by gemeente, and who does a step under the traject's package."""

    def __init__(self) -> None:
        namen = [username for username, *_ in GEBRUIKERS]
        self.per_gemeente: dict[int, list[Gebruiker]] = {}
        for user in Gebruiker.objects.filter(username__in=namen, rol__in=DOSSIERROLLEN).order_by(
            "username"
        ):
            for gid in gemeente_ids(user):
                self.per_gemeente.setdefault(gid, []).append(user)

    def van_partij(self, gemeente_id: int, partij: Partij) -> Gebruiker | None:
        return next((u for u in self.per_gemeente.get(gemeente_id, []) if u.partij == partij), None)

    def iemand(self, gemeente_id: int) -> Gebruiker | None:
        lijst = self.per_gemeente.get(gemeente_id, [])
        return lijst[0] if lijst else None

    def voor_stap(self, stap: plan.Stap, afspraak, gemeente_id: int) -> Gebruiker | None:
        if stap.actie == plan.OVERGANG:
            taak = workflow.OVERGANGEN[stap.naam].taak
            partij = Partij.STADSBANK if taak is None else afspraak.uitvoerder(taak)
        elif stap.actie in (plan.CRISIS_START, plan.CRISIS_AF):
            partij = afspraak.uitvoerder(Taak.ACUTE_HULP)
        elif stap.actie in (plan.OPSCHORTING, plan.HERVATTING):
            return self.iemand(gemeente_id)
        else:  # products, schuldregeling, moratorium: the Stadsbank delivers them
            partij = Partij.STADSBANK
        return self.van_partij(gemeente_id, partij)


@dataclass
class Opgenomen:
    traject: Traject
    reis: plan.Reis
    door: Gebruiker


def maak_verhaal(*, seed: int = 2026, vandaag: date | None = None) -> dict[str, int]:
    """Trajecten, klantplannen, schulden, signaleringen, vroegsignalen and reports."""
    if Gebeurtenis.objects.filter(reden_terugdatering=DEMO_REDEN).exists():
        return {"nieuwe_trajecten": 0}
    vandaag = vandaag or timezone.localdate()
    rng = random.Random(seed + 1)
    nep = Faker("nl_NL")
    nep.seed_instance(seed + 1)
    medewerkers = Medewerkers()
    schuldeisers = zorg_voor_schuldeisers()
    gemeenten = {g.code: g for g in Gemeente.objects.filter(code__in=[c for c, _ in VERHAAL])}
    opgenomen: list[Opgenomen] = []
    als_rijen: list[tuple[plan.Reis, Klant]] = []
    with transaction.atomic():
        for code, aantal in VERHAAL:
            gemeente = gemeenten[code]
            for n, fase in enumerate(_fasen(aantal)):
                reis = plan.reis_in_fase(rng, fase=fase, vandaag=vandaag, dagen=_wachttijd(fase, n))
                klant = _nieuwe_klant(rng, nep, gemeente)
                afspraak = afspraak_op(gemeente=gemeente, datum=reis.aanmelddatum)
                if all(
                    medewerkers.voor_stap(s, afspraak, gemeente.pk) for s in reis.stappen
                ) and medewerkers.iemand(gemeente.pk):
                    traject = _speel_af(reis, klant, afspraak, medewerkers, vandaag)
                    opgenomen.append(Opgenomen(traject, reis, traject.behandelaar))
                else:
                    als_rijen.append((reis, klant))
        _schrijf_als_rijen(als_rijen, vandaag, seed)
        _recidive(rng, opgenomen, medewerkers, vandaag)
        for o in opgenomen:
            _dossier(rng, o, vandaag, schuldeisers)
        _klachten(opgenomen, vandaag)
        signalen = _ruim_signaleringen_op(vandaag)
        uitkomst = normbewaking.dagelijkse_normbewaking(vandaag=vandaag)
        zaken = _vroegsignalen(rng, nep, medewerkers, vandaag)
    rapporten = _rapportages(vandaag)
    return {
        "nieuwe_trajecten": len(opgenomen) + len(als_rijen),
        "via_services": len(opgenomen),
        "als_rijen": len(als_rijen),
        "signaleringen": signalen + uitkomst["signaleringen"],
        "vroegsignalen_bewerkt": zaken,
        "rapportages": rapporten,
    }


def _nieuwe_klant(rng: random.Random, nep: Faker, gemeente: Gemeente) -> Klant:
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


def _behandelaar(
    afspraak, gemeente_id: int, medewerkers: Medewerkers, rng: random.Random
) -> Gebruiker:
    """Basis: the gemeente keeps client contact, so often the consulent; otherwise the
    klantregisseur (whose werkvoorraad the demo is about)."""
    regisseur = medewerkers.van_partij(gemeente_id, Partij.STADSBANK)
    consulent = medewerkers.van_partij(gemeente_id, Partij.GEMEENTE)
    if afspraak.pakket == Pakket.BASIS and consulent and rng.random() < 0.6:
        return consulent
    return regisseur or consulent or medewerkers.iemand(gemeente_id)


def _reden(datum: date, vandaag: date) -> str:
    return DEMO_REDEN if datum < vandaag else ""


def _speel_af(
    reis: plan.Reis,
    klant: Klant,
    afspraak,
    medewerkers: Medewerkers,
    vandaag: date,
    *,
    signaaldatum: date | None = None,
) -> Traject:
    """Record the journey step by step through trajecten.services, as the users would."""
    gid = klant.gemeente_id
    rng = random.Random(klant.pk)
    behandelaar = _behandelaar(afspraak, gid, medewerkers, rng)
    traject = services.meld_aan(
        klant=klant,
        door=behandelaar,
        datum=reis.aanmelddatum,
        kanaal=reis.kanaal,
        bedreigende_situatie=reis.bedreigende_situatie,
        behandelaar=behandelaar,
        reden_terugdatering=_reden(reis.aanmelddatum, vandaag),
        signaaldatum=signaaldatum,
    )
    producten: dict[int, Product] = {}
    crises: dict[int, Crisisinterventie] = {}
    for stap in reis.stappen:
        door = medewerkers.voor_stap(stap, afspraak, gid)
        reden = _reden(stap.datum, vandaag)
        try:
            _stap(traject, reis, stap, door, reden, producten, crises)
        except services.Geweigerd as exc:
            raise RuntimeError(
                f"Demoverhaal: stap {stap.actie} {stap.naam} op {stap.datum} van traject "
                f"{traject.pk} geweigerd: {exc}"
            ) from exc
    return Traject.objects.select_related("klant", "afspraak", "behandelaar").get(pk=traject.pk)


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
        crises[stap.crisis] = services.registreer_crisisinterventie(
            traject_id=tid,
            door=door,
            soort=reis.crises[stap.crisis].soort,
            datum=datum,
            reden_terugdatering=reden,
        )
    elif stap.actie == plan.CRISIS_AF:
        services.rond_crisisinterventie_af(
            interventie_id=crises[stap.crisis].pk,
            door=door,
            datum=datum,
            voorkomen=stap.voorkomen,
            resultaat=stap.resultaat,
            reden_terugdatering=reden,
        )
    elif stap.actie == plan.MORATORIUM:
        m = reis.moratoria[stap.moratorium]
        services.registreer_moratorium(
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
            services.schort_klok_op(klok_id=klok.pk, door=door, van=datum, reden=pauze.reden)
        else:
            services.hervat_klok(klok_id=klok.pk, door=door, tot=datum)


def _schrijf_als_rijen(reizen: list[tuple[plan.Reis, Klant]], vandaag: date, seed: int) -> None:
    """Journeys without a demo user for every step: rows, as the scale generator writes."""
    schrijf_trajecten(reizen, vandaag=vandaag, seed=seed, reden=DEMO_REDEN)


def _recidive(
    rng: random.Random,
    opgenomen: list[Opgenomen],
    medewerkers: Medewerkers,
    vandaag: date,
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
            fase=rng.choice(["aangemeld", "intake", "stabilisatie"]),
            vandaag=vandaag,
            dagen=(0, min(afstand, 120)),
        )
        klant = o.traject.klant
        afspraak = afspraak_op(gemeente=klant.gemeente, datum=reis.aanmelddatum)
        if all(medewerkers.voor_stap(s, afspraak, klant.gemeente_id) for s in reis.stappen):
            traject = _speel_af(reis, klant, afspraak, medewerkers, vandaag)
            opgenomen.append(Opgenomen(traject, reis, traject.behandelaar))


# --------------------------------------------------------------------------- the dossier


def _dossier(rng: random.Random, o: Opgenomen, vandaag: date, schuldeisers: dict[str, int]) -> None:
    """Schulden, gesprek, klantplan (with doelen and acties) and afstemming of a traject."""
    reis, traject, door = o.reis, o.traject, o.door
    gesprek = reis.mijlpalen.get("voer_eerste_gesprek")
    if gesprek is None:
        return
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
                bijgewerkt_door=door,
            )
            for s in plan.schulden(rng)
        ]
    )
    kp_services.registreer_gesprek(
        traject=traject,
        door=door,
        soort="intakegesprek",
        datum=gesprek,
        deelnemers=f"{traject.klant.voornamen} {traject.klant.achternaam} en {door}",
        samenvatting="Situatie in kaart gebracht; post meegenomen; actielijst meegegeven.",
    )
    summier = traject.afspraak.pakket == Pakket.BASIS
    klantplan = kp_services.maak_klantplan(traject=traject, door=door)
    kp_services.wijzig_klantplan(
        klantplan_id=klantplan.pk,
        door=door,
        hulpvraag=rng.choice(plan.HULPVRAGEN),
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
            streefdatum=gesprek + timedelta(days=60 * n),
        )
        for n, omschrijving in enumerate(rng.sample(plan.DOELEN, 3), start=1)
    ]
    acties = [
        kp_services.voeg_actie_toe(
            door=door,
            soort=soort,
            wat=wat,
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
    verder = reis.fase in ("uitvoering", "nazorg", "uitgestroomd")
    if verder:
        kp_services.zet_doelstatus(doel_id=doelen[0].pk, door=door, status="gehaald")
    if reis.uitstroomreden == "Afgerond":
        for doel in doelen[1:]:
            kp_services.zet_doelstatus(doel_id=doel.pk, door=door, status="gehaald")
    for actie in acties:
        if actie.deadline and actie.deadline < vandaag and rng.random() < 0.75:
            kp_services.markeer_actie(
                actie_id=actie.pk, door=door, gedaan_op=actie.deadline - timedelta(days=2)
            )
    if traject.afspraak.pakket == Pakket.HYBRIDE:
        kp_services.registreer_afstemming(
            traject=traject,
            door=door,
            soort="warme_overdracht",
            datum=toelating,
            bericht="Warme overdracht met het wijkteam: klant is toegelaten, plan besproken.",
            leefgebied="wonen",
        )


def _klachten(opgenomen: list[Opgenomen], vandaag: date) -> None:
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


# --------------------------------------------------------------------------- signaleringen

_OPRUIMEN = """
DELETE FROM trajecten_signalering AS s
USING trajecten_normbewaking AS k
WHERE s.klok_id = k.id
  AND (k.vervallen
       OR k.status IN ('loopt', 'gehaald')
       OR (s.soort = 'overschreden' AND k.status NOT IN ('overschreden', 'te_laat_gehaald')))
"""
_DATEREN = """
UPDATE trajecten_signalering AS s
SET aangemaakt_op = (CASE WHEN s.soort = 'dreigt' THEN k.dreigt_vanaf ELSE k.deadline + 1 END
                     + time '06:00') AT TIME ZONE 'Europe/Amsterdam',
    gelezen_op = CASE WHEN (CASE WHEN s.soort = 'dreigt' THEN k.dreigt_vanaf
                                 ELSE k.deadline + 1 END) < %(grens)s::date
                      THEN (CASE WHEN s.soort = 'dreigt' THEN k.dreigt_vanaf
                                 ELSE k.deadline + 1 END + time '09:30')
                           AT TIME ZONE 'Europe/Amsterdam' END
FROM trajecten_normbewaking AS k
WHERE s.klok_id = k.id AND s.gelezen_op IS NULL
  AND k.dreigt_vanaf > '0001-01-02' AND k.deadline < '9999-01-01'
"""


def _ruim_signaleringen_op(vandaag: date) -> int:
    """Replaying old steps recomputes the clocks against today, so a clock looked overdue
    for a moment before the next step met it; those signals never happened and go. The
    rest get the day they would have appeared; signals older than ten days were read."""
    with connection.cursor() as cursor:
        cursor.execute(_OPRUIMEN)
        cursor.execute(_DATEREN, {"grens": vandaag - timedelta(days=10)})
    return Signalering.objects.count()


# --------------------------------------------------------------------------- vroegsignalen


def _vroegsignalen(rng: random.Random, nep: Faker, medewerkers: Medewerkers, vandaag: date) -> int:
    """Signals come in (the vroegsignalering demo command); some cases get contact
    attempts, some become an aanmelding, some are closed."""
    call_command("demo_vroegsignalen", gemeente=VROEGSIGNALERING, aantal=40, stdout=io.StringIO())
    bewerkt = 0
    for code in VROEGSIGNALERING:
        zaken = list(
            Signaalzaak.objects.filter(gemeente__code=code, status__in=OPEN_STATUSSEN).order_by(
                "eerste_signaal_op", "pk"
            )
        )
        for n, zaak in enumerate(zaken):
            door = medewerkers.iemand(zaak.gemeente_id)
            wat = n % 8
            dag = min(vandaag, zaak.eerste_signaal_op + timedelta(days=rng.randint(1, 6)))
            if wat in (0, 1, 2):  # tried, not reached (yet)
                vs_services.registreer_contactpoging(
                    zaak_id=zaak.pk,
                    door=door,
                    soort="telefoon",
                    datum=dag,
                    dagdeel="ochtend",
                    bereikt=False,
                    notitie="Geen gehoor; voicemail ingesproken.",
                )
            if wat in (1, 2, 3):  # then reached
                vs_services.registreer_contactpoging(
                    zaak_id=zaak.pk,
                    door=door,
                    soort="huisbezoek",
                    datum=dag,
                    dagdeel="middag",
                    bereikt=True,
                    notitie="Bewoner thuis getroffen; wil graag hulp.",
                )
            if wat == 3 and zaak.bsn and _zet_om(nep, zaak, door, dag, vandaag):
                bewerkt += 1
                continue
            if wat == 4:
                vs_services.sluit_zaak(
                    zaak_id=zaak.pk,
                    door=door,
                    reden="zelf_opgelost",
                    datum=dag,
                    toelichting="Achterstand is zelf betaald.",
                )
            bewerkt += wat <= 4
    return bewerkt


def _zet_om(nep: Faker, zaak: Signaalzaak, door: Gebruiker, dag: date, vandaag: date) -> bool:
    gegevens = vs_services.Klantgegevens(
        bsn=zaak.bsn,
        voornamen=zaak.voornamen or nep.first_name(),
        achternaam=zaak.achternaam or nep.last_name(),
        geboortedatum=zaak.geboortedatum or nep.date_of_birth(minimum_age=19, maximum_age=78),
        postcode=zaak.postcode,
        straat=zaak.straat,
        huisnummer=zaak.huisnummer,
        woonplaats=zaak.woonplaats,
        telefoon=zaak.telefoon,
    )
    try:
        with transaction.atomic():
            vs_services.zet_om_naar_aanmelding(
                zaak_id=zaak.pk,
                door=door,
                klantgegevens=gegevens,
                datum=dag,
                reden_terugdatering=_reden(dag, vandaag),
                toelichting="Na huisbezoek aangemeld voor schuldhulp.",
            )
    except services.Geweigerd:
        return False  # e.g. this BSN is a klant of another gemeente: leave the case open
    return True


# --------------------------------------------------------------------------- reports


def _rapportages(vandaag: date) -> int:
    """The last quarter's report for the contractmanager's gemeenten (PDF included)."""
    kwartaal = Kwartaal.van_datum(vandaag).vorige()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # no page-by-page progress
    contractmanager = Gebruiker.objects.filter(rol=Rol.CONTRACTMANAGER).order_by("pk").first()
    gemaakt = 0
    for gemeente in Gemeente.objects.filter(code__in=["GM0141", "GM0164"]).order_by("code"):
        if Kwartaalrapportage.objects.filter(
            gemeente=gemeente, jaar=kwartaal.jaar, kwartaal=kwartaal.nummer
        ).exists():
            continue
        aanvraag = rapportage_services.vraag_aan(
            gemeente=gemeente, kwartaal=kwartaal, door=contractmanager, in_wachtrij=False
        )
        rapportage_services.maak(rapportage_id=aanvraag.pk)
        gemaakt += 1
    return gemaakt
