"""The court: verzoek dwangakkoord (art. 287a Fw), Wsnp-verzoek with the 285-verklaring and
the court's decision (klantplan/schuldregeling/services/rechter.py)."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

import pytest
from django.db import transaction
from pypdf import PdfReader

from klantplan.models import Document, Schuld
from klantplan.schuldregeling.models import Onderhandeling, Regeling
from klantplan.schuldregeling.services.antwoorden import leg_antwoord_vast, leg_saldo_vast
from klantplan.schuldregeling.services.kern import onder_onderhandeling, stap
from klantplan.schuldregeling.services.rechter import (
    leg_uitspraak_vast,
    maak_dwangakkoord_bundel,
    maak_wsnp_verzoek,
)
from klantplan.schuldregeling.workflow import Berichtsoort, Kanaal, Richting
from schuldhulp.permissions import mag
from tests.bouwers.trajecten import vandaag
from tests.schuldregeling.bouwers import BEDRAGEN, Dossier, dossier, voorstel
from trajecten.models import Gebeurtenis, Product
from trajecten.services import Geweigerd

pytestmark = pytest.mark.django_db
NAMEN = list(BEDRAGEN)
REDEN = "Wij werken alleen mee bij volledige betaling."


def voorstel_verstuurd(d: Dossier) -> None:
    """Every creditor confirmed its saldo (as the client said) and got the betaalvoorstel."""
    for naam in NAMEN:
        leg_saldo_vast(
            onderhandeling_id=d.onderhandeling(naam).pk,
            door=d.omg.regisseur,
            datum=vandaag(),
            hoofdsom_cent=BEDRAGEN[naam],
        )
    voorstel(d)
    for naam in NAMEN:
        with transaction.atomic():
            traject, o = onder_onderhandeling(
                d.onderhandeling(naam).pk, "sr.betaalvoorstel", d.omg.regisseur
            )
            stap(
                traject=traject,
                onderhandeling=o,
                handeling="sr.betaalvoorstel",
                door=d.omg.regisseur,
                datum=vandaag(),
                soort=Berichtsoort.BETAALVOORSTEL,
                richting=Richting.UIT,
                kanaal=Kanaal.BRIEF,
            )


def antwoorden(d: Dossier, *, weigeraars=("Welbions",), open_=()) -> None:
    for naam in NAMEN:
        if naam in open_:
            continue
        leg_antwoord_vast(
            onderhandeling_id=d.onderhandeling(naam).pk,
            door=d.omg.regisseur,
            datum=vandaag(),
            akkoord=naam not in weigeraars,
            reden=REDEN if naam in weigeraars else "",
            kanaal=Kanaal.POST,
        )


def weigering(**kw) -> Dossier:
    d = dossier()
    voorstel_verstuurd(d)
    antwoorden(d, **kw)
    return d


def product(d: Dossier) -> Product:
    return Product.objects.get(pk=d.product.pk)


def tekst(document: Document) -> str:
    lezer = PdfReader(io.BytesIO(bytes(document.inhoud)))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in lezer.pages)


# --- Verzoek dwangakkoord --------------------------------------------------------------------


def test_bundel_dwangakkoord_toont_de_aandelen_en_verzoekt() -> None:
    d = weigering()
    assert product(d).schuldregeling_status == "ingediend"
    document = maak_dwangakkoord_bundel(regeling_id=d.regeling.pk, door=d.omg.regisseur)

    assert document.soort == "dwangakkoord" and document.traject_id == d.traject.pk
    inhoud = bytes(document.inhoud)
    assert inhoud.startswith(b"%PDF") and hashlib.sha256(inhoud).hexdigest() == document.sha256
    pdf = tekst(document)
    # 4 of 5 creditors; by amount € 2.838,50 of € 4.938,83 = 57,47...% → rounded down 57,4%.
    assert "4 van de 5 schuldeisers stemmen in (80,0%)" in pdf
    assert "€ 2.838,50 van € 4.938,83 aan vorderingen (57,4%)" in pdf
    assert REDEN in pdf and "Welbions" in pdf
    assert "aflosruimte volgens het saneringsvoorstel" in pdf
    assert "€ 150,00 per maand" in pdf and "artikel 287a" in pdf

    # The product moved twice in the same write: ingediend → afgewezen → dwangakkoord verzocht.
    assert product(d).schuldregeling_status == "dwangakkoord_verzocht"
    stappen = list(
        Gebeurtenis.objects.filter(traject=d.traject, soort="schuldregeling")
        .order_by("pk")
        .values_list("gegevens__stap", flat=True)
    )
    assert stappen[-2:] == ["wijs_af", "verzoek_dwangakkoord"]
    rij = Gebeurtenis.objects.filter(traject=d.traject, soort="regeling").latest("pk")
    assert rij.gegevens["document"] == document.pk
    assert (rij.gegevens["akkoord"], rij.gegevens["schuldeisers"]) == (4, 5)
    # Twice: the request is with the court already.
    with pytest.raises(Geweigerd, match="al gemaakt"):
        maak_dwangakkoord_bundel(regeling_id=d.regeling.pk, door=d.omg.regisseur)
    assert Document.objects.filter(traject=d.traject, soort="dwangakkoord").count() == 1


def test_zonder_weigeraar_geen_bundel() -> None:
    d = weigering(weigeraars=(), open_=("CJIB",))
    with pytest.raises(Geweigerd) as fout:
        maak_dwangakkoord_bundel(regeling_id=d.regeling.pk, door=d.omg.regisseur)
    assert str(fout.value) == (
        "Geen schuldeiser weigert het betaalvoorstel: een verzoek aan de rechter is niet nodig."
    )
    antwoorden(d, weigeraars=(), open_=tuple(n for n in NAMEN if n != "CJIB"))
    assert product(d).schuldregeling_status == "toegekend"
    assert mag(d.omg.regisseur, "sr.dwangakkoord_bundel", d.regeling) == (
        "Alle schuldeisers stemden in: een dwangakkoord is niet nodig."
    )
    assert not Document.objects.filter(traject=d.traject).exists()


def test_bundel_wacht_op_alle_antwoorden() -> None:
    d = weigering(open_=("CJIB",))
    with pytest.raises(Geweigerd, match=r"Nog niet alle schuldeisers antwoordden .*\(1 nog niet\)"):
        maak_dwangakkoord_bundel(regeling_id=d.regeling.pk, door=d.omg.regisseur)
    assert product(d).schuldregeling_status == "ingediend"
    assert not Document.objects.filter(traject=d.traject).exists()


def test_bundel_van_andere_gemeente_of_rol_geweigerd() -> None:
    d = weigering()
    with pytest.raises(Geweigerd):
        maak_dwangakkoord_bundel(regeling_id=d.regeling.pk, door=d.omg.ander)
    with pytest.raises(Geweigerd):
        maak_dwangakkoord_bundel(regeling_id=d.regeling.pk, door=d.omg.consulent)
    assert not Document.objects.filter(traject=d.traject).exists()
    assert product(d).schuldregeling_status == "ingediend"


# --- The court's decision --------------------------------------------------------------------


def test_dwangakkoord_toegewezen_bindt_de_weigeraars() -> None:
    d = weigering(weigeraars=("Welbions", "Vitens"))
    maak_dwangakkoord_bundel(regeling_id=d.regeling.pk, door=d.omg.regisseur)
    regeling = leg_uitspraak_vast(
        regeling_id=d.regeling.pk,
        door=d.omg.regisseur,
        datum=vandaag(),
        uitkomst="dwangakkoord_toegewezen",
        kenmerk="C/08/123456 FT RK 26/99",
    )
    assert product(d).schuldregeling_status == "dwangakkoord"
    statussen = dict(
        Onderhandeling.objects.filter(regeling=regeling).values_list(
            "schuld__schuldeiser__naam", "status"
        )
    )
    assert statussen == {
        "Belastingdienst": "akkoord",
        "CJIB": "akkoord",
        "Menzis": "akkoord",
        "Vitens": "dwangakkoord",
        "Welbions": "dwangakkoord",
    }
    assert set(Schuld.objects.filter(traject=d.traject).values_list("status", flat=True)) == {
        "akkoord"
    }
    gebonden = Gebeurtenis.objects.filter(traject=d.traject, soort="schuldeiser").order_by("-pk")
    assert [g.gegevens["status"] for g in gebonden[:2]] == ["dwangakkoord", "dwangakkoord"]
    assert "C/08/123456 FT RK 26/99" in gebonden[0].toelichting
    uitspraak = Gebeurtenis.objects.get(traject=d.traject, gegevens__uitkomst__isnull=False)
    assert uitspraak.gegevens["uitkomst"] == "dwangakkoord_toegewezen"
    # Nothing more for the court.
    assert mag(d.omg.regisseur, "sr.uitspraak_vastleggen", regeling) is not None


def test_dwangakkoord_afgewezen_dan_wsnp_toegelaten() -> None:
    d = weigering()
    maak_dwangakkoord_bundel(regeling_id=d.regeling.pk, door=d.omg.regisseur)
    with pytest.raises(Geweigerd, match="Leg eerst de uitspraak over het dwangakkoord vast"):
        leg_uitspraak_vast(
            regeling_id=d.regeling.pk,
            door=d.omg.regisseur,
            datum=vandaag(),
            uitkomst="wsnp_toegelaten",
        )
    leg_uitspraak_vast(
        regeling_id=d.regeling.pk,
        door=d.omg.regisseur,
        datum=vandaag(),
        uitkomst="dwangakkoord_afgewezen",
    )
    assert product(d).schuldregeling_status == "afgewezen"
    assert d.onderhandeling("Welbions").status == "afgewezen"  # not bound
    with pytest.raises(Geweigerd, match="Er is geen Wsnp-verzoek gemaakt"):
        leg_uitspraak_vast(
            regeling_id=d.regeling.pk,
            door=d.omg.regisseur,
            datum=vandaag(),
            uitkomst="wsnp_toegelaten",
        )

    document = maak_wsnp_verzoek(regeling_id=d.regeling.pk, door=d.omg.regisseur)
    assert document.soort == "wsnp_verzoek"
    pdf = tekst(document)
    assert "artikel 285, eerste lid, onder f" in pdf
    assert "4 van de 5 schuldeisers stemmen in (80,0%)" in pdf
    assert "verzoek tot vaststelling van een dwangakkoord op" in pdf and "afgewezen" in pdf
    assert "Welbions (€ 2.100,33): voorstel afgewezen" in pdf and REDEN in pdf

    leg_uitspraak_vast(
        regeling_id=d.regeling.pk,
        door=d.omg.regisseur,
        datum=vandaag(),
        uitkomst="wsnp_toegelaten",
    )
    oud = product(d)
    assert (oud.einddatum, oud.resultaat) == (vandaag(), "Wsnp")
    wsnp = Product.objects.get(traject=d.traject, soort="Wsnp")
    assert wsnp.startdatum == vandaag() and wsnp.einddatum is None
    regeling = Regeling.objects.get(pk=d.regeling.pk)
    assert (regeling.fase, regeling.einddatum) == ("beeindigd", vandaag())
    assert "Wsnp" in regeling.einde_reden


def test_wsnp_verzoek_samen_met_dwangakkoord() -> None:
    d = weigering()
    maak_dwangakkoord_bundel(regeling_id=d.regeling.pk, door=d.omg.regisseur)
    document = maak_wsnp_verzoek(regeling_id=d.regeling.pk, door=d.omg.regisseur)
    assert "Tegelijk met dit verzoek" in tekst(document)
    assert product(d).schuldregeling_status == "dwangakkoord_verzocht"


def test_wsnp_afgewezen_wordt_vastgelegd() -> None:
    d = weigering()
    maak_wsnp_verzoek(regeling_id=d.regeling.pk, door=d.omg.regisseur)
    assert product(d).schuldregeling_status == "afgewezen"  # ingediend → afgewezen
    leg_uitspraak_vast(
        regeling_id=d.regeling.pk,
        door=d.omg.regisseur,
        datum=vandaag(),
        uitkomst="wsnp_afgewezen",
        toelichting="Niet te goeder trouw",
    )
    g = Gebeurtenis.objects.get(traject=d.traject, gegevens__uitkomst="wsnp_afgewezen")
    assert g.toelichting == "Niet te goeder trouw"
    assert product(d).einddatum is None and not Product.objects.filter(soort="Wsnp").exists()


def probeer_(d: Dossier, **kw) -> str:
    velden = {"datum": vandaag(), "uitkomst": "dwangakkoord_toegewezen"} | kw
    with pytest.raises(Geweigerd) as fout:
        leg_uitspraak_vast(regeling_id=d.regeling.pk, door=d.omg.regisseur, **velden)
    return str(fout.value)


def test_uitspraak_slechte_invoer_slaat_niets_op() -> None:
    d = weigering()
    maak_dwangakkoord_bundel(regeling_id=d.regeling.pk, door=d.omg.regisseur)
    voor = Gebeurtenis.objects.filter(traject=d.traject).count()
    assert "voor de start van de schuldbemiddeling" in probeer_(d, datum=vandaag() - timedelta(1))
    Product.objects.filter(pk=d.product.pk).update(startdatum=vandaag() - timedelta(days=30))

    def probeer(**kw) -> str:
        return probeer_(d, **kw)

    assert "toekomst" in probeer(datum=vandaag() + timedelta(days=1))
    assert probeer(datum=vandaag() - timedelta(days=1)) == (
        "De datum van de uitspraak ligt voor de datum van het verzoek."
    )
    assert probeer(uitkomst="vrijspraak") == "Kies de uitspraak van de rechtbank."
    assert "te lang" in probeer(kenmerk="x" * 101)
    assert "gewijzigd" in probeer(versie=d.regeling.versie)  # a stale page
    assert Gebeurtenis.objects.filter(traject=d.traject).count() == voor
    assert product(d).schuldregeling_status == "dwangakkoord_verzocht"
    assert d.onderhandeling("Welbions").status == "afgewezen"
    # NUL characters are dropped, not stored (PostgreSQL cannot).
    leg_uitspraak_vast(
        regeling_id=d.regeling.pk,
        door=d.omg.regisseur,
        datum=vandaag(),
        uitkomst="dwangakkoord_afgewezen",
        kenmerk="RK\x00 12",
    )
    assert Gebeurtenis.objects.get(gegevens__uitkomst="dwangakkoord_afgewezen").gegevens[
        "kenmerk"
    ] == ("RK 12")


def test_dwangakkoord_bindt_ook_wie_nog_in_heroverweging_staat() -> None:
    """After the request to the court the klantregisseur still asked the refuser to
    reconsider; the court grants the dwangakkoord: that creditor is bound too, so the
    regeling never starts with a creditor who did not agree and is not bound."""
    from klantplan.schuldregeling.services.versturen import verstuur

    d = weigering()
    maak_dwangakkoord_bundel(regeling_id=d.regeling.pk, door=d.omg.regisseur)
    verstuur(
        onderhandeling_ids=[d.onderhandeling("Welbions").pk],
        handeling="sr.heroverweging",
        door=d.omg.regisseur,
        datum=vandaag(),
    )
    assert d.onderhandeling("Welbions").status == "heroverweging"
    leg_uitspraak_vast(
        regeling_id=d.regeling.pk,
        door=d.omg.regisseur,
        datum=vandaag(),
        uitkomst="dwangakkoord_toegewezen",
    )
    assert d.onderhandeling("Welbions").status == "dwangakkoord"
