"""Every upload limits size and type and says so in Dutch: the schuldenoverzicht CSV, the
vroegsignalering CSV list and the DDAS JSON file. A file that is too big is refused before
its content is read into memory, and nothing is stored.

(Who may download stored uploads and documents is proven by the URL walk.)
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile
from django.urls import reverse

from klantplan import csvimport as schuldencsv
from klantplan.models import Schuld
from rapportage.ddas import importer
from trajecten.vroegsignalering import services as vroegservices
from trajecten.vroegsignalering.models import ImportBatch, Vroegsignaal

# One worker per module (./dev test uses --dist loadgroup): the world is built once.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("test_uploads")]

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n\x00\x00\x00"
XLSX = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(256))


@pytest.fixture
def niet_lezen(monkeypatch):
    """Uploads that arrive at the server may not be read (only their size may be looked at):
    returns a file for the test client to send."""

    def verboden(self):
        raise AssertionError("het bestand werd gelezen, terwijl het al te groot was")

    monkeypatch.setattr(InMemoryUploadedFile, "read", property(verboden))
    monkeypatch.setattr(InMemoryUploadedFile, "chunks", verboden)

    def bestand(naam: str, inhoud: bytes) -> io.BytesIO:
        verzonden = io.BytesIO(inhoud)  # the test client reads this one, not the server's
        verzonden.name = naam
        return verzonden

    return bestand


def tekst(antwoord) -> str:
    return antwoord.content.decode()


# --- Schuldenoverzicht (klantplan) ---------------------------------------------------------------


def schulden_upload(sessies, wereld, bestand) -> str:
    url = reverse("klantplan:schulden_import", args=[wereld.a.traject.pk])
    voor = Schuld.objects.count()
    antwoord = sessies["regisseur"].post(url, {"bestand": bestand})
    assert antwoord.status_code == 200
    assert Schuld.objects.count() == voor
    return tekst(antwoord)


def test_schulden_te_groot(wereld, sessies, monkeypatch, niet_lezen) -> None:
    monkeypatch.setattr(schuldencsv, "MAX_BYTES", 100)
    html = schulden_upload(sessies, wereld, niet_lezen("schulden.csv", b"x" * 101))
    assert "Het bestand is te groot" in html and "Splits het bestand." in html


@pytest.mark.parametrize("inhoud", [PDF, XLSX], ids=["pdf", "xlsx"])
def test_schulden_geen_csv(inhoud: bytes, wereld, sessies) -> None:
    html = schulden_upload(sessies, wereld, SimpleUploadedFile("schulden.csv", inhoud))
    assert "geen CSV-bestand" in html


def test_schulden_leeg(wereld, sessies) -> None:
    html = schulden_upload(sessies, wereld, SimpleUploadedFile("schulden.csv", b""))
    assert "Het bestand is leeg." in html


# --- Vroegsignalering lists ----------------------------------------------------------------------


def lijst_upload(sessies, wereld, bestand):
    voor = (ImportBatch.objects.count(), Vroegsignaal.objects.count())
    antwoord = sessies["regisseur"].post(
        reverse("vroegsignaal_lijsten"),
        {"gemeente": wereld.a.gemeente.pk, "bestand": bestand},
        follow=True,
    )
    assert antwoord.status_code == 200
    assert Vroegsignaal.objects.count() == voor[1]
    return antwoord, voor[0]


def test_lijst_te_groot(wereld, sessies, monkeypatch, niet_lezen) -> None:
    monkeypatch.setattr(vroegservices, "MAX_BESTAND_BYTES", 100)
    antwoord, batches = lijst_upload(sessies, wereld, niet_lezen("lijst.csv", b"x" * 101))
    assert "Het bestand is te groot" in tekst(antwoord)
    assert ImportBatch.objects.count() == batches  # not even stored


@pytest.mark.parametrize("inhoud", [PDF, XLSX], ids=["pdf", "xlsx"])
def test_lijst_geen_csv(inhoud: bytes, wereld, sessies) -> None:
    antwoord, _ = lijst_upload(sessies, wereld, SimpleUploadedFile("lijst.csv", inhoud))
    assert "geen CSV-bestand" in tekst(antwoord)


# --- DDAS ----------------------------------------------------------------------------------------


def ddas_upload(sessies, inhoud: bytes):
    return sessies["regisseur"].post(
        reverse("ddas_importeren"),
        {"bestand": SimpleUploadedFile("ddas.json", inhoud, "application/json")},
    )


def test_ddas_te_groot_wordt_niet_eens_ingelezen(wereld, sessies, monkeypatch) -> None:
    monkeypatch.setattr(importer, "MAX_BYTES", 1024 * 1024)  # the handler counts in chunks
    antwoord = ddas_upload(sessies, b" " * (3 * 1024 * 1024))
    assert antwoord.status_code == 400
    assert "Het bestand is te groot" in tekst(antwoord)


@pytest.mark.parametrize(
    "inhoud, melding",
    [
        (PDF, "Dit is geen JSON-bestand"),
        (b"schuldeiser;bedrag\nCJIB;12\n", "Dit is geen geldig JSON-bestand"),
        (b"[]", "DDAS"),
    ],
    ids=["pdf", "csv", "lijst"],
)
def test_ddas_geen_ddas(inhoud: bytes, melding: str, wereld, sessies) -> None:
    antwoord = ddas_upload(sessies, inhoud)
    assert antwoord.status_code == 400
    assert melding in tekst(antwoord)
