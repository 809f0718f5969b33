"""Browser: a klantregisseur reads in a monthly list of signals (preview, then confirm), finds
the case with two signals, records a failed and a successful contact attempt and turns the
case into an aanmelding."""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import Page, expect

from tests.bouwers.browser import geen_toegankelijkheidsfouten, inloggen
from tests.bouwers.signalen import csv_bestand, csv_rij
from trajecten.models import Doorlooptijdnorm, Traject
from trajecten.normenset import zaai_normen
from trajecten.vroegsignalering.models import Signaalzaak

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_lijst_inlezen_contact_leggen_en_aanmelden(page: Page, live_server, regisseur_a):
    zaai_normen(Doorlooptijdnorm)
    lijst = csv_bestand(
        [
            csv_rij(bsn="123456782", bedrag="1.250,00"),
            csv_rij(
                bsn="123456782",
                partner_soort="energieleverancier",
                partner_naam="Eneco",
                soort_achterstand="energie",
                bedrag="310,45",
                maanden_achterstand="3",
            ),
            csv_rij(bsn="", achternaam="Jansen", voornamen="Kees", postcode="7601 XY"),
        ],
        bom=True,
    )
    inloggen(page, live_server, regisseur_a)
    page.get_by_role("link", name="Vroegsignalen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vroegsignalen")
    page.get_by_role("link", name="Lijst met signalen inlezen").click()

    # A list with mistakes: every wrong row is shown, nothing can be stored.
    fout = csv_bestand(
        [csv_rij(bsn="123456789"), csv_rij(bedrag="-5"), csv_rij(datum_ontvangen="31-02-2026")],
        scheidingsteken=",",
    )
    page.get_by_label("Gemeente").select_option(label="Almelo")
    page.get_by_label("CSV-bestand").set_input_files(
        {"name": "signalen-fout.csv", "mimeType": "text/csv", "buffer": fout}
    )
    page.get_by_role("button", name="Lijst controleren").click()
    fouten = page.get_by_role("table", name="Rijen met fouten")
    expect(fouten).to_contain_text("elfproef")
    expect(fouten).to_contain_text("groter zijn dan € 0")
    expect(fouten).to_contain_text("bestaat niet")
    expect(page.get_by_role("button", name="Annuleren, niets opslaan")).to_be_visible()
    geen_toegankelijkheidsfouten(page)
    page.screenshot(path="var/screenshots/vroegsignalen-lijst-fouten.png", full_page=True)
    page.get_by_role("button", name="Annuleren, niets opslaan").click()

    # Upload: a preview first, nothing stored yet.
    page.get_by_label("Gemeente").select_option(label="Almelo")
    page.get_by_label("CSV-bestand").set_input_files(
        {"name": "signalen-mei.csv", "mimeType": "text/csv", "buffer": lijst}
    )
    page.get_by_role("button", name="Lijst controleren").click()
    expect(page.get_by_role("heading", name="Wat er wordt aangemaakt")).to_be_visible()
    expect(page.locator(".kaarten")).to_contain_text("3 nieuwe signalen")
    expect(page.locator(".kaarten")).to_contain_text("2 nieuwe zaken")
    assert not Signaalzaak.objects.exists()
    geen_toegankelijkheidsfouten(page)
    page.screenshot(path="var/screenshots/vroegsignalen-voorbeeld.png", full_page=True)
    page.get_by_role("button", name="3 signalen opslaan").click()
    expect(page.locator(".melding--success").first).to_contain_text("3 signalen opgeslagen")

    # The work list: the case with two signals stands out.
    page.get_by_role("link", name="Naar de vroegsignalen").click()
    rij = page.get_by_role("row").filter(has_text="Veldkamp")
    expect(rij).to_contain_text("2 signalen van 2 partners")
    expect(rij).to_contain_text("€ 1.560,45")
    expect(page.get_by_role("row").filter(has_text="Jansen")).to_contain_text(
        "1 signaal van 1 partner"
    )
    geen_toegankelijkheidsfouten(page)
    page.screenshot(path="var/screenshots/vroegsignalen-werklijst.png", full_page=True)
    page.get_by_role("link", name="Veldkamp, Tanya").click()

    # A failed and a successful contact attempt.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tanya Veldkamp")
    expect(page.locator(".melding--warning")).to_contain_text("2 signalen van 2 partners")
    page.get_by_label("Telefoon", exact=True).check()
    page.get_by_label("Ochtend").check()
    page.get_by_label("Nee, niet bereikt").check()
    page.get_by_label("Notitie").fill("Geen gehoor, voicemail ingesproken.")
    page.get_by_role("button", name="Contactpoging vastleggen").click()
    expect(page.locator(".melding--success")).to_contain_text("niet bereikt")
    expect(page.locator(".tijdlijn")).to_contain_text("Niet bereikt")

    page.get_by_label("Huisbezoek").check()
    page.get_by_label("Avond").check()
    page.get_by_label("Ja, bereikt").check()
    page.get_by_label("Notitie").fill("Tanya wil hulp. Aanmelding gemaakt.")
    page.get_by_role("button", name="Contactpoging vastleggen").click()
    expect(page.locator(".melding--success")).to_contain_text(
        "termijn voor eerste contact is gestopt"
    )
    expect(page.locator("#kop-termijn + dl")).to_contain_text("Gehaald")
    geen_toegankelijkheidsfouten(page)
    page.screenshot(path="var/screenshots/vroegsignalen-zaak.png", full_page=True)

    # Convert: the form asks for what the signals did not say (the birth date).
    page.get_by_role("link", name="Omzetten in aanmelding").click()
    expect(page.locator(".melding--warning")).to_contain_text("geboortedatum")
    expect(page.get_by_label("BSN")).to_have_value("123456782")
    page.get_by_role("button", name="Aanmelding maken").click()
    expect(page.locator(".foutsamenvatting")).to_contain_text("Vul de geboortedatum in")
    geen_toegankelijkheidsfouten(page)
    page.screenshot(path="var/screenshots/vroegsignalen-omzetten-fout.png", full_page=True)
    page.get_by_label("Geboortedatum").fill("1984-05-12")
    page.get_by_label("Bedreigende situatie").select_option(label="Afsluiting energie of water")
    page.get_by_role("button", name="Aanmelding maken").click()
    expect(page.locator(".melding--success").first).to_contain_text(
        "Klant Tanya Veldkamp is aangemaakt en aangemeld via vroegsignalering"
    )
    traject = Traject.objects.get(klant__bsn="123456782")
    assert (traject.kanaal, traject.bedreigende_situatie) == ("vroegsignalering", "afsluiting")
    expect(page.get_by_role("link", name=f"traject {traject.pk}")).to_be_visible()
    page.screenshot(path="var/screenshots/vroegsignalen-aangemeld.png", full_page=True)


@pytest.fixture
def celery_worker_in_proces():
    """A real Celery worker in a thread of this process, on an in-memory broker: the
    upload request only queues the task; the worker checks and stores the list."""
    from celery.contrib.testing.worker import start_worker

    from schuldhulp.celery import app

    def vergeet_verbindingen() -> None:
        # Connection and producer pools are made once per process from the broker URL;
        # drop them so the next task goes to the broker configured now.
        app._pool = None
        app.amqp._producer_pool = None

    vorige = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url="memory://", task_always_eager=False)
    vergeet_verbindingen()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            yield
    finally:
        app.conf.update(**vorige)
        vergeet_verbindingen()


def test_grote_lijst_met_voortgang(page: Page, live_server, regisseur_a, celery_worker_in_proces):
    from tests.bouwers.signalen import groot_bestand

    zaai_normen(Doorlooptijdnorm)
    inloggen(page, live_server, regisseur_a)
    page.goto(f"{live_server.url}/vroegsignalen/lijsten/")
    page.get_by_label("Gemeente").select_option(label="Almelo")
    page.get_by_label("CSV-bestand").set_input_files(
        {"name": "jaarlijst.csv", "mimeType": "text/csv", "buffer": groot_bestand(20_000)}
    )
    page.get_by_role("button", name="Lijst controleren").click()
    # The page polls the status (htmx) and reloads itself when the preview is ready.
    voortgang = page.locator("#voortgang")
    expect(voortgang).to_contain_text("wordt gecontroleerd")
    # The bar moves while the worker checks (a fast machine may finish between two polls).
    with contextlib.suppress(AssertionError):
        expect(voortgang).to_contain_text("van 20.000 rijen", timeout=10_000)
    page.screenshot(path="var/screenshots/vroegsignalen-voortgang.png", full_page=True)
    expect(page.get_by_role("heading", name="Wat er wordt aangemaakt")).to_be_visible(
        timeout=120_000
    )
    expect(page.locator(".kaarten")).to_contain_text("20.000 nieuwe signalen")
    page.get_by_role("button", name="20.000 signalen opslaan").click()
    expect(page.locator("#voortgang")).to_contain_text("opgeslagen")
    expect(page.locator(".melding--success")).to_contain_text(
        "20.000 signalen opgeslagen", timeout=120_000
    )
    geen_toegankelijkheidsfouten(page)
    page.screenshot(path="var/screenshots/vroegsignalen-groot-verwerkt.png", full_page=True)
    assert Signaalzaak.objects.count() == 18_000
