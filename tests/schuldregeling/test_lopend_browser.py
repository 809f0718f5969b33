"""Browser: the running regeling's screens (the panel on the regeling page, payments with
the button, the schedule, the bank statement preview) at 1280 and 390 pixels wide, with
axe finding nothing serious."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from klantplan.schuldregeling.services import betalingen
from tests.bouwers import WACHTWOORD
from tests.bouwers.browser import geen_toegankelijkheidsfouten, inloggen, past_in_de_breedte
from tests.bouwers.trajecten import vandaag
from tests.schuldregeling.lopend_bouwers import (
    AFLOSRUIMTE,
    lopende_regeling,
    snelle_brieven,  # noqa: F401 (fixture)
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("snelle_brieven"),
]
CAMT = Path(__file__).parent / "data" / "camt053_drie_maanden.xml"


def test_lopende_regeling_schermen(page: Page, live_server) -> None:
    d = lopende_regeling()
    d.omg.regisseur.set_password(WACHTWOORD)
    d.omg.regisseur.save(update_fields=["password"])
    betalingen.leg_ontvangst_vast(
        regeling_id=d.regeling.pk, door=d.omg.regisseur, datum=vandaag(), bedrag_cent=AFLOSRUIMTE
    )
    inloggen(page, live_server, d.omg.regisseur)
    for breedte in (1280, 390):
        page.set_viewport_size({"width": breedte, "height": 900})
        page.goto(f"{live_server.url}/schuldregeling/{d.regeling.pk}/")
        expect(page.locator("#lopend")).to_contain_text("Reservering per maand")
        geen_toegankelijkheidsfouten(page)
        page.locator("#lopend").get_by_role("link", name="Betaalschema").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Betaalschema")
        geen_toegankelijkheidsfouten(page)
        page.goto(f"{live_server.url}/schuldregeling/{d.regeling.pk}/betalingen/")
        geen_toegankelijkheidsfouten(page)
        for pad in (f"schuldregeling/{d.regeling.pk}/", f"schuldregeling/{d.regeling.pk}/rechter/"):
            page.goto(f"{live_server.url}/{pad}")
            past_in_de_breedte(page)
        onderhandeling = d.regeling.onderhandelingen.first()
        page.goto(f"{live_server.url}/schuldregeling/schuldeisers/{onderhandeling.pk}/")
        past_in_de_breedte(page)
        page.goto(f"{live_server.url}/schuldregeling/brieven/")
        past_in_de_breedte(page)
        page.goto(f"{live_server.url}/schuldregeling/{d.regeling.pk}/betalingen/")
    page.get_by_role("button", name="Uitbetalingen boeken (€ 150,00)").click()
    expect(page.locator(".melding--success")).to_contain_text("5 uitbetalingen geboekt")
    # A bad amount: the Dutch message on the form, axe still clean.
    page.get_by_label("Bedrag").first.fill("-5")
    page.get_by_role("button", name="Ontvangst vastleggen").click()
    expect(page.locator(".foutsamenvatting")).to_contain_text("negatief")
    geen_toegankelijkheidsfouten(page)
    page.goto(f"{live_server.url}/schuldregeling/bankafschrift/")
    geen_toegankelijkheidsfouten(page)
    page.get_by_label("Bankafschrift").set_input_files(str(CAMT))
    page.get_by_role("button", name="Bekijken").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("voorbeeld")
    geen_toegankelijkheidsfouten(page)
