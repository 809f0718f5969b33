"""Signal partners: the management command prints a token once; the admin shows it once."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.bouwers import GemeenteFactory
from trajecten.vroegsignalering.models import SignaalPartner

pytestmark = pytest.mark.django_db


def maak(*args: str) -> str:
    uit = StringIO()
    call_command("maak_signaalpartner", *args, stdout=uit)
    return uit.getvalue()


def api_status(client, token: str) -> int:
    return client.post(
        "/api/v1/vroegsignalen",
        json.dumps({}),
        content_type="application/json",
        headers={"Authorization": f"Token {token}"},
    ).status_code


def test_commando_maakt_partner_en_toont_token_eenmaal(client, gemeente_a):
    GemeenteFactory(naam="Wierden", code="GM0189")
    uit = maak(
        "--naam",
        "Vitens",
        "--soort",
        "drinkwaterbedrijf",
        "--gemeente",
        "GM0141",
        "--gemeente",
        "gm0189",
    )
    token = uit.strip().splitlines()[-1]
    partner = SignaalPartner.objects.get(naam="Vitens")
    assert "Almelo (GM0141), Wierden (GM0189)" in uit
    assert partner.soort == "drinkwaterbedrijf"
    assert token not in partner.token_hash and partner.token_begin == token[:10]
    assert api_status(client, token) == 400  # known token: validation, not 401

    nieuw = maak("--naam", "vitens", "--nieuw-token").strip().splitlines()[-1]
    assert nieuw != token
    assert api_status(client, token) == 401
    assert api_status(client, nieuw) == 400


@pytest.mark.parametrize(
    ("args", "melding"),
    [
        (["--naam", "X", "--gemeente", "GM0141"], "--soort"),
        (["--naam", "X", "--soort", "anders", "--gemeente", "GM0000"], "Onbekende gemeentecode"),
        (["--naam", "X", "--soort", "anders"], "minstens één gemeente"),
        (["--naam", "Bestaat niet", "--nieuw-token"], "geen signaalpartner"),
    ],
)
def test_commando_fouten(gemeente_a, args, melding):
    with pytest.raises(CommandError, match=melding):
        maak(*args)


def test_dubbele_naam_geweigerd(gemeente_a):
    maak("--naam", "Eneco", "--soort", "energieleverancier", "--gemeente", "GM0141")
    with pytest.raises(CommandError, match="al een signaalpartner"):
        maak("--naam", "ENECO", "--soort", "energieleverancier", "--gemeente", "GM0141")


def test_beheer_toont_token_bij_aanmaken(client, gemeente_a, django_user_model):
    beheer = django_user_model.objects.create_superuser("admin", "a@example.nl", "Wachtwoord-123!")
    client.force_login(beheer)
    response = client.post(
        "/beheer/vroegsignalering/signaalpartner/add/",
        {
            "naam": "Menzis",
            "soort": "zorgverzekeraar",
            "gemeenten": [gemeente_a.pk],
            "actief": "on",
        },
        follow=True,
    )
    html = response.content.decode()
    partner = SignaalPartner.objects.get(naam="Menzis")
    assert f"Token voor Menzis: {partner.token_begin}" in html
    token = html.split("Token voor Menzis: ")[1].split(" ")[0]
    assert api_status(client, token) == 400
    response = client.post(
        "/beheer/vroegsignalering/signaalpartner/",
        {"action": "nieuw_token", "_selected_action": [partner.pk]},
        follow=True,
    )
    assert "Token voor Menzis" in response.content.decode()
    assert api_status(client, token) == 401
