"""The dashboard: the report's own figure functions over any period (one computation), a
constant number of queries, cached per day, counts only, and who may open it."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rapportage import dashboard, figuren
from rapportage.models import Instellingen
from rapportage.perioden import Periode
from tests.bouwers.rijen import Q2

pytestmark = pytest.mark.django_db
D = date
WGS = "wgs-eerste-gesprek"


@pytest.fixture(autouse=True)
def _lege_cache():
    cache.clear()
    yield
    cache.clear()


def _vul(bouw, aantal: int) -> None:
    for i in range(aantal):
        t = bouw.traject(D(2026, 4, 1 + i % 28))
        bouw.gebeurtenis(t, "eerste_gesprek", D(2026, 4, 10 + i % 15))
        bouw.klok(t, WGS, D(2026, 5, 1 + i % 28), gehaald_op=D(2026, 4, 20) if i % 2 else None)


def test_dashboard_rekent_met_dezelfde_functies_als_het_rapport(bouw_a, gemeente_a):
    _vul(bouw_a, 6)
    kwartaal = Periode.kwartaal(Q2)
    data = dashboard.cijfers(gemeente_a.pk, kwartaal)
    rapport = figuren.bereken(gemeente_a.pk, Q2, Instellingen.huidige())
    assert {k: v[0] for k, v in data["figuren"].items()} == rapport
    # A month is a smaller cohort of the same definition.
    mei = dashboard.cijfers(gemeente_a.pk, Periode.maand(2026, 5))
    wgs = next(n for n in mei["figuren"]["normen"][0]["normen"] if n["code"] == WGS)
    assert (wgs["aantal"], wgs["gehaald"]) == (6, 3)
    assert mei["labels"] == ["jan 2026", "feb 2026", "mrt 2026", "apr 2026", "mei 2026"]
    assert mei["per_fase"] == {}  # nobody registered in May
    assert dashboard.cijfers(gemeente_a.pk, Periode.maand(2026, 4))["per_fase"] == {"intake": 6}


def test_normkaarten_met_trend_en_doellijn(bouw_a, gemeente_a):
    _vul(bouw_a, 4)
    kaarten = dashboard.normkaarten(dashboard.cijfers(gemeente_a.pk, Periode.maand(2026, 5)))
    wgs = next(k for k in kaarten if "eerste gesprek" in k.regel.naam.lower())
    assert (wgs.regel.aantal, wgs.regel.gehaald, wgs.regel.percentage) == (4, 2, 50.0)
    assert wgs.soort == "wettelijk"
    assert 'stroke-dasharray="6 4"' in wgs.grafiek  # the target line
    assert "mei 2026: 50,0%" in wgs.grafiek  # the <desc> lists every value
    namen = [k.regel.naam for k in kaarten]
    assert any("financiële rust" in n for n in namen) and any("zelfredzaam" in n for n in namen)


def test_cache_per_dag(bouw_a, gemeente_a):
    _vul(bouw_a, 2)
    mei = Periode.maand(2026, 5)
    dashboard.cijfers(gemeente_a.pk, mei)
    with CaptureQueriesContext(connection) as queries:
        dashboard.cijfers(gemeente_a.pk, mei)
    assert len(queries) == 0


def _pagina_queries(client, gemeente) -> int:
    cache.clear()
    url = reverse("rapportage_dashboard")
    with CaptureQueriesContext(connection) as queries:
        antwoord = client.get(url, {"gemeente": gemeente.pk, "soort": "maand", "maand": "2026-05"})
    assert antwoord.status_code == 200
    return len(queries)


def test_pagina_kost_een_vast_aantal_queries(
    client, contractmanager_a, gemeente_a, bouw_a, django_assert_max_num_queries
):
    client.force_login(contractmanager_a)
    _vul(bouw_a, 2)
    weinig = _pagina_queries(client, gemeente_a)
    _vul(bouw_a, 30)
    assert _pagina_queries(client, gemeente_a) == weinig  # O(1): not per traject
    # From the day's cache: only session, user, gate and the open actions.
    with django_assert_max_num_queries(12):
        client.get(
            reverse("rapportage_dashboard"),
            {"gemeente": gemeente_a.pk, "soort": "maand", "maand": "2026-05"},
        )


def test_pagina_toont_normen_en_uitsplitsing_nooit_een_persoon(
    client, contractmanager_a, gemeente_a, bouw_a
):
    _vul(bouw_a, 3)
    client.force_login(contractmanager_a)
    antwoord = client.get(
        reverse("rapportage_dashboard"),
        {"gemeente": gemeente_a.pk, "soort": "kwartaal", "kwartaal": "2026-2"},
    )
    html = antwoord.content.decode()
    assert "Almelo: 2e kwartaal 2026" in html
    assert "Normen en doelen" in html and "Uitsplitsing" in html
    assert 'id="uitsplitsing-fase"' in html and 'id="uitsplitsing-pakket"' in html
    klant = bouw_a.gemeente.klanten.first()
    assert klant.achternaam not in html and klant.bsn not in html


def test_foute_periode_geeft_melding_en_geen_cijfers(client, contractmanager_a, gemeente_a):
    client.force_login(contractmanager_a)
    antwoord = client.get(
        reverse("rapportage_dashboard"),
        {"gemeente": gemeente_a.pk, "soort": "maand", "maand": "2026-13"},
    )
    html = antwoord.content.decode()
    assert "&#x27;2026-13&#x27; is geen maand" in html and "Normen en doelen" not in html


def test_alleen_contractmanager_en_beheerder(
    client, regisseur_a, consulent_a, contractmanager_a, beheerder, gemeente_a, gemeente_b
):
    url = reverse("rapportage_dashboard")
    for gebruiker in (regisseur_a, consulent_a):
        client.force_login(gebruiker)
        assert client.get(url).status_code == 403
    client.force_login(contractmanager_a)
    # Another gemeente is no choice: the form refuses it, no figures.
    antwoord = client.get(url, {"gemeente": gemeente_b.pk, "soort": "lopend"})
    assert "Normen en doelen" not in antwoord.content.decode()
    assert client.get(reverse("na_inloggen")).url == url  # the contractmanager lands here
    client.force_login(beheerder)
    html = client.get(url, {"gemeente": "stadsbank", "soort": "jaar", "jaar": "2026"})
    assert "Stadsbank – alle gemeenten: het jaar 2026" in html.content.decode()


def test_nachtjob_vult_de_cache_voor_gemeenten_met_een_contractmanager(
    client, contractmanager_a, gemeente_a, gemeente_b, bouw_a, django_assert_max_num_queries
):
    """Issue 19/21: the day's first visit is as fast as the second, because the beat job
    computed the running quarter at night (after the norm watch)."""
    from rapportage.perioden import lopend_kwartaal
    from rapportage.tasks import dashboard_vullen
    from schuldhulp.celery import BEAT_SCHEDULE

    regel = BEAT_SCHEDULE["dashboard-vullen"]
    assert regel["task"] == "rapportage.tasks.dashboard_vullen"
    norm = BEAT_SCHEDULE["normbewaking-dagelijks"]["schedule"]
    assert min(regel["schedule"].hour) * 60 + min(regel["schedule"].minute) > (
        min(norm.hour) * 60 + min(norm.minute)
    )

    _vul(bouw_a, 3)
    assert dashboard_vullen() == 1  # Almelo; Hengelo has no contractmanager
    lopend = lopend_kwartaal(timezone.localdate())
    with CaptureQueriesContext(connection) as queries:
        dashboard.cijfers(gemeente_a.pk, lopend)
    assert len(queries) == 0
    with CaptureQueriesContext(connection) as queries:
        dashboard.cijfers(gemeente_b.pk, lopend)  # not warmed: computed now
    assert len(queries) > 0

    client.force_login(contractmanager_a)
    with django_assert_max_num_queries(12):  # the first visit of the day, from the cache
        antwoord = client.get(reverse("rapportage_dashboard"))
    assert antwoord.status_code == 200 and "Normen en doelen" in antwoord.content.decode()
    assert dashboard_vullen() == 1  # again: idempotent, nothing recomputed
