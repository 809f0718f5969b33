"""Separation of duties in /beheer/ (issue 17, point 1; ADR 0015): a beheerder cannot change
his own role, gemeenten or rights, nor delete his own account; more access for someone else is
a request that a second beheerder approves; every step is in the verwerkingenlog without
personal values; a password set by a beheerder must be replaced at the next login and resets
the second factor."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django_otp.plugins.otp_totp.models import TOTPDevice

from schuldhulp.modellen_toegang import Rechtenverzoek, Verzoekstatus
from schuldhulp.models import Auditregel, Gebruiker, Rol
from schuldhulp.permissions import gemeente_ids
from schuldhulp.rechten import zorg_voor_beheergroep
from schuldhulp.services import toegewezen_gemeenten
from tests.bouwers import GebruikerFactory

pytestmark = pytest.mark.django_db


def _als_beheerder(client, gebruiker):
    gebruiker.groups.add(zorg_voor_beheergroep())
    client.force_login(gebruiker)
    return client


@pytest.fixture
def beheer(client, beheerder):
    beheerder.user_permissions.add(*Permission.objects.filter(codename__endswith="_gebruiker"))
    return _als_beheerder(client, beheerder)


@pytest.fixture
def tweede(db):
    """A second beheerder with his own browser."""
    from django.test import Client

    b = GebruikerFactory(username="fb2", rol=Rol.BEHEERDER, is_staff=True)
    return b, _als_beheerder(Client(), b)


def _formulier(gebruiker: Gebruiker, **anders) -> dict:
    data = {
        "username": gebruiker.username,
        "first_name": gebruiker.first_name,
        "last_name": gebruiker.last_name,
        "email": gebruiker.email,
        "rol": gebruiker.rol,
        "gemeenten": list(toegewezen_gemeenten(gebruiker).values_list("pk", flat=True)),
        "is_active": "on" if gebruiker.is_active else "",
    }
    data.update(anders)
    return {k: v for k, v in data.items() if v != ""}


def _vers(gebruiker: Gebruiker) -> Gebruiker:
    return Gebruiker.objects.get(pk=gebruiker.pk)  # gemeente_ids caches on the object


def test_eigen_rol_en_gemeenten_niet_te_wijzigen(beheer, beheerder, gemeente_a, gemeente_b):
    pad = f"/beheer/schuldhulp/gebruiker/{beheerder.pk}/change/"
    antwoord = beheer.post(pad, _formulier(beheerder, rol=Rol.KLANTREGISSEUR))
    assert antwoord.status_code == 200
    assert "U kunt uw eigen rol, gemeenten en rechten niet wijzigen" in antwoord.content.decode()
    antwoord = beheer.post(pad, _formulier(beheerder, gemeenten=[gemeente_a.pk]))
    assert "niet wijzigen" in antwoord.content.decode()
    beheerder.refresh_from_db()
    assert beheerder.rol == Rol.BEHEERDER and not Rechtenverzoek.objects.exists()
    # His own name he may change.
    antwoord = beheer.post(pad, _formulier(beheerder, first_name="Frits"))
    assert antwoord.status_code == 302
    # And his own account he cannot delete.
    assert beheer.get(f"/beheer/schuldhulp/gebruiker/{beheerder.pk}/delete/").status_code == 403


def test_gemeente_erbij_is_een_verzoek_dat_een_tweede_beheerder_goedkeurt(
    beheer, beheerder, tweede, regisseur_a, gemeente_a, gemeente_b
):
    pad = f"/beheer/schuldhulp/gebruiker/{regisseur_a.pk}/change/"
    antwoord = beheer.post(pad, _formulier(regisseur_a, gemeenten=[gemeente_a.pk, gemeente_b.pk]))
    assert antwoord.status_code == 302
    assert set(gemeente_ids(_vers(regisseur_a))) == {gemeente_a.pk}  # nothing given yet
    verzoek = Rechtenverzoek.objects.get(gebruiker=regisseur_a)
    assert list(verzoek.gemeenten.all()) == [gemeente_b] and verzoek.aangevraagd_door == beheerder

    # The same beheerder cannot approve his own request (page and POST).
    html = beheer.get("/rechtenverzoeken/").content.decode()
    assert "U heeft dit verzoek zelf gedaan" in html
    antwoord = beheer.post(f"/rechtenverzoeken/{verzoek.pk}/goedkeuren/")
    assert antwoord.status_code == 403 and "zelf gedaan" in antwoord.content.decode()
    assert set(gemeente_ids(_vers(regisseur_a))) == {gemeente_a.pk}

    # Every beheerder sees the open request on the beheer start page.
    _b, b_client = tweede
    assert "1 verzoek" in b_client.get("/beheer/").content.decode()
    antwoord = b_client.post(f"/rechtenverzoeken/{verzoek.pk}/goedkeuren/")
    assert antwoord.status_code == 302
    assert set(gemeente_ids(_vers(regisseur_a))) == {gemeente_a.pk, gemeente_b.pk}
    verzoek.refresh_from_db()
    assert verzoek.status == Verzoekstatus.GOEDGEKEURD and verzoek.beslist_door == _b
    # Decided once: a second approval is refused with the reason.
    antwoord = b_client.post(f"/rechtenverzoeken/{verzoek.pk}/goedkeuren/")
    assert antwoord.status_code == 403 and "al beslist" in antwoord.content.decode()


def test_verzoek_en_besluit_staan_zonder_persoonsgegevens_in_het_log(
    beheer, tweede, regisseur_a, gemeente_a, gemeente_b
):
    regisseur_a.first_name, regisseur_a.last_name = "Geheime", "Persoonsnaam"
    regisseur_a.email = "geheim@example.org"
    regisseur_a.save()
    pad = f"/beheer/schuldhulp/gebruiker/{regisseur_a.pk}/change/"
    beheer.post(
        pad,
        _formulier(regisseur_a, rol=Rol.CONSULENT, gemeenten=[gemeente_a.pk, gemeente_b.pk]),
    )
    verzoek = Rechtenverzoek.objects.get(gebruiker=regisseur_a)
    tweede[1].post(f"/rechtenverzoeken/{verzoek.pk}/afwijzen/")
    assert _vers(regisseur_a).rol == Rol.KLANTREGISSEUR  # rejected: nothing changed
    regels = Auditregel.objects.filter(objecttype="rechtenverzoek", object_id=str(verzoek.pk))
    stappen = {r.wijzigingen["status"]["na"]: r for r in regels}
    assert set(stappen) == {"open", "afgewezen"}
    aanvraag = stappen["open"].wijzigingen
    assert aanvraag["rol"]["na"] == Rol.CONSULENT
    assert aanvraag["gemeenten"]["na"] == [gemeente_b.code]
    assert aanvraag["gebruiker_id"]["na"] == regisseur_a.pk
    assert stappen["afgewezen"].gebruikersnaam == "fb2"
    alles = str([(r.omschrijving, r.wijzigingen) for r in Auditregel.objects.all()])
    for persoonlijk in ("Geheime", "Persoonsnaam", "geheim@example.org"):
        assert persoonlijk not in alles


def test_rol_goedgekeurd_geeft_staf_en_groep_alleen_aan_een_beheerder(beheer, tweede, consulent_a):
    pad = f"/beheer/schuldhulp/gebruiker/{consulent_a.pk}/change/"
    beheer.post(pad, _formulier(consulent_a, rol=Rol.BEHEERDER, is_staff="on"))
    vers = _vers(consulent_a)
    assert vers.rol == Rol.CONSULENT and not vers.is_staff  # is_staff is no field any more
    verzoek = Rechtenverzoek.objects.get(gebruiker=consulent_a)
    tweede[1].post(f"/rechtenverzoeken/{verzoek.pk}/goedkeuren/")
    vers = _vers(consulent_a)
    assert vers.rol == Rol.BEHEERDER and vers.is_staff
    assert vers.groups.filter(name="Functioneel beheer").exists()
    regel = Auditregel.objects.filter(
        objecttype="gebruiker-rechten", object_id=str(consulent_a.pk)
    ).first()
    assert regel.gebruikersnaam == "fb2" and regel.wijzigingen["rol"]["na"] == Rol.BEHEERDER


def test_intrekken_gaat_direct_en_staat_in_het_log(beheer, regisseur_a, gemeente_a, gemeente_b):
    from schuldhulp import services

    services.zet_gemeenten(gebruiker=regisseur_a, gemeenten=[gemeente_a, gemeente_b])
    pad = f"/beheer/schuldhulp/gebruiker/{regisseur_a.pk}/change/"
    antwoord = beheer.post(pad, _formulier(_vers(regisseur_a), gemeenten=[gemeente_a.pk]))
    assert antwoord.status_code == 302
    assert set(gemeente_ids(_vers(regisseur_a))) == {gemeente_a.pk}
    assert not Rechtenverzoek.objects.exists()
    regel = Auditregel.objects.get(objecttype="gebruiker-rechten", object_id=str(regisseur_a.pk))
    assert regel.actie == "wijzigen" and set(regel.wijzigingen) == {"gemeenten"}
    assert gemeente_b.code in str(regel.wijzigingen["gemeenten"]["voor"])
    assert gemeente_b.code not in str(regel.wijzigingen["gemeenten"]["na"])


def test_wachtwoord_door_beheerder_dwingt_nieuw_wachtwoord_en_tweestaps_af(beheer, regisseur_a):
    from django.test import Client

    TOTPDevice.objects.create(user=regisseur_a, name="app", confirmed=True)
    pad = f"/beheer/schuldhulp/gebruiker/{regisseur_a.pk}/password/"
    nieuw = "Een-nieuw-Wachtwoord-2027!"
    antwoord = beheer.post(pad, {"password1": nieuw, "password2": nieuw, "usable_password": "true"})
    assert antwoord.status_code == 302, antwoord.content.decode()[:500]
    assert not TOTPDevice.objects.filter(user=regisseur_a).exists()
    assert _vers(regisseur_a).wachtwoord_wijzigen
    assert Auditregel.objects.filter(
        objecttype="gebruiker-wachtwoord", object_id=str(regisseur_a.pk)
    ).exists()

    # At the next login every page leads to choosing a password of his own.
    zelf = Client()
    assert zelf.post("/inloggen/", {"username": regisseur_a.username, "password": nieuw})
    assert zelf.get("/klanten/")["Location"] == "/wachtwoord/kiezen/"
    antwoord = zelf.post("/wachtwoord/kiezen/", {"new_password1": nieuw, "new_password2": nieuw})
    assert "Kies een ander wachtwoord" in antwoord.content.decode()
    eigen = "Mijn-eigen-Geheim-2027?"
    antwoord = zelf.post("/wachtwoord/kiezen/", {"new_password1": eigen, "new_password2": eigen})
    assert antwoord.status_code == 302
    vers = _vers(regisseur_a)
    assert not vers.wachtwoord_wijzigen and vers.check_password(eigen)
    assert zelf.get("/klanten/").status_code == 200  # this session goes on
    regel = Auditregel.objects.filter(objecttype="gebruiker-wachtwoord").first()
    assert regel.gebruikersnaam == regisseur_a.username and eigen not in str(regel.wijzigingen)


def test_nieuw_account_is_inactief_tot_een_tweede_beheerder_het_goedkeurt(
    beheer, tweede, gemeente_a
):
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
    assert not nieuw.is_active and nieuw.wachtwoord_wijzigen and not gemeente_ids(nieuw)
    regel = Auditregel.objects.get(objecttype="gebruiker-rechten", object_id=str(nieuw.pk))
    assert regel.actie == "aanmaken"
    verzoek = Rechtenverzoek.objects.get(gebruiker=nieuw)
    assert verzoek.activeren and list(verzoek.gemeenten.all()) == [gemeente_a]
    tweede[1].post(f"/rechtenverzoeken/{verzoek.pk}/goedkeuren/")
    nieuw = _vers(nieuw)
    assert nieuw.is_active and gemeente_ids(nieuw) == [gemeente_a.pk]


def test_elke_beheerder_ziet_de_rechtenwijzigingen(beheer, regisseur_a, gemeente_a, gemeente_b):
    from schuldhulp import services

    services.zet_gemeenten(gebruiker=regisseur_a, gemeenten=[gemeente_a, gemeente_b])
    pad = f"/beheer/schuldhulp/gebruiker/{regisseur_a.pk}/change/"
    beheer.post(pad, _formulier(_vers(regisseur_a), gemeenten=[gemeente_a.pk]))
    html = beheer.get("/verwerkingenlog/?soort=gebruiker-rechten").content.decode()
    assert "1 regel" in html and f"Rechten van {regisseur_a.username}" in html
    assert "Toegang gewijzigd" in html  # the link to this view on the log page


def test_de_poort_en_de_database_eisen_een_tweede_persoon(beheerder, regisseur_a, gemeente_a):
    from django.db import IntegrityError, transaction

    from schuldhulp import rechtenverzoeken
    from schuldhulp.permissions import mag

    assert "functioneel beheerder" in mag(regisseur_a, "rechten.aanvragen", beheerder)
    assert "eigen account" in mag(beheerder, "rechten.aanvragen", beheerder)
    verzoek = rechtenverzoeken.aanvragen(
        door=beheerder, gebruiker=regisseur_a, rol=Rol.CONSULENT, gemeenten=[gemeente_a]
    )
    assert verzoek.rol == Rol.CONSULENT and not verzoek.gemeenten.exists()  # A was his already
    assert "zelf gedaan" in mag(beheerder, "rechten.goedkeuren", verzoek)
    verzoek.beslist_door = beheerder
    with pytest.raises(IntegrityError), transaction.atomic():
        verzoek.save()


def test_nieuw_beheeraccount_wordt_pas_staf_na_goedkeuring(beheer, tweede):
    wachtwoord = "Een-sterk-Wachtwoord-2027!"
    beheer.post(
        "/beheer/schuldhulp/gebruiker/add/",
        {
            "username": "nog.een.beheerder",
            "rol": Rol.BEHEERDER,
            "password1": wachtwoord,
            "password2": wachtwoord,
            "usable_password": "true",
        },
    )
    nieuw = Gebruiker.objects.get(username="nog.een.beheerder")
    assert not nieuw.is_active and not nieuw.is_staff and not nieuw.groups.exists()
    verzoek = Rechtenverzoek.objects.get(gebruiker=nieuw)
    tweede[1].post(f"/rechtenverzoeken/{verzoek.pk}/goedkeuren/")
    nieuw = _vers(nieuw)
    assert nieuw.is_active and nieuw.is_staff
    assert nieuw.groups.filter(name="Functioneel beheer").exists()
