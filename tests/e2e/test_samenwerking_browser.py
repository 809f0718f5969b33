"""Browser, issue 13 "done when": in a Hybride gemeente the consulent holds the intake and hands
the traject over with a summary; the klantregisseur finds it under "aan zet: ik", accepts it,
and the consulent gets the acceptance. Reassigning the behandelaar changes the name on the
next klantplan PDF. The gemeente contactpersoon gets a signalering and a daily e-mail
(captured by a real SMTP sink) when the Stadsbank brings the traject to uitvoering and when a
colleague ends it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from klantplan import services as klantplan_services
from schuldhulp.models import Rol
from tests.bouwers import KlantFactory, aanmelding, medewerker, omgeving, overgang, vandaag
from tests.bouwers.browser import geen_toegankelijkheidsfouten, inloggen
from tests.bouwers.fabrieken import WACHTWOORD
from tests.bouwers.mail import ontvangen, smtp_opvang, taak_direct
from tests.e2e.test_klantplan_browser import pdf_tekst
from trajecten import services as traject_services
from trajecten.models import Fase, Signalering, Traject
from trajecten.samenwerking import mail
from trajecten.samenwerking.models import Overdracht

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _wissel(page: Page, live_server, gebruiker) -> None:
    page.context.clear_cookies()
    inloggen(page, live_server, gebruiker)


def _stap(page: Page, knop: str) -> None:
    page.get_by_role("button", name=knop, exact=True).click()
    expect(page.locator(".melding--success")).to_be_visible()


def _klantplan_pdf(page: Page, live_server, traject: Traject, naam: str) -> str:
    page.goto(f"{live_server.url}/trajecten/{traject.pk}/klantplan/")
    page.get_by_role("button", name="PDF voor de klant maken").click()
    expect(page.locator(".melding--success")).to_contain_text("U kunt de PDF nu downloaden")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("downloaden")).first.click()
    pad = f"var/screenshots/samenwerking-{naam}.pdf"
    download.value.save_as(pad)
    return pdf_tekst(pad)


def _dagoverzicht(settings, monkeypatch, dag: int) -> list[str]:
    """Run the daily digest of day `dag` (0 = today) against a real SMTP sink; the bodies
    it delivered (one digest a day: the end of the traject is in the next day's)."""
    with smtp_opvang(settings) as sink:
        taak_direct(monkeypatch)
        mail.dagoverzichten(nu=timezone.now() + timedelta(days=dag))
        return [b.get_content() for b in ontvangen(sink)]


def test_overdracht_aan_zet_en_op_de_hoogte(page: Page, live_server, settings, monkeypatch):
    omg = omgeving(
        "hybride-gemeente"
    )  # Hybride: the O tasks (intake, toelating) are the gemeente's
    tweede = medewerker("kr-tweede", Rol.KLANTREGISSEUR, [omg.gemeente])
    tweede.first_name, tweede.last_name = "Bram", "Tweede"
    tweede.save()
    omg.regisseur.first_name, omg.regisseur.last_name = "Anna", "Eerste"
    omg.consulent.first_name, omg.consulent.last_name = "Carla", "Consulent"
    omg.consulent.email, omg.consulent.dagoverzicht = "carla@gemeente.example", True
    for gebruiker in (omg.consulent, omg.regisseur, tweede):
        gebruiker.set_password(WACHTWOORD)
        gebruiker.save()
    klant = KlantFactory(gemeente=omg.gemeente)
    traject = aanmelding(
        klant, omg.consulent, behandelaar=omg.regisseur, vaste_contactpersoon="stadsbank"
    )
    pagina = f"{live_server.url}/trajecten/{traject.pk}/"

    # The consulent holds the intake and the toelating; then the handover is due.
    inloggen(page, live_server, omg.consulent)
    page.goto(pagina)
    _stap(page, "Eerste gesprek vastleggen")
    _stap(page, "Toelating vastleggen")
    expect(page.locator("#aanzet")).to_contain_text("Aan zet: Gemeente")
    sectie = page.locator("#overdracht")
    expect(sectie).to_contain_text("Draag dit traject warm over")
    sectie.get_by_label("Situatie in een paar regels").fill(
        "Alleenstaand, twee kinderen. Huurachterstand van drie maanden."
    )
    sectie.get_by_label("Wat is al gedaan").fill("Intake en toelating; post gescreend.")
    sectie.get_by_label("Wat is urgent").fill("Deurwaarder komt vrijdag.")
    sectie.get_by_role("button", name="Warme overdracht versturen").click()
    expect(page.locator(".melding--success")).to_contain_text("Warme overdracht verstuurd")
    expect(page.locator("#aanzet")).to_contain_text("Aan zet: Stadsbank (Anna Eerste)")
    geen_toegankelijkheidsfouten(page)

    # The klantregisseur: "aan zet: ik" in the werkvoorraad, then reads and accepts.
    _wissel(page, live_server, omg.regisseur)
    page.goto(f"{live_server.url}/werkvoorraad/")
    page.locator("#werkvoorraad-aanzet").get_by_role(
        "radio", name=re.compile(r"\bIk \(1\)")
    ).check()
    page.get_by_role("button", name="Filteren").click()
    rij = page.locator("#werkvoorraad-tabel tr", has_text=klant.achternaam)
    expect(rij).to_have_count(1)
    expect(rij).to_contain_text("Stadsbank")
    page.screenshot(path="var/screenshots/werkvoorraad-aan-zet-ik.png", full_page=True)
    geen_toegankelijkheidsfouten(page)
    page.goto(pagina)
    sectie = page.locator("#overdracht")
    expect(sectie).to_contain_text("Deurwaarder komt vrijdag.")
    sectie.get_by_role("button", name="Overdracht accepteren").click()
    expect(page.locator(".melding--success")).to_contain_text("Overdracht geaccepteerd")
    assert Overdracht.objects.get(traject=traject).status == "geaccepteerd"
    page.screenshot(path="var/screenshots/traject-samenwerking.png", full_page=True)

    # The consulent gets the acceptance.
    _wissel(page, live_server, omg.consulent)
    page.goto(f"{live_server.url}/signaleringen/")
    expect(page.locator("main")).to_contain_text("geaccepteerd")

    # Reassigning the behandelaar (the klant's vaste contactpersoon) changes the next PDF.
    klantplan_services.maak_klantplan(traject=traject, door=omg.regisseur)
    plan = traject.klantplannen.get()
    klantplan_services.wijzig_klantplan(
        klantplan_id=plan.pk, door=omg.regisseur, hulpvraag="Rust en overzicht.", oorzaak=""
    )
    klantplan_services.voeg_doel_toe(
        klantplan_id=plan.pk, door=omg.regisseur, omschrijving="Vaste lasten op tijd betaald"
    )
    klantplan_services.stel_vast(
        klantplan_id=plan.pk, door=omg.regisseur, datum=vandaag(), besproken_met_klant=True
    )
    _wissel(page, live_server, omg.regisseur)
    assert "Anna Eerste" in _klantplan_pdf(page, live_server, traject, "voor")
    page.goto(pagina)
    betrokkenen = page.locator("#betrokkenen")
    formulier = betrokkenen.locator("details").filter(
        has=page.locator("summary", has_text="Behandelaar wijzigen")
    )
    formulier.locator("summary").click()
    formulier.get_by_label(re.compile("^Nieuwe behandelaar")).select_option(label="Bram Tweede")
    formulier.get_by_label("Reden").fill("Verdeling van het werk in het team.")
    formulier.get_by_role("button", name="Behandelaar wijzigen").click()
    expect(page.locator(".melding--success")).to_be_visible()
    expect(page.locator("#betrokkenen")).to_contain_text("Bram Tweede")
    expect(page.locator("section[aria-labelledby=kop-tijdlijn]")).to_contain_text(
        "Nieuwe behandelaar: Bram Tweede (was: Anna Eerste)"
    )
    tekst = _klantplan_pdf(page, live_server, traject, "na")
    assert "Bram Tweede" in tekst and "Anna Eerste" not in tekst

    # The Stadsbank reaches uitvoering (setup through the services), then ends the traject:
    # the gemeente contactpersoon gets a signalering and the daily e-mail each time.
    overgang(traject, "bereik_financiele_rust", tweede)
    product = traject_services.start_product(
        traject_id=traject.pk, soort="Budgetbeheer", door=tweede, datum=vandaag()
    )
    overgang(traject, "start_uitvoering", tweede)
    eerste = _dagoverzicht(settings, monkeypatch, 0)
    assert len(eerste) == 1 and f"dossier {traject.pk}" in eerste[0].lower()
    assert "nieuwe fase" in eerste[0].lower()
    assert klant.achternaam not in eerste[0] and klant.bsn not in eerste[0]
    _wissel(page, live_server, omg.consulent)
    page.goto(f"{live_server.url}/signaleringen/")
    expect(page.locator("main")).to_contain_text(f"Dossier {traject.pk}: nieuwe fase Uitvoering")

    traject_services.beeindig_product(product_id=product.pk, door=tweede, datum=vandaag())
    # Nazorg and the exit are the gemeente's here; a colleague covers for the contactpersoon.
    collega = medewerker("co-collega", Rol.CONSULENT, [omg.gemeente])
    overgang(traject, "start_nazorg", collega)
    overgang(traject, "sluit_af", collega, uitstroomreden="Afgerond")
    assert Traject.objects.get(pk=traject.pk).fase == Fase.UITGESTROOMD
    tweede_mail = _dagoverzicht(settings, monkeypatch, 1)
    assert len(tweede_mail) == 1 and f"dossier {traject.pk}" in tweede_mail[0].lower()
    page.goto(f"{live_server.url}/signaleringen/")
    expect(page.locator("main")).to_contain_text(f"Dossier {traject.pk}: traject afgesloten")
    assert Signalering.objects.filter(
        traject=traject, gebruiker=omg.consulent, tekst__contains="traject afgesloten"
    ).exists()
