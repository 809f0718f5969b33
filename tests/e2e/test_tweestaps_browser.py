"""Browser: the password alone enrols nothing; the one-time link from the beheerder enrols an
authenticator app; the next login asks for a code."""

from __future__ import annotations

import base64

import pytest
from django.urls import reverse
from django_otp.oath import hotp, totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from schuldhulp import inrichtlinks
from tests.bouwers import WACHTWOORD

pytestmark = [pytest.mark.e2e, pytest.mark.tweestaps, pytest.mark.django_db(transaction=True)]


def _code(geheim_base32: str) -> str:
    return f"{totp(base64.b32decode(geheim_base32)):06d}"


def _volgende_code(geheim_base32: str, gebruiker) -> str:
    """A used code cannot be used twice: the step after the last one the server accepted.
    From the device's own state, not the clock: a first code that crossed a 30-second
    boundary leaves a drift, and "now + 1" could then fall outside the tolerance."""
    apparaat = TOTPDevice.objects.get(user=gebruiker)
    return f"{hotp(base64.b32decode(geheim_base32), apparaat.last_t + 1):06d}"


def _wachtwoord(page: Page, live_server, gebruiker) -> None:
    page.goto(f"{live_server.url}/klanten/")
    page.get_by_label("Gebruikersnaam").fill(gebruiker.username)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()


def test_instellen_en_inloggen_met_code(page: Page, live_server, regisseur_a, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    _wachtwoord(page, live_server, regisseur_a)  # the password alone enrols nothing
    expect(page.get_by_role("heading", level=1)).to_have_text("Inrichtlink nodig")
    expect(page.locator("main")).to_contain_text("Vraag uw beheerder om een inrichtlink")
    token = inrichtlinks.maak(gebruiker=regisseur_a, door=None)
    page.goto(f"{live_server.url}{reverse('tweestaps_inrichten', args=[token])}?next=/klanten/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    page.screenshot(path="var/screenshots/tweestaps-instellen.png", full_page=True)
    geheim = page.locator("code.geheim").inner_text().strip()
    page.get_by_label("Code uit uw authenticator-app").fill("000000")
    page.get_by_role("button", name="Instellen en doorgaan").click()
    expect(page.locator(".foutsamenvatting")).to_contain_text("klopt niet")
    page.get_by_label("Code uit uw authenticator-app").fill(_code(geheim))
    page.get_by_role("button", name="Instellen en doorgaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Klanten")

    page.get_by_role("button", name="Uitloggen", exact=True).click()
    _wachtwoord(page, live_server, regisseur_a)
    expect(page.get_by_role("heading", level=1)).to_have_text("Code invoeren")
    page.get_by_label("Code uit uw authenticator-app").fill(_volgende_code(geheim, regisseur_a))
    page.get_by_role("button", name="Code controleren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Klanten")
