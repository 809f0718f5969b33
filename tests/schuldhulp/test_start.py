"""Where a login lands, the greeting by the time of day and the heading of an error summary
(issue 20, points 4 and 9)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.urls import reverse

from schuldhulp.templatetags.schuldhulp import foutkop
from schuldhulp.views import groet
from tests.bouwers.fabrieken import WACHTWOORD

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize(
    ("gebruiker", "doel"),
    [
        ("regisseur_a", "/werkvoorraad/"),
        ("consulent_a", "/werkvoorraad/"),
        ("contractmanager_a", "/dashboard/"),  # the figures between quarters (issue 19)
        ("beheerder", "/beheer/"),
    ],
)
def test_inloggen_landt_op_het_werk_van_de_rol(client, request, gebruiker, doel):
    wie = request.getfixturevalue(gebruiker)
    r = client.post(
        reverse("login"), {"username": wie.username, "password": WACHTWOORD}, follow=True
    )
    assert r.redirect_chain[0] == (reverse("na_inloggen"), 302)
    assert r.redirect_chain[-1][0] == doel and r.status_code == 200


def test_een_meegegeven_volgende_pagina_gaat_voor(client, regisseur_a):
    r = client.post(
        reverse("login") + "?next=/klanten/",
        {"username": regisseur_a.username, "password": WACHTWOORD},
    )
    assert r["Location"] == "/klanten/"


@pytest.mark.parametrize(
    ("uur", "tekst"),
    [
        (0, "Goedenavond"),
        (6, "Goedemorgen"),
        (11, "Goedemorgen"),
        (12, "Goedemiddag"),
        (17, "Goedemiddag"),
        (18, "Goedenavond"),
        (23, "Goedenavond"),
    ],
)
def test_groet_volgt_de_tijd_in_nederland(uur, tekst):
    assert groet(datetime(2026, 7, 1, uur, 30, tzinfo=AMSTERDAM)) == tekst


def test_groet_rekent_in_nederlandse_tijd():
    # 10:30 UTC in summer is 12:30 in Amsterdam: afternoon, not morning.
    assert groet(datetime(2026, 7, 1, 10, 30, tzinfo=ZoneInfo("UTC"))) == "Goedemiddag"


def test_startpagina_groet(client, regisseur_a):
    client.force_login(regisseur_a)
    html = client.get(reverse("home")).content.decode()
    assert f"<h1>{groet()}" in html


class _Form(forms.Form):
    a = forms.CharField()
    b = forms.CharField()
    c = forms.CharField()

    def clean(self):
        raise forms.ValidationError("Het geheel klopt niet.")


@pytest.mark.parametrize(
    ("data", "kop"),
    [
        ({"a": "x", "b": "x"}, "Er is 1 veld niet goed ingevuld"),
        ({}, "Er zijn 3 velden niet goed ingevuld"),
        ({"a": "x", "b": "x", "c": "x"}, "Dit is niet vastgelegd"),
    ],
)
def test_foutkop_telt_de_velden(data, kop):
    form = _Form(data)
    assert not form.is_valid()
    assert foutkop(form) == kop


def test_foutsamenvatting_op_een_formulier_en_focus_script(client, regisseur_a):
    client.force_login(regisseur_a)
    html = client.post(reverse("klant_nieuw"), {"voornamen": "Tanya"}).content.decode()
    assert "velden niet goed ingevuld" in html and "iets niet goed" not in html
    assert 'class="foutsamenvatting" role="alert" tabindex="-1"' in html
    assert "schuldhulp/foutfocus.js" in html
