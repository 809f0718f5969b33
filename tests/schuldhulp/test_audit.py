"""The verwerkingenlog: reads and changes are logged, rows are append-only, no BSN in logs."""

from __future__ import annotations

import logging

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from schuldhulp.models import Auditactie, Auditregel

pytestmark = pytest.mark.django_db


def test_inzien_van_klantdossier_wordt_gelogd(client, regisseur_a, klant_a):
    client.force_login(regisseur_a)
    client.get(reverse("klant_detail", args=[klant_a.pk]), REMOTE_ADDR="10.1.2.3")
    regel = Auditregel.objects.get(actie=Auditactie.INZIEN)
    assert (regel.gebruikersnaam, regel.klant_id, regel.objecttype, regel.ip_adres) == (
        regisseur_a.username,
        klant_a.pk,
        "klant",
        "10.1.2.3",
    )


def test_wijziging_noemt_het_veld_zonder_persoonsgegeven(client, regisseur_a, klant_a):
    client.force_login(regisseur_a)
    oud = klant_a.achternaam
    data = {
        "gemeente": klant_a.gemeente_id,
        "bsn": klant_a.bsn,
        "voornamen": klant_a.voornamen,
        "achternaam": "Nieuwenhuis",
        "geboortedatum": "1984-05-12",
        "postcode": "7607 AB",
        "huishouden": "alleenstaand",
        "aantal_kinderen": 0,
    }
    client.post(reverse("klant_wijzig", args=[klant_a.pk]), data)
    regel = Auditregel.objects.get(actie=Auditactie.WIJZIGEN)
    # The field that changed, not its value (issue 17, test_verwerkingenlog_privacy.py).
    assert regel.wijzigingen["achternaam"] == "gewijzigd"
    assert oud not in str(regel.wijzigingen) and "Nieuwenhuis" not in str(regel.wijzigingen)
    assert regel.klant_id == klant_a.pk


def test_aanmaken_en_inloggen_worden_gelogd(client, regisseur_a):
    client.post(reverse("login"), {"username": regisseur_a.username, "password": "fout"})
    assert Auditregel.objects.filter(
        actie=Auditactie.INLOGGEN_MISLUKT, gebruikersnaam=regisseur_a.username
    ).exists()


def test_log_is_alleen_toevoegen(regisseur_a):
    regel = Auditregel.objects.create(actie=Auditactie.INZIEN, objecttype="klant")
    with pytest.raises(DatabaseError, match="kan niet worden gewijzigd"), transaction.atomic():
        Auditregel.objects.filter(pk=regel.pk).update(omschrijving="weg")
    with pytest.raises(DatabaseError, match="kan niet worden gewijzigd"), transaction.atomic():
        Auditregel.objects.filter(pk=regel.pk).delete()
    assert Auditregel.objects.filter(pk=regel.pk, omschrijving="").exists()


def test_beheerder_zoekt_op_klant_en_medewerker(client, beheerder, regisseur_a, klant_a):
    client.force_login(regisseur_a)
    client.get(reverse("klant_detail", args=[klant_a.pk]))
    client.force_login(beheerder)
    # The BSN goes in a POST; the page it leads to names the klantnummer, never the BSN.
    antwoord = client.post(reverse("verwerkingenlog"), {"klant": klant_a.bsn})
    assert antwoord.status_code == 302 and klant_a.bsn not in antwoord["Location"]
    assert antwoord["Location"].endswith(f"?klant={klant_a.pk}")
    html = client.get(antwoord["Location"]).content.decode()
    assert "1 regel" in html and regisseur_a.username in html
    html = client.get(reverse("verwerkingenlog"), {"klant": klant_a.bsn}).content.decode()
    assert "0 regels" in html and "zoekformulier" in html
    html = client.get(reverse("verwerkingenlog"), {"gebruiker": "niemand"}).content.decode()
    assert "0 regels" in html


def test_alleen_beheerder_ziet_de_log(client, regisseur_a, contractmanager_a):
    for gebruiker in (regisseur_a, contractmanager_a):
        client.force_login(gebruiker)
        assert client.get(reverse("verwerkingenlog")).status_code == 403


def test_geen_bsn_in_applicatielogs(klant_a):
    from schuldhulp.logfilters import GeenBsnFilter

    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "klant %s met bsn %s", ("Jansen", klant_a.bsn), None
    )
    GeenBsnFilter().filter(record)
    assert klant_a.bsn not in record.getMessage()
    assert "*********" in record.getMessage()
