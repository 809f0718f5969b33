"""Browser: deleting a schuld asks first, in a native <dialog> with JavaScript and on a page of
its own without; the error pages (403, 404) in the house style. Screenshots at 1280 and 390 px
go to var/screenshots/."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from klantplan import services as kp
from klantplan.models import Schuld
from tests.bouwers import toegelaten_traject
from tests.bouwers.browser import geen_toegankelijkheidsfouten, inloggen, past_in_de_breedte
from tests.bouwers.klantplan import schuldeisers

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SMAL = {"width": 390, "height": 844}


def schulden_van(klant, regisseur) -> tuple[str, list[Schuld]]:
    traject = toegelaten_traject(klant, regisseur)
    register = schuldeisers()
    schulden = [
        kp.voeg_schuld_toe(
            traject=traject,
            door=regisseur,
            gegevens=kp.Schuldgegevens(
                schuldeiser=register[naam],
                oorspronkelijk_bedrag_cent=bedrag,
                actueel_bedrag_cent=bedrag,
                peildatum=timezone.localdate(),
                status="aangemeld",
            ),
        )
        for naam, bedrag in (("CJIB", 45_000), ("Belastingdienst", 120_000))
    ]
    return f"/trajecten/{traject.pk}/schulden/", schulden


def test_schuld_verwijderen_via_de_dialoog(page: Page, live_server, klant_a, regisseur_a):
    pad, (cjib, belasting) = schulden_van(klant_a, regisseur_a)
    inloggen(page, live_server, regisseur_a)
    page.goto(f"{live_server.url}{pad}")
    rij = page.locator("tr", has_text="CJIB")

    # Annuleren closes the dialog; nothing happened.
    rij.get_by_role("button", name="Verwijderen").click()
    dialoog = page.get_by_role("dialog", name="Schuld verwijderen")
    expect(dialoog).to_be_visible()
    expect(dialoog).to_contain_text("Weet u zeker dat u de schuld bij CJIB wilt verwijderen?")
    expect(dialoog).to_contain_text("Dit kan niet ongedaan worden gemaakt.")
    expect(dialoog.get_by_role("link", name="Annuleren")).to_be_focused()
    page.screenshot(path="var/screenshots/bevestigen-dialoog.png", full_page=True)
    geen_toegankelijkheidsfouten(page)
    dialoog.get_by_role("link", name="Annuleren").click()
    expect(dialoog).to_have_count(0)
    expect(page).to_have_url(f"{live_server.url}{pad}")
    assert Schuld.objects.filter(pk=cjib.pk).exists()

    # Confirmed: gone, the other schuld stays.
    rij.get_by_role("button", name="Verwijderen").click()
    page.get_by_role("dialog").get_by_role("button", name="Ja, schuld verwijderen").click()
    expect(page.locator(".melding--success")).to_contain_text("De schuld bij CJIB is verwijderd.")
    expect(page.locator("tr", has_text="CJIB")).to_have_count(0)
    assert not Schuld.objects.filter(pk=cjib.pk).exists()
    assert Schuld.objects.filter(pk=belasting.pk).exists()


def test_zonder_javascript_een_bevestigpagina(browser: Browser, live_server, klant_a, regisseur_a):
    pad, (cjib, _) = schulden_van(klant_a, regisseur_a)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    inloggen(page, live_server, regisseur_a)
    page.goto(f"{live_server.url}{pad}")
    page.locator("tr", has_text="CJIB").get_by_role("button", name="Verwijderen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schuld verwijderen")
    expect(page.locator(".bevestiging__gevolg")).to_contain_text(
        "verdwijnt uit het schuldenoverzicht"
    )
    page.screenshot(path="var/screenshots/bevestigen-pagina.png", full_page=True)
    page.set_viewport_size(SMAL)
    past_in_de_breedte(page)
    page.screenshot(path="var/screenshots/bevestigen-pagina-390.png", full_page=True)
    assert Schuld.objects.filter(pk=cjib.pk).exists()
    page.get_by_role("button", name="Ja, schuld verwijderen").click()
    expect(page.locator(".melding--success")).to_contain_text("is verwijderd")
    assert not Schuld.objects.filter(pk=cjib.pk).exists()
    context.close()


def test_foutpaginas_403_en_404(page: Page, live_server, contractmanager_a):
    inloggen(page, live_server, contractmanager_a)
    for status, pad, kop in (
        (403, "/verwerkingenlog/", "U heeft geen toegang tot deze pagina"),
        (404, "/dossier/bestaat-niet/", "Deze pagina bestaat niet"),
    ):
        page.set_viewport_size({"width": 1280, "height": 800})
        antwoord = page.goto(f"{live_server.url}{pad}")
        assert antwoord.status == status
        expect(page.locator("html")).to_have_attribute("lang", "nl")
        expect(page.get_by_role("heading", level=1)).to_have_text(kop)
        expect(page.get_by_role("link", name="Naar de startpagina")).to_be_visible()
        geen_toegankelijkheidsfouten(page)
        page.screenshot(path=f"var/screenshots/fout-{status}.png", full_page=True)
        page.set_viewport_size(SMAL)
        past_in_de_breedte(page)
        page.screenshot(path=f"var/screenshots/fout-{status}-390.png", full_page=True)
    expect(page.get_by_role("alert")).to_have_count(0)  # 404: no reason from the inside
