"""Papers (klantplan.papieren) for tests: the seeded list, and files as a phone sends them."""

from __future__ import annotations

import importlib
import io

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter


def lijst() -> None:
    """The checklist as migration 0002 seeds it (flushed databases have none; idempotent)."""
    importlib.import_module("klantplan.papieren.migrations.0002_lijst").vul(apps, None)


def jpeg(naam: str = "foto.jpg", grootte=(600, 800), kleur="white") -> SimpleUploadedFile:
    uit = io.BytesIO()
    Image.new("RGB", grootte, kleur).save(uit, "JPEG")
    return SimpleUploadedFile(naam, uit.getvalue(), content_type="image/jpeg")


def pdf_bytes(paginas: int = 1, wachtwoord: str = "") -> bytes:
    schrijver = PdfWriter()
    for _ in range(paginas):
        schrijver.add_blank_page(595, 842)
    if wachtwoord:
        schrijver.encrypt(wachtwoord)
    uit = io.BytesIO()
    schrijver.write(uit)
    return uit.getvalue()


def pdf(naam: str = "brief.pdf", paginas: int = 1, wachtwoord: str = "") -> SimpleUploadedFile:
    return SimpleUploadedFile(naam, pdf_bytes(paginas, wachtwoord), "application/pdf")


def ontvangen_stuk(traject, door, code: str = "bankafschriften"):
    """A paper of the traject's list, delivered by `door` (status ontvangen)."""
    from klantplan.papieren import services

    lijst()
    stuk = services.stukken_voor_klant(traject).get(soort__code=code)
    return services.lever_aan(stuk, [pdf()], door_gebruiker=door)
