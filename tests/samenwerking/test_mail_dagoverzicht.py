"""The daily digest: one e-mail per opted-in user with their new unread signaleringen, as
soort + dossier number + link only (no name, BSN, amount or signal text), once per day."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count

import pytest
from django.utils import timezone

from schuldhulp.celery import BEAT_SCHEDULE
from schuldhulp.celery import app as celery_app
from tests.bouwers import aanmelden, omgeving
from tests.bouwers.mail import ontvangen, smtp_opvang, taak_direct
from trajecten.models import Signalering
from trajecten.samenwerking import mail, mailtasks
from trajecten.samenwerking.models import Emailbericht, Mailstatus

pytestmark = pytest.mark.django_db

BASIS = "https://schuldhulp.example.nl"
_sleutel = count()


@pytest.fixture(autouse=True)
def _basis_url(settings):
    settings.SCHULDHULP_BASIS_URL = BASIS


@pytest.fixture
def omg():
    o = omgeving("ontzorging")
    o.consulent.email = "consulent@gemeente.example"
    o.consulent.dagoverzicht = True
    o.consulent.save()
    return o


@pytest.fixture
def traject(omg):
    return aanmelden(omg)


def signaal(traject, gebruiker, soort: str = "fase", tekst: str = "Fase gewijzigd", **kw):
    s = Signalering.objects.create(
        sleutel=f"test-mail-{next(_sleutel)}",
        soort=soort,
        traject=traject,
        gebruiker=gebruiker,
        tekst=tekst,
        **kw,
    )
    if "aangemaakt_op" in kw:  # auto_now_add ignores the value on create
        Signalering.objects.filter(pk=s.pk).update(aangemaakt_op=kw["aangemaakt_op"])
    return s


def test_inhoud_zonder_persoonsgegevens(omg, traject):
    klant = traject.klant
    # A signal text that (against the design) names the klant: the digest must not copy it.
    signaal(traject, omg.consulent, tekst=f"{klant.voornamen} {klant.achternaam} {klant.bsn}")
    signaal(traject, omg.consulent, soort="overschreden", tekst="Termijn € 1.250,00")
    nu = timezone.now()

    bericht = mail.dagoverzicht(omg.consulent.pk, nu=nu)

    assert bericht is not None and bericht.aan == "consulent@gemeente.example"
    assert bericht.status == Mailstatus.WACHTEND
    assert "2 nieuwe signaleringen" in bericht.onderwerp
    tekst = bericht.tekst
    assert f"- Traject in een nieuwe fase: dossier {traject.pk}" in tekst
    assert f"- Termijn overschreden: dossier {traject.pk}" in tekst
    assert f"{BASIS}/trajecten/{traject.pk}/" in tekst
    assert f"{BASIS}/mijn/instellingen/" in tekst
    for verboden in (klant.achternaam, klant.voornamen, klant.bsn, "€", "1.250"):
        assert verboden not in tekst and verboden not in bericht.onderwerp
    assert list(bericht.trajecten.all()) == [traject]
    omg.consulent.refresh_from_db()
    assert omg.consulent.dagoverzicht_tot == nu


def test_zelfde_dag_niets_nieuws_volgende_dag_alleen_het_nieuwe(omg, traject):
    signaal(traject, omg.consulent)
    ochtend = timezone.now()
    assert mail.dagoverzicht(omg.consulent.pk, nu=ochtend) is not None
    assert mail.dagoverzicht(omg.consulent.pk, nu=ochtend) is None  # a rerun
    signaal(traject, omg.consulent, soort="uitstroom")
    assert mail.dagoverzicht(omg.consulent.pk, nu=ochtend + timedelta(minutes=5)) is None
    assert Emailbericht.objects.count() == 1

    morgen = mail.dagoverzicht(omg.consulent.pk, nu=ochtend + timedelta(days=1))
    assert morgen is not None
    assert "1 nieuwe signalering" in morgen.onderwerp
    assert "Traject afgesloten" in morgen.tekst
    assert "Traject in een nieuwe fase" not in morgen.tekst
    assert Emailbericht.objects.count() == 2


def test_gelezen_en_andermans_signaleringen_niet(omg, traject):
    signaal(traject, omg.consulent, gelezen_op=timezone.now())
    signaal(traject, omg.regisseur)  # the klantregisseur's own
    assert mail.dagoverzicht(omg.consulent.pk) is None
    assert not Emailbericht.objects.exists()


def test_zonder_aanmelding_zonder_adres_of_inactief_niets(omg, traject):
    signaal(traject, omg.consulent)
    signaal(traject, omg.regisseur)
    omg.regisseur.email = "kr@stadsbank.example"  # has signals and an address, no opt-in
    omg.regisseur.save()
    for wijziging in ({"dagoverzicht": False}, {"email": ""}, {"is_active": False}):
        type(omg.consulent).objects.filter(pk=omg.consulent.pk).update(**wijziging)
        assert mail.dagoverzichten() == 0
        type(omg.consulent).objects.filter(pk=omg.consulent.pk).update(
            dagoverzicht=True, email="consulent@gemeente.example", is_active=True
        )
    assert not Emailbericht.objects.exists()
    assert mail.dagoverzichten() == 1  # the consulent, now opted in again; never the regisseur
    assert list(Emailbericht.objects.values_list("gebruiker", flat=True)) == [omg.consulent.pk]


def test_oude_signaleringen_van_voor_het_vorige_overzicht_niet(omg, traject):
    gisteren = timezone.now() - timedelta(days=1)
    signaal(traject, omg.consulent, aangemaakt_op=gisteren - timedelta(hours=1))
    type(omg.consulent).objects.filter(pk=omg.consulent.pk).update(dagoverzicht_tot=gisteren)
    assert mail.dagoverzicht(omg.consulent.pk) is None
    signaal(traject, omg.consulent, soort="monitoring")
    bericht = mail.dagoverzicht(omg.consulent.pk)
    assert bericht is not None and "Monitoringmoment" in bericht.tekst
    assert "Traject in een nieuwe fase" not in bericht.tekst


def test_veel_signaleringen_worden_geteld(omg, traject, monkeypatch):
    monkeypatch.setattr(mail, "MAX_REGELS", 3)
    for _ in range(5):
        signaal(traject, omg.consulent)
    bericht = mail.dagoverzicht(omg.consulent.pk)
    assert "5 nieuwe signaleringen" in bericht.onderwerp
    assert bericht.tekst.count(f"dossier {traject.pk}") == 3
    assert "… en nog 2 andere" in bericht.tekst


def test_taak_op_werkdag_en_niet_in_het_weekend(
    omg, traject, settings, monkeypatch, django_capture_on_commit_callbacks
):
    signaal(traject, omg.consulent)
    zaterdag = "2026-03-07T07:00:00+01:00"
    assert mailtasks.dagoverzichten.apply(args=[zaterdag]).get() == 0
    assert mailtasks.dagoverzichten.apply(args=["2025-12-25T07:00:00+01:00"]).get() == 0  # Kerst
    assert not Emailbericht.objects.exists()

    # A working day: written, queued after the commit, sent through SMTP.
    taak_direct(monkeypatch)
    maandag = datetime.fromisoformat("2026-03-09T07:00:00+01:00")
    Signalering.objects.update(aangemaakt_op=maandag - timedelta(hours=2))
    with smtp_opvang(settings) as controller:
        with django_capture_on_commit_callbacks(execute=True):
            assert mailtasks.dagoverzichten.apply(args=[maandag.isoformat()]).get() == 1
        [ontvangen_bericht] = ontvangen(controller)
    assert ontvangen_bericht["Subject"].startswith("Schuldhulp: dagoverzicht 9 maart 2026")
    assert f"dossier {traject.pk}" in ontvangen_bericht.get_content()
    assert Emailbericht.objects.get().status == Mailstatus.VERZONDEN


def test_beat_schema():
    celery_app.loader.import_default_modules()
    dag = BEAT_SCHEDULE["dagoverzicht-werkdagen"]
    assert celery_app.tasks[dag["task"]].name == mailtasks.dagoverzichten.name
    assert dag["schedule"].hour == {7} and dag["schedule"].day_of_week == {1, 2, 3, 4, 5}
    vangnet = BEAT_SCHEDULE["mail-opnieuw-in-wachtrij"]
    assert celery_app.tasks[vangnet["task"]].name == mailtasks.mail_opnieuw_in_wachtrij.name
    assert vangnet["schedule"].minute == set(range(0, 60, 5))  # well inside OPNIEUW_NA
