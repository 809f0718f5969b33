"""Issue 12 as an attacker: agreements and maatwerk of another gemeente (404, nothing changed),
shared dossiers read only, and roles that must not decide."""

from __future__ import annotations

import pytest
from django.urls import reverse

from schuldhulp.afspraken import Afspraakstatus as A
from tests.bouwers import Omgeving, dagen, probeer, vandaag
from tests.bouwers.afspraken import concept, lopende
from tests.pakket.aanvallen.hulp import (
    BETAALT,
    als,
    ander_cm,
    andere_gemeente,
    beoordeel_data,
    stand,
    tekst,
    url,
    vers,
    voorstel_data,
)
from trajecten.models import Traject
from trajecten.pakket.models import Maatwerk
from trajecten.pakket.services import afspraken, maatwerk
from trajecten.pakket.workflow import Maatwerkstatus as M

pytestmark = pytest.mark.django_db

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
