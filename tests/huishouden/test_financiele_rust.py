"""Financiële rust as a checklist (issue 15, point 4): the step asks for the three points of the
Heusden definition, each with the dossier's evidence or an explanation; refused otherwise,
nothing recorded."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from klantplan import rustbewijs
from klantplan.huishouden import budget
from klantplan.services import schulden as kp
from tests.bouwers.omgeving import omgeving
from tests.bouwers.trajecten import traject_in, vandaag
from trajecten import services, stabilisatie
from trajecten.models import Fase, Gebeurtenis, Traject
from trajecten.services import Geweigerd
from trajecten.workflow import FINANCIELE_RUST_PUNTEN

pytestmark = pytest.mark.django_db

P = budget.Postgegevens
RUST = "bereik_financiele_rust"


@pytest.fixture
def omg():
    return omgeving("ontzorging")


@pytest.fixture
def traject(omg):
    return traject_in(omg, Fase.STABILISATIE)


def _fase(traject) -> str:
    return Traject.objects.values_list("fase", flat=True).get(pk=traject.pk)


def _stap(traject, door, controlelijst):
    return services.voer_overgang_uit(
        traject_id=traject.pk,
        overgang=RUST,
        door=door,
        datum=vandaag(),
        controlelijst=controlelijst,
    )


def _budget(traject, door, inkomen: int, huur: int) -> None:
    kwargs = {"traject_id": traject.pk, "door": door}
    budget.voeg_post_toe(**kwargs, gegevens=P("uitkering", "klant", inkomen))
    budget.voeg_post_toe(**kwargs, gegevens=P("huur", "klant", huur))
    budget.stel_vast(**kwargs)


def test_zonder_de_drie_punten_geweigerd(traject, omg):
    with pytest.raises(Geweigerd, match="Vink dit aan als het klopt: De schulden groeien"):
        _stap(traject, omg.regisseur, {})
    assert _fase(traject) == Fase.STABILISATIE
    assert not Gebeurtenis.objects.filter(traject=traject, soort="financiele_rust").exists()


def test_zonder_bewijs_een_toelichting_nodig(traject, omg):
    aangevinkt = {sleutel: "" for sleutel, _ in FINANCIELE_RUST_PUNTEN}
    with pytest.raises(Geweigerd, match="Leg in de toelichting uit"):
        _stap(traject, omg.regisseur, aangevinkt)
    te_kort = dict.fromkeys(aangevinkt, "ok")  # too short to be an explanation
    with pytest.raises(Geweigerd, match="Leg in de toelichting uit"):
        _stap(traject, omg.regisseur, te_kort)
    assert _fase(traject) == Fase.STABILISATIE


def test_bewijs_uit_het_dossier(traject, omg):
    gezien = rustbewijs.bewijs(traject, vandaag())
    assert not any(b.aanwezig for b in gezien.values())
    geen = "Het schuldenoverzicht heeft nog geen schuldeisers."
    assert gezien["schuldeisers_weten"].tekst == geen

    _budget(traject, omg.regisseur, 150_000, 80_000)
    stabilisatie.registreer_moratorium(
        traject_id=traject.pk,
        door=omg.regisseur,
        aanvraagdatum=vandaag(),
        startdatum=vandaag(),
    )
    for naam in ("Woonbedrijf Rust", "Energie Rust"):
        eiser = kp.voeg_schuldeiser_toe(door=omg.regisseur, naam=naam, soort="overig")
        kp.voeg_schuld_toe(
            traject=traject,
            door=omg.regisseur,
            gegevens=kp.Schuldgegevens(eiser, 10_000, 10_000, vandaag()),
        )
    gezien = rustbewijs.bewijs(traject, vandaag())
    assert gezien["groei_gestopt"].aanwezig
    assert gezien["groei_gestopt"].tekst.startswith("Het moratorium loopt sinds")
    assert gezien["vaste_lasten"].aanwezig
    assert "inkomsten € 1.500,00, vaste lasten € 800,00" in gezien["vaste_lasten"].tekst
    assert not gezien["schuldeisers_weten"].aanwezig
    assert gezien["schuldeisers_weten"].tekst == (
        "0 van de 2 schuldeisers hebben een kennisgeving gekregen."
    )

    # Where the dossier shows it, a tick is enough; the third point still needs words.
    antwoorden = {"groei_gestopt": "", "vaste_lasten": "", "schuldeisers_weten": ""}
    with pytest.raises(Geweigerd) as fout:
        _stap(traject, omg.regisseur, antwoorden)
    assert str(fout.value) == (
        "Het dossier laat dit niet zien. Leg in de toelichting uit waaruit het blijkt."
    )
    antwoorden["schuldeisers_weten"] = "Beide schuldeisers zijn op 1 december gebeld."
    traject = _stap(traject, omg.regisseur, antwoorden)
    assert traject.fase == Fase.FINANCIELE_RUST
    rij = Gebeurtenis.objects.get(traject=traject, soort="financiele_rust")
    punten = {p["punt"]: p for p in rij.gegevens["controlelijst"]}
    assert set(punten) == {sleutel for sleutel, _ in FINANCIELE_RUST_PUNTEN}
    assert punten["vaste_lasten"]["bewijs"].startswith("Budget vastgesteld op")
    assert punten["schuldeisers_weten"]["toelichting"] == antwoorden["schuldeisers_weten"]


def test_budget_met_tekort_is_geen_bewijs(traject, omg):
    _budget(traject, omg.regisseur, 100_000, 120_000)
    gezien = rustbewijs.bewijs(traject, vandaag())
    assert not gezien["vaste_lasten"].aanwezig
    assert "er is een tekort van € 200,00" in gezien["vaste_lasten"].tekst
    assert not gezien["groei_gestopt"].aanwezig


def _formulier(traject, **velden) -> dict:
    prefix = f"stap-{RUST}"
    data = {"versie": traject.versie, "datum": vandaag().isoformat(), **velden}
    return {f"{prefix}-{k}": v for k, v in data.items()}


def test_in_de_browser(client, traject, omg):
    client.force_login(omg.regisseur)
    pagina = client.get(reverse("traject_detail", args=[traject.pk])).content.decode()
    for _, uitspraak in FINANCIELE_RUST_PUNTEN:
        assert uitspraak in pagina
    assert "In het dossier: Er is nog geen vastgesteld budget." in pagina

    url = reverse("traject_overgang", args=[traject.pk, RUST])
    fout = client.post(url, _formulier(traject, punt_groei_gestopt="on"))
    tekst = re.sub(r"\s+", " ", fout.content.decode())
    assert "Vink dit aan als het klopt: De vaste lasten worden elke maand betaald." in tekst
    assert "Leg in de toelichting uit waaruit het blijkt." in tekst
    assert _fase(traject) == Fase.STABILISATIE

    velden = {}
    for sleutel, _ in FINANCIELE_RUST_PUNTEN:
        velden[f"punt_{sleutel}"] = "on"
        velden[f"toelichting_{sleutel}"] = "Nagegaan met de klant en de bankafschriften."
    antwoord = client.post(url, _formulier(traject, **velden), follow=True)
    assert _fase(traject) == Fase.FINANCIELE_RUST
    tekst = re.sub(r"\s+", " ", antwoord.content.decode())
    assert "✓ De schulden groeien niet meer." in tekst
    assert "Toelichting: Nagegaan met de klant en de bankafschriften." in tekst
