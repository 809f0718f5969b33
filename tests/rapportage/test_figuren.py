"""Each figure on a small hand-built data set; the right answer is worked out in the test.

The quarter is Q2 2026 (1 April – 30 June). Dates on 31 March, 1 April, 30 June and 1 July
test the quarter edges.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from rapportage import figuren
from rapportage.models import Besparing, Instellingen, Uitvoeringskosten
from tests.bouwers.rijen import Q2
from trajecten import normbewaking
from trajecten.models import Crisisinterventie, Moratorium, Opschorting

pytestmark = pytest.mark.django_db
D = date


def cijfers(gemeente, kwartaal=Q2) -> dict:
    return figuren.bereken(gemeente.pk if gemeente else None, kwartaal, Instellingen.huidige())


def test_aanmeldingen_per_kanaal_op_de_kwartaalgrenzen(bouw_a, bouw_b, gemeente_a):
    bouw_a.traject(D(2026, 3, 31))  # Q1
    bouw_a.traject(D(2026, 4, 1))  # first day
    bouw_a.traject(D(2026, 6, 30), kanaal="vroegsignalering")  # last day
    bouw_a.traject(D(2026, 7, 1), kanaal="inwoner")  # Q3
    bouw_b.traject(D(2026, 5, 1), kanaal="ketenpartner")  # other gemeente

    a = cijfers(gemeente_a)["aanmeldingen"]
    assert a["totaal"] == 2
    assert a["per_kanaal"]["wijkteam"] == 1
    assert a["per_kanaal"]["vroegsignalering"] == 1
    assert a["per_kanaal"]["inwoner"] == 0
    # The whole Stadsbank: both gemeenten.
    stadsbank = cijfers(None)["aanmeldingen"]
    assert stadsbank["totaal"] == 3
    assert stadsbank["per_kanaal"]["ketenpartner"] == 1


def test_intakes_en_wachttijd_gemiddelde_en_mediaan(bouw_a, gemeente_a):
    # Waits of 14, 28 and 7 days: mean 49/3 = 16.33 d = 2.3 weeks, median 14 d = 2.0 weeks.
    t1 = bouw_a.traject(D(2026, 3, 20))
    bouw_a.gebeurtenis(t1, "eerste_gesprek", D(2026, 4, 3))
    t2 = bouw_a.traject(D(2026, 4, 1), kanaal="inwoner")
    bouw_a.gebeurtenis(t2, "eerste_gesprek", D(2026, 4, 29))
    t3 = bouw_a.traject(D(2026, 4, 10))
    bouw_a.gebeurtenis(t3, "eerste_gesprek", D(2026, 4, 17))
    t4 = bouw_a.traject(D(2026, 6, 1))
    bouw_a.gebeurtenis(t4, "eerste_gesprek", D(2026, 7, 1))  # Q3
    t5 = bouw_a.traject(D(2026, 3, 2))
    bouw_a.gebeurtenis(t5, "eerste_gesprek", D(2026, 3, 30))  # its first is in Q1
    bouw_a.gebeurtenis(t5, "eerste_gesprek", D(2026, 4, 5))

    c = cijfers(gemeente_a)
    assert c["intakes"]["totaal"] == 3
    assert c["intakes"]["per_kanaal"]["wijkteam"] == 2
    assert c["intakes"]["per_kanaal"]["inwoner"] == 1
    assert c["wachttijd"] == {"aantal": 3, "gemiddeld_weken": 2.3, "mediaan_weken": 2.0}


def test_normen_deadline_in_kwartaal_gehaald_en_niet_gehaald(bouw_a, gemeente_a):
    wgs = "wgs-eerste-gesprek"
    bouw_a.klok(bouw_a.traject(D(2026, 3, 1)), wgs, D(2026, 4, 1), gehaald_op=D(2026, 3, 30))
    bouw_a.klok(bouw_a.traject(D(2026, 6, 2)), wgs, D(2026, 6, 30), gehaald_op=D(2026, 6, 30))
    bouw_a.klok(bouw_a.traject(D(2026, 4, 17)), wgs, D(2026, 5, 15), gehaald_op=D(2026, 5, 16))
    bouw_a.klok(bouw_a.traject(D(2026, 4, 22)), wgs, D(2026, 5, 20))  # not (yet) met
    bouw_a.klok(bouw_a.traject(D(2026, 3, 3)), wgs, D(2026, 3, 31))  # Q1
    bouw_a.klok(bouw_a.traject(D(2026, 6, 3)), wgs, D(2026, 7, 1))  # Q3
    bouw_a.klok(bouw_a.traject(D(2026, 4, 3)), wgs, D(2026, 5, 1), vervallen=True)
    rust = bouw_a.traject(D(2026, 3, 11))
    bouw_a.klok(rust, "stabilisatie-rust", D(2026, 4, 15), gehaald_op=D(2026, 4, 2))

    normen = {n["code"]: n for n in cijfers(gemeente_a)["normen"]["normen"]}
    assert set(normen) == {wgs, "stabilisatie-rust"}
    assert normen[wgs] == {
        "sleutel": f"{wgs}@80",
        "code": wgs,
        "naam": "Eerste gesprek binnen 4 weken (Wgs)",
        "wettelijk": True,
        "doel": 80,
        "aantal": 4,
        "gehaald": 2,
        "niet_gehaald": 2,
        "pct": 50.0,
    }
    assert normen["stabilisatie-rust"]["wettelijk"] is False
    assert (normen["stabilisatie-rust"]["aantal"], normen["stabilisatie-rust"]["pct"]) == (1, 100.0)


def test_opgeschorte_klok_telt_in_het_kwartaal_van_zijn_verschoven_deadline(bouw_a, gemeente_a):
    # Aanmelding 20 May: 5 weeks → 24 June (Q2). A pause of 14 days moves it to 8 July (Q3).
    traject = bouw_a.traject(D(2026, 5, 20))
    normbewaking.herbereken(traject)
    klok = traject.klokken.get(norm__code="stabilisatie-rust")
    assert klok.deadline == D(2026, 6, 24)
    Opschorting.objects.create(klok=klok, van=D(2026, 6, 1), tot=D(2026, 6, 15), reden="stukken")
    normbewaking.herbereken(traject)
    klok.refresh_from_db()
    assert klok.deadline == D(2026, 7, 8)

    q2 = {n["code"]: n for n in cijfers(gemeente_a)["normen"]["normen"]}
    q3 = {n["code"]: n for n in cijfers(gemeente_a, Q2.volgende())["normen"]["normen"]}
    assert "stabilisatie-rust" not in q2
    assert q3["stabilisatie-rust"]["aantal"] == 1
    # The legal 4-week clock was not paused: deadline 17 June, not met.
    assert (q2["wgs-eerste-gesprek"]["aantal"], q2["wgs-eerste-gesprek"]["gehaald"]) == (1, 0)


def test_financiele_rust_binnen_vijf_weken_vroegsignalering_en_overig(bouw_a, gemeente_a):
    # Terms ending in Q2: aanmelding from 25 Feb (1 Apr - 35 d) to 26 May (30 Jun - 35 d).
    v1 = bouw_a.traject(D(2026, 2, 25), kanaal="vroegsignalering")
    bouw_a.gebeurtenis(v1, "financiele_rust", D(2026, 4, 1))  # day 35: in time
    v2 = bouw_a.traject(D(2026, 3, 1), kanaal="vroegsignalering")
    bouw_a.gebeurtenis(v2, "financiele_rust", D(2026, 4, 6))  # day 36: late
    v3 = bouw_a.traject(D(2026, 2, 24), kanaal="vroegsignalering")  # term ended in Q1
    bouw_a.gebeurtenis(v3, "financiele_rust", D(2026, 3, 1))
    bouw_a.traject(D(2026, 5, 26))  # term ends 30 June; no rust
    o2 = bouw_a.traject(D(2026, 4, 10), kanaal="inwoner")
    bouw_a.gebeurtenis(o2, "financiele_rust", D(2026, 4, 20))
    o3 = bouw_a.traject(D(2026, 4, 10), gesloten=True)
    bouw_a.gebeurtenis(o3, "uitstroom", D(2026, 4, 30), uitstroomreden="Zelf")  # lapses
    bouw_a.traject(D(2026, 5, 27), kanaal="ketenpartner")  # term ends in Q3

    rust = cijfers(gemeente_a)["financiele_rust"]
    assert rust["doel"] == 80
    assert rust["vroeg"] == {"aantal": 2, "binnen": 1, "vervallen": 0, "pct": 50.0}
    assert rust["overig"] == {"aantal": 2, "binnen": 1, "vervallen": 1, "pct": 50.0}


def test_financiele_rust_termijn_en_doel_zijn_instelbaar(bouw_a, gemeente_a):
    instellingen = Instellingen.huidige()
    instellingen.termijn_financiele_rust_weken = 6  # 42 days: aanmelding 18 Feb .. 19 May
    instellingen.doel_financiele_rust = 75
    instellingen.save()
    t = bouw_a.traject(D(2026, 2, 18))
    bouw_a.gebeurtenis(t, "financiele_rust", D(2026, 4, 1))  # day 42
    rust = cijfers(gemeente_a)["financiele_rust"]
    assert (rust["doel"], rust["termijn_weken"]) == (75, 6)
    assert rust["overig"]["binnen"] == 1


def test_doorlooptijd_van_intake_tot_toelating(bouw_a, gemeente_a):
    for eerste, toelating in [
        (D(2026, 3, 25), D(2026, 4, 8)),  # 14 days
        (D(2026, 4, 1), D(2026, 4, 11)),  # 10 days
        (D(2026, 5, 1), D(2026, 6, 30)),  # 60 days, on the last day
        (D(2026, 5, 1), D(2026, 7, 1)),  # Q3
    ]:
        t = bouw_a.traject(D(2026, 3, 20))
        bouw_a.gebeurtenis(t, "eerste_gesprek", eerste)
        bouw_a.gebeurtenis(t, "toelating", toelating)
    # Mean (14 + 10 + 60) / 3 = 28.0; median 14.0.
    assert cijfers(gemeente_a)["doorlooptijd_toelating"] == {
        "aantal": 3,
        "gemiddeld_dagen": 28.0,
        "mediaan_dagen": 14.0,
    }


def _crisis(traject, soort, start, eind, voorkomen):
    return Crisisinterventie.objects.create(
        traject=traject, soort=soort, startdatum=start, einddatum=eind, voorkomen=voorkomen
    )


def test_crisisinterventies_en_maatschappelijk_rendement(bouw_a, bouw_b, gemeente_a, gemeente_b):
    t = bouw_a.traject(D(2026, 3, 1))
    _crisis(t, "huisuitzetting", D(2026, 3, 20), D(2026, 4, 10), True)
    _crisis(t, "huisuitzetting", D(2026, 4, 5), D(2026, 6, 30), True)
    _crisis(t, "afsluiting", D(2026, 5, 1), D(2026, 5, 10), True)
    _crisis(t, "afsluiting", D(2026, 6, 1), D(2026, 7, 2), True)  # ends in Q3
    _crisis(t, "zorgverzekering", D(2026, 4, 1), D(2026, 4, 20), False)
    _crisis(bouw_b.traject(D(2026, 3, 1)), "afsluiting", D(2026, 4, 1), D(2026, 4, 2), True)
    Uitvoeringskosten.objects.create(
        gemeente=gemeente_a, geldig_van=D(2026, 1, 1), bedrag_per_kwartaal=Decimal("10000")
    )
    Uitvoeringskosten.objects.create(  # starts after the first day of Q2: not yet in force
        gemeente=gemeente_a, geldig_van=D(2026, 4, 2), bedrag_per_kwartaal=Decimal("99999")
    )

    c = cijfers(gemeente_a)
    crisis = c["crisisinterventies"]
    assert (crisis["gestart"], crisis["afgerond"], crisis["voorkomen"]) == (4, 4, 3)
    assert crisis["per_soort"]["afsluiting"] == {"gestart": 2, "afgerond": 1, "voorkomen": 1}
    # 2 × (6,000 + 1,080) + 1 × 790 = 14,950 against 10,000: net 4,950 = 49.5%.
    r = c["rendement"]
    assert r["per_soort"]["huisuitzetting"] == {
        "aantal": 2,
        "direct_centen": 1_200_000,
        "indirect_centen": 216_000,
    }
    assert (r["baten_centen"], r["kosten_centen"], r["netto_centen"]) == (
        1_495_000,
        1_000_000,
        495_000,
    )
    assert r["rendement_pct"] == 49.5

    # Settings are data: a beheerder changes the saving per afsluiting.
    Besparing.objects.filter(soort="afsluiting").update(direct=Decimal("1000"))
    assert cijfers(gemeente_a)["rendement"]["baten_centen"] == 1_516_000
    # The whole Stadsbank: Hengelo has no cost figure.
    stadsbank = cijfers(None)["rendement"]
    assert stadsbank["voorkomen"] == 4
    assert (stadsbank["kosten_centen"], stadsbank["gemeenten_zonder_kosten"]) == (1_000_000, 1)


def test_moratoria(bouw_a, gemeente_a):
    t = bouw_a.traject(D(2026, 3, 1))
    Moratorium.objects.create(
        traject=t,
        aanvraagdatum=D(2026, 3, 25),
        startdatum=D(2026, 4, 1),
        einddatum=D(2026, 9, 30),
    )
    Moratorium.objects.create(traject=t, aanvraagdatum=D(2026, 6, 30))
    Moratorium.objects.create(
        traject=t,
        aanvraagdatum=D(2026, 4, 2),
        startdatum=D(2026, 4, 10),
        einddatum=D(2026, 6, 29),
    )
    assert cijfers(gemeente_a)["moratoria"] == {"aangevraagd": 2, "gestart": 2, "lopend_eind": 1}


def test_producten_stand_en_in_en_uitstroom(bouw_a, gemeente_a):
    t = bouw_a.traject(D(2025, 11, 1))
    bouw_a.product(t, "Budgetbeheer", D(2026, 1, 10))  # runs all quarter
    bouw_a.product(t, "Budgetbeheer", D(2026, 2, 1), D(2026, 4, 1))  # ends on the first day
    bouw_a.product(t, "Budgetbeheer", D(2026, 4, 15), D(2026, 6, 30))  # in and out
    bouw_a.product(t, "Budgetbeheer", D(2026, 6, 30))  # starts on the last day
    bouw_a.product(t, "Budgetbeheer", D(2025, 12, 1), D(2026, 3, 31))  # over before Q2
    bouw_a.product(t, "Budgetcoaching", D(2026, 7, 1))  # Q3

    per_soort = cijfers(gemeente_a)["producten"]["per_soort"]
    assert per_soort["Budgetbeheer"] == {"begin": 2, "in": 2, "uit": 2, "eind": 2}
    assert per_soort["Budgetcoaching"] == {"begin": 0, "in": 0, "uit": 0, "eind": 0}


def test_resultaten_van_schuldregelingen(bouw_a, gemeente_a):
    t = bouw_a.traject(D(2025, 11, 1))
    s1 = bouw_a.product(t, "Schuldbemiddeling", D(2026, 1, 5))
    bouw_a.stap(s1, "ingediend", D(2026, 3, 10))
    bouw_a.stap(s1, "toegekend", D(2026, 4, 20))
    s2 = bouw_a.product(t, "Schuldbemiddeling", D(2026, 1, 5))
    bouw_a.stap(s2, "ingediend", D(2026, 4, 1))
    bouw_a.stap(s2, "afgewezen", D(2026, 5, 1))
    bouw_a.stap(s2, "dwangakkoord_verzocht", D(2026, 5, 10))
    bouw_a.stap(s2, "afgewezen", D(2026, 6, 1))  # the court refused too: still one afwijzing
    s3 = bouw_a.product(t, "Schuldbemiddeling", D(2026, 1, 5))
    bouw_a.stap(s3, "ingediend", D(2026, 5, 5))
    bouw_a.stap(s3, "afgewezen", D(2026, 5, 20))
    bouw_a.stap(s3, "dwangakkoord_verzocht", D(2026, 5, 25))
    bouw_a.stap(s3, "dwangakkoord", D(2026, 6, 30))
    s4 = bouw_a.product(t, "Schuldbemiddeling", D(2026, 1, 5))
    bouw_a.stap(s4, "ingetrokken", D(2026, 6, 15))
    bouw_a.product(t, "Wsnp", D(2026, 5, 1))

    assert cijfers(gemeente_a)["schuldregelingen"] == {
        "ingediend": 2,
        "toegekend": 1,
        "afgewezen": 2,
        "ingetrokken": 1,
        "dwangakkoord": 1,
        "wsnp": 1,
    }


def test_uitstroom_naar_reden_en_uitval_zonder_oplossing(bouw_a, gemeente_a):
    t1 = bouw_a.traject(D(2025, 10, 1), gesloten=True)
    bouw_a.product(t1, "Schuldbemiddeling", D(2026, 1, 1), D(2026, 4, 1))
    bouw_a.gebeurtenis(t1, "uitstroom", D(2026, 4, 10), uitstroomreden="Afgerond")
    t2 = bouw_a.traject(D(2025, 10, 1), gesloten=True)
    bouw_a.product(t2, "Budgetcoaching", D(2026, 1, 1), D(2026, 4, 1))
    bouw_a.gebeurtenis(t2, "uitstroom", D(2026, 5, 1), uitstroomreden="Zelf")  # uitval
    t3 = bouw_a.traject(D(2026, 4, 1), gesloten=True)
    bouw_a.gebeurtenis(t3, "afwijzing", D(2026, 6, 30), uitstroomreden="Voldoet niet")  # uitval
    t4 = bouw_a.traject(D(2026, 4, 1), gesloten=True)
    bouw_a.gebeurtenis(t4, "uitstroom", D(2026, 7, 1), uitstroomreden="Zelf")  # Q3

    u = cijfers(gemeente_a)["uitstroom"]
    assert u["totaal"] == 3
    assert (u["per_reden"]["Afgerond"], u["per_reden"]["Zelf"], u["per_reden"]["Voldoet niet"]) == (
        1,
        1,
        1,
    )
    assert (u["uitval"], u["uitval_pct"]) == (2, 66.7)
    assert u["uitval_per_reden"]["Afgerond"] == 0


def test_recidive_klant_met_eerder_afgesloten_traject(bouw_a, gemeente_a):
    from tests.bouwers import KlantFactory

    k1, k3 = KlantFactory(gemeente=gemeente_a), KlantFactory(gemeente=gemeente_a)
    eerder = bouw_a.traject(D(2025, 1, 1), klant=k1, gesloten=True)
    bouw_a.gebeurtenis(eerder, "uitstroom", D(2025, 6, 1), uitstroomreden="Afgerond")
    bouw_a.traject(D(2026, 4, 15), klant=k1)  # recidive
    bouw_a.traject(D(2026, 5, 1))  # first time
    zelfde_dag = bouw_a.traject(D(2026, 1, 1), klant=k3, gesloten=True)
    bouw_a.gebeurtenis(zelfde_dag, "uitstroom", D(2026, 4, 20), uitstroomreden="Zelf")
    bouw_a.traject(D(2026, 4, 20), klant=k3)  # closed the same day: recidive

    assert cijfers(gemeente_a)["recidive"] == {"klanten": 3, "recidive": 2, "pct": 66.7}


def test_zelfredzaam_na_budgetbeheer(bouw_a, gemeente_a):
    t = bouw_a.traject(D(2025, 1, 1))
    for eind, zelf in [
        (D(2026, 4, 1), True),
        (D(2026, 6, 30), True),
        (D(2026, 5, 5), False),
        (D(2026, 5, 6), None),
        (D(2026, 3, 31), True),  # Q1
    ]:
        bouw_a.product(t, "Budgetbeheer", D(2025, 2, 1), eind, zelfredzaam=zelf)
    bouw_a.product(t, "Budgetcoaching", D(2025, 2, 1), D(2026, 5, 1), zelfredzaam=True)

    assert cijfers(gemeente_a)["zelfredzaam"] == {
        "doel": 50,
        "beeindigd": 4,
        "zelfredzaam": 2,
        "onbekend": 1,
        "pct": 50.0,
    }


def test_trajecten_via_de_services_tellen_mee(gemeente_a, regisseur_a, klant_a):
    from trajecten import services

    traject = services.meld_aan(
        klant=klant_a,
        door=regisseur_a,
        datum=D(2026, 4, 1),
        kanaal="inwoner",
        reden_terugdatering="Testgegevens",
    )
    services.voer_overgang_uit(
        traject_id=traject.pk,
        overgang="voer_eerste_gesprek",
        door=regisseur_a,
        datum=D(2026, 4, 15),
        reden_terugdatering="Testgegevens",
    )
    c = cijfers(gemeente_a)
    assert c["aanmeldingen"]["per_kanaal"]["inwoner"] == 1
    assert c["intakes"]["totaal"] == 1
    assert c["wachttijd"]["gemiddeld_weken"] == 2.0


def test_lege_gemeente_geeft_nullen_en_geen_deling_door_nul(gemeente_a):
    c = cijfers(gemeente_a)
    assert c["aanmeldingen"]["totaal"] == 0
    assert c["wachttijd"] == {"aantal": 0, "gemiddeld_weken": None, "mediaan_weken": None}
    assert c["uitstroom"]["uitval_pct"] is None
    assert c["normen"]["normen"] == []
    assert c["rendement"]["kosten_centen"] is None
