"""A "world" for security tests: two gemeenten (A and B), each with one object of every kind,
built through the apps' own services (the same write paths users take).

The module-scoped fixtures ``wereld`` and ``sessies`` (a logged-in test client per role;
tests/schuldhulp/conftest.py offers them there) build the world once per module, inside a
transaction that is rolled back at the end; each test runs in a savepoint of it
(pytest-django's ``db``), so what one test writes is gone before the next. Mark the module
``pytest.mark.django_db``.

Gemeente A and B both buy package Ontzorging, so the klantregisseur of each does every step.
Users: per gemeente a klantregisseur, a consulent and a contractmanager; one functioneel
beheerder with the rights the demo gives that role (group "Functioneel beheer").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from klantplan import services as kp
from klantplan.huishouden import budget as budgetten
from klantplan.huishouden import services as huishouden
from klantplan.models import Actie, Document, Doel, Klantplan
from klantplan.schuldregeling.models import Bericht, Onderhandeling, Portaallink, Regeling
from klantplan.schuldregeling.services import portaal
from klantplan.schuldregeling.services.openen import open_regeling
from klantplan.schuldregeling.services.versturen import verstuur
from rapportage import kwartaalgesprek
from rapportage import services as rapportageservices
from rapportage.ddas import importer
from rapportage.facturatie import services as facturatieservices
from rapportage.facturatie.berekening import Maand
from rapportage.facturatie.models import Specificatie
from rapportage.kwartalen import Kwartaal
from rapportage.models import Kwartaalrapportage, Uitvoeringskosten
from rapportage.tevredenheid import services as tevredenheid
from schuldhulp import rechten
from schuldhulp import services as kernservices
from schuldhulp.models import (
    Dienstverleningsafspraak,
    Gebruiker,
    Gemeente,
    Klant,
    Organisatie,
    Rol,
    Spreekuur,
)
from tests.bouwers.ddas import als_bytes, voorbeeld_document
from tests.bouwers.fabrieken import KlantFactory, gemeente_met_afspraak, medewerker
from tests.bouwers.klantplan import schuldeiser
from tests.bouwers.papieren import ontvangen_stuk
from tests.bouwers.signalen import csv_bestand, csv_rij
from tests.bouwers.trajecten import aanmelding, naar_fase
from trajecten import normbewaking, stabilisatie
from trajecten import services as ts
from trajecten.models import (
    Crisisinterventie,
    Doorlooptijdnorm,
    Extrafeestdag,
    Fase,
    Normbewaking,
    Normbewakingsrun,
    Product,
    Signalering,
    Traject,
)
from trajecten.normenset import zaai_normen
from trajecten.pakket.models import Maatwerk
from trajecten.pakket.services import afspraken
from trajecten.pakket.services import maatwerk as maatwerkservices
from trajecten.samenwerking.models import Emailbericht, Overdracht
from trajecten.samenwerking.services import overdracht as overdrachtservices
from trajecten.vroegsignalering import services as vs
from trajecten.vroegsignalering.models import ImportBatch, SignaalPartner, Signaalzaak
from trajecten.vroegsignalering.validatie import SignaalGegevens

TERUG = "Nagebouwd voor de beveiligingstest"


@dataclass
class Dossiers:
    """Everything of one gemeente."""

    gemeente: Gemeente
    regisseur: Gebruiker
    consulent: Gebruiker
    contractmanager: Gebruiker
    klant: Klant
    klant_vrij: Klant  # no traject yet (can be aangemeld)
    traject: Traject  # fase stabilisatie, with a product, a crisis, clocks
    product: Product  # a schuldbemiddeling (has the schuldregeling steps)
    crisis: Crisisinterventie
    klok: Normbewaking  # open, may be paused
    klok_opgeschort: Normbewaking  # paused (for 'hervatten')
    signalering: Signalering  # for the klantregisseur (the behandelaar)
    klantplan: Klantplan  # version 2, concept (version 1 is vastgesteld)
    doel: Doel  # in version 2
    actie: Actie  # in version 2
    gesprek_actie: Actie
    schuld: object
    voorstel: object
    document: Document
    gesprek: object
    afstemming: object
    klacht: object
    zaak: Signaalzaak
    lijst: ImportBatch
    rapportage: Kwartaalrapportage
    rapportage_bezig: Kwartaalrapportage  # wordt_gemaakt: its task never reached a worker
    kwartaalactie: object  # an open action of a kwartaalgesprek on that report
    specificatie: Specificatie  # last month's, as the monthly job makes it
    ddas_sha: str  # an uploaded DDAS file (only the uploading session may open it)
    spreekuur: Spreekuur  # the klantregisseur's day on location at this gemeente
    concept: Dienstverleningsafspraak  # a concept agreement (2040 on): may be changed
    maatwerk: Maatwerk  # proposed (afschalen extra gesprek): to approve, decline, withdraw
    maatwerk_goedgekeurd: Maatwerk  # approved afschalen of opmaat tot uitstroom: to end
    overdracht: Overdracht  # open warme overdracht of the consulent to the Stadsbank
    emailbericht: Emailbericht  # a failed e-mail about the traject (beheer: Uitgaande e-mail)
    # The schuldregeling (issue 14) opened on the product: one creditor (the schuld), asked
    # for its saldo through the portal (below).
    regeling: Regeling
    onderhandeling: Onderhandeling
    schuld_los: object  # added after the regeling was opened: in none (may be removed)
    huisgenoot: object  # a child in the traject's household (issue 15): may be removed
    rechtenverzoek: object  # open, for the consulent, by a second beheerder (ADR 0015)
    budgetpost: object  # the income of the budget's concept version (issue 15)
    stuk: object  # a paper of the voorlegger, delivered as a PDF (issue 16): to judge, download
    # The schuldeiserportaal: a saldoverzoek was sent to `onderhandeling` (status
    # saldo_gevraagd); its link, the token in the letter, and the letter itself.
    portaallink: Portaallink
    portaaltoken: str
    tevredenheidstoken: str  # the klant's link to the survey (made at uitstroom; here direct)
    portaalbericht: Bericht


@dataclass
class Wereld:
    a: Dossiers
    b: Dossiers
    beheerder: Gebruiker
    partner: SignaalPartner
    partner_token: str
    afnemer_token: str = ""  # a bearer token of the DDAS API's afnemer (reach: gemeente A)

    def gebruiker(self, rol: str) -> Gebruiker | None:
        """'anoniem', 'regisseur', 'consulent', 'contractmanager' (of A), 'beheerder' or
        'schuldeiser' (no account: None, like 'anoniem')."""
        if rol in ("anoniem", "schuldeiser", "afnemer", "klant"):
            return None
        if rol == "beheerder":
            return self.beheerder
        return getattr(self.a, rol)


def beheerrechten() -> Group:
    """The rights of a functioneel beheerder: the group of schuldhulp/rechten.py."""
    return rechten.zorg_voor_beheergroep()


def _gebruiker(naam: str, rol: Rol, gemeente: Gemeente | None = None, **extra) -> Gebruiker:
    return medewerker(
        naam,
        rol,
        [gemeente] if gemeente else None,
        last_name=naam,  # so a page can be searched for a leak (w_kr_b ...)
        email=f"{naam}@stadsbank.example",
        **extra,
    )


def _csv_lijst(vandaag: date, bsn: str, achternaam: str) -> bytes:
    ontvangen = f"{(vandaag - timedelta(days=4)):%d-%m-%Y}"
    return csv_bestand(
        [
            csv_rij(
                partner_naam="Woonstichting",
                datum_ontvangen=ontvangen,
                bsn=bsn,
                achternaam=achternaam,
            )
        ]
    )


def _dossiers(letter: str, code: str, partner: SignaalPartner) -> Dossiers:
    vandaag = timezone.localdate()
    gemeente = gemeente_met_afspraak(f"Wereldgemeente {letter.upper()}", code)
    partner.gemeenten.add(gemeente)
    regisseur = _gebruiker(f"w_kr_{letter}", Rol.KLANTREGISSEUR, gemeente)
    consulent = _gebruiker(f"w_co_{letter}", Rol.CONSULENT, gemeente)
    contractmanager = _gebruiker(f"w_cm_{letter}", Rol.CONTRACTMANAGER, gemeente)
    # Every name of this gemeente carries its letter, so a page can be searched for a leak.
    naam = f"Wereldklant{letter.upper()}"
    klant = KlantFactory(gemeente=gemeente, achternaam=naam, email=f"klant_{letter}@example.nl")

    # The traject: aanmelding → eerste gesprek → toelating, a product, a crisis, a pause.
    traject = naar_fase(aanmelding(klant, regisseur), Fase.STABILISATIE, regisseur)
    product = ts.start_product(
        traject_id=traject.pk, soort="Schuldbemiddeling", door=regisseur, datum=vandaag
    )
    crisis = stabilisatie.registreer_crisisinterventie(
        traject_id=traject.pk, door=regisseur, soort="huisuitzetting", datum=vandaag
    )
    open_klokken = list(
        Normbewaking.objects.filter(
            traject=traject, gehaald_op__isnull=True, norm__opschorting_toegestaan=True
        ).order_by("pk")
    )
    klok_opgeschort, klok = open_klokken[0], open_klokken[1]
    stabilisatie.schort_klok_op(
        klok_id=klok_opgeschort.pk, door=regisseur, van=vandaag, reden="Papieren"
    )

    # A second klant, aangemeld 60 days ago without a first conversation: the daily norm watch
    # (run once for both gemeenten in bouw_wereld) signals the overdue term to the regisseur.
    aanmelding(
        KlantFactory(gemeente=gemeente, achternaam=naam),
        regisseur,
        datum=vandaag - timedelta(days=60),
        kanaal="inwoner",
        reden_terugdatering=TERUG,
    )

    # Klantplan: version 1 vastgesteld, version 2 (concept) with a doel and an actie.
    plan = kp.maak_klantplan(traject=traject, door=regisseur)
    kp.wijzig_klantplan(
        klantplan_id=plan.pk, door=regisseur, hulpvraag="Rust in de schulden", oorzaak="Ziekte"
    )
    kp.voeg_doel_toe(klantplan_id=plan.pk, door=regisseur, omschrijving="De huur wordt betaald")
    kp.voeg_actie_toe(
        klantplan_id=plan.pk, door=regisseur, soort="klant", wat="Bankafschriften brengen"
    )
    kp.stel_vast(klantplan_id=plan.pk, door=regisseur, datum=vandaag, besproken_met_klant=True)
    plan2 = kp.nieuwe_versie(traject=traject, door=regisseur)

    schuld = kp.voeg_schuld_toe(
        traject=traject,
        door=regisseur,
        gegevens=kp.Schuldgegevens(
            schuldeiser=schuldeiser("Belastingdienst"),
            oorspronkelijk_bedrag_cent=120_000,
            actueel_bedrag_cent=135_075,
            peildatum=vandaag,
            kenmerk=f"IB-{letter}",
        ),
    )
    voorstel = kp.bereken_voorstel(
        traject=traject, door=regisseur, soort="schuldregeling", aflosruimte_per_maand_cent=5_000
    )
    gesprek = kp.registreer_gesprek(
        traject=traject, door=regisseur, soort="intakegesprek", datum=vandaag, deelnemers="klant"
    )
    gesprek_actie = kp.voeg_actie_toe(
        gesprek_id=gesprek.pk, door=regisseur, soort="klant", wat="Post meenemen"
    )
    # Access is what is tested, not the PDF: any stored bytes will do.
    document = kp.bewaar_document(
        traject=traject,
        door=regisseur,
        soort="dos_en_donts",
        titel="Kaart",
        pdf=b"%PDF-1.7 wereld " + letter.encode(),
        bestandsnaam="kaart.pdf",
    )
    afstemming = kp.registreer_afstemming(  # addressed: the gemeente answers it
        traject=traject,
        door=regisseur,
        soort="signaal",
        datum=vandaag,
        bericht="Zorg over wonen",
        aan="gemeente",
    )
    klacht = kp.registreer_klacht(
        traject=traject, door=regisseur, soort="klacht", datum=vandaag, onderwerp="Wachttijd"
    )

    # Vroegsignalering: a case from the partner API and an uploaded (unconfirmed) CSV list.
    ontvangst = vs.ontvang_api_signaal(
        partner=partner,
        gemeente=gemeente,
        gegevens=SignaalGegevens(
            partner_soort="woningcorporatie",
            partner_naam=partner.naam,
            soort_achterstand="huur",
            bedrag_centen=123_456,
            maanden_achterstand=2,
            ontvangen_op=vandaag - timedelta(days=3),
            achternaam=f"Veldkamp{letter.upper()}",
            postcode="7607 AB",
            huisnummer="12",
            partner_signaal_id=f"sig-{letter}",
        ),
    )
    lijst = vs.upload_lijst(
        gemeente=gemeente,
        door=regisseur,
        bestandsnaam="lijst.csv",
        inhoud=_csv_lijst(vandaag, KlantFactory.build().bsn, f"Lijst{letter.upper()}"),
    )

    # A finished kwartaalrapportage (with its PDF) of the last quarter.
    rapportage = rapportageservices.vraag_aan(
        gemeente=gemeente,
        kwartaal=Kwartaal.van_datum(vandaag).vorige(),
        door=None,
        in_wachtrij=False,
    )
    rapportage = rapportageservices.maak(rapportage_id=rapportage.pk)
    # One still 'wordt gemaakt' (its task never came: broker down), to retry or cancel.
    rapportage_bezig = rapportageservices.vraag_aan(
        gemeente=gemeente,
        kwartaal=Kwartaal.van_datum(vandaag).vorige().vorige(),
        door=None,
        in_wachtrij=False,
    )
    kwartaalactie = kwartaalgesprek.leg_vast(
        rapportage=rapportage,
        door=contractmanager,
        datum=vandaag,
        aanwezigen="Gemeente en Stadsbank",
        afspraken="",
        opmerkingen="",
        acties=[kwartaalgesprek.NieuweActie("Wachtlijst nagaan", "Stadsbank", vandaag)],
    ).acties.get()
    specificatie = facturatieservices.maak(
        gemeente=gemeente, maand=Maand.van(vandaag).vorige(), vandaag=vandaag
    )

    # A DDAS upload: the official example with this gemeente's code and a BSN that passes the
    # elfproef (the example's does not) and dates in order, so importing it adds a traject.
    ddas = voorbeeld_document()
    for levering in ddas["leveringen"]:
        for record in levering.get("schuldhulptrajecten", []):
            record["gemeentecode"] = code
            record["toekenningsdatum"] = "2024-01-20"  # after the first conversation
            for persoon in record["client"]:
                persoon["Burgerservicenummer"] = KlantFactory.build().bsn
    ddas_sha = importer.bewaar(als_bytes(ddas))
    spreekuur = kernservices.voeg_spreekuur_toe(
        gemeente=gemeente,
        door=regisseur,
        weekdag=2,
        van=time(9),
        tot=time(12),
        locatie=f"Stadhuis {letter.upper()}",
    )

    # Maatwerk: a proposal, and approved maatwerk on a task no walked URL needs from the
    # klantregisseur (opmaat tot uitstroom: starting the nazorg).
    maatwerk, maatwerk_goedgekeurd = (
        maatwerkservices.stel_voor(
            door=regisseur,
            traject_id=traject.pk,
            soort="afschalen",
            taken=[taak],
            van=vandaag,
            evaluatie_op=vandaag + timedelta(days=90),
            reden="Wereld",
        )
        for taak in ("extra_gesprek", "opmaat_tot_uitstroom")
    )
    maatwerkservices.beoordeel(door=consulent, maatwerk_id=maatwerk_goedgekeurd.pk, goedkeuren=True)
    # A warme overdracht of the gemeente to the Stadsbank (which takes the next step): open,
    # so the klantregisseur can accept it or ask a question.
    overdracht = overdrachtservices.verstuur(
        traject_id=traject.pk, door=consulent, situatie=f"Wereld {letter.upper()}: huurschuld"
    )

    regeling = open_regeling(
        product_id=product.pk, door=regisseur, datum=vandaag, peildatum=vandaag
    )
    # The schuldeiserportaal: a saldoverzoek with its letter and link to the creditor.
    [portaalbericht] = verstuur(
        onderhandeling_ids=[regeling.onderhandelingen.get().pk],
        handeling="sr.saldoverzoek",
        door=regisseur,
        datum=vandaag,
    )
    portaallink = Portaallink.objects.get(bericht=portaalbericht)

    return Dossiers(
        gemeente=gemeente,
        regisseur=regisseur,
        consulent=consulent,
        contractmanager=contractmanager,
        klant=klant,
        klant_vrij=KlantFactory(gemeente=gemeente, achternaam=naam),
        traject=Traject.objects.get(pk=traject.pk),
        product=product,
        crisis=crisis,
        klok=klok,
        klok_opgeschort=klok_opgeschort,
        signalering=None,  # set after the daily norm watch (bouw_wereld)
        klantplan=plan2,
        doel=plan2.doelen.get(),
        actie=plan2.acties.get(),
        gesprek_actie=gesprek_actie,
        schuld=schuld,
        voorstel=voorstel,
        document=document,
        gesprek=gesprek,
        afstemming=afstemming,
        klacht=klacht,
        zaak=ontvangst.signaal.zaak,
        lijst=lijst,
        rapportage=rapportage,
        rapportage_bezig=rapportage_bezig,
        kwartaalactie=kwartaalactie,
        specificatie=specificatie,
        ddas_sha=ddas_sha,
        spreekuur=spreekuur,
        maatwerk=maatwerk,
        maatwerk_goedgekeurd=maatwerk_goedgekeurd,
        overdracht=overdracht,
        emailbericht=_emailbericht(regisseur, traject),
        regeling=regeling,
        onderhandeling=regeling.onderhandelingen.get(),
        portaallink=portaallink,
        portaaltoken=portaal.token(portaallink),
        tevredenheidstoken=tevredenheid.token(tevredenheid.maak_uitnodiging(traject.pk)),
        portaalbericht=portaalbericht,
        schuld_los=kp.voeg_schuld_toe(
            traject=traject,
            door=regisseur,
            gegevens=kp.Schuldgegevens(
                schuldeiser=schuldeiser("CJIB"),
                oorspronkelijk_bedrag_cent=9_000,
                actueel_bedrag_cent=9_000,
                peildatum=vandaag,
            ),
        ),
        concept=afspraken.stel_op(
            door=contractmanager,
            gemeente=gemeente,
            pakket="ontzorging",
            geldig_van=date(2040, 1, 1),
        ),
        huisgenoot=huishouden.voeg_huisgenoot_toe(
            traject_id=traject.pk, door=regisseur, soort="kind", geboortejaar=2014
        ),
        budgetpost=budgetten.voeg_post_toe(
            traject_id=traject.pk,
            door=regisseur,
            gegevens=budgetten.Postgegevens("uitkering", "klant", 125_000),
        ),
        rechtenverzoek=_rechtenverzoek(consulent),
        stuk=ontvangen_stuk(traject, regisseur),
    )


def _rechtenverzoek(consulent: Gebruiker):
    """An open request to make the consulent a klantregisseur, by a second beheerder (so the
    world's beheerder may decide on it; ADR 0015)."""
    from schuldhulp.modellen_toegang import Rechtenverzoek

    aanvrager = _gebruiker("w_fb2", Rol.BEHEERDER, is_staff=True)
    return Rechtenverzoek.objects.create(
        gebruiker=consulent, aangevraagd_door=aanvrager, rol=Rol.KLANTREGISSEUR
    )


def _emailbericht(gebruiker: Gebruiker, traject: Traject) -> Emailbericht:
    bericht = Emailbericht.objects.create(
        gebruiker=gebruiker,
        aan="kr@stadsbank.example",
        onderwerp=f"Schuldhulp: dagoverzicht (wereld {traject.gemeente.code})",
        tekst=f"- Traject in een nieuwe fase: dossier {traject.pk}\n",
        status="mislukt",
        pogingen=5,
        fout="De mailserver was niet bereikbaar.",
    )
    bericht.trajecten.add(traject)
    return bericht


def _beheerobjecten(beheerder: Gebruiker, gemeente: Gemeente) -> None:
    """One row for every model the admin shows that the world has none of yet."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_celery_beat.models import (
        ClockedSchedule,
        CrontabSchedule,
        IntervalSchedule,
        PeriodicTask,
        SolarSchedule,
    )
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=beheerder, name="Authenticator-app", confirmed=False)
    poging = {"username": "iemand", "ip_address": "127.0.0.1", "user_agent": "test"}
    AccessAttempt.objects.create(**poging, failures_since_start=1)
    AccessLog.objects.create(**poging)
    AccessFailureLog.objects.create(**poging)
    interval = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    CrontabSchedule.objects.create(minute="0", hour="6")
    SolarSchedule.objects.create(event="sunrise", latitude=52.35, longitude=6.66)
    ClockedSchedule.objects.create(clocked_time=timezone.now())
    PeriodicTask.objects.create(name="wereld", task="trajecten.dagelijkse", interval=interval)
    Extrafeestdag.objects.create(datum=date(2040, 5, 11), omschrijving="Wereld-brugdag")
    Uitvoeringskosten.objects.get_or_create(
        gemeente=gemeente,
        geldig_van=date(2020, 1, 1),
        defaults={"bedrag_per_kwartaal": 1000, "toelichting": "wereld"},
    )


def _afnemer(gemeente: Gemeente) -> str:
    """The DDAS API's afnemer for gemeente A, and a valid bearer token of it."""
    from oauth2_provider.models import get_access_token_model

    from rapportage.ddas.api import registratie

    afnemer, _ = registratie.registreer(naam="Wereld-CBS", gemeenten=[gemeente])
    token = "wereld-afnemer-token"
    get_access_token_model().objects.create(
        application=afnemer.application,
        token=token,
        scope="read",
        expires=timezone.now() + timedelta(days=1),
    )
    return token


def _digid_configuratie() -> None:
    """The DigiD library's rows in beheer (ADR 0019): its configuration and a certificate."""
    from digid_eherkenning.models import ConfigCertificate, DigidConfiguration
    from simple_certmanager.models import Certificate

    DigidConfiguration.get_solo()
    certificaat = Certificate.objects.create(label="DigiD (wereld)", type="cert_only")
    ConfigCertificate.objects.create(
        config_type="digid_eherkenning.DigidConfiguration", certificate=certificaat
    )


def bouw_wereld() -> Wereld:
    """Build A and B. Call inside a transaction that is rolled back afterwards; the caller
    points settings.DATA_DIR at a temporary folder (the DDAS uploads are stored there)."""
    if not Doorlooptijdnorm.objects.exists():
        zaai_normen(Doorlooptijdnorm)
    Organisatie.objects.get_or_create(naam="Stadsbank Oost Nederland")
    partner, token = vs.maak_partner(naam="Wereld Wonen", soort="woningcorporatie", gemeenten=[])
    a = _dossiers("a", "GM0901", partner)
    b = _dossiers("b", "GM0902", partner)
    _digid_configuratie()
    normbewaking.dagelijkse_normbewaking()
    for dossiers in (a, b):
        dossiers.signalering = Signalering.objects.filter(gebruiker=dossiers.regisseur).first()
        assert dossiers.signalering is not None, "de normbewaking gaf geen signalering"
    beheerder = _gebruiker("w_fb", Rol.BEHEERDER, is_staff=True)
    beheerder.groups.add(beheerrechten())
    _beheerobjecten(beheerder, a.gemeente)
    assert Normbewakingsrun.objects.exists()
    return Wereld(
        a=a,
        b=b,
        beheerder=beheerder,
        partner=partner,
        partner_token=token,
        afnemer_token=_afnemer(a.gemeente),
    )


# "schuldeiser": a creditor without an account (not logged in) holding gemeente A's portal
# link (its session opened it once); every staff URL sends it to the login page.
# "afnemer": the DDAS API's client (the CBS) with a valid bearer token and no session.
# "klant": A's klant logged in to Mijn Schuldhulp (DigiD mock): a portal session only.
ROLLEN = (
    "anoniem",
    "regisseur",
    "consulent",
    "contractmanager",
    "beheerder",
    "schuldeiser",
    "afnemer",
    "klant",
)


@pytest.fixture(scope="module")
def wereld(django_db_setup, django_db_blocker, tmp_path_factory):
    with (
        django_db_blocker.unblock(),
        override_settings(DATA_DIR=tmp_path_factory.mktemp("wereld")),
        transaction.atomic(),
    ):
        yield bouw_wereld()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def sessies(wereld, django_db_blocker) -> dict[str, Client]:
    """A test client per role, logged in once (the sessions live in the module's transaction).
    The klantregisseur's session holds A's DDAS upload, as after uploading it."""
    with django_db_blocker.unblock():
        per_rol: dict[str, Client] = {}
        for rol in ROLLEN:
            koppen = {"Authorization": f"Bearer {wereld.afnemer_token}"} if rol == "afnemer" else {}
            client = Client(headers=koppen)
            gebruiker = wereld.gebruiker(rol)
            if gebruiker is not None:
                client.force_login(gebruiker)
            per_rol[rol] = client
        sessie = per_rol["regisseur"].session
        sessie["ddas_imports"] = [wereld.a.ddas_sha]
        sessie.save()
        # The creditor has opened A's portal link (as from the letter).
        portaal_a = reverse("schuldregeling:portaal", kwargs={"token": wereld.a.portaaltoken})
        assert per_rol["schuldeiser"].get(portaal_a).status_code == 200
        # "klant": the klant of A's dossier, logged in to Mijn Schuldhulp with the mock DigiD
        # (a portal session only: every staff URL sends it to the login page).
        with override_settings(PORTAAL_DIGID_MOCK=True):
            acs = reverse("digid:acs") + f"?bsn={wereld.a.klant.bsn}"
            assert per_rol["klant"].get(acs)["Location"] == reverse("portaal:start")
    return per_rol
