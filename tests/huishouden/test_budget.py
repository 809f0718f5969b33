"""The budget (issue 15, point 2): posts per month in versions, through the gate, on the page,
and the client's month overview as PDF."""

from __future__ import annotations

import pytest
from django.urls import reverse

from klantplan.huishouden import budget
from klantplan.huishouden.models import Budget
from klantplan.models import Document
from tests.bouwers.trajecten import aanmelding
from trajecten.services import Geweigerd

pytestmark = pytest.mark.django_db

P = budget.Postgegevens


@pytest.fixture
def traject_a(klant_a, regisseur_a):
    return aanmelding(klant_a, regisseur_a)


def test_versies_en_maand(traject_a, regisseur_a):
    kwargs = {"traject_id": traject_a.pk, "door": regisseur_a}
    budget.voeg_post_toe(**kwargs, gegevens=P("uitkering", "klant", 130_000))
    huur = budget.voeg_post_toe(**kwargs, gegevens=P("huur", "klant", 75_000, "Domijn"))
    budget.voeg_post_toe(**kwargs, gegevens=P("zorgpremie", "klant", 15_000))
    eerste = budget.stel_vast(**kwargs)
    assert (eerste.versie, eerste.status) == (1, "vastgesteld")
    maand = budget.maand(eerste)
    assert (maand.totaal_in, maand.totaal_uit, maand.over) == (130_000, 90_000, 40_000)

    # A change after vaststellen: a new concept with the same posts, the old one frozen.
    budget.verwijder_post(**kwargs, post_id=huur.pk)
    tweede = budget.huidig(traject_a)
    assert (tweede.versie, tweede.status) == (2, "concept")
    assert sorted(p.soort for p in tweede.posten.all()) == ["uitkering", "zorgpremie"]
    assert eerste.posten.count() == 3


@pytest.mark.parametrize(
    ("gegevens", "melding"),
    [
        (P("huur", "klant", -1), "tussen € 0 en € 100.000"),
        (P("huur", "klant", 10_000_001), "tussen € 0 en € 100.000"),
        (P("huur", "klant", None), "Vul het bedrag"),
        (P("lening", "klant", 100), "Kies wat voor inkomen"),
        (P("huur", "partner", 100), "geen partner"),
    ],
)
def test_onjuiste_post(traject_a, regisseur_a, gegevens, melding):
    with pytest.raises(Geweigerd, match=melding):
        budget.voeg_post_toe(traject_id=traject_a.pk, door=regisseur_a, gegevens=gegevens)
    assert not Budget.objects.exists()  # nothing half-saved


def test_zonder_inkomen_niet_vaststellen(traject_a, regisseur_a):
    budget.voeg_post_toe(traject_id=traject_a.pk, door=regisseur_a, gegevens=P("huur", "klant", 1))
    with pytest.raises(Geweigerd, match="zonder inkomsten"):
        budget.stel_vast(traject_id=traject_a.pk, door=regisseur_a)


def test_pagina_en_maandoverzicht(client, traject_a, regisseur_a):
    client.force_login(regisseur_a)
    url = reverse("huishouden:budget", args=[traject_a.pk])
    assert "Er is nog geen budget." in client.get(url).content.decode()
    fout = client.post(
        reverse("huishouden:budget_post", args=[traject_a.pk]), {"soort": "huur", "van": "klant"}
    )
    assert fout.status_code == 400
    for soort, bedrag in (("uitkering", "1.300,00"), ("huur", "750,00")):
        client.post(
            reverse("huishouden:budget_post", args=[traject_a.pk]),
            {"soort": soort, "van": "klant", "bedrag": bedrag},
        )
    pagina = client.get(url).content.decode()
    assert "€ 1.300,00" in pagina and "€ 550,00" in pagina
    client.post(
        reverse("klantplan:document_maak", args=[traject_a.pk]), {"soort": "maandoverzicht"}
    )
    document = Document.objects.get(soort="maandoverzicht")
    assert document.inhoud[:4] == b"%PDF"
    assert document.titel == "Zo ziet uw maand eruit (budget versie 1)"
