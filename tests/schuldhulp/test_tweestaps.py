"""Two-factor login: enrolment only through a one-time link, a code on every login; lockout;
logout everywhere."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from schuldhulp import inrichtlinks
from schuldhulp.modellen_toegang import Inrichtlink
from schuldhulp.models import Auditregel
from tests.bouwers import WACHTWOORD

pytestmark = [pytest.mark.django_db, pytest.mark.tweestaps]


def _code(apparaat: TOTPDevice) -> str:
    return f"{totp(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits):06d}"


def _inloggen(client, gebruiker):
    return client.post(reverse("login"), {"username": gebruiker.username, "password": WACHTWOORD})


def _link(gebruiker, door=None) -> str:
    return reverse("tweestaps_inrichten", args=[inrichtlinks.maak(gebruiker=gebruiker, door=door)])


def test_zonder_inrichtlink_geen_instellen_na_alleen_het_wachtwoord(client, regisseur_a):
    """Issue 17: the password alone never enrols a phone (a beheerder who set it could)."""
    _inloggen(client, regisseur_a)
    r = client.get(reverse("klanten"))
    assert r["Location"].startswith(reverse("tweestaps"))
    html = client.get(r["Location"]).content.decode()
    assert "Inrichtlink nodig" in html and "Vraag uw beheerder om een inrichtlink" in html
    assert "<svg" not in html and not TOTPDevice.objects.filter(user=regisseur_a).exists()
    assert client.post(reverse("tweestaps"), {"code": "123456"}).status_code == 200
    assert client.get(reverse("klanten")).status_code == 302  # still not in


def test_inrichten_met_link_en_daarna_een_code(client, regisseur_a, beheerder, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows down retries; not under test here
    link = _link(regisseur_a, door=beheerder)
    r = client.get(link)  # not logged in: the link survives the login
    assert r.status_code == 302 and r["Location"].startswith(reverse("login"))
    _inloggen(client, regisseur_a)
    html = client.get(link).content.decode()
    assert "Tweestapsverificatie instellen" in html and "<svg" in html
    apparaat = TOTPDevice.objects.get(user=regisseur_a)
    r = client.post(link, {"code": "000000", "next": "/klanten/"})
    assert "Deze code klopt niet" in r.content.decode()
    r = client.post(link, {"code": _code(apparaat), "next": "/klanten/"})
    assert r.status_code == 302 and r["Location"] == "/klanten/"
    assert client.get(reverse("klanten")).status_code == 200
    apparaat.refresh_from_db()
    assert apparaat.confirmed
    regels = Auditregel.objects.filter(object_id=str(regisseur_a.pk))
    assert {"gebruiker-inrichtlink", "gebruiker-tweestaps"} <= set(
        regels.values_list("objecttype", flat=True)
    )

    client.logout()
    _inloggen(client, regisseur_a)
    html = client.get(reverse("tweestaps")).content.decode()
    assert "Code invoeren" in html and "<svg" not in html  # no new QR for an enrolled user
    # The link worked once.
    r = client.get(link)
    assert r.status_code == 410 and "werkt niet (meer)" in r.content.decode()


def test_inrichtlink_verloopt_en_is_van_een_account(client, regisseur_a, consulent_a):
    link = _link(regisseur_a)
    _inloggen(client, consulent_a)
    r = client.get(link)
    assert r.status_code == 410 and "hoort bij een ander account" in r.content.decode()
    client.logout()
    Inrichtlink.objects.update(verloopt_op=timezone.now() - timedelta(seconds=1))
    _inloggen(client, regisseur_a)
    r = client.get(link)
    assert r.status_code == 410 and "werkt niet (meer)" in r.content.decode()
    assert not TOTPDevice.objects.filter(user=regisseur_a).exists()


def test_nieuwe_link_vervangt_de_vorige(client, regisseur_a):
    oud, nieuw = _link(regisseur_a), _link(regisseur_a)
    _inloggen(client, regisseur_a)
    assert client.get(oud).status_code == 410
    assert client.get(nieuw).status_code == 200


def test_beheerder_maakt_link_niet_voor_zichzelf(client, beheerder, regisseur_a, settings):
    from schuldhulp.rechten import zorg_voor_beheergroep

    settings.SCHULDHULP_2FA_VERPLICHT = False  # the beheerder's own second step: not the point
    beheerder.groups.add(zorg_voor_beheergroep())
    client.force_login(beheerder)
    eigen = client.post(reverse("inrichtlink", args=[beheerder.pk]))
    assert eigen.status_code == 403 and "eigen account" in eigen.content.decode()
    r = client.post(reverse("inrichtlink", args=[regisseur_a.pk]))
    assert r.status_code == 200 and "/tweestaps/inrichten/" in r.content.decode()
    assert Inrichtlink.objects.filter(gebruiker=regisseur_a).count() == 1
    token = r.content.decode().split("/tweestaps/inrichten/")[1].split("/")[0]
    assert token not in str(list(Auditregel.objects.values_list("omschrijving", "wijzigingen")))


def test_nieuw_account_zonder_goedkeuring_en_link_komt_er_niet_in(client, regisseur_a):
    regisseur_a.is_active = False
    regisseur_a.save()
    r = _inloggen(client, regisseur_a)
    assert r.status_code == 200  # the login form again: an inactive account does not log in
    assert client.get(reverse("klanten")).status_code == 302


def test_beheer_en_downloads_ook_achter_tweestaps(client, beheerder):
    _inloggen(client, beheerder)
    for url in ("/beheer/", reverse("verwerkingenlog"), reverse("home")):
        assert client.get(url)["Location"].startswith(reverse("tweestaps"))


def test_open_redirect_wordt_genegeerd(client, regisseur_a):
    link = _link(regisseur_a)
    _inloggen(client, regisseur_a)
    client.get(link)
    apparaat = TOTPDevice.objects.get(user=regisseur_a)
    r = client.post(link, {"code": _code(apparaat), "next": "//evil.example/"})
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
    link = _link(regisseur_a)
    _inloggen(client, regisseur_a)
    client.get(link)
    r = client.post(link, {"code": "000000", "next": "/klanten/"})
    html = r.content.decode()
    assert "Deze code klopt niet" in html and "Te veel pogingen" not in html
    r = client.post(link, {"code": "000000", "next": "/klanten/"})
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

    link = _link(regisseur_a)
    _inloggen(client, regisseur_a)
    voor = len(regels())
    assert (Auditactie.INLOGGEN, "sessie") not in regels()  # only the password: not yet
    client.get(link)
    assert regels()[voor:] == [(Auditactie.INZIEN, "tweestaps")]  # the secret was shown
    client.post(link, {"code": "000000"})  # wrong; the page shows it again
    assert regels()[voor + 1 :] == [
        (Auditactie.INLOGGEN_MISLUKT, "tweestaps"),
        (Auditactie.INZIEN, "tweestaps"),
    ]
    apparaat = TOTPDevice.objects.get(user=regisseur_a, confirmed=False)
    client.post(link, {"code": _code(apparaat)})
    assert regels()[-1] == (Auditactie.INLOGGEN, "sessie")
    assert Auditregel.objects.filter(actie=Auditactie.INLOGGEN).count() == 1


def test_zonder_tweestaps_is_het_wachtwoord_de_inlog(client, regisseur_a, settings):
    from schuldhulp.models import Auditactie, Auditregel

    settings.SCHULDHULP_2FA_VERPLICHT = False
    _inloggen(client, regisseur_a)
    assert Auditregel.objects.filter(gebruiker=regisseur_a, actie=Auditactie.INLOGGEN).exists()


def test_inrichtlink_via_beheercommando(client, regisseur_a):
    """For the very first account (nobody can make a link in the browser yet)."""
    from io import StringIO

    from django.core.management import CommandError, call_command

    uit = StringIO()
    call_command(
        "inrichtlink", regisseur_a.username, adres="https://schuldhulp.example", stdout=uit
    )
    link = uit.getvalue().strip()
    assert link.startswith("https://schuldhulp.example/tweestaps/inrichten/")
    _inloggen(client, regisseur_a)
    assert "Tweestapsverificatie instellen" in client.get(link).content.decode()
    regel = Auditregel.objects.get(objecttype="gebruiker-inrichtlink")
    assert "beheercommando" in regel.omschrijving and link.rsplit("/", 2)[1] not in str(regel)
    with pytest.raises(CommandError, match="Geen account"):
        call_command("inrichtlink", "bestaat-niet")


def test_een_nieuwe_link_geeft_een_nieuw_geheim(client, regisseur_a):
    """An unconfirmed app from before (whose QR code someone else may have seen) is never
    the one a link confirms."""
    oud = TOTPDevice.objects.create(user=regisseur_a, name="oud", confirmed=False)
    link = _link(regisseur_a)
    _inloggen(client, regisseur_a)
    client.get(link)
    nieuw = TOTPDevice.objects.get(user=regisseur_a)
    assert nieuw.pk != oud.pk and nieuw.key != oud.key
