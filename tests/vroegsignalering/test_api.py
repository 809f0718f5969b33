"""The signal partner API by hand: authentication, idempotency, validation, grouping, CSRF."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from schuldhulp.models import Auditregel
from tests.bouwers import GemeenteFactory
from tests.bouwers.signalen import dagen_geleden
from trajecten.vroegsignalering.models import Signaalzaak, Vroegsignaal

URL = "/api/v1/vroegsignalen"
pytestmark = pytest.mark.django_db


def signaal(**anders) -> dict:
    persoon = anders.pop("persoon", {})
    if isinstance(persoon, dict):
        persoon = {
            "bsn": "123456782",
            "voornamen": "Tanya",
            "achternaam": "Veldkamp",
            "postcode": "7607 AB",
            "huisnummer": "12",
            "telefoon": "0546 123456",
        } | persoon
    return {
        "gemeentecode": "GM0141",
        "signaal_id": "WC-2026-0001",
        "soort_achterstand": "huur",
        "bedrag_centen": 123456,
        "maanden_achterstand": 2,
        "datum_ontvangen": dagen_geleden(2).isoformat(),
        "persoon": persoon,
    } | anders


def post(client: Client, data, token: str | None, *, content_type: str = "application/json"):
    headers = {"Authorization": f"Token {token}"} if token else {}
    body = data if isinstance(data, (str, bytes)) else json.dumps(data)
    return client.post(URL, body, content_type=content_type, headers=headers)


def velden(response) -> dict[str, str]:
    return {f["veld"]: f["melding"] for f in response.json()["fouten"]}


# --- authentication ------------------------------------------------------------------------


def test_zonder_token_401(client, partner):
    response = post(client, signaal(), None)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["fouten"][0]["veld"] is None
    assert "token" in response.json()["fouten"][0]["melding"].lower()


@pytest.mark.parametrize(
    "header", ["Token onbekend", "Bearer {token}", "Token", "{token}", "Token  " + "x" * 500]
)
def test_onbekend_of_verkeerd_token_401(client, token, header):
    response = client.post(
        URL,
        json.dumps(signaal()),
        content_type="application/json",
        headers={"Authorization": header.format(token=token)},
    )
    assert response.status_code == 401
    assert not Vroegsignaal.objects.exists()


def test_uitgezette_partner_401(client, partner, token):
    partner.actief = False
    partner.save()
    assert post(client, signaal(), token).status_code == 401


def test_token_wordt_alleen_als_hash_bewaard(partner, token):
    assert token.startswith("vs_") and len(token) > 40
    assert token not in partner.token_hash
    assert partner.token_begin == token[:10]


# --- create and idempotency ----------------------------------------------------------------


def test_signaal_aanmaken_201(client, partner, token, gemeente_a):
    response = post(client, signaal(), token)
    assert response.status_code == 201, response.content
    body = response.json()
    s = Vroegsignaal.objects.get(pk=body["id"])
    assert body == {
        "id": s.pk,
        "signaal_id": "WC-2026-0001",
        "datum_ontvangen": dagen_geleden(2).isoformat(),
    }
    assert (s.partner, s.partner_soort, s.partner_naam) == (
        partner,
        "woningcorporatie",
        "Woonstichting Almelo",
    )
    assert (s.bedrag_centen, s.maanden_achterstand, s.bron) == (123456, 2, "api")
    zaak = s.zaak
    assert zaak.gemeente == gemeente_a
    assert (zaak.bsn, zaak.achternaam, zaak.postcode, zaak.postcodegebied) == (
        "123456782",
        "Veldkamp",
        "7607 AB",
        "7607",
    )
    assert zaak.status == "nieuw"
    assert zaak.klok_status == "loopt"
    assert Auditregel.objects.filter(objecttype="vroegsignaal-api", gemeente_id=gemeente_a.pk)


def test_zelfde_signaal_id_nogmaals_200_met_zelfde_id(client, token):
    eerste = post(client, signaal(), token)
    tweede = post(client, signaal(bedrag_centen=999), token)
    assert (eerste.status_code, tweede.status_code) == (201, 200)
    assert eerste.json()["id"] == tweede.json()["id"]
    assert Vroegsignaal.objects.count() == 1
    assert Vroegsignaal.objects.get().bedrag_centen == 123456  # the first delivery counts


def test_zelfde_signaal_id_van_andere_partner_is_een_nieuw_signaal(client, token, gemeente_a):
    from trajecten.vroegsignalering import services

    _, ander_token = services.maak_partner(
        naam="Vitens", soort="drinkwaterbedrijf", gemeenten=[gemeente_a]
    )
    assert post(client, signaal(), token).status_code == 201
    assert post(client, signaal(soort_achterstand="water"), ander_token).status_code == 201
    assert Vroegsignaal.objects.count() == 2
    zaak = Signaalzaak.objects.get()  # same BSN: one case
    assert (zaak.aantal_signalen, zaak.aantal_partners) == (2, 2)
    assert zaak.signaalsterkte == "2 signalen van 2 partners"
    assert zaak.achterstand_centen == 2 * 123456


def test_datum_weggelaten_is_vandaag(client, token):
    from django.utils import timezone

    data = signaal()
    del data["datum_ontvangen"]
    response = post(client, data, token)
    assert response.status_code == 201
    assert response.json()["datum_ontvangen"] == timezone.localdate().isoformat()


def test_optionele_velden_mogen_null_zijn(client, token):
    response = post(
        client,
        signaal(persoon={"bsn": None, "telefoon": None, "email": None, "geboortedatum": None}),
        token,
    )
    assert response.status_code == 201, response.content
    assert Signaalzaak.objects.get().bsn == ""


# --- grouping ------------------------------------------------------------------------------


def test_huishouden_zonder_bsn_op_zelfde_adres_in_een_zaak(client, token):
    post(client, signaal(signaal_id="a", persoon={"bsn": None}), token)
    post(
        client,
        signaal(
            signaal_id="b",
            persoon={"bsn": None, "postcode": "7607ab", "huisnummer": "12", "voornamen": "Kees"},
        ),
        token,
    )
    post(
        client,
        signaal(signaal_id="c", persoon={"bsn": None, "postcode": "7607 AB", "huisnummer": "14"}),
        token,
    )
    assert Signaalzaak.objects.count() == 2
    assert sorted(Signaalzaak.objects.values_list("aantal_signalen", flat=True)) == [1, 2]


def test_zelfde_bsn_ander_adres_in_een_zaak_en_bsn_aangevuld(client, token):
    post(client, signaal(signaal_id="a", persoon={"bsn": None}), token)
    post(client, signaal(signaal_id="b"), token)  # same address, now with BSN
    post(client, signaal(signaal_id="c", persoon={"postcode": "7601 XY", "huisnummer": "3"}), token)
    zaak = Signaalzaak.objects.get()
    assert zaak.aantal_signalen == 3
    assert zaak.bsn == "123456782"
    assert zaak.postcode == "7607 AB"  # the address of the first signal stays


def test_andere_gemeente_andere_zaak(client, token, partner):
    hengelo = GemeenteFactory(naam="Hengelo", code="GM0164")
    partner.gemeenten.add(hengelo)
    post(client, signaal(signaal_id="a"), token)
    post(client, signaal(signaal_id="b", gemeentecode="GM0164"), token)
    assert Signaalzaak.objects.count() == 2


def test_gesloten_zaak_krijgt_geen_nieuwe_signalen(client, token, regisseur_a):
    from trajecten.vroegsignalering import services

    post(client, signaal(signaal_id="a"), token)
    zaak = Signaalzaak.objects.get()
    services.sluit_zaak(
        zaak_id=zaak.pk, door=regisseur_a, reden="zelf_opgelost", datum=dagen_geleden(0)
    )
    post(client, signaal(signaal_id="b"), token)
    assert Signaalzaak.objects.count() == 2
    assert Signaalzaak.objects.filter(status="nieuw").count() == 1


# --- validation ----------------------------------------------------------------------------


def test_gemeente_waarvoor_partner_niet_levert_403(client, token):
    GemeenteFactory(naam="Enschede", code="GM0153")
    for code in ("GM0153", "GM9999"):
        response = post(client, signaal(gemeentecode=code), token)
        assert response.status_code == 403
        assert "gemeentecode" in velden(response)
    assert not Vroegsignaal.objects.exists()


def test_geen_json_415(client, token):
    response = post(client, "bsn=1", token, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert response.json()["fouten"][0]["melding"] == "Stuur de inhoud als application/json."


@pytest.mark.parametrize("body", ["{", " ", "nul", b"\xff\xfe{}", '{"a": 1e99999999}x', "[1, 2]"])
def test_kapotte_json_400(client, token, body):
    response = post(client, body, token)
    assert response.status_code == 400
    assert response.json()["fouten"]


def test_ontbrekende_en_onbekende_velden(client, token):
    response = post(client, {"persoon": {"achternaam": "X", "geslacht": "v"}, "extra": 1}, token)
    assert response.status_code == 400
    fouten = velden(response)
    for veld in (
        "gemeentecode",
        "signaal_id",
        "soort_achterstand",
        "bedrag_centen",
        "maanden_achterstand",
        "persoon.postcode",
        "persoon.huisnummer",
    ):
        assert fouten[veld] == "Dit veld is verplicht.", veld
    assert fouten["extra"] == "Onbekend veld."
    assert fouten["persoon.geslacht"] == "Onbekend veld."


@pytest.mark.parametrize(
    ("anders", "veld", "woord"),
    [
        ({"persoon": {"bsn": "123456789"}}, "persoon.bsn", "elfproef"),
        ({"persoon": {"bsn": "12345678"}}, "persoon.bsn", "9 cijfers"),
        ({"persoon": {"bsn": ""}}, "persoon.bsn", "9 cijfers"),
        ({"persoon": {"bsn": 123456782}}, "persoon.bsn", "tekst"),
        ({"bedrag_centen": 0}, "bedrag_centen", "groter zijn dan"),
        ({"bedrag_centen": -5}, "bedrag_centen", "groter zijn dan"),
        ({"bedrag_centen": 10_000_001}, "bedrag_centen", "onwaarschijnlijk"),
        ({"bedrag_centen": 12.5}, "bedrag_centen", "geheel getal"),
        ({"bedrag_centen": True}, "bedrag_centen", "geheel getal"),
        ({"bedrag_centen": "100"}, "bedrag_centen", "geheel getal"),
        ({"maanden_achterstand": 0}, "maanden_achterstand", "tussen 1 en"),
        ({"maanden_achterstand": 121}, "maanden_achterstand", "tussen 1 en"),
        ({"datum_ontvangen": "2999-01-01"}, "datum_ontvangen", "toekomst"),
        ({"datum_ontvangen": "1999-12-31"}, "datum_ontvangen", "voor 2000"),
        ({"datum_ontvangen": "2026-02-31"}, "datum_ontvangen", "bestaat niet"),
        ({"datum_ontvangen": "12-05-2026"}, "datum_ontvangen", "geen geldige datum"),
        ({"datum_ontvangen": "20260512"}, "datum_ontvangen", "geen geldige datum"),
        ({"soort_achterstand": "gas"}, "soort_achterstand", "Kies uit"),
        ({"gemeentecode": "0141"}, "gemeentecode", "GM gevolgd door"),
        ({"signaal_id": "a b"}, "signaal_id", "letters, cijfers"),
        ({"signaal_id": ""}, "signaal_id", "kenmerk"),
        ({"persoon": {"postcode": "7607"}}, "persoon.postcode", "4 cijfers en 2 letters"),
        ({"persoon": {"postcode": "7607 AB\n"}}, "persoon.postcode", "4 cijfers en 2 letters"),
        ({"persoon": {"huisnummer": "0"}}, "persoon.huisnummer", "huisnummer"),
        ({"persoon": {"achternaam": "  "}}, "persoon.achternaam", "Vul de achternaam in"),
        ({"persoon": {"achternaam": "Vel\x00dkamp"}}, "persoon.achternaam", "ongeldig teken"),
        ({"persoon": {"achternaam": "x" * 201}}, "persoon.achternaam", "te lang"),
        ({"persoon": {"email": "geen-mail"}}, "persoon.email", "e-mailadres"),
        ({"persoon": {"telefoon": "bel me"}}, "persoon.telefoon", "telefoonnummer"),
        ({"persoon": {"geboortedatum": "2999-01-01"}}, "persoon.geboortedatum", "toekomst"),
        ({"persoon": "Veldkamp"}, "persoon", "object"),
    ],
)
def test_validatiefouten_per_veld(client, token, anders, veld, woord):
    response = post(client, signaal(**anders), token)
    assert response.status_code == 400, response.content
    fouten = velden(response)
    assert veld in fouten, fouten
    assert woord.lower() in fouten[veld].lower()
    assert not Vroegsignaal.objects.exists()


def test_alle_fouten_tegelijk(client, token):
    response = post(
        client,
        signaal(bedrag_centen=0, persoon={"bsn": "123456789", "postcode": "x"}),
        token,
    )
    assert set(velden(response)) == {"bedrag_centen", "persoon.bsn", "persoon.postcode"}


def test_ongeldige_utf8_surrogaat(client, token):
    body = json.dumps(signaal()).replace("Veldkamp", "Veld\\ud800kamp")
    response = post(client, body, token)
    assert response.status_code == 400
    assert "persoon.achternaam" in velden(response)


# --- method, CSRF, description -------------------------------------------------------------


def test_get_405_met_allow(client, token):
    response = client.get(URL, headers={"Authorization": f"Token {token}"})
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response.json()["fouten"]


def test_api_is_csrf_vrij_maar_schermen_niet(token, regisseur_a, gemeente_a):
    client = Client(enforce_csrf_checks=True)
    assert post(client, signaal(), token).status_code == 201
    zaak = Signaalzaak.objects.get()
    client.force_login(regisseur_a)
    response = client.post(
        f"/vroegsignalen/{zaak.pk}/contactpoging/",
        {"soort": "telefoon", "datum": dagen_geleden(0), "dagdeel": "ochtend", "bereikt": "ja"},
    )
    assert response.status_code == 403  # CSRF check on the session screens


def test_openapi_beschrijving(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    post_ = spec["paths"]["/api/v1/vroegsignalen"]["post"]
    assert set(post_["responses"]) >= {"200", "201", "400", "401", "403", "415"}
    assert spec["components"]["securitySchemes"]["token"]["name"] == "Authorization"


def test_openapi_voorbeeld_past_bij_de_api(client, token):
    """The examples in the description form a request the API accepts."""
    spec = client.get("/api/v1/openapi.json").json()
    schemas = spec["components"]["schemas"]

    def voorbeeld(schema: dict) -> dict:
        return {
            naam: eigenschap["example"]
            for naam, eigenschap in schema["properties"].items()
            if "example" in eigenschap
        }

    data = voorbeeld(schemas["Vroegsignaal"]) | {
        "soort_achterstand": "huur",
        "datum_ontvangen": dagen_geleden(1).isoformat(),
        "persoon": voorbeeld(schemas["Persoon"]),
    }
    assert post(client, data, token).status_code == 201
