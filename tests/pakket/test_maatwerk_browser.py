"""Browser: the klantregisseur proposes afschalen on its own page, the consulent declines
without a reason (refused, in Dutch), then approves; the traject page shows the new split.
Both screens pass axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.bouwers import maak_traject
from tests.bouwers.browser import geen_toegankelijkheidsfouten, inloggen

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_voorstellen_afwijzen_zonder_reden_en_goedkeuren(
    page: Page, live_server, regisseur_a, consulent_a, klant_a
):
    traject = maak_traject(klant_a, regisseur_a)  # gemeente A: Ontzorging, all Stadsbank
    inloggen(page, live_server, regisseur_a)
    page.goto(f"{live_server.url}/trajecten/{traject.pk}/")
    page.get_by_role("link", name="Maatwerk voorstellen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maatwerk voorstellen")
    page.get_by_label("Afschalen: taken gaan terug naar de gemeente").check()
    page.get_by_label("Extra gesprek (nu: Stadsbank)").check()
    page.get_by_label("Reden").fill("De klant heeft een eigen contact bij het wijkteam.")
    page.get_by_role("button", name="Maatwerk voorstellen").click()
    # No end and no review date: the service refuses, the form keeps the input.
    expect(page.locator(".foutsamenvatting")).to_contain_text(
        "Geef een einddatum of een datum om te evalueren."
    )
    geen_toegankelijkheidsfouten(page)
    page.get_by_label("Evalueren op").fill("2040-01-01")
    page.get_by_role("button", name="Maatwerk voorstellen").click()
    expect(page.locator(".melding--success")).to_contain_text("Maatwerk voorgesteld")

    page.context.clear_cookies()
    inloggen(page, live_server, consulent_a)
    page.goto(f"{live_server.url}/trajecten/{traject.pk}/")
    sectie = page.locator("#takenverdeling")
    expect(sectie).to_contain_text("Voorgesteld")
    geen_toegankelijkheidsfouten(page)
    sectie.get_by_role("button", name="Afwijzen").click()
    expect(page.locator(".melding--error")).to_contain_text("niet vastgelegd")
    expect(page.locator("#takenverdeling .foutsamenvatting")).to_contain_text(
        "Geef de reden op waarom u het maatwerk afwijst."
    )
    geen_toegankelijkheidsfouten(page)
    page.locator("#takenverdeling").get_by_role("button", name="Goedkeuren").click()
    expect(page.locator(".melding--success")).to_contain_text("Maatwerk goedgekeurd")
    rij = page.locator("#takenverdeling tr", has_text="Extra gesprek").first
    expect(rij).to_contain_text("Gemeente")
    expect(rij).to_contain_text("Gewijzigd door maatwerk (afschalen)")
    page.screenshot(path="var/screenshots/traject-maatwerk.png", full_page=True)
    geen_toegankelijkheidsfouten(page)
