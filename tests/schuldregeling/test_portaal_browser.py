"""Browser: a creditor opens the link from the saldoverzoek letter (no account), types an
amount in the wrong format (refused in Dutch, input kept), then the saldo in Dutch notation,
and sees the thank-you page with what was recorded; the debt is updated with the old amount
kept; the link then says it was used. The token is never sent on as a Referer. Every page
passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from klantplan.models import Schuld
from klantplan.schuldregeling.models import Portaallink, Saldowijziging
from klantplan.schuldregeling.services import portaal
from klantplan.schuldregeling.services.versturen import verstuur
from tests.bouwers.browser import geen_toegankelijkheidsfouten
from tests.bouwers.trajecten import vandaag
from tests.schuldregeling.bouwers import dossier

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_schuldeiser_geeft_saldo_via_de_link(page: Page, live_server):
    d = dossier()
    cjib = d.onderhandeling("CJIB")
    [bericht] = verstuur(
        onderhandeling_ids=[cjib.pk],
        handeling="sr.saldoverzoek",
        door=d.omg.regisseur,
        datum=vandaag(),
    )
    link = Portaallink.objects.get(bericht=bericht)
    # The URL as printed in the letter, on the live server.
    pad = portaal.url(link).split("/schuldeiser/", 1)[1]
    adres = f"{live_server.url}/schuldeiser/{pad}"

    verzoeken = []
    page.on("request", lambda verzoek: verzoeken.append(verzoek))
    page.goto(adres)
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat is het saldo van uw vordering?")
    expect(page.locator("main")).to_contain_text(d.traject.klant.achternaam)
    expect(page.get_by_role("link", name="Saldoverzoek")).to_be_visible()
    expect(page.get_by_role("navigation")).to_have_count(0)  # no staff menu
    geen_toegankelijkheidsfouten(page)

    page.get_by_label("Hoofdsom", exact=True).fill("12,3,4")
    page.get_by_role("button", name="Saldo versturen").click()
    expect(page.locator(".foutsamenvatting")).to_contain_text("Vul een bedrag in euro's in")
    expect(page.get_by_label("Hoofdsom", exact=True)).to_have_value("12,3,4")
    geen_toegankelijkheidsfouten(page)

    page.get_by_label("Hoofdsom", exact=True).fill("1.450,50")
    page.get_by_label("Kosten").fill("40,00")
    page.get_by_label("Rente").fill("9,99")
    page.get_by_label("Uw kenmerk").fill("CJIB-2026-0042")
    page.get_by_role("button", name="Saldo versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor uw antwoord")
    gegevens = page.locator("dl.gegevens")
    expect(gegevens).to_contain_text("€ 1.450,50")
    expect(gegevens).to_contain_text("€ 1.500,49")
    expect(gegevens).to_contain_text("CJIB-2026-0042")
    page.screenshot(path="var/screenshots/schuldeiserportaal-bedankt.png", full_page=True)
    geen_toegankelijkheidsfouten(page)

    # The token never leaves in a Referer header (the CSS, the POST): the origin only.
    verwijzers = {r.header_value("referer") or "" for r in verzoeken}
    assert verwijzers and not any("/schuldeiser/" in v for v in verwijzers), verwijzers

    schuld = Schuld.objects.get(pk=cjib.schuld_id)
    assert schuld.actueel_bedrag_cent == 150_049
    w = Saldowijziging.objects.get(schuld=schuld)
    assert (w.oud_cent, w.nieuw_cent) == (45_050, 150_049)
    assert d.onderhandeling("CJIB").status == "saldo_ontvangen"

    # The link works once.
    antwoord = page.goto(adres)
    assert antwoord is not None and antwoord.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text("U hebt deze vraag al beantwoord")
    geen_toegankelijkheidsfouten(page)
