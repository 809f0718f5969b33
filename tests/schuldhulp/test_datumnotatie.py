"""One date notation everywhere (issue 20, point 9): '3 december 2026', with a time
'3 december 2026 14:05'. Only form input keeps dd-mm-jjjj or ISO.

The scan reads every template and the Python code that writes text for people; a new
``|date:"d-m-Y"`` or ``f"{d:%d-%m-%Y}"`` fails here instead of slipping onto a screen.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from django.template import Context, Template

from schuldhulp import opmaak

ROOT = Path(__file__).resolve().parents[2]
APPS = ("schuldhulp", "trajecten", "klantplan", "rapportage", "templates", "demo")

# The notation and its parts: the date ('j F Y', also with the weekday in front in a letter's
# deadline), the same with a time, the time alone after "om", and ISO for an <input value>.
TOEGESTAAN = {"j F Y", "j F Y H:i", "l j F Y", "H:i", "Y-m-d", "DATE_FORMAT", "DATETIME_FORMAT"}
DATE_FILTER = re.compile(r"\|(?:date|time):\"([^\"]*)\"")
# f"{x:%d-%m-%Y}", strftime("%d-%m…"), date_format(x, "d-m-Y"): a short numeric date for a
# person. Parsing input (strptime) is allowed.
PYTHON_KORT = re.compile(r"(?<!strptime)[(\{][^()\n]*[:\"']%d[-/]%m|\"d-m-Y|\"j-n-Y|\"j M ")


def _bestanden(patroon: str) -> list[Path]:
    return [p for app in APPS for p in (ROOT / app).rglob(patroon) if "migrations" not in p.parts]


def test_templates_gebruiken_een_datumnotatie():
    afwijkend = [
        f"{pad.relative_to(ROOT)}: {formaat}"
        for pad in _bestanden("*.html")
        for formaat in DATE_FILTER.findall(pad.read_text())
        if formaat not in TOEGESTAAN
    ]
    assert _bestanden("*.html"), "geen templates gevonden: het pad klopt niet"
    assert afwijkend == []


def test_python_schrijft_geen_korte_datums_voor_mensen():
    afwijkend = [
        f"{pad.relative_to(ROOT)}:{nr}: {regel.strip()}"
        for pad in _bestanden("*.py")
        for nr, regel in enumerate(pad.read_text().splitlines(), 1)
        if PYTHON_KORT.search(regel) and "strptime" not in regel and "formaat in" not in regel
    ]
    assert afwijkend == []


def test_de_scan_vindt_een_afwijking():
    """The patterns themselves: they must catch what they are meant to catch."""
    assert DATE_FILTER.findall('{{ d|date:"d-m-Y" }}') == ["d-m-Y"]
    assert PYTHON_KORT.search('f"({d:%d-%m-%Y})"')
    assert not PYTHON_KORT.search('datetime.strptime(tekst, "%d-%m-%Y")')


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_filter_en_opmaak_geven_dezelfde_notatie(taal, settings):
    from django.utils import translation

    with translation.override(taal):
        html = Template(
            '{% load schuldhulp %}{{ d|datum_nl }}|{{ d|datum_nl:True }}|{{ t|date:"j F Y H:i" }}'
        ).render(Context({"d": date(2026, 12, 3), "t": datetime(2026, 12, 3, 14, 5)}))
    if taal == "nl":
        assert html == "3 december 2026|3 december 2026|3 december 2026 14:05"
    else:  # the filter forces Dutch; Django's |date follows the active language
        assert html.startswith("3 december 2026|3 december 2026|")
    assert opmaak.datum_tijd(datetime(2026, 12, 3, 14, 5)) == "3 december 2026 14:05"


KORTE_DATUM = re.compile(r"(?<![\d-])\d{1,2}-\d{1,2}-\d{4}(?![\d-])")


@pytest.mark.django_db
def test_gerenderde_paginas_tonen_geen_korte_datums(client, klant_a, regisseur_a):
    """A few real pages with dates (traject with its timeline and clocks, werkvoorraad,
    klant): no dd-mm-jjjj outside form fields, and the timeline's date in words."""
    from django.utils import timezone

    from tests.bouwers import toegelaten_traject

    traject = toegelaten_traject(klant_a, regisseur_a)
    client.force_login(regisseur_a)
    for pad in (f"/trajecten/{traject.pk}/", "/werkvoorraad/", f"/klanten/{klant_a.pk}/"):
        html = client.get(pad).content.decode()
        zichtbaar = re.sub(r"<(input|textarea|script)[^>]*>", "", html)
        assert KORTE_DATUM.findall(zichtbaar) == [], pad
    html = client.get(f"/trajecten/{traject.pk}/").content.decode()
    assert opmaak.datum(timezone.localdate()) in html
