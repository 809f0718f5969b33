"""DDAS pages: who may use them, the export download and the upload → preview → import flow."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rapportage.ddas import importer
from schuldhulp.models import Auditactie, Auditregel, Rol
from schuldhulp.permissions import can_do
from tests.bouwers import GebruikerFactory
from tests.bouwers.ddas import (
    GELDIG_BSN,
    VOORBEELD,
    als_bytes,
    bouw_gemeente,
    met_traject,
    officieel_geldig,
    traject,
    voorbeeld_document,
)
from trajecten.models import Traject

pytestmark = pytest.mark.django_db

EXPORT = reverse("ddas_export")
IMPORT = reverse("ddas_importeren")


@pytest.fixture(autouse=True)
def _eigen_datamap(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def upload(inhoud: bytes, naam: str = "ddas.json") -> dict:
    return {"bestand": SimpleUploadedFile(naam, inhoud, content_type="application/json")}


# --- Who may -----------------------------------------------------------------------------------


@pytest.mark.parametrize("actie", ["ddas.exporteren", "ddas.importeren"])
def test_alleen_klantregisseurs_van_de_gemeente(
    actie, gemeente_a, gemeente_b, regisseur_a, consulent_a, contractmanager_a, beheerder
):
    assert can_do(regisseur_a, actie)
    assert can_do(regisseur_a, actie, gemeente_a)
    assert not can_do(regisseur_a, actie, gemeente_b)
    for gebruiker in (consulent_a, contractmanager_a, beheerder):
        assert not can_do(gebruiker, actie)
        assert not can_do(gebruiker, actie, gemeente_a)
    inactief = GebruikerFactory(username="weg", rol=Rol.KLANTREGISSEUR, gemeenten=[gemeente_a])
    inactief.is_active = False
    assert not can_do(inactief, actie, gemeente_a)


@pytest.mark.parametrize("url", [EXPORT, IMPORT])
@pytest.mark.parametrize("rol", ["consulent_a", "contractmanager_a", "beheerder"])
def test_andere_rollen_krijgen_403(client, request, url, rol):
    client.force_login(request.getfixturevalue(rol))
    antwoord = client.get(url)
    assert antwoord.status_code == 403
    assert client.post(url, upload(b"{}")).status_code == 403


@pytest.mark.parametrize("url", [EXPORT, IMPORT])
def test_anoniem_naar_inloggen(client, url):
    antwoord = client.get(url)
    assert antwoord.status_code == 302 and antwoord.url.startswith(reverse("login"))


# --- Export -------------------------------------------------------------------------------------


def test_export_controleren_en_downloaden(client, gemeente_a, regisseur_a):
    bouw_gemeente(gemeente_a, regisseur_a)
    client.force_login(regisseur_a)
    pagina = client.get(EXPORT)
    assert pagina.status_code == 200
    assert "Almelo (GM0141)" in pagina.content.decode()
    gegevens = {"gemeente": str(gemeente_a.pk), "van": "2026-01-01", "tot": "2026-12-31"}

    controle = client.post(EXPORT, {**gegevens, "actie": "controleren"})
    tekst = controle.content.decode()
    assert "voldoet aan het DDAS v1.0-schema" in tekst
    assert "Bestand downloaden (4 trajecten)" in tekst
    assert not Auditregel.objects.filter(actie=Auditactie.EXPORTEREN).exists()

    download = client.post(EXPORT, {**gegevens, "actie": "downloaden"})
    assert download.status_code == 200
    assert download["Content-Type"] == "application/json; charset=utf-8"
    assert download["Content-Disposition"] == (
        'attachment; filename="ddas-GM0141-2026-01-01-2026-12-31.json"'
    )
    assert download["Cache-Control"] == "no-store"
    assert download.streaming  # ADR 0025: the file flows, it is not built in memory first
    # The log line is there before the first byte (a broken-off download is logged too).
    [regel] = Auditregel.objects.filter(
        actie=Auditactie.EXPORTEREN, gemeente_id=gemeente_a.pk, gebruiker=regisseur_a
    )
    assert regel.omschrijving == "DDAS-export 2026-01-01 t/m 2026-12-31: 4 trajecten geselecteerd"
    document = json.loads(b"".join(download.streaming_content))
    assert officieel_geldig(document) == []
    assert len(document["leveringen"][0]["schuldhulptrajecten"]) == 4


def test_export_toont_uitgesloten_trajecten(client, gemeente_a, regisseur_a):
    trajecten = bouw_gemeente(gemeente_a, regisseur_a)
    Traject.objects.filter(pk=trajecten["afgewezen"].pk).update(uitstroomreden="Weggelopen")
    client.force_login(regisseur_a)
    tekst = client.post(
        EXPORT, {"gemeente": str(gemeente_a.pk), "van": "2026-01-01", "tot": "2026-12-31"}
    ).content.decode()
    assert f"Traject {trajecten['afgewezen'].pk}" in tekst
    assert "uitstroom.reden" in tekst
    assert "Bestand downloaden (3 trajecten)" in tekst


def test_export_andere_gemeente_of_verkeerde_periode(client, gemeente_a, gemeente_b, regisseur_a):
    client.force_login(regisseur_a)
    vreemd = client.post(
        EXPORT,
        {
            "gemeente": str(gemeente_b.pk),
            "van": "2026-01-01",
            "tot": "2026-12-31",
            "actie": "downloaden",
        },
    )
    assert vreemd.status_code == 200 and vreemd["Content-Type"].startswith("text/html")
    assert "Kies een van uw gemeenten." in vreemd.content.decode()
    omgekeerd = client.post(
        EXPORT, {"gemeente": str(gemeente_a.pk), "van": "2026-12-31", "tot": "2026-01-01"}
    )
    assert "De laatste dag ligt vóór de eerste dag" in omgekeerd.content.decode()
    assert 'value="2026-12-31"' in omgekeerd.content.decode()  # input kept


# --- Import -------------------------------------------------------------------------------------


def test_upload_voorbeeld_en_bevestigen(client, gemeente_a, regisseur_a, tmp_path):
    client.force_login(regisseur_a)
    document = met_traject(**traject())
    document["leveringen"][0]["schuldhulptrajecten"].append(traject(bsn="123456789"))
    inhoud = als_bytes(document)

    antwoord = client.post(IMPORT, upload(inhoud))
    assert antwoord.status_code == 302
    sha = antwoord.url.rstrip("/").rsplit("/", 1)[-1]
    assert (tmp_path / "ddas-imports" / f"{sha}.json").read_bytes() == inhoud
    assert not Traject.objects.exists()  # nothing before confirmation

    voorbeeld = client.get(antwoord.url).content.decode()
    assert "1 traject importeren" in voorbeeld
    assert "*****782" in voorbeeld and GELDIG_BSN not in voorbeeld
    assert "elfproef" in voorbeeld

    bevestigd = client.post(antwoord.url, follow=True)
    tekst = bevestigd.content.decode()
    assert "1 traject geïmporteerd (1 nieuwe klanten)" in tekst
    assert "Er is niets (meer) te importeren." in tekst
    assert Traject.objects.count() == 1
    # Confirming again (back button, double click) adds nothing.
    client.post(antwoord.url)
    assert Traject.objects.count() == 1


def test_voorbeeld_alleen_voor_de_sessie_die_uploadde(client, gemeente_a, regisseur_a):
    client.force_login(regisseur_a)
    url = client.post(IMPORT, upload(VOORBEELD.read_bytes())).url
    collega = GebruikerFactory(username="kr_2", rol=Rol.KLANTREGISSEUR, gemeenten=[gemeente_a])
    client.force_login(collega)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert client.get(reverse("ddas_voorbeeld", args=["0" * 64])).status_code == 404


def test_voorbeeldbestand_in_de_browser(client, gemeente_a, regisseur_a):
    client.force_login(regisseur_a)
    tekst = client.post(IMPORT, upload(VOORBEELD.read_bytes()), follow=True).content.decode()
    assert "Fout: niet importeren" in tekst
    assert "voldoet niet aan de elfproef" in tekst
    assert "Er is niets (meer) te importeren." in tekst


def test_fout_bestand_geeft_een_duidelijke_melding(client, regisseur_a, tmp_path):
    client.force_login(regisseur_a)
    antwoord = client.post(IMPORT, upload(b"dit is geen json"))
    assert antwoord.status_code == 400
    assert "Dit is geen geldig JSON-bestand" in antwoord.content.decode()
    assert not (tmp_path / "ddas-imports").exists()  # a bad file is not kept


def test_fouten_buiten_de_trajecten_staan_bij_die_van_de_trajecten(client, regisseur_a):
    """Issue 18, defect 3: a file with `$schema`/`title` on top still shows every record's
    problems in the same preview, and cannot be imported until the envelope is fixed."""
    client.force_login(regisseur_a)
    document = voorbeeld_document()
    document |= {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "DDAS"}
    tekst = client.post(IMPORT, upload(als_bytes(document)), follow=True).content.decode()
    assert "voldoet buiten de trajecten niet aan het DDAS v1.0-schema" in tekst
    assert "Onbekend veld" in tekst and "title" in tekst
    assert "voldoet niet aan de elfproef" in tekst  # the record was checked too
    assert "importeren</button>" not in tekst


def test_te_groot_bestand_wordt_niet_gelezen_en_niet_bewaard(
    client, regisseur_a, tmp_path, monkeypatch
):
    monkeypatch.setattr(importer, "MAX_BYTES", 1000)
    client.force_login(regisseur_a)
    antwoord = client.post(IMPORT, upload(b" " * 5000))
    assert antwoord.status_code == 400
    assert "Het bestand is te groot" in antwoord.content.decode()
    assert not (tmp_path / "ddas-imports").exists()


def test_zonder_bestand(client, regisseur_a):
    client.force_login(regisseur_a)
    antwoord = client.post(IMPORT, {})
    assert "Kies het DDAS-bestand dat u wilt importeren." in antwoord.content.decode()


def test_csrf_blijft_verplicht(regisseur_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(regisseur_a)
    assert client.post(IMPORT, upload(b"{}")).status_code == 403


def test_te_veel_trajecten_voor_de_browser(client, gemeente_a, regisseur_a, monkeypatch):
    from rapportage.ddas import views

    monkeypatch.setattr(views, "MAX_BROWSERIMPORT", 1)
    client.force_login(regisseur_a)
    document = met_traject(**traject())
    document["leveringen"][0]["schuldhulptrajecten"].append(traject(bsn="111222333"))
    url = client.post(IMPORT, upload(als_bytes(document))).url
    tekst = client.get(url).content.decode()
    assert "Dit bestand heeft 2 nieuwe trajecten." in tekst
    assert "manage.py ddas_import" in tekst
    assert "trajecten importeren</button>" not in tekst
    antwoord = client.post(url, follow=True)
    assert "Splits het bestand" in antwoord.content.decode()
    assert not Traject.objects.exists()


def test_herlevering_in_de_browser(client, gemeente_a, regisseur_a):
    """Issue 18, defect 4: the second delivery shows what is new and applies it."""
    client.force_login(regisseur_a)
    eerste = met_traject(**traject(intake={"startdatum": "2026-02-05"}))
    client.post(client.post(IMPORT, upload(als_bytes(eerste))).url)
    assert Traject.objects.get().fase == "intake"

    tweede = met_traject(
        **traject(
            intake={
                "startdatum": "2026-02-05",
                "beschikkingssoort": "Toelatingsbeschikking",
                "beschikkingsdatum": "2026-02-20",
            }
        )
    )
    url = client.post(IMPORT, upload(als_bytes(tweede))).url
    tekst = client.get(url).content.decode()
    assert "Wordt aangevuld" in tekst
    assert "Toelatingsbeschikking (start stabilisatie) op 20 februari 2026" in tekst
    assert "1 aanvullen</button>" in tekst
    tekst = client.post(url, follow=True).content.decode()
    assert "0 trajecten geïmporteerd (0 nieuwe klanten), 1 aangevuld." in tekst
    assert Traject.objects.get().fase == "stabilisatie"
