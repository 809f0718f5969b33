"""The foundation: the gate's new roles (schuldeiser through a link, the system), the one
write path of a negotiation, and the product status following the creditors."""

from __future__ import annotations

import pytest

from klantplan.schuldregeling.models import Bericht
from klantplan.schuldregeling.services.kern import onder_onderhandeling, stap
from klantplan.schuldregeling.workflow import Berichtsoort, Kanaal, Richting
from schuldhulp.extern import SYSTEEMPARTIJ, schuldeiser
from schuldhulp.permissions import mag
from tests.bouwers.trajecten import vandaag
from tests.schuldregeling.bouwers import dossier, voorstel
from trajecten.models import Gebeurtenis, Product
from trajecten.services import Geweigerd

pytestmark = pytest.mark.django_db


def _doe(d, naam, handeling, door, soort, richting=Richting.UIT, kanaal=Kanaal.BRIEF, **inhoud):
    from django.db import transaction

    with transaction.atomic():
        traject, o = onder_onderhandeling(d.onderhandeling(naam).pk, handeling, door)
        return stap(
            traject=traject,
            onderhandeling=o,
            handeling=handeling,
            door=door,
            datum=vandaag(),
            soort=soort,
            richting=richting,
            kanaal=kanaal,
            inhoud=inhoud,
        )


def test_schuldeiser_met_link_alleen_eigen_dossier() -> None:
    d = dossier()
    cjib, vitens = d.onderhandeling("CJIB"), d.onderhandeling("Vitens")
    _doe(d, "CJIB", "sr.saldoverzoek", d.omg.regisseur, Berichtsoort.SALDOVERZOEK)
    cjib = d.onderhandeling("CJIB")
    partij = schuldeiser(cjib.pk, "CJIB")
    assert mag(partij, "sr.saldo_ontvangen", cjib) is None
    assert mag(partij, "sr.saldo_ontvangen", vitens) == (
        "Deze link geeft geen toegang tot dit dossier."
    )
    assert mag(partij, "sr.kennisgeving", cjib) is not None  # not the creditor's to send
    assert mag(partij, "dossiers.inzien") is not None
    # Staff rows and other gemeenten: a klantregisseur elsewhere gets nothing.
    assert mag(d.omg.ander, "sr.saldoverzoek", vitens) is not None
    assert mag(d.omg.consulent, "sr.saldoverzoek", vitens) is not None


def test_antwoord_via_link_beweegt_en_legt_vast() -> None:
    d = dossier()
    _doe(d, "CJIB", "sr.saldoverzoek", d.omg.regisseur, Berichtsoort.SALDOVERZOEK)
    cjib = d.onderhandeling("CJIB")
    partij = schuldeiser(cjib.pk, "CJIB")
    bericht = _doe(
        d,
        "CJIB",
        "sr.saldo_ontvangen",
        partij,
        Berichtsoort.SALDOVERZOEK_ANTWOORD,
        Richting.IN,
        Kanaal.PORTAAL,
        saldo_cent=50_000,
    )
    cjib = d.onderhandeling("CJIB")
    assert cjib.status == "saldo_ontvangen"
    assert bericht.door is None and "schuldeiserportaal" in bericht.door_extern
    g = Gebeurtenis.objects.filter(traject=d.traject, soort="schuldeiser").last()
    assert g.door is None and g.gegevens["door_extern"].startswith("CJIB")
    with pytest.raises(Geweigerd, match="geen toegang"):
        _doe(d, "Vitens", "sr.saldo_ontvangen", partij, Berichtsoort.SALDOVERZOEK_ANTWOORD)


def test_product_volgt_de_schuldeisers() -> None:
    d = dossier()
    for naam in ("Belastingdienst", "CJIB", "Vitens", "Menzis", "Welbions"):
        _doe(
            d,
            naam,
            "sr.saldo_ontvangen",
            d.omg.regisseur,
            Berichtsoort.SALDOVERZOEK_ANTWOORD,
            Richting.IN,
            Kanaal.POST,
        )
    voorstel(d)
    namen = ["Belastingdienst", "CJIB", "Vitens", "Menzis", "Welbions"]
    for naam in namen:
        _doe(d, naam, "sr.betaalvoorstel", d.omg.regisseur, Berichtsoort.BETAALVOORSTEL)
    d.product = Product.objects.get(pk=d.product.pk)
    assert d.product.schuldregeling_status == "ingediend"
    assert mag(d.omg.regisseur, "ken_toe", d.product) is not None  # not everyone agreed yet
    for naam in namen:
        o = d.onderhandeling(naam)
        _doe(
            d,
            naam,
            "sr.akkoord",
            schuldeiser(o.pk, naam),
            Berichtsoort.BETAALVOORSTEL_ANTWOORD,
            Richting.IN,
            Kanaal.PORTAAL,
            akkoord=True,
        )
    d.product = Product.objects.get(pk=d.product.pk)
    assert d.product.schuldregeling_status == "toegekend"
    g = Gebeurtenis.objects.filter(traject=d.traject, soort="schuldregeling").last()
    assert g.gegevens["door_extern"] == SYSTEEMPARTIJ.naam
    assert Bericht.objects.filter(traject=d.traject).count() == 15


def test_hoger_saldo_werkt_de_schuld_bij_en_bewaart_het_oude_bedrag() -> None:
    from klantplan.schuldregeling.models import Saldowijziging
    from klantplan.schuldregeling.services.antwoorden import leg_saldo_vast

    d = dossier()
    o = d.onderhandeling("CJIB")
    _doe(d, "CJIB", "sr.saldoverzoek", d.omg.regisseur, Berichtsoort.SALDOVERZOEK)
    leg_saldo_vast(
        onderhandeling_id=o.pk,
        door=schuldeiser(o.pk, "CJIB"),
        datum=vandaag(),
        hoofdsom_cent=45_050,
        kosten_cent=1_500,
        rente_cent=333,
        kenmerk="CJIB-77",
    )
    schuld = d.onderhandeling("CJIB").schuld
    assert schuld.actueel_bedrag_cent == 46_883 and schuld.oorspronkelijk_bedrag_cent == 45_050
    w = Saldowijziging.objects.get(schuld=schuld)
    assert (w.oud_cent, w.nieuw_cent) == (45_050, 46_883)
    with pytest.raises(Geweigerd, match="negatief"):
        leg_saldo_vast(
            onderhandeling_id=o.pk, door=d.omg.regisseur, datum=vandaag(), hoofdsom_cent=-1
        )


def test_verstuur_maakt_brief_link_en_termijn() -> None:
    from klantplan.schuldregeling.services.versturen import verstuur

    d = dossier()
    ids = [o.pk for o in d.regeling.onderhandelingen.all()]
    verstuur(
        onderhandeling_ids=ids, handeling="sr.kennisgeving", door=d.omg.regisseur, datum=vandaag()
    )
    berichten = verstuur(
        onderhandeling_ids=ids, handeling="sr.saldoverzoek", door=d.omg.regisseur, datum=vandaag()
    )
    assert len(berichten) == 5
    for b in berichten:
        b.refresh_from_db()
        assert bytes(b.pdf).startswith(b"%PDF") and len(b.sha256) == 64
        assert b.portaallink.verloopt_op > b.aangemaakt_op
        assert b.onderhandeling.termijn_tot is not None
