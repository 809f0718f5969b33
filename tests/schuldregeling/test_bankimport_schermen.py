"""The bank statement import in the browser's terms: upload → preview (unknown IBAN listed) →
confirm books; confirming twice, or uploading the same statement again, books nothing twice;
a bad file is refused with a Dutch message; only klantregisseurs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from klantplan.schuldregeling.models import Betaling
from tests.schuldregeling.lopend_bouwers import (
    lopende_regeling,
    op,
    snelle_brieven,  # noqa: F401 (fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("snelle_brieven")]
CAMT = (Path(__file__).parent / "data" / "camt053_drie_maanden.xml").read_bytes()
UPLOAD = reverse("schuldregeling:bankafschrift")
VOORBEELD = reverse("schuldregeling:bankafschrift_voorbeeld")


def _upload(c: Client, inhoud: bytes, naam: str = "afschrift.xml"):
    return c.post(UPLOAD, {"bestand": SimpleUploadedFile(naam, inhoud, "application/xml")})


def _bevestig(c: Client, html: str):
    import re

    velden = dict(re.findall(r'name="(bestand|vingerafdruk)" value="([^"]*)"', html))
    return c.post(VOORBEELD, velden)


def test_inlezen_voorbeeld_bevestigen_en_nooit_dubbel() -> None:
    with op(date(2026, 1, 2)):
        d = lopende_regeling(startdatum=date(2026, 1, 5))
    with op(date(2026, 4, 10)):
        c = Client()
        c.force_login(d.omg.regisseur)
        assert c.get(VOORBEELD)["Location"] == UPLOAD  # nothing uploaded yet
        assert _upload(c, CAMT)["Location"] == VOORBEELD
        html = c.get(VOORBEELD).content.decode()
        assert "Wordt geboekt: <strong>3</strong>" in html
        assert "Onbekend IBAN: <strong>2</strong>" in html
        assert "€ 450,00 ontvangen" in html
        antwoord = _bevestig(c, html)
        assert antwoord.status_code == 302
        assert Betaling.objects.filter(regeling=d.regeling).count() == 3
        # The same preview confirmed again (a second tab, a double click): nothing booked.
        antwoord = c.post(VOORBEELD, {"bestand": "x", "vingerafdruk": "y"})
        assert antwoord["Location"] == UPLOAD  # the upload was used up
        assert _upload(c, CAMT).status_code == 302
        html2 = c.get(VOORBEELD).content.decode()
        assert "Al geboekt: <strong>3</strong>" in html2 and "Bevestigen en boeken" not in html2
        antwoord = _bevestig(c, html)  # the old preview's fingerprint
        assert "Niets geboekt" in c.get(VOORBEELD).content.decode() or antwoord.status_code == 200
        assert Betaling.objects.filter(regeling=d.regeling).count() == 3


def test_slecht_bestand_en_rollen() -> None:
    with op(date(2026, 1, 2)):
        d = lopende_regeling(startdatum=date(2026, 1, 5))
    c = Client()
    c.force_login(d.omg.regisseur)
    antwoord = _upload(c, b"<Document><kapot", "kapot.xml")
    assert antwoord.status_code == 400 and "kan niet worden gelezen" in antwoord.content.decode()
    antwoord = c.post(UPLOAD, {})
    assert antwoord.status_code == 400 and "Kies het bestand" in antwoord.content.decode()
    consulent = Client()
    consulent.force_login(d.omg.consulent)
    assert consulent.get(UPLOAD).status_code == 403
    assert _upload(consulent, CAMT).status_code == 403
