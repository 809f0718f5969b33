"""Issue 12 as an attacker and a careless user would try it: agreements and maatwerk of another
gemeente, roles that must not decide, bad input in every field, two people at once, and the
daily job run twice or late. Each attempt is refused with a Dutch reason (or a 404/403) and
leaves nothing half-saved."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from schuldhulp.afspraken import Afspraakstatus as A
from schuldhulp.models import Dienstverleningsafspraak, Gemeente, Rol
from schuldhulp.pakketten import Partij, Taak
from schuldhulp.permissions import gemeente_ids
from tests.bouwers import Omgeving, dagen, medewerker, omgeving, probeer, traject_in, vandaag
from tests.bouwers.afspraken import SINDS_2020, concept, lopende
from trajecten.models import Fase, Gebeurtenis, Gebeurtenissoort, Traject
from trajecten.pakket.models import Afspraakgebeurtenis, Maatwerk
from trajecten.pakket.services import afspraken, maatwerk
from trajecten.pakket.workflow import Maatwerkstatus as M
from trajecten.services import Geweigerd

pytestmark = pytest.mark.django_db

NUL = "a\x00b"
LANG = "x" * 100_000
NUL_FOUT = "Null-tekens zijn niet toegestaan."
BETAALT = "Alleen de gemeente (consulent) beslist over maatwerk: de gemeente betaalt het."


# --- Helpers ----------------------------------------------------------------------------------


def als(gebruiker) -> Client:
    client = Client(raise_request_exception=True)
    client.force_login(gebruiker)
    return client


def tekst(antwoord) -> str:
    return re.sub(r"\s+", " ", antwoord.content.decode())


def url(naam: str, obj) -> str:
    return reverse(naam, args=[obj.pk])


def vers(obj):
    return type(obj).objects.get(pk=obj.pk)


def stand() -> tuple:
    """Everything these screens can write, counted: unchanged means nothing half-saved."""
    return (
        list(
            Dienstverleningsafspraak.objects.order_by("pk").values_list(
                "pk", "status", "pakket", "geldig_van", "geldig_tot", "opmerking", "overgang"
            )
        ),
        Afspraakgebeurtenis.objects.count(),
        list(Maatwerk.objects.order_by("pk").values_list("pk", "status", "tot", "besluit")),
        list(Traject.objects.order_by("pk").values_list("pk", "afspraak_id", "versie")),
        Gebeurtenis.objects.count(),
    )


def kenmerk_van(antwoord) -> str:
    gevonden = re.search(r'type="hidden" name="kenmerk" value="([^"]*)"', antwoord.content.decode())
    assert gevonden, "no confirm button on the preview"
    return gevonden.group(1)


def andere_gemeente(omg: Omgeving) -> Gemeente:
    return Gemeente.objects.get(pk=gemeente_ids(omg.ander)[0])


def ander_cm(omg: Omgeving):
    return medewerker(f"cm_b_{omg.gemeente.pk}", Rol.CONTRACTMANAGER, [andere_gemeente(omg)])


def voorstel(omg: Omgeving, traject: Traject, taak: str = "schuldenoverzicht") -> Maatwerk:
    return maatwerk.stel_voor(
        door=omg.regisseur,
        traject_id=traject.pk,
        soort="opschalen",
        taken=[taak],
        van=vandaag(),
        evaluatie_op=vandaag() + dagen(90),
        reden="Meer hulp nodig",
    )


def voorstel_data(traject: Traject, **extra) -> dict:
    return {
        "versie": vers(traject).versie,
        "soort": "opschalen",
        "taken": ["schuldenoverzicht"],
        "van": vandaag().isoformat(),
        "evaluatie_op": (vandaag() + dagen(90)).isoformat(),
        "reden": "De klant raakt het overzicht kwijt.",
        **extra,
    }


def beoordeel_data(m: Maatwerk, stap: str = "goedkeuren", toelichting: str = "") -> dict:
    return {
        f"maatwerk-{m.pk}-beoordelen-stap": stap,
        f"maatwerk-{m.pk}-beoordelen-toelichting": toelichting,
    }


@pytest.fixture
def omg() -> Omgeving:
    return omgeving("hybride-gemeente")  # O tasks with the gemeente: opschalen is possible


@pytest.fixture
def traject(omg: Omgeving) -> Traject:
    return traject_in(omg, Fase.STABILISATIE)


@pytest.fixture
def voorgesteld(omg: Omgeving, traject: Traject) -> Maatwerk:
    return voorstel(omg, traject)


@pytest.fixture
def goedgekeurd(omg: Omgeving, traject: Traject) -> Maatwerk:
    m = voorstel(omg, traject, "exitgesprek")
    return maatwerk.beoordeel(door=omg.consulent, maatwerk_id=m.pk, goedkeuren=True)


# --- Another gemeente: 404 and nothing changed ------------------------------------------------


@pytest.mark.parametrize("wie", ["contractmanager", "regisseur", "consulent"])
def test_andere_gemeente_krijgt_404_op_afspraken(omg: Omgeving, wie: str) -> None:
    indringer = {
        "contractmanager": ander_cm(omg),
        "regisseur": omg.ander,
        "consulent": omg.ander_consulent,
    }[wie]
    nieuw = concept(omg)
    vastgesteld = afspraken.stel_vast(
        door=omg.contractmanager,
        afspraak_id=concept(omg, over=400).pk,
        overgang="alles",
    )
    voor = stand()
    client = als(indringer)
    gets = [
        ("gemeente_afspraken", omg.gemeente),
        ("afspraak_nieuw", omg.gemeente),
        ("afspraak_wijzig", nieuw),
        ("afspraak_vaststellen", nieuw),
        ("afspraak_wijzig", vastgesteld),
        ("afspraak_vaststellen", lopende(omg)),
    ]
    for naam, obj in gets:
        assert client.get(url(naam, obj)).status_code == 404, naam
        assert client.get(reverse(naam, args=[10**30])).status_code == 404, naam
    posts = [
        ("afspraak_nieuw", omg.gemeente, {"pakket": "basis", "geldig_van": "2040-01-01"}),
        ("afspraak_wijzig", nieuw, {"pakket": "ontzorging", "geldig_van": "2040-01-01"}),
        ("afspraak_vaststellen", nieuw, {"overgang": "alles", "voorvertoning": "1"}),
        ("afspraak_vaststellen", nieuw, {"overgang": "alles", "vaststellen": "1"}),
        ("afspraak_intrekken", nieuw, {f"intrekken-{nieuw.pk}-reden": "Weg"}),
        ("afspraak_intrekken", vastgesteld, {f"intrekken-{vastgesteld.pk}-reden": "Weg"}),
    ]
    for naam, obj, data in posts:
        assert client.post(url(naam, obj), data).status_code == 404, naam
    assert stand() == voor
    # The own timeline does not list A's agreements either.
    eigen = tekst(client.get(url("gemeente_afspraken", andere_gemeente(omg))))
    assert f'id="afspraak-{nieuw.pk}"' not in eigen


@pytest.mark.parametrize("wie", ["regisseur", "consulent"])
def test_andere_gemeente_krijgt_404_op_maatwerk(
    omg: Omgeving, traject: Traject, voorgesteld: Maatwerk, goedgekeurd: Maatwerk, wie: str
) -> None:
    client = als(omg.ander if wie == "regisseur" else omg.ander_consulent)
    voor = stand()
    assert client.get(url("maatwerk_voorstellen", traject)).status_code == 404
    assert client.get(url("traject_detail", traject)).status_code == 404
    posts = [
        ("maatwerk_voorstellen", traject, voorstel_data(traject)),
        ("maatwerk_beoordelen", voorgesteld, beoordeel_data(voorgesteld)),
        ("maatwerk_beoordelen", voorgesteld, beoordeel_data(voorgesteld, "afwijzen", "Nee")),
        ("maatwerk_intrekken", voorgesteld, {}),
        (
            "maatwerk_beeindigen",
            goedgekeurd,
            {f"maatwerk-{goedgekeurd.pk}-beeindigen-reden": "Klaar"},
        ),
        (
            "traject_taak_afspreken",
            traject,
            {"taak-afspreken-taak": "exitgesprek", "taak-afspreken-partij": "gemeente"},
        ),
    ]
    for naam, obj, data in posts:
        assert client.post(url(naam, obj), data).status_code == 404, naam
    assert stand() == voor


def test_gedeeld_dossier_is_alleen_lezen_ook_voor_maatwerk(
    omg: Omgeving, traject: Traject, voorgesteld: Maatwerk, goedgekeurd: Maatwerk
) -> None:
    """B's users with A's klant shared with them read the traject page, but decide nothing."""
    from schuldhulp.services import deel_dossier

    for gebruiker in (omg.ander, omg.ander_consulent):
        deel_dossier(klant=traject.klant, gebruiker=gebruiker)
    voor = stand()
    consulent, regisseur = als(omg.ander_consulent), als(omg.ander)
    html = tekst(consulent.get(url("traject_detail", traject)))
    assert url("maatwerk_beoordelen", voorgesteld) not in html
    assert url("maatwerk_beeindigen", goedgekeurd) not in html
    assert url("maatwerk_voorstellen", traject) not in tekst(
        regisseur.get(url("traject_detail", traject))
    )
    niet_jouw = "U werkt niet voor de gemeente van dit traject."
    for client, naam, obj, data in [
        (consulent, "maatwerk_beoordelen", voorgesteld, beoordeel_data(voorgesteld)),
        (regisseur, "maatwerk_intrekken", voorgesteld, {}),
        (
            consulent,
            "maatwerk_beeindigen",
            goedgekeurd,
            {f"maatwerk-{goedgekeurd.pk}-beeindigen-reden": "Klaar"},
        ),
    ]:
        antwoord = client.post(url(naam, obj), data)
        assert antwoord.status_code == 200 and niet_jouw in tekst(antwoord), naam
    assert regisseur.get(url("maatwerk_voorstellen", traject)).status_code == 403
    assert (
        regisseur.post(url("maatwerk_voorstellen", traject), voorstel_data(traject)).status_code
        == 403
    )
    assert stand() == voor


def test_post_adressen_verraden_niet_of_maatwerk_bestaat(omg: Omgeving, voorgesteld) -> None:
    """A GET on the POST-only maatwerk URLs is 405 for A's maatwerk and for a made-up number
    alike: another gemeente learns nothing from it."""
    client = als(omg.ander_consulent)
    for naam in ("maatwerk_beoordelen", "maatwerk_intrekken", "maatwerk_beeindigen"):
        bestaat = client.get(url(naam, voorgesteld)).status_code
        verzonnen = client.get(reverse(naam, args=[voorgesteld.pk + 10_000])).status_code
        assert bestaat == verzonnen == 405, naam
        # A number far beyond the id column is simply not found.
        assert client.post(reverse(naam, args=[10**30]), {}).status_code == 404, naam


def test_contractmanager_ziet_via_maatwerklinks_geen_dossier(
    omg: Omgeving, traject: Traject, voorgesteld: Maatwerk
) -> None:
    client = als(omg.contractmanager)
    klant = traject.klant
    voor = stand()
    antwoorden = [
        client.get(url("traject_detail", traject)),
        client.get(url("maatwerk_voorstellen", traject)),
        client.get(url("maatwerk_voorstellen", traject) + f"?monitoringmoment={voorgesteld.pk}"),
        client.post(url("maatwerk_voorstellen", traject), voorstel_data(traject)),
        client.post(url("maatwerk_beoordelen", voorgesteld), beoordeel_data(voorgesteld)),
        client.post(url("maatwerk_intrekken", voorgesteld), {}),
        client.post(url("maatwerk_beeindigen", voorgesteld), {}),
        client.post(url("traject_taak_afspreken", traject), {}),
    ]
    for antwoord in antwoorden:
        assert antwoord.status_code == 403
        html = antwoord.content.decode()
        assert klant.achternaam not in html and klant.bsn not in html
    assert stand() == voor
    # The agreements of the own gemeente are the contractmanager's screens, without dossiers.
    html = tekst(client.get(url("gemeente_afspraken", omg.gemeente)))
    assert klant.achternaam not in html and f"/trajecten/{traject.pk}/" not in html


# --- Roles that must not --------------------------------------------------------------------


def test_consulent_stelt_geen_maatwerk_voor(omg: Omgeving, traject: Traject) -> None:
    client = als(omg.consulent)
    voor = stand()
    assert client.get(url("maatwerk_voorstellen", traject)).status_code == 403
    assert (
        client.post(url("maatwerk_voorstellen", traject), voorstel_data(traject)).status_code == 403
    )
    fout = probeer(
        lambda: maatwerk.stel_voor(
            door=omg.consulent,
            traject_id=traject.pk,
            soort="opschalen",
            taken=["schuldenoverzicht"],
            van=vandaag(),
            tot=vandaag() + dagen(30),
            reden="Zelf bedacht",
        )
    )
    assert fout == "Alleen de klantregisseur stelt maatwerk voor; de gemeente beslist."
    assert stand() == voor


def test_klantregisseur_keurt_eigen_voorstel_niet_goed(omg: Omgeving, voorgesteld) -> None:
    client = als(omg.regisseur)
    voor = stand()
    for stap in ("goedkeuren", "afwijzen"):
        antwoord = client.post(
            url("maatwerk_beoordelen", voorgesteld), beoordeel_data(voorgesteld, stap, "Ja")
        )
        assert antwoord.status_code == 200
        assert BETAALT in tekst(antwoord)
    fout = probeer(
        lambda: maatwerk.beoordeel(door=omg.regisseur, maatwerk_id=voorgesteld.pk, goedkeuren=True)
    )
    assert fout == BETAALT
    assert stand() == voor and vers(voorgesteld).status == M.VOORGESTELD


@pytest.mark.parametrize("rol", ["contractmanager", "beheerder"])
def test_contractmanager_en_beheerder_beslissen_niet_over_maatwerk(
    omg: Omgeving, traject: Traject, voorgesteld: Maatwerk, goedgekeurd: Maatwerk, rol: str
) -> None:
    gebruiker = omg.rol(rol)
    client = als(gebruiker)
    voor = stand()
    posts = [
        ("maatwerk_beoordelen", voorgesteld, beoordeel_data(voorgesteld)),
        ("maatwerk_intrekken", voorgesteld, {}),
        (
            "maatwerk_beeindigen",
            goedgekeurd,
            {f"maatwerk-{goedgekeurd.pk}-beeindigen-reden": "Klaar"},
        ),
        ("maatwerk_voorstellen", traject, voorstel_data(traject)),
        (
            "traject_taak_afspreken",
            traject,
            {"taak-afspreken-taak": "exitgesprek", "taak-afspreken-partij": "gemeente"},
        ),
    ]
    for naam, obj, data in posts:
        assert client.post(url(naam, obj), data).status_code == 403, naam
    for schrijf in (
        lambda: maatwerk.stel_voor(
            door=gebruiker,
            traject_id=traject.pk,
            soort="opschalen",
            taken=["informatie_verzamelen"],
            van=vandaag(),
            tot=vandaag() + dagen(30),
            reden="Van bovenaf",
        ),
        lambda: maatwerk.beoordeel(door=gebruiker, maatwerk_id=voorgesteld.pk, goedkeuren=True),
        lambda: maatwerk.trek_in(door=gebruiker, maatwerk_id=voorgesteld.pk),
        lambda: maatwerk.beeindig(door=gebruiker, maatwerk_id=goedgekeurd.pk, reden="Klaar"),
        lambda: maatwerk.spreek_taak_af(
            door=gebruiker, traject_id=traject.pk, taak="exitgesprek", partij="gemeente"
        ),
    ):
        assert probeer(schrijf) is not None
    assert stand() == voor


def test_consulent_trekt_voorstel_van_de_regisseur_niet_in(omg: Omgeving, voorgesteld) -> None:
    antwoord = als(omg.consulent).post(url("maatwerk_intrekken", voorgesteld), {})
    assert antwoord.status_code == 200
    assert "Alleen de klantregisseur trekt een voorstel voor maatwerk in." in tekst(antwoord)
    assert vers(voorgesteld).status == M.VOORGESTELD


def test_dossierrollen_stellen_geen_afspraken_vast(omg: Omgeving) -> None:
    nieuw = concept(omg)
    for gebruiker in (omg.regisseur, omg.consulent):
        fout = probeer(
            lambda g=gebruiker: afspraken.stel_vast(door=g, afspraak_id=nieuw.pk, overgang="alles")
        )
        assert fout == "Alleen contractmanagers en functioneel beheerders regelen afspraken."
        assert probeer(
            lambda g=gebruiker: afspraken.trek_in(door=g, afspraak_id=nieuw.pk, reden="x")
        )
    # Nobody may do what only the daily job does.
    for gebruiker in (omg.beheerder, omg.contractmanager):
        assert probeer(lambda g=gebruiker: afspraken.poort(g, "afspraak.activeren", nieuw))
    assert vers(nieuw).status == A.CONCEPT


# --- Bad input: a Dutch reason, 200 (or 400), nothing saved ---------------------------------

GOED = {"pakket": "ontzorging", "geldig_van": "2040-01-01"}
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
    assert "iets niet goed ingevuld" in html and fout in html
    assert stand() == voor


def test_heel_lange_opmerking_wordt_heel_bewaard(omg: Omgeving) -> None:
    antwoord = als(omg.contractmanager).post(
        url("afspraak_nieuw", omg.gemeente), {**GOED, "opmerking": LANG}
    )
    assert antwoord.status_code == 302  # a text field without a limit: kept whole
    nieuw = Dienstverleningsafspraak.objects.get(gemeente=omg.gemeente, status=A.CONCEPT)
    assert nieuw.opmerking == LANG
    assert "Concept opgesteld" in tekst(als(omg.contractmanager).get(antwoord["Location"]))


def test_te_groot_verzoek_is_400_niet_500(omg: Omgeving) -> None:
    nieuw = concept(omg)
    voor = stand()
    reus = "x" * (3 * 1024 * 1024)  # above DATA_UPLOAD_MAX_MEMORY_SIZE
    client = Client()
    client.force_login(omg.contractmanager)
    for adres, data in [
        (url("afspraak_nieuw", omg.gemeente), {**GOED, "opmerking": reus}),
        (url("afspraak_intrekken", nieuw), {f"intrekken-{nieuw.pk}-reden": reus}),
    ]:
        assert client.post(adres, data).status_code == 400
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
    assert "Deze periode overlapt met de afspraak 2 Hybride vanaf 01-01-2020" in tekst(antwoord)
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


@pytest.fixture
def basis(omg: Omgeving, traject: Traject) -> Dienstverleningsafspraak:
    return concept(omg)  # Basis from 30 days on; the traject runs under Hybride


def bevestig(client: Client, afspraak, **data):
    return client.post(url("afspraak_vaststellen", afspraak), {"vaststellen": "1", **data})


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
    assert "iets niet goed ingevuld" in html and fout in html
    assert stand() == voor


@pytest.mark.parametrize("moment", [str(10**30), "١٢", "-1", "1e3", "%00"])
def test_voorstelpagina_met_raar_monitoringmoment(omg: Omgeving, traject, moment: str) -> None:
    antwoord = als(omg.regisseur).get(
        url("maatwerk_voorstellen", traject) + f"?monitoringmoment={moment}"
    )
    assert antwoord.status_code == 200
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


@pytest.fixture
def overleg() -> Omgeving:
    return omgeving("hybride-overleg")  # schuldenoverzicht: per traject in overleg


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


def tegelijk(*werk: Callable[[], object]) -> list[object]:
    """Run the callables in threads that start together; the result or exception of each."""
    start = threading.Barrier(len(werk))
    uitkomst: list[object] = [None] * len(werk)

    def draai(i: int, functie: Callable[[], object]) -> None:
        try:
            start.wait(timeout=10)
            uitkomst[i] = functie()
        except Exception as exc:  # collected and asserted by the test
            uitkomst[i] = exc
        finally:
            connection.close()  # this thread's own connection

    draden = [threading.Thread(target=draai, args=(i, f)) for i, f in enumerate(werk)]
    for d in draden:
        d.start()
    for d in draden:
        d.join(timeout=30)
    assert not any(d.is_alive() for d in draden)
    return uitkomst


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
