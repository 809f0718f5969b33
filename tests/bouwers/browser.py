"""Playwright helpers for the browser tests (tests/e2e)."""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.bouwers.fabrieken import WACHTWOORD


def inloggen(page: Page, live_server, gebruiker) -> None:
    """Log in with the factories' password (one step: 2FA is off outside its own tests). The
    login lands on the user's start page (werkvoorraad, rapportages or beheer)."""
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(gebruiker.username)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).not_to_have_url(re.compile(r"/inloggen/"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def geen_toegankelijkheidsfouten(page: Page) -> None:
    """axe-core (WCAG 2.1 A/AA rules) finds nothing serious or critical on the page as it is."""
    resultaat = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}
    )
    ernstig = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x)"
        for v in resultaat.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not ernstig, ernstig


def past_in_de_breedte(page: Page) -> None:
    """Nothing makes the page wider than the window (wide tables scroll in their own box)."""
    breedte = page.evaluate("document.documentElement.scrollWidth")
    venster = page.evaluate("window.innerWidth")
    assert breedte <= venster, f"pagina is {breedte} px breed in een venster van {venster} px"
