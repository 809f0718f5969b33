"""The public version of a report (issue 17, ADR 0012): counts of 1 to 4 read "< 5"; the
internal version keeps the exact figures."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from rapportage import services
from rapportage.openbaar import onderdrukt
from schuldhulp.models import Auditregel
from tests.bouwers.rijen import Q2

pytestmark = pytest.mark.django_db


def _rijen(inhoud: str) -> dict[str, list[str]]:
    lezer = csv.reader(io.StringIO(inhoud.lstrip("\ufeff")), delimiter=";")
    return {f"{r[0]}|{r[1]}": r[3:] for r in lezer if len(r) > 3}


@pytest.fixture
def rapport(gemeente_a, bouw_a):
    for dag in (2, 3):  # two aanmeldingen in the quarter: a small count
        bouw_a.traject(date(2026, 4, dag))
    r = services.vraag_aan(gemeente=gemeente_a, kwartaal=Q2, door=None, in_wachtrij=False)
    return services.maak(rapportage_id=r.pk)


def test_regel():
    assert onderdrukt(1, "aantal") == "< 5" and onderdrukt(4, "aantal") == "< 5"
    assert onderdrukt(0, "aantal") is None and onderdrukt(5, "aantal") is None
    assert onderdrukt(3, "centen") is None and onderdrukt(None, "aantal") is None


def test_openbare_csv_schermt_kleine_aantallen_af(client, contractmanager_a, rapport, settings):
    client.force_login(contractmanager_a)
    url = reverse("rapportage_csv", args=[rapport.pk])
    intern = _rijen(client.get(url).content.decode())
    antwoord = client.get(url, {"versie": "openbaar"})
    assert "-openbaar.csv" in antwoord["Content-Disposition"]
    tekst = antwoord.content.decode()
    assert "Openbare versie" in tekst
    openbaar = _rijen(tekst)
    aanmeldingen = next(k for k in intern if k.startswith("Aanmeldingen|"))
    assert intern[aanmeldingen][-1] == "2"
    assert openbaar[aanmeldingen][-1] == "< 5"
    # Every count of 1-4 is hidden, nothing else changed.
    for sleutel, waarden in intern.items():
        for echt, publiek in zip(waarden, openbaar[sleutel], strict=True):
            if publiek != echt:
                assert publiek == "< 5" and 0 < int(echt) < 5, (sleutel, echt)
    assert Auditregel.objects.filter(omschrijving__contains="openbare versie").count() == 1
    settings.RAPPORTAGE_DREMPEL_OPENBAAR = 3
    openbaar = _rijen(client.get(url, {"versie": "openbaar"}).content.decode())
    assert openbaar[aanmeldingen][-1] == "< 3"
