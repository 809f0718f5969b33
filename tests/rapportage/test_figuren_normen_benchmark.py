"""Issue 19, point 4, on hand-built data in Q2 2026 (1 April – 30 June): financiële rust
within 8 working days for third-party aanmeldingen (Easter 2026 in the term), the
vroegsignalering term measured from the signal, and stabilisatie longer than 4 months."""

from __future__ import annotations

from datetime import date as D

import pytest

from rapportage import figuren
from rapportage.figuren.werkdagen import deadlines_in
from rapportage.models import Instellingen
from tests.bouwers import aanmelden, omgeving, stap
from tests.bouwers.rijen import Q2
from trajecten.models import Extrafeestdag
from trajecten.services import Geweigerd
from trajecten.vroegsignalering.models import Signaalzaak


def cijfers(gemeente) -> dict:
    return figuren.bereken(gemeente.pk, Q2, Instellingen.huidige())


def test_deadline_telt_werkdagen_zonder_feestdagen(db):
    # Wed 25 March + 8 werkdagen: Goede Vrijdag (3 April) and Tweede Paasdag (6 April) skip.
    assert deadlines_in(D(2026, 4, 8), D(2026, 4, 8), 8) == {D(2026, 3, 25): D(2026, 4, 8)}
    Extrafeestdag.objects.create(datum=D(2026, 4, 7), omschrijving="Bij besluit")
    assert deadlines_in(D(2026, 4, 9), D(2026, 4, 9), 8)[D(2026, 3, 25)] == D(2026, 4, 9)


def test_rust_binnen_8_werkdagen_voor_aanmeldingen_van_derden(bouw_a, bouw_b, gemeente_a):
    binnen = bouw_a.traject(D(2026, 3, 25), kanaal="wijkteam")  # deadline 8 April
    bouw_a.gebeurtenis(binnen, "financiele_rust", D(2026, 4, 8))
    te_laat = bouw_a.traject(D(2026, 3, 20), kanaal="ketenpartner")  # deadline 1 April
    bouw_a.gebeurtenis(te_laat, "financiele_rust", D(2026, 4, 2))
    vervallen = bouw_a.traject(D(2026, 6, 17), kanaal="bewindvoerder")  # deadline 29 June
    bouw_a.gebeurtenis(vervallen, "uitstroom", D(2026, 6, 20))
    bouw_a.traject(D(2026, 6, 22), kanaal="wijkteam")  # deadline 2 July: Q3
    zelf = bouw_a.traject(D(2026, 4, 10), kanaal="inwoner")  # not a third party
    bouw_a.gebeurtenis(zelf, "financiele_rust", D(2026, 4, 11))
    bouw_a.traject(D(2026, 4, 10), kanaal="vroegsignalering")  # its own norm
    bouw_b.traject(D(2026, 4, 10), kanaal="wijkteam")  # another gemeente
    f = cijfers(gemeente_a)["rust_derden_8_werkdagen"]
    assert (f["aantal"], f["binnen"], f["niet_binnen"], f["vervallen"]) == (2, 1, 1, 1)
    assert f["pct"] == 50.0 and f["doel"] == 80


def test_vroegsignalering_gemeten_vanaf_het_signaal(bouw_a, gemeente_a):
    def zaak(signaal: D, traject=None) -> Signaalzaak:
        return Signaalzaak.objects.create(
            gemeente=gemeente_a,
            eerste_signaal_op=signaal,
            laatste_signaal_op=signaal,
            traject=traject,
        )

    # Signal 1 March + 5 weeks = 5 April: rust on that day counts, a day later does not, even
    # though both are well within 5 weeks of their aanmelding.
    op_tijd = bouw_a.traject(D(2026, 3, 20), kanaal="vroegsignalering")
    bouw_a.gebeurtenis(op_tijd, "financiele_rust", D(2026, 4, 5))
    zaak(D(2026, 3, 1), op_tijd)
    laat = bouw_a.traject(D(2026, 3, 20), kanaal="vroegsignalering")
    bouw_a.gebeurtenis(laat, "financiele_rust", D(2026, 4, 6))
    zaak(D(2026, 3, 1), laat)
    zaak(D(2026, 4, 15))  # never became an aanmelding: counts, not within
    zaak(D(2026, 2, 20))  # term ended 27 March: Q1
    zaak(D(2026, 5, 27))  # term ends 1 July: Q3
    f = cijfers(gemeente_a)["vroeg_rust_na_signaal"]
    assert (f["aantal"], f["binnen"], f["zonder_aanmelding"]) == (3, 1, 1)
    assert f["pct"] == 33.3 and f["termijn_weken"] == 5


def test_stabilisatie_langer_dan_4_maanden(bouw_a, gemeente_a):
    def traject(toelating: D | None, *einden: tuple[str, D]):
        t = bouw_a.traject(D(2025, 11, 1))
        if toelating:
            bouw_a.gebeurtenis(t, "toelating", toelating)
        for soort, datum in einden:
            bouw_a.gebeurtenis(t, soort, datum)

    traject(D(2026, 1, 10), ("financiele_rust", D(2026, 5, 10)))  # exactly 4 months: not
    traject(D(2026, 1, 10), ("start_uitvoering", D(2026, 5, 11)))  # a day longer
    traject(
        D(2026, 3, 1), ("financiele_rust", D(2026, 4, 1)), ("start_uitvoering", D(2026, 8, 1))
    )  # counted once, at its first end
    traject(D(2025, 12, 1), ("financiele_rust", D(2026, 3, 31)))  # ended in Q1
    traject(None, ("financiele_rust", D(2026, 4, 20)))  # never toegelaten: no stabilisatie
    f = cijfers(gemeente_a)["stabilisatie_4_maanden"]
    assert (f["aantal"], f["langer"], f["pct"]) == (3, 1, 33.3)


def test_verwijzing_naar_een_partner_via_de_uitstroom(db):
    """Recorded through the service (the uitstroom step), counted per partner."""
    omg = omgeving()
    traject = aanmelden(omg, datum=D(2026, 4, 1))
    stap(omg, traject, "voer_eerste_gesprek", datum=D(2026, 4, 8))
    stap(
        omg,
        traject,
        "sluit_af",
        datum=D(2026, 4, 14),
        uitstroomreden="Niet passend",
        verwezen_naar="schuldhulpmaatje",
    )
    tweede = aanmelden(omg, datum=D(2026, 4, 2))
    stap(omg, tweede, "voer_eerste_gesprek", datum=D(2026, 4, 9))
    stap(omg, tweede, "sluit_af", datum=D(2026, 4, 15), uitstroomreden="Zelf")  # not referred
    with pytest.raises(Geweigerd, match="partner"):
        derde = aanmelden(omg, datum=D(2026, 4, 3))
        stap(omg, derde, "voer_eerste_gesprek", datum=D(2026, 4, 9))
        stap(omg, derde, "sluit_af", datum=D(2026, 4, 15), uitstroomreden="Zelf",
             verwezen_naar="=HYPERLINK()")  # fmt: skip
    f = cijfers(omg.gemeente)["verwijzingen"]
    assert f["totaal"] == 1 and f["per_partner"]["schuldhulpmaatje"] == 1
    assert sum(f["per_partner"].values()) == 1
