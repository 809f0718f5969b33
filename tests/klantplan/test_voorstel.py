"""Saneringsvoorstel: inputs and result stored; bad input refused; the result adds up."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from klantplan import services
from klantplan.models import Voorstel
from klantplan.services import Schuldgegevens


@pytest.fixture
def met_schulden(traject_a, regisseur_a, schuldeisers):
    for naam, bedrag, status in [
        ("Belastingdienst", 50_000, "vastgesteld"),
        ("CJIB", 100_000, "vastgesteld"),
        ("Vitens", 150_000, "aangemeld"),
        ("Menzis", 99_999, "afgewezen"),  # does not count
    ]:
        services.voeg_schuld_toe(
            traject=traject_a,
            door=regisseur_a,
            gegevens=Schuldgegevens(
                schuldeiser=schuldeisers[naam],
                oorspronkelijk_bedrag_cent=bedrag,
                actueel_bedrag_cent=bedrag,
                peildatum=timezone.localdate(),
                status=status,
            ),
        )
    return traject_a


def test_schuldregeling_wordt_berekend_en_bewaard(met_schulden, regisseur_a):
    voorstel = services.bereken_voorstel(
        traject=met_schulden,
        door=regisseur_a,
        soort="schuldregeling",
        aflosruimte_per_maand_cent=5_000,
    )
    voorstel = Voorstel.objects.get(pk=voorstel.pk)
    assert (voorstel.looptijd_maanden, voorstel.preferent_factor) == (18, Decimal("2.00"))
    assert [r["schuldeiser"] for r in voorstel.invoer] == ["Belastingdienst", "CJIB", "Vitens"]
    resultaat = voorstel.resultaat
    assert resultaat["beschikbaar_cent"] == 90_000
    assert resultaat["totaal_schuld_cent"] == 300_000
    aandelen = {a["sleutel"]: a["aandeel_cent"] for a in resultaat["aandelen"]}
    assert sum(aandelen.values()) == 90_000
    belasting = next(r for r in voorstel.invoer if r["schuldeiser"] == "Belastingdienst")
    # Worked out in tests/klantplan/test_sanering.py: preferent 50000 → 25714 cent.
    assert aandelen[belasting["sleutel"]] == 25_714


def test_saneringskrediet(met_schulden, regisseur_a):
    voorstel = services.bereken_voorstel(
        traject=met_schulden, door=regisseur_a, soort="saneringskrediet", krediet_cent=300_000
    )
    assert voorstel.looptijd_maanden is None
    assert voorstel.resultaat["overschot_cent"] == 0
    assert all(a["percentage"] == "100.00" for a in voorstel.resultaat["aandelen"])


@pytest.mark.parametrize(
    ("invoer", "bericht"),
    [
        ({"looptijd_maanden": 0, "aflosruimte_per_maand_cent": 100}, "18 maanden"),
        ({"looptijd_maanden": 24, "aflosruimte_per_maand_cent": 100}, "18 maanden"),
        ({"aflosruimte_per_maand_cent": -1}, "niet negatief"),
        ({"aflosruimte_per_maand_cent": 1_000_000_001}, "10.000.000"),
        ({"aflosruimte_per_maand_cent": 100, "preferent_factor": Decimal("0.5")}, "tussen 1"),
    ],
)
def test_onzinnige_invoer_geweigerd(met_schulden, regisseur_a, invoer, bericht):
    with pytest.raises(services.Ongeldig, match=bericht):
        services.bereken_voorstel(
            traject=met_schulden, door=regisseur_a, soort="schuldregeling", **invoer
        )
    assert not Voorstel.objects.exists()


def test_zonder_schulden_geen_voorstel(traject_a, regisseur_a):
    with pytest.raises(services.Geweigerd, match="geen openstaande schulden"):
        services.bereken_voorstel(
            traject=traject_a,
            door=regisseur_a,
            soort="schuldregeling",
            aflosruimte_per_maand_cent=100,
        )


def test_formulier_weigert_looptijd_nul(client, met_schulden, regisseur_a):
    client.force_login(regisseur_a)
    antwoord = client.post(
        f"/trajecten/{met_schulden.pk}/saneringsvoorstel/",
        {
            "soort": "schuldregeling",
            "aflosruimte": "50,00",
            "looptijd_maanden": "0",
            "preferent_factor": "2",
        },
    )
    assert antwoord.status_code == 200
    assert "De looptijd is 18 maanden, of 36 maanden voor oudere regelingen." in (
        antwoord.content.decode()
    )
    assert not Voorstel.objects.exists()
    antwoord = client.post(
        f"/trajecten/{met_schulden.pk}/saneringsvoorstel/",
        {
            "soort": "schuldregeling",
            "aflosruimte": "50,00",
            "looptijd_maanden": "18",
            "preferent_factor": "2",
        },
    )
    voorstel = Voorstel.objects.get()
    assert antwoord.url == f"/trajecten/{met_schulden.pk}/saneringsvoorstel/{voorstel.pk}/"
    pagina = client.get(antwoord.url).content.decode()
    assert "€ 257,14" in pagina and "€ 900,00" in pagina
