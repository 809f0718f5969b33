"""The look of every PDF (issue 20, points 6 and 7): our own colours from one shared stylesheet
(no Rijkshuisstijl blue), and no document that ends on a nearly empty page."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from weasyprint import HTML

from klantplan import services
from klantplan.huishouden import budget
from rapportage import services as rapportage_services
from tests.bouwers.pdfpagina import BIJNA_LEEG, bijna_leeg, vulling_laatste_pagina
from tests.bouwers.rijen import Q2, Bouwer
from tests.klantplan.test_documenten import _plan

ROOT = Path(__file__).resolve().parents[2]
APPS = ("klantplan", "rapportage", "schuldhulp", "trajecten", "templates")
RIJKSBLAUW = "154273"
PDF_CSS = ROOT / "schuldhulp" / "static" / "schuldhulp" / "pdf.css"
THEMA_CSS = ROOT / "schuldhulp" / "static" / "schuldhulp" / "thema.css"
# A realistic month: many posts, so the maandoverzicht is as long as it gets in practice.
POSTEN = [
    ("salaris", 198_000),
    ("huurtoeslag", 31_000),
    ("zorgtoeslag", 23_000),
    ("kinderbijslag", 27_400),
    ("kindgebonden_budget", 18_000),
    ("huur", 86_500),
    ("energie", 21_000),
    ("water", 2_900),
    ("zorgpremie", 31_200),
    ("verzekeringen", 4_800),
    ("telefoon", 6_500),
    ("vervoer", 9_000),
    ("kinderopvang", 12_000),
    ("overige_lasten", 5_000),
]


def _bestanden(*patronen: str) -> list[Path]:
    return [p for app in APPS for patroon in patronen for p in (ROOT / app).rglob(patroon)]


def test_geen_rijkshuisstijlblauw_in_css_en_pdf_sjablonen():
    bestanden = [*_bestanden("*.css", "*.html"), ROOT / "rapportage" / "grafieken.py"]
    assert len(bestanden) > 50
    fout = [str(p.relative_to(ROOT)) for p in bestanden if RIJKSBLAUW in p.read_text().lower()]
    assert fout == []


def test_elk_pdf_sjabloon_gebruikt_het_gedeelde_stijlblad():
    sjablonen = [
        p
        for p in _bestanden("*.html")
        if "@page" in p.read_text() and "<html" in p.read_text()  # a whole PDF document
    ]
    assert len(sjablonen) >= 3  # klantplan base, kwartaalrapportage, specificatie
    for sjabloon in sjablonen:
        assert '<link rel="stylesheet" href="/static/schuldhulp/pdf.css">' in sjabloon.read_text()


def test_geen_bestandsnamen_van_ontwikkelaars_in_een_pdf():
    """A reader of a PDF has no repository: "docs/rapportage.md" means nothing to them."""
    for sjabloon in _bestanden("*.html"):
        if "/pdf/" in str(sjabloon) or "_pdf_" in sjabloon.name:
            zonder_commentaar = re.sub(r"{#.*?#}", "", sjabloon.read_text(), flags=re.S)
            assert not re.search(r"docs/|\w\.md\b|\w\.py\b", zonder_commentaar), sjabloon


def test_pdf_kleuren_zijn_die_van_het_thema():
    thema = dict(re.findall(r"--schuldhulp-([a-z]+-\d+):\s*(#[0-9a-f]{6})", THEMA_CSS.read_text()))
    pdf = dict(re.findall(r"--pdf-([a-z]+-\d+):\s*(#[0-9a-f]{6})", PDF_CSS.read_text()))
    assert pdf and all(thema[naam] == kleur for naam, kleur in pdf.items()), pdf


def test_de_meting_vindt_een_bijna_lege_laatste_pagina():
    """The check itself can fail: a page break before one line is near-empty."""
    vol = "<p>" + "Een regel tekst. " * 40 + "</p>"
    leeg = HTML(string=f"{vol}<p style='break-before: page'>Alleen dit.</p>").write_pdf()
    goed = HTML(string=vol * 3).write_pdf()
    assert bijna_leeg(leeg) and vulling_laatste_pagina(leeg)[1] < BIJNA_LEEG
    assert not bijna_leeg(goed)


@pytest.mark.django_db
def test_geen_klantdocument_en_geen_rapportage_eindigt_op_een_bijna_lege_pagina(
    traject_a, regisseur_a, gemeente_a
):
    _plan(traject_a, regisseur_a)
    kwargs = {"traject_id": traject_a.pk, "door": regisseur_a}
    for soort, bedrag in POSTEN:
        budget.voeg_post_toe(**kwargs, gegevens=budget.Postgegevens(soort, "klant", bedrag))
    budget.stel_vast(**kwargs)
    pdfs = {
        soort: bytes(
            services.maak_document(traject=traject_a, door=regisseur_a, soort=soort).inhoud
        )
        for soort in ("dos_en_donts", "klantplan", "actielijst", "beschikking", "maandoverzicht")
    }
    bouw = Bouwer(gemeente_a)
    for dag in range(1, 20):
        bouw.traject(date(2026, 4, dag))
    aanvraag = rapportage_services.vraag_aan(
        gemeente=gemeente_a, kwartaal=Q2, door=None, in_wachtrij=False
    )
    pdfs["kwartaalrapportage"] = bytes(rapportage_services.maak(rapportage_id=aanvraag.pk).pdf)
    for naam, pdf in pdfs.items():
        assert not bijna_leeg(pdf), (naam, vulling_laatste_pagina(pdf))
