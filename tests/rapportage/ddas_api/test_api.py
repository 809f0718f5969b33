"""POST /gegevens for SHV and VS: the answers the yaml promises (FSC errors, problem details),
the gate, the audit row, and bodies that pass the official schemas."""

from __future__ import annotations

import base64
import json
from datetime import date

import pytest
from django.test import Client

from rapportage.ddas import mapping
from rapportage.ddas.api import registratie, vroegsignalen
from schuldhulp.models import Auditactie, Auditregel, Rol
from tests.bouwers.ddas import R, d, volledig_traject
from tests.bouwers.fabrieken import KlantFactory, medewerker
from tests.bouwers.signalen import dagen_geleden, geldig_bsn, maak_zaak
from tests.bouwers.trajecten import aanmelding
from tests.rapportage.ddas_api.conftest import SHV, VS, gecontroleerd, token_voor
from trajecten.vroegsignalering.models import Contactpoging

pytestmark = pytest.mark.django_db

PERIODE = {"aanleverperiodeStartdatum": "2026-01-01", "aanleverperiodeEinddatum": "2026-12-31"}


@pytest.fixture
def trajecten(gemeente_a, gemeente_b):
    door_a = medewerker("kr_api_a", Rol.KLANTREGISSEUR, [gemeente_a])
    door_b = medewerker("kr_api_b", Rol.KLANTREGISSEUR, [gemeente_b])
    return (
        volledig_traject(KlantFactory(gemeente=gemeente_a), door_a),
        aanmelding(KlantFactory(gemeente=gemeente_b), door_b, datum=d(2, 1), reden_terugdatering=R),
    )


def test_token_via_client_credentials(afnemer_a, keten) -> None:
    _, geheim = registratie.registreer(naam="CBS", alle_gemeenten=True)
    from rapportage.ddas.api.models import Afnemer

    cbs = Afnemer.objects.get(naam="CBS")
    basis = base64.b64encode(f"{cbs.application.client_id}:{geheim}".encode()).decode()
    antwoord = Client().post(
        "/api/ddas/oauth/token/",
        {"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {basis}"},
    )
    assert antwoord.status_code == 200, antwoord.content
    assert antwoord.json()["scope"] == "read"
    # Switched off: no token any more.
    cbs.actief = False
    cbs.save()
    antwoord = Client().post(
        "/api/ddas/oauth/token/",
        {"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {basis}"},
    )
    assert antwoord.status_code in (400, 401)


def test_shv_levert_een_geldig_ondertekend_document(cbs, trajecten) -> None:
    antwoord = cbs.post(SHV, {**PERIODE, "aanleverende_organisatie": "GM0141"})
    assert antwoord.status_code == 200, antwoord.content
    assert antwoord["Content-Type"] == "application/json"
    assert antwoord["Cache-Control"] == "no-store"
    body = gecontroleerd(antwoord)
    assert mapping.schemafouten(body["gegevens"]) == []
    records = body["gegevens"]["leveringen"][0]["schuldhulptrajecten"]
    assert [r["gemeentecode"] for r in records] == ["GM0141"]
    assert body["paginering"] == {
        "pageSize": 1000,
        "currentPage": 1,
        "totalPages": 1,
        "totalRecords": 1,
    }
    regel = Auditregel.objects.get(objecttype="ddas-api-shv")
    assert regel.actie == Auditactie.EXPORTEREN
    assert regel.gemeente_id == trajecten[0].gemeente_id
    assert regel.gebruikersnaam == "Afnemer Almelo"
    assert regel.object_id == cbs.afnemer.application.client_id
    assert trajecten[0].klant.bsn not in regel.omschrijving


def test_zonder_organisatie_alleen_het_eigen_bereik(cbs, trajecten) -> None:
    body = gecontroleerd(cbs.post(SHV, PERIODE))
    codes = {
        r["gemeentecode"]
        for lev in body["gegevens"]["leveringen"]
        for r in lev["schuldhulptrajecten"]
    }
    assert codes == {"GM0141"}


def test_andere_gemeente_geweigerd_door_de_poort(cbs, trajecten) -> None:
    antwoord = cbs.post(SHV, {**PERIODE, "aanleverende_organisatie": "Hengelo"})
    assert antwoord.status_code == 403
    assert antwoord["Fsc-Error-Code"] == "ERROR_CODE_WRONG_GROUP_ID_IN_TOKEN"
    body = gecontroleerd(antwoord)
    assert body["detail"] == "Deze afnemer is niet geregistreerd voor deze gemeente."
    assert not Auditregel.objects.filter(objecttype="ddas-api-shv").exists()


@pytest.mark.parametrize(
    ("token", "code"),
    [("", "ERROR_CODE_ACCESS_TOKEN_MISSING"), ("onzin", "ERROR_CODE_ACCESS_TOKEN_INVALID")],
)
def test_geen_of_ongeldig_token_401(cbs, token: str, code: str) -> None:
    antwoord = cbs.post(SHV, PERIODE, token=token)
    assert antwoord.status_code == 401
    assert antwoord["Fsc-Error-Code"] == code
    assert antwoord["WWW-Authenticate"].startswith("Bearer")
    assert antwoord["Content-Type"] == "application/problem+json"
    body = gecontroleerd(antwoord)
    assert body["code"] == code and body["domain"] == "ERROR_DOMAIN_INWAY"


def test_verlopen_token_401(cbs) -> None:
    antwoord = cbs.post(SHV, PERIODE, token=token_voor(cbs.afnemer, verloopt_over=-5))
    assert antwoord.status_code == 401
    assert antwoord["Fsc-Error-Code"] == "ERROR_CODE_ACCESS_TOKEN_EXPIRED"


def test_verkeerde_scope_403(cbs) -> None:
    antwoord = cbs.post(SHV, PERIODE, token=token_voor(cbs.afnemer, scope="write"))
    assert antwoord.status_code == 403
    assert antwoord["Fsc-Error-Code"] == "ERROR_CODE_ACCESS_TOKEN_INVALID"
    assert gecontroleerd(antwoord)["status"] == 403


def test_token_van_uitgezette_afnemer_401(cbs) -> None:
    cbs.afnemer.actief = False
    cbs.afnemer.save()
    assert cbs.post(SHV, PERIODE).status_code == 401


def test_gewijzigde_inhoud_geweigerd(cbs, trajecten) -> None:
    antwoord = cbs.post(SHV, PERIODE, inhoud_na_tekenen=json.dumps({**PERIODE, "page": 2}).encode())
    assert antwoord.status_code == 400
    body = gecontroleerd(antwoord)
    assert body["type"].endswith("/ongeldige-ondertekening")
    assert "gewijzigd" in body["detail"]
    assert not Auditregel.objects.filter(objecttype="ddas-api-shv").exists()


def test_zonder_handtekening_geweigerd(cbs) -> None:
    antwoord = cbs.post(SHV, PERIODE, teken=False)
    assert antwoord.status_code == 400
    assert "Digest" in gecontroleerd(antwoord)["detail"]


def test_get_is_405(cbs) -> None:
    antwoord = Client().get(SHV, headers={"Authorization": f"Bearer {cbs.token}"})
    assert antwoord.status_code == 405
    assert antwoord["Fsc-Error-Code"] == "ERROR_CODE_METHOD_UNSUPPORTED"
    assert antwoord["Allow"] == "POST"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"onbekend": 1}, 400),
        ({"page": 0}, 400),
        ({"page": "1"}, 400),
        ({"aanleverperiodeStartdatum": "2026-02-30"}, 400),
        ({"aanleverende_organisatie": 7}, 400),
        (
            {"aanleverperiodeStartdatum": "2026-05-01", "aanleverperiodeEinddatum": "2026-04-01"},
            422,
        ),
        ({"page": 9}, 422),
        ({"aanleverende_organisatie": "Atlantis"}, 422),
    ],
)
def test_ongeldige_verzoeken(cbs, body: dict, status: int) -> None:
    antwoord = cbs.post(SHV, body)
    assert antwoord.status_code == status, antwoord.content
    probleem = gecontroleerd(antwoord)
    assert probleem["status"] == status and probleem["title"] and probleem["type"]
    assert "Fsc-Error-Code" not in antwoord


def test_paginagrootte_wordt_begrensd(cbs, settings) -> None:
    settings.DDAS_API_MAX_PAGINAGROOTTE = 50
    body = gecontroleerd(cbs.post(SHV, {**PERIODE, "pageSize": 25000}))
    assert body["paginering"]["pageSize"] == 50


def test_niet_ingericht_502(cbs, settings) -> None:
    settings.DDAS_API_TESTKETEN = False
    antwoord = cbs.post(SHV, PERIODE)
    assert antwoord.status_code == 502
    assert antwoord["Fsc-Error-Code"] == "ERROR_CODE_SERVICE_UNREACHABLE"


def test_vs_levert_zaken_volgens_het_vs_schema(cbs, gemeente_a, gemeente_b) -> None:
    vandaag = date.today()
    zaak = maak_zaak(gemeente_a, bsn=geldig_bsn(), huisnummer="12A", voornamen="Tanya Maria")
    Contactpoging.objects.create(
        zaak=zaak, soort="telefoon", datum=dagen_geleden(1), dagdeel="middag", bereikt=True
    )
    maak_zaak(gemeente_b, bsn=geldig_bsn())  # out of reach
    antwoord = cbs.post(VS, {"aanleverperiodeStartdatum": f"{vandaag.year}-01-01"})
    assert antwoord.status_code == 200, antwoord.content
    body = gecontroleerd(antwoord)
    assert vroegsignalen.schemafouten(body["gegevens"]) == []
    [levering] = body["gegevens"]["leveringen"]
    assert levering["gemeentecode"] == "GM0141"
    [signaal] = levering["vroegsignalen"]
    assert signaal["signaalpartner"] == {"type": "Huur"}
    assert signaal["client"]["Voorletters"] == "T.M."
    assert signaal["client"]["Huisnummertoevoeging"] == "A"
    assert "status" not in signaal  # picked up: a contact attempt was made
    [zaakrecord] = levering["vroegsignaalzaken"]
    assert zaakrecord["vroegsignalen"] == [{"ID": signaal["ID"]}]
    assert zaakrecord["contactpogingen"][0]["soort"] == "Telefoon"
    assert zaakrecord["contactpogingen"][0]["dagdeel"] == "Middag"
    assert Auditregel.objects.get(objecttype="ddas-api-vs").gemeente_id == gemeente_a.pk


def test_vs_nog_niet_opgepakt(cbs, gemeente_a) -> None:
    maak_zaak(gemeente_a, bsn=geldig_bsn())
    body = gecontroleerd(cbs.post(VS, {"aanleverperiodeStartdatum": f"{date.today().year}-01-01"}))
    [signaal] = body["gegevens"]["leveringen"][0]["vroegsignalen"]
    assert signaal["status"] == "Nog niet opgepakt"
