"""The issue's whole story in the browser (issue 14, "Done when"): the klantregisseur sends
kennisgeving + saldoverzoek to the five creditors of a client; two answer in the
schuldeiserportaal (one with a higher saldo, which updates the debt), one by post and one
by phone (entered by hand with the date of receipt), one gets a reminder from the Celery
job (run twice: one letter) and then answers; the betaalvoorstel goes out, four agree and
one refuses in the portal → the verzoek dwangakkoord PDF states the right shares; the court
grants it, the regeling starts, three months of the Stadsbank's CAMT.053 statement are
imported (unknown IBAN listed, nothing booked twice) and paid out exactly per the schedule.

Time moves forward with time_machine (the live server runs in this process and sees it);
forward only, so the browser's cookies stay valid."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from klantplan.models import Schuld
from klantplan.schuldregeling import schema as sch
from klantplan.schuldregeling.models import (
    Bericht,
    Betaalrichting,
    Betaling,
    Onderhandeling,
    Portaallink,
    Saldowijziging,
)
from klantplan.schuldregeling.services import betalingen, portaal
from klantplan.schuldregeling.tasks import herinneringen_versturen
from klantplan.services.sanering import bereken_voorstel
from tests.bouwers import WACHTWOORD
from tests.bouwers.browser import geen_toegankelijkheidsfouten, inloggen
from tests.schuldregeling.bouwers import BEDRAGEN, Dossier, dossier
from tests.schuldregeling.lopend_bouwers import IBAN_KLANT, zet_ibans
from trajecten.normbewaking import extra_feestdagen
from trajecten.normen import is_werkdag

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
CAMT = (Path(__file__).parent / "data" / "camt053_drie_maanden.xml").read_text()
CJIB_NIEUW = 150_049  # the CJIB's saldo in the portal: 1.450,50 + 40,00 + 9,99


def _om_tien(dag: date):
    moment = timezone.make_aware(datetime.combine(dag, time(10)))
    return time_machine.travel(moment, tick=True)


def _werkdag_vanaf(dag: date) -> date:
    while not is_werkdag(dag, extra_feestdagen()):
        dag += timedelta(days=1)
    return dag


def _open_link(d: Dossier, naam: str) -> str:
    """The path of the creditor's newest unused portal link, as printed in its letter."""
    link = (
        Portaallink.objects.filter(bericht__onderhandeling=d.onderhandeling(naam), gebruikt_op=None)
        .order_by("-pk")
        .first()
    )
    assert link is not None, naam
    return "/schuldeiser/" + portaal.url(link).split("/schuldeiser/", 1)[1]


def _saldo_in_portaal(page: Page, url: str, hoofdsom: str, **extra: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat is het saldo van uw vordering?")
    page.get_by_label("Hoofdsom", exact=True).fill(hoofdsom)
    for label, waarde in extra.items():
        page.get_by_label(label).fill(waarde)
    page.get_by_role("button", name="Saldo versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor uw antwoord")


def _antwoord_in_portaal(page: Page, url: str, akkoord: bool, reden: str = "") -> None:
    page.goto(url)
    keuze = "Ik ga akkoord met het betaalvoorstel" if akkoord else "Ik wijs het betaalvoorstel af"
    page.get_by_label(keuze).check()
    if reden:
        page.get_by_label("Reden van de afwijzing").fill(reden)
    page.get_by_role("button", name="Antwoord versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor uw antwoord")


def _bulk(page: Page, regeling_url: str, knop: str) -> None:
    page.goto(regeling_url)
    page.get_by_label("Aan alle schuldeisers waarvoor dit nu kan").check()
    page.get_by_role("button", name=knop).click()
    expect(page.locator(".melding--success")).to_be_visible()


def _leg_saldo_vast(page: Page, base: str, d: Dossier, naam: str, op: date, kanaal: str) -> None:
    """The klantregisseur types in an answer that came by post or phone."""
    page.goto(f"{base}/schuldregeling/schuldeisers/{d.onderhandeling(naam).pk}/")
    blok = page.locator("#invoer-saldo")
    blok.locator("summary").click()
    blok.get_by_label("Datum van ontvangst").fill(op.isoformat())
    blok.get_by_label("Ontvangen per").select_option(kanaal)
    blok.get_by_label("Hoofdsom").fill(f"{BEDRAGEN[naam] / 100:.2f}".replace(".", ","))
    blok.get_by_role("button").click()
    expect(page.locator(".melding--success")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Saldo ontvangen")


def _camt(datums: list[date], bedrag: str) -> bytes:
    """The sample statement moved to the regeling's months: three reservations from the
    client's IBAN, a gift from an unknown IBAN and a debit (both must not be booked)."""
    tekst = CAMT.replace("150.00", bedrag)
    verplaatst = {
        "2026-01-01": datums[0] - timedelta(days=1),
        "2026-01-05": datums[0],
        "2026-02-05": datums[1],
        "2026-03-05": datums[2],
        "2026-03-06": datums[2] + timedelta(days=1),
        "2026-03-07": datums[2] + timedelta(days=2),
        "2026-03-31": datums[2] + timedelta(days=5),
        "2026-04-01": datums[2] + timedelta(days=6),
    }
    for oud, nieuw in verplaatst.items():
        tekst = tekst.replace(oud, nieuw.isoformat())
    return tekst.encode()


def test_schuldregeling_van_saldoverzoek_tot_uitbetaling(page: Page, live_server, tmp_path):
    base = live_server.url
    t0 = timezone.localdate()
    with _om_tien(t0):
        d = dossier()
        zet_ibans()
        d.omg.regisseur.set_password(WACHTWOORD)
        d.omg.regisseur.save(update_fields=["password"])
        regeling_url = f"{base}/schuldregeling/{d.regeling.pk}/"

        # 1. Kennisgeving and saldoverzoek to all five, in one go.
        inloggen(page, live_server, d.omg.regisseur)
        page.goto(f"{base}/trajecten/{d.traject.pk}/")
        page.get_by_role("link", name=re.compile("Schuldregeling")).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Schuldregeling met de schuldeisers"
        )
        _bulk(page, regeling_url, "Kennisgeving en saldoverzoek versturen")
        geen_toegankelijkheidsfouten(page)
        uit = Bericht.objects.filter(onderhandeling__regeling=d.regeling, richting="uit")
        assert (
            sorted(uit.values_list("soort", flat=True))
            == ["kennisgeving"] * 5 + ["saldoverzoek"] * 5
        )
        assert all(b.sha256 for b in uit)  # every letter stored with its checksum

        # 2. Two creditors answer in the portal; the CJIB's saldo is higher than the client said.
        _saldo_in_portaal(
            page,
            base + _open_link(d, "CJIB"),
            "1.450,50",
            Kosten="40,00",
            Rente="9,99",
            **{"Uw kenmerk": "CJIB-2026-0042"},
        )
        _saldo_in_portaal(page, base + _open_link(d, "Vitens"), "300,00")
        assert Schuld.objects.get(pk=d.onderhandeling("CJIB").schuld_id).actueel_bedrag_cent == (
            CJIB_NIEUW
        )
        wijziging = Saldowijziging.objects.get(schuld_id=d.onderhandeling("CJIB").schuld_id)
        assert (wijziging.oud_cent, wijziging.nieuw_cent) == (BEDRAGEN["CJIB"], CJIB_NIEUW)

    # 3. Three days later: Menzis's letter came by post (two days ago), Welbions phoned.
    t1 = t0 + timedelta(days=3)
    with _om_tien(t1):
        inloggen(page, live_server, d.omg.regisseur)
        _leg_saldo_vast(page, base, d, "Menzis", t1 - timedelta(days=2), "post")
        geen_toegankelijkheidsfouten(page)
        _leg_saldo_vast(page, base, d, "Welbions", t1, "telefoon")
        menzis = Bericht.objects.get(onderhandeling=d.onderhandeling("Menzis"), richting="in")
        assert (menzis.datum, menzis.kanaal) == (t1 - timedelta(days=2), "post")

    # 4. The Belastingdienst's term passed: the beat job sends one reminder, however often it runs.
    t2 = _werkdag_vanaf(t0 + timedelta(days=16))
    with _om_tien(t2):
        herinneringen_versturen(t2.isoformat())
        herinneringen_versturen(t2.isoformat())
        belasting = d.onderhandeling("Belastingdienst")
        assert belasting.herinneringen == 1
        assert Bericht.objects.filter(onderhandeling=belasting, soort="herinnering").count() == 1
        assert all(
            d.onderhandeling(n).herinneringen == 0 for n in ("CJIB", "Vitens", "Menzis", "Welbions")
        )
        inloggen(page, live_server, d.omg.regisseur)
        page.goto(regeling_url)
        expect(page.locator("#ophouders")).to_contain_text("Belastingdienst")
        _saldo_in_portaal(page, base + _open_link(d, "Belastingdienst"), "1.200,00")
        assert (
            Onderhandeling.objects.filter(regeling=d.regeling, status="saldo_ontvangen").count()
            == 5
        )

        # 5. A saneringsvoorstel on the confirmed saldi, chosen, and the betaalvoorstel to all.
        voorstel = bereken_voorstel(
            traject=d.traject,
            door=d.omg.regisseur,
            soort="schuldregeling",
            aflosruimte_per_maand_cent=15_000,
        )
        page.goto(regeling_url)
        page.locator(f"input[name=voorstel][value='{voorstel.pk}']").check()
        page.get_by_role("button", name="Saneringsvoorstel kiezen").click()
        expect(page.locator(".melding--success")).to_be_visible()
        _bulk(page, regeling_url, "Betaalvoorstel versturen")

        # 6. Four agree in the portal, Welbions refuses with its reason.
        for naam in ("Belastingdienst", "CJIB", "Vitens", "Menzis"):
            _antwoord_in_portaal(page, base + _open_link(d, naam), akkoord=True)
        _antwoord_in_portaal(
            page,
            base + _open_link(d, "Welbions"),
            akkoord=False,
            reden="Wij accepteren alleen volledige betaling van de huurachterstand.",
        )

        # 7. The verzoek dwangakkoord: the shares by count and by amount, the refuser's reason.
        page.goto(regeling_url)
        expect(page.locator("#instemming-aantal")).to_contain_text("80,0%")
        page.locator("#naar-rechter").click()
        page.get_by_role("button", name="Verzoek dwangakkoord maken").click()
        expect(page.locator(".melding--success")).to_be_visible()
        geen_toegankelijkheidsfouten(page)
        with page.expect_download() as download:
            page.locator("#verzoeken a").first.click()
        pdf = download.value.path().read_bytes()
        tekst = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        tekst = re.sub(r"\s+", " ", tekst)
        saldi = {
            naam: (CJIB_NIEUW if naam == "CJIB" else bedrag) for naam, bedrag in BEDRAGEN.items()
        }
        totaal, weigeraar = sum(saldi.values()), saldi["Welbions"]
        akkoord_pct = (totaal - weigeraar) * 1000 // totaal  # rounded down, one decimal
        assert "4 van de 5" in tekst and "80,0%" in tekst, tekst
        assert f"{akkoord_pct // 10},{akkoord_pct % 10}%" in tekst, tekst
        assert "volledige betaling van de huurachterstand" in tekst

        # 8. The court grants it; the regeling starts today.
        page.get_by_label("Uitspraak", exact=True).select_option(label="Dwangakkoord toegewezen")
        page.get_by_label("Datum van de uitspraak").fill(t2.isoformat())
        page.get_by_role("button", name="Uitspraak vastleggen").click()
        expect(page.locator("#productstatus")).to_contain_text("dwangakkoord")
        page.goto(regeling_url)
        page.get_by_role("link", name="Regeling starten").click()
        page.get_by_label("Startdatum").fill(t2.isoformat())
        page.get_by_label("IBAN van de klant").fill("NL91 ABNA 0417 1643 00")
        page.get_by_role("button", name="Regeling starten").click()
        expect(page.locator("#lopend")).to_contain_text("Reservering per maand")
        expect(page.locator("#lopend")).to_contain_text("€ 150,00")

    # 9. Three months later: the statement is imported and the money paid out exactly.
    maanden = sch.maanddata(t2, 3)
    t3 = _werkdag_vanaf(maanden[2] + timedelta(days=7))
    with _om_tien(t3):
        bestand = tmp_path / "afschrift.xml"
        bestand.write_bytes(_camt(maanden, "150.00"))
        inloggen(page, live_server, d.omg.regisseur)
        page.goto(f"{base}/schuldregeling/bankafschrift/")
        page.get_by_label("Bankafschrift").set_input_files(str(bestand))
        page.get_by_role("button", name="Bekijken").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("voorbeeld")
        voorbeeld = page.locator("main")
        expect(voorbeeld).to_contain_text("Wordt geboekt: 3")
        expect(voorbeeld).to_contain_text("Onbekend IBAN: 2")
        geen_toegankelijkheidsfouten(page)
        page.get_by_role("button", name="Bevestigen en boeken").click()
        expect(page.locator(".melding--success")).to_be_visible()
        ontvangen = Betaling.objects.filter(regeling=d.regeling, richting=Betaalrichting.ONTVANGEN)
        assert sorted(b.bedrag_cent for b in ontvangen) == [15_000] * 3

        page.goto(f"{base}/schuldregeling/{d.regeling.pk}/betalingen/")
        page.get_by_role("button", name="Uitbetalingen boeken (€ 450,00)").click()
        expect(page.locator(".melding--success")).to_contain_text("5 uitbetalingen geboekt")

    # The payouts are the schedule's first three months per creditor, to the cent.
    regeling = d.regeling.__class__.objects.get(pk=d.regeling.pk)
    onderhandelingen = list(regeling.onderhandelingen.all())
    verwacht = sch.tot_en_met(betalingen.schema_van(regeling, onderhandelingen), 3)
    uitbetaald = {
        betalingen.sleutel(o.pk): sum(
            b.bedrag_cent
            for b in Betaling.objects.filter(onderhandeling=o, richting=Betaalrichting.UITBETAALD)
        )
        for o in onderhandelingen
    }
    assert uitbetaald == verwacht
    assert sum(uitbetaald.values()) == 45_000
    aanbod = {o.pk: o.aangeboden_cent for o in onderhandelingen}
    assert sum(aanbod.values()) == 15_000 * regeling.looptijd_maanden
    assert regeling.iban_klant == IBAN_KLANT
