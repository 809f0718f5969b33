"""Papers: trajecten made through the services, the seeded checklist, a private file root."""

from __future__ import annotations

import importlib
import io

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.bouwers import toegelaten_traject


@pytest.fixture(autouse=True)
def prive_map(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "prive"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def lijst(db):
    """The checklist as migration 0002 seeds it (flushed databases have none)."""
    importlib.import_module("klantplan.papieren.migrations.0002_lijst").vul(apps, None)


@pytest.fixture
def traject_a(klant_a, regisseur_a, lijst):
    """Almelo, package Ontzorging: the Stadsbank gathers the information."""
    return toegelaten_traject(klant_a, regisseur_a)


@pytest.fixture
def traject_b(klant_b, consulent_b, lijst):
    """Hengelo, package Basis: the gemeente gathers the information."""
    return toegelaten_traject(klant_b, consulent_b)


def jpeg(naam: str = "foto.jpg", grootte=(600, 800), kleur="white") -> SimpleUploadedFile:
    uit = io.BytesIO()
    Image.new("RGB", grootte, kleur).save(uit, "JPEG")
    return SimpleUploadedFile(naam, uit.getvalue(), content_type="image/jpeg")


def pdf(naam: str = "brief.pdf", paginas: int = 1, wachtwoord: str = "") -> SimpleUploadedFile:
    from pypdf import PdfWriter

    schrijver = PdfWriter()
    for _ in range(paginas):
        schrijver.add_blank_page(595, 842)
    if wachtwoord:
        schrijver.encrypt(wachtwoord)
    uit = io.BytesIO()
    schrijver.write(uit)
    return SimpleUploadedFile(naam, uit.getvalue(), content_type="application/pdf")
