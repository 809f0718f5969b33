"""Retention: a case closed without an aanmelding loses its personal data after the
configured period; dates, partner kinds, amounts and the reason stay."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from schuldhulp.models import Auditregel
from schuldhulp.signals import klant_geanonimiseerd
from tests.bouwers.signalen import csv_bestand, csv_rij, dagen_geleden, maak_zaak
from trajecten.vroegsignalering import services, tasks
from trajecten.vroegsignalering.models import (
    Contactpoging,
    ImportBatch,
    Signaalzaak,
    Vroegsignaal,
)

pytestmark = pytest.mark.django_db


def gesloten_zaak(gemeente, gebruiker, *, dagen_geleden_gesloten: int, **anders):
    zaak = maak_zaak(
        gemeente,
        ontvangen_op=dagen_geleden(dagen_geleden_gesloten + 10),
        bsn="123456782",
        telefoon="0546 123456",
        email="tanya@example.nl",
        straat="Grotestraat",
        woonplaats="Almelo",
        partner_signaal_id="WC-1",
        **anders,
    )
    # Recorded in the past: the service refuses future dates only.
    services.registreer_contactpoging(
        zaak_id=zaak.pk,
        door=gebruiker,
        soort="telefoon",
        datum=dagen_geleden(dagen_geleden_gesloten + 5),
        dagdeel="ochtend",
        bereikt=False,
        notitie="Voicemail van Tanya ingesproken",
    )
    services.sluit_zaak(
        zaak_id=zaak.pk,
        door=gebruiker,
        reden="geen_contact",
        datum=dagen_geleden(dagen_geleden_gesloten),
        toelichting="Tanya reageert niet",
    )
    return zaak


def test_gesloten_zaak_na_bewaartermijn_geanonimiseerd(gemeente_a, regisseur_a, normen):
    oud = gesloten_zaak(gemeente_a, regisseur_a, dagen_geleden_gesloten=181)
    recent = gesloten_zaak(gemeente_a, regisseur_a, dagen_geleden_gesloten=179, postcode="7601 AA")
    uitkomst = services.anonimiseer()
    assert uitkomst["zaken_geanonimiseerd"] == 1

    zaak = Signaalzaak.objects.get(pk=oud.pk)
    for veld in Signaalzaak.PERSOONSVELDEN:
        assert getattr(zaak, veld) == "", veld
    assert zaak.geboortedatum is None
    assert zaak.afsluittoelichting == ""
    assert zaak.geanonimiseerd_op is not None
    # What the figures need stays.
    assert zaak.postcodegebied == "7607"
    assert (zaak.eerste_signaal_op, zaak.afgehandeld_op) == (dagen_geleden(191), dagen_geleden(181))
    assert (zaak.sluitreden, zaak.achterstand_centen, zaak.aantal_signalen) == (
        "geen_contact",
        123456,
        1,
    )
    signaal = Vroegsignaal.objects.get(zaak=zaak)
    assert (signaal.bsn, signaal.achternaam, signaal.postcode, signaal.telefoon) == ("",) * 4
    assert signaal.partner_signaal_id == ""
    assert (signaal.partner_soort, signaal.bedrag_centen, signaal.ontvangen_op) == (
        "woningcorporatie",
        123456,
        dagen_geleden(191),
    )
    poging = Contactpoging.objects.get(zaak=zaak)
    assert (poging.notitie, poging.soort, poging.bereikt) == ("", "telefoon", False)
    assert Auditregel.objects.filter(
        actie="verwijderen", objecttype="signaalzaak", object_id=str(zaak.pk)
    ).exists()

    nog = Signaalzaak.objects.get(pk=recent.pk)
    assert (nog.bsn, nog.achternaam) == ("123456782", "Veldkamp")

    # Idempotent: a second run does nothing.
    assert services.anonimiseer()["zaken_geanonimiseerd"] == 0


def test_bewaartermijn_is_instelbaar(gemeente_a, regisseur_a, normen, settings):
    gesloten_zaak(gemeente_a, regisseur_a, dagen_geleden_gesloten=31)
    assert services.anonimiseer()["zaken_geanonimiseerd"] == 0
    settings.VROEGSIGNALERING_BEWAARTERMIJN_DAGEN = 30
    assert tasks.anonimiseer.apply().get()["zaken_geanonimiseerd"] == 1


def omzetten(zaak, gebruiker):
    return services.zet_om_naar_aanmelding(
        zaak_id=zaak.pk,
        door=gebruiker,
        klantgegevens=services.Klantgegevens(
            bsn=zaak.bsn or "123456782",
            voornamen="Tanya",
            achternaam="Veldkamp",
            geboortedatum=dagen_geleden(42 * 365),
            postcode="7607 AB",
        ),
        datum=dagen_geleden(0),
    )


def test_open_en_omgezette_zaken_blijven(gemeente_a, regisseur_a, normen):
    open_zaak = maak_zaak(gemeente_a, ontvangen_op=dagen_geleden(400), bsn="111222333")
    omgezet = maak_zaak(gemeente_a, ontvangen_op=dagen_geleden(300), postcode="7601 AA")
    omzetten(omgezet, regisseur_a)
    services.anonimiseer(vandaag=timezone.localdate() + timedelta(days=1000))
    assert Signaalzaak.objects.get(pk=open_zaak.pk).bsn == "111222333"
    assert Signaalzaak.objects.get(pk=omgezet.pk).achternaam == "Veldkamp"


def test_met_klantdossier_mee_geanonimiseerd(gemeente_a, regisseur_a, normen):
    zaak = maak_zaak(gemeente_a, ontvangen_op=dagen_geleden(3), bsn="123456782")
    uitkomst = omzetten(zaak, regisseur_a)
    klant_geanonimiseerd.send(sender=type(uitkomst.klant), klant_id=uitkomst.klant.pk)
    zaak.refresh_from_db()
    assert (zaak.bsn, zaak.achternaam, zaak.geanonimiseerd_op is not None) == ("", "", True)
    assert zaak.status == "aangemeld"


def test_onbevestigde_lijst_wordt_gewist(gemeente_a, regisseur_a):
    batch = services.upload_lijst(
        gemeente=gemeente_a,
        door=regisseur_a,
        bestandsnaam="mei.csv",
        inhoud=csv_bestand([csv_rij()]),
    )
    ImportBatch.objects.filter(pk=batch.pk).update(aangemaakt_op=timezone.now() - timedelta(days=8))
    assert services.anonimiseer()["lijsten_gewist"] == 1
    batch.refresh_from_db()
    assert (batch.inhoud, batch.voorbeeld, batch.status) == (None, [], "verlopen")
