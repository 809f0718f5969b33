"""Control characters at the edge (issue 17, point 4): a NUL or another control character in a
query string, a form, a DDAS file or an API body is refused with a Dutch message, never a 500,
and nothing is saved."""

from __future__ import annotations

import json
import time
from contextlib import contextmanager
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from rapportage.ddas import importer
from schuldhulp import tekens
from schuldhulp.models import Klant
from tests.bouwers.ddas import VOORBEELD
from tests.bouwers.gelijktijdig import tegelijk
from trajecten.vroegsignalering import services
from trajecten.vroegsignalering.models import Vroegsignaal

pytestmark = pytest.mark.django_db
CONTROLE = [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)]


@pytest.mark.parametrize(
    "pad, wie",
    [
        ("/klanten/?q=a%00b", "regisseur_a"),
        ("/klanten/?q%00=x", "regisseur_a"),
        ("/vroegsignalen/?zoek=%00", "regisseur_a"),
        ("/werkvoorraad/?q=%1b", "regisseur_a"),
        ("/verwerkingenlog/?zoek=%00", "beheerder"),
    ],
)
def test_query_string_met_controleteken_400(client, request, pad, wie):
    client.force_login(request.getfixturevalue(wie))
    antwoord = client.get(pad)
    assert antwoord.status_code == 400
    assert "niet in tekst hoort" in antwoord.content.decode()


def test_formulier_met_nul_slaat_niets_op(client, regisseur_a, gemeente_a):
    client.force_login(regisseur_a)
    velden = {"gemeente": gemeente_a.pk, "bsn": "123456782", "achternaam": "Jan\x00sen"}
    # A browser's ordinary form: the middleware refuses it before the view.
    antwoord = client.post(
        "/klanten/nieuw/", urlencode(velden), content_type="application/x-www-form-urlencoded"
    )
    assert antwoord.status_code == 400 and "Er is niets opgeslagen" in antwoord.content.decode()
    # A multipart form (with a file field): the form's own check, a message at the field.
    antwoord = client.post("/klanten/nieuw/", velden)
    assert antwoord.status_code == 200 and "Null-tekens zijn niet toegestaan" in (
        antwoord.content.decode()
    )
    assert not Klant.objects.exists()


def test_gewone_tekst_met_tab_en_regeleinde_gaat_door(client, regisseur_a):
    client.force_login(regisseur_a)
    assert client.get("/klanten/?q=a%09b%0Ac").status_code == 200


def test_ddas_bestand_met_nul_wordt_geweigerd():
    document = json.loads(VOORBEELD.read_text(encoding="utf-8"))
    document["leveringen"][0]["schuldhulptrajecten"][0]["client"][0]["achternaam"] = "Ve\x00ld"
    with pytest.raises(importer.OngeldigBestand, match=r"leveringen\[0\].*NUL-teken"):
        importer.lees_bestand(json.dumps(document).encode())


def test_api_met_nul_400(client, gemeente_a, normen):
    _partner, token = services.maak_partner(
        naam="Woonstichting Almelo", soort="woningcorporatie", gemeenten=[gemeente_a]
    )
    data = {"gemeentecode": "GM0141", "signaal_id": "WC-\u0000-1", "persoon": {}}
    antwoord = client.post(
        "/api/v1/vroegsignalen",
        json.dumps(data),
        content_type="application/json",
        headers={"Authorization": f"Token {token}"},
    )
    assert antwoord.status_code == 400
    assert antwoord.json()["fouten"][0]["veld"] == "signaal_id"
    assert not Vroegsignaal.objects.exists()


@given(st.text(), st.sampled_from(CONTROLE), st.text())
def test_elk_controleteken_wordt_gevonden(voor, teken, na):
    assert tekens.bevat_ongeldige(voor + teken + na)
    assert tekens.in_json({"a": [1, {"b": voor + teken + na}]}) == "a[1].b"


@given(st.text(alphabet=st.characters(blacklist_characters="".join(CONTROLE))))
def test_gewone_tekst_is_goed(tekst):
    assert not tekens.bevat_ongeldige(tekst)
    assert tekens.in_json({"x": [tekst]}) is None


# --- Two requests at once (issue 17, point 4): the form's message, never a 500 ---------------


@pytest.mark.django_db(transaction=True)
def test_twee_keer_tegelijk_nieuwe_klant_met_hetzelfde_bsn(regisseur_a, gemeente_a):
    velden = {
        "gemeente": gemeente_a.pk,
        "bsn": "123456782",
        "voornamen": "Tanya",
        "achternaam": "Jansen",
        "geboortedatum": "1984-05-12",
        "postcode": "7607 AB",
        "huishouden": "alleenstaand",
        "aantal_kinderen": 0,
    }

    def verstuur():
        c = Client()
        c.force_login(regisseur_a)
        return c.post("/klanten/nieuw/", velden)

    with _trage_opslag():
        antwoorden = tegelijk(verstuur, verstuur)
    codes = sorted(a.status_code for a in antwoorden)
    assert codes == [200, 302], antwoorden
    fout = next(a for a in antwoorden if a.status_code == 200).content.decode()
    assert "Er is al een klant met dit BSN" in fout
    assert Klant.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_twee_keer_tegelijk_dezelfde_schuldeiser(regisseur_a):
    from klantplan.models import Schuldeiser
    from klantplan.services.schulden import voeg_schuldeiser_toe

    def voeg_toe():
        return voeg_schuldeiser_toe(door=regisseur_a, naam="Stadsbank Incasso", soort="overig")

    with _trage_opslag(Schuldeiser):
        uitkomst = tegelijk(voeg_toe, voeg_toe)
    fouten = [u for u in uitkomst if isinstance(u, Exception)]
    assert len(fouten) == 1 and "al een schuldeiser met deze naam" in str(fouten[0])
    assert Schuldeiser.objects.filter(naam="Stadsbank Incasso").count() == 1


@contextmanager
def _trage_opslag(model=Klant):
    """Both requests pass the form's uniqueness check before either saves: each save waits a
    moment first, so the database's constraint decides (the race the probe found)."""
    origineel = model.save

    def traag(self, *args, **kwargs):
        time.sleep(0.3)
        return origineel(self, *args, **kwargs)

    with mock.patch.object(model, "save", traag):
        yield


# --- Deleting a user who ever logged in (issue 17, point 4) -----------------------------------


def test_gebruiker_met_verwerkingenlog_verwijderen_geeft_uitleg_geen_500(client, beheerder):
    from django.contrib.auth.models import Permission

    from schuldhulp.models import Auditregel, Gebruiker
    from tests.bouwers import WACHTWOORD, GebruikerFactory

    beheerder.user_permissions.add(*Permission.objects.filter(codename__endswith="_gebruiker"))
    oud = GebruikerFactory(username="vertrokken")
    client.post("/inloggen/", {"username": "vertrokken", "password": WACHTWOORD})
    client.logout()
    assert Auditregel.objects.filter(gebruiker=oud).exists()  # the login is in the log
    client.force_login(beheerder)
    pad = f"/beheer/schuldhulp/gebruiker/{oud.pk}/delete/"
    antwoord = client.post(pad, {"post": "yes"})
    assert antwoord.status_code == 200, antwoord.status_code
    assert "verwijderen" in antwoord.content.decode().lower()
    assert Gebruiker.objects.filter(pk=oud.pk).exists()


# --- The BSN of another gemeente's client (issue 17, point 5; ADR 0009) ----------------------


def test_bsn_van_klant_elders_zegt_niet_waar_en_wordt_gelogd(
    client, consulent_b, gemeente_b, klant_a
):
    from schuldhulp.models import Auditregel

    client.force_login(consulent_b)
    antwoord = client.post(
        "/klanten/nieuw/",
        {
            "gemeente": gemeente_b.pk,
            "bsn": klant_a.bsn,
            "voornamen": "X",
            "achternaam": "Y",
            "geboortedatum": "1980-01-01",
            "postcode": "7607 AB",
            "huishouden": "alleenstaand",
            "aantal_kinderen": 0,
        },
    )
    html = antwoord.content.decode()
    assert antwoord.status_code == 200 and "bij een gemeente waarvoor u niet werkt" in html
    assert klant_a.achternaam not in html and klant_a.gemeente.naam not in html
    regel = Auditregel.objects.get(objecttype="bsn-controle")
    assert (regel.gebruiker, regel.klant_id) == (consulent_b, klant_a.pk)
    assert Klant.objects.count() == 1


def test_bsn_van_eigen_klant_wijst_naar_de_klantenlijst(client, regisseur_a, gemeente_a, klant_a):
    client.force_login(regisseur_a)
    antwoord = client.post("/klanten/nieuw/", {"gemeente": gemeente_a.pk, "bsn": klant_a.bsn})
    assert "Zoek de klant op in de klantenlijst" in antwoord.content.decode()
