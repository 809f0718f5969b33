"""Browser (issue 15, "done when"): in Basis the consulent of the gemeente enters the budget of
a couple; the klantregisseur sees the VTLB and the aflosruimte, which flows into the
saneringsvoorstel; the client's PDF shows the month. Screenshots at 1280 and 390 px."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from klantplan import services as kp
from klantplan.huishouden import services as huishouden
from klantplan.models import Document, Voorstel
from schuldhulp.models import Rol
from tests.bouwers import GebruikerFactory, KlantFactory
from tests.bouwers.browser import geen_toegankelijkheidsfouten, inloggen, past_in_de_breedte
from tests.bouwers.klantplan import schuldeisers
from tests.bouwers.pdfpagina import pdf_naar_png
from tests.bouwers.trajecten import toegelaten_traject

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SMAL = {"width": 390, "height": 844}
POSTEN = [
    ("Loon of salaris", "Partner", "1.980,00"),
    ("Uitkering (bijstand, WW, WIA, AOW …)", "Klant", "450,00"),
    ("Huurtoeslag", "Samen", "310,00"),
    ("Kinderbijslag", "Samen", "274,00"),
    ("Huur", "Samen", "865,00"),
    ("Zorgverzekering (premie)", "Samen", "312,00"),
    ("Energie (gas en stroom)", "Samen", "210,00"),
]


def test_budget_van_een_stel_naar_het_saneringsvoorstel(
    page: Page, live_server, gemeente_b, consulent_b
):
    regisseur_b = GebruikerFactory(username="kr_b", rol=Rol.KLANTREGISSEUR, gemeenten=[gemeente_b])
    traject = toegelaten_traject(KlantFactory(gemeente=gemeente_b), consulent_b)
    huishouden.koppel_partner(
        traject_id=traject.pk,
        door=consulent_b,
        bsn="111222333",
        nieuw=huishouden.NieuwePartner("Mehmet", "", "Yilmaz", date(1984, 6, 12)),
    )
    huishouden.voeg_huisgenoot_toe(
        traject_id=traject.pk, door=consulent_b, soort="kind", geboortejaar=2017
    )

    # The consulent (Basis: the gemeente gathers the financial information) fills the budget.
    inloggen(page, live_server, consulent_b)
    page.goto(f"{live_server.url}/trajecten/{traject.pk}/huishouden/")
    expect(page.get_by_text("Mehmet Yilmaz")).to_be_visible()
    expect(page.get_by_role("cell", name="2017", exact=True)).to_be_visible()
    geen_toegankelijkheidsfouten(page)
    page.screenshot(path="var/screenshots/huishouden-1280.png", full_page=True)
    page.goto(f"{live_server.url}/trajecten/{traject.pk}/budget/")
    expect(page.get_by_role("heading", name="Budget", level=1)).to_be_visible()
    for soort, van, bedrag in POSTEN:
        page.get_by_label("Wat").select_option(label=soort)
        page.get_by_label("Van wie").select_option(label=van)
        page.get_by_label("Bedrag per maand").fill(bedrag)
        page.get_by_role("button", name="Toevoegen").click()
        expect(page.get_by_text("De post staat in het budget.")).to_be_visible()
    page.get_by_role("button", name="Budget vaststellen (versie 1)").click()
    expect(page.get_by_text("Versie 1 van het budget is vastgesteld.")).to_be_visible()
    expect(page.get_by_text("Aflosruimte", exact=True)).to_be_visible()
    page.screenshot(path="var/screenshots/budget-1280.png", full_page=True)
    geen_toegankelijkheidsfouten(page)
    page.set_viewport_size(SMAL)
    past_in_de_breedte(page)
    page.screenshot(path="var/screenshots/budget-390.png", full_page=True)

    # The klantregisseur sees the VTLB with its steps; the aflosruimte is filled in.
    schuldeiser = schuldeisers()["CJIB"]
    kp.voeg_schuld_toe(  # in Basis the gemeente keeps the schuldenoverzicht
        traject=traject,
        door=consulent_b,
        gegevens=kp.Schuldgegevens(
            schuldeiser=schuldeiser,
            oorspronkelijk_bedrag_cent=300_000,
            actueel_bedrag_cent=300_000,
            peildatum=timezone.localdate(),
        ),
    )
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    inloggen(page, live_server, regisseur_b)
    page.goto(f"{live_server.url}/trajecten/{traject.pk}/budget/")
    page.get_by_text("Zo is het berekend").click()
    expect(page.get_by_text("Vrij te laten bedrag", exact=True)).to_be_visible()
    page.goto(f"{live_server.url}/trajecten/{traject.pk}/saneringsvoorstel/")
    veld = page.get_by_label("Aflosruimte per maand")
    berekend = veld.input_value()
    assert berekend, "de aflosruimte uit het budget staat niet ingevuld"
    page.get_by_role("button", name="Voorstel berekenen").click()
    expect(page.get_by_text("Het voorstel is berekend en bewaard.")).to_be_visible()
    voorstel = Voorstel.objects.get(traject=traject)
    assert voorstel.aflosruimte_per_maand_cent == voorstel.aflosruimte_berekend_cent
    assert voorstel.reden_afwijking == ""

    # The client's month overview as PDF.
    page.goto(f"{live_server.url}/trajecten/{traject.pk}/documenten/")
    page.get_by_role("button", name="Maandoverzicht maken (PDF)").click()
    document = Document.objects.get(traject=traject, soort="maandoverzicht")
    with open("var/screenshots/maandoverzicht.pdf", "wb") as pdf:
        pdf.write(bytes(document.inhoud))
    tekst = subprocess.run(
        ["pdftotext", "-", "-"], input=bytes(document.inhoud), capture_output=True, check=True
    ).stdout.decode()
    assert "Zo ziet uw maand eruit" in tekst and "€ 3.014,00" in tekst  # income together
    assert "Pagina 1 van 1" in tekst  # no near-empty last page
    pdf_naar_png(bytes(document.inhoud), "maandoverzicht")
