"""The running regeling through its services: start (with the letters), the schedule, payments
in and out, the button "Uitbetalingen boeken", the tussentijdse toets, the finale kwijting
(the product ends "schuldenvrij"), a premature end, and the saneringskrediet."""

from __future__ import annotations

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta

from klantplan.schuldregeling import schema as sch
from klantplan.schuldregeling.models import Bericht, Betaling, Regeling, Tussentijdsetoets
from klantplan.schuldregeling.services import betalingen, lopend
from tests.bouwers.omgeving import omgeving
from tests.bouwers.trajecten import vandaag
from tests.schuldregeling.bouwers import dossier
from tests.schuldregeling.lopend_bouwers import (
    AFLOSRUIMTE,
    lopende_regeling,
    op,
    snelle_brieven,  # noqa: F401 (fixture)
    vers,
)
from trajecten.models import Gebeurtenis, Product
from trajecten.services import Geweigerd

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("snelle_brieven")]
START = date(2026, 1, 5)


def test_start_zet_de_regeling_op_en_schrijft_elke_schuldeiser() -> None:
    with op(date(2026, 1, 2)):
        d = lopende_regeling(startdatum=START)
    r = vers(d)
    assert (r.fase, r.startdatum, r.looptijd_maanden) == ("lopend", START, 18)
    assert r.maandbedrag_cent == AFLOSRUIMTE and r.iban_klant == "NL91ABNA0417164300"
    berichten = Bericht.objects.filter(traject=d.traject, soort="schuldregeling_akkoord")
    assert berichten.count() == 5
    for b in berichten:
        assert bytes(b.pdf).startswith(b"%PDF") and b.inhoud["startdatum"] == "2026-01-05"
        assert b.inhoud["betalingskenmerk"] == f"SR-{r.pk}"
    g = Gebeurtenis.objects.filter(traject=d.traject, soort="regeling").last()
    assert g.gegevens["fase"] == "lopend" and g.gegevens["looptijd_maanden"] == 18
    # The schedule: every creditor its share, every month the reservation.
    stand = betalingen.stand(r, date(2026, 1, 5))
    assert [sum(m.values()) for m in stand.schema] == [AFLOSRUIMTE] * 18
    assert sum(rij.aandeel_cent for rij in stand.rijen) == AFLOSRUIMTE * 18
    assert sch.totalen(stand.schema) == {
        betalingen.sleutel(rij.onderhandeling.pk): rij.aandeel_cent for rij in stand.rijen
    }


def test_start_geweigerd_zonder_akkoord_en_met_fout_iban() -> None:
    d = dossier()
    with pytest.raises(Geweigerd, match=r"nog niet toegekend|Kies eerst"):
        lopend.start_regeling(
            regeling_id=d.regeling.pk,
            door=d.omg.regisseur,
            datum=vandaag(),
            startdatum=vandaag(),
            iban_klant="NL91ABNA0417164300",
        )
    assert vers(d).fase == "onderhandeling"
    from tests.schuldregeling.lopend_bouwers import akkoord

    akkoord(d)
    for fout in ("NL91ABNA0417164301", "", "X\x00"):
        with pytest.raises(Geweigerd, match="IBAN"):
            lopend.start_regeling(
                regeling_id=d.regeling.pk,
                door=d.omg.regisseur,
                datum=vandaag(),
                startdatum=vandaag(),
                iban_klant=fout,
            )
    assert vers(d).fase == "onderhandeling"
    assert not Bericht.objects.filter(traject=d.traject, soort="schuldregeling_akkoord").exists()
    # Another gemeente's klantregisseur: the gate refuses.
    with pytest.raises(Geweigerd, match="gemeente"):
        lopend.start_regeling(
            regeling_id=d.regeling.pk,
            door=d.omg.ander,
            datum=vandaag(),
            startdatum=vandaag(),
            iban_klant="NL91ABNA0417164300",
        )


def test_ontvangsten_worden_exact_verdeeld_en_uitbetaald() -> None:
    with op(date(2026, 1, 2)):
        d = lopende_regeling(startdatum=START)
    with op(date(2026, 4, 10)):
        door = d.omg.regisseur
        for maand in range(3):
            betalingen.leg_ontvangst_vast(
                regeling_id=d.regeling.pk,
                door=door,
                datum=START + relativedelta(months=maand),
                bedrag_cent=AFLOSRUIMTE,
            )
        stand = betalingen.stand(vers(d))
        assert stand.maanden_verstreken == 4  # 5 jan, feb, mrt, apr
        assert stand.te_betalen_cent == 3 * AFLOSRUIMTE
        drie = sch.tot_en_met(stand.schema, 3)
        for rij in stand.rijen:
            assert rij.toegewezen_cent == drie[betalingen.sleutel(rij.onderhandeling.pk)]
        # A payout by hand above what is te betalen: refused.
        eerste = stand.rijen[0]
        with pytest.raises(Geweigerd, match="meer dan er voor"):
            betalingen.leg_uitbetaling_vast(
                regeling_id=d.regeling.pk,
                onderhandeling_id=eerste.onderhandeling.pk,
                door=door,
                datum=vandaag(),
                bedrag_cent=eerste.te_betalen_cent + 1,
            )
        geboekt = betalingen.boek_uitbetalingen(
            regeling_id=d.regeling.pk, door=door, datum=vandaag()
        )
        assert len(geboekt) == 5 and sum(b.bedrag_cent for b in geboekt) == 3 * AFLOSRUIMTE
        with pytest.raises(Geweigerd, match="niets klaar"):
            betalingen.boek_uitbetalingen(regeling_id=d.regeling.pk, door=door, datum=vandaag())
        stand = betalingen.stand(vers(d))
        for rij in stand.rijen:
            assert rij.uitbetaald_cent == drie[betalingen.sleutel(rij.onderhandeling.pk)]
            assert rij.te_betalen_cent == 0
            assert rij.verschil_cent == stand.schema[3][betalingen.sleutel(rij.onderhandeling.pk)]
        # Bad input: nothing saved.
        for bedrag in (0, -100, None):
            with pytest.raises(Geweigerd):
                betalingen.leg_ontvangst_vast(
                    regeling_id=d.regeling.pk, door=door, datum=vandaag(), bedrag_cent=bedrag
                )
        with pytest.raises(Geweigerd, match="toekomst"):
            betalingen.leg_ontvangst_vast(
                regeling_id=d.regeling.pk,
                door=door,
                datum=date(2026, 5, 1),
                bedrag_cent=100,
            )
        with pytest.raises(Geweigerd, match="gemeente"):
            betalingen.leg_ontvangst_vast(
                regeling_id=d.regeling.pk, door=d.omg.ander, datum=vandaag(), bedrag_cent=100
            )
    assert Betaling.objects.filter(regeling=d.regeling).count() == 3 + 5


def test_tussentijdse_toets() -> None:
    with op(date(2026, 1, 2)):
        d = lopende_regeling(startdatum=START)
    r = vers(d)
    momenten = lopend.toetsmomenten(r)
    assert [m.datum for m in momenten] == [date(2026, 7, 5), date(2027, 1, 5)]
    with op(date(2026, 7, 6)):
        assert momenten[0].verschuldigd(vandaag()) and not momenten[1].verschuldigd(vandaag())
        with pytest.raises(Geweigerd, match="toelichting"):
            lopend.leg_toets_vast(
                regeling_id=r.pk, door=d.omg.regisseur, datum=vandaag(), inkomen_gewijzigd=True
            )
        toets = lopend.leg_toets_vast(
            regeling_id=r.pk,
            door=d.omg.regisseur,
            datum=vandaag(),
            inkomen_gewijzigd=True,
            toelichting="Nieuwe baan, 20 uur",
            versie=r.versie,
        )
        assert lopend.toetsmomenten(vers(d))[0].toets == toets
        with pytest.raises(Geweigerd, match="net gewijzigd"):  # a stale form
            lopend.leg_toets_vast(
                regeling_id=r.pk,
                door=d.omg.regisseur,
                datum=vandaag(),
                inkomen_gewijzigd=False,
                versie=r.versie,
            )
    assert Tussentijdsetoets.objects.filter(regeling=r).count() == 1


def _alles_betalen(d, maanden: int = 18) -> None:
    for maand in range(maanden):
        betalingen.leg_ontvangst_vast(
            regeling_id=d.regeling.pk,
            door=d.omg.regisseur,
            datum=START + relativedelta(months=maand),
            bedrag_cent=AFLOSRUIMTE,
        )
    betalingen.boek_uitbetalingen(regeling_id=d.regeling.pk, door=d.omg.regisseur, datum=vandaag())


def test_finale_kwijting_beeindigt_het_product_schuldenvrij() -> None:
    with op(date(2026, 1, 2)):
        d = lopende_regeling(startdatum=START)
    with (
        op(date(2027, 3, 1)),  # not over yet
        pytest.raises(Geweigerd, match="looptijd is nog niet voorbij"),
    ):
        lopend.leg_finale_kwijting_vast(
            regeling_id=d.regeling.pk, door=d.omg.regisseur, datum=vandaag()
        )
    with op(date(2027, 7, 10)):
        _alles_betalen(d)
        stand = betalingen.stand(vers(d))
        assert stand.alles_uitbetaald and stand.verwacht_ontvangen_cent == 18 * AFLOSRUIMTE
        r = lopend.leg_finale_kwijting_vast(
            regeling_id=d.regeling.pk, door=d.omg.regisseur, datum=vandaag()
        )
    assert r.fase == "afgerond" and r.einddatum == date(2027, 7, 10)
    product = Product.objects.get(pk=d.product.pk)
    assert product.einddatum == date(2027, 7, 10) and product.resultaat == "schuldenvrij"
    brieven = Bericht.objects.filter(traject=d.traject, soort="schuldregeling_beeindigd")
    assert brieven.count() == 5
    assert all(b.inhoud["uitbetaald_cent"] == b.inhoud["aanbod_cent"] for b in brieven)


def test_finale_kwijting_eerder_alleen_met_reden_en_voortijdig_einde() -> None:
    with op(date(2026, 1, 2)):
        d = lopende_regeling(startdatum=START)
        e = lopende_regeling(omgeving(), startdatum=START)
    with op(date(2026, 6, 1)):
        r = lopend.leg_finale_kwijting_vast(
            regeling_id=d.regeling.pk,
            door=d.omg.regisseur,
            datum=vandaag(),
            reden="Schuldeisers gaven vervroegd finale kwijting na een schenking.",
        )
        assert r.fase == "afgerond"
        with pytest.raises(Geweigerd, match="reden"):
            lopend.beeindig_regeling(
                regeling_id=e.regeling.pk, door=e.omg.regisseur, datum=vandaag(), reden=" "
            )
        r = lopend.beeindig_regeling(
            regeling_id=e.regeling.pk,
            door=e.omg.regisseur,
            datum=vandaag(),
            reden="Klant betaalt de reservering niet meer",
        )
    assert r.fase == "beeindigd" and r.einde_reden.startswith("Klant")
    assert Product.objects.get(pk=e.product.pk).einddatum is None  # the product runs on
    assert Bericht.objects.filter(traject=e.traject, soort="schuldregeling_beeindigd").count() == 5


def test_saneringskrediet_betaalt_ineens_en_heeft_een_leenschema() -> None:
    with op(date(2026, 1, 2)):
        d = lopende_regeling(
            startdatum=START, soort="saneringskrediet", looptijd_maanden=36, krediet_cent=300_001
        )
    r = vers(d)
    assert r.soort == "saneringskrediet" and r.looptijd_maanden == 36
    uit = Betaling.objects.filter(regeling=r, richting="uitbetaald")
    assert uit.count() == 5 and sum(b.bedrag_cent for b in uit) == 300_001
    assert all(b.bedrag_cent == b.onderhandeling.aangeboden_cent for b in uit)
    leen = betalingen.klantschema(r)
    assert sum(leen) == 300_001 and leen[0] == 8_333 and leen[-1] == 8_334
    assert r.maandbedrag_cent == 8_333
    with op(date(2026, 1, 6)):
        stand = betalingen.stand(r)
        assert stand.alles_uitbetaald and stand.te_betalen_cent == 0


def test_sociaal_krediet_grens() -> None:
    from tests.schuldregeling.lopend_bouwers import akkoord, zet_ibans

    d = dossier(productsoort="Saneringskrediet")
    zet_ibans()
    akkoord(d, "saneringskrediet", krediet_cent=200_000)
    with pytest.raises(Geweigerd, match=r"€ 1\.750"):
        lopend.start_regeling(
            regeling_id=d.regeling.pk,
            door=d.omg.regisseur,
            datum=vandaag(),
            startdatum=vandaag(),
            iban_klant="NL91ABNA0417164300",
            looptijd_maanden=24,
            sociaal_krediet=True,
        )
    assert Regeling.objects.get(pk=d.regeling.pk).fase == "onderhandeling"
