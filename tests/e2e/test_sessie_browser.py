"""Browser: two minutes before the session expires a warning with *Ingelogd blijven* (issue
20, point 9). A short session (SESSION_COOKIE_AGE = 5 minutes) and Playwright's clock, so the
test does not wait minutes; the server answers for real. Screenshots to var/screenshots/."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.bouwers.browser import geen_toegankelijkheidsfouten, inloggen

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def korte_sessie(settings):
    settings.SESSION_COOKIE_AGE = 300


def test_waarschuwing_en_ingelogd_blijven(page: Page, live_server, regisseur_a, korte_sessie):
    page.clock.install()
    inloggen(page, live_server, regisseur_a)
    page.goto(f"{live_server.url}/werkvoorraad/")
    waarschuwing = page.get_by_role("alertdialog", name="U wordt bijna uitgelogd")
    expect(waarschuwing).to_be_hidden()

    page.clock.run_for("02:50")  # 2:10 before the end: nothing yet
    expect(waarschuwing).to_be_hidden()
    page.clock.run_for("00:15")  # 1:55 before the end
    expect(waarschuwing).to_be_visible()
    knop = waarschuwing.get_by_role("button", name="Ingelogd blijven")
    expect(knop).to_be_focused()
    geen_toegankelijkheidsfouten(page)
    page.screenshot(path="var/screenshots/sessie-waarschuwing-1280.png")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path="var/screenshots/sessie-waarschuwing-390.png")

    with page.expect_response("**/sessie/verlengen/") as antwoord:
        page.keyboard.press("Enter")
    assert antwoord.value.json() == {"seconden": 300}
    expect(waarschuwing).to_be_hidden()
    page.clock.run_for("02:50")  # the clock started again: a full session from now
    expect(waarschuwing).to_be_hidden()

    page.clock.run_for("02:20")  # past the end without answering
    verlopen = page.get_by_role("alertdialog", name="U bent uitgelogd")
    expect(verlopen).to_be_visible()
    expect(verlopen.get_by_role("link", name="Opnieuw inloggen")).to_be_focused()


def test_zonder_javascript_geen_waarschuwing_en_een_hele_pagina(
    browser: Browser, live_server, regisseur_a, korte_sessie
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    inloggen(page, live_server, regisseur_a)
    page.goto(f"{live_server.url}/werkvoorraad/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("U wordt bijna uitgelogd")).to_be_hidden()
    context.close()
