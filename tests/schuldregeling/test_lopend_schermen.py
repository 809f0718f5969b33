"""The screens of the running regeling: start through the form, the panel on the regeling
page, payments with the button, refusals that keep the input, another gemeente's regeling
(404, nothing changed), the finale kwijting through the form, and the toets signal job."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from klantplan.schuldregeling.models import Betaling, Regeling
from klantplan.schuldregeling.toetstaak import signaleer_toetsen
from tests.bouwers.omgeving import omgeving
from tests.schuldregeling.bouwers import dossier
from tests.schuldregeling.lopend_bouwers import (
    AFLOSRUIMTE,
    akkoord,
    lopende_regeling,
    op,
    snelle_brieven,  # noqa: F401 (fixture)
    vers,
    zet_ibans,
)
from trajecten.models import Product, Signalering

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("snelle_brieven")]


def _client(gebruiker) -> Client:
    c = Client()
    c.force_login(gebruiker)
    return c


def _url(naam: str, regeling: Regeling) -> str:
    return reverse(f"schuldregeling:{naam}", args=[regeling.pk])


def test_starten_via_het_formulier() -> None:
    d = dossier()
    zet_ibans()
    c = _client(d.omg.regisseur)
    # Not yet toegekend: the page says why, no form.
    antwoord = c.get(_url("lopend_starten", d.regeling))
    assert (
        antwoord.status_code == 200
        and "Kies eerst het saneringsvoorstel" in antwoord.content.decode()
    )
    akkoord(d)
    r = vers(d)
    paneel = c.get(_url("regeling", r)).content.decode()
    assert _url("lopend_starten", r) in paneel
    gegevens = {"versie": r.versie, "startdatum": date.today().isoformat(), "iban_klant": "NL91"}
    antwoord = c.post(_url("lopend_starten", r), gegevens)
    html = antwoord.content.decode()
    assert antwoord.status_code == 200 and "Dit IBAN klopt niet" in html
    assert 'value="NL91"' in html  # the input is kept
    assert vers(d).fase == "onderhandeling"
    antwoord = c.post(
        _url("lopend_starten", r), gegevens | {"iban_klant": "NL91 ABNA 0417 1643 00"}
    )
    assert antwoord.status_code == 302
    r = vers(d)
    assert r.fase == "lopend" and r.maandbedrag_cent == AFLOSRUIMTE
    # The stale form again: refused, nothing changes.
    antwoord = c.post(_url("lopend_starten", r), gegevens | {"iban_klant": "NL91ABNA0417164300"})
    assert antwoord.status_code == 200 and vers(d).versie == r.versie
    paneel = c.get(_url("regeling", r)).content.decode()
    assert "Reservering per maand" in paneel and "€ 150,00" in paneel
    assert _url("lopend_betalingen", r) in paneel


def test_betalingen_scherm_en_knop() -> None:
    with op(date(2026, 1, 2)):
        d = lopende_regeling(startdatum=date(2026, 1, 5))
    with op(date(2026, 3, 10)):
        c = _client(d.omg.regisseur)
        url = _url("lopend_betalingen", d.regeling)
        assert c.get(url).status_code == 200
        # A negative amount: a Dutch message, the input kept, nothing saved.
        antwoord = c.post(
            url,
            {
                "versie": vers(d).versie,
                "actie": "ontvangst",
                "ontvangst-datum": "2026-01-05",
                "ontvangst-bedrag": "-150,00",
            },
        )
        html = antwoord.content.decode()
        assert antwoord.status_code == 200 and "negatief" in html and "-150,00" in html
        for maand in ("2026-01-05", "2026-02-05"):
            antwoord = c.post(
                url,
                {
                    "versie": vers(d).versie,
                    "actie": "ontvangst",
                    "ontvangst-datum": maand,
                    "ontvangst-bedrag": "150,00",
                },
            )
            assert antwoord.status_code == 302
        html = c.get(url).content.decode()
        assert "Uitbetalingen boeken (€ 300,00)" in html
        versie = vers(d).versie
        assert (
            c.post(url, {"versie": versie, "actie": "boeken", "boeken-datum": "2026-03-10"})[
                "Location"
            ]
            == url
        )
        # A double click (the same page version twice): the second is refused.
        antwoord = c.post(url, {"versie": versie, "actie": "boeken", "boeken-datum": "2026-03-10"})
        assert antwoord.status_code == 200 and "net gewijzigd" in antwoord.content.decode()
        uit = Betaling.objects.filter(regeling=d.regeling, richting="uitbetaald")
        assert uit.count() == 5 and sum(b.bedrag_cent for b in uit) == 2 * AFLOSRUIMTE
        schema = c.get(_url("lopend_schema", d.regeling)).content.decode()
        assert schema.count("€ 150,00") >= 18
        # The consulent reads, but does not write.
        consulent = _client(d.omg.consulent)
        assert consulent.get(url).status_code == 200
        assert consulent.post(url, {"actie": "boeken"}).status_code == 403


def test_andere_gemeente_krijgt_404_en_er_verandert_niets() -> None:
    with op(date(2026, 1, 2)):
        d = lopende_regeling(startdatum=date(2026, 1, 5))
    with op(date(2026, 3, 10)):
        ander = _client(omgeving().regisseur)
        voor = (vers(d).versie, Betaling.objects.count())
        for naam in ("lopend_betalingen", "lopend_schema", "lopend_toets", "lopend_kwijting"):
            assert ander.get(_url(naam, d.regeling)).status_code == 404
        for naam, data in [
            ("lopend_betalingen", {"actie": "ontvangst", "ontvangst-bedrag": "1,00"}),
            ("lopend_toets", {"datum": "2026-03-10", "inkomen_gewijzigd": "nee"}),
            ("lopend_kwijting", {"datum": "2026-03-10", "reden": "x"}),
            ("lopend_beeindigen", {"datum": "2026-03-10", "reden": "x"}),
            ("lopend_starten", {"startdatum": "2026-03-10", "iban_klant": "NL91ABNA0417164300"}),
        ]:
            data["versie"] = vers(d).versie
            assert ander.post(_url(naam, d.regeling), data).status_code == 404
        assert (vers(d).versie, Betaling.objects.count()) == voor and vers(d).fase == "lopend"


def test_finale_kwijting_via_het_formulier_en_de_toetssignalen() -> None:
    with op(date(2026, 1, 2)):
        d = lopende_regeling(startdatum=date(2026, 1, 5))
    with op(date(2026, 7, 6)):
        assert signaleer_toetsen(date(2026, 7, 6)) == 1
        assert signaleer_toetsen(date(2026, 7, 6)) == 0  # a rerun adds nothing
        s = Signalering.objects.get(sleutel__startswith=f"sr-toets-{d.regeling.pk}-1")
        assert s.traject_id == d.traject.pk and "tussentijdse toets 1" in s.tekst
        c = _client(d.omg.regisseur)
        assert "Tussentijdse toets 1" in c.get(_url("regeling", d.regeling)).content.decode()
        antwoord = c.post(
            _url("lopend_toets", d.regeling),
            {"versie": vers(d).versie, "datum": "2026-07-06", "inkomen_gewijzigd": "nee"},
        )
        assert antwoord.status_code == 302
        # Early kwijting without a reason: refused on the form.
        antwoord = c.post(
            _url("lopend_kwijting", d.regeling), {"versie": vers(d).versie, "datum": "2026-07-06"}
        )
        assert antwoord.status_code == 200 and "nog niet voorbij" in antwoord.content.decode()
        antwoord = c.post(
            _url("lopend_kwijting", d.regeling),
            {"versie": vers(d).versie, "datum": "2026-07-06", "reden": "Schenking familie"},
        )
        assert antwoord.status_code == 302
    assert vers(d).fase == "afgerond"
    product = Product.objects.get(pk=d.product.pk)
    assert (product.einddatum, product.resultaat) == (date(2026, 7, 6), "schuldenvrij")
    assert signaleer_toetsen(date(2027, 1, 10)) == 0  # afgerond: no more toetsen
