"""In the browser: a consulent filters the werkvoorraad on "aan zet" (htmx: the table and the
counts follow the choice, without a page load), sees the open warme overdracht, and the
traject page says who must act. Accessible (axe)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from schuldhulp.models import Rol
from tests.bouwers import GebruikerFactory, KlantFactory, aanmelding, omgeving
from tests.bouwers.browser import geen_toegankelijkheidsfouten, inloggen
from tests.samenwerking.bouwers import verstuur
from trajecten.models import Traject

pytestmark = pytest.mark.django_db(transaction=True)


def test_werkvoorraad_filter_aan_zet_en_trajectpagina(page: Page, live_server) -> None:
    omg = omgeving("ontzorging")
    consulent = GebruikerFactory(username="co_browser", rol=Rol.CONSULENT, gemeenten=[omg.gemeente])
    regisseur = omg.regisseur

    def nieuw(door, achternaam: str, **kw) -> Traject:
        klant = KlantFactory(gemeente=omg.gemeente, achternaam=achternaam)
        return aanmelding(klant, door, **kw)

    nieuw(consulent, "Gemeentekant")  # the gemeente hands over first: my turn
    nieuw(regisseur, "Stadsbankkant", consulent=consulent)  # the Stadsbank's turn
    open_ = nieuw(consulent, "Overgedragen", behandelaar=regisseur)
    verstuur(open_, consulent)  # now the Stadsbank must accept

    inloggen(page, live_server, consulent)
    page.goto(f"{live_server.url}/werkvoorraad/")
    filter_ = page.locator("#werkvoorraad-aanzet")
    expect(filter_).to_contain_text("Ik (1)")
    expect(filter_).to_contain_text("De andere partij (Stadsbank) (2)")
    tabel = page.locator("#werkvoorraad-tabel")
    expect(tabel).to_contain_text("3 trajecten")
    expect(tabel.get_by_role("row", name=re.compile("Overgedragen"))).to_contain_text(
        "Warme overdracht open"
    )
    geen_toegankelijkheidsfouten(page)

    url = page.url
    filter_.get_by_role("radio", name=re.compile(r"\bIk\b")).check()
    expect(tabel).to_contain_text("1 traject")
    expect(tabel).to_contain_text("Gemeentekant")
    expect(tabel).not_to_contain_text("Stadsbankkant")
    expect(page.locator("#werkvoorraad-aanzet input[value=ik]")).to_be_checked()
    assert "aan_zet=ik" in page.url and page.url != url  # htmx pushed the filter
    filter_.get_by_role("radio", name=re.compile("De andere partij")).check()
    expect(tabel).to_contain_text("2 trajecten")
    expect(tabel).not_to_contain_text("Gemeentekant")
    page.screenshot(path="var/screenshots/werkvoorraad-aan-zet.png", full_page=True)
    filter_.get_by_role("radio", name=re.compile("Alle")).check()
    expect(tabel).to_contain_text("3 trajecten")

    tabel.get_by_role("link", name=re.compile("Gemeentekant")).click()
    regel = page.locator("#aanzet")
    expect(regel).to_contain_text("Aan zet: Gemeente (u)")
    expect(regel).to_contain_text("Warme overdracht aan de Stadsbank versturen")
    page.screenshot(path="var/screenshots/traject-aan-zet.png")
    geen_toegankelijkheidsfouten(page)
