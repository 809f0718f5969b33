"""The package agreements in the quarter report: the cover names only agreements in force
(with the overgangsregeling of a switch), the main figures are split by package when a switch
happened, and maatwerk is counted; the DDAS import reads only agreements in force.

The quarter is Q2 2026 (1 April – 30 June); the switch runs through the real services.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from rapportage import figuren, services, weergave
from rapportage.ddas import importer
from rapportage.models import Instellingen
from schuldhulp.afspraken import Overgangsregeling
from tests.bouwers.ddas import als_bytes, met_traject, traject
from tests.bouwers.fabrieken import O_TAKEN, AfspraakFactory
from tests.bouwers.rijen import Q2
from trajecten.models import Traject
from trajecten.pakket.models import Maatwerk
from trajecten.pakket.services import afspraken

pytestmark = pytest.mark.django_db
D = date
HYBRIDE_KEUZES = dict.fromkeys(O_TAKEN, "stadsbank")


def cijfers(gemeente, kwartaal=Q2) -> dict:
    return figuren.bereken(gemeente.pk if gemeente else None, kwartaal, Instellingen.huidige())


def zet(traject_: Traject, **velden) -> None:
    """Hand-made state (phase, agreement) without the services' rules."""
    Traject.objects.filter(pk=traject_.pk).update(**velden)


@pytest.fixture
def wissel(gemeente_a, bouw_a, beheerder):
    """Almelo (Ontzorging) switches to Hybride on 16 May 2026, per phase: trajecten in
    aangemeld or intake move, the one in uitvoering keeps Ontzorging."""
    verhuisd = bouw_a.traject(D(2026, 4, 10))  # intake: moves
    gebleven = bouw_a.traject(D(2026, 3, 1))
    zet(gebleven, fase="uitvoering")  # stays on Ontzorging
    vertrekt = bouw_a.traject(D(2026, 4, 20))  # moves, then leaves in June
    eerder_weg = bouw_a.traject(D(2026, 4, 5), gesloten=True)
    bouw_a.gebeurtenis(eerder_weg, "uitstroom", D(2026, 5, 1), uitstroomreden="Zelf")
    # A concept and a withdrawn agreement never applied: not on the cover, no switch.
    afspraken.stel_op(
        door=beheerder,
        gemeente=gemeente_a,
        pakket="basis",
        geldig_van=D(2026, 6, 20),
        optionele={"opmaat_tot_uitstroom": "gemeente"},
    )
    ingetrokken = afspraken.stel_op(
        door=beheerder,
        gemeente=gemeente_a,
        pakket="basis",
        geldig_van=D(2026, 4, 1),
        optionele={"opmaat_tot_uitstroom": "gemeente"},
    )
    afspraken.trek_in(door=beheerder, afspraak_id=ingetrokken.pk, reden="Toch niet")
    hybride = afspraken.stel_op(
        door=beheerder,
        gemeente=gemeente_a,
        pakket="hybride",
        geldig_van=D(2026, 5, 16),
        optionele=HYBRIDE_KEUZES,
    )
    # The start date lies in the past: vaststellen activates it and moves at once.
    afspraken.stel_vast(
        door=beheerder,
        afspraak_id=hybride.pk,
        overgang=Overgangsregeling.PER_FASE,
        fasen=("aangemeld", "intake"),
    )
    # After the switch: one moved traject leaves, one new traject starts under Hybride.
    bouw_a.gebeurtenis(vertrekt, "uitstroom", D(2026, 6, 10), uitstroomreden="Zelf")
    zet(vertrekt, fase="uitgestroomd")
    nieuw = bouw_a.traject(D(2026, 6, 1))
    zet(nieuw, afspraak=hybride)
    return {"verhuisd": verhuisd, "gebleven": gebleven, "vertrekt": vertrekt, "nieuw": nieuw}


def test_de_wissel_liep_via_de_services(wissel):
    for naam in ("verhuisd", "vertrekt"):
        t = Traject.objects.select_related("afspraak").get(pk=wissel[naam].pk)
        assert (t.afspraak.pakket, t.afspraak_sinds) == ("hybride", D(2026, 5, 16))
        wisselrij = t.gebeurtenissen.get(soort="pakketwissel")
        assert wisselrij.gegevens["van_pakket"] == "ontzorging"
    gebleven = Traject.objects.select_related("afspraak").get(pk=wissel["gebleven"].pk)
    assert gebleven.afspraak.pakket == "ontzorging"
    assert not gebleven.gebeurtenissen.filter(soort="pakketwissel").exists()


def test_omslag_noemt_alleen_geldende_afspraken_met_de_overgangsregeling(wissel, gemeente_a):
    assert services.kopgegevens(gemeente_a, Q2)["pakket"] == [
        "1 Ontzorging van 1 april 2026 t/m 15 mei 2026",
        "2 Hybride van 16 mei 2026 t/m 30 juni 2026 (overgangsregeling per fase: lopende "
        "trajecten in de fasen 'Aangemeld', 'Eerste gesprek en intake' gingen over, de andere "
        "hielden de oude takenverdeling)",
    ]
    # The quarter after: the Hybride agreement alone, its switch lies before the quarter.
    assert services.kopgegevens(gemeente_a, Q2.volgende())["pakket"] == [
        "2 Hybride (afspraak geldig sinds 16 mei 2026)"
    ]


def test_omslag_overgangsregeling_op_de_eerste_dag_van_het_kwartaal(gemeente_a, beheerder):
    afspraak = afspraken.stel_op(
        door=beheerder,
        gemeente=gemeente_a,
        pakket="hybride",
        geldig_van=D(2026, 4, 1),
        optionele=HYBRIDE_KEUZES,
    )
    afspraken.stel_vast(door=beheerder, afspraak_id=afspraak.pk, overgang="alles")
    assert services.kopgegevens(gemeente_a, Q2)["pakket"] == [
        "2 Hybride (afspraak geldig sinds 1 april 2026; overgangsregeling: alle lopende "
        "trajecten gingen over)"
    ]


def test_omslag_zonder_geldende_afspraak(gemeente_a, gemeente_b):
    # Only a concept for a gemeente without agreement in the quarter: none on the cover.
    nieuw = AfspraakFactory(
        gemeente__naam="Nergens",
        gemeente__code="GM9990",
        geldig_van=D(2026, 1, 1),
        status="concept",
    )
    assert services.kopgegevens(nieuw.gemeente, Q2)["pakket"] == [
        "Geen dienstverleningsafspraak in dit kwartaal"
    ]
    # The Stadsbank cover counts gemeenten per package in force on the last day.
    assert services.kopgegevens(None, Q2)["pakket"] == [
        "3 Basis: 1 gemeenten",
        "1 Ontzorging: 1 gemeenten",
    ]


def test_hoofdcijfers_naar_pakket_bij_een_wissel_in_het_kwartaal(wissel, gemeente_a):
    p = cijfers(gemeente_a)["pakketten"]
    assert p["wissel"] is True
    # Aanmeldingen: 5 Apr, 10 Apr, 20 Apr under Ontzorging (before the switch), 1 Jun Hybride.
    assert p["aanmeldingen"] == {"ontzorging": 3, "hybride": 1, "basis": 0}
    # On 30 June: the moved one and the new one on Hybride, the kept one on Ontzorging.
    assert p["lopend"] == {"ontzorging": 1, "hybride": 2, "basis": 0}
    # Uitstroom: 1 May before the switch (Ontzorging), 10 June after it (Hybride).
    assert p["uitstroom"] == {"ontzorging": 1, "hybride": 1, "basis": 0}
    assert p["overgezet"] == {"ontzorging": 0, "hybride": 2, "basis": 0}
    # The totals are those of the other figures.
    c = cijfers(gemeente_a)
    assert sum(p["aanmeldingen"].values()) == c["aanmeldingen"]["totaal"]
    assert sum(p["uitstroom"].values()) == c["uitstroom"]["totaal"]


def test_pakket_in_de_kwartalen_voor_en_na_de_wissel(wissel, gemeente_a):
    figuur = next(f for f in figuren.FIGUREN if f.sleutel == "pakketten")
    q1 = cijfers(gemeente_a, Q2.vorige())["pakketten"]
    q3 = cijfers(gemeente_a, Q2.volgende())["pakketten"]
    # Q1: one traject, before any switch, on the package it came from.
    assert q1["wissel"] is False
    assert q1["lopend"] == {"ontzorging": 1, "hybride": 0, "basis": 0}
    assert not figuur.tonen([q1])
    # Q3: no switch, but the running trajecten follow two packages: still shown.
    assert q3["wissel"] is False
    assert q3["lopend"] == {"ontzorging": 1, "hybride": 2, "basis": 0}
    assert figuur.tonen([q3])


def test_twee_wissels_het_pakket_op_elke_datum(gemeente_a, bouw_a):
    ontzorging = gemeente_a.afspraken.get()
    ontzorging.geldig_tot = D(2026, 12, 31)
    ontzorging.save()
    basis = AfspraakFactory(gemeente=gemeente_a, pakket="basis", geldig_van=D(2027, 1, 1))
    t = bouw_a.traject(D(2026, 4, 2))
    zet(t, afspraak=basis)
    bouw_a.gebeurtenis(t, "pakketwissel", D(2026, 5, 1), van_pakket="ontzorging", naar="hybride")
    bouw_a.gebeurtenis(t, "pakketwissel", D(2026, 6, 1), van_pakket="hybride", naar="basis")
    bouw_a.gebeurtenis(t, "uitstroom", D(2026, 5, 20), uitstroomreden="Zelf")
    p = cijfers(gemeente_a)["pakketten"]
    assert p["aanmeldingen"]["ontzorging"] == 1  # 2 April: before the first switch
    assert p["uitstroom"]["hybride"] == 1  # 20 May: between the two
    assert p["overgezet"] == {"ontzorging": 0, "hybride": 1, "basis": 1}


def test_maatwerk_dat_in_het_kwartaal_gold_naar_soort(gemeente_a, gemeente_b, bouw_a, bouw_b):
    def maatwerk(t, soort, status, van, tot=None):
        partij = {"opschalen": "stadsbank", "afschalen": "gemeente"}.get(soort, "stadsbank")
        Maatwerk.objects.create(
            traject=t,
            soort=soort,
            status=status,
            van=van,
            tot=tot,
            partij=partij,
            taken=["exitgesprek"],
            reden="Test",
        )

    beide = bouw_a.traject(D(2026, 1, 5))
    maatwerk(beide, "opschalen", "goedgekeurd", D(2026, 3, 1))  # runs on
    maatwerk(beide, "afschalen", "beeindigd", D(2026, 2, 1), D(2026, 4, 1))  # first day
    laatste_dag = bouw_a.traject(D(2026, 1, 6))
    maatwerk(laatste_dag, "afschalen", "goedgekeurd", D(2026, 6, 30))
    for van, tot, status, soort in [
        (D(2026, 7, 1), None, "goedgekeurd", "opschalen"),  # Q3
        (D(2026, 1, 1), D(2026, 3, 31), "goedgekeurd", "opschalen"),  # Q1
        (D(2026, 5, 1), None, "beeindigd", "opschalen"),  # ended before it started
        (D(2026, 5, 1), None, "voorgesteld", "opschalen"),
        (D(2026, 5, 1), None, "afgewezen", "afschalen"),
        (D(2026, 5, 1), None, "ingetrokken", "opschalen"),
        (D(2026, 5, 1), None, "goedgekeurd", "overleg"),  # a task settled in overleg
    ]:
        maatwerk(bouw_a.traject(D(2026, 1, 7)), soort, status, van, tot)
    maatwerk(bouw_b.traject(D(2026, 1, 8)), "opschalen", "goedgekeurd", D(2026, 4, 1))

    assert cijfers(gemeente_a)["maatwerk"] == {"trajecten": 2, "opschalen": 1, "afschalen": 2}
    assert cijfers(None)["maatwerk"] == {"trajecten": 3, "opschalen": 2, "afschalen": 2}
    # Q3: the opschalen that runs on, the afschalen of 30 June and the one from 1 July.
    assert cijfers(gemeente_a, Q2.volgende())["maatwerk"]["trajecten"] == 3


def _maak(gemeente, kwartaal=Q2):
    aanvraag = services.vraag_aan(
        gemeente=gemeente, kwartaal=kwartaal, door=None, in_wachtrij=False
    )
    return services.maak(rapportage_id=aanvraag.pk)


def pdf_tekst(rapportage) -> str:
    lezer = PdfReader(io.BytesIO(bytes(rapportage.pdf)))
    return " ".join(" ".join(pagina.extract_text().split()) for pagina in lezer.pages)


def test_pdf_en_csv_met_pakketsplitsing_en_maatwerk(wissel, gemeente_a):
    Maatwerk.objects.create(
        traject=wissel["verhuisd"],
        soort="opschalen",
        status="goedgekeurd",
        van=D(2026, 6, 1),
        partij="stadsbank",
        taken=["schuldenoverzicht"],
        reden="Test",
    )
    r = _maak(gemeente_a)
    tekst = pdf_tekst(r)
    assert "2 Hybride van 16 mei 2026 t/m 30 juni 2026 (overgangsregeling per fase" in tekst
    assert "Trajecten per pakket" in tekst
    assert "Overgezet door een pakketwissel" in tekst
    assert "Maatwerk (op- en afschalen)" in tekst
    assert "Opschalen (Stadsbank neemt taken over)" in tekst
    regels = weergave.als_csv(r.cijfers).splitlines()
    assert "Trajecten per pakket;Lopend op de laatste dag van het kwartaal;aantal;0;0;0;1;3" in (
        regels
    )
    assert (
        "Trajecten per pakket;Lopend op de laatste dag van het kwartaal – 2 Hybride;aantal;"
        "0;0;0;0;2" in regels
    )
    assert "Maatwerk (op- en afschalen);Trajecten met maatwerk;aantal;0;0;0;0;1" in regels
    # Only the package the trajecten moved to has an "overgezet naar" row.
    overgezet = [r for r in regels if "Overgezet door een pakketwissel" in r]
    assert overgezet == [
        "Trajecten per pakket;Overgezet door een pakketwissel;aantal;0;0;0;0;2",
        "Trajecten per pakket;Overgezet door een pakketwissel – naar 2 Hybride;aantal;0;0;0;0;2",
    ]


def test_zonder_wissel_geen_pakketsplitsing_wel_maatwerk(gemeente_a, bouw_a):
    bouw_a.traject(D(2026, 4, 10))
    r = _maak(gemeente_a)
    assert r.cijfers["figuren"]["pakketten"][-1]["wissel"] is False
    sleutels = [s.sleutel for s in weergave.secties(r.cijfers, met_grafieken=False)]
    assert "maatwerk" in sleutels and "pakketten" not in sleutels
    assert "Trajecten per pakket" not in weergave.als_csv(r.cijfers)
    tekst = pdf_tekst(r)
    assert "Maatwerk (op- en afschalen)" in tekst and "Trajecten per pakket" not in tekst


def test_oude_rapportage_zonder_de_nieuwe_cijfers(gemeente_a, bouw_a):
    bouw_a.traject(D(2026, 4, 10))
    r = _maak(gemeente_a)
    oud = {**r.cijfers, "figuren": dict(r.cijfers["figuren"])}
    del oud["figuren"]["pakketten"], oud["figuren"]["maatwerk"]
    sleutels = [s.sleutel for s in weergave.secties(oud, met_grafieken=False)]
    assert "maatwerk" not in sleutels and "aanmeldingen" in sleutels


# --- DDAS import: only agreements in force --------------------------------------------------


def _meldingen(gebruiker, startdatum: str) -> list[str]:
    document = met_traject(**traject(aanmelding={"startdatum": startdatum}))
    [record] = importer.analyseer(
        importer.lees_bestand(als_bytes(document)), gebruiker=gebruiker
    ).records
    return [str(m) for m in record.fouten]


def test_ddas_import_leest_alleen_geldende_afspraken(gemeente_a, regisseur_a):
    # 2019: only a concept and a withdrawn agreement cover it: no agreement in force.
    AfspraakFactory(
        gemeente=gemeente_a, geldig_van=D(2019, 1, 1), geldig_tot=D(2019, 6, 30), status="concept"
    )
    AfspraakFactory(
        gemeente=gemeente_a,
        geldig_van=D(2019, 1, 1),
        geldig_tot=D(2019, 12, 31),
        status="ingetrokken",
    )
    assert any(
        "had op 1 juni 2019 geen dienstverleningsafspraak" in t
        for t in _meldingen(regisseur_a, "2019-06-01")
    )
    # An ended agreement did apply on its dates.
    AfspraakFactory(
        gemeente=gemeente_a,
        geldig_van=D(2019, 5, 1),
        geldig_tot=D(2019, 12, 31),
        status="beeindigd",
    )
    assert not any("dienstverleningsafspraak" in t for t in _meldingen(regisseur_a, "2019-06-01"))
