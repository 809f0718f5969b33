"""Two-factor login: enrolment on first login, a code on every login; lockout; logout everywhere."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.bouwers import WACHTWOORD

pytestmark = [pytest.mark.django_db, pytest.mark.tweestaps]


def _code(apparaat: TOTPDevice) -> str:
    return f"{totp(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits):06d}"


def _inloggen(client, gebruiker):
    return client.post(reverse("login"), {"username": gebruiker.username, "password": WACHTWOORD})


def test_eerste_inlog_vraagt_instellen_en_daarna_een_code(client, regisseur_a, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows down retries; not under test here
    r = _inloggen(client, regisseur_a)
    assert r.status_code == 302
    r = client.get(reverse("klanten"))
    assert r.status_code == 302 and r["Location"].startswith(reverse("tweestaps"))
    html = client.get(r["Location"]).content.decode()
    assert "Tweestapsverificatie instellen" in html and "<svg" in html
    apparaat = TOTPDevice.objects.get(user=regisseur_a)
    r = client.post(reverse("tweestaps"), {"code": "000000", "next": "/klanten/"})
    assert "Deze code klopt niet" in r.content.decode()
    r = client.post(reverse("tweestaps"), {"code": _code(apparaat), "next": "/klanten/"})
    assert r.status_code == 302 and r["Location"] == "/klanten/"
    assert client.get(reverse("klanten")).status_code == 200
    apparaat.refresh_from_db()
    assert apparaat.confirmed

    client.logout()
    _inloggen(client, regisseur_a)
    html = client.get(reverse("tweestaps")).content.decode()
    assert "Code invoeren" in html and "<svg" not in html  # no new QR for an enrolled user


def test_beheer_en_downloads_ook_achter_tweestaps(client, beheerder):
    _inloggen(client, beheerder)
    for url in ("/beheer/", reverse("verwerkingenlog"), reverse("home")):
        assert client.get(url)["Location"].startswith(reverse("tweestaps"))


def test_open_redirect_wordt_genegeerd(client, regisseur_a):
    _inloggen(client, regisseur_a)
    client.get(reverse("tweestaps"))
    apparaat = TOTPDevice.objects.get(user=regisseur_a)
    r = client.post(reverse("tweestaps"), {"code": _code(apparaat), "next": "//evil.example/"})
    assert r["Location"] == "/"


def test_blokkade_na_herhaalde_fouten(client, regisseur_a, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": regisseur_a.username, "password": "fout"})
    r = _inloggen(client, regisseur_a)  # even the right password is refused now
    assert r.status_code == 429
    assert "tijdelijk geblokkeerd" in r.content.decode()


def test_overal_uitloggen_beeindigt_alle_sessies(client, regisseur_a, settings):
    from django.test import Client

    settings.SCHULDHULP_2FA_VERPLICHT = False
    ander_apparaat = Client()
    ander_apparaat.force_login(regisseur_a)
    client.force_login(regisseur_a)
    assert ander_apparaat.get(reverse("home")).status_code == 200
    client.post(reverse("overal_uitloggen"))
    assert ander_apparaat.get(reverse("home")).status_code == 302


def test_sessie_verloopt_na_inactiviteit(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST


def test_eerste_foute_code_zegt_klopt_niet_en_pas_daarna_te_veel(client, regisseur_a, settings):
    """With django-otp's default throttling (issue 17): the first wrong code is 'klopt niet',
    not 'te veel pogingen'; a try while the delay runs is 'te veel pogingen'."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a long delay: the second try surely falls in it
    _inloggen(client, regisseur_a)
    client.get(reverse("tweestaps"))
    r = client.post(reverse("tweestaps"), {"code": "000000", "next": "/klanten/"})
    html = r.content.decode()
    assert "Deze code klopt niet" in html and "Te veel pogingen" not in html
    r = client.post(reverse("tweestaps"), {"code": "000000", "next": "/klanten/"})
    assert "Te veel pogingen" in r.content.decode()


def test_verwerkingenlog_inloggen_pas_na_de_code(client, regisseur_a, settings):
    """The login row is written after the second factor, not at the password; the enrolment
    (the secret shown) and every wrong code are in the verwerkingenlog too (issue 17)."""
    from schuldhulp.models import Auditactie, Auditregel

    settings.OTP_TOTP_THROTTLE_FACTOR = 0

    def regels() -> list[tuple[str, str]]:
        return list(
            Auditregel.objects.filter(gebruiker=regisseur_a)
            .order_by("pk")
            .values_list("actie", "objecttype")
        )

    _inloggen(client, regisseur_a)
    assert regels() == []  # only the password: not logged in yet
    client.get(reverse("tweestaps"))
    assert regels() == [(Auditactie.INZIEN, "tweestaps")]  # the secret was shown
    client.post(reverse("tweestaps"), {"code": "000000"})  # wrong; the page shows it again
    assert regels()[1:] == [
        (Auditactie.INLOGGEN_MISLUKT, "tweestaps"),
        (Auditactie.INZIEN, "tweestaps"),
    ]
    apparaat = TOTPDevice.objects.get(user=regisseur_a)
    client.post(reverse("tweestaps"), {"code": _code(apparaat)})
    assert regels()[-2:] == [(Auditactie.AANMAKEN, "tweestaps"), (Auditactie.INLOGGEN, "sessie")]
    assert Auditregel.objects.filter(actie=Auditactie.INLOGGEN).count() == 1


def test_zonder_tweestaps_is_het_wachtwoord_de_inlog(client, regisseur_a, settings):
    from schuldhulp.models import Auditactie, Auditregel

    settings.SCHULDHULP_2FA_VERPLICHT = False
    _inloggen(client, regisseur_a)
    assert Auditregel.objects.filter(gebruiker=regisseur_a, actie=Auditactie.INLOGGEN).exists()
