"""The norm 'eerste contact binnen 2 weken' on a signal case, and the daily refresh."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schuldhulp.celery import BEAT_SCHEDULE
from tests.bouwers.signalen import dagen_geleden, maak_zaak
from trajecten import normen as rekenregels
from trajecten.models import Doorlooptijdnorm
from trajecten.vroegsignalering import services, tasks
from trajecten.vroegsignalering.models import Signaalzaak

pytestmark = pytest.mark.django_db


def test_klok_start_bij_signaal_en_telt_2_weken(gemeente_a, normen):
    zaak = maak_zaak(gemeente_a, ontvangen_op=dagen_geleden(3))
    assert zaak.klok_norm.code == "vroegsignalering-contact"
    assert zaak.klok_deadline == dagen_geleden(3) + timedelta(weeks=2)
    assert zaak.klok_status == "loopt"
    assert zaak.klok_resterend == "nog 11 dagen"


@pytest.mark.parametrize(
    ("dagen", "status", "tekst"),
    [
        (0, "loopt", "nog 14 dagen"),
        (10, "loopt", "nog 4 dagen"),
        (11, "dreigt", "nog 3 dagen"),
        (14, "dreigt", "vandaag"),
        (15, "overschreden", "1 dag te laat"),
    ],
)
def test_klokstatus_naar_leeftijd_van_het_signaal(gemeente_a, normen, dagen, status, tekst):
    zaak = maak_zaak(gemeente_a, ontvangen_op=dagen_geleden(dagen))
    assert (zaak.klok_status, zaak.klok_resterend) == (status, tekst)


def test_mislukte_poging_stopt_de_klok_niet_geslaagde_wel(gemeente_a, regisseur_a, normen):
    zaak = maak_zaak(gemeente_a, ontvangen_op=dagen_geleden(12))
    services.registreer_contactpoging(
        zaak_id=zaak.pk,
        door=regisseur_a,
        soort="telefoon",
        datum=dagen_geleden(10),
        dagdeel="ochtend",
        bereikt=False,
    )
    zaak.refresh_from_db()
    assert (zaak.status, zaak.eerste_contact_op, zaak.klok_status) == ("nieuw", None, "dreigt")
    services.registreer_contactpoging(
        zaak_id=zaak.pk,
        door=regisseur_a,
        soort="huisbezoek",
        datum=dagen_geleden(1),
        dagdeel="avond",
        bereikt=True,
        notitie="Afspraak gemaakt",
    )
    zaak.refresh_from_db()
    assert (zaak.status, zaak.eerste_contact_op, zaak.klok_status) == (
        "in_contact",
        dagen_geleden(1),
        "gehaald",
    )
    assert set(zaak.signalen.values_list("status", flat=True)) == {"in_behandeling"}


def test_contact_na_de_deadline_is_te_laat_gehaald(gemeente_a, regisseur_a, normen):
    zaak = maak_zaak(gemeente_a, ontvangen_op=dagen_geleden(20))
    services.registreer_contactpoging(
        zaak_id=zaak.pk,
        door=regisseur_a,
        soort="brief",
        datum=dagen_geleden(2),
        dagdeel="middag",
        bereikt=True,
    )
    zaak.refresh_from_db()
    assert zaak.klok_status == "te_laat_gehaald"


def test_eerste_geslaagde_contact_telt(gemeente_a, regisseur_a, normen):
    zaak = maak_zaak(gemeente_a, ontvangen_op=dagen_geleden(20))
    for dagen in (3, 8):  # the earlier contact is recorded later
        services.registreer_contactpoging(
            zaak_id=zaak.pk,
            door=regisseur_a,
            soort="telefoon",
            datum=dagen_geleden(dagen),
            dagdeel="ochtend",
            bereikt=True,
        )
    zaak.refresh_from_db()
    assert zaak.eerste_contact_op == dagen_geleden(8)


def test_eerder_signaal_verschuift_de_start(gemeente_a, normen):
    zaak = maak_zaak(gemeente_a, ontvangen_op=dagen_geleden(3), partner_signaal_id="a")
    maak_zaak(
        gemeente_a,
        ontvangen_op=dagen_geleden(16),
        partner_naam="Eneco",
        partner_soort="energieleverancier",
    )
    zaak.refresh_from_db()
    assert zaak.eerste_signaal_op == dagen_geleden(16)
    assert zaak.klok_status == "overschreden"


def test_norm_van_de_gemeente_gaat_voor(gemeente_a, gemeente_b, normen):
    standaard = Doorlooptijdnorm.objects.get(code="vroegsignalering-contact", gemeente=None)
    eigen = Doorlooptijdnorm.objects.create(
        code=standaard.code,
        naam="Almelo: eerste contact binnen 5 werkdagen",
        van_mijlpaal=standaard.van_mijlpaal,
        tot_mijlpaal=standaard.tot_mijlpaal,
        termijn=5,
        eenheid="werkdagen",
        voorwaarde=standaard.voorwaarde,
        geldig_van=date(2024, 1, 1),
        gemeente=gemeente_a,
    )
    start = dagen_geleden(2)
    almelo = maak_zaak(gemeente_a, ontvangen_op=start)
    hengelo = maak_zaak(gemeente_b, ontvangen_op=start)
    assert almelo.klok_norm == eigen
    assert almelo.klok_deadline == rekenregels.tel_werkdagen(start, 5)
    assert hengelo.klok_norm == standaard
    assert hengelo.klok_deadline == start + timedelta(days=14)


def test_geen_norm_geen_klok(gemeente_a):
    Doorlooptijdnorm.objects.filter(code="vroegsignalering-contact").delete()
    zaak = maak_zaak(gemeente_a, ontvangen_op=dagen_geleden(3))
    assert (zaak.klok_norm, zaak.klok_deadline, zaak.klok_status) == (None, None, "")
    assert zaak.klok_weergave == ("", "Geen norm")


def test_dagelijkse_verversing(gemeente_a, regisseur_a, normen):
    loopt = maak_zaak(gemeente_a, ontvangen_op=dagen_geleden(5), postcode="7607 AA")
    gehaald = maak_zaak(gemeente_a, ontvangen_op=dagen_geleden(5), postcode="7607 AC")
    services.registreer_contactpoging(
        zaak_id=gehaald.pk,
        door=regisseur_a,
        soort="telefoon",
        datum=dagen_geleden(4),
        dagdeel="ochtend",
        bereikt=True,
    )
    gesloten = maak_zaak(gemeente_a, ontvangen_op=dagen_geleden(5), postcode="7607 AD")
    services.sluit_zaak(
        zaak_id=gesloten.pk, door=regisseur_a, reden="verhuisd", datum=dagen_geleden(4)
    )
    over_10_dagen = dagen_geleden(0) + timedelta(days=10)
    uitkomst = services.ververs_klokken(vandaag=over_10_dagen)
    assert uitkomst == {"open_zaken": 2, "klokken_gewijzigd": 1, "tellers_hersteld": 0}
    statussen = dict(Signaalzaak.objects.values_list("pk", "klok_status"))
    assert statussen[loopt.pk] == "overschreden"
    assert statussen[gehaald.pk] == "gehaald"
    assert statussen[gesloten.pk] == "loopt"  # frozen on its closing day
    assert Signaalzaak.objects.get(pk=gesloten.pk).klok_weergave == (
        "",
        "Vervallen (zaak gesloten)",
    )
    # Idempotent: a second run (a retried task) changes nothing.
    assert services.ververs_klokken(vandaag=over_10_dagen)["klokken_gewijzigd"] == 0


def test_dagelijkse_verversing_volgt_een_gewijzigde_norm(gemeente_a, normen):
    zaak = maak_zaak(gemeente_a, ontvangen_op=dagen_geleden(3))
    Doorlooptijdnorm.objects.filter(code="vroegsignalering-contact").update(termijn=1)
    tasks.ververs_klokken.apply(args=[dagen_geleden(0).isoformat()]).get()
    zaak.refresh_from_db()
    assert zaak.klok_deadline == dagen_geleden(3) + timedelta(weeks=1)


def test_taken_staan_in_het_schema():
    taken = {regel["task"] for regel in BEAT_SCHEDULE.values()}
    assert "trajecten.vroegsignalering.tasks.ververs_klokken" in taken
    assert "trajecten.vroegsignalering.tasks.anonimiseer" in taken


@settings(max_examples=60, deadline=None)
@given(start=st.dates(date(2020, 1, 1), date(2030, 12, 31)), dagen=st.integers(0, 40))
def test_klok_volgt_de_normrekenregels(start, dagen):
    """The stored clock is exactly trajecten.normen's arithmetic for a 2-week contract norm."""
    norm = Doorlooptijdnorm(
        code="vroegsignalering-contact",
        termijn=2,
        eenheid="weken",
        wettelijk=False,
        dreigpercentage=75,
        geldig_van=date(2000, 1, 1),
        gemeente_id=None,
    )
    zaak = Signaalzaak(gemeente_id=1, status="nieuw", eerste_signaal_op=start)
    ctx = services.Normcontext(peildatum=start + timedelta(days=dagen))
    ctx._per_gemeente[1] = [norm]
    services.bereken_klok(zaak, ctx)
    assert zaak.klok_deadline == start + timedelta(days=14)
    assert zaak.klok_status == rekenregels.bepaal_status(
        start=start, deadline=start + timedelta(days=14), peildatum=ctx.peildatum, gehaald_op=None
    )
    assert zaak.klok_status == (
        "overschreden" if dagen > 14 else "dreigt" if dagen >= 10.5 else "loopt"
    )
