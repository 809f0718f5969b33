"""Browser (issue 16, point 3 and the worker side of 5): the klantregisseur adds a scanned
letter as two photos (stored as one two-page PDF), sees a refused file explained, approves it,
and rejects a paper the client delivered, which the werkvoorraad showed as work."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from klantplan.papieren import services
from klantplan.papieren.models import Stuk
from schuldhulp.extern import klant as klantpartij
from tests.bouwers import KlantFactory
from tests.bouwers.browser import geen_toegankelijkheidsfouten, inloggen
from tests.bouwers.papieren import jpeg, lijst, pdf
from tests.bouwers.trajecten import toegelaten_traject

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _bestand(upload) -> dict:
    upload.seek(0)
    return {"name": upload.name, "mimeType": upload.content_type, "buffer": upload.read()}


def test_regisseur_voegt_gescande_brief_toe_en_beoordeelt(
    page: Page, live_server, gemeente_a, regisseur_a, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "prive"
    lijst()
    klant = KlantFactory(gemeente=gemeente_a)
    traject = toegelaten_traject(klant, regisseur_a)
    # The client delivered the bank statements on the portal: work on the werkvoorraad.
    bank = services.stukken_voor_klant(traject).get(soort__code="bankafschriften")
    services.lever_aan(bank, [pdf()], door_klant=klantpartij(klant.pk, [traject.pk]))

    inloggen(page, live_server, regisseur_a)
    expect(
        page.get_by_text(f"Dossier {traject.pk}: nieuw stuk om te beoordelen").first
    ).to_be_visible()
    page.goto(f"{live_server.url}/trajecten/{traject.pk}/")
    page.get_by_role("link", name="Papieren").first.click()
    expect(page.get_by_role("heading", name="Papieren", level=1)).to_be_visible()
    geen_toegankelijkheidsfouten(page)

    # A scanned letter from the post: on the list, then two photos as one PDF.
    page.get_by_label("Soort stuk").select_option(label="Post")
    page.get_by_label("Omschrijving (optioneel)").fill("Brief van het CJIB")
    page.get_by_label("Wie levert het aan?").select_option(label="Stadsbank")
    page.get_by_role("button", name="Op de lijst zetten").click()
    expect(page.get_by_text("Post: Brief van het CJIB staat op de lijst.")).to_be_visible()
    post = Stuk.objects.get(traject=traject, soort__code="post")
    rij = page.locator(f"#stuk-{post.pk}")
    # A program renamed to .pdf is refused by its content, nothing stored.
    exe = {"name": "brief.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00" * 50}
    rij.get_by_label("Scan of foto's").set_input_files([exe])
    rij.get_by_role("button", name="Uploaden").click()
    expect(page.get_by_text("'brief.pdf' is geen foto (JPEG of PNG) en geen PDF.")).to_be_visible()
    assert not post.bestanden.exists()
    rij.get_by_label("Scan of foto's").set_input_files(
        [_bestand(jpeg("blad1.jpg")), _bestand(jpeg("blad2.jpg"))]
    )
    rij.get_by_role("button", name="Uploaden").click()
    expect(page.get_by_text("is opgeslagen als één PDF van 2 pagina('s)")).to_be_visible()
    expect(rij.locator(".stukstatus")).to_contain_text("Ontvangen")

    # The download is the stored PDF: two pages, never cached.
    with page.expect_download() as download:
        rij.get_by_role("link", name=".pdf").click()
    inhoud = Path(download.value.path()).read_bytes()
    assert len(PdfReader(io.BytesIO(inhoud)).pages) == 2

    rij.get_by_role("button", name="Goedkeuren").click()
    expect(page.get_by_text("Post: Brief van het CJIB is goedgekeurd.")).to_be_visible()
    expect(rij.locator(".stukstatus")).to_contain_text("Goedgekeurd")
    expect(rij.get_by_role("button", name="Uploaden")).to_have_count(0)

    # The client's bank statements: rejected, with the reason the client will read.
    bankrij = page.locator(f"#stuk-{bank.pk}")
    bankrij.get_by_role("button", name="Afkeuren").click()  # no reason: the browser asks
    assert Stuk.objects.get(pk=bank.pk).status == "ontvangen"
    bankrij.get_by_label("Reden van afkeuren").fill("De laatste maand ontbreekt")
    bankrij.get_by_role("button", name="Afkeuren").click()
    expect(page.get_by_text("Bankafschriften is afgekeurd.")).to_be_visible()
    expect(bankrij.locator(".stukstatus")).to_contain_text("Reden: De laatste maand ontbreekt")
    geen_toegankelijkheidsfouten(page)
