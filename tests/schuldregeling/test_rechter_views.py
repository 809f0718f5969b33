"""The court's page (klantplan/schuldregeling/views/rechter.py): what it offers, the writes
through the service, refusals on the page with nothing saved, another gemeente: 404."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from klantplan.models import Document
from klantplan.schuldregeling.models import Regeling
from tests.bouwers.trajecten import vandaag
from tests.schuldregeling.bouwers import dossier
from tests.schuldregeling.test_rechter import product, weigering
from trajecten.models import Gebeurtenis

pytestmark = pytest.mark.django_db


def client_voor(gebruiker) -> Client:
    client = Client()
    client.force_login(gebruiker)
    return client


def versie(d) -> int:
    return Regeling.objects.get(pk=d.regeling.pk).versie


def test_pagina_toont_stand_en_redenen() -> None:
    d = dossier()
    url = reverse("schuldregeling:rechter", args=[d.regeling.pk])
    pagina = client_voor(d.omg.regisseur).get(url)
    assert pagina.status_code == 200
    html = pagina.content.decode()
    assert "Kies eerst het saneringsvoorstel waarop de betaalvoorstellen berusten." in html
    assert "De minnelijke regeling is niet mislukt: dien eerst het betaalvoorstel in." in html
    assert "0 van 5 schuldeisers (0,0%)" in html
    assert 'id="dwangakkoord-maken"' not in html
    # The consulent reads along; the forms are the Stadsbank's.
    html = client_voor(d.omg.consulent).get(url).content.decode()
    assert "Dit doet de Stadsbank (klantregisseur) in de schuldregeling." in html
    assert 'id="uitspraak-vastleggen"' not in html
    # From the regeling's page, a link here.
    overzicht = client_voor(d.omg.regisseur).get(
        reverse("schuldregeling:regeling", args=[d.regeling.pk])
    )
    assert f'href="{url}"' in overzicht.content.decode()


def test_andere_gemeente_krijgt_404_en_verandert_niets() -> None:
    d = weigering()
    client = client_voor(d.omg.ander)
    assert client.get(reverse("schuldregeling:rechter", args=[d.regeling.pk])).status_code == 404
    for naam, data in [
        ("schuldregeling:dwangakkoord_bundel", {"versie": versie(d)}),
        ("schuldregeling:wsnp_verzoek", {"versie": versie(d)}),
        (
            "schuldregeling:uitspraak",
            {"versie": versie(d), "uitkomst": "wsnp_afgewezen", "datum": vandaag().isoformat()},
        ),
    ]:
        assert client.post(reverse(naam, args=[d.regeling.pk]), data).status_code == 404
    assert not Document.objects.filter(traject=d.traject).exists()
    assert product(d).schuldregeling_status == "ingediend"
    contractmanager = client_voor(d.omg.contractmanager)
    antwoord = contractmanager.get(reverse("schuldregeling:rechter", args=[d.regeling.pk]))
    assert antwoord.status_code == 403


def test_bundel_maken_en_downloaden() -> None:
    d = weigering()
    client = client_voor(d.omg.regisseur)
    url = reverse("schuldregeling:rechter", args=[d.regeling.pk])
    assert 'id="dwangakkoord-maken"' in client.get(url).content.decode()
    # A stale page (someone moved the regeling since): refused on the page, nothing made.
    antwoord = client.post(
        reverse("schuldregeling:dwangakkoord_bundel", args=[d.regeling.pk]),
        {"versie": versie(d) - 1},
    )
    assert antwoord.status_code == 200
    assert "Iemand anders heeft deze schuldregeling net gewijzigd" in antwoord.content.decode()
    assert not Document.objects.filter(traject=d.traject).exists()

    antwoord = client.post(
        reverse("schuldregeling:dwangakkoord_bundel", args=[d.regeling.pk]),
        {"versie": versie(d)},
    )
    assert antwoord.status_code == 302 and antwoord.url == url
    document = Document.objects.get(traject=d.traject, soort="dwangakkoord")
    html = client.get(url).content.decode()
    download = reverse("klantplan:document_download", args=[d.traject.pk, document.pk])
    assert f'href="{download}"' in html
    assert "dwangakkoord verzocht" in html and 'id="uitspraak-vastleggen"' in html
    pdf = client.get(download)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content == bytes(document.inhoud)
    # The same form again (a double submit): refused with the reason, still one document.
    antwoord = client.post(
        reverse("schuldregeling:dwangakkoord_bundel", args=[d.regeling.pk]),
        {"versie": versie(d)},
    )
    assert "Het verzoek om een dwangakkoord is al gemaakt." in antwoord.content.decode()
    assert Document.objects.filter(traject=d.traject).count() == 1


def test_uitspraak_via_formulier() -> None:
    d = weigering()
    client = client_voor(d.omg.regisseur)
    client.post(
        reverse("schuldregeling:dwangakkoord_bundel", args=[d.regeling.pk]),
        {"versie": versie(d)},
    )
    url = reverse("schuldregeling:uitspraak", args=[d.regeling.pk])
    voor = Gebeurtenis.objects.filter(traject=d.traject).count()
    # A date that does not exist: the form says so, the input stays.
    antwoord = client.post(
        url,
        {
            "versie": versie(d),
            "uitkomst": "dwangakkoord_toegewezen",
            "datum": "31-02-2026",
            "kenmerk": "RK 26/123",
        },
    )
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "Vul een geldige datum in" in html and 'value="RK 26/123"' in html
    assert Gebeurtenis.objects.filter(traject=d.traject).count() == voor

    antwoord = client.post(
        url,
        {
            "versie": versie(d),
            "uitkomst": "dwangakkoord_toegewezen",
            "datum": vandaag().strftime("%d-%m-%Y"),
            "kenmerk": "RK 26/123",
        },
    )
    assert antwoord.status_code == 302
    assert product(d).schuldregeling_status == "dwangakkoord"
    assert d.onderhandeling("Welbions").status == "dwangakkoord"
    html = client.get(reverse("schuldregeling:rechter", args=[d.regeling.pk])).content.decode()
    assert "Dwangakkoord toegewezen (kenmerk RK 26/123)" in html
    assert "5 van 5 schuldeisers (100,0%)" in html
