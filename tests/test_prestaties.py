"""Issue 8: a page costs the same number of SQL queries whatever the number of rows.

Each page is requested at two sizes of realistic data (journeys from the demo planner, written
the way the scale generator writes them: events, products, clocks, signaleringen, schulden,
klantplannen); the number of queries must not change. The timings at scale are in
bench/README.md (bench/paginas.py), not here: timed tests on a shared machine only flake.
"""

from __future__ import annotations

import importlib
import random
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from demo import plan as demo_plan
from demo.schaal import schrijf_trajecten
from klantplan.models import Schuld, Schuldeiser
from rapportage.models import Kwartaalrapportage
from tests.bouwers import KlantFactory
from trajecten import normbewaking
from trajecten.models import Crisisinterventie, Gebeurtenis, Moratorium, Product, Traject

pytestmark = pytest.mark.django_db


def _aantal_queries(client, url: str) -> int:
    client.get(url)  # warm up: session, caches
    with CaptureQueriesContext(connection) as queries:
        antwoord = client.get(url)
    assert antwoord.status_code == 200, url
    return len(queries)


def _trajecten(gemeente, aantal: int, *, seed: int, klant=None, gesloten: bool = False) -> None:
    """`aantal` journeys of new klanten (or, closed, of `klant`) in every phase."""
    rng = random.Random(seed)
    vandaag = timezone.localdate()
    reizen = []
    for _ in range(aantal):
        aanmelding = vandaag - timedelta(days=rng.randint(60 if gesloten else 0, 700))
        reis = demo_plan.maak_reis(
            rng,
            aanmelddatum=aanmelding,
            vandaag=vandaag,
            sluit_uiterlijk=aanmelding + timedelta(days=30) if gesloten else None,
        )
        reizen.append((reis, klant or KlantFactory(gemeente=gemeente)))
    schrijf_trajecten(reizen, vandaag=vandaag, seed=seed)


@pytest.fixture
def dossiers(gemeente_a, regisseur_a):
    _trajecten(gemeente_a, 4, seed=1)
    return gemeente_a


@pytest.mark.parametrize(
    "url",
    [
        "/werkvoorraad/",
        "/werkvoorraad/?weergave=team",
        "/werkvoorraad/?weergave=team&aan_zet=team",
        "/werkvoorraad/?aan_zet=ik",
        "/signaleringen/",
    ],
)
def test_werkvoorraad(client, dossiers, regisseur_a, url):
    client.force_login(regisseur_a)
    weinig = _aantal_queries(client, url)
    _trajecten(dossiers, 70, seed=2)  # open ones: more than a page of 25
    assert Traject.objects.filter(behandelaar=regisseur_a).exclude(fase="uitgestroomd").count() > 25
    assert _aantal_queries(client, url) == weinig


@pytest.mark.parametrize("zoek", ["", "?q=a", "?q=7607+AB"])
def test_klantenlijst(client, dossiers, regisseur_a, zoek):
    client.force_login(regisseur_a)
    weinig = _aantal_queries(client, f"/klanten/{zoek}")
    KlantFactory.create_batch(40, gemeente=dossiers)
    assert _aantal_queries(client, f"/klanten/{zoek}") == weinig


def test_klant_detail(client, dossiers, regisseur_a):
    client.force_login(regisseur_a)
    klant = Traject.objects.filter(gemeente=dossiers).first().klant
    url = f"/klanten/{klant.pk}/"
    weinig = _aantal_queries(client, url)
    _trajecten(dossiers, 5, seed=3, klant=klant, gesloten=True)  # a klant who came back
    assert klant.trajecten.count() == 6
    assert _aantal_queries(client, url) == weinig


def test_traject_detail(client, dossiers, regisseur_a):
    client.force_login(regisseur_a)
    traject = Traject.objects.filter(gemeente=dossiers).exclude(fase="uitgestroomd").first()
    url = f"/trajecten/{traject.pk}/"
    weinig = _aantal_queries(client, url)
    # many more events, products (with their clocks), crises and moratoria on the same page
    vandaag = timezone.localdate()
    Gebeurtenis.objects.bulk_create(
        Gebeurtenis(traject=traject, soort="behandelaar", datum=vandaag, door=regisseur_a)
        for _ in range(30)
    )
    for soort in ("Budgetbeheer", "Budgetcoaching", "Schuldbemiddeling", "Budgetbeheer"):
        Product.objects.create(traject=traject, soort=soort, startdatum=vandaag)
    Crisisinterventie.objects.bulk_create(
        Crisisinterventie(traject=traject, soort="beslag", startdatum=vandaag) for _ in range(3)
    )
    Moratorium.objects.bulk_create(
        Moratorium(traject=traject, aanvraagdatum=vandaag) for _ in range(3)
    )
    normbewaking.herbereken(traject)
    assert traject.klokken.count() >= 6
    assert _aantal_queries(client, url) == weinig


def test_schuldentabel(client, dossiers, regisseur_a):
    client.force_login(regisseur_a)
    traject = Traject.objects.filter(gemeente=dossiers).first()
    url = f"/trajecten/{traject.pk}/schulden/"
    Schuld.objects.filter(traject=traject).delete()
    eisers = list(Schuldeiser.objects.order_by("pk"))
    weinig = _aantal_queries(client, url)  # an empty overview

    def schuld(n: int) -> Schuld:
        return Schuld(
            traject=traject,
            schuldeiser=eisers[n % len(eisers)],
            oorspronkelijk_bedrag_cent=100_000 + n,
            actueel_bedrag_cent=120_000 + n,
            peildatum=date(2026, 1, 1),
            bijgewerkt_door=regisseur_a,
        )

    Schuld.objects.bulk_create(schuld(n) for n in range(2))
    twee = _aantal_queries(client, url)
    Schuld.objects.bulk_create(schuld(n) for n in range(2, 40))
    assert _aantal_queries(client, url) == twee
    assert twee - weinig <= 2  # the table and its totals appear once there are rows


def _rapportage(gemeente, jaar: int, kwartaal: int) -> Kwartaalrapportage:
    return Kwartaalrapportage.objects.create(
        gemeente=gemeente,
        jaar=jaar,
        kwartaal=kwartaal,
        versie=1,
        status="klaar",
        pdf=b"%PDF-1.7",
        checksum="0" * 64,
        gemaakt_op=timezone.now(),
    )


def test_rapportagelijst(client, gemeente_a, contractmanager_a):
    client.force_login(contractmanager_a)
    _rapportage(gemeente_a, 2025, 1)
    weinig = _aantal_queries(client, "/rapportages/")
    for jaar, kwartaal in [(2024, k) for k in range(1, 5)] + [(2025, k) for k in range(2, 5)]:
        _rapportage(gemeente_a, jaar, kwartaal)
    assert _aantal_queries(client, "/rapportages/") == weinig


# --------------------------------------------------------------------------- the search index

ZOEKINDEX = importlib.import_module("schuldhulp.migrations.0007_klant_zoek_trigram")


def test_zoekindex_waar_pg_trgm_er_is():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        beschikbaar = cursor.fetchone() is not None
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [ZOEKINDEX.INDEX])
        assert (cursor.fetchone() is not None) == beschikbaar


class _Cursor:
    """A cursor of a PostgreSQL without pg_trgm (the embedded server of ./dev)."""

    def __init__(self) -> None:
        self.sql: list[str] = []

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def execute(self, sql: str, params=None) -> None:
        self.sql.append(sql)

    def fetchone(self):
        return None


def test_zoekindex_migratie_slaat_over_zonder_pg_trgm():
    cursor = _Cursor()
    verbinding = SimpleNamespace(cursor=lambda: cursor, alias="default")
    ZOEKINDEX.maak(apps=None, schema_editor=SimpleNamespace(connection=verbinding))
    assert len(cursor.sql) == 1 and "pg_available_extensions" in cursor.sql[0]
