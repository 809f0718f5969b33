"""The verwerkingenlog for the beheerder (issue 20, point 8): Dutch dates, filters on a date
range and an action, and a CSV export of exactly those rows that is itself logged."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schuldhulp.auditvelden import leesbaar
from schuldhulp.models import Auditactie, Auditregel, Rol
from schuldhulp.verwerkingenlog import Zoekvraag, wijzigingen_tekst
from tests.bouwers import GebruikerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder():
    return GebruikerFactory(username="fb", rol=Rol.BEHEERDER, is_staff=True)


def _regel(actie: str, **kw) -> Auditregel:
    """A row of now: the log stamps the moment itself (auto_now_add) and its trigger refuses
    an UPDATE, so the tests choose the date range around today instead."""
    return Auditregel.objects.create(actie=actie, objecttype="klant", **kw)


def _lees_csv(antwoord) -> list[list[str]]:
    tekst = b"".join(antwoord.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(tekst), delimiter=";"))


def test_filter_op_actie_en_datum(client, beheerder):
    nu = timezone.localtime()
    _regel(Auditactie.INZIEN, gebruikersnaam="anna", omschrijving="Pagina klant")
    _regel(Auditactie.DOWNLOADEN, gebruikersnaam="bert", omschrijving="Document: brief")
    client.force_login(beheerder)
    vandaag = nu.date().isoformat()

    html = client.get(reverse("verwerkingenlog"), {"actie": "downloaden"}).content.decode()
    assert "Document: brief" in html and "Pagina klant" not in html

    html = client.get(reverse("verwerkingenlog"), {"van": vandaag, "tot": vandaag}).content.decode()
    assert "Document: brief" in html and "Pagina klant" in html
    morgen = (nu.date() + timedelta(days=1)).isoformat()
    html = client.get(reverse("verwerkingenlog"), {"van": morgen}).content.decode()
    assert "Geen regels gevonden." in html
    gisteren = (nu.date() - timedelta(days=1)).isoformat()
    html = client.get(reverse("verwerkingenlog"), {"tot": gisteren}).content.decode()
    assert "Geen regels gevonden." in html


def test_datum_in_het_nederlands(client, beheerder):
    _regel(Auditactie.INZIEN, omschrijving="Pagina klant")
    client.force_login(beheerder)
    html = client.get(reverse("verwerkingenlog")).content.decode()
    tijd = timezone.localtime(Auditregel.objects.filter(omschrijving="Pagina klant").get().tijdstip)
    maanden = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
               "september", "oktober", "november", "december"]  # fmt: skip
    verwacht = f"{tijd.day} {maanden[tijd.month - 1]} {tijd.year} {tijd:%H:%M}"
    assert f'<td data-label="Tijdstip">{verwacht}</td>' in html


def test_foute_datum_geeft_een_melding_en_geen_regels(client, beheerder):
    _regel(Auditactie.INZIEN, omschrijving="Pagina klant")
    client.force_login(beheerder)
    html = client.get(reverse("verwerkingenlog"), {"van": "31-02-2026"}).content.decode()
    assert "Vul een geldige datum in" in html and "Pagina klant" not in html
    html = client.get(
        reverse("verwerkingenlog"), {"van": "2026-12-05", "tot": "2026-12-01"}
    ).content.decode()
    assert "De einddatum ligt voor de begindatum." in html


def test_zoeken_neemt_datum_en_actie_mee(client, beheerder):
    client.force_login(beheerder)
    antwoord = client.post(
        reverse("verwerkingenlog"),
        {"gebruiker": "anna", "van": "2026-12-01", "actie": "inzien", "klant": ""},
    )
    assert antwoord.status_code == 302
    assert "actie=inzien" in antwoord.url and "van=2026-12-01" in antwoord.url
    assert "gebruiker=anna" in antwoord.url


def test_export_met_dezelfde_filters_en_zelf_in_de_log(client, beheerder):
    _regel(Auditactie.INZIEN, gebruikersnaam="anna", omschrijving="Pagina klant")
    _regel(
        Auditactie.DOWNLOADEN,
        gebruikersnaam='=HYPERLINK("http://x")',
        omschrijving="+Document: brief",
    )
    client.force_login(beheerder)
    antwoord = client.get(reverse("verwerkingenlog_export"), {"actie": "downloaden"})
    assert antwoord.status_code == 200 and antwoord["Content-Type"].startswith("text/csv")
    rijen = _lees_csv(antwoord)
    assert rijen[0][0] == "Tijdstip" and len(rijen) == 2
    assert rijen[1][2] == "Gedownload"
    # No cell a spreadsheet would run as a formula.
    assert all(cel[:1] not in ("=", "+", "-", "@") for rij in rijen for cel in rij)
    assert rijen[1][1].startswith("'=") and rijen[1][6] == "'+Document: brief"
    # The export itself is a row: who, when, which selection.
    export = Auditregel.objects.get(actie=Auditactie.EXPORTEREN, objecttype="verwerkingenlog")
    assert export.gebruikersnaam == "fb"
    assert export.omschrijving == "Verwerkingenlog: actie gedownload"


def test_export_alleen_voor_wie_de_log_mag_zien(client):
    regisseur = GebruikerFactory(username="kr", rol=Rol.KLANTREGISSEUR)
    client.force_login(regisseur)
    antwoord = client.get(reverse("verwerkingenlog_export"))
    assert antwoord.status_code == 403
    assert not Auditregel.objects.filter(objecttype="verwerkingenlog").exists()


def test_export_weigert_een_bsn_in_de_url(client, beheerder):
    client.force_login(beheerder)
    antwoord = client.get(reverse("verwerkingenlog_export"), {"klant": "123456782"})
    assert antwoord.status_code == 302
    assert not Auditregel.objects.filter(objecttype="verwerkingenlog").exists()


def test_wijzigingen_als_tekst():
    velden = leesbaar(
        "traject", {"fase": {"voor": "aangemeld", "na": "intake"}, "klant_id": "gewijzigd"}
    )
    assert (
        wijzigingen_tekst(velden) == "fase: Aangemeld → Eerste gesprek en intake; klant: gewijzigd"
    )


def test_zoekvraag_omschrijving():
    vraag = Zoekvraag.uit({"gebruiker": "anna", "van": "2026-12-03", "soort": "rechtenverzoek"})
    assert vraag.filter.is_valid()
    assert vraag.omschrijving() == (
        "Verwerkingenlog: medewerker anna, Rechtenverzoeken, vanaf 3 december 2026"
    )


def test_verwijzingen_leesbaar_zonder_ids_of_technische_velden(beheerder, gemeente_a):
    """Real rows of the demo showed 'door: — → 5', 'gemeente: — → 8' and 'gewijzigd op:
    22:27 → 22:27': a person and a gemeente by name, a dossier row by its kind and number."""
    velden = leesbaar(
        "contactpoging",
        {
            "id": {"voor": None, "na": 76},
            "door_id": {"voor": None, "na": beheerder.pk},
            "zaak_id": {"voor": None, "na": 65},
            "geregistreerd_op": {"voor": None, "na": "2026-12-07T21:27:00+00:00"},
        },
    )
    assert [(v.label, v.na) for v in velden] == [
        ("door", "fb"),
        ("zaak", "signaalzaak 65"),
        ("geregistreerd op", "7 december 2026 22:27"),
    ]
    klant = leesbaar("klant", {"gemeente_id": {"voor": None, "na": gemeente_a.pk}})
    assert klant[0].na == gemeente_a.naam
    # Bookkeeping that did not visibly change is left out; a default label loses '_cent'.
    assert leesbaar("klantplan", {"gewijzigd_op": {"voor": "x", "na": "x"}}) == []
    assert leesbaar("voorstel", {"aflosruimte_per_maand_cent": "gewijzigd"})[0].label == (
        "aflosruimte per maand"
    )
