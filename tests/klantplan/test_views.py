"""The screens, through the Django test client: forms that forgive, htmx and no-JS paths."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from klantplan import services
from klantplan.models import Afstemming, Doel, Gesprek, Klacht, Klantplan, Schuld

VANDAAG = timezone.localdate


@pytest.fixture
def ingelogd(client, regisseur_a):
    client.force_login(regisseur_a)
    return client


def test_klantplan_maken_invullen_vaststellen_en_nieuwe_versie(ingelogd, traject_a):
    t = f"/trajecten/{traject_a.pk}/klantplan"
    assert "Klantplan maken" in ingelogd.get(f"{t}/").content.decode()
    antwoord = ingelogd.post(f"{t}/maken/")
    assert antwoord.url == f"{t}/versie/1/wijzigen/"
    antwoord = ingelogd.post(
        f"{t}/versie/1/wijzigen/",
        {"hulpvraag": "Rust in mijn hoofd", "oorzaak": "Scheiding", "leefgebied_wonen": "Goed"},
    )
    assert antwoord.url == f"{t}/versie/1/"

    # A doel without text: the message beside the field, in the summary, input kept.
    pagina = ingelogd.post(
        f"{t}/versie/1/doelen/nieuw/",
        {"klanttekst": " ", "streefdatum": "2027-01-01", "status": "open"},
    ).content.decode()
    assert (
        "Beschrijf het doel in woorden voor de klant." in pagina
        and 'class="foutsamenvatting"' in pagina
    )
    assert 'value="2027-01-01"' in pagina
    assert not Doel.objects.exists()
    ingelogd.post(f"{t}/versie/1/doelen/nieuw/", {"klanttekst": "Huur betaald", "status": "open"})

    # Vaststellen without the klant's agreement is refused, with the reason beside the box.
    pagina = ingelogd.post(
        f"{t}/versie/1/vaststellen/", {"datum": VANDAAG().isoformat()}
    ).content.decode()
    assert "met de klant heeft besproken" in pagina
    antwoord = ingelogd.post(
        f"{t}/versie/1/vaststellen/",
        {"datum": VANDAAG().isoformat(), "besproken_met_klant": "on"},
    )
    assert antwoord.url == f"{t}/versie/1/"
    pagina = ingelogd.get(antwoord.url).content.decode()
    assert "Vastgesteld" in pagina and "Nieuwe versie maken om te wijzigen" in pagina

    # Editing the fixed version directly: refused with a clear message.
    antwoord = ingelogd.post(f"{t}/versie/1/wijzigen/", {"hulpvraag": "Anders"}, follow=True)
    assert "Versie 1 is vastgesteld en kan niet meer worden gewijzigd" in antwoord.content.decode()
    assert Klantplan.objects.get().hulpvraag == "Rust in mijn hoofd"

    antwoord = ingelogd.post(f"{t}/nieuwe-versie/")
    assert antwoord.url == f"{t}/versie/2/"
    ingelogd.post(
        f"{t}/versie/2/wijzigen/",
        {"hulpvraag": "Rust in mijn hoofd en een baan", "oorzaak": "Scheiding"},
    )
    pagina = ingelogd.get(f"{t}/vergelijken/").content.decode()
    assert '<ins><span class="verborgen">[nieuw: </span> en een baan' in pagina
    assert "Leefgebied: Wonen" in pagina  # removed in version 2
    assert ingelogd.get(f"{t}/versie/1/").status_code == 200  # old version stays readable


def test_actie_formulier_toont_partij_per_soort(client, traject_b, regisseur_b):
    client.force_login(regisseur_b)
    plan = services.maak_klantplan(traject=traject_b, door=regisseur_b)
    pagina = client.get(f"/trajecten/{traject_b.pk}/klantplan/versie/1/acties/nieuw/")
    html = pagina.content.decode()
    assert "Informatie verzamelen – gemeente" in html
    assert "Klantplan en begeleiding – stadsbank" in html
    client.post(
        f"/trajecten/{traject_b.pk}/klantplan/versie/1/acties/nieuw/",
        {"soort": "informatie_verzamelen", "klanttekst": "Loonstroken opvragen", "wie": ""},
    )
    assert plan.acties.get().wie == "gemeente"


def _schuld_data(schuldeiser, **anders):
    return {
        "schuldeiser": schuldeiser.pk,
        "oorspronkelijk_bedrag": "1.000,00",
        "actueel_bedrag": "1.250,50",
        "peildatum": VANDAAG().isoformat(),
        "status": "aangemeld",
        "kenmerk": "K1",
        **anders,
    }


def test_schuld_toevoegen_zonder_javascript(ingelogd, traject_a, schuldeisers):
    url = f"/trajecten/{traject_a.pk}/schulden/nieuw/"
    morgen = (VANDAAG() + timedelta(days=1)).isoformat()
    pagina = ingelogd.post(
        url, _schuld_data(schuldeisers["CJIB"], peildatum=morgen, actueel_bedrag="-3")
    ).content.decode()
    assert "De peildatum ligt in de toekomst" not in pagina  # first the amount
    assert "Een bedrag kan niet negatief zijn." in pagina
    assert 'value="1.000,00"' in pagina
    pagina = ingelogd.post(url, _schuld_data(schuldeisers["CJIB"], peildatum=morgen)).content
    assert "De peildatum ligt in de toekomst" in pagina.decode()
    assert not Schuld.objects.exists()
    antwoord = ingelogd.post(url, _schuld_data(schuldeisers["CJIB"]))
    assert antwoord.url == f"/trajecten/{traject_a.pk}/schulden/"
    pagina = ingelogd.get(antwoord.url).content.decode()
    assert "€ 1.250,50" in pagina and "1 schuld, samen € 1.250,50" in pagina


def test_schuld_inline_met_htmx(ingelogd, traject_a, schuldeisers):
    htmx = {"HTTP_HX_REQUEST": "true"}
    rij = ingelogd.get(f"/trajecten/{traject_a.pk}/schulden/nieuw/", **htmx).content.decode()
    assert rij.lstrip().startswith('<tr class="rij-formulier"')
    antwoord = ingelogd.post(
        f"/trajecten/{traject_a.pk}/schulden/nieuw/", _schuld_data(schuldeisers["Vitens"]), **htmx
    )
    assert antwoord["HX-Retarget"] == "#schulden-sectie"
    html = antwoord.content.decode()
    assert "De schuld bij Vitens is toegevoegd." in html and "Totaal per soort" in html
    schuld = Schuld.objects.get()

    formrij = ingelogd.get(f"/trajecten/{traject_a.pk}/schulden/{schuld.pk}/wijzigen/", **htmx)
    assert 'value="1.250,50"' in formrij.content.decode()
    fout = ingelogd.post(
        f"/trajecten/{traject_a.pk}/schulden/{schuld.pk}/wijzigen/",
        _schuld_data(schuldeisers["Vitens"], actueel_bedrag="99.999.999,00"),
        **htmx,
    )
    assert "HX-Retarget" not in fout and "10.000.000" in fout.content.decode()
    ingelogd.post(
        f"/trajecten/{traject_a.pk}/schulden/{schuld.pk}/wijzigen/",
        _schuld_data(schuldeisers["Vitens"], actueel_bedrag="800", status="vastgesteld"),
        **htmx,
    )
    schuld.refresh_from_db()
    assert (schuld.actueel_bedrag_cent, schuld.status) == (80_000, "vastgesteld")
    terug = ingelogd.get(f"/trajecten/{traject_a.pk}/schulden/{schuld.pk}/", **htmx)
    assert f'<tr id="schuld-{schuld.pk}">' in terug.content.decode()


def test_import_toont_fouten_per_regel(ingelogd, traject_a, schuldeisers):
    bestand = SimpleUploadedFile(
        "schulden.csv",
        b"schuldeiser;actueel bedrag;peildatum\nCJIB;100;01-01-2026\nNiemand BV;50;01-01-2026\n",
        content_type="text/csv",
    )
    pagina = ingelogd.post(
        f"/trajecten/{traject_a.pk}/schulden/inlezen/", {"bestand": bestand}
    ).content.decode()
    assert "Er is 1 rij met fouten. Er is niets opgeslagen." in pagina
    assert "Regel 3" in pagina and "Niemand BV" in pagina
    assert not Schuld.objects.exists()
    voorbeeld = ingelogd.get(f"/trajecten/{traject_a.pk}/schulden/inlezen/voorbeeld.csv")
    assert voorbeeld.content.decode("utf-8-sig").startswith("schuldeiser;kvk;")


def test_gesprek_met_afspraken_en_actielijst_mailen(
    ingelogd, traject_a, django_capture_on_commit_callbacks
):
    traject_a.klant.email = "klant@example.nl"
    traject_a.klant.save()
    antwoord = ingelogd.post(
        f"/trajecten/{traject_a.pk}/gesprekken/nieuw/",
        {"soort": "intakegesprek", "datum": VANDAAG().isoformat(), "deelnemers": "Klant"},
    )
    gesprek = Gesprek.objects.get()
    assert antwoord.url == f"/trajecten/{traject_a.pk}/gesprekken/{gesprek.pk}/"
    ingelogd.post(
        f"/trajecten/{traject_a.pk}/gesprekken/{gesprek.pk}/acties/nieuw/",
        {"soort": "klant", "klanttekst": "Post meenemen", "deadline": VANDAAG().isoformat()},
    )
    assert gesprek.acties.get().wie == "klant"
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = ingelogd.post(
            f"/trajecten/{traject_a.pk}/documenten/actielijst-mailen/",
            {"gesprek": gesprek.pk},
            follow=True,
        )
    assert "De actielijst is gemaild naar klant@example.nl." in antwoord.content.decode()
    assert mail.outbox[0].attachments[0][2] == "application/pdf"


def test_gesprek_in_de_toekomst_geweigerd(ingelogd, traject_a):
    pagina = ingelogd.post(
        f"/trajecten/{traject_a.pk}/gesprekken/nieuw/",
        {
            "soort": "extra_gesprek",
            "datum": (VANDAAG() + timedelta(days=2)).isoformat(),
            "deelnemers": "Klant",
        },
    ).content.decode()
    assert "De datum van het gesprek ligt in de toekomst" in pagina
    assert not Gesprek.objects.exists()


def test_afstemming_zichtbaar_voor_beide_kanten(client, traject_a, regisseur_a, consulent_a):
    client.force_login(regisseur_a)
    client.post(
        f"/trajecten/{traject_a.pk}/afstemming/nieuw/",
        {
            "soort": "signaal",
            "datum": VANDAAG().isoformat(),
            "leefgebied": "gezondheid",
            "bericht": "Klant heeft hulp nodig bij psychische klachten.",
        },
    )
    assert Afstemming.objects.get().door == regisseur_a
    client.force_login(consulent_a)
    pagina = client.get(f"/trajecten/{traject_a.pk}/afstemming/").content.decode()
    assert "psychische klachten" in pagina and "Signaal ander leefgebied" in pagina


def test_klacht_vastleggen_en_afhandelen(ingelogd, traject_a):
    ingelogd.post(
        f"/trajecten/{traject_a.pk}/klachten/nieuw/",
        {"soort": "klacht", "datum": VANDAAG().isoformat(), "onderwerp": "Lang wachten"},
    )
    klacht = Klacht.objects.get()
    pagina = ingelogd.post(
        f"/trajecten/{traject_a.pk}/klachten/{klacht.pk}/afhandelen/",
        {"uitkomst": "gegrond", "afgehandeld_op": (VANDAAG() - timedelta(days=1)).isoformat()},
    ).content.decode()
    assert "De datum ligt voor de ontvangst" in pagina
    ingelogd.post(
        f"/trajecten/{traject_a.pk}/klachten/{klacht.pk}/afhandelen/",
        {"uitkomst": "gegrond", "afgehandeld_op": VANDAAG().isoformat()},
    )
    klacht.refresh_from_db()
    assert (klacht.uitkomst, klacht.afgehandeld_op) == ("gegrond", VANDAAG())


def test_documenten_maken_via_scherm(ingelogd, traject_a):
    pagina = ingelogd.get(f"/trajecten/{traject_a.pk}/documenten/").content.decode()
    assert "Beschikking maken (PDF)" in pagina  # toelating is recorded for traject_a
    antwoord = ingelogd.post(
        f"/trajecten/{traject_a.pk}/documenten/maken/", {"soort": "beschikking"}, follow=True
    )
    html = antwoord.content.decode()
    assert "is gemaakt. U kunt de PDF nu downloaden." in html
    assert "Beschikking (toelating)" in html
    antwoord = ingelogd.post(
        f"/trajecten/{traject_a.pk}/documenten/maken/", {"soort": "klantplan"}, follow=True
    )
    assert "nog geen klantplan" in antwoord.content.decode()
