"""The written summary for the wethouder (issue 20, point 7): generated from the report's own
figures, with the count behind every percentage ("3 van de 3" for few cases), the reason for
every empty figure, and nothing in the public version that the public tables hide."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from rapportage import grafieken, services, weergave, wethouder
from rapportage.models import Kwartaalrapportage
from rapportage.openbaar import AFGESCHERMD
from tests.bouwers.rijen import Q2

pytestmark = pytest.mark.django_db
D = date
UITVAL = {"uitstroomreden": "Zelf"}  # stopped without a solution


def _maak(gemeente) -> Kwartaalrapportage:
    aanvraag = services.vraag_aan(gemeente=gemeente, kwartaal=Q2, door=None, in_wachtrij=False)
    return services.maak(rapportage_id=aanvraag.pk)


def _pdf_tekst(rapportage: Kwartaalrapportage) -> str:
    lezer = PdfReader(io.BytesIO(bytes(rapportage.pdf)))
    return " ".join(" ".join(p.extract_text().split()) for p in lezer.pages)


@pytest.fixture
def klein(bouw_a):
    """Q2 2026: three aanmeldingen that all stopped (uitval 3 van de 3), one Wgs clock met."""
    for dag in (1, 2, 3):
        t = bouw_a.traject(D(2026, 4, dag))
        bouw_a.gebeurtenis(t, "uitstroom", D(2026, 5, dag), **UITVAL)
    bouw_a.klok(t, "wgs-eerste-gesprek", D(2026, 4, 29), gehaald_op=D(2026, 4, 15))
    bouw_a.traject(D(2026, 1, 5))  # one aanmelding in Q1: "2 meer dan in het kwartaal ervoor"


def test_kleine_aantallen_als_x_van_de_y_en_vergelijking_met_vorig_kwartaal(gemeente_a, klein):
    r = _maak(gemeente_a)
    tekst = wethouder.maak(r.cijfers)
    assert tekst.inleiding[0] == (
        "In dit kwartaal meldden zich 3 inwoners aan voor schuldhulp. Dat zijn er 2 meer dan "
        "in het kwartaal ervoor (1)."
    )
    alles = " ".join(tekst.alle_zinnen)
    assert "Bij 3 van de 3 afgesloten trajecten stopte de inwoner zonder oplossing" in alles
    assert "100" not in alles  # never "uitval 100%" for three trajecten
    assert "Eerste gesprek binnen 4 weken (Wgs): 1 van de 1 gehaald. Het doel is" in " ".join(
        tekst.goed
    )
    # The key figure says it the same way, and an empty one says why.
    kern = dict(weergave.samenvatting(r.cijfers)["kern"])
    assert kern["Uitval"] == "3 van de 3"
    assert kern["Maatschappelijk rendement (netto)"].waarom == "uitvoeringskosten niet ingesteld"
    assert any("niet zijn ingesteld" in z for z in tekst.onbekend)
    # In the PDF right after the cover, and on the screen.
    pdf = _pdf_tekst(r)
    assert pdf.index("Samenvatting voor het bestuur") < pdf.index("Samenvatting: normen en doelen")
    assert "Bij 3 van de 3 afgesloten trajecten" in pdf
    assert "Wat ging goed" in pdf and "Wat vraagt aandacht" in pdf
    assert "docs/" not in pdf and ".md" not in pdf  # no developer file names


def test_percentage_met_het_aantal_erachter_en_norm_onder_het_doel(bouw_a, gemeente_a):
    for dag in range(1, 13):  # 12 Wgs clocks, 9 met: 75% < the target
        t = bouw_a.traject(D(2026, 4, dag))
        gehaald = D(2026, 4, 20) if dag <= 9 else None
        bouw_a.klok(t, "wgs-eerste-gesprek", D(2026, 4, 29), gehaald_op=gehaald)
    tekst = wethouder.maak(_maak(gemeente_a).cijfers)
    assert any(
        z.startswith("Eerste gesprek binnen 4 weken (Wgs): 75,0% (9 van de 12) gehaald.")
        for z in tekst.aandacht
    )
    assert "Dat zijn er 12 meer dan in het kwartaal ervoor (0)." in tekst.inleiding[0]


def test_openbare_versie_onthult_geen_klein_aantal(gemeente_a, klein):
    r = _maak(gemeente_a)
    openbaar = wethouder.maak(r.cijfers, openbaar=True)
    alles = " ".join(openbaar.alle_zinnen)
    assert "meldden zich minder dan 5 inwoners aan" in alles
    assert "minder dan 5 trajecten zijn afgesloten" in alles.lower()
    # No share of a small group, no exact small count, no comparison that gives one away.
    assert not re.search(r"\d van de \d", alles)
    assert not re.search(r"\b[1-4] (inwoners|trajecten|meer|minder)\b", alles)
    assert "(1)" not in alles
    # The public CSV hides the same cells the summary keeps quiet about.
    csv = weergave.als_csv(r.cijfers, openbaar=True)
    assert AFGESCHERMD in csv and "< 5" in csv
    # The internal summary does tell the counts.
    assert "3 van de 3" in " ".join(wethouder.maak(r.cijfers).alle_zinnen)


def test_samenvatting_op_het_scherm(client, contractmanager_a, gemeente_a, klein):
    r = _maak(gemeente_a)
    client.force_login(contractmanager_a)
    html = client.get(reverse("rapportage_detail", args=[r.pk])).content.decode()
    assert "Samenvatting voor het bestuur" in html
    assert "Bij 3 van de 3 afgesloten trajecten" in html
    assert "Uitvoeringskosten niet ingesteld" in html  # the empty key figure says why


def test_normgrafiek_heeft_streefwaardelijnen_en_hele_labels():
    lang = "Schuldregeling aangeboden binnen 120 dagen na de toelating tot het traject"
    svg = grafieken.verdeling(
        [(lang, 80.0), ("Kort", 96.0)],
        titel="Percentage gehaald per norm",
        opmaak=lambda w: f"{w}%",
        doelen=[95, 90],
    )
    assert svg.count(f'stroke="{grafieken.DOEL}"') == 3  # two targets and the legend
    assert "(doel 95%)" in svg and "= doel (streefwaarde)" in svg
    assert "…" not in svg  # the long name wraps over lines instead of being cut off
    assert all(woord in svg for woord in lang.split())


def test_lege_grafiek_zegt_waarom():
    trend = grafieken.trend(["a", "b"], [None, None], titel="t", opmaak=str)
    assert grafieken.LEEG_TREND in trend
    verdeling = grafieken.verdeling([("x", 0)], titel="t", opmaak=str)
    assert grafieken.LEEG_VERDELING in verdeling


def test_leeg_cijfer_in_een_tabel_zegt_waarom(gemeente_a, klein):
    secties = {s.sleutel: s for s in weergave.secties(_maak(gemeente_a).cijfers)}
    assert any(
        "uitvoeringskosten voor dit kwartaal niet ingesteld" in z for z in secties["rendement"].leeg
    )
    assert any(z.startswith("Gemiddelde wachttijd: geen") for z in secties["wachttijd"].leeg)
