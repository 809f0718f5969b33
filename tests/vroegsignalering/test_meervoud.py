"""Dutch singular and plural of zaak and signaal on the list and work list pages (issue 17:
"1 nieuwe zak", "1 nieuwe signaal")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from schuldhulp import opmaak
from tests.bouwers.signalen import csv_bestand, csv_rij, geldig_bsn
from trajecten.vroegsignalering import services

pytestmark = pytest.mark.django_db

# za{{ n|pluralize:"en" }} gives "zak"/"zaken"; "nieuwe signa…" without nieuw/nieuwe.
FOUT = re.compile(r"zak\{\{[^}]*pluralize|nieuwe signa\{\{")


def _tekst(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_een_zaak_en_een_signaal(client, gemeente_a, regisseur_a, normen):
    batch = services.upload_lijst(
        gemeente=gemeente_a,
        door=regisseur_a,
        bestandsnaam="een.csv",
        inhoud=csv_bestand([csv_rij(bsn=geldig_bsn())]),
    )
    client.force_login(regisseur_a)
    tekst = _tekst(client.get(f"/vroegsignalen/lijsten/{batch.pk}/"))
    assert "1 nieuw signaal" in tekst and "1 nieuwe zaak" in tekst
    assert "0 bestaande zaken" in tekst
    assert "zak " not in tekst and "nieuwe signaal" not in tekst

    services.bevestig_batch(batch_id=batch.pk, door=regisseur_a)
    tekst = _tekst(client.get(f"/vroegsignalen/lijsten/{batch.pk}/"))
    assert "1 signaal opgeslagen, 1 nieuwe zaak," in tekst
    tekst = _tekst(client.get("/vroegsignalen/"))
    assert "1 open zaak" in tekst and "1 zaak" in tekst and "zak " not in tekst


def test_geen_template_vervoegt_zaak_of_signaal_fout():
    mappen = [Path(settings.BASE_DIR)]
    fout = [
        str(p)
        for m in mappen
        for p in m.glob("**/templates/**/*.html")
        if ".venv" not in p.parts and FOUT.search(p.read_text())
    ]
    assert fout == []


def test_aantal():
    assert opmaak.aantal(1, "nieuwe zaak", "nieuwe zaken") == "1 nieuwe zaak"
    assert opmaak.aantal(1234, "signaal", "signalen") == "1.234 signalen"
    assert opmaak.aantal(0, "signaal", "signalen") == "0 signalen"
