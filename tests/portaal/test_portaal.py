"""Mijn Schuldhulp: DigiD (mock) to the klant, the separate session, what the klant sees and
does, the worker's answer and the werkvoorraad (docs/portaal.md)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from klantplan.models import Actiesoort, Wie
from klantplan.portaal.models import Bericht
from klantplan.services.acties import voeg_actie_toe
from klantplan.services.plan import maak_klantplan
from schuldhulp.models import Auditregel
from tests.bouwers.trajecten import maak_traject
from trajecten.models import Signalering, Signaleringsoort

pytestmark = pytest.mark.django_db

PORTAAL = "/mijn-schuldhulp/"
NOTITIE = "Faillissement van haar man"  # the team's note on the actie: never on the portal


@pytest.fixture(autouse=True)
def _mock_digid(settings):
    settings.PORTAAL_DIGID_MOCK = True


@pytest.fixture
def traject(klant_a, regisseur_a):
    return maak_traject(klant_a, regisseur_a, behandelaar=regisseur_a)


@pytest.fixture
def klantactie(traject, regisseur_a):
    plan = maak_klantplan(traject=traject, door=regisseur_a)
    return voeg_actie_toe(
        door=regisseur_a,
        soort=Actiesoort.KLANT,
        klanttekst="Stuur uw loonstrook",
        wat=NOTITIE,
        wie=Wie.KLANT,
        klantplan_id=plan.pk,
    )


def log_in(client, bsn: str):
    """Through the mock DigiD: the start, the mock IdP's BSN form, the ACS."""
    start = client.get(reverse("digid:login"))
    assert start.status_code == 302
    idp = client.get(start["Location"])
    assert idp.status_code == 200
    bsn_url = reverse("digid-mock:bsn") + "?" + start["Location"].split("?", 1)[1]
    antwoord = client.post(bsn_url, {"auth_bsn": bsn})
    assert antwoord.status_code == 302, antwoord.content
    return client.get(antwoord["Location"])


def test_digid_leidt_naar_het_eigen_traject(client, traject):
    antwoord = log_in(client, traject.klant.bsn)
    assert antwoord.status_code == 302 and antwoord["Location"] == reverse("portaal:start")
    pagina = client.get(reverse("portaal:start"), follow=True)
    assert pagina.status_code == 200
    tekst = pagina.content.decode()
    assert "Waar sta ik?" in tekst and "U bent hier" in tekst
    assert Auditregel.objects.filter(
        objecttype="traject", object_id=str(traject.pk), gebruikersnaam__contains="Mijn Schuldhulp"
    ).exists()
    # Own cookie, own path, 15 minutes; never the staff session cookie.
    koek = client.cookies["mijn_sessie"]
    assert koek["path"] == PORTAAL and int(koek["max-age"]) == 15 * 60


def test_onbekend_bsn_krijgt_een_vriendelijke_pagina_zonder_gegevens(client, traject):
    antwoord = log_in(client, "111222333")
    assert antwoord["Location"] == reverse("portaal:onbekend")
    pagina = client.get(antwoord["Location"])
    assert "Wij vinden geen schuldhulp bij u" in pagina.content.decode()
    assert client.get(reverse("portaal:start"))["Location"] == reverse("portaal:inloggen")


def test_ander_traject_geeft_404(client, traject, klant_b, consulent_b):
    ander = maak_traject(klant_b, consulent_b)
    log_in(client, traject.klant.bsn)
    assert client.get(reverse("portaal:traject", args=[ander.pk])).status_code == 404
    assert client.get(reverse("portaal:berichten", args=[ander.pk])).status_code == 404


def test_portaalsessie_bereikt_geen_medewerkerpagina(client, traject, regisseur_a):
    log_in(client, traject.klant.bsn)
    assert client.get(reverse("werkvoorraad"))["Location"].startswith(reverse("login"))
    # And a staff login gives nothing in the portal.
    client.cookies.clear()
    client.force_login(regisseur_a)
    assert client.get(reverse("portaal:traject", args=[traject.pk]))["Location"] == reverse(
        "portaal:inloggen"
    )


def test_klant_vinkt_actie_af_en_de_behandelaar_ziet_het(client, traject, klantactie):
    log_in(client, traject.klant.bsn)
    pagina = client.get(reverse("portaal:traject", args=[traject.pk])).content.decode()
    assert "Stuur uw loonstrook" in pagina and NOTITIE not in pagina  # ADR 0027
    antwoord = client.post(reverse("portaal:actie_gedaan", args=[traject.pk, klantactie.pk]))
    assert antwoord.status_code == 302
    klantactie.refresh_from_db()
    assert klantactie.gedaan_op is not None
    signaal = Signalering.objects.get(traject=traject, soort=Signaleringsoort.KLANTACTIE)
    assert signaal.gebruiker_id == traject.behandelaar_id


def test_klant_kan_actie_van_de_stadsbank_niet_afvinken(client, traject, klantactie):
    klantactie.wie = Wie.STADSBANK
    klantactie.save()
    log_in(client, traject.klant.bsn)
    client.post(reverse("portaal:actie_gedaan", args=[traject.pk, klantactie.pk]))
    klantactie.refresh_from_db()
    assert klantactie.gedaan_op is None


def test_bericht_antwoord_en_melding_zonder_inhoud(client, traject, regisseur_a, settings):
    traject.klant.email = "klant@example.nl"
    traject.klant.save()
    log_in(client, traject.klant.bsn)
    url = reverse("portaal:berichten", args=[traject.pk])
    assert (
        client.post(url, {"tekst": "Ik heb een nieuwe brief van de deurwaarder."}).status_code
        == 302
    )
    assert Signalering.objects.filter(traject=traject, soort=Signaleringsoort.KLANTBERICHT).exists()

    medewerker = client.__class__()
    medewerker.force_login(regisseur_a)
    dossier = reverse("portaal_dossier:berichten", args=[traject.pk])
    assert "deurwaarder" in medewerker.get(dossier).content.decode()
    antwoord = medewerker.post(dossier, {"tekst": "Stuur de brief mee als foto."})
    assert antwoord.status_code == 302
    uit = Bericht.objects.filter(traject=traject, van_klant=False).get()
    assert uit.door == regisseur_a
    from trajecten.samenwerking.models import Emailbericht

    melding = Emailbericht.objects.get(aan="klant@example.nl")
    assert melding.onderwerp == "Er staat een bericht voor u klaar"
    assert "foto" not in melding.tekst and "deurwaarder" not in melding.tekst
    assert "Stuur de brief mee als foto." in client.get(url).content.decode()


def test_te_veel_berichten_in_een_minuut(client, traject, settings):
    settings.PORTAAL_BERICHTEN_PER_MINUUT = 5
    log_in(client, traject.klant.bsn)
    url = reverse("portaal:berichten", args=[traject.pk])
    antwoorden = [client.post(url, {"tekst": f"Bericht {i}"}).status_code for i in range(50)]
    assert antwoorden[:5] == [302] * 5 and set(antwoorden[5:]) == {429}
    assert Bericht.objects.filter(traject=traject).count() == 5
    assert "Wacht een minuut" in client.post(url, {"tekst": "nog een"}).content.decode()


def test_leeg_of_te_lang_bericht_wordt_geweigerd(client, traject):
    log_in(client, traject.klant.bsn)
    url = reverse("portaal:berichten", args=[traject.pk])
    assert "Schrijf eerst uw bericht." in client.post(url, {"tekst": "  "}).content.decode()
    assert "te lang" in client.post(url, {"tekst": "x" * 1001}).content.decode()
    assert not Bericht.objects.exists()


def test_test_digid_staat_uit_zonder_instelling(client, settings):
    settings.PORTAAL_DIGID_MOCK = False
    assert client.get(reverse("digid-mock:login")).status_code == 404


def test_partner_ziet_het_traject_ook(client, traject, gemeente_a, regisseur_a):
    from klantplan.huishouden.models import Huishouden
    from tests.bouwers import KlantFactory

    partner = KlantFactory(gemeente=gemeente_a)
    Huishouden.objects.create(traject=traject, partner=partner)
    log_in(client, partner.bsn)
    assert client.get(reverse("portaal:traject", args=[traject.pk])).status_code == 200
