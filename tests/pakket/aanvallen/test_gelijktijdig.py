"""Issue 12 in time: the daily job twice, late or far ahead; CSRF and stale previews; two people
(or two jobs) at once, each with its own database connection: exactly one wins."""

from __future__ import annotations

import threading
import time
from datetime import date, timedelta

import pytest
from django.test import Client

from schuldhulp.afspraken import Afspraakstatus as A
from schuldhulp.models import Dienstverleningsafspraak
from schuldhulp.pakketten import Partij, Taak
from tests.bouwers import Omgeving, dagen, omgeving, traject_in, vandaag
from tests.bouwers.afspraken import SINDS_2020, concept, lopende
from tests.bouwers.gelijktijdig import tegelijk
from tests.pakket.aanvallen.hulp import (
    GOED,
    LANG,
    als,
    beoordeel_data,
    bevestig,
    kenmerk_van,
    stand,
    tekst,
    url,
    vers,
    voorstel,
)
from trajecten.models import Fase, Gebeurtenis, Gebeurtenissoort, Traject
from trajecten.pakket.models import Afspraakgebeurtenis, Maatwerk
from trajecten.pakket.services import afspraken, maatwerk
from trajecten.pakket.workflow import Maatwerkstatus as M
from trajecten.services import Geweigerd

pytestmark = pytest.mark.django_db

# --- The daily job: twice, late, far ahead ---------------------------------------------------


def test_dagelijkse_taak_twee_keer_doet_de_tweede_keer_niets(omg: Omgeving, traject) -> None:
    nieuw = afspraken.stel_vast(
        door=omg.contractmanager, afspraak_id=concept(omg, over=1).pk, overgang="alles"
    )
    morgen = vandaag() + dagen(1)
    # The new one starts, the 2020 one (now till today) ends: both in the first run.
    assert afspraken.dagelijks(morgen) == {"geactiveerd": 1, "beeindigd": 1, "verplaatst": 1}
    voor = stand()
    for dag in (morgen, morgen, morgen + dagen(1)):
        assert afspraken.dagelijks(dag) == {"geactiveerd": 0, "beeindigd": 0, "verplaatst": 0}
    assert stand()[3] == voor[3]  # no traject moved twice
    assert (
        Gebeurtenis.objects.filter(traject=traject, soort=Gebeurtenissoort.PAKKETWISSEL).count()
        == 1
    )
    assert vers(nieuw).status == A.ACTIEF and vers(lopende(omg)).status == A.BEEINDIGD
    assert list(nieuw.gebeurtenissen.values_list("naar_status", flat=True)) == [
        A.CONCEPT,
        A.VASTGESTELD,
        A.ACTIEF,
    ]


def test_dagelijkse_taak_te_laat_begin_en_einde_allebei_voorbij(omg: Omgeving, traject) -> None:
    """The job did not run for months: an agreement whose whole period has passed is
    activated (its switch happens, dated on its start) and ended in the same run, and the
    next agreement takes over; every step once, in order."""
    kort = afspraken.stel_vast(
        door=omg.contractmanager,
        afspraak_id=concept(omg, over=10, tot=vandaag() + dagen(20)).pk,
        overgang="alles",
    )
    daarna = afspraken.stel_vast(
        door=omg.contractmanager,
        afspraak_id=afspraken.stel_op(
            door=omg.contractmanager,
            gemeente=omg.gemeente,
            pakket="ontzorging",
            geldig_van=vandaag() + dagen(21),
        ).pk,
        overgang="alles",
    )
    assert afspraken.dagelijks(vandaag() + dagen(400)) == {
        "geactiveerd": 2,
        "beeindigd": 2,  # the 2020 agreement and the short one
        "verplaatst": 2,
    }
    assert vers(kort).status == A.BEEINDIGD and vers(daarna).status == A.ACTIEF
    assert vers(lopende(omg)).status == A.BEEINDIGD
    assert vers(traject).afspraak_id == daarna.pk
    wissels = Gebeurtenis.objects.filter(traject=traject, soort=Gebeurtenissoort.PAKKETWISSEL)
    assert list(wissels.order_by("pk").values_list("datum", flat=True)) == [
        kort.geldig_van,
        daarna.geldig_van,
    ]
    assert list(kort.gebeurtenissen.values_list("naar_status", flat=True)) == [
        A.CONCEPT,
        A.VASTGESTELD,
        A.ACTIEF,
        A.BEEINDIGD,
    ]
    assert afspraken.dagelijks(vandaag() + dagen(400)) == {
        "geactiveerd": 0,
        "beeindigd": 0,
        "verplaatst": 0,
    }


def test_vaststellen_van_een_afspraak_die_al_voorbij_is(omg: Omgeving, traject) -> None:
    """A wrong year: an agreement whose whole period has passed would end the running one in
    the past (the gemeente without an agreement today) and pull in trajecten registered after
    its end. Refused, nothing changed."""
    verleden = afspraken.stel_op(
        door=omg.contractmanager,
        gemeente=omg.gemeente,
        pakket="ontzorging",
        geldig_van=vandaag() - dagen(60),
        geldig_tot=vandaag() - dagen(30),
    )
    voor = stand()
    client = als(omg.contractmanager)
    adres = url("afspraak_vaststellen", verleden)
    preview = client.post(adres, {"voorvertoning": "1", "overgang": "behouden"})
    antwoord = bevestig(client, verleden, overgang="behouden", kenmerk=kenmerk_van(preview))
    assert antwoord.status_code == 200
    assert "Deze afspraak is al afgelopen" in tekst(antwoord)
    assert "loopt nog. Vaststellen zou die met terugwerkende kracht beëindigen" in tekst(antwoord)
    assert stand() == voor


def test_historische_afspraak_vaststellen_eindigt_meteen(omg: Omgeving, traject) -> None:
    """Before the 2020 agreement: it cuts nothing, moves nothing, and does not stay 'actief'
    until the next daily run."""
    historisch = afspraken.stel_op(
        door=omg.beheerder,
        gemeente=omg.gemeente,
        pakket="ontzorging",
        geldig_van=date(2018, 1, 1),
        geldig_tot=SINDS_2020 - timedelta(days=1),
    )
    afspraken.stel_vast(door=omg.beheerder, afspraak_id=historisch.pk, overgang="alles")
    assert vers(historisch).status == A.BEEINDIGD
    assert [g.naar_status for g in vers(historisch).gebeurtenissen.all()] == [
        A.CONCEPT,
        A.VASTGESTELD,
        A.ACTIEF,
        A.BEEINDIGD,
    ]
    assert vers(lopende(omg)).status == A.ACTIEF and vers(lopende(omg)).geldig_tot is None
    assert vers(traject).afspraak_id == lopende(omg).pk
    assert afspraken.dagelijks() == {"geactiveerd": 0, "beeindigd": 0, "verplaatst": 0}


def test_dagelijkse_taak_ver_in_de_toekomst_zonder_iets_te_doen(omg: Omgeving, traject) -> None:
    voor = stand()
    for dag in (date(9999, 12, 31), date(1, 1, 1)):
        assert afspraken.dagelijks(dag) == {"geactiveerd": 0, "beeindigd": 0, "verplaatst": 0}
    assert stand() == voor


# --- CSRF, stale previews, long notes -----------------------------------------------------


def test_zonder_csrf_token_geen_schrijfactie(omg: Omgeving, voorgesteld: Maatwerk) -> None:
    voor = stand()
    for gebruiker, adres, data in [
        (omg.contractmanager, url("afspraak_nieuw", omg.gemeente), GOED),
        (omg.consulent, url("maatwerk_beoordelen", voorgesteld), beoordeel_data(voorgesteld)),
    ]:
        client = Client(enforce_csrf_checks=True)
        client.force_login(gebruiker)
        assert client.post(adres, data).status_code == 403
    assert stand() == voor


def test_concept_gewijzigd_tussen_voorvertoning_en_bevestigen(omg: Omgeving, basis) -> None:
    """Someone else edits the concept after the preview: confirming the old preview is
    refused and the new one is shown."""
    client = als(omg.contractmanager)
    preview = client.post(
        url("afspraak_vaststellen", basis), {"voorvertoning": "1", "overgang": "alles"}
    )
    afspraken.wijzig_concept(
        door=omg.beheerder,
        afspraak_id=basis.pk,
        pakket="ontzorging",
        geldig_van=basis.geldig_van,
    )
    voor = stand()
    antwoord = bevestig(client, basis, overgang="alles", kenmerk=kenmerk_van(preview))
    assert antwoord.status_code == 200
    assert "De voorvertoning is niet meer actueel" in tekst(antwoord)
    assert "naar 1 Ontzorging" in tekst(antwoord)
    assert stand() == voor


def test_lange_toelichting_bij_intrekken_en_beeindigen(
    omg: Omgeving, voorgesteld: Maatwerk, goedgekeurd: Maatwerk
) -> None:
    veld = f"maatwerk-{voorgesteld.pk}-intrekken-toelichting"
    antwoord = als(omg.regisseur).post(url("maatwerk_intrekken", voorgesteld), {veld: LANG})
    assert antwoord.status_code == 302 and vers(voorgesteld).status == M.INGETROKKEN
    veld = f"maatwerk-{goedgekeurd.pk}-beeindigen-reden"
    antwoord = als(omg.consulent).post(url("maatwerk_beeindigen", goedgekeurd), {veld: LANG})
    assert antwoord.status_code == 302 and vers(goedgekeurd).status == M.BEEINDIGD
    assert als(omg.consulent).get(url("traject_detail", goedgekeurd.traject)).status_code == 200


# --- Two at once (threads, each with its own database connection) ---------------------------


def traag(monkeypatch, module, naam: str) -> None:
    """Hold the lock a moment after `naam` ran, so the other thread really waits on it."""
    echt = getattr(module, naam)

    def langzaam(*args, **kwargs):
        uitkomst = echt(*args, **kwargs)
        time.sleep(0.3)
        return uitkomst

    monkeypatch.setattr(module, naam, langzaam)


def een_wint(uitkomst: list[object], soort: type) -> Geweigerd:
    gewonnen = [u for u in uitkomst if isinstance(u, soort)]
    geweigerd = [u for u in uitkomst if isinstance(u, Geweigerd)]
    assert len(gewonnen) == 1 and len(geweigerd) == 1, uitkomst
    return geweigerd[0]


@pytest.mark.django_db(transaction=True)
def test_twee_concepten_voor_dezelfde_periode_tegelijk_vaststellen(monkeypatch) -> None:
    omg = omgeving("hybride-stadsbank")
    traject_in(omg, Fase.AANGEMELD)
    eerste, tweede = concept(omg, over=30), concept(omg, pakket="ontzorging", over=30)
    traag(monkeypatch, afspraken, "_controleer_inhoud")

    def stel_vast(afspraak):
        return lambda: afspraken.stel_vast(
            door=omg.contractmanager, afspraak_id=afspraak.pk, overgang="alles"
        )

    fout = een_wint(tegelijk(stel_vast(eerste), stel_vast(tweede)), Dienstverleningsafspraak)
    assert str(fout).startswith("Deze periode overlapt met de afspraak")
    statussen = sorted(vers(a).status for a in (eerste, tweede))
    assert statussen == [A.CONCEPT, A.VASTGESTELD]
    assert vers(lopende(omg)).geldig_tot == vandaag() + dagen(29)
    assert Afspraakgebeurtenis.objects.filter(naar_status=A.VASTGESTELD).count() == 1


@pytest.mark.django_db(transaction=True)
def test_hetzelfde_concept_twee_keer_tegelijk_vaststellen(monkeypatch) -> None:
    omg = omgeving("hybride-stadsbank")
    traject = traject_in(omg, Fase.AANGEMELD)
    nu = concept(omg, over=0)  # starts today: vaststellen moves the trajecten at once
    traag(monkeypatch, afspraken, "_controleer_inhoud")

    def stel_vast():
        return afspraken.stel_vast(door=omg.contractmanager, afspraak_id=nu.pk, overgang="alles")

    fout = een_wint(tegelijk(stel_vast, stel_vast), Dienstverleningsafspraak)
    assert str(fout) == "Dit kan niet bij een afspraak met status 'Actief'."
    assert vers(nu).status == A.ACTIEF and vers(traject).afspraak_id == nu.pk
    wissels = Gebeurtenis.objects.filter(traject=traject, soort=Gebeurtenissoort.PAKKETWISSEL)
    assert wissels.count() == 1
    assert [g.naar_status for g in vers(nu).gebeurtenissen.all()] == [
        A.CONCEPT,
        A.VASTGESTELD,
        A.ACTIEF,
    ]


@pytest.mark.django_db(transaction=True)
def test_goedkeuren_en_intrekken_tegelijk(monkeypatch) -> None:
    omg = omgeving("hybride-gemeente")
    traject = traject_in(omg, Fase.STABILISATIE)
    m = voorstel(omg, traject)
    traag(monkeypatch, maatwerk, "_onder_traject")
    uitkomst = tegelijk(
        lambda: maatwerk.beoordeel(door=omg.consulent, maatwerk_id=m.pk, goedkeuren=True),
        lambda: maatwerk.trek_in(door=omg.regisseur, maatwerk_id=m.pk, toelichting="Toch niet"),
    )
    fout = een_wint(uitkomst, Maatwerk)
    status = vers(m).status
    assert status in (M.GOEDGEKEURD, M.INGETROKKEN)
    staat = "Goedgekeurd" if status == M.GOEDGEKEURD else "Ingetrokken"
    assert str(fout) == f"Dit kan niet bij maatwerk met status '{staat}'."
    stappen = Gebeurtenis.objects.filter(traject=traject, soort=Gebeurtenissoort.MAATWERK)
    assert [g.gegevens["stap"] for g in stappen.order_by("pk")] == ["voorgesteld", status]
    verwacht = Partij.STADSBANK if status == M.GOEDGEKEURD else Partij.GEMEENTE
    assert vers(traject).uitvoerder(Taak.SCHULDENOVERZICHT) == verwacht


@pytest.mark.django_db(transaction=True)
def test_twee_keer_goedkeuren_tegelijk(monkeypatch) -> None:
    omg = omgeving("hybride-gemeente")
    traject = traject_in(omg, Fase.STABILISATIE)
    m = voorstel(omg, traject)
    traag(monkeypatch, maatwerk, "_onder_traject")

    def keur_goed():
        return maatwerk.beoordeel(door=omg.consulent, maatwerk_id=m.pk, goedkeuren=True)

    fout = een_wint(tegelijk(keur_goed, keur_goed), Maatwerk)
    assert str(fout) == "Dit kan niet bij maatwerk met status 'Goedgekeurd'."
    stappen = Gebeurtenis.objects.filter(traject=traject, soort=Gebeurtenissoort.MAATWERK)
    assert stappen.count() == 2  # voorgesteld, goedgekeurd


@pytest.mark.django_db(transaction=True)
def test_dagelijkse_taak_twee_keer_tegelijk(monkeypatch) -> None:
    """Beat and a retry at once: each agreement is activated and each traject moved once."""
    omg = omgeving("hybride-stadsbank")
    traject = traject_in(omg, Fase.AANGEMELD)
    nieuw = afspraken.stel_vast(
        door=omg.contractmanager, afspraak_id=concept(omg, over=1).pk, overgang="alles"
    )
    traag(monkeypatch, afspraken, "_activeer")
    morgen = vandaag() + dagen(1)
    uitkomst = tegelijk(lambda: afspraken.dagelijks(morgen), lambda: afspraken.dagelijks(morgen))
    assert all(isinstance(u, dict) for u in uitkomst), uitkomst
    assert sum(u["geactiveerd"] for u in uitkomst) == 1  # type: ignore[index]
    assert sum(u["verplaatst"] for u in uitkomst) == 1  # type: ignore[index]
    assert sum(u["beeindigd"] for u in uitkomst) == 1  # type: ignore[index]
    assert vers(nieuw).status == A.ACTIEF and vers(traject).afspraak_id == nieuw.pk
    wissels = Gebeurtenis.objects.filter(traject=traject, soort=Gebeurtenissoort.PAKKETWISSEL)
    assert wissels.count() == 1
    assert nieuw.gebeurtenissen.filter(naar_status=A.ACTIEF).count() == 1


@pytest.mark.django_db(transaction=True)
def test_aanmelden_terwijl_een_afspraak_van_vandaag_wordt_vastgesteld(monkeypatch) -> None:
    from tests.bouwers import aanmelden
    from trajecten import services as trajectservices

    omg = omgeving("hybride-stadsbank")
    nu = concept(omg, over=0)
    gelezen, vastgesteld = threading.Event(), threading.Event()
    echt = trajectservices.afspraak_op

    def lees_en_wacht(**kw):
        afspraak = echt(**kw)
        gelezen.set()
        vastgesteld.wait(timeout=5)
        return afspraak

    monkeypatch.setattr(trajectservices, "afspraak_op", lees_en_wacht)

    def stel_vast():
        gelezen.wait(timeout=5)
        try:
            return afspraken.stel_vast(
                door=omg.contractmanager, afspraak_id=nu.pk, overgang="alles"
            )
        finally:
            vastgesteld.set()

    traject, afspraak = tegelijk(lambda: aanmelden(omg), stel_vast)
    assert isinstance(traject, Traject) and isinstance(afspraak, Dienstverleningsafspraak)
    # Registered today: it must follow the agreement in force today.
    assert vers(traject).afspraak_id == nu.pk
