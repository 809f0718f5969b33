"""Browser (issue 16, "done when"), at a phone's width: a klant logs in through the mock DigiD,
sees where they stand, ticks off an action, sends a two-page bank statement as photos (stored
as one PDF), reads their klantplan and sends a message; the klantregisseur sees the message and
the action on the werkvoorraad and answers from the dossier. axe clean on every portal page."""

from __future__ import annotations

import importlib
import io
import re

import pytest
from django.apps import apps
from PIL import Image
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from klantplan import services as kp
from klantplan.models import Actiesoort, Wie
from klantplan.papieren.models import Stuk
from klantplan.portaal.models import Bericht
from tests.bouwers.browser import geen_toegankelijkheidsfouten, inloggen, past_in_de_breedte
from tests.bouwers.trajecten import toegelaten_traject

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
TELEFOON = {"width": 390, "height": 844}


def _foto(pad, kleur: str) -> str:
    uit = io.BytesIO()
    Image.new("RGB", (600, 800), kleur).save(uit, "JPEG")
    pad.write_bytes(uit.getvalue())
    return str(pad)


def _controleer(page: Page) -> None:
    geen_toegankelijkheidsfouten(page)
    past_in_de_breedte(page)


def test_klant_in_mijn_schuldhulp(
    page: Page, live_server, settings, tmp_path, klant_a, regisseur_a
):
    settings.PORTAAL_DIGID_MOCK = True
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "prive"
    importlib.import_module("klantplan.papieren.migrations.0002_lijst").vul(apps, None)
    traject = toegelaten_traject(klant_a, regisseur_a)
    traject.behandelaar = regisseur_a
    traject.save(update_fields=["behandelaar"])
    plan = kp.maak_klantplan(traject=traject, door=regisseur_a)
    actie = kp.voeg_actie_toe(
        door=regisseur_a,
        soort=Actiesoort.KLANT,
        klanttekst="Bel de woningcorporatie",
        wat="Faillissement van haar man: naar de curator vragen",  # alleen intern (ADR 0027)
        wie=Wie.KLANT,
        klantplan_id=plan.pk,
    )
    kp.maak_document(traject=traject, door=regisseur_a, soort="klantplan", klantplan_id=plan.pk)
    afschrift = Stuk.objects.filter(traject=traject, aanleveraar="klant").first()
    if afschrift is None:  # not on this package's list: ask for it, as a worker would
        from klantplan.papieren.models import Papiersoort
        from klantplan.papieren.services import vraag_stuk

        soort = Papiersoort.objects.get(code="bankafschriften")
        vraag_stuk(traject, door=regisseur_a, soort=soort)
        afschrift = Stuk.objects.get(traject=traject, aanleveraar="klant")

    # The klant, on a phone, through the mock DigiD.
    page.set_viewport_size(TELEFOON)
    page.goto(f"{live_server.url}/mijn-schuldhulp/inloggen/")
    _controleer(page)
    page.get_by_role("link", name="Inloggen met DigiD").click()
    # The library's mock of DigiD's own pages (not ours: no axe here).
    page.locator("#authentication_type_account_basis").click()
    page.locator("input[name=auth_bsn]").fill(klant_a.bsn)
    page.locator("#submit-button").click()

    expect(page.get_by_role("heading", name="Waar sta ik?", level=1)).to_be_visible()
    expect(page.get_by_text("U bent hier")).to_be_visible()
    _controleer(page)
    page.screenshot(path="var/screenshots/portaal-390.png", full_page=True)

    expect(page.locator("main")).not_to_contain_text("Faillissement")  # the team's note
    page.get_by_role("button", name="Gedaan: Bel de woningcorporatie").click()
    expect(page.get_by_role("status")).to_contain_text("Gedaan: Bel de woningcorporatie")
    actie.refresh_from_db()
    assert actie.gedaan_op is not None

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("lantplan")).first.click()
    assert download.value.suggested_filename.endswith(".pdf")
    pdf = PdfReader(download.value.path())
    pdf_tekst = " ".join(p.extract_text() for p in pdf.pages)
    assert "Bel de woningcorporatie" in pdf_tekst and "Faillissement" not in pdf_tekst

    # Two photos of a bank statement: one PDF of two pages.
    page.get_by_role("link", name="Naar uw papieren").click()
    expect(page.get_by_role("heading", name="Uw papieren", level=1)).to_be_visible()
    _controleer(page)
    page.locator(f"#bestanden-{afschrift.pk}").set_input_files(
        [_foto(tmp_path / "blad1.jpg", "white"), _foto(tmp_path / "blad2.jpg", "lightgrey")]
    )
    page.locator(f"#stuk-{afschrift.pk}").get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("status")).to_contain_text("Ontvangen")
    bestand = afschrift.bestanden.get()
    assert bestand.paginas == 2 and bestand.bestandsnaam.endswith(".pdf")

    page.get_by_role("link", name="Terug naar uw overzicht").click()
    page.get_by_role("link", name="Stuur een bericht").click()
    _controleer(page)
    page.get_by_label(re.compile("Uw bericht")).fill("Ik heb een brief van de deurwaarder.")
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_text("Uw bericht is verstuurd.")).to_be_visible()
    expect(page.get_by_text("Ik heb een brief van de deurwaarder.")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", name="U bent uitgelogd")).to_be_visible()

    # The klantregisseur: the message and the action are work on the werkvoorraad.
    page.set_viewport_size({"width": 1280, "height": 900})
    inloggen(page, live_server, regisseur_a)
    expect(page).to_have_url(re.compile(r"/werkvoorraad/$"))
    page.locator("#werkvoorraad-kaarten").get_by_role(
        "link", name=re.compile("nieuwe signalering")
    ).click()
    expect(page.locator("#werkvoorraad-tabel")).to_contain_text(klant_a.achternaam)
    page.goto(f"{live_server.url}/signaleringen/")
    for tekst in (
        f"Nieuw bericht van de klant (dossier {traject.pk})",
        f"De klant heeft een actie afgevinkt (dossier {traject.pk})",
    ):
        expect(page.get_by_role("cell", name=tekst, exact=True)).to_be_visible()
    page.goto(f"{live_server.url}/trajecten/{traject.pk}/berichten/")
    expect(page.get_by_text("Ik heb een brief van de deurwaarder.")).to_be_visible()
    page.get_by_label(re.compile("Antwoord aan de klant")).fill("Stuur de brief mee als foto.")
    page.get_by_role("button", name="Antwoord versturen").click()
    expect(page.get_by_text("Uw antwoord staat voor de klant klaar")).to_be_visible()
    assert Bericht.objects.filter(traject=traject, van_klant=False).count() == 1
