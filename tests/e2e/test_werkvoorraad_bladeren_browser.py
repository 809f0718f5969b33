"""Browser: the team werkvoorraad pages by keyset (issue 21, ADR 0018): the count on top comes
from the counters, "Volgende 25" shows the rest in the same order, "Terug naar het begin"
returns to the first page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.bouwers import KlantFactory, maak_traject
from tests.bouwers.browser import geen_toegankelijkheidsfouten, inloggen

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_teamweergave_bladert_met_keyset(page: Page, live_server, regisseur_a, gemeente_a):
    for n in range(27):
        maak_traject(KlantFactory(gemeente=gemeente_a), regisseur_a, dagen_geleden=n)

    inloggen(page, live_server, regisseur_a)
    page.goto(f"{live_server.url}/werkvoorraad/?weergave=team")
    tabel = page.locator("#werkvoorraad-tabel")
    expect(tabel.locator(".telling")).to_have_text("27 trajecten")
    expect(tabel.locator("tbody tr")).to_have_count(25)
    eerste = tabel.locator("tbody tr a").first.inner_text()

    tabel.get_by_role("link", name=re.compile("Volgende 25")).click()
    expect(page).to_have_url(re.compile(r"weergave=team&na=\d+-\d{8}-\d+"))
    expect(tabel.locator("tbody tr")).to_have_count(2)
    expect(tabel.get_by_role("link", name=re.compile("Volgende 25"))).to_have_count(0)
    geen_toegankelijkheidsfouten(page)

    tabel.get_by_role("link", name=re.compile("Terug naar het begin")).click()
    expect(tabel.locator("tbody tr")).to_have_count(25)
    expect(tabel.locator("tbody tr a").first).to_have_text(eerste)
