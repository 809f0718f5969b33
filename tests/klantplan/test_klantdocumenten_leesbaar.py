"""Documents a client can use (issue 20, point 6): a phone number on every client document,
first on the card for next to the phone; the beschikking says where to send a bezwaar; no
internal jargon; plain Dutch by a readability measure (sentence length, long words)."""

from __future__ import annotations

import re

import pytest

from klantplan import services
from klantplan.huishouden import budget
from schuldhulp.models import Organisatie
from tests.klantplan.test_documenten import INTERN, _plan, tekst

pytestmark = pytest.mark.django_db

ORGANISATIE = "088 480 00 00"
DIRECT = "088 480 12 34"
GEMEENTE = "14 0546"
BEZWAAR = "Postbus 7600"
JARGON = ("summier", "productgericht", "DDAS", "uitvoerder", "Wie.", "traject_", "None")

# B1: short sentences and few long words. Measured on today's documents (2026-12-07): at most
# 10.0 words per sentence (maandoverzicht) and 3.3% long words (the card); B1 guidance asks for
# sentences under ~15 words. The bar leaves a little room, no more.
MAX_ZINSLENGTE = 12.0
MAX_LANGE_WOORDEN = 0.05  # share of words of 14 letters or more
LANG = 14


def _leesbaarheid(inhoud: str) -> tuple[float, float]:
    zinnen = [z for z in re.split(r"[.!?:]\s+|\n", inhoud) if len(z.split()) >= 3]
    woorden = re.findall(r"[A-Za-zÀ-ÿ]+", inhoud)
    gemiddeld = sum(len(z.split()) for z in zinnen) / len(zinnen)
    lang = sum(len(w) >= LANG for w in woorden) / len(woorden)
    return gemiddeld, lang


@pytest.fixture
def nummers(gemeente_a, gemeente_b, regisseur_a):
    Organisatie.objects.update(telefoon=ORGANISATIE)
    for gemeente in (gemeente_a, gemeente_b):
        gemeente.telefoon, gemeente.bezwaar_adres = GEMEENTE, f"{BEZWAAR}\n{gemeente.naam}"
        gemeente.save()
    regisseur_a.telefoon, regisseur_a.email = DIRECT, "kr_a@stadsbank.example"
    regisseur_a.save()


def _documenten(traject, door) -> dict[str, str]:
    _plan(traject, door)
    kwargs = {"traject_id": traject.pk, "door": door}
    budget.voeg_post_toe(**kwargs, gegevens=budget.Postgegevens("uitkering", "klant", 130_000))
    budget.voeg_post_toe(**kwargs, gegevens=budget.Postgegevens("huur", "klant", 70_000))
    budget.stel_vast(**kwargs)
    soorten = ("dos_en_donts", "klantplan", "actielijst", "beschikking", "maandoverzicht")
    return {
        soort: tekst(bytes(services.maak_document(traject=traject, door=door, soort=soort).inhoud))
        for soort in soorten
    }


def test_telefoon_bezwaar_geen_jargon_en_leesbaar(nummers, traject_a, regisseur_a):
    documenten = _documenten(traject_a, regisseur_a)
    kaart = documenten["dos_en_donts"]
    assert kaart.index(f"Telefoon: {DIRECT}") < kaart.index("Dit kunt u zeggen")  # first
    for soort, inhoud in documenten.items():
        assert DIRECT in inhoud, soort
        assert INTERN not in inhoud, soort  # the team's note stays internal (ADR 0027)
        for woord in JARGON:
            assert woord not in inhoud, (soort, woord)
    beschikking = documenten["beschikking"]
    hoofdtekst = beschikking.split("Bijlage: bezwaar maken")[0]  # the annex is legal text
    assert f"Stuur uw bezwaar naar: {BEZWAAR} Almelo" in hoofdtekst
    documenten["beschikking"] = hoofdtekst
    for soort, inhoud in documenten.items():
        zinslengte, lang = _leesbaarheid(inhoud)
        assert zinslengte <= MAX_ZINSLENGTE, (soort, zinslengte)
        assert lang <= MAX_LANGE_WOORDEN, (soort, lang)


def test_zonder_direct_nummer_het_algemene(nummers, traject_b, consulent_b):
    """Basis: the gemeente is the contact; the consulent has no direct number."""
    kaart = services.maak_document(traject=traject_b, door=consulent_b, soort="dos_en_donts")
    inhoud = tekst(bytes(kaart.inhoud))
    assert f"Telefoon: {GEMEENTE}" in inhoud


def test_telefoonnummer_gecontroleerd():
    from django.core.exceptions import ValidationError

    from schuldhulp.validators import valideer_telefoon

    for goed in ("053 481 12 34", "06-12345678", "0800 1234", "+31 53 481 1234", "14 053", ""):
        valideer_telefoon(goed)
    for fout in ("12345", "053 481 12 34 5", "bel mij", "0900 12"):
        with pytest.raises(ValidationError, match="Nederlands telefoonnummer"):
            valideer_telefoon(fout)
