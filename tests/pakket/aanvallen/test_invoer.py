"""Issue 12 as a careless user: bad input in every field of agreements, vaststellen and maatwerk
gives a Dutch reason (200 or 400, never 500) and leaves nothing half-saved."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from schuldhulp.afspraken import Afspraakstatus as A
from schuldhulp.models import Dienstverleningsafspraak
from schuldhulp.pakketten import Partij, Taak
from tests.bouwers import Omgeving, dagen, traject_in, vandaag
from tests.bouwers.afspraken import concept, lopende
from tests.pakket.aanvallen.hulp import (
    GOED,
    LANG,
    NUL,
    NUL_FOUT,
    als,
    beoordeel_data,
    bevestig,
    kenmerk_van,
    stand,
    tekst,
    url,
    vers,
    voorstel_data,
)
from trajecten.models import Fase, Gebeurtenis, Gebeurtenissoort, Traject
from trajecten.pakket.models import Maatwerk
from trajecten.pakket.services import afspraken
from trajecten.pakket.workflow import Maatwerkstatus as M

pytestmark = pytest.mark.django_db

# --- Bad input: a Dutch reason, 200 (or 400), nothing saved ---------------------------------

DATUM_FOUT = "Vul een geldige datum in, bijvoorbeeld 12-05-2026."


@pytest.mark.parametrize(
    ("data", "fout"),
    [
        ({"opmerking": NUL}, NUL_FOUT),
        ({"pakket": NUL}, "Selecteer een geldige keuze."),
        ({"pakket": "goud"}, "Selecteer een geldige keuze."),
        ({"geldig_van": "31-02-2026"}, DATUM_FOUT),
        ({"geldig_van": "2026-02-31"}, DATUM_FOUT),
        ({"geldig_van": "0000-01-01"}, DATUM_FOUT),
        ({"geldig_van": "10000-01-01"}, DATUM_FOUT),
        ({"geldig_van": "2040-01-01\x00"}, DATUM_FOUT),
        ({"geldig_tot": "31-02-2026"}, DATUM_FOUT),
        ({"geldig_van": "9999-12-31", "geldig_tot": "0001-01-01"}, "De einddatum ligt voor"),
        ({"prijs_per_traject": "-0,01"}, "Een prijs kan niet negatief zijn."),
        ({"prijs_per_maand": "- 5"}, "Een prijs kan niet negatief zijn."),
        ({"prijs_per_traject": "10.000.000,00"}, "Dit bedrag is te groot."),
        ({"prijs_per_traject": "9" * 500}, "Dit bedrag is te groot."),
        ({"prijs_per_traject": "1e9"}, "hoogstens 2 cijfers achter de komma"),
        ({"prijs_per_traject": "NaN"}, "hoogstens 2 cijfers achter de komma"),
        ({"prijs_per_traject": "Infinity"}, "hoogstens 2 cijfers achter de komma"),
        ({"prijs_per_traject": "1\x00"}, "hoogstens 2 cijfers achter de komma"),
        (
            {"pakket": "hybride", **{f"keuze_{t}": "iedereen" for t in ("exitgesprek",)}},
            "Selecteer een geldige keuze.",
        ),
        ({"pakket": "basis", "keuze_opmaat_tot_uitstroom": NUL}, "Selecteer een geldige keuze."),
    ],
)
@pytest.mark.parametrize("scherm", ["nieuw", "wijzigen"])
def test_slechte_invoer_bij_een_concept(omg: Omgeving, data: dict, fout: str, scherm: str) -> None:
    bestaand = concept(omg, pakket="ontzorging")
    voor = stand()
    adres = (
        url("afspraak_nieuw", omg.gemeente)
        if scherm == "nieuw"
        else url("afspraak_wijzig", bestaand)
    )
    antwoord = als(omg.contractmanager).post(adres, {**GOED, **data})
    assert antwoord.status_code == 200
    html = tekst(antwoord).replace("&#x27;", "'")
    assert 'class="foutsamenvatting"' in html and fout in html
    assert stand() == voor


def test_heel_lange_opmerking_wordt_heel_bewaard(omg: Omgeving) -> None:
    antwoord = als(omg.contractmanager).post(
        url("afspraak_nieuw", omg.gemeente), {**GOED, "opmerking": LANG}
    )
    assert antwoord.status_code == 302  # a text field without a limit: kept whole
    nieuw = Dienstverleningsafspraak.objects.get(gemeente=omg.gemeente, status=A.CONCEPT)
    assert nieuw.opmerking == LANG
    assert "Concept opgesteld" in tekst(als(omg.contractmanager).get(antwoord["Location"]))


def test_te_groot_verzoek_is_413_niet_500(omg: Omgeving) -> None:
    """Too large: the Dutch 413 page (issue 20), never a 500; nothing changes."""
    nieuw = concept(omg)
    voor = stand()
    reus = "x" * (3 * 1024 * 1024)  # above DATA_UPLOAD_MAX_MEMORY_SIZE
    client = Client()
    client.force_login(omg.contractmanager)
    for adres, data in [
        (url("afspraak_nieuw", omg.gemeente), {**GOED, "opmerking": reus}),
        (url("afspraak_intrekken", nieuw), {f"intrekken-{nieuw.pk}-reden": reus}),
    ]:
        assert client.post(adres, data).status_code == 413
    assert stand() == voor


def test_extreme_maar_geldige_datums_in_een_concept(omg: Omgeving) -> None:
    """1 January of year 1 and 31 December 9999 are dates: the concept is stored, the
    timeline shows it, and vaststellen refuses the overlap in Dutch (the 2020 agreement)."""
    client = als(omg.contractmanager)
    antwoord = client.post(
        url("afspraak_nieuw", omg.gemeente),
        {**GOED, "geldig_van": "0001-01-01", "geldig_tot": "9999-12-31"},
    )
    assert antwoord.status_code == 302
    oud = Dienstverleningsafspraak.objects.get(gemeente=omg.gemeente, status=A.CONCEPT)
    html = tekst(client.get(url("gemeente_afspraken", omg.gemeente)))
    assert "1 januari 0001 – 31 december 9999" in html
    antwoord = client.post(
        url("afspraak_vaststellen", oud), {"voorvertoning": "1", "overgang": "alles"}
    )
    assert antwoord.status_code == 200
    data = {"overgang": "alles", "kenmerk": kenmerk_van(antwoord), "vaststellen": "1"}
    antwoord = client.post(url("afspraak_vaststellen", oud), data)
    assert antwoord.status_code == 200
    assert "Deze periode overlapt met de afspraak 2 Hybride vanaf 1 januari 2020" in tekst(antwoord)
    assert vers(oud).status == A.CONCEPT and vers(lopende(omg)).geldig_tot is None


def test_begindatum_ver_in_de_toekomst_vaststellen_en_de_dagelijkse_taak(
    omg: Omgeving, traject: Traject
) -> None:
    verre = afspraken.stel_op(
        door=omg.contractmanager,
        gemeente=omg.gemeente,
        pakket="ontzorging",
        geldig_van=date(9999, 12, 31),
        geldig_tot=date(9999, 12, 31),
    )
    client = als(omg.contractmanager)
    antwoord = client.post(
        url("afspraak_vaststellen", verre), {"voorvertoning": "1", "overgang": "alles"}
    )
    assert antwoord.status_code == 200 and "1 lopend traject gaat over" in tekst(antwoord)
    data = {"overgang": "alles", "kenmerk": kenmerk_van(antwoord), "vaststellen": "1"}
    assert client.post(url("afspraak_vaststellen", verre), data).status_code == 302
    assert vers(lopende(omg)).geldig_tot == date(9999, 12, 30)
    # The last day of the calendar: the new one starts, the old one (till the 30th) ends.
    assert afspraken.dagelijks(date(9999, 12, 31)) == {
        "geactiveerd": 1,
        "beeindigd": 1,
        "verplaatst": 1,
    }
    assert vers(lopende(omg)).status == A.BEEINDIGD and vers(verre).status == A.ACTIEF
    assert vers(traject).afspraak_id == verre.pk
    assert client.get(url("gemeente_afspraken", omg.gemeente)).status_code == 200


# --- Vaststellen: tampered hidden fields, no preview -----------------------------------------


@pytest.mark.parametrize(
    ("data", "fout"),
    [
        ({"overgang": "alles"}, "De voorvertoning is niet meer actueel"),  # no preview
        ({"overgang": "alles", "kenmerk": "0" * 20}, "De voorvertoning is niet meer actueel"),
        ({"overgang": "alles", "kenmerk": NUL}, NUL_FOUT),
        ({"overgang": "alles", "kenmerk": LANG}, "De voorvertoning is niet meer actueel"),
        ({"overgang": "iedereen", "kenmerk": "x"}, "Selecteer een geldige keuze."),
        ({"overgang": NUL}, "Selecteer een geldige keuze."),
        ({"kenmerk": "x"}, "Kies wat er met de lopende trajecten gebeurt."),
        ({"overgang": "per_fase", "kenmerk": "x"}, "Kies de fasen waarvan de trajecten overgaan."),
        ({"overgang": "per_fase", "fasen": ["afgesloten"]}, "Kies alleen bestaande fasen."),
        ({"overgang": "per_fase", "fasen": ["intake", NUL]}, "Kies alleen bestaande fasen."),
        ({"overgang": "alles", "reden": NUL}, NUL_FOUT),
    ],
)
def test_geknoeid_bevestigformulier_stelt_niets_vast(
    omg: Omgeving, basis, data: dict, fout: str
) -> None:
    voor = stand()
    antwoord = bevestig(als(omg.contractmanager), basis, **data)
    assert antwoord.status_code == 200
    assert fout in tekst(antwoord).replace("&#x27;", "'")
    assert stand() == voor


def test_kenmerk_van_een_andere_keuze_stelt_niets_vast(omg: Omgeving, basis) -> None:
    """The fingerprint of the 'behouden' preview with overgang switched to 'alles'."""
    client = als(omg.contractmanager)
    behouden = client.post(
        url("afspraak_vaststellen", basis), {"voorvertoning": "1", "overgang": "behouden"}
    )
    voor = stand()
    antwoord = bevestig(client, basis, overgang="alles", kenmerk=kenmerk_van(behouden))
    assert "De voorvertoning is niet meer actueel" in tekst(antwoord)
    assert stand() == voor
    # Fasen smuggled in with 'alles' are dropped, not stored.
    alles = client.post(
        url("afspraak_vaststellen", basis),
        {"voorvertoning": "1", "overgang": "alles", "fasen": ["intake"]},
    )
    antwoord = bevestig(
        client, basis, overgang="alles", fasen=["intake"], kenmerk=kenmerk_van(alles)
    )
    assert antwoord.status_code == 302
    assert vers(basis).overgang_fasen == [] and vers(basis).status == A.VASTGESTELD


def test_vaststellen_met_lange_toelichting(omg: Omgeving, basis) -> None:
    client = als(omg.contractmanager)
    preview = client.post(
        url("afspraak_vaststellen", basis),
        {"voorvertoning": "1", "overgang": "behouden", "reden": LANG},
    )
    antwoord = bevestig(
        client, basis, overgang="behouden", reden=LANG, kenmerk=kenmerk_van(preview)
    )
    assert antwoord.status_code == 302
    assert basis.gebeurtenissen.get(naar_status=A.VASTGESTELD).reden == LANG
    assert client.get(url("gemeente_afspraken", omg.gemeente)).status_code == 200


@pytest.mark.parametrize("reden", [NUL, " \x00 ", "\t\n"])
def test_intrekken_met_slechte_reden(omg: Omgeving, basis, reden: str) -> None:
    voor = stand()
    antwoord = als(omg.contractmanager).post(
        url("afspraak_intrekken", basis), {f"intrekken-{basis.pk}-reden": reden}, follow=True
    )
    assert antwoord.status_code == 200
    html = tekst(antwoord)
    assert NUL_FOUT in html or "Geef de reden op waarom de afspraak wordt ingetrokken." in html
    assert stand() == voor


# --- Bad input on maatwerk -------------------------------------------------------------------


def _iso(n: int) -> str:
    return (vandaag() + dagen(n)).isoformat()


@pytest.mark.parametrize(
    ("data", "fout"),
    [
        ({"reden": NUL}, NUL_FOUT),
        ({"reden": " \t "}, "Geef de reden op."),
        ({"soort": "overleg"}, "Selecteer een geldige keuze."),
        ({"soort": NUL}, "Selecteer een geldige keuze."),
        ({"taken": ["koffie"]}, "Kies alleen taken die nu bij de andere partij liggen."),
        ({"taken": ["schuldenoverzicht", NUL]}, "Kies alleen taken die nu bij de andere partij"),
        # The Stadsbank does monitoring in every package: nothing to scale up.
        ({"taken": ["monitoring_signalering"]}, "Kies alleen taken die nu bij de andere partij"),
        ({"taken": []}, "Kies ten minste één taak."),
        ({"van": "31-02-2026"}, DATUM_FOUT),
        ({"van": "0001-01-01"}, "De begindatum ligt in het verleden."),
        ({"van": ""}, "Vul de datum in."),
        ({"tot": "0001-01-01", "evaluatie_op": ""}, "De einddatum ligt voor de begindatum."),
        ({"tot": "9999-12-32"}, DATUM_FOUT),
        ({"tot": "", "evaluatie_op": ""}, "Geef een einddatum of een datum om te evalueren."),
        ({"evaluatie_op": "0001-01-01"}, "De evaluatiedatum ligt voor de begindatum."),
        ({"van": _iso(10), "evaluatie_op": _iso(5)}, "De evaluatiedatum ligt voor de begindatum."),
        ({"versie": "0"}, "Iemand anders heeft dit traject net gewijzigd."),
        ({"versie": str(10**30)}, "Iemand anders heeft dit traject net gewijzigd."),
        ({"versie": NUL}, "Voer een geheel getal in."),
        ({"monitoringmoment": str(10**30)}, "Dit monitoringmoment hoort niet bij dit traject."),
        ({"monitoringmoment": "-1"}, "Dit monitoringmoment hoort niet bij dit traject."),
    ],
)
def test_slechte_invoer_bij_een_voorstel(
    omg: Omgeving, traject: Traject, data: dict, fout: str
) -> None:
    voor = stand()
    antwoord = als(omg.regisseur).post(
        url("maatwerk_voorstellen", traject), voorstel_data(traject, **data)
    )
    assert antwoord.status_code == 200
    html = tekst(antwoord).replace("&#x27;", "'")
    assert 'class="foutsamenvatting"' in html and fout in html
    assert stand() == voor


@pytest.mark.parametrize("moment", [str(10**30), "١٢", "-1", "1e3", "%00"])
def test_voorstelpagina_met_raar_monitoringmoment(omg: Omgeving, traject, moment: str) -> None:
    antwoord = als(omg.regisseur).get(
        url("maatwerk_voorstellen", traject) + f"?monitoringmoment={moment}"
    )
    # A NUL never reaches the view: the edge refuses it in Dutch (schuldhulp/tekens.py).
    assert antwoord.status_code == (400 if moment == "%00" else 200)
    assert "Naar aanleiding van het monitoringmoment" not in tekst(antwoord)


def test_dubbele_taken_en_uiterste_datums_in_een_voorstel(omg: Omgeving, traject) -> None:
    data = voorstel_data(
        traject,
        taken=["schuldenoverzicht", "schuldenoverzicht", "exitgesprek"],
        tot="9999-12-31",
        evaluatie_op="9999-12-31",
        reden=LANG,
    )
    antwoord = als(omg.regisseur).post(url("maatwerk_voorstellen", traject), data)
    assert antwoord.status_code == 302
    m = Maatwerk.objects.get(traject=traject)
    assert m.taken == ["schuldenoverzicht", "exitgesprek"] and m.tot == date(9999, 12, 31)
    assert m.reden == LANG
    # The page with it, for both sides, and approving it.
    assert als(omg.regisseur).get(url("traject_detail", traject)).status_code == 200
    antwoord = als(omg.consulent).post(
        url("maatwerk_beoordelen", m), beoordeel_data(m, toelichting=LANG)
    )
    assert antwoord.status_code == 302 and vers(m).status == M.GOEDGEKEURD
    assert vers(traject).uitvoerder(Taak.SCHULDENOVERZICHT, date(9999, 12, 31)) == Partij.STADSBANK


def test_tweede_voorstel_voor_dezelfde_taak_terwijl_het_eerste_nog_wacht(
    omg: Omgeving, traject: Traject, voorgesteld: Maatwerk
) -> None:
    """A careless double proposal: refused while the first one waits for the gemeente."""
    antwoord = als(omg.regisseur).post(url("maatwerk_voorstellen", traject), voorstel_data(traject))
    assert antwoord.status_code == 200
    assert "wacht al een voorstel op een besluit van de gemeente" in tekst(antwoord)
    assert Maatwerk.objects.filter(traject=traject).count() == 1


@pytest.mark.parametrize(
    ("stap", "toelichting", "fout"),
    [
        ("allebei", "", "Kies goedkeuren of afwijzen."),
        ("", "", "Kies goedkeuren of afwijzen."),
        (NUL, "", "Kies goedkeuren of afwijzen."),
        ("goedkeuren", NUL, NUL_FOUT),
        ("afwijzen", "   ", "Geef de reden op waarom u het maatwerk afwijst."),
    ],
)
def test_slechte_invoer_bij_beoordelen(
    omg: Omgeving, voorgesteld: Maatwerk, stap: str, toelichting: str, fout: str
) -> None:
    voor = stand()
    antwoord = als(omg.consulent).post(
        url("maatwerk_beoordelen", voorgesteld), beoordeel_data(voorgesteld, stap, toelichting)
    )
    assert antwoord.status_code == 200
    assert fout in tekst(antwoord).replace("&#x27;", "'")
    assert stand() == voor


def test_slechte_invoer_bij_intrekken_en_beeindigen(
    omg: Omgeving, voorgesteld: Maatwerk, goedgekeurd: Maatwerk
) -> None:
    voor = stand()
    intrekken = f"maatwerk-{voorgesteld.pk}-intrekken-toelichting"
    antwoord = als(omg.regisseur).post(url("maatwerk_intrekken", voorgesteld), {intrekken: NUL})
    assert antwoord.status_code == 200 and NUL_FOUT in tekst(antwoord)
    veld = f"maatwerk-{goedgekeurd.pk}-beeindigen-reden"
    for reden, fout in [
        (NUL, NUL_FOUT),
        ("  ", "Geef de reden op waarom het maatwerk stopt."),
        ("", "Geef de reden op waarom het maatwerk stopt."),
    ]:
        antwoord = als(omg.consulent).post(url("maatwerk_beeindigen", goedgekeurd), {veld: reden})
        assert antwoord.status_code == 200 and fout in tekst(antwoord)
    assert stand() == voor


@pytest.mark.parametrize(
    ("data", "fout"),
    [
        ({"taak": "koffie"}, "Voor deze taak is in dit traject niets meer af te spreken."),
        ({"taak": "exitgesprek"}, "Voor deze taak is in dit traject niets meer af te spreken."),
        ({"taak": NUL}, "Voor deze taak is in dit traject niets meer af te spreken."),
        ({"partij": "overleg"}, "Selecteer een geldige keuze."),
        ({"partij": "klant"}, "Selecteer een geldige keuze."),
        ({"partij": ""}, "Kies wie de taak doet: Stadsbank of gemeente."),
        ({"toelichting": NUL}, NUL_FOUT),
        ({"versie": "-1"}, "Iemand anders heeft dit traject net gewijzigd."),
    ],
)
def test_slechte_invoer_bij_taak_afspreken(overleg: Omgeving, data: dict, fout: str) -> None:
    traject = traject_in(overleg, Fase.STABILISATIE)
    assert traject.uitvoerder(Taak.SCHULDENOVERZICHT) is None
    voor = stand()
    velden = {"versie": traject.versie, "taak": "schuldenoverzicht", "partij": "gemeente", **data}
    antwoord = als(overleg.consulent).post(
        url("traject_taak_afspreken", traject),
        {f"taak-afspreken-{k}": v for k, v in velden.items()},
    )
    assert antwoord.status_code == 200
    assert fout in tekst(antwoord).replace("&#x27;", "'")
    assert stand() == voor


def test_taak_twee_keer_afspreken(overleg: Omgeving) -> None:
    traject = traject_in(overleg, Fase.STABILISATIE)
    client = als(overleg.consulent)
    for verwacht in (302, 200):
        data = {
            "taak-afspreken-versie": vers(traject).versie,
            "taak-afspreken-taak": "schuldenoverzicht",
            "taak-afspreken-partij": "gemeente",
        }
        antwoord = client.post(url("traject_taak_afspreken", traject), data)
        assert antwoord.status_code == verwacht
    assert "niets meer af te spreken" in tekst(antwoord)
    assert Maatwerk.objects.filter(traject=traject).count() == 1


def test_dubbel_goedkeuren_tweede_keer_geweigerd(omg: Omgeving, voorgesteld: Maatwerk) -> None:
    client = als(omg.consulent)
    eerste = client.post(url("maatwerk_beoordelen", voorgesteld), beoordeel_data(voorgesteld))
    assert eerste.status_code == 302
    voor = stand()
    tweede = client.post(url("maatwerk_beoordelen", voorgesteld), beoordeel_data(voorgesteld))
    assert tweede.status_code == 200
    assert "Dit kan niet bij maatwerk met status &#x27;Goedgekeurd&#x27;." in tekst(tweede)
    assert stand() == voor
    stappen = Gebeurtenis.objects.filter(
        traject_id=voorgesteld.traject_id, soort=Gebeurtenissoort.MAATWERK
    )
    assert [g.gegevens["stap"] for g in stappen.order_by("pk")] == ["voorgesteld", "goedgekeurd"]
