"""Screens: who sees what, the work list, the case page, contact attempts, convert, close,
and reading in a list through the browser forms."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from schuldhulp.models import Auditregel, Klant
from tests.bouwers import KlantFactory
from tests.bouwers.signalen import (
    csv_bestand,
    csv_rij,
    dagen_geleden,
    geldig_bsn,
    maak_zaak,
)
from trajecten.models import Traject
from trajecten.vroegsignalering.models import ImportBatch, Signaalzaak

pytestmark = pytest.mark.django_db


@pytest.fixture
def zaak(gemeente_a, normen):
    return maak_zaak(gemeente_a, ontvangen_op=dagen_geleden(4), bsn="123456782")


# --- access --------------------------------------------------------------------------------


def test_alleen_dossierrollen(client, contractmanager_a, beheerder, zaak):
    for gebruiker in (contractmanager_a, beheerder):
        client.force_login(gebruiker)
        assert client.get("/vroegsignalen/").status_code == 403
        assert client.get(f"/vroegsignalen/{zaak.pk}/").status_code == 403
        assert client.get("/vroegsignalen/lijsten/").status_code == 403
        assert "Vroegsignalen" not in client.get("/").content.decode()


def test_andere_gemeente_geeft_404(client, consulent_b, zaak, gemeente_a, regisseur_a):
    batch = ImportBatch.objects.create(
        gemeente=gemeente_a, bestandsnaam="x.csv", sha256="0" * 64, geupload_door=regisseur_a
    )
    client.force_login(consulent_b)
    assert client.get(f"/vroegsignalen/{zaak.pk}/").status_code == 404
    assert client.get(f"/vroegsignalen/{zaak.pk}/omzetten/").status_code == 404
    assert client.post(f"/vroegsignalen/{zaak.pk}/sluiten/", {}).status_code == 404
    assert client.get(f"/vroegsignalen/lijsten/{batch.pk}/").status_code == 404
    assert client.post(f"/vroegsignalen/lijsten/{batch.pk}/bevestigen/").status_code == 404
    lijst = client.get("/vroegsignalen/").content.decode()
    assert "Veldkamp" not in lijst


def test_menu_voor_dossierrollen(client, consulent_a):
    client.force_login(consulent_a)
    assert 'href="/vroegsignalen/"' in client.get("/").content.decode()


# --- work list -----------------------------------------------------------------------------


def test_werklijst_telt_en_sorteert(client, regisseur_a, gemeente_a, normen):
    nieuw = maak_zaak(
        gemeente_a, ontvangen_op=dagen_geleden(1), postcode="7601 AA", achternaam="Nieuw"
    )
    oud = maak_zaak(
        gemeente_a, ontvangen_op=dagen_geleden(20), postcode="7601 AB", achternaam="Oud"
    )
    dreigt = maak_zaak(
        gemeente_a, ontvangen_op=dagen_geleden(12), postcode="7601 AC", achternaam="Dreigt"
    )
    maak_zaak(
        gemeente_a,
        ontvangen_op=dagen_geleden(12),
        postcode="7601 AC",
        partner_naam="Eneco",
        partner_soort="energieleverancier",
    )
    client.force_login(regisseur_a)
    response = client.get("/vroegsignalen/")
    assert response.context["tellingen"] == {
        "open": 3,
        "zonder_contact": 3,
        "overschreden": 1,
        "dreigt": 1,
        "meerdere": 1,
    }
    html = response.content.decode()
    assert "2 signalen van 2 partners" in html
    assert "energieleverancier, woningcorporatie" in html

    def volgorde(sortering: str) -> list[int]:
        pagina = client.get(f"/vroegsignalen/?sortering={sortering}").context["pagina"]
        return [z.pk for z in pagina]

    assert volgorde("nieuwste") == [nieuw.pk, dreigt.pk, oud.pk]
    assert volgorde("oudste_zonder_contact") == [oud.pk, dreigt.pk, nieuw.pk]
    assert volgorde("klok") == [oud.pk, dreigt.pk, nieuw.pk]
    # By default the most urgent first (issue 20): the 2-week contact clock, oldest deadline.
    assert [z.pk for z in client.get("/vroegsignalen/").context["pagina"]] == volgorde("klok")
    assert client.get("/vroegsignalen/?sortering=onzin").context["sortering"] == "klok"


def test_werklijst_filters_en_htmx(client, regisseur_a, zaak):
    client.force_login(regisseur_a)
    response = client.get("/vroegsignalen/?q=veldk", headers={"HX-Request": "true"})
    assert response.templates[0].name == "vroegsignalering/_werklijst_tabel.html"
    assert "Veldkamp" in response.content.decode()
    assert client.get("/vroegsignalen/?q=123456782").context["totaal"] == 1
    assert client.get("/vroegsignalen/?q=7607ab").context["totaal"] == 1
    assert client.get("/vroegsignalen/?q=Jansen").context["totaal"] == 0
    assert client.get("/vroegsignalen/?status=gesloten").context["totaal"] == 0
    assert client.get("/vroegsignalen/?status=onzin&sortering=onzin").status_code == 200


def test_werklijst_vast_aantal_queries(client, regisseur_a, gemeente_a, normen):
    client.force_login(regisseur_a)
    for i in range(3):
        maak_zaak(gemeente_a, ontvangen_op=dagen_geleden(i), postcode=f"760{i} AA")
    client.get("/vroegsignalen/")
    with CaptureQueriesContext(connection) as weinig:
        client.get("/vroegsignalen/")
    for i in range(3, 15):
        maak_zaak(gemeente_a, ontvangen_op=dagen_geleden(i), postcode=f"76{i:02d} AA")
    with CaptureQueriesContext(connection) as veel:
        client.get("/vroegsignalen/")
    assert len(veel) == len(weinig)


# --- case page and contact attempts --------------------------------------------------------


def test_zaakpagina_met_auditregel(client, regisseur_a, zaak):
    client.force_login(regisseur_a)
    response = client.get(f"/vroegsignalen/{zaak.pk}/")
    html = response.content.decode()
    assert "123456782" in html  # full BSN on the case itself
    assert "Contactpoging vastleggen" in html
    assert "Omzetten in aanmelding" in html
    assert Auditregel.objects.filter(
        actie="inzien", objecttype="signaalzaak", object_id=str(zaak.pk)
    ).exists()


def test_kruimelpad_noemt_de_zaak_zonder_intern_nummer(client, regisseur_a, zaak):
    """Issue 20, point 9: 'Zaak 17' in the breadcrumb was an internal id."""
    client.force_login(regisseur_a)
    for pad in ("", "sluiten/", "omzetten/"):
        html = client.get(f"/vroegsignalen/{zaak.pk}/{pad}").content.decode()
        kruimel = html.split('aria-label="Kruimelpad"')[1].split("</nav>")[0]
        assert zaak.volledige_naam in kruimel, pad
        assert f"Zaak {zaak.pk}" not in html and f"Signaalzaak {zaak.pk}" not in html, pad
    Signaalzaak.objects.filter(pk=zaak.pk).update(voornamen="", tussenvoegsel="", achternaam="")
    zaak.refresh_from_db()
    assert zaak.naam_op_scherm.startswith("Signaal van ")


def test_contactpoging_via_formulier(client, regisseur_a, zaak):
    client.force_login(regisseur_a)
    url = f"/vroegsignalen/{zaak.pk}/contactpoging/"
    morgen = timezone.localdate() + timedelta(days=1)
    response = client.post(
        url, {"soort": "telefoon", "datum": morgen, "dagdeel": "ochtend", "notitie": "Bel terug"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "foutsamenvatting" in html
    assert "toekomst" in html
    assert "Kies of u de persoon heeft bereikt" in html
    assert "Bel terug" in html  # input kept
    te_vroeg = dagen_geleden(10)
    response = client.post(
        url, {"soort": "sms", "datum": te_vroeg, "dagdeel": "middag", "bereikt": "nee"}
    )
    assert "voor het eerste signaal" in response.content.decode()
    assert not zaak.contactpogingen.exists()

    response = client.post(
        url, {"soort": "telefoon", "datum": dagen_geleden(1), "dagdeel": "avond", "bereikt": "nee"}
    )
    assert response.status_code == 302
    response = client.post(
        url,
        {"soort": "huisbezoek", "datum": dagen_geleden(0), "dagdeel": "ochtend", "bereikt": "ja"},
        follow=True,
    )
    assert "De termijn voor eerste contact is gestopt" in response.content.decode()
    zaak.refresh_from_db()
    assert (zaak.status, zaak.eerste_contact_op, zaak.klok_status) == (
        "in_contact",
        dagen_geleden(0),
        "gehaald",
    )
    assert zaak.contactpogingen.count() == 2


def test_zaak_sluiten(client, regisseur_a, zaak):
    client.force_login(regisseur_a)
    url = f"/vroegsignalen/{zaak.pk}/sluiten/"
    assert "Zaak sluiten" in client.get(url).content.decode()
    response = client.post(url, {"reden": "anders", "datum": dagen_geleden(0)})
    assert "Licht de reden" in response.content.decode()
    response = client.post(url, {"reden": "hulp_geweigerd", "datum": dagen_geleden(0)}, follow=True)
    assert "De zaak is gesloten" in response.content.decode()
    zaak.refresh_from_db()
    assert (zaak.status, zaak.sluitreden, zaak.afgehandeld_door) == (
        "gesloten",
        "hulp_geweigerd",
        regisseur_a,
    )
    assert set(zaak.signalen.values_list("status", flat=True)) == {"afgehandeld"}
    html = client.get(f"/vroegsignalen/{zaak.pk}/").content.decode()
    assert "Contactpoging vastleggen" not in html  # no actions on a closed case
    assert client.get(url).status_code == 302


# --- convert -------------------------------------------------------------------------------


def omzetgegevens(**anders) -> dict:
    return {
        "bsn": "123456782",
        "voornamen": "Tanya",
        "achternaam": "Veldkamp",
        "geboortedatum": "1984-05-12",
        "postcode": "7607 AB",
        "huisnummer": "12",
        "aanmelddatum": timezone.localdate().isoformat(),
        "bedreigende_situatie": "huisuitzetting",
    } | anders


def test_omzetten_vraagt_ontbrekende_gegevens(client, regisseur_a, zaak):
    client.force_login(regisseur_a)
    html = client.get(f"/vroegsignalen/{zaak.pk}/omzetten/").content.decode()
    assert "Nog niet bekend uit de signalen: geboortedatum" in html
    assert 'value="123456782"' in html  # pre-filled from the signals
    response = client.post(
        f"/vroegsignalen/{zaak.pk}/omzetten/", omzetgegevens(geboortedatum="", bsn="123456789")
    )
    html = response.content.decode()
    assert "Vul de geboortedatum in" in html
    assert "elfproef" in html
    assert not Klant.objects.exists()


def test_omzetten_maakt_klant_en_traject(client, regisseur_a, zaak, gemeente_a):
    client.force_login(regisseur_a)
    response = client.post(f"/vroegsignalen/{zaak.pk}/omzetten/", omzetgegevens(), follow=True)
    html = response.content.decode()
    assert "Klant Tanya Veldkamp is aangemaakt en aangemeld via vroegsignalering" in html
    klant = Klant.objects.get(bsn="123456782")
    assert klant.gemeente == gemeente_a
    traject = Traject.objects.get(klant=klant)
    # Who converts is the person of their side and the klant's vaste contactpersoon.
    assert (traject.behandelaar, traject.contactpersoon) == (regisseur_a, regisseur_a)
    assert (traject.kanaal, traject.aanmelddatum, traject.bedreigende_situatie) == (
        "vroegsignalering",
        timezone.localdate(),
        "huisuitzetting",
    )
    zaak.refresh_from_db()
    assert (zaak.status, zaak.traject, zaak.afgehandeld_op) == (
        "aangemeld",
        traject,
        timezone.localdate(),
    )
    assert zaak.eerste_contact_op == timezone.localdate()  # an aanmelding means contact
    assert zaak.klok_status == "gehaald"
    assert f"/trajecten/{traject.pk}/" in html


def test_omzetten_gebruikt_bestaande_klant(client, regisseur_a, zaak, gemeente_a):
    klant = KlantFactory(gemeente=gemeente_a, bsn="123456782", achternaam="Veldkamp-Smit")
    client.force_login(regisseur_a)
    response = client.post(f"/vroegsignalen/{zaak.pk}/omzetten/", omzetgegevens(), follow=True)
    assert "Klant" in response.content.decode() and "is aangemeld" in response.content.decode()
    assert Klant.objects.count() == 1
    assert Traject.objects.get().klant == klant


def test_omzetten_geweigerd_laat_niets_achter(client, regisseur_a, zaak, gemeente_a, gemeente_b):
    elders = KlantFactory(gemeente=gemeente_b, bsn="123456782")
    client.force_login(regisseur_a)
    response = client.post(f"/vroegsignalen/{zaak.pk}/omzetten/", omzetgegevens())
    html = response.content.decode()
    assert "bij een gemeente waarvoor u niet werkt" in html and gemeente_b.naam not in html
    # The lookup is logged (ADR 0009), though the refused change rolled back.
    from schuldhulp.models import Auditregel

    assert Auditregel.objects.filter(objecttype="bsn-controle", klant_id=elders.pk).exists()
    # A klant that already has a running traject: refused by meld_aan, no new klant.
    zaak2 = maak_zaak(gemeente_a, ontvangen_op=dagen_geleden(2), postcode="7601 AA")
    bsn = geldig_bsn()
    klant = KlantFactory(gemeente=gemeente_a, bsn=bsn)
    from trajecten.services import meld_aan

    meld_aan(klant=klant, door=regisseur_a, datum=timezone.localdate(), kanaal="inwoner")
    response = client.post(f"/vroegsignalen/{zaak2.pk}/omzetten/", omzetgegevens(bsn=bsn))
    assert "al een lopend traject" in response.content.decode()
    zaak2.refresh_from_db()
    assert zaak2.status == "nieuw"


def test_omzetten_alles_of_niets(client, regisseur_a, zaak, monkeypatch):
    """A refused aanmelding also leaves no new klant behind."""
    from trajecten.vroegsignalering import services
    from trajecten.vroegsignalering.services import zaken

    def weiger(**kwargs):
        raise services.Geweigerd("Gemeente Almelo had op die dag geen dienstverleningsafspraak.")

    monkeypatch.setattr(zaken, "meld_aan", weiger)
    client.force_login(regisseur_a)
    response = client.post(f"/vroegsignalen/{zaak.pk}/omzetten/", omzetgegevens())
    assert "geen dienstverleningsafspraak" in response.content.decode()
    assert 'value="Tanya"' in response.content.decode()  # input kept
    assert not Klant.objects.exists()
    zaak.refresh_from_db()
    assert zaak.status == "nieuw"


# --- lists through the browser forms -------------------------------------------------------


def test_lijst_inlezen_via_scherm(client, regisseur_a, gemeente_a, normen):
    client.force_login(regisseur_a)
    assert "Lijst controleren" in client.get("/vroegsignalen/lijsten/").content.decode()
    bestand = SimpleUploadedFile("mei.csv", csv_bestand([csv_rij(), csv_rij(bsn="123456789")]))
    response = client.post(
        "/vroegsignalen/lijsten/", {"gemeente": gemeente_a.pk, "bestand": bestand}, follow=True
    )
    html = response.content.decode()
    assert "Rijen met fouten" in html
    assert "elfproef" in html
    assert "Er wordt niets opgeslagen" in html
    assert "signalen opslaan" not in html  # no confirm button while there are errors

    juni = csv_bestand([csv_rij(), csv_rij(huisnummer="14")])
    bestand = SimpleUploadedFile("juni.csv", juni)
    response = client.post(
        "/vroegsignalen/lijsten/", {"gemeente": gemeente_a.pk, "bestand": bestand}, follow=True
    )
    batch = response.context["batch"]
    html = response.content.decode()
    assert "2 signalen opslaan" in html
    assert "Voorbeeld: de eerste 2 nieuwe signalen" in html
    status = client.get(
        f"/vroegsignalen/lijsten/{batch.pk}/voortgang/", headers={"HX-Request": "true"}
    )
    assert status["HX-Refresh"] == "true"  # not busy: the page reloads to show the preview
    response = client.post(f"/vroegsignalen/lijsten/{batch.pk}/bevestigen/", follow=True)
    assert "2 signalen opgeslagen" in response.content.decode()
    assert Signaalzaak.objects.count() == 2

    bestand = SimpleUploadedFile("juni-kopie.csv", juni)
    response = client.post(
        "/vroegsignalen/lijsten/", {"gemeente": gemeente_a.pk, "bestand": bestand}, follow=True
    )
    assert "al eerder ingelezen" in response.content.decode()
    assert ImportBatch.objects.count() == 2


def test_voortgang_tijdens_controle(client, regisseur_a, gemeente_a):
    batch = ImportBatch.objects.create(
        gemeente=gemeente_a,
        bestandsnaam="groot.csv",
        sha256="1" * 64,
        geupload_door=regisseur_a,
        totaal_rijen=50_000,
        gecontroleerd_rijen=12_000,
    )
    client.force_login(regisseur_a)
    html = client.get(f"/vroegsignalen/lijsten/{batch.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert "12.000 van 50.000 rijen" in html
    assert '<progress class="voortgang" max="100" value="24">' in html
    status = client.get(
        f"/vroegsignalen/lijsten/{batch.pk}/voortgang/", headers={"HX-Request": "true"}
    )
    assert "HX-Refresh" not in status


def test_zoeken_op_bsn_komt_niet_in_een_adres(client, regisseur_a, zaak):
    """Issue 17: the search box POSTs (also live with htmx); paging links carry no BSN."""
    client.force_login(regisseur_a)
    pagina = client.get("/vroegsignalen/").content.decode()
    assert 'method="post" action="/vroegsignalen/"' in pagina and "hx-push-url" not in pagina
    antwoord = client.post("/vroegsignalen/", {"q": "123456782"}, headers={"HX-Request": "true"})
    assert antwoord.context["totaal"] == 1
    assert "123456782" not in antwoord.context["parameters"]
    assert client.post("/vroegsignalen/", {"q": "veldk", "status": "open"}).context[
        "parameters"
    ] == ("q=veldk&status=open")
