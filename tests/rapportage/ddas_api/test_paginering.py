"""Pages over 10,000 trajecten (made with bulk_create): every traject exactly once, in a
stable order, with the Paginering the yaml describes; and the vendored VS schema unchanged."""

from __future__ import annotations

import hashlib
import random
from datetime import date

import pytest

from rapportage.ddas.api import vroegsignalen
from schuldhulp.models import Klant
from schuldhulp.validators import genereer_bsn
from tests.rapportage.ddas_api.conftest import SHV, gecontroleerd
from trajecten.models import Traject

pytestmark = pytest.mark.django_db

AANTAL = 10_000
# json_schema_Uitwisselmodel.json of VNG-Realisatie/ddas-vroegsignalering v1.0 (v1.0/ in
# that repository, commit 903c28f), stored unchanged.
VS_SCHEMA_SHA256 = "d6afc2fdcb429f518b246c743c643623f886ef53d3ab1e21a6d18519e7a56a1c"


def test_vs_schema_is_ongewijzigd() -> None:
    assert hashlib.sha256(vroegsignalen.SCHEMA_PAD.read_bytes()).hexdigest() == VS_SCHEMA_SHA256


@pytest.fixture
def tienduizend(gemeente_a) -> set[str]:
    rng = random.Random(18)
    bsns: set[str] = set()
    while len(bsns) < AANTAL:
        bsns.add(genereer_bsn(rng))
    klanten = Klant.objects.bulk_create(
        [
            Klant(
                bsn=bsn,
                voornamen="Test",
                achternaam=f"Bulk {i}",
                geboortedatum=date(1980, 1, 1),
                postcode="7607 AB",
                huisnummer=str(i % 300 + 1),
                gemeente=gemeente_a,
            )
            for i, bsn in enumerate(sorted(bsns))
        ],
        batch_size=2000,
    )
    afspraak = gemeente_a.afspraken.get()
    Traject.objects.bulk_create(
        [
            Traject(
                klant=k,
                gemeente=gemeente_a,
                afspraak=afspraak,
                aanmelddatum=date(2026, 1, 1 + i % 28),
                kanaal="wijkteam",
            )
            for i, k in enumerate(klanten)
        ],
        batch_size=2000,
    )
    return bsns


def test_tienduizend_trajecten_in_paginas(cbs, tienduizend, settings) -> None:
    settings.DDAS_API_MAX_PAGINAGROOTTE = 4000
    gezien: list[str] = []
    pagina = 1
    while True:
        body = gecontroleerd(
            cbs.post(
                SHV,
                {
                    "aanleverperiodeStartdatum": "2026-01-01",
                    "aanleverperiodeEinddatum": "2026-12-31",
                    "page": pagina,
                    "pageSize": 4000,
                },
            )
        )
        p = body["paginering"]
        assert p == {
            "pageSize": 4000,
            "currentPage": pagina,
            "totalPages": 3,
            "totalRecords": AANTAL,
        }
        records = body["gegevens"]["leveringen"][0]["schuldhulptrajecten"]
        assert len(records) == (4000 if pagina < 3 else 2000)
        gezien += [r["client"][0]["Burgerservicenummer"] for r in records]
        if pagina == p["totalPages"]:
            break
        pagina += 1
    assert len(gezien) == len(set(gezien)) == AANTAL
    assert set(gezien) == tienduizend
    # Page 2 again: the same trajecten (a stable order).
    opnieuw = gecontroleerd(
        cbs.post(SHV, {"aanleverperiodeStartdatum": "2026-01-01", "page": 2, "pageSize": 4000})
    )
    tweede = [
        r["client"][0]["Burgerservicenummer"]
        for r in opnieuw["gegevens"]["leveringen"][0]["schuldhulptrajecten"]
    ]
    assert tweede == gezien[4000:8000]
