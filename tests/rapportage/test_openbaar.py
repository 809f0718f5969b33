"""The public version of a report (issue 17, ADR 0012): counts of 1 to 4 read "< 5"; the
internal version keeps the exact figures."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from rapportage import figuren, services
from rapportage.openbaar import AFGESCHERMD, onderdrukt, percentage_onderdrukt
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
    # Every count of 1-4 is hidden, nothing else changed (percentages: the test below).
    for sleutel, waarden in intern.items():
        for echt, publiek in zip(waarden, openbaar[sleutel], strict=True):
            if publiek not in (echt, AFGESCHERMD):
                assert publiek == "< 5" and 0 < int(echt) < 5, (sleutel, echt)
    assert Auditregel.objects.filter(omschrijving__contains="openbare versie").count() == 1
    settings.RAPPORTAGE_DREMPEL_OPENBAAR = 3
    openbaar = _rijen(client.get(url, {"versie": "openbaar"}).content.decode())
    assert openbaar[aanmeldingen][-1] == "< 3"


def test_percentageregel():
    """A percentage of people is hidden when its numerator, denominator or rest is 1-4."""
    assert percentage_onderdrukt(50.0, 1, 2) == AFGESCHERMD  # 1 of 2
    assert percentage_onderdrukt(0.0, 0, 3) == AFGESCHERMD  # a group of 3
    assert percentage_onderdrukt(97.0, 97, 100) == AFGESCHERMD  # the 3 others
    assert percentage_onderdrukt(25.0, 0 + 5, 20) is None
    assert percentage_onderdrukt(100.0, 20, 20) is None  # no rest: nobody singled out
    assert percentage_onderdrukt(None, 0, 0) is None  # no value: nothing to hide
    assert percentage_onderdrukt(12.0, None, None) == AFGESCHERMD  # unknown basis: hidden
    assert percentage_onderdrukt(12.0, None, None, over_personen=False) is None


def test_elk_percentage_van_personen_kent_zijn_basis(rapport):
    """Every percentage row of every figure carries its numerators and denominators (or says
    it is not about people), so the public version can judge it."""
    for figuur in figuren.figuren():
        reeks = rapport.cijfers["figuren"].get(figuur.sleutel)
        if reeks is None:
            continue
        for regel in figuur.regels(reeks):
            if regel.eenheid == "pct" and regel.over_personen:
                assert regel.basis is not None, (figuur.sleutel, regel.label)
                tellers, noemers = regel.basis
                assert len(tellers) == len(noemers) == len(regel.waarden)


def test_openbare_csv_schermt_percentages_van_kleine_groepen_af(client, contractmanager_a, rapport):
    client.force_login(contractmanager_a)
    url = reverse("rapportage_csv", args=[rapport.pk])
    intern = _rijen(client.get(url).content.decode())
    tekst = client.get(url, {"versie": "openbaar"}).content.decode()
    assert AFGESCHERMD in tekst.splitlines()[1]  # the heading says what it means
    openbaar = _rijen(tekst)
    # Recidive over the 2 aangemelde klanten of the quarter: 0%, but of a group of 2.
    recidive = next(k for k in intern if k.endswith("|Aangemelde klanten – Recidive"))
    assert intern[recidive][-1] == "0,0" and openbaar[recidive][-1] == AFGESCHERMD
    # Only percentages and small counts changed; an empty percentage stays empty.
    for sleutel, waarden in intern.items():
        for echt, publiek in zip(waarden, openbaar[sleutel], strict=True):
            if publiek == AFGESCHERMD:  # only a percentage that had a value
                assert echt != "" and echt.replace(",", "").isdigit(), (sleutel, echt)
            elif publiek != echt:
                assert publiek == "< 5" and 0 < int(echt) < 5, (sleutel, echt)
