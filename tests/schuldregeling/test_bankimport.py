"""The bank statement import: reading CSV and CAMT.053 (pycamt), matching lines to running
regelingen, the preview (unknown IBAN, duplicate, another gemeente, too high a payout), and
booking all at once, never twice; three months of receipts distributed exactly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from klantplan.schuldregeling import bankimport
from klantplan.schuldregeling import schema as sch
from klantplan.schuldregeling.models import Betaling
from klantplan.schuldregeling.services import bankafschrift, betalingen
from klantplan.schuldregeling.services.bankafschrift import Status
from tests.bouwers.omgeving import omgeving
from tests.schuldregeling.lopend_bouwers import (
    AFLOSRUIMTE,
    IBANS,
    lopende_regeling,
    op,
    snelle_brieven,  # noqa: F401 (fixture)
    vers,
)
from trajecten.services import Geweigerd

DATA = Path(__file__).parent / "data"
CAMT = (DATA / "camt053_drie_maanden.xml").read_bytes()
CSV = (DATA / "bankafschrift_drie_maanden.csv").read_bytes()
KOP = b"datum;bedrag;tegenrekening;omschrijving;transactie-id\n"


# --- Reading (no database) ---------------------------------------------------------------------


@pytest.mark.parametrize("inhoud", [CAMT, CSV])
def test_lezen_van_de_voorbeeldbestanden(inhoud: bytes) -> None:
    rijen = bankimport.lees(inhoud)
    assert [(t.datum, t.bedrag_cent, t.bij) for t in rijen] == [
        (date(2026, 1, 5), 15_000, True),
        (date(2026, 2, 5), 15_000, True),
        (date(2026, 3, 5), 15_000, True),
        (date(2026, 3, 6), 4_250, True),
        (date(2026, 3, 7), 1_200, False),
    ]
    assert rijen[0].tegenrekening == "NL91ABNA0417164300"  # spaces gone, upper case
    assert len({t.transactie_id for t in rijen}) == 5 and not any(t.fout for t in rijen)


@pytest.mark.parametrize(
    "inhoud,melding",
    [
        (b"", "leeg"),
        (b"\x00\x01", "ongeldige tekens"),
        (b"\xff\xfe datum", "UTF-8"),
        (b"a;b;c\n1;2;3\n", "kolomnamen"),
        (b"<?xml version='1.0'?><Document><Iets/></Document>", "CAMT.053"),
        (b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:camt.053.001.02'><niet", "gelezen"),
        (KOP, "geen transacties"),
    ],
)
def test_onleesbaar_bestand(inhoud: bytes, melding: str) -> None:
    with pytest.raises(bankimport.OngeldigBestand, match=melding):
        bankimport.lees(inhoud)


def test_slechte_regels_blijven_staan_met_reden() -> None:
    inhoud = KOP + (
        b"05-01-2026;abc;NL91ABNA0417164300;x;A1\n"
        b"05-01-2026;0,00;NL91ABNA0417164300;x;A2\n"
        b"31-02-2026;10,00;NL91ABNA0417164300;x;A3\n"
        b"05-01-2026;10,00;NL91ABNA0417164300;x;\n"
        b"05-01-2026;10,00;NL91ABNA0417164300\n"
        b"05-01-2026;10,001;NL91ABNA0417164300;x;A6\n"
        b"05-01-2026;10,00;NL91ABNA0417164300;x;A7\n"
        b"05-01-2026;10,00;NL91ABNA0417164300;x;A7\n"
    )
    fouten = [t.fout for t in bankimport.lees(inhoud)]
    assert "bedrag" in fouten[0] and "nul" in fouten[1] and "datum" in fouten[2]
    assert "transactie-id" in fouten[3] and "velden" in fouten[4] and "komma" in fouten[5]
    assert fouten[6] == "" and "twee keer" in fouten[7]


def test_camt_storno_en_vreemde_munt() -> None:
    inhoud = CAMT.replace(b'<Amt Ccy="EUR">42.50</Amt>', b'<Amt Ccy="USD">42.50</Amt>', 1).replace(
        b"<CdtDbtInd>DBIT</CdtDbtInd>", b"<CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd>"
    )
    rijen = bankimport.lees(inhoud)
    assert "USD" in rijen[3].fout and "storno" in rijen[4].fout


# --- Preview and booking -------------------------------------------------------------------------


def _lopend():
    with op(date(2026, 1, 2)):
        return lopende_regeling(startdatum=date(2026, 1, 5))


@pytest.mark.parametrize("inhoud", [CAMT, CSV], ids=["camt053", "csv"])
@pytest.mark.django_db
@pytest.mark.usefixtures("snelle_brieven")
def test_drie_maanden_ingelezen_en_exact_verdeeld(inhoud: bytes) -> None:
    d = _lopend()
    door = d.omg.regisseur
    with op(date(2026, 4, 10)):
        rijen = bankimport.lees(inhoud)
        voorbeeld = bankafschrift.analyseer(rijen, door)
        assert [r.status for r in voorbeeld.regels] == [
            Status.BOEKBAAR,
            Status.BOEKBAAR,
            Status.BOEKBAAR,
            Status.ONBEKEND,  # a gift from an unknown IBAN
            Status.ONBEKEND,  # a payment to someone who is no creditor
        ]
        assert voorbeeld.ontvangen_cent == 3 * AFLOSRUIMTE
        geboekt = bankafschrift.importeer(rijen, door, voorbeeld.vingerafdruk)
        assert len(geboekt.boekbaar) == 3
        # Imported again: every line is a duplicate now, nothing is booked twice.
        tweede = bankafschrift.analyseer(rijen, door)
        assert [r.status for r in tweede.regels][:3] == [Status.DUBBEL] * 3
        with pytest.raises(Geweigerd, match=r"intussen|niets"):
            bankafschrift.importeer(rijen, door, voorbeeld.vingerafdruk)
        with pytest.raises(Geweigerd):
            bankafschrift.importeer(rijen, door, tweede.vingerafdruk)
        assert Betaling.objects.filter(regeling=d.regeling, richting="ontvangen").count() == 3

        # Distributed exactly: each creditor its first three months of the schedule.
        stand = betalingen.stand(vers(d))
        drie = sch.tot_en_met(stand.schema, 3)
        assert {
            betalingen.sleutel(r.onderhandeling.pk): r.te_betalen_cent for r in stand.rijen
        } == drie
        assert sum(drie.values()) == 3 * AFLOSRUIMTE

        # The payouts come back on the next statement: booked per creditor, to the cent.
        uit = _camt_uitbetalingen(d, stand)
        v2 = bankafschrift.analyseer(bankimport.lees(uit), door)
        assert all(r.status == Status.BOEKBAAR for r in v2.regels), [r.melding for r in v2.regels]
        bankafschrift.importeer(bankimport.lees(uit), door, v2.vingerafdruk)
        stand = betalingen.stand(vers(d))
        for r in stand.rijen:
            assert r.uitbetaald_cent == drie[betalingen.sleutel(r.onderhandeling.pk)]
            assert r.te_betalen_cent == 0
        # The same payouts once more (another statement, other ids): more than te betalen.
        nogmaals = bankimport.lees(uit.replace(b"UIT-", b"NOG-"))
        assert {r.status for r in bankafschrift.analyseer(nogmaals, door).regels} == {
            Status.TE_HOOG
        }


def _camt_uitbetalingen(d, stand) -> bytes:
    """A CAMT.053 statement with the payouts to each creditor (kenmerk SR-<pk>)."""
    entries = "".join(
        f"""<Ntry><Amt Ccy="EUR">{r.te_betalen_cent / 100:.2f}</Amt><CdtDbtInd>DBIT</CdtDbtInd>
        <Sts>BOOK</Sts><BookgDt><Dt>2026-04-09</Dt></BookgDt><AcctSvcrRef>UIT-{i}</AcctSvcrRef>
        <NtryDtls><TxDtls><RltdPties><Cdtr><Nm>{r.onderhandeling.schuld.schuldeiser.naam}</Nm>
        </Cdtr><CdtrAcct><Id><IBAN>{IBANS[r.onderhandeling.schuld.schuldeiser.naam]}</IBAN></Id>
        </CdtrAcct></RltdPties><RmtInf><Ustrd>Uitbetaling SR-{d.regeling.pk}</Ustrd></RmtInf>
        </TxDtls></NtryDtls></Ntry>"""
        for i, r in enumerate(stand.rijen)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:'
        'camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>U1</MsgId><CreDtTm>2026-04-10T06:00:00'
        "</CreDtTm></GrpHdr><Stmt><Id>U1</Id><Acct><Id><IBAN>NL20INGB0001234567</IBAN></Id>"
        f"</Acct>{entries}</Stmt></BkToCstmrStmt></Document>"
    ).encode()


@pytest.mark.django_db
@pytest.mark.usefixtures("snelle_brieven")
def test_andere_gemeente_en_meerdere_regelingen() -> None:
    a = _lopend()
    with op(date(2026, 1, 2)):
        b = lopende_regeling(omgeving(), startdatum=date(2026, 1, 5))  # the same client IBAN
    with op(date(2026, 4, 10)):
        rijen = bankimport.lees(CSV)
        # Two running regelingen with this client IBAN: which one is unclear.
        v = bankafschrift.analyseer(rijen, a.omg.regisseur)
        assert v.regels[0].status == Status.ONDUIDELIJK
        # With the payment reference: B's regeling, of a gemeente A's user does not work for.
        met_kenmerk = CSV.replace(b"Reservering januari", f"Januari SR-{b.regeling.pk}".encode())
        v = bankafschrift.analyseer(bankimport.lees(met_kenmerk), a.omg.regisseur)
        assert v.regels[0].status == Status.NIET_TOEGESTAAN
        assert v.regels[0].regeling is None and "gemeente" in v.regels[0].melding
        # B's own user may book it.
        v = bankafschrift.analyseer(bankimport.lees(met_kenmerk), b.omg.regisseur)
        assert v.regels[0].status == Status.BOEKBAAR and v.regels[0].regeling.pk == b.regeling.pk


@pytest.mark.django_db
@pytest.mark.usefixtures("snelle_brieven")
def test_regeling_die_niet_loopt_en_datum_voor_de_start() -> None:
    d = _lopend()
    with op(date(2026, 4, 10)):
        vroeg = KOP + b"01-12-2025;150,00;NL91ABNA0417164300;Te vroeg;V1\n"
        v = bankafschrift.analyseer(bankimport.lees(vroeg), d.omg.regisseur)
        assert v.regels[0].status == Status.NIET_TOEGESTAAN and "start" in v.regels[0].melding
        from klantplan.schuldregeling.services import lopend

        lopend.beeindig_regeling(
            regeling_id=d.regeling.pk, door=d.omg.regisseur, datum=date(2026, 4, 10), reden="Stop"
        )
        v = bankafschrift.analyseer(bankimport.lees(CSV), d.omg.regisseur)
        assert v.regels[0].status == Status.NIET_TOEGESTAAN and "loopt niet" in v.regels[0].melding


@pytest.mark.django_db
@pytest.mark.usefixtures("snelle_brieven")
def test_zelfde_betaling_uit_andere_bron_niet_dubbel() -> None:
    """A receipt entered by hand, then the statement: that line is listed, not booked; and the
    same transfers in a CSV after the CAMT file (other ids) book nothing twice."""
    with op(date(2026, 1, 2)):
        d = lopende_regeling(startdatum=date(2026, 1, 5))
    door = d.omg.regisseur
    with op(date(2026, 1, 6)):
        betalingen.leg_ontvangst_vast(
            regeling_id=d.regeling.pk, door=door, datum=date(2026, 1, 5), bedrag_cent=AFLOSRUIMTE
        )
    with op(date(2026, 4, 10)):
        rijen = bankimport.lees(CAMT)
        voorbeeld = bankafschrift.analyseer(rijen, door)
        assert [r.status for r in voorbeeld.regels[:3]] == [
            Status.MOGELIJK_DUBBEL,
            Status.BOEKBAAR,
            Status.BOEKBAAR,
        ]
        assert "met de hand" in voorbeeld.regels[0].melding
        bankafschrift.importeer(rijen, door, voorbeeld.vingerafdruk)
        assert Betaling.objects.filter(regeling=d.regeling).count() == 3
        csv = bankafschrift.analyseer(bankimport.lees(CSV), door)
        assert not csv.boekbaar
        assert [r.status for r in csv.regels[:3]] == [Status.MOGELIJK_DUBBEL] * 3
