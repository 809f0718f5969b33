"""The DDAS export as a stream (issue 21, punt 4; ADR 0025): the same bytes as the whole
document, read in blocks with a fixed number of queries per block, the first bytes out
before the last traject is read, and every record checked before it is written."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rapportage.ddas import export as ddas_export
from rapportage.ddas.export import Stroom, maak_export
from schuldhulp.models import Organisatie
from tests.bouwers import KlantFactory
from tests.bouwers.ddas import bouw_gemeente, d, lopend_traject, officieel_geldig
from trajecten.models import Traject

pytestmark = pytest.mark.django_db

NU = datetime.fromisoformat("2027-01-15T10:30:00+01:00")
RELATIES = 5  # gebeurtenissen, producten, moratoria, crisisinterventies, schulden


def _trajecten(gemeente, door, aantal: int) -> None:
    for _ in range(aantal):
        lopend_traject(KlantFactory(gemeente=gemeente), door)


@pytest.fixture
def twee_organisaties(gemeente_a, gemeente_b, regisseur_a):
    """Hengelo under an organisation whose name sorts first: its levering comes first."""
    gemeente_b.organisatie = Organisatie.objects.create(naam="Aa Schuldhulp Hengelo")
    gemeente_b.save()
    return [gemeente_a, gemeente_b], bouw_gemeente(gemeente_a, regisseur_a)


@pytest.mark.parametrize("blok", [1, 2, 500])
def test_stroom_is_byte_voor_byte_het_document(twee_organisaties, regisseur_a, blok):
    opties = dict(
        gemeenten=twee_organisaties[0],
        van=d(1, 1),
        tot=d(12, 31),
        contactpersoon=regisseur_a,
        nu=NU,
    )
    # Hengelo (first levering) is empty, Almelo has four: "[]" and a full list in one file.
    stroom = b"".join(Stroom(blok=blok, **opties))
    assert stroom == maak_export(**opties).als_json()
    document = json.loads(stroom)
    assert officieel_geldig(document) == []
    assert [len(lev["schuldhulptrajecten"]) for lev in document["leveringen"]] == [0, 4]


def test_beide_leveringen_gevuld_en_een_fout_record_weggelaten(twee_organisaties, gemeente_b):
    gemeenten, almelo = twee_organisaties
    fout = almelo["afgewezen"]  # its uitstroomreden is checked by the schema
    verhuisd = [almelo["volledig"].pk, almelo["lopend"].pk]
    Traject.objects.filter(pk__in=verhuisd).update(gemeente=gemeente_b)
    Traject.objects.filter(pk=fout.pk).update(uitstroomreden="Weggelopen")
    stroom = Stroom(gemeenten=gemeenten, van=d(1, 1), tot=d(12, 31), nu=NU, blok=2)
    inhoud = b"".join(stroom)
    oud = maak_export(gemeenten=gemeenten, van=d(1, 1), tot=d(12, 31), nu=NU)
    assert inhoud == oud.als_json()
    assert stroom.aantal_trajecten == oud.aantal_trajecten == 3
    assert stroom.aantal_uitgesloten == 1
    assert [p.traject_id for p in stroom.uitgesloten] == [fout.pk]
    assert stroom.uitgesloten[0].pad == "uitstroom.reden"
    document = json.loads(inhoud)
    assert officieel_geldig(document) == []
    per_levering = [len(lev["schuldhulptrajecten"]) for lev in document["leveringen"]]
    assert per_levering == [2, 1]


def test_eerste_bytes_voordat_alle_trajecten_gelezen_zijn(gemeente_a, regisseur_a, monkeypatch):
    _trajecten(gemeente_a, regisseur_a, 7)
    gelezen: list[int] = []
    echt = ddas_export.traject_record

    def tel(traject, **opties):
        gelezen.append(traject.pk)
        return echt(traject, **opties)

    monkeypatch.setattr(ddas_export, "traject_record", tel)
    monkeypatch.setattr(ddas_export, "STUK", 1)  # hand over every record at once
    stukken = iter(Stroom(gemeenten=[gemeente_a], van=d(1, 1), tot=d(12, 31), blok=3))
    with CaptureQueriesContext(connection) as queries:
        eerste = next(stukken)
    assert b'"Burgerservicenummer"' in eerste
    assert len(gelezen) == 1  # one record made, the file is already flowing
    # Only the first block was fetched: the cursor's query and one per relation.
    assert len(queries) == 1 + RELATIES
    rest = b"".join(stukken)
    assert len(gelezen) == 7
    assert officieel_geldig(json.loads(eerste + rest)) == []


def _queries_voor(gemeente, blok: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        for _ in Stroom(gemeenten=[gemeente], van=d(1, 1), tot=d(12, 31), blok=blok):
            pass
    return len(queries)


def test_queries_per_blok_vast(gemeente_a, regisseur_a):
    _trajecten(gemeente_a, regisseur_a, 4)
    assert _queries_voor(gemeente_a, blok=2) == 1 + 2 * RELATIES  # two blocks
    _trajecten(gemeente_a, regisseur_a, 4)
    assert _queries_voor(gemeente_a, blok=2) == 1 + 4 * RELATIES  # four blocks, same cost each
    assert _queries_voor(gemeente_a, blok=500) == 1 + RELATIES


def test_fout_buiten_de_records_geeft_geen_bytes(gemeente_a, regisseur_a):
    regisseur_a.email = "geen-e-mailadres"
    stroom = Stroom(gemeenten=[gemeente_a], van=d(1, 1), tot=d(12, 31), contactpersoon=regisseur_a)
    assert not stroom.aanbiedbaar
    with pytest.raises(ValueError):
        next(iter(stroom))


def test_controleren_telt_zonder_te_bewaren(gemeente_a, regisseur_a):
    bouw_gemeente(gemeente_a, regisseur_a)
    stroom = Stroom(gemeenten=[gemeente_a], van=d(1, 1), tot=d(12, 31)).controleer()
    assert stroom.aantal_trajecten == 4 and not stroom.uitgesloten
    assert stroom.selectie().count() == 4
