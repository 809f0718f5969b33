"""Browser: the look (NL Design System, Utrecht components on our theme) and the dossier as one
place (issue 20, points 1 and 5). Screenshots at 1280 and 390 px of the main pages go to
var/screenshots/nlds-*.png; axe stays at 0 on each; at 390 px the werkvoorraad, the klantenlijst
and the schulden fit the window (rows become cards); at 1280 px the dossier tabs stay on one
line; every tab of a dossier has the same breadcrumbs and the same tabs."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from klantplan import services as klantplan_services
from klantplan.services import Schuldgegevens
from rapportage import services as rapportage_services
from rapportage.kwartalen import Kwartaal
from rapportage.models import Kwartaalrapportage
from tests.bouwers import KlantFactory, maak_traject
from tests.bouwers.browser import geen_toegankelijkheidsfouten, inloggen, past_in_de_breedte
from tests.bouwers.klantplan import schuldeisers
from tests.bouwers.rijen import Bouwer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCHERMEN = "var/screenshots"
BREEDTES = (1280, 390)


def _bekijk(page: Page, naam: str) -> None:
    """Screenshots at both widths; axe at both; nothing wider than the window at 390 px."""
    for breedte in BREEDTES:
        page.set_viewport_size({"width": breedte, "height": 900})
        page.screenshot(path=f"{SCHERMEN}/nlds-{naam}-{breedte}.png", full_page=True)
        geen_toegankelijkheidsfouten(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def _breedte_bij_390(page: Page) -> int:
    page.set_viewport_size({"width": 390, "height": 900})
    breedte = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    return breedte


def _kruimels_en_tabs(page: Page) -> tuple[list[str], list[str]]:
    kruimels = page.locator(".kruimelpad li").all_inner_texts()
    tabs = page.locator(".dossiertabs li").all_inner_texts()
    return kruimels, tabs


def test_werkvoorraad_klanten_en_dossier_in_de_huisstijl(
    page: Page, live_server, regisseur_a, gemeente_a
):
    for i, dagen in enumerate((60, 25, 3)):
        maak_traject(
            KlantFactory(gemeente=gemeente_a, achternaam=f"Achternaam-met-lengte{i}"),
            regisseur_a,
            dagen_geleden=dagen,
        )
    klant = KlantFactory(gemeente=gemeente_a, voornamen="Tanya", achternaam="Veldkamp")
    traject = maak_traject(klant, regisseur_a, dagen_geleden=10)
    register = schuldeisers()
    for naam, bedrag, status in (
        ("Belastingdienst", 120_000, "vastgesteld"),
        ("CJIB", 35_050, "aangemeld"),
        ("Menzis", 162_525, "saldo_opgevraagd"),
    ):
        klantplan_services.voeg_schuld_toe(
            traject=traject,
            door=regisseur_a,
            gegevens=Schuldgegevens(
                schuldeiser=register[naam],
                oorspronkelijk_bedrag_cent=bedrag,
                actueel_bedrag_cent=bedrag,
                peildatum=timezone.localdate(),
                status=status,
                kenmerk="KENMERK-2026-000123456",
            ),
        )

    inloggen(page, live_server, regisseur_a)
    # The Utrecht components are there and styled by our theme (not the browser's default).
    knop = page.locator(".utrecht-button--primary-action, .utrecht-button-link--primary-action")
    kleur = knop.first.evaluate("k => getComputedStyle(k).backgroundColor")
    assert kleur == "rgb(14, 97, 112)", kleur  # petrol-500 from thema.css
    _bekijk(page, "werkvoorraad")
    assert _breedte_bij_390(page) <= 390  # werkvoorraad: rows are cards, no sideways scrolling

    page.get_by_role("link", name="Klanten", exact=True).first.click()
    _bekijk(page, "klantenlijst")
    assert _breedte_bij_390(page) <= 390

    # The dossier: each tab has the same breadcrumbs (without internal ids) and the same tabs.
    page.goto(f"{live_server.url}/trajecten/{traject.pk}/")
    eerst = _kruimels_en_tabs(page)
    assert eerst[0] == ["Werkvoorraad", "Dossier Tanya Veldkamp"]
    assert not any(str(traject.pk) in k for k in eerst[0])
    # At 1280 px the tabs stay on one line.
    boven = page.evaluate(
        "[...document.querySelectorAll('.dossiertabs li')]"
        ".map(li => li.getBoundingClientRect().top)"
    )
    assert len(set(boven)) == 1, f"tabs op {len(set(boven))} regels"
    past_in_de_breedte(page)  # ... and within the window
    _bekijk(page, "dossier-traject")
    assert _breedte_bij_390(page) <= 390  # the takenverdeling is cards too
    for tab, naam in (
        ("Klant", "klant"),
        ("Schulden", "schulden"),
        ("Klantplan", "klantplan"),
        ("Huishouden", "huishouden"),
        ("Budget", "budget"),
        ("Documenten", "documenten"),
    ):
        page.locator(".dossiertabs").get_by_role("link", name=tab, exact=True).click()
        expect(page.locator(".dossiertabs [aria-current=page]")).to_have_text(tab)
        assert _kruimels_en_tabs(page) == eerst, f"tab {tab} heeft een andere kop"
        _bekijk(page, f"dossier-{naam}")
        if naam == "schulden":
            expect(page.locator("#schulden-tabel tbody tr")).to_have_count(3)
            assert _breedte_bij_390(page) <= 390  # schulden: cards at 390 px
    # The klant page is that tab: the klant's data inside the dossier.
    page.locator(".dossiertabs").get_by_role("link", name="Klant", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Klantgegevens")
    expect(page.locator(".gegevens")).to_contain_text(klant.bsn)
    page.set_viewport_size({"width": 390, "height": 900})
    past_in_de_breedte(page)


def test_consulent_ziet_afstemming_met_de_stadsbank(
    page: Page, live_server, regisseur_a, consulent_a, gemeente_a
):
    traject = maak_traject(KlantFactory(gemeente=gemeente_a), regisseur_a)
    inloggen(page, live_server, consulent_a)
    page.goto(f"{live_server.url}/trajecten/{traject.pk}/")
    tabs = page.locator(".dossiertabs")
    expect(tabs.get_by_role("link", name="Afstemming Stadsbank")).to_be_visible()
    expect(tabs.get_by_role("link", name="Afstemming gemeente")).to_have_count(0)
    tabs.get_by_role("link", name="Afstemming Stadsbank").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Afstemming met de Stadsbank")
    _bekijk(page, "dossier-afstemming-consulent")


def test_rapportage_in_de_huisstijl(page: Page, live_server, contractmanager_a, gemeente_a):
    bouw = Bouwer(gemeente_a)
    for dag in (2, 9, 16):
        t = bouw.traject(date(2026, 7, dag), kanaal="wijkteam")
        bouw.gebeurtenis(t, "eerste_gesprek", date(2026, 7, dag + 10))
    rapportage = rapportage_services.vraag_aan(
        gemeente=gemeente_a, kwartaal=Kwartaal(2026, 3), door=contractmanager_a, in_wachtrij=False
    )
    rapportage_services.maak(rapportage_id=rapportage.pk)
    assert Kwartaalrapportage.objects.get(pk=rapportage.pk).pdf

    inloggen(page, live_server, contractmanager_a)
    page.goto(f"{live_server.url}/rapportages/")
    _bekijk(page, "rapportages")
    page.goto(f"{live_server.url}/rapportages/{rapportage.pk}/")
    expect(page.get_by_role("link", name="PDF downloaden")).to_be_visible()
    _bekijk(page, "rapportage-detail")
    assert _breedte_bij_390(page) <= 390  # wide report tables scroll in their own box
