"""Separation of duties in /beheer/ (issue 17, point 1): a beheerder cannot change his own
role, gemeenten or rights, nor delete his own account; every change of someone's access is a
row in the verwerkingenlog with before and after; a password set by a beheerder resets the
user's second factor and is logged."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django_otp.plugins.otp_totp.models import TOTPDevice

from schuldhulp.models import Auditregel, Gebruiker, Rol
from schuldhulp.permissions import gemeente_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheer(client, beheerder):
    beheerder.user_permissions.add(*Permission.objects.filter(codename__endswith="_gebruiker"))
    client.force_login(beheerder)
    return client


def _formulier(gebruiker: Gebruiker, **anders) -> dict:
    data = {
        "username": gebruiker.username,
        "first_name": gebruiker.first_name,
        "last_name": gebruiker.last_name,
        "email": gebruiker.email,
        "rol": gebruiker.rol,
        "gemeenten": list(gemeente_ids(gebruiker)),
        "is_active": "on" if gebruiker.is_active else "",
        "is_staff": "on" if gebruiker.is_staff else "",
    }
    data.update(anders)
    return {k: v for k, v in data.items() if v != ""}


def test_eigen_rol_en_gemeenten_niet_te_wijzigen(beheer, beheerder, gemeente_a, gemeente_b):
    pad = f"/beheer/schuldhulp/gebruiker/{beheerder.pk}/change/"
    antwoord = beheer.post(pad, _formulier(beheerder, rol=Rol.KLANTREGISSEUR))
    assert antwoord.status_code == 200
    assert "U kunt uw eigen rol, gemeenten en rechten niet wijzigen" in antwoord.content.decode()
    antwoord = beheer.post(pad, _formulier(beheerder, gemeenten=[gemeente_a.pk]))
    assert "niet wijzigen" in antwoord.content.decode()
    beheerder.refresh_from_db()
    assert beheerder.rol == Rol.BEHEERDER
    # His own name he may change.
    antwoord = beheer.post(pad, _formulier(beheerder, first_name="Frits"))
    assert antwoord.status_code == 302
    # And his own account he cannot delete.
    assert beheer.get(f"/beheer/schuldhulp/gebruiker/{beheerder.pk}/delete/").status_code == 403


def test_rechten_van_een_ander_wijzigen_staat_in_het_log(
    beheer, regisseur_a, gemeente_a, gemeente_b
):
    pad = f"/beheer/schuldhulp/gebruiker/{regisseur_a.pk}/change/"
    antwoord = beheer.post(pad, _formulier(regisseur_a, gemeenten=[gemeente_a.pk, gemeente_b.pk]))
    assert antwoord.status_code == 302
    vers = Gebruiker.objects.get(pk=regisseur_a.pk)  # gemeente_ids caches on the object
    assert set(gemeente_ids(vers)) == {gemeente_a.pk, gemeente_b.pk}
    regel = Auditregel.objects.get(objecttype="gebruiker-rechten", object_id=str(regisseur_a.pk))
    assert regel.actie == "wijzigen" and set(regel.wijzigingen) == {"gemeenten"}
    assert gemeente_b.code in str(regel.wijzigingen["gemeenten"]["na"])
    assert gemeente_b.code not in str(regel.wijzigingen["gemeenten"]["voor"])


def test_wachtwoord_door_beheerder_reset_tweestaps_en_wordt_gelogd(beheer, regisseur_a):
    TOTPDevice.objects.create(user=regisseur_a, name="app", confirmed=True)
    pad = f"/beheer/schuldhulp/gebruiker/{regisseur_a.pk}/password/"
    nieuw = "Een-nieuw-Wachtwoord-2027!"
    antwoord = beheer.post(pad, {"password1": nieuw, "password2": nieuw, "usable_password": "true"})
    assert antwoord.status_code == 302, antwoord.content.decode()[:500]
    assert not TOTPDevice.objects.filter(user=regisseur_a).exists()
    assert Auditregel.objects.filter(
        objecttype="gebruiker-wachtwoord", object_id=str(regisseur_a.pk)
    ).exists()


def test_nieuw_account_staat_met_zijn_rechten_in_het_log(beheer, gemeente_a):
    antwoord = beheer.post(
        "/beheer/schuldhulp/gebruiker/add/",
        {
            "username": "nieuwe.regisseur",
            "rol": Rol.KLANTREGISSEUR,
            "gemeenten": [gemeente_a.pk],
            "password1": "Een-sterk-Wachtwoord-2027!",
            "password2": "Een-sterk-Wachtwoord-2027!",
            "usable_password": "true",
        },
    )
    assert antwoord.status_code == 302, antwoord.content.decode()[:800]
    nieuw = Gebruiker.objects.get(username="nieuwe.regisseur")
    regel = Auditregel.objects.get(objecttype="gebruiker-rechten", object_id=str(nieuw.pk))
    assert regel.actie == "aanmaken" and gemeente_a.code in str(regel.wijzigingen["gemeenten"])


def test_elke_beheerder_ziet_de_rechtenwijzigingen(beheer, regisseur_a, gemeente_a, gemeente_b):
    pad = f"/beheer/schuldhulp/gebruiker/{regisseur_a.pk}/change/"
    beheer.post(pad, _formulier(regisseur_a, gemeenten=[gemeente_a.pk, gemeente_b.pk]))
    html = beheer.get("/verwerkingenlog/?soort=gebruiker-rechten").content.decode()
    assert "1 regel" in html and f"Rechten van {regisseur_a.username}" in html
    assert "Toegang gewijzigd" in html  # the link to this view on the log page
