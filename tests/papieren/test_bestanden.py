"""An upload is judged by its content, never its name; bad input gives a Dutch message and
stores nothing (issue 16, 'Bad input')."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from klantplan.papieren import services
from klantplan.papieren.models import Bestand, Stuk
from tests.bouwers.papieren import jpeg, pdf

pytestmark = pytest.mark.django_db


def _stuk(traject, code="bankafschriften") -> Stuk:
    return services.stukken_voor_klant(traject).get(soort__code=code)


def _weigert(traject, regisseur, bestanden, *, bevat: str, prive_map) -> None:
    stuk = _stuk(traject)
    with pytest.raises(ValidationError) as fout:
        services.lever_aan(stuk, bestanden, door_gebruiker=regisseur)
    assert bevat in " ".join(fout.value.messages)
    stuk.refresh_from_db()
    assert stuk.status == "gevraagd"
    assert not Bestand.objects.exists()
    assert not any(p.is_file() for p in prive_map.rglob("*")) if prive_map.exists() else True


def test_twee_fotos_worden_een_pdf_van_twee_paginas(traject_a, regisseur_a, prive_map):
    stuk = services.lever_aan(
        _stuk(traject_a),
        [jpeg("blad1.jpg"), jpeg("blad2.jpg", (800, 600))],
        door_gebruiker=regisseur_a,
    )
    assert stuk.status == "ontvangen"
    bestand = stuk.bestanden.get()
    inhoud = (prive_map / bestand.bestand.name).read_bytes()
    lezer = PdfReader(io.BytesIO(inhoud))
    assert len(lezer.pages) == 2 == bestand.paginas
    # the landscape photo stays landscape: really its own page
    breedte, hoogte = (float(x) for x in lezer.pages[1].mediabox[2:])
    assert breedte > hoogte


def test_foto_en_pdf_samen_in_volgorde(traject_a, regisseur_a):
    stuk = services.lever_aan(
        _stuk(traject_a), [jpeg(), pdf(paginas=2), jpeg()], door_gebruiker=regisseur_a
    )
    assert stuk.bestanden.get().paginas == 4


def test_te_groot(traject_a, regisseur_a, settings, prive_map):
    settings.PAPIEREN_MAX_BESTAND_BYTES = 1000
    _weigert(traject_a, regisseur_a, [jpeg()], bevat="te groot", prive_map=prive_map)


def test_samen_te_groot(traject_a, regisseur_a, settings, prive_map):
    settings.PAPIEREN_MAX_TOTAAL_BYTES = len(jpeg().read()) + 10
    _weigert(traject_a, regisseur_a, [jpeg(), jpeg()], bevat="Samen", prive_map=prive_map)


def test_geen_pdf_of_foto_naar_inhoud(traject_a, regisseur_a, prive_map):
    tekst = SimpleUploadedFile("afschrift.pdf", b"Dit is gewoon tekst", "application/pdf")
    _weigert(traject_a, regisseur_a, [tekst], bevat="geen foto", prive_map=prive_map)


def test_exe_hernoemd_tot_pdf(traject_a, regisseur_a, prive_map):
    exe = SimpleUploadedFile("afschrift.pdf", b"MZ\x90\x00" + b"\x00" * 200, "application/pdf")
    _weigert(traject_a, regisseur_a, [exe], bevat="geen foto", prive_map=prive_map)


def test_nep_pdf_met_alleen_een_kop(traject_a, regisseur_a, prive_map):
    nep = SimpleUploadedFile("a.pdf", b"%PDF-1.7\nniets daarna", "application/pdf")
    _weigert(
        traject_a, regisseur_a, [nep], bevat="geen PDF die we kunnen lezen", prive_map=prive_map
    )


def test_kapotte_foto(traject_a, regisseur_a, prive_map):
    kapot = SimpleUploadedFile("a.jpg", jpeg().read()[:300], "image/jpeg")
    _weigert(
        traject_a, regisseur_a, [kapot], bevat="geen foto die we kunnen lezen", prive_map=prive_map
    )


def test_versleutelde_pdf(traject_a, regisseur_a, prive_map):
    _weigert(
        traject_a, regisseur_a, [pdf(wachtwoord="geheim")], bevat="wachtwoord", prive_map=prive_map
    )


def _png_kop(breedte: int, hoogte: int) -> bytes:
    """A tiny PNG that claims a huge size (a pixel bomb: small file, huge bitmap)."""

    def blok(soort: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + soort
            + data
            + struct.pack(">I", zlib.crc32(soort + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", breedte, hoogte, 8, 0, 0, 0, 0)
    data = zlib.compress(b"\x00" * 1000)
    return b"\x89PNG\r\n\x1a\n" + blok(b"IHDR", ihdr) + blok(b"IDAT", data) + blok(b"IEND", b"")


def test_pixelbom(traject_a, regisseur_a, prive_map):
    bom = SimpleUploadedFile("bom.png", _png_kop(60000, 60000), "image/png")
    _weigert(traject_a, regisseur_a, [bom], bevat="te veel pixels", prive_map=prive_map)


def test_pixelgrens_uit_de_instelling(traject_a, regisseur_a, settings, prive_map):
    settings.PAPIEREN_MAX_PIXELS = 1000
    _weigert(traject_a, regisseur_a, [jpeg()], bevat="te veel pixels", prive_map=prive_map)


def test_te_veel_paginas(traject_a, regisseur_a, settings, prive_map):
    settings.PAPIEREN_MAX_PAGINAS = 3
    _weigert(traject_a, regisseur_a, [pdf(paginas=4)], bevat="meer dan 3", prive_map=prive_map)


def test_geen_bestand(traject_a, regisseur_a, prive_map):
    _weigert(traject_a, regisseur_a, [], bevat="minstens één", prive_map=prive_map)
