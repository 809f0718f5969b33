"""The schuldregeling figures of the kwartaalrapportage (rapportage/figuren/schuldregeling.py,
docs/rapportage.md cijfers 20-24), on regelingen built through the real services with time
travel: per figure a case on each edge of the quarter, one just outside it, another
gemeente's regeling, and the empty quarter. Every expected number is computed by hand in the
comments; nothing here calls the figure code to find what to expect.

Quarter: Q2 2026 = 1 April up to and including 30 June 2026.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from klantplan.models import Schuld
from klantplan.schuldregeling.models import Onderhandeling, Regeling
from klantplan.schuldregeling.services import antwoorden, lopend, versturen
from klantplan.schuldregeling.services.openen import open_regeling
from klantplan.schuldregeling.services.rechter import (
    leg_uitspraak_vast,
    maak_dwangakkoord_bundel,
    maak_wsnp_verzoek,
)
from klantplan.schuldregeling.workflow import Kanaal
from rapportage import figuren
from rapportage.kwartalen import Kwartaal
from rapportage.models import Instellingen
from schuldhulp.models import Klant
from tests.bouwers.klantplan import schuldeiser
from tests.bouwers.omgeving import Omgeving, omgeving
from tests.bouwers.trajecten import stap, vandaag
from tests.schuldregeling.bouwers import BEDRAGEN, Dossier, dossier, traject_met_schulden, voorstel
from tests.schuldregeling.lopend_bouwers import (
    AFLOSRUIMTE,
    akkoord,
    lopende_regeling,
    op,
    snelle_brieven,  # noqa: F401 (fixture)
    zet_ibans,
)
from trajecten.models import Normbewaking, Product
from trajecten.services import beeindig_product, schuldregeling_stap, start_product
from trajecten.stabilisatie import hervat_klok, schort_klok_op

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("snelle_brieven", "snelle_bundels")]

D = date
Q1, Q2, Q3 = Kwartaal(2026, 1), Kwartaal(2026, 2), Kwartaal(2026, 3)
SLEUTELS = (
    "schulden_bij_start",
    "akkoord_120_dagen",
    "via_dwangakkoord",
    "schuldenvrij",
    "looptijd_regeling",
)
REDEN_KWIJTING = "De schuldeisers verleenden vervroegd finale kwijting na een schenking."
REDEN_WEIGERING = "Wij werken alleen mee bij volledige betaling."
# 493.883 cents: the five debts of tests/schuldregeling/bouwers.py BEDRAGEN
# 120.000 + 45.050 + 30.000 + 88.800 + 210.033 = 493.883
TOTAAL_BEDRAGEN = 493_883


@pytest.fixture
def snelle_bundels(monkeypatch) -> None:
    """The court's bundles (verzoek dwangakkoord, Wsnp-verzoek) without WeasyPrint."""
    monkeypatch.setattr(
        "klantplan.schuldregeling.bundels.render_to_pdf", lambda *a, **k: b"%PDF-1.4 test"
    )


# --- helpers -------------------------------------------------------------------------------


def cijfers(gemeente_id: int | None, kwartaal: Kwartaal = Q2) -> dict:
    """The five schuldregeling figures of one quarter, as the report computes them."""
    alle = figuren.bereken(gemeente_id, kwartaal, Instellingen.huidige())
    return {sleutel: alle[sleutel] for sleutel in SLEUTELS}


def figuur(sleutel: str) -> figuren.Figuur:
    return next(f for f in figuren.FIGUREN if f.sleutel == sleutel)


def zonder_namen(uitkomst: dict) -> None:
    """Aggregates only: JSON-ready numbers under fixed keys, and no name of a client or a
    creditor anywhere in the figure or in its table rows."""
    tekst = json.dumps(uitkomst, ensure_ascii=False)  # no `default`: a Decimal would fail

    def bladeren(waarde):
        if isinstance(waarde, dict):
            for v in waarde.values():
                yield from bladeren(v)
        else:
            yield waarde

    for waarde in bladeren(uitkomst):
        assert waarde is None or type(waarde) in (int, float), waarde
    regels = [(r.label, r.waarden) for s, u in uitkomst.items() for r in figuur(s).regels([u])]
    tekst += json.dumps(regels, ensure_ascii=False)
    namen = set(BEDRAGEN) | {k.volledige_naam for k in Klant.objects.all()}
    namen |= {k.achternaam for k in Klant.objects.all() if len(k.achternaam) > 4}
    assert namen, "no names to look for: the test built nothing"
    for naam in namen:
        assert naam.lower() not in tekst.lower(), naam


def gestart(omg: Omgeving, dag: date, startdatum: date | None = None, **kw) -> Dossier:
    """A regeling with every creditor agreeing, started on `dag` (payments from `startdatum`)."""
    with op(dag):
        return lopende_regeling(omg, startdatum=startdatum or dag, **kw)


def geopend(omg: Omgeving, dag: date) -> Dossier:
    """Toelating, schuldbemiddeling and the regeling opened, all on `dag`."""
    with op(dag):
        return dossier(omg)


def toegekend(d: Dossier, dag: date) -> None:
    """Every creditor agrees on `dag`: the system records 'toegekend' for the product."""
    with op(dag):
        akkoord(d)
    assert product(d).schuldregeling_status == "toegekend"


def ingediend_met_weigering(d: Dossier, dag: date, weigeraars=("Welbions",)) -> None:
    """The betaalvoorstel sent on `dag`; the `weigeraars` turn it down, the rest agree."""
    door = d.omg.regisseur
    with op(dag):
        for o in d.regeling.onderhandelingen.select_related("schuld"):
            antwoorden.leg_saldo_vast(
                onderhandeling_id=o.pk,
                door=door,
                datum=dag,
                hoofdsom_cent=o.schuld.actueel_bedrag_cent,
            )
        voorstel(d, AFLOSRUIMTE)
        versturen.verstuur(
            onderhandeling_ids=list(d.regeling.onderhandelingen.values_list("pk", flat=True)),
            handeling="sr.betaalvoorstel",
            door=door,
            datum=dag,
        )
        for o in d.regeling.onderhandelingen.select_related("schuld__schuldeiser"):
            weigert = o.schuld.schuldeiser.naam in weigeraars
            antwoorden.leg_antwoord_vast(
                onderhandeling_id=o.pk,
                door=door,
                datum=dag,
                akkoord=not weigert,
                reden=REDEN_WEIGERING if weigert else "",
                kanaal=Kanaal.POST,
            )
    assert product(d).schuldregeling_status == "ingediend"


def uitspraak_dwangakkoord(
    d: Dossier, verzoek: date, uitspraak: date, uitkomst: str = "dwangakkoord_toegewezen"
) -> None:
    with op(verzoek):
        maak_dwangakkoord_bundel(regeling_id=d.regeling.pk, door=d.omg.regisseur)
    with op(uitspraak):
        leg_uitspraak_vast(
            regeling_id=d.regeling.pk, door=d.omg.regisseur, datum=uitspraak, uitkomst=uitkomst
        )


def finale_kwijting(d: Dossier, dag: date) -> None:
    with op(dag):
        lopend.leg_finale_kwijting_vast(
            regeling_id=d.regeling.pk, door=d.omg.regisseur, datum=dag, reden=REDEN_KWIJTING
        )


def voortijdig_beeindigd(d: Dossier, dag: date) -> None:
    with op(dag):
        lopend.beeindig_regeling(
            regeling_id=d.regeling.pk,
            door=d.omg.regisseur,
            datum=dag,
            reden="Klant betaalt de reservering niet meer.",
        )


def product(d: Dossier) -> Product:
    return Product.objects.get(pk=d.product.pk)


def klok_120(d_of_product) -> Normbewaking:
    product_id = d_of_product.product.pk if isinstance(d_of_product, Dossier) else d_of_product.pk
    return Normbewaking.objects.get(product_id=product_id, norm__code="schuldregeling-120")


# --- registry and the empty quarter --------------------------------------------------------


def test_de_vijf_cijfers_staan_in_de_rapportage():
    assert set(SLEUTELS) <= {f.sleutel for f in figuren.figuren()}


def test_leeg_kwartaal_geeft_nul_en_niets_zonder_fout():
    omg = omgeving()
    # A traject with debts and a running schuldbemiddeling but no regeling at all, and a
    # regeling of another quarter: nothing of it belongs to Q2.
    with op(D(2026, 4, 10)):
        traject_met_schulden(omg)
    # (toelating 1 Oct 2025: payments start in Q4 2025, the 120-day deadline is 29 Jan 2026)
    gestart(omg, D(2025, 10, 1))
    leeg = {
        "schulden_bij_start": {"gestart": 0, "gem_schuldeisers": None, "gem_schuld_cent": None},
        "akkoord_120_dagen": {"deadline": 0, "binnen": 0, "pct": None},
        "via_dwangakkoord": {"minnelijk": 0, "dwangakkoord": 0, "pct": None},
        "schuldenvrij": {"beeindigd": 0, "schuldenvrij": 0, "pct": None},
        "looptijd_regeling": {
            "afgerond": 0,
            "maanden_vanaf_product": None,
            "maanden_vanaf_start": None,
        },
    }
    assert cijfers(omg.gemeente.pk) == leeg
    assert cijfers(omgeving().gemeente.pk) == leeg  # a gemeente without any traject
    zonder_namen(cijfers(omg.gemeente.pk))
    # Table rows of an empty quarter: zeros, and "—" (None) where nothing can be divided.
    for sleutel, uitkomst in leeg.items():
        for regel in figuur(sleutel).regels([uitkomst]):
            assert regel.waarden in ([0], [None]), (sleutel, regel)


def test_lege_database_geeft_nul_voor_de_hele_stadsbank():
    uitkomst = cijfers(None)
    assert uitkomst["schulden_bij_start"]["gestart"] == 0
    assert uitkomst["schulden_bij_start"]["gem_schuld_cent"] is None
    assert uitkomst["akkoord_120_dagen"]["pct"] is None
    assert uitkomst["via_dwangakkoord"]["pct"] is None
    assert uitkomst["schuldenvrij"]["pct"] is None
    assert uitkomst["looptijd_regeling"]["maanden_vanaf_start"] is None


# --- 20. Schuldeisers en schuld bij de start ------------------------------------------------


def test_schulden_bij_start():
    omg, ander = omgeving(), omgeving()

    # r1: schuldbemiddeling, payments start 1 April (first day of Q2); 5 creditors, every
    # saldo as the client said: 493.883 cents.
    r1 = gestart(omg, D(2026, 4, 1))

    # r2: saneringskrediet started 30 June (last day of Q2), with 6 vorderingen (a second
    # debt at CJIB of 12.345) and a CJIB saldo that differs from what the client said:
    # 50.000 hoofdsom + 2.500 kosten + 996 rente = 53.496 (instead of 45.050).
    with op(D(2026, 6, 1)):
        traject, prod = traject_met_schulden(omg, "Saneringskrediet")
        cjib_oud = Schuld.objects.get(traject=traject, schuldeiser__naam="CJIB")
        Schuld.objects.create(
            traject=traject,
            schuldeiser=schuldeiser("CJIB"),
            oorspronkelijk_bedrag_cent=12_345,
            actueel_bedrag_cent=12_345,
            peildatum=D(2026, 1, 1),
        )
        regeling = open_regeling(
            product_id=prod.pk, door=omg.regisseur, datum=vandaag(), peildatum=vandaag()
        )
        r2 = Dossier(omg, traject, prod, regeling)
        antwoorden.leg_saldo_vast(
            onderhandeling_id=Onderhandeling.objects.get(regeling=regeling, schuld=cjib_oud).pk,
            door=omg.regisseur,
            datum=vandaag(),
            hoofdsom_cent=50_000,
            kosten_cent=2_500,
            rente_cent=996,
        )
        zet_ibans()
        akkoord(r2, "saneringskrediet", 300_000)
        lopend.start_regeling(
            regeling_id=regeling.pk,
            door=omg.regisseur,
            datum=vandaag(),
            startdatum=D(2026, 6, 30),
            iban_klant="NL91ABNA0417164300",
            looptijd_maanden=36,
        )
    # Menzis gave no saldo of its own (as in a regeling from before the creditors' portal):
    # the figure then takes the amount on the schuldenoverzicht, 88.800.
    assert Schuld.objects.get(traject=traject, schuldeiser__naam="Menzis").actueel_bedrag_cent == (
        88_800
    )
    Onderhandeling.objects.filter(regeling=regeling, schuld__schuldeiser__naam="Menzis").update(
        saldo_cent=None
    )

    # Not in Q2 for this gemeente:
    gestart(omg, D(2026, 3, 2), startdatum=D(2026, 3, 31))  # payments from 31 March (Q1)
    gestart(omg, D(2026, 6, 15), startdatum=D(2026, 7, 1))  # recorded in Q2, starts in Q3
    geopend(omg, D(2026, 4, 15))  # still negotiating: no startdatum
    gestart(ander, D(2026, 5, 1))  # another gemeente

    assert Regeling.objects.get(pk=r1.regeling.pk).startdatum == D(2026, 4, 1)
    assert Regeling.objects.get(pk=regeling.pk).startdatum == D(2026, 6, 30)

    uitkomst = cijfers(omg.gemeente.pk)
    # r1: 5 vorderingen, 493.883
    # r2: 6 vorderingen, 120.000 + 53.496 + 30.000 + 88.800 + 210.033 + 12.345 = 514.674
    # gemiddeld schuldeisers (5 + 6) / 2 = 5,5
    # gemiddelde schuld (493.883 + 514.674) / 2 = 1.008.557 / 2 = 504.278,5
    #   → half to even: 504.278 (half up would give 504.279)
    assert uitkomst["schulden_bij_start"] == {
        "gestart": 2,
        "gem_schuldeisers": 5.5,
        "gem_schuld_cent": 504_278,
    }
    zonder_namen(uitkomst)

    # The Stadsbank as a whole also counts the other gemeente's regeling (5, 493.883):
    # schuldeisers (5 + 6 + 5) / 3 = 5,333 → 5,3
    # schuld (493.883 + 514.674 + 493.883) / 3 = 1.502.440 / 3 = 500.813,33 → 500.813
    assert cijfers(None)["schulden_bij_start"] == {
        "gestart": 3,
        "gem_schuldeisers": 5.3,
        "gem_schuld_cent": 500_813,
    }
    # The neighbouring quarters each see their own edge case (5 creditors, 493.883).
    for kwartaal in (Q1, Q3):
        assert cijfers(omg.gemeente.pk, kwartaal)["schulden_bij_start"] == {
            "gestart": 1,
            "gem_schuldeisers": 5.0,
            "gem_schuld_cent": TOTAAL_BEDRAGEN,
        }


# --- 21. Akkoord binnen 120 dagen -----------------------------------------------------------


def test_akkoord_binnen_120_dagen():
    omg, ander = omgeving(), omgeving()
    # The clock runs 120 calendar days from the toelating (the day each dossier is made).

    # k1: toelating 2 Dec 2025 → deadline 1 Apr 2026 (29 + 31 + 28 + 31 + 1 = 120 days);
    # all creditors agree on the deadline itself → binnen.
    k1 = geopend(omg, D(2025, 12, 2))
    toegekend(k1, D(2026, 4, 1))
    # k2: toelating 2 Mar 2026 → deadline 30 Jun (29 + 30 + 31 + 30 = 120); akkoord one
    # day late, 1 Jul → niet binnen.
    k2 = geopend(omg, D(2026, 3, 2))
    toegekend(k2, D(2026, 7, 1))
    # k3: toelating 10 Jan → deadline 10 May (21 + 28 + 31 + 30 + 10 = 120); a creditor
    # refuses, the court grants a dwangakkoord on 15 Apr, before the deadline → niet binnen
    # (a dwangakkoord is not the creditors' akkoord).
    k3 = geopend(omg, D(2026, 1, 10))
    ingediend_met_weigering(k3, D(2026, 3, 1))
    uitspraak_dwangakkoord(k3, D(2026, 3, 2), D(2026, 4, 15))
    assert product(k3).schuldregeling_status == "dwangakkoord"
    # k4: toelating 1 Feb → deadline 1 Jun (27 + 31 + 30 + 31 + 1 = 120); no outcome yet
    # → niet binnen.
    k4 = geopend(omg, D(2026, 2, 1))
    # k5: toelating 22 Nov 2025 → unpaused deadline 22 Mar 2026 (8 + 31 + 31 + 28 + 22 =
    # 120, in Q1); the clock stood still 5 Jan up to 15 Jan (10 days) → deadline 1 Apr
    # (Q2). Akkoord on 30 Mar: after the unpaused deadline, within the shifted one → binnen.
    k5 = geopend(omg, D(2025, 11, 22))
    with op(D(2026, 1, 5)):
        schort_klok_op(
            klok_id=klok_120(k5).pk,
            door=omg.regisseur,
            van=D(2026, 1, 5),
            reden="Wacht op de loonstroken van de klant.",
        )
    with op(D(2026, 1, 15)):
        hervat_klok(klok_id=klok_120(k5).pk, door=omg.regisseur, tot=D(2026, 1, 15))
    toegekend(k5, D(2026, 3, 30))

    # Not counted:
    # toelating 1 Dec 2025 → deadline 31 Mar (Q1), akkoord in time
    buiten_q1 = geopend(omg, D(2025, 12, 1))
    toegekend(buiten_q1, D(2026, 3, 1))
    # toelating 3 Mar → deadline 1 Jul (Q3), akkoord in time
    buiten_q3 = geopend(omg, D(2026, 3, 3))
    toegekend(buiten_q3, D(2026, 4, 10))
    # toelating 15 Jan → deadline 15 May; the traject ended on 1 Feb before any outcome:
    # the clock lapses (vervallen)
    with op(D(2026, 1, 15)):
        _traject, vervallen_product = traject_met_schulden(omg)
    with op(D(2026, 2, 1)):
        beeindig_product(product_id=vervallen_product.pk, door=omg.regisseur, datum=vandaag())
        stap(omg, vervallen_product.traject, "sluit_af", uitstroomreden="Zelf")
    # another gemeente: toelating 2 Jan → deadline 2 May, akkoord in time
    anders = geopend(ander, D(2026, 1, 2))
    toegekend(anders, D(2026, 4, 1))

    # The clocks are where the comments above put them.
    deadlines = {
        "k1": (klok_120(k1), D(2026, 4, 1)),
        "k2": (klok_120(k2), D(2026, 6, 30)),
        "k3": (klok_120(k3), D(2026, 5, 10)),
        "k4": (klok_120(k4), D(2026, 6, 1)),
        "k5": (klok_120(k5), D(2026, 4, 1)),
        "q1": (klok_120(buiten_q1), D(2026, 3, 31)),
        "q3": (klok_120(buiten_q3), D(2026, 7, 1)),
        "vervallen": (klok_120(vervallen_product), D(2026, 5, 15)),
        "ander": (klok_120(anders), D(2026, 5, 2)),
    }
    assert {k: klok.deadline for k, (klok, _) in deadlines.items()} == {
        k: deadline for k, (_, deadline) in deadlines.items()
    }
    assert klok_120(vervallen_product).vervallen
    assert not any(klok_120(d).vervallen for d in (k1, k2, k3, k4, k5))

    # deadline in Q2: k1, k2, k3, k4, k5 = 5; binnen: k1, k5 = 2; 2 / 5 = 40,0%
    uitkomst = cijfers(omg.gemeente.pk)
    assert uitkomst["akkoord_120_dagen"] == {"deadline": 5, "binnen": 2, "pct": 40.0}
    zonder_namen(uitkomst)
    # Q1: only buiten_q1 (in time); Q3: only buiten_q3 (in time).
    assert cijfers(omg.gemeente.pk, Q1)["akkoord_120_dagen"] == {
        "deadline": 1,
        "binnen": 1,
        "pct": 100.0,
    }
    assert cijfers(omg.gemeente.pk, Q3)["akkoord_120_dagen"] == {
        "deadline": 1,
        "binnen": 1,
        "pct": 100.0,
    }
    # The other gemeente: its one clock, in time.
    assert cijfers(ander.gemeente.pk)["akkoord_120_dagen"] == {
        "deadline": 1,
        "binnen": 1,
        "pct": 100.0,
    }


def test_akkoord_120_dagen_telt_per_schuldbemiddeling():
    """A traject with two schuldbemiddelingen: the first proposal withdrawn, the second
    agreed. Each product has its own clock; the akkoord of one is not the other's."""
    omg = omgeving()
    # toelating 10 Jan 2026 → both clocks: deadline 10 May 2026 (see k3 above)
    eerste = geopend(omg, D(2026, 1, 10))
    with op(D(2026, 2, 1)):
        schuldregeling_stap(
            product_id=eerste.product.pk, stap="trek_in", door=omg.regisseur, datum=vandaag()
        )
        beeindig_product(
            product_id=eerste.product.pk,
            door=omg.regisseur,
            datum=vandaag(),
            resultaat="Ingetrokken",
        )
        tweede_product = start_product(
            traject_id=eerste.traject.pk,
            soort="Schuldbemiddeling",
            door=omg.regisseur,
            datum=vandaag(),
        )
        tweede = Dossier(
            omg,
            eerste.traject,
            tweede_product,
            open_regeling(
                product_id=tweede_product.pk,
                door=omg.regisseur,
                datum=vandaag(),
                peildatum=vandaag(),
            ),
        )
    toegekend(tweede, D(2026, 4, 20))
    assert product(eerste).schuldregeling_status == "ingetrokken"
    assert klok_120(eerste).deadline == klok_120(tweede).deadline == D(2026, 5, 10)

    # 2 clocks with the deadline in Q2; only the second product was agreed (20 Apr, in time):
    # 1 / 2 = 50,0%. One regeling came about (minnelijk), the withdrawn one did not.
    uitkomst = cijfers(omg.gemeente.pk)
    assert uitkomst["akkoord_120_dagen"] == {"deadline": 2, "binnen": 1, "pct": 50.0}
    assert uitkomst["via_dwangakkoord"] == {"minnelijk": 1, "dwangakkoord": 0, "pct": 0.0}
    # The withdrawn schuldbemiddeling ended in Q1 (1 Feb): nothing ended in Q2.
    assert uitkomst["schuldenvrij"] == {"beeindigd": 0, "schuldenvrij": 0, "pct": None}
    zonder_namen(uitkomst)


# --- 22. Via dwangakkoord -------------------------------------------------------------------


def test_via_dwangakkoord():
    omg, ander = omgeving(), omgeving()
    # Every dossier opens on 1 March; what counts is the day the regeling came about.

    # In Q2: akkoord of all creditors on 1 April and on 30 June (minnelijk = 2) …
    toegekend(geopend(omg, D(2026, 3, 1)), D(2026, 4, 1))
    toegekend(geopend(omg, D(2026, 3, 1)), D(2026, 6, 30))
    # … and a dwangakkoord granted on 15 May that binds two refusing creditors: one
    # regeling (dwangakkoord = 1), not two.
    dwang = geopend(omg, D(2026, 3, 1))
    ingediend_met_weigering(dwang, D(2026, 3, 10), weigeraars=("Welbions", "Vitens"))
    uitspraak_dwangakkoord(dwang, D(2026, 3, 11), D(2026, 5, 15))
    assert product(dwang).schuldregeling_status == "dwangakkoord"

    # Not counted:
    toegekend(geopend(omg, D(2026, 3, 1)), D(2026, 3, 31))  # akkoord in Q1
    buiten = geopend(omg, D(2026, 3, 1))  # dwangakkoord granted 1 July (Q3)
    ingediend_met_weigering(buiten, D(2026, 3, 10))
    uitspraak_dwangakkoord(buiten, D(2026, 3, 11), D(2026, 7, 1))
    afgewezen = geopend(omg, D(2026, 3, 1))  # the court refused the dwangakkoord in Q2
    ingediend_met_weigering(afgewezen, D(2026, 3, 10))
    uitspraak_dwangakkoord(afgewezen, D(2026, 3, 11), D(2026, 5, 20), "dwangakkoord_afgewezen")
    assert product(afgewezen).schuldregeling_status == "afgewezen"
    ingediend_met_weigering(geopend(omg, D(2026, 3, 1)), D(2026, 4, 2))  # no outcome yet
    toegekend(geopend(ander, D(2026, 3, 1)), D(2026, 5, 1))  # another gemeente

    # tot stand: 2 + 1 = 3; via dwangakkoord 1 / 3 = 33,33% → 33,3
    uitkomst = cijfers(omg.gemeente.pk)
    assert uitkomst["via_dwangakkoord"] == {"minnelijk": 2, "dwangakkoord": 1, "pct": 33.3}
    zonder_namen(uitkomst)
    regels = figuur("via_dwangakkoord").regels([uitkomst["via_dwangakkoord"]])
    assert [(r.label, r.waarden) for r in regels] == [
        ("Tot stand gekomen", [3]),
        ("Met akkoord van alle schuldeisers", [2]),
        ("Via dwangakkoord", [1]),
        ("Via dwangakkoord", [33.3]),
    ]
    # Q3: only the dwangakkoord of 1 July (1 / 1 = 100%); Q1: only the akkoord of 31 March.
    assert cijfers(omg.gemeente.pk, Q3)["via_dwangakkoord"] == {
        "minnelijk": 0,
        "dwangakkoord": 1,
        "pct": 100.0,
    }
    assert cijfers(omg.gemeente.pk, Q1)["via_dwangakkoord"] == {
        "minnelijk": 1,
        "dwangakkoord": 0,
        "pct": 0.0,
    }
    assert cijfers(ander.gemeente.pk)["via_dwangakkoord"] == {
        "minnelijk": 1,
        "dwangakkoord": 0,
        "pct": 0.0,
    }


# --- 23. Schuldenvrij -----------------------------------------------------------------------


def test_schuldenvrij():
    omg, ander = omgeving(), omgeving()
    start = D(2026, 1, 2)

    # In Q2, schuldenvrij: a schuldbemiddeling with its finale kwijting on 1 April and a
    # saneringskrediet with its finale kwijting on 30 June.
    vrij_1 = gestart(omg, start)
    finale_kwijting(vrij_1, D(2026, 4, 1))
    vrij_2 = gestart(omg, start, soort="saneringskrediet", looptijd_maanden=24)
    finale_kwijting(vrij_2, D(2026, 6, 30))
    # In Q2, not schuldenvrij: the court admitted the client to the Wsnp on 1 May (the
    # schuldbemiddeling ends with result "Wsnp") …
    wsnp = geopend(omg, D(2026, 3, 1))
    ingediend_met_weigering(wsnp, D(2026, 3, 5))
    with op(D(2026, 3, 6)):
        maak_wsnp_verzoek(regeling_id=wsnp.regeling.pk, door=omg.regisseur)
    with op(D(2026, 5, 1)):
        leg_uitspraak_vast(
            regeling_id=wsnp.regeling.pk,
            door=omg.regisseur,
            datum=D(2026, 5, 1),
            uitkomst="wsnp_toegelaten",
        )
    assert (product(wsnp).einddatum, product(wsnp).resultaat) == (D(2026, 5, 1), "Wsnp")
    # … and a regeling ended prematurely on 20 April, its product ended the same day.
    voortijdig = gestart(omg, start)
    voortijdig_beeindigd(voortijdig, D(2026, 4, 20))
    with op(D(2026, 4, 20)):
        beeindig_product(
            product_id=voortijdig.product.pk,
            door=omg.regisseur,
            datum=D(2026, 4, 20),
            resultaat="Voortijdig beëindigd",
        )

    # Not counted:
    finale_kwijting(gestart(omg, start), D(2026, 3, 31))  # Q1
    finale_kwijting(gestart(omg, start), D(2026, 7, 1))  # Q3
    finale_kwijting(gestart(ander, start), D(2026, 5, 1))  # another gemeente
    # a product that is no regeling (budgetcoaching), ended in Q2 "schuldenvrij"
    with op(D(2026, 4, 2)):
        coaching = start_product(
            traject_id=vrij_1.traject.pk,
            soort="Budgetcoaching",
            door=omg.regisseur,
            datum=D(2026, 4, 2),
        )
    with op(D(2026, 5, 2)):
        beeindig_product(
            product_id=coaching.pk,
            door=omg.regisseur,
            datum=D(2026, 5, 2),
            resultaat="schuldenvrij",
        )
    # a regeling ended prematurely in Q2 whose product still runs: nothing ended yet
    voortijdig_beeindigd(gestart(omg, start), D(2026, 5, 5))

    # beëindigd in Q2: vrij_1, vrij_2, wsnp, voortijdig = 4; schuldenvrij 2; 2 / 4 = 50,0%
    uitkomst = cijfers(omg.gemeente.pk)
    assert uitkomst["schuldenvrij"] == {"beeindigd": 4, "schuldenvrij": 2, "pct": 50.0}
    zonder_namen(uitkomst)
    for kwartaal in (Q1, Q3):
        assert cijfers(omg.gemeente.pk, kwartaal)["schuldenvrij"] == {
            "beeindigd": 1,
            "schuldenvrij": 1,
            "pct": 100.0,
        }
    assert cijfers(ander.gemeente.pk)["schuldenvrij"] == {
        "beeindigd": 1,
        "schuldenvrij": 1,
        "pct": 100.0,
    }


# --- 24. Looptijd tot de finale kwijting ----------------------------------------------------


def test_looptijd_regeling():
    omg, ander = omgeving(), omgeving()

    # l1: product 2 Jan 2026, payments from 5 Jan, finale kwijting 30 Jun (last day of Q2).
    #   product → kwijting: 29 (to 31 Jan) + 28 + 31 + 30 + 31 + 30 = 179 days
    #   start   → kwijting: 179 - 3 = 176 days
    l1 = gestart(omg, D(2026, 1, 2), startdatum=D(2026, 1, 5))
    finale_kwijting(l1, D(2026, 6, 30))
    # l2: product 1 Apr 2025, payments from 1 May 2025, finale kwijting 1 Apr 2026 (first
    # day of Q2).
    #   product → kwijting: 365 days (no 29 February in between)
    #   start   → kwijting: 365 - 30 (April 2025) = 335 days
    l2 = gestart(omg, D(2025, 4, 1), startdatum=D(2025, 5, 1))
    finale_kwijting(l2, D(2026, 4, 1))
    # l3: saneringskrediet, product and payout 1 Oct 2025, finale kwijting 15 May 2026.
    #   30 (to 31 Oct) + 30 + 31 + 31 + 28 + 31 + 30 + 15 = 226 days, from both
    l3 = gestart(omg, D(2025, 10, 1), soort="saneringskrediet", looptijd_maanden=12)
    finale_kwijting(l3, D(2026, 5, 15))

    # Not counted:
    finale_kwijting(gestart(omg, D(2025, 6, 2)), D(2026, 3, 31))  # Q1
    finale_kwijting(gestart(omg, D(2025, 6, 2)), D(2026, 7, 1))  # Q3
    voortijdig_beeindigd(gestart(omg, D(2025, 6, 2)), D(2026, 5, 1))  # ended early in Q2
    gestart(omg, D(2025, 6, 2))  # still running
    finale_kwijting(gestart(ander, D(2025, 6, 2)), D(2026, 5, 1))  # another gemeente

    # Months are days / (365,25 / 12) = days / 30,4375, one decimal:
    #   from the product: (179 + 365 + 226) / 3 = 770 / 3 = 256,67 days → 8,43 → 8,4
    #   from the start:   (176 + 335 + 226) / 3 = 737 / 3 = 245,67 days → 8,07 → 8,1
    uitkomst = cijfers(omg.gemeente.pk)
    assert uitkomst["looptijd_regeling"] == {
        "afgerond": 3,
        "maanden_vanaf_product": 8.4,
        "maanden_vanaf_start": 8.1,
    }
    zonder_namen(uitkomst)
    # Q3: product 2 Jun 2025 (payments from the same day) → 1 Jul 2026:
    #   28 (to 30 Jun 2025) + 31 + 31 + 30 + 31 + 30 + 31 + 31 + 28 + 31 + 30 + 31 + 30 + 1
    #   = 394 days → 394 / 30,4375 = 12,94 → 12,9
    assert cijfers(omg.gemeente.pk, Q3)["looptijd_regeling"] == {
        "afgerond": 1,
        "maanden_vanaf_product": 12.9,
        "maanden_vanaf_start": 12.9,
    }
    # The other gemeente: 2 Jun 2025 → 1 May 2026 = 394 - 30 (June 2026) - 31 (May 2026)
    #   = 333 days → 333 / 30,4375 = 10,94 → 10,9
    assert cijfers(ander.gemeente.pk)["looptijd_regeling"] == {
        "afgerond": 1,
        "maanden_vanaf_product": 10.9,
        "maanden_vanaf_start": 10.9,
    }


def test_looptijd_volgt_de_gepubliceerde_deler_30_44():
    omg = omgeving()
    # product and payments from 1 Jun 2025, finale kwijting 9 Apr 2026:
    #   2025-06-01 → 2026-06-01 = 365 days (no 29 February in between);
    #   9 Apr → 1 Jun 2026 = 21 (to 30 Apr) + 31 + 1 = 53 days, so 365 - 53 = 312 days
    # by the definition: 312 / 30,44 = 10,2497 → 10,2 (312 / 30,4375 = 10,2505 → 10,3)
    finale_kwijting(gestart(omg, D(2025, 6, 1)), D(2026, 4, 9))
    assert cijfers(omg.gemeente.pk)["looptijd_regeling"] == {
        "afgerond": 1,
        "maanden_vanaf_product": 10.2,
        "maanden_vanaf_start": 10.2,
    }
