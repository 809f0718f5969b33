"""Norm clocks: which norms apply, their deadlines and statuses, and the daily SQL job."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from itertools import product as kruis

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.bouwers import aanmelden, dagen, omgeving, stap
from trajecten import normbewaking, services, stabilisatie
from trajecten.models import (
    Doorlooptijdnorm,
    Extrafeestdag,
    Fase,
    Normbewaking,
    Normbewakingsrun,
    Product,
    Signalering,
    Traject,
)
from trajecten.normen import bepaal_status
from trajecten.normenset import STANDAARDNORMEN, zaai_normen

pytestmark = pytest.mark.django_db
D = date


def klokken(traject: Traject) -> dict[str, Normbewaking]:
    return {
        k.norm.code: k for k in Normbewaking.objects.filter(traject=traject).select_related("norm")
    }


@pytest.fixture(autouse=True)
def _normen(db):
    zaai_normen(Doorlooptijdnorm)  # a transactional test elsewhere may have flushed them


def test_zaaiset_staat_in_de_database():
    from klantplan.schuldregeling import termijnen  # schuldregeling 0002: answer terms
    from trajecten.samenwerking.normen import OVERDRACHTNORM  # samenwerking 0002 (not a clock)

    codes = set(Doorlooptijdnorm.objects.values_list("code", flat=True))
    andere = {OVERDRACHTNORM, termijnen.SALDO, termijnen.VOORSTEL, termijnen.HERINNERING}
    assert codes - andere == {n[0] for n in STANDAARDNORMEN}


# ------------------------------------------------------------------ which clocks


def test_bedreigende_situatie_drie_werkdagen_en_geen_vier_weken():
    omg = omgeving()
    # Friday 2 May 2025; 5 May (Bevrijdingsdag) is not a werkdag under the Atw.
    traject = aanmelden(omg, datum=D(2025, 5, 2), bedreigend="huisuitzetting")
    k = klokken(traject)
    assert "wgs-eerste-gesprek" not in k
    assert k["wgs-eerste-gesprek-bedreigend"].deadline == D(2025, 5, 8)
    assert k["bedreigend-rust"].deadline == D(2025, 5, 16)  # contract norm: 2 weeks
    assert k["stabilisatie-rust"].deadline == D(2025, 6, 6)
    assert "vroegsignalering-rust" not in k


def test_zonder_bedreiging_vier_weken_met_doorloop_naar_werkdag():
    omg = omgeving()
    traject = aanmelden(omg, datum=D(2025, 3, 1))  # + 4 weeks = Saturday 29 March
    k = klokken(traject)
    assert "wgs-eerste-gesprek-bedreigend" not in k
    assert k["wgs-eerste-gesprek"].deadline == D(2025, 3, 31)  # statutory: runs on to Monday
    assert "bedreigend-rust" not in k


def test_vroegsignalering_rust_op_het_traject_contact_op_de_zaak():
    omg = omgeving()
    traject = aanmelden(
        omg, datum=D(2025, 3, 10), kanaal="vroegsignalering", signaaldatum=D(2025, 3, 3)
    )
    k = klokken(traject)
    assert k["vroegsignalering-rust"].deadline == D(2025, 3, 10) + timedelta(weeks=5)
    assert "stabilisatie-rust" not in k
    # eerste contact binnen 2 weken is measured on the signaalzaak, not counted twice
    assert "vroegsignalering-contact" not in k
    aanmelding = traject.gebeurtenissen.get(soort="aanmelding")
    assert aanmelding.gegevens["signaaldatum"] == "2025-03-03"


def test_gehaald_en_te_laat_gehaald():
    omg = omgeving()
    op_tijd = aanmelden(omg, datum=D(2025, 3, 3))
    stap(omg, op_tijd, "voer_eerste_gesprek", datum=D(2025, 3, 31))  # deadline itself
    te_laat = aanmelden(omg, datum=D(2025, 3, 3))
    stap(omg, te_laat, "voer_eerste_gesprek", datum=D(2025, 4, 1))
    assert klokken(op_tijd)["wgs-eerste-gesprek"].status == "gehaald"
    assert klokken(te_laat)["wgs-eerste-gesprek"].status == "te_laat_gehaald"
    # the next clock (Awb: beschikking within 8 weeks) starts at the first conversation
    awb = klokken(te_laat)["awb-beschikking"]
    assert (awb.start, awb.deadline) == (D(2025, 4, 1), D(2025, 5, 27))


def _toegelaten(omg, aanmelding: date | None = None) -> Traject:
    aanmelding = aanmelding or D(2025, 1, 6)
    traject = aanmelden(omg, datum=aanmelding)
    stap(omg, traject, "voer_eerste_gesprek", datum=aanmelding + dagen(7))
    stap(omg, traject, "neem_toelatingsbesluit", datum=aanmelding + dagen(14))
    return Traject.objects.get(pk=traject.pk)


def test_schuldbemiddeling_120_dagen_vanaf_toelating():
    omg = omgeving()
    traject = _toegelaten(omg)
    toelating = D(2025, 1, 20)
    regeling = services.start_product(
        traject_id=traject.pk,
        soort="Schuldbemiddeling",
        door=omg.regisseur,
        datum=D(2025, 2, 1),
        reden_terugdatering="na",
    )
    klok = Normbewaking.objects.get(product=regeling, norm__code="schuldregeling-120")
    assert (klok.start, klok.deadline) == (toelating, toelating + dagen(120))
    assert klok.status == "overschreden"  # today is long after
    for stapnaam, datum in [("dien_in", D(2025, 3, 1)), ("ken_toe", D(2025, 5, 1))]:
        services.schuldregeling_stap(
            product_id=regeling.pk,
            stap=stapnaam,
            door=omg.regisseur,
            datum=datum,
            reden_terugdatering="na",
        )
    klok.refresh_from_db()
    assert (klok.gehaald_op, klok.status) == (D(2025, 5, 1), "gehaald")


def test_budgetbeheer_36_maanden():
    omg = omgeving()
    traject = _toegelaten(omg)
    beheer = services.start_product(
        traject_id=traject.pk,
        soort="Budgetbeheer",
        door=omg.regisseur,
        datum=D(2025, 1, 31),
        reden_terugdatering="na",
    )
    klok = Normbewaking.objects.get(product=beheer, norm__code="budgetbeheer-36")
    assert klok.deadline == D(2028, 1, 31)
    services.beeindig_product(
        product_id=beheer.pk, door=omg.regisseur, datum=D(2025, 9, 1), reden_terugdatering="na"
    )
    klok.refresh_from_db()
    assert (klok.gehaald_op, klok.status) == (D(2025, 9, 1), "gehaald")


# ------------------------------------------------------- norms as data over time


def _norm(basis_code: str, **kw) -> Doorlooptijdnorm:
    basis = Doorlooptijdnorm.objects.filter(code=basis_code, gemeente=None).first()
    velden = {
        f.name: getattr(basis, f.name)
        for f in Doorlooptijdnorm._meta.fields
        if f.name not in {"id", "geldig_van", "geldig_tot", "gemeente"}
    }
    norm = Doorlooptijdnorm(**(velden | kw))
    norm.full_clean()
    norm.save()
    return norm


def test_norm_van_de_gemeente_gaat_voor_de_standaard():
    omg, ander = omgeving(), omgeving()
    _norm("stabilisatie-rust", gemeente=omg.gemeente, termijn=3, geldig_van=D(2021, 1, 1))
    eigen = aanmelden(omg, datum=D(2025, 3, 3))
    standaard = aanmelden(ander, datum=D(2025, 3, 3))
    assert klokken(eigen)["stabilisatie-rust"].deadline == D(2025, 3, 24)
    assert klokken(standaard)["stabilisatie-rust"].deadline == D(2025, 4, 7)


def test_latere_norm_geldt_voor_klokken_die_dan_starten():
    omg = omgeving()
    oud = Doorlooptijdnorm.objects.get(code="stabilisatie-rust", gemeente=None)
    oud.geldig_tot = D(2025, 6, 30)
    oud.full_clean()
    oud.save()
    _norm("stabilisatie-rust", termijn=4, geldig_van=D(2025, 7, 1))
    voor = aanmelden(omg, datum=D(2025, 6, 15))
    na = aanmelden(omg, datum=D(2025, 7, 10))
    assert klokken(voor)["stabilisatie-rust"].deadline == D(2025, 6, 15) + timedelta(weeks=5)
    assert klokken(na)["stabilisatie-rust"].deadline == D(2025, 7, 10) + timedelta(weeks=4)
    assert klokken(na)["stabilisatie-rust"].norm.geldig_van == D(2025, 7, 1)


def test_overlappende_norm_geweigerd():
    oud = Doorlooptijdnorm.objects.get(code="stabilisatie-rust", gemeente=None)
    nieuw = Doorlooptijdnorm(
        code=oud.code,
        naam="x",
        van_mijlpaal=oud.van_mijlpaal,
        tot_mijlpaal=oud.tot_mijlpaal,
        termijn=3,
        eenheid="weken",
        voorwaarde=oud.voorwaarde,
        geldig_van=D(2025, 1, 1),
    )
    with pytest.raises(ValidationError) as fout:
        nieuw.full_clean()
    assert fout.value.messages == [
        "Er is al een norm met deze code voor deze gemeente in (een deel van) deze periode. "
        "Sluit eerst de oude norm af."
    ]
    nieuw.van_mijlpaal = "eerste_gesprek"
    with pytest.raises(ValidationError, match="meet iets anders"):
        nieuw.full_clean()


def test_percentages_en_termijn_begrensd_in_de_database():
    from django.db import IntegrityError, transaction

    oud = Doorlooptijdnorm.objects.get(code="stabilisatie-rust", gemeente=None)
    for veld, waarde in [("dreigpercentage", 101), ("termijn", 0)]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Doorlooptijdnorm.objects.filter(pk=oud.pk).update(**{veld: waarde})


# ----------------------------------------------------------------- pauses, lapse


def test_pauze_in_het_verleden_verlengt_met_precies_die_dagen():
    omg = omgeving()
    traject = aanmelden(omg, datum=D(2025, 3, 3))
    klok = klokken(traject)["stabilisatie-rust"]
    stabilisatie.schort_klok_op(
        klok_id=klok.pk, door=omg.regisseur, van=D(2025, 3, 10), reden="post"
    )
    stabilisatie.hervat_klok(klok_id=klok.pk, door=omg.regisseur, tot=D(2025, 3, 17))
    klok.refresh_from_db()
    assert klok.deadline == D(2025, 4, 7) + dagen(7)
    assert not klok.opgeschort


def test_uitstroom_laat_lopende_klokken_vervallen():
    omg = omgeving()
    traject = aanmelden(omg, datum=D(2025, 3, 3))
    stap(omg, traject, "voer_eerste_gesprek", datum=D(2025, 4, 10))  # 4 weeks missed
    stap(omg, traject, "sluit_af", datum=D(2025, 4, 14), uitstroomreden="Zelf")
    k = klokken(traject)
    assert (k["wgs-eerste-gesprek"].status, k["wgs-eerste-gesprek"].vervallen) == (
        "te_laat_gehaald",
        False,
    )
    assert k["awb-beschikking"].vervallen  # deadline 5 June, after the uitstroom
    assert not k["stabilisatie-rust"].vervallen  # deadline 7 April had passed
    assert k["stabilisatie-rust"].status == "overschreden"
    # The daily job leaves lapsed clocks alone, however late it runs.
    signalen = Signalering.objects.count()
    assert normbewaking.dagelijkse_normbewaking(vandaag=D(2026, 1, 1))["signaleringen"] == 0
    assert klokken(traject)["awb-beschikking"].status == k["awb-beschikking"].status
    assert Signalering.objects.count() == signalen


def test_extra_feestdag_schuift_de_termijn():
    omg = omgeving()
    Extrafeestdag.objects.create(datum=D(2025, 5, 30), omschrijving="Vrijdag na Hemelvaart")
    # Wednesday 28 May 2025 + 3 werkdagen: Thu 29 (Hemelvaart), Fri 30 (decree), Mon 2 June,
    # Tue 3, Wed 4.
    traject = aanmelden(omg, datum=D(2025, 5, 28), bedreigend="afsluiting")
    assert klokken(traject)["wgs-eerste-gesprek-bedreigend"].deadline == D(2025, 6, 4)


# ---------------------------------------------------------------------- daily job


def _rasterklokken(traject: Traject, vandaag: date, met_dreigdag: bool) -> list[Normbewaking]:
    """A grid of clocks around `vandaag`: every term length, progress and threshold."""
    normen = []
    for pct in (0, 1, 50, 75, 80, 99, 100):
        normen.append(
            _norm(
                "budgetbeheer-36",
                code=f"raster-{pct}",
                naam=f"Raster {pct}",
                dreigpercentage=pct,
                geldig_van=D(2021, 1, 1),
            )
        )
    rijen = list(kruis(normen, range(-1, 25), range(-2, 30)))  # norm, length, days elapsed
    producten = Product.objects.bulk_create(
        Product(traject=traject, soort="Budgetbeheer", startdatum=vandaag) for _ in rijen
    )
    return Normbewaking.objects.bulk_create(
        Normbewaking(
            traject=traject,
            norm=norm,
            product=p,
            start=vandaag - dagen(verstreken),
            deadline=vandaag - dagen(verstreken) + dagen(lengte),
            dreigt_vanaf=normbewaking.dreigt_vanaf(
                vandaag - dagen(verstreken),
                vandaag - dagen(verstreken) + dagen(lengte),
                norm.dreigpercentage,
            )
            if met_dreigdag
            else None,
        )
        for p, (norm, lengte, verstreken) in zip(producten, rijen, strict=True)
    )


@pytest.mark.parametrize("met_dreigdag", [True, False], ids=["dreigt_vanaf", "zonder"])
def test_sql_status_gelijk_aan_bepaal_status(met_dreigdag: bool):
    """Every (term length, days elapsed, threshold) around one day; with the stored
    'dreigt_vanaf' (the index path) and without it (rows written by hand or old rows)."""
    omg = omgeving()
    traject = aanmelden(omg)
    vandaag = D(2026, 3, 18)
    rooster = _rasterklokken(traject, vandaag, met_dreigdag)
    uitkomst = normbewaking.dagelijkse_normbewaking(vandaag=vandaag)
    verwacht = {
        k.pk: bepaal_status(
            start=k.start,
            deadline=k.deadline,
            peildatum=vandaag,
            gehaald_op=None,
            dreig_fractie=k.norm.dreigpercentage / 100,
        ).value
        for k in rooster
    }
    echt = dict(Normbewaking.objects.filter(pk__in=verwacht).values_list("pk", "status"))
    verschil = {pk: (verwacht[pk], echt[pk]) for pk in verwacht if verwacht[pk] != echt[pk]}
    assert verschil == {}
    assert len(set(verwacht.values())) == 3
    gewijzigd = sum(1 for s in verwacht.values() if s != "loopt")
    assert uitkomst["statussen_gewijzigd"] >= gewijzigd
    # one signalering per clock that dreigt or is overschreden
    assert Signalering.objects.filter(klok__in=rooster).count() == gewijzigd


def test_dagelijkse_job_is_idempotent_en_logt(caplog):
    omg = omgeving()
    a = aanmelden(omg, datum=D(2025, 3, 3))
    b = aanmelden(omg, datum=D(2025, 3, 3), bedreigend="beslag")
    Normbewaking.objects.filter(traject__in=[a, b]).update(status="loopt")
    Signalering.objects.all().delete()
    caplog.set_level(logging.INFO, logger="trajecten.normbewaking")
    eerste = normbewaking.dagelijkse_normbewaking(vandaag=D(2025, 3, 24))
    tellingen = dict(Signalering.objects.values_list("soort").annotate(n=Count("pk")).order_by())
    # On 24 March: both Wgs clocks overdue or threatening, stabilisatie (5 wk) threatens.
    assert eerste["statussen_gewijzigd"] == Normbewaking.objects.exclude(status="loopt").count()
    assert eerste["signaleringen"] == Signalering.objects.count() > 0
    tweede = normbewaking.dagelijkse_normbewaking(vandaag=D(2025, 3, 24))
    assert tweede == {
        "opgeschorte_klokken": 0,
        "statussen_gewijzigd": 0,
        "signaleringen": 0,
        "toetsen_budgetbeheer": 0,
        "urgentie_hersteld": 0,
        "tellers_hersteld": 0,
        "klanttellers_hersteld": 0,
    }
    assert (
        dict(Signalering.objects.values_list("soort").annotate(n=Count("pk")).order_by())
        == tellingen
    )
    assert "Normbewaking 2025-03-24 in " in caplog.text
    runs = Normbewakingsrun.objects.filter(peildatum=D(2025, 3, 24)).order_by("gestart_op")
    assert [r.uitkomst for r in runs] == [eerste, tweede]
    assert f"'signaleringen': {eerste['signaleringen']}" in caplog.text
    s = Signalering.objects.get(
        traject=b, soort="overschreden", klok__norm__code="wgs-eerste-gesprek-bedreigend"
    )
    assert s.gebruiker == omg.regisseur
    assert s.tekst.startswith("Eerste gesprek binnen 3 werkdagen bij bedreigende situatie (Wgs): ")
    assert s.tekst.endswith("termijn overschreden (deadline 6 maart 2025)")


def test_herbereken_signaleert_een_keer_samen_met_de_job():
    omg = omgeving()
    traject = aanmelden(omg, datum=D(2025, 3, 3), bedreigend="beslag")  # overdue at once
    klok = klokken(traject)["wgs-eerste-gesprek-bedreigend"]
    assert Signalering.objects.filter(klok=klok, soort="overschreden").count() == 1
    normbewaking.dagelijkse_normbewaking()
    normbewaking.herbereken(traject)
    assert Signalering.objects.filter(klok=klok, soort="overschreden").count() == 1


def test_opgeschorte_klok_schuift_elke_dag_mee():
    omg = omgeving()
    traject = aanmelden(omg, datum=services.timezone.localdate() - dagen(30))
    klok = klokken(traject)["stabilisatie-rust"]
    stabilisatie.schort_klok_op(
        klok_id=klok.pk,
        door=omg.regisseur,
        van=services.timezone.localdate() - dagen(20),
        reden="Wacht",
    )
    klok.refresh_from_db()
    vandaag = services.timezone.localdate()
    uitkomst = normbewaking.dagelijkse_normbewaking(vandaag=vandaag + dagen(3))
    assert uitkomst["opgeschorte_klokken"] == 1
    later = Normbewaking.objects.get(pk=klok.pk)
    assert later.deadline == klok.deadline + dagen(3) and later.opgeschort


def test_halfjaarlijkse_toets_budgetbeheer():
    omg = omgeving()
    traject = _toegelaten(omg)
    beheer = services.start_product(
        traject_id=traject.pk,
        soort="Budgetbeheer",
        door=omg.regisseur,
        datum=D(2025, 1, 31),
        reden_terugdatering="na",
    )
    Signalering.objects.all().delete()

    def toetsen() -> list[str]:
        return sorted(
            Signalering.objects.filter(soort="toets_budgetbeheer").values_list("sleutel", flat=True)
        )

    assert normbewaking.dagelijkse_normbewaking(vandaag=D(2025, 7, 30))["toetsen_budgetbeheer"] == 0
    assert normbewaking.dagelijkse_normbewaking(vandaag=D(2025, 7, 31))["toetsen_budgetbeheer"] == 1
    assert normbewaking.dagelijkse_normbewaking(vandaag=D(2025, 8, 15))["toetsen_budgetbeheer"] == 0
    assert toetsen() == [f"toets-{beheer.pk}-1"]
    # the job did not run on 31 January 2026: it catches up within 14 days
    normbewaking.dagelijkse_normbewaking(vandaag=D(2026, 2, 9))
    assert toetsen() == [f"toets-{beheer.pk}-1", f"toets-{beheer.pk}-2"]
    s = Signalering.objects.get(sleutel=f"toets-{beheer.pk}-2")
    assert s.tekst == "Budgetbeheer: halfjaarlijkse toets financiële zelfredzaamheid (2)"
    assert s.gebruiker == omg.regisseur
    services.beeindig_product(
        product_id=beheer.pk, door=omg.regisseur, datum=D(2026, 3, 1), reden_terugdatering="na"
    )
    normbewaking.dagelijkse_normbewaking(vandaag=D(2027, 1, 1))
    assert len(toetsen()) == 2  # an ended product is not tested any more


def test_uitgestroomd_traject_zonder_lopend_product():
    omg = omgeving()
    traject = _toegelaten(omg)
    services.start_product(
        traject_id=traject.pk,
        soort="Budgetbeheer",
        door=omg.regisseur,
        datum=D(2025, 1, 31),
        reden_terugdatering="na",
    )
    with pytest.raises(services.Geweigerd, match="Er loopt nog een product"):
        stap(omg, traject, "sluit_af", uitstroomreden="Zelf")
    assert Traject.objects.get(pk=traject.pk).fase == Fase.STABILISATIE


# ------------------------------------------------------------------------- admin


@pytest.fixture
def beheer_client(client):
    from django.contrib.auth.models import Permission

    omg = omgeving()
    omg.beheerder.user_permissions.set(
        Permission.objects.filter(content_type__app_label="trajecten")
    )
    client.force_login(omg.beheerder)
    client.omgeving = omg
    return client


def test_beheerder_voegt_extra_feestdag_toe_en_klokken_volgen(beheer_client):
    omg = beheer_client.omgeving
    # Wednesday 28 May 2025 + 3 werkdagen: Thu 29 Hemelvaart → Fri 30, Mon 2, Tue 3 June.
    traject = aanmelden(omg, datum=D(2025, 5, 28), bedreigend="afsluiting")
    assert klokken(traject)["wgs-eerste-gesprek-bedreigend"].deadline == D(2025, 6, 3)
    antwoord = beheer_client.post(
        "/beheer/trajecten/extrafeestdag/add/",
        {"datum": "2025-05-30", "omschrijving": "Vrijdag na Hemelvaartsdag (besluit)"},
    )
    assert antwoord.status_code == 302, antwoord.content
    assert klokken(traject)["wgs-eerste-gesprek-bedreigend"].deadline == D(2025, 6, 4)
    feestdag = Extrafeestdag.objects.get(datum=D(2025, 5, 30))
    beheer_client.post(f"/beheer/trajecten/extrafeestdag/{feestdag.pk}/delete/", {"post": "yes"})
    assert klokken(traject)["wgs-eerste-gesprek-bedreigend"].deadline == D(2025, 6, 3)


def test_admin_weigert_overlappende_norm(beheer_client):
    gegevens = {
        "code": "stabilisatie-rust",
        "naam": "Stabilisatie 4 weken",
        "bron": "",
        "van_mijlpaal": "aanmelding",
        "tot_mijlpaal": "financiele_rust",
        "voorwaarde": "niet_vroegsignalering",
        "productsoort": "",
        "termijn": "4",
        "eenheid": "weken",
        "opschorting_toegestaan": "on",
        "doelpercentage": "80",
        "dreigpercentage": "75",
        "gemeente": "",
        "geldig_van": "2025-01-01",
        "geldig_tot": "",
    }
    antwoord = beheer_client.post("/beheer/trajecten/doorlooptijdnorm/add/", gegevens)
    assert antwoord.status_code == 200
    assert "Sluit eerst de oude norm af." in antwoord.content.decode()
    assert Doorlooptijdnorm.objects.filter(code="stabilisatie-rust").count() == 1
    # for one gemeente it is an override, not an overlap
    gegevens["gemeente"] = str(beheer_client.omgeving.gemeente.pk)
    antwoord = beheer_client.post("/beheer/trajecten/doorlooptijdnorm/add/", gegevens)
    assert antwoord.status_code == 302
    assert Doorlooptijdnorm.objects.filter(code="stabilisatie-rust").count() == 2


def test_herbereken_klokken_taak_na_normwijziging():
    from trajecten import tasks

    omg = omgeving()
    traject = aanmelden(omg, datum=D(2025, 3, 3))
    _norm("stabilisatie-rust", gemeente=omg.gemeente, termijn=3, geldig_van=D(2021, 1, 1))
    assert klokken(traject)["stabilisatie-rust"].deadline == D(2025, 4, 7)
    assert tasks.herbereken_klokken(omg.gemeente.pk) >= 1  # runs the task body here
    assert klokken(traject)["stabilisatie-rust"].deadline == D(2025, 3, 24)


def test_admin_trajecten_alleen_lezen_zonder_persoonsgegevens(beheer_client):
    omg = beheer_client.omgeving
    traject = aanmelden(omg, datum=D(2025, 3, 3), bedreigend="beslag")
    lijst = beheer_client.get("/beheer/trajecten/traject/", {"fase__exact": "aangemeld"})
    assert lijst.status_code == 200
    html = lijst.content.decode()
    assert f"Traject {traject.pk}" in html
    assert traject.klant.achternaam not in html
    detail = beheer_client.get(f"/beheer/trajecten/traject/{traject.pk}/change/")
    assert detail.status_code == 200 and traject.klant.achternaam not in detail.content.decode()
    assert beheer_client.get("/beheer/trajecten/traject/add/").status_code == 403
    assert beheer_client.get("/beheer/trajecten/signalering/").status_code == 200
    assert beheer_client.get("/beheer/trajecten/signalering/add/").status_code == 403
    Normbewaking.objects.filter(traject=traject).update(deadline=D(2000, 1, 1))
    antwoord = beheer_client.post(
        "/beheer/trajecten/traject/",
        {"action": "herbereken_klokken", "_selected_action": [traject.pk]},
    )
    assert antwoord.status_code == 302
    assert not Normbewaking.objects.filter(traject=traject, deadline=D(2000, 1, 1)).exists()


@given(
    start=st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 1, 1)),
    lengte=st.integers(min_value=-3, max_value=2000),
    pct=st.integers(min_value=0, max_value=100),
)
@settings(max_examples=300, deadline=None)
def test_dreigt_vanaf_is_de_eerste_dreigdag(start: date, lengte: int, pct: int):
    deadline = start + dagen(lengte)
    dag = normbewaking.dreigt_vanaf(start, deadline, pct)

    def status(peil: date) -> str:
        return bepaal_status(
            start=start, deadline=deadline, peildatum=peil, gehaald_op=None, dreig_fractie=pct / 100
        ).value

    if lengte <= 0:
        assert dag == date.min
        return
    assert start <= dag <= deadline
    assert status(dag) == "dreigt"
    if dag > start:
        assert status(dag - dagen(1)) == "loopt"
