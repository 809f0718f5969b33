"""Access per gemeente: a consulent of A never sees klanten of B; a contractmanager sees none."""

from __future__ import annotations

import pytest
from django.urls import reverse

from schuldhulp import services
from schuldhulp.models import Klant
from schuldhulp.permissions import filter_for_user

pytestmark = pytest.mark.django_db


def test_filter_for_user_per_rol(
    consulent_a, consulent_b, contractmanager_a, beheerder, klant_a, klant_b
):
    assert list(filter_for_user(consulent_a, Klant.objects.all())) == [klant_a]
    assert list(filter_for_user(consulent_b, Klant.objects.all())) == [klant_b]
    assert not filter_for_user(contractmanager_a, Klant.objects.all()).exists()
    assert not filter_for_user(beheerder, Klant.objects.all()).exists()


def test_expliciet_gedeeld_dossier_is_zichtbaar(consulent_a, klant_a, klant_b):
    services.deel_dossier(klant=klant_b, gebruiker=consulent_a)
    assert set(filter_for_user(consulent_a, Klant.objects.all())) == {klant_a, klant_b}


@pytest.mark.parametrize("naam", ["klant_detail", "klant_wijzig"])
def test_consulent_krijgt_404_op_klant_van_andere_gemeente(client, consulent_a, klant_b, naam):
    client.force_login(consulent_a)
    assert client.get(reverse(naam, args=[klant_b.pk])).status_code == 404
    assert (
        client.post(reverse("klant_wijzig", args=[klant_b.pk]), {"achternaam": "X"}).status_code
        == 404
    )
    klant_b.refresh_from_db()
    assert klant_b.achternaam != "X"


def test_klantenlijst_en_zoeken_tonen_alleen_eigen_gemeente(client, consulent_a, klant_a, klant_b):
    client.force_login(consulent_a)
    html = client.get(reverse("klanten")).content.decode()
    assert f"/klanten/{klant_a.pk}/" in html and f"/klanten/{klant_b.pk}/" not in html
    for zoek in (klant_b.bsn, klant_b.achternaam, klant_b.postcode):
        resultaat = client.get(reverse("klanten"), {"q": zoek}).content.decode()
        assert f"/klanten/{klant_b.pk}/" not in resultaat


def test_klant_aanmaken_in_andere_gemeente_kan_niet(client, consulent_a, gemeente_b):
    client.force_login(consulent_a)
    r = client.post(
        reverse("klant_nieuw"),
        {
            "gemeente": gemeente_b.pk,
            "bsn": "123456782",
            "voornamen": "Tanya",
            "achternaam": "Jansen",
            "geboortedatum": "1984-05-12",
            "postcode": "7607 AB",
            "huishouden": "alleenstaand",
            "aantal_kinderen": 2,
        },
    )
    assert r.status_code == 200
    assert "Kies een van uw gemeenten" in r.content.decode()
    assert not Klant.objects.exists()


@pytest.mark.parametrize("naam", ["klanten", "klant_nieuw"])
def test_contractmanager_ziet_geen_klantgegevens(client, contractmanager_a, klant_a, naam):
    # A name no generated user can have (the factory's surnames once matched the header's).
    klant_a.achternaam = "Zwaantjes-Oudeboom"
    klant_a.save(update_fields=["achternaam"])
    client.force_login(contractmanager_a)
    assert client.get(reverse(naam)).status_code == 403
    assert client.get(reverse("klant_detail", args=[klant_a.pk])).status_code == 403
    assert klant_a.achternaam not in client.get(reverse("home")).content.decode()


def test_anoniem_wordt_naar_inloggen_gestuurd(client, klant_a):
    r = client.get(reverse("klant_detail", args=[klant_a.pk]))
    assert r.status_code == 302 and r["Location"].startswith(reverse("login"))


def test_gemeentepagina_van_andere_gemeente_geeft_404(client, consulent_a, gemeente_a, gemeente_b):
    client.force_login(consulent_a)
    assert client.get(reverse("gemeente_detail", args=[gemeente_a.pk])).status_code == 200
    assert client.get(reverse("gemeente_detail", args=[gemeente_b.pk])).status_code == 404
