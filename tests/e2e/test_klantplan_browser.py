"""Browser: the klantregisseur of a Basis gemeente and of an Ontzorging gemeente each make a
klantplan whose actions default to the right party, fix it and download the PDF; in Basis the
consulent reads it and records the kinds of gesprek the package gives the gemeente."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from klantplan.models import Klantplan, Schuldeiser
from schuldhulp.models import Rol
from tests.bouwers import GebruikerFactory, toegelaten_traject
from tests.bouwers.browser import geen_toegankelijkheidsfouten, inloggen
from tests.bouwers.pdfpagina import pdf_naar_png

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def pdf_tekst(pad: str) -> str:
    with open(pad, "rb") as bestand:
        lezer = PdfReader(io.BytesIO(bestand.read()))
    return " ".join(" ".join(p.extract_text() for p in lezer.pages).split())


# The team's note (ADR 0027): typed in every "Alleen intern" field below, never in the PDF.
INTERN = "Faillissement van haar man"


def veld(page: Page, begin: str):
    """A text field by the start of its label (the label also says who reads it)."""
    return page.get_by_role("textbox", name=re.compile(f"^{re.escape(begin)}"))


def actie_toevoegen(page: Page, soort: str, wat: str) -> None:
    page.get_by_role("link", name="Actie toevoegen").click()
    page.get_by_label("Soort actie").select_option(label=soort)
    expect(page.locator("label", has_text="Wat moet er gebeuren?")).to_contain_text(
        "Zichtbaar voor de klant"
    )
    expect(page.locator("label", has_text="Interne notitie")).to_contain_text("Alleen intern")
    veld(page, "Wat moet er gebeuren? In woorden voor de klant").fill(wat)
    veld(page, "Interne notitie bij de actie").fill(f"{INTERN}: eerst bellen.")
    page.get_by_role("button", name="Actie toevoegen").click()
    expect(page.locator(".melding--success")).to_contain_text("De actie is toegevoegd")


def klantplan_maken_vaststellen_en_downloaden(
    page: Page, *, naam: str, soort: str, verwacht: str, summier: bool
) -> str:
    """The shared flow; returns the text of the downloaded PDF."""
    page.get_by_role("button", name="Klantplan maken").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("wijzigen (versie 1)")
    # Basis: no leefgebieden or oplossend vermogen in the form.
    expect(page.get_by_label("Situatie: wonen")).to_have_count(0 if summier else 1)
    veld(page, "Uw vraag: de hulpvraag voor de klant").fill("Ik wil weer rust en overzicht.")
    veld(page, "Hulpvraag (notitie)").fill(f"Rust. {INTERN}.")
    veld(page, "Oorzaak van de schulden").fill(INTERN)
    page.get_by_label("Gekozen product of oplossing").select_option(label="Budgetbeheer")
    if not summier:
        veld(page, "Uw situatie: samenvatting voor de klant").fill(
            "Huurachterstand van twee maanden."
        )
        page.get_by_label("Situatie: wonen").fill(f"Achterstand. {INTERN}.")
    page.get_by_role("button", name="Klantplan opslaan").click()

    # A doel without text is refused beside the field; the date typed is kept.
    page.get_by_role("link", name="Doel toevoegen").click()
    page.get_by_label("Streefdatum").fill("2027-03-01")
    page.get_by_role("button", name="Doel toevoegen").click()
    expect(page.locator(".foutsamenvatting")).to_contain_text(
        "Beschrijf het doel in woorden voor de klant."
    )
    expect(page.get_by_label("Streefdatum")).to_have_value("2027-03-01")
    veld(page, "Doel, in woorden voor de klant").fill("De vaste lasten worden elke maand betaald")
    veld(page, "Interne notitie bij het doel").fill(f"Let op: {INTERN}.")
    page.get_by_role("button", name="Doel toevoegen").click()

    # Actions: the party follows the package unless chosen otherwise.
    actie_toevoegen(page, soort, "Saldo opvragen bij alle schuldeisers")
    rij = page.locator("tr", has_text="Saldo opvragen")
    expect(rij.locator(".utrecht-status-badge")).to_have_text(verwacht)
    actie_toevoegen(
        page, "De klant doet dit zelf – klant", "Bankafschriften van drie maanden inleveren"
    )
    rij = page.locator("tr", has_text="Bankafschriften")
    expect(rij.locator(".utrecht-status-badge")).to_have_text("Klant")
    page.screenshot(path=f"var/screenshots/klantplan-{naam}-concept.png", full_page=True)
    geen_toegankelijkheidsfouten(page)

    # Vaststellen: without the klant's agreement refused, then fixed.
    page.get_by_role("link", name="Klantplan vaststellen").click()
    page.get_by_role("button", name="Klantplan vaststellen").click()
    expect(page.locator(".foutsamenvatting")).to_contain_text("met de klant heeft besproken")
    page.get_by_label("Ik heb dit plan met de klant besproken").check()
    page.get_by_role("button", name="Klantplan vaststellen").click()
    expect(page.locator(".melding--success")).to_contain_text("is vastgesteld")
    expect(page.get_by_role("link", name="Klantplan wijzigen")).to_have_count(0)
    expect(page.get_by_role("button", name="Nieuwe versie maken om te wijzigen")).to_be_visible()

    # The PDF for the klant, made and downloaded.
    page.get_by_role("button", name="PDF voor de klant maken").click()
    expect(page.locator(".melding--success")).to_contain_text("U kunt de PDF nu downloaden")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("versie 1 downloaden")).click()
    pad = f"var/screenshots/klantplan-{naam}.pdf"
    download.value.save_as(pad)
    page.screenshot(path=f"var/screenshots/klantplan-{naam}-documenten.png", full_page=True)
    pdf_naar_png(Path(pad).read_bytes(), f"klantplan-{naam}")
    tekst = pdf_tekst(pad)
    assert "Ik wil weer rust en overzicht" in tekst  # the klant's text is there ...
    assert "De vaste lasten worden elke maand betaald" in tekst
    assert INTERN not in tekst and "Faillissement" not in tekst  # ... the team's note is not
    return tekst


def test_basisgemeente(page: Page, live_server, consulent_b, klant_b, gemeente_b):
    """Basis: the gemeente does the intake, the klantregisseur keeps its spreekuur and the
    (summier) klantplan; the consulent reads the plan and records the kinds of gesprek the
    package gives the gemeente (issue 12: every task means something)."""
    regisseur_b = GebruikerFactory(username="kr_b", rol=Rol.KLANTREGISSEUR, gemeenten=[gemeente_b])
    traject = toegelaten_traject(klant_b, consulent_b)

    # The klantregisseur's days on location, from the gemeente page.
    inloggen(page, live_server, regisseur_b)
    page.goto(f"{live_server.url}/gemeenten/{gemeente_b.pk}/")
    page.get_by_role("link", name="Spreekuren wijzigen").click()
    page.get_by_label("Dag").select_option(label="dinsdag")
    page.get_by_label("Van").fill("09:00")
    page.get_by_label("Tot").fill("12:00")
    page.get_by_label("Locatie").fill("Stadhuis Hengelo")
    page.get_by_role("button", name="Spreekuur toevoegen").click()
    expect(page.locator(".melding--success")).to_contain_text("dinsdag 9.00–12.00 uur")
    page.screenshot(path="var/screenshots/spreekuren.png", full_page=True)
    geen_toegankelijkheidsfouten(page)
    page.get_by_role("link", name=f"Terug naar {gemeente_b.naam}").click()
    expect(page.get_by_role("listitem").filter(has_text="Stadhuis Hengelo")).to_be_visible()

    page.goto(f"{live_server.url}/trajecten/{traject.pk}/")  # the traject page links here
    page.get_by_role("navigation", name="Dossier").get_by_role("link", name="Klantplan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Klantplan (summier, productgericht)")
    tekst = klantplan_maken_vaststellen_en_downloaden(
        page,
        naam="basis",
        soort="Informatie verzamelen – gemeente",
        verwacht="Gemeente",
        summier=True,
    )
    assert "Klantplan Voor" in tekst and "summier" not in tekst  # the klant's title: no jargon
    assert "De gemeente begeleidt u en zet uw schulden op een rij" in tekst
    assert "Bankafschriften van drie maanden inleveren" in tekst
    assert "U bent nu in de stap: Rust" in tekst
    assert "Spreekuur van de klantregisseur: dinsdag 9.00–12.00 uur, Stadhuis Hengelo" in tekst
    assert Klantplan.objects.get(traject=traject).status == "vastgesteld"

    # The consulent reads the plan but does not change it; the gemeente screens the post.
    page.get_by_role("button", name="Uitloggen", exact=True).click()
    inloggen(page, live_server, consulent_b)
    page.goto(f"{live_server.url}/trajecten/{traject.pk}/klantplan/")
    expect(page.get_by_text("De vaste lasten worden elke maand betaald")).to_be_visible()
    expect(page.get_by_role("button", name="Nieuwe versie maken om te wijzigen")).to_have_count(0)
    expect(page.get_by_role("link", name="Monitoringmoment vastleggen")).to_have_count(0)
    page.get_by_role("link", name="Gesprekken").click()
    page.get_by_role("link", name="Gesprek vastleggen").click()
    soort = page.get_by_label("Soort gesprek")
    expect(soort.locator("option", has_text="Monitoringgesprek")).to_have_count(0)
    soort.select_option(label="Post gescreend (zicht op omvang en oorzaak)")
    page.get_by_label("Wie waren erbij?").fill("Klant en consulent")
    page.screenshot(path="var/screenshots/gesprek-soorten-basis.png", full_page=True)
    geen_toegankelijkheidsfouten(page)
    page.get_by_role("button", name="Gesprek vastleggen").click()
    expect(page.locator(".melding--success")).to_contain_text("Het gesprek is vastgelegd")
    expect(page.get_by_role("link", name="Afspraak toevoegen")).to_be_visible()


def test_klantregisseur_in_ontzorginggemeente(page: Page, live_server, regisseur_a, klant_a):
    traject = toegelaten_traject(klant_a, regisseur_a)
    Schuldeiser.objects.get_or_create(naam="CJIB", defaults={"soort": "cjib"})
    inloggen(page, live_server, regisseur_a)
    page.goto(f"{live_server.url}/trajecten/{traject.pk}/klantplan/")
    tekst = klantplan_maken_vaststellen_en_downloaden(
        page,
        naam="ontzorging",
        soort="Informatie verzamelen – stadsbank",
        verwacht="Stadsbank",
        summier=False,
    )
    assert "Klantplan Voor" in tekst and "summier" not in tekst
    assert "De Stadsbank helpt u met alles" in tekst
    assert "Huurachterstand van twee maanden" in tekst
    assert "Bankafschriften van drie maanden inleveren" in tekst

    # Schulden inline with htmx: the row form opens in the table, totals follow on save.
    page.get_by_role("link", name="Schulden", exact=True).click()
    page.get_by_role("link", name="Schuld toevoegen").click()
    formulier = page.locator("#schulden-nieuw")
    formulier.get_by_label("Schuldeiser", exact=True).select_option(label="CJIB")
    formulier.get_by_label("Oorspronkelijk bedrag").fill("90")
    formulier.get_by_label("Actueel bedrag").fill("-135")
    formulier.get_by_role("button", name="Schuld toevoegen").click()
    expect(page.locator("#schulden-nieuw .foutsamenvatting")).to_contain_text("niet negatief")
    page.locator("#schulden-nieuw").get_by_label("Actueel bedrag").fill("135,50")
    page.locator("#schulden-nieuw").get_by_role("button", name="Schuld toevoegen").click()
    expect(page.locator("#schulden-sectie")).to_contain_text("De schuld bij CJIB is toegevoegd.")
    expect(page.locator(".telling")).to_contain_text("1 schuld, samen € 135,50")
    page.locator("#schulden-rijen tr", has_text="CJIB").get_by_role("link", name="Wijzigen").click()
    page.locator("#schulden-tabel").get_by_label("Status").select_option(label="Vastgesteld")
    page.get_by_role("button", name="Schuld opslaan").click()
    rij = page.locator("#schulden-rijen tr", has_text="CJIB")
    expect(rij.locator(".utrecht-status-badge")).to_have_text("Vastgesteld")
    expect(page.locator("#schulden-sectie")).to_contain_text("De schuld bij CJIB is gewijzigd.")
    totalen = page.get_by_role("table", name="Totaal per status")
    expect(totalen.locator("tr", has_text="Vastgesteld")).to_contain_text("€ 135,50")
    page.screenshot(path="var/screenshots/schulden.png", full_page=True)
    geen_toegankelijkheidsfouten(page)
