"""Creating and editing klanten: clear Dutch errors, input kept, nothing half-saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from schuldhulp.models import Klant

pytestmark = pytest.mark.django_db


def _data(gemeente, **extra):
    return {
        "gemeente": gemeente.pk,
        "bsn": "123456782",
        "voornamen": "Tanya",
        "tussenvoegsel": "",
        "achternaam": "Jansen",
        "geboortedatum": "1984-05-12",
        "straat": "Grotestraat",
        "huisnummer": "12",
        "postcode": "7607ab",
        "woonplaats": "Almelo",
        "huishouden": "alleenstaand",
        "aantal_kinderen": 2,
        "telefoon": "",
        "email": "",
        **extra,
    }


def test_klant_aanmaken(client, regisseur_a, gemeente_a):
    client.force_login(regisseur_a)
    r = client.post(reverse("klant_nieuw"), _data(gemeente_a))
    klant = Klant.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("klant_detail", args=[klant.pk])
    # No vaste contactpersoon on the klant: that is one of the people on its traject.
    assert klant.postcode == "7607 AB" and not hasattr(klant, "contactpersoon")
    assert "Vaste contactpersoon</dt><dd>—" in client.get(r["Location"]).content.decode()


@pytest.mark.parametrize(
    "veld,waarde,melding",
    [
        ("bsn", "123456789", "voldoet niet aan de elfproef"),
        ("bsn", "1234", "Een BSN heeft 9 cijfers"),
        ("postcode", "76070 AB", "Vul een geldige postcode in"),
        ("geboortedatum", "31-02-1984", "Vul een geldige datum in"),
        ("achternaam", "", "Vul de achternaam in"),
    ],
)
def test_foute_invoer_geeft_melding_en_bewaart_niets(
    client, regisseur_a, gemeente_a, veld, waarde, melding
):
    client.force_login(regisseur_a)
    r = client.post(reverse("klant_nieuw"), _data(gemeente_a, **{veld: waarde}))
    html = r.content.decode()
    assert r.status_code == 200
    assert melding in html
    assert 'class="foutsamenvatting"' in html
    assert 'value="Grotestraat"' in html  # the user's input is kept
    assert not Klant.objects.exists()


def test_dubbel_bsn(client, regisseur_a, gemeente_a, klant_a):
    client.force_login(regisseur_a)
    r = client.post(reverse("klant_nieuw"), _data(gemeente_a, bsn=klant_a.bsn))
    assert "Er is al een klant met dit BSN" in r.content.decode()
    assert Klant.objects.count() == 1


def test_klant_wijzigen(client, regisseur_a, klant_a):
    client.force_login(regisseur_a)
    data = _data(klant_a.gemeente, bsn=klant_a.bsn, achternaam="Bakker")
    r = client.post(reverse("klant_wijzig", args=[klant_a.pk]), data)
    assert r.status_code == 302
    klant_a.refresh_from_db()
    assert klant_a.achternaam == "Bakker"


def test_zoeken_op_naam_bsn_en_postcode_met_htmx(client, regisseur_a, klant_a):
    client.force_login(regisseur_a)
    for zoek in (klant_a.achternaam[:4], klant_a.bsn, "7607ab"):
        r = client.get(reverse("klanten"), {"q": zoek}, HTTP_HX_REQUEST="true")
        assert f"/klanten/{klant_a.pk}/" in r.content.decode(), zoek
        assert "<html" not in r.content.decode()  # partial only
    ander = klant_a.bsn[:8] + ("1" if klant_a.bsn[-1] != "1" else "2")
    r = client.get(reverse("klanten"), {"q": ander})
    assert f"/klanten/{klant_a.pk}/" not in r.content.decode()  # BSN: exact only


def test_gemeentepagina_toont_takenverdeling_vandaag_en_historie(client, regisseur_a, gemeente_a):
    client.force_login(regisseur_a)
    html = client.get(reverse("gemeente_detail", args=[gemeente_a.pk])).content.decode()
    assert "1 Ontzorging" in html and "Wgs-beschikking met plan op hoofdlijnen" in html


def test_home_per_rol(client, regisseur_a, contractmanager_a, beheerder):
    for gebruiker, tekst in [
        (regisseur_a, "Klanten"),
        (contractmanager_a, "Gemeenten"),
        (beheerder, "Beheer"),
    ]:
        client.force_login(gebruiker)
        assert tekst in client.get(reverse("home")).content.decode()


def test_beveiligingsheaders(client, regisseur_a):
    client.force_login(regisseur_a)
    r = client.get(reverse("home"))
    assert "default-src 'self'" in r["Content-Security-Policy"]
    assert r["X-Frame-Options"] == "DENY"


def test_te_groot_verzoek_wordt_geweigerd(client, regisseur_a, settings):
    settings.MAX_VERZOEK_BYTES = 1000
    client.force_login(regisseur_a)
    r = client.post(reverse("klant_nieuw"), data="x" * 2000, content_type="text/plain")
    assert r.status_code == 413 and "te groot" in r.content.decode()
