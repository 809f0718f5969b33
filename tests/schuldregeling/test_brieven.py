"""The letters to creditors: one per message type, in plain language, with the figures of the
message (read back from the PDF text), stored with a checksum in today's print batch; and
the answer terms as norm rows (a gemeente's own row wins; no traject clock of them)."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import date

import pytest
from django.core import signing
from pypdf import PdfReader

from klantplan.schuldregeling import brieven, termijnen
from klantplan.schuldregeling.models import Bericht
from klantplan.schuldregeling.services import portaal
from klantplan.schuldregeling.services.antwoorden import leg_antwoord_vast, leg_saldo_vast
from klantplan.schuldregeling.services.versturen import verstuur
from klantplan.schuldregeling.workflow import Berichtsoort, Kanaal, Richting
from tests.bouwers.trajecten import vandaag
from tests.schuldregeling.bouwers import Dossier, dossier, voorstel
from trajecten import normbewaking
from trajecten.models import Doorlooptijdnorm

pytestmark = pytest.mark.django_db


def tekst(bericht: Bericht) -> str:
    """The letter's text as a reader (or a scanner) sees it, whitespace made single."""
    pdf = PdfReader(io.BytesIO(bytes(bericht.pdf)))
    ruw = " ".join(p.extract_text() for p in pdf.pages)
    return re.sub(r"\s+", " ", ruw.replace("\xa0", " "))


def _stuur(d: Dossier, naam: str, handeling: str) -> Bericht:
    (bericht,) = verstuur(
        onderhandeling_ids=[d.onderhandeling(naam).pk],
        handeling=handeling,
        door=d.omg.regisseur,
        datum=vandaag(),
    )
    return Bericht.objects.get(pk=bericht.pk)


def _saldo(d: Dossier, naam: str, hoofdsom: int, kosten: int = 0, rente: int = 0) -> None:
    leg_saldo_vast(
        onderhandeling_id=d.onderhandeling(naam).pk,
        door=d.omg.regisseur,
        datum=vandaag(),
        hoofdsom_cent=hoofdsom,
        kosten_cent=kosten,
        rente_cent=rente,
        kanaal=Kanaal.POST,
    )


def test_kennisgeving_vraagt_incasso_te_stoppen_en_is_opgeslagen_met_controlegetal():
    d = dossier()
    b = _stuur(d, "CJIB", "sr.kennisgeving")
    t = tekst(b)
    assert "Wij helpen onze cliënt met de schulden" in t
    assert "Stop de incasso" in t and "Houd uw vordering aan" in t
    assert "€ 450,50" in t  # the claim as the client gave it (45_050 cents)
    assert d.traject.klant.volledige_naam in t and f"Ons dossiernummer: {d.traject.pk}" in t
    assert b.sha256 == hashlib.sha256(bytes(b.pdf)).hexdigest()
    assert b.printdatum == vandaag()
    assert "schuldeiserportaal" not in t  # no question, no link


def test_saldoverzoek_noemt_peildatum_termijn_en_link():
    d = dossier()
    d.regeling.peildatum = date(2026, 1, 1)
    d.regeling.save(update_fields=["peildatum"])
    b = _stuur(d, "Vitens", "sr.saldoverzoek")
    t = tekst(b)
    termijn = termijnen.eind_termijn(Berichtsoort.SALDOVERZOEK, d.traject.gemeente_id, vandaag())
    assert termijn == d.onderhandeling("Vitens").termijn_tot
    assert "1 januari 2026" in t  # the peildatum
    assert "hoofdsom" in t and "kosten" in t and "rente" in t and "kenmerk" in t
    assert "€ 300,00" in t
    assert "Antwoord uiterlijk op" in t and brieven_datum(termijn) in t
    # The link printed in full (the PDF breaks it over lines): its token opens this link.
    token = re.search(r"/schuldeiser/([^/]+)/", re.sub(r"\s", "", t)).group(1)
    assert signing.loads(token, salt=portaal.ZOUT) == b.portaallink.sleutel
    assert b.sha256 == hashlib.sha256(bytes(b.pdf)).hexdigest()


def brieven_datum(dag: date) -> str:
    from django.utils import formats, translation

    with translation.override("nl"):
        return formats.date_format(dag, "j F Y")


def test_betaalvoorstel_noemt_aanbod_percentage_looptijd_en_bijlage():
    d = dossier()
    for naam in ("CJIB", "Vitens"):
        _stuur(d, naam, "sr.saldoverzoek")
    _saldo(d, "CJIB", 40_000, 5_050)  # 450,50 as the client said
    v = voorstel(d, aflosruimte_cent=15_000)
    b = _stuur(d, "CJIB", "sr.betaalvoorstel")
    aandeel = next(a for a in v.resultaat["aandelen"] if a["vordering_cent"] == 45_050)
    t = tekst(b)
    from schuldhulp import opmaak

    assert opmaak.bedrag(aandeel["aandeel_cent"], centen=True) in t
    assert f"{aandeel['percentage'].replace('.', ',')}%" in t
    assert f"{v.looptijd_maanden} maanden" in t
    assert "€ 150,00" in t  # the client's monthly amount for all creditors
    per_maand = round(aandeel["aandeel_cent"] / v.looptijd_maanden)
    assert opmaak.bedrag(per_maand, centen=True) in t
    assert "finale kwijting" in t
    assert "Bijlage: juridische toelichting" in t and "287a" in t
    assert b.inhoud["aanbod_cent"] == aandeel["aandeel_cent"]


def test_heroverweging_noemt_de_reden_en_het_dwangakkoord():
    d = dossier()
    _stuur(d, "Menzis", "sr.saldoverzoek")
    _saldo(d, "Menzis", 88_800)
    voorstel(d)
    _stuur(d, "Menzis", "sr.betaalvoorstel")
    leg_antwoord_vast(
        onderhandeling_id=d.onderhandeling("Menzis").pk,
        door=d.omg.regisseur,
        datum=vandaag(),
        akkoord=False,
        reden="Te laag aanbod",
        kanaal=Kanaal.POST,
    )
    b = _stuur(d, "Menzis", "sr.heroverweging")
    t = tekst(b)
    assert "Wilt u ons voorstel opnieuw bekijken?" in t
    assert "Te laag aanbod" in t
    assert "dwangakkoord" in t
    assert opmaak_bedrag(d.onderhandeling("Menzis").aangeboden_cent) in t


def opmaak_bedrag(cent: int) -> str:
    from schuldhulp import opmaak

    return opmaak.bedrag(cent, centen=True)


def test_statusverzoek():
    d = dossier()
    b = _stuur(d, "Welbions", "sr.statusverzoek")
    t = tekst(b)
    assert "Hoe staat het met uw vordering?" in t and "€ 2.100,33" in t


def _uit(d: Dossier, naam: str, soort: str, inhoud: dict) -> Bericht:
    """A message of the running regeling as the regeling's screens store it (helper lopend)."""
    b = Bericht.objects.create(
        onderhandeling=d.onderhandeling(naam),
        traject=d.traject,
        soort=soort,
        richting=Richting.UIT,
        kanaal=Kanaal.BRIEF,
        datum=vandaag(),
        inhoud=inhoud,
    )
    brieven.maak_brief(b)
    return Bericht.objects.get(pk=b.pk)


def test_akkoord_noemt_start_en_bedragen():
    d = dossier()
    b = _uit(
        d,
        "Vitens",
        Berichtsoort.SCHULDREGELING_AKKOORD,
        {
            "startdatum": "2027-02-01",
            "looptijd_maanden": 18,
            "maandbedrag_cent": 1_234,
            "totaal_cent": 22_212,
        },
    )
    t = tekst(b)
    assert "De schuldregeling gaat van start" in t
    assert "1 februari 2027" in t and "18 maanden" in t
    assert "€ 12,34" in t and "€ 222,12" in t


def test_beeindigd_vraagt_finale_kwijting_en_registraties_te_verwijderen():
    d = dossier()
    b = _uit(
        d,
        "Vitens",
        Berichtsoort.SCHULDREGELING_BEEINDIGD,
        {"einddatum": "2028-08-01", "betaald_cent": 22_212},
    )
    t = tekst(b)
    assert "De schuldregeling is afgerond" in t and "1 augustus 2028" in t
    assert "Verleen finale kwijting" in t and "BKR" in t and "€ 222,12" in t


def test_een_soort_zonder_eigen_brief_krijgt_de_algemene():
    d = dossier()
    b = _uit(d, "Vitens", Berichtsoort.STATUSBERICHT, {})
    assert "Dit is een statusbericht over uw vordering van € 300,00" in tekst(b)


def test_een_binnenkomend_bericht_krijgt_geen_brief():
    d = dossier()
    b = Bericht.objects.create(
        onderhandeling=d.onderhandeling("Vitens"),
        traject=d.traject,
        soort=Berichtsoort.STATUSBERICHT,
        richting=Richting.IN,
        kanaal=Kanaal.POST,
        datum=vandaag(),
    )
    brieven.maak_brief(b)
    b.refresh_from_db()
    assert b.pdf is None and b.sha256 == "" and b.printdatum is None


# --------------------------------------------------------------------------- terms as data


def test_de_drie_termijnnormen_zijn_gezaaid():
    rijen = {
        n.code: n for n in Doorlooptijdnorm.objects.filter(code__in=termijnen.CODES, gemeente=None)
    }
    assert {c: (n.termijn, n.eenheid) for c, n in rijen.items()} == {
        "schuldeiser-saldo": (2, "weken"),
        "schuldeiser-voorstel": (4, "weken"),
        "schuldeiser-herinnering": (2, "weken"),
    }
    for n in rijen.values():
        assert (n.van_mijlpaal, n.tot_mijlpaal) == ("schuldeiser_gevraagd", "schuldeiser_antwoord")
    assert termijnen.zaai(Doorlooptijdnorm) == 0  # idempotent


def test_termijnen_standaard_en_eigen_rij_van_de_gemeente():
    d = dossier()
    g = d.traject.gemeente_id
    maandag = date(2027, 1, 4)
    assert termijnen.eind_termijn(Berichtsoort.SALDOVERZOEK, g, maandag) == date(2027, 1, 18)
    assert termijnen.eind_termijn(Berichtsoort.BETAALVOORSTEL, g, maandag) == date(2027, 2, 1)
    assert termijnen.eind_termijn(Berichtsoort.KENNISGEVING, g, maandag) is None
    standaard = Doorlooptijdnorm.objects.get(code=termijnen.SALDO, gemeente=None)
    eigen = Doorlooptijdnorm.objects.create(
        code=termijnen.SALDO,
        naam="Saldo binnen 5 werkdagen (contract)",
        van_mijlpaal=standaard.van_mijlpaal,
        tot_mijlpaal=standaard.tot_mijlpaal,
        termijn=5,
        eenheid="werkdagen",
        gemeente_id=g,
        geldig_van=date(2026, 1, 1),
    )
    eigen.full_clean()
    # Five working days from Monday 4 January: Monday 11 January (the weekend skipped).
    assert termijnen.eind_termijn(Berichtsoort.SALDOVERZOEK, g, maandag) == date(2027, 1, 11)
    # Over Easter 2027: Good Friday 26 and Easter Monday 29 March do not count.
    pasen = date(2027, 3, 22)
    assert termijnen.eind_termijn(Berichtsoort.SALDOVERZOEK, g, pasen) == date(2027, 3, 31)
    # The other codes and the other gemeenten keep the default.
    assert termijnen.eind_termijn(Berichtsoort.BETAALVOORSTEL, g, maandag) == date(2027, 2, 1)
    andere = d.omg.ander.gemeentegebruikerpermissie_set.get().content_object_id
    assert termijnen.eind_termijn(Berichtsoort.SALDOVERZOEK, andere, pasen) == date(2027, 4, 5)


def test_de_termijnnormen_worden_geen_trajectklok():
    d = dossier()
    _stuur(d, "CJIB", "sr.saldoverzoek")
    klokken = normbewaking.herbereken(d.traject)
    assert not [k for k in klokken if k.norm.code in termijnen.CODES]
    assert [k.norm.code for k in klokken]  # the traject's own clocks are still there
