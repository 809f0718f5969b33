"""Confirm what cannot be undone (issue 20, point 3): deleting a schuld, doel or actie and a
step to a final state (afwijzing, uitstroom, the end of a schuldregeling, ending a product)
act only with `bevestigd=1`; a POST without it changes nothing and answers with the
confirmation page, which posts the same fields again, confirmed."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from klantplan import services as kp
from klantplan.models import Actie, Doel, Schuld
from schuldhulp.bevestigen import KOP
from schuldhulp.models import Rol
from tests.bouwers import GebruikerFactory, maak_traject, overgang, toegelaten_traject
from tests.bouwers.klantplan import schuldeisers
from trajecten import services, workflow
from trajecten.models import Product, Traject

pytestmark = pytest.mark.django_db
VANDAAG = timezone.localdate


def is_bevestigpagina(antwoord) -> str:
    html = antwoord.content.decode()
    assert antwoord.status_code == 200 and antwoord[KOP] == "nodig"
    assert "Dit kan niet ongedaan worden gemaakt." in html
    assert '<input type="hidden" name="bevestigd" value="1">' in html
    assert ">Annuleren</a>" in html
    return html


def bevestigd(data: dict) -> dict:
    return {**data, "bevestigd": "1"}


@pytest.fixture
def traject(klant_a, regisseur_a) -> Traject:
    return toegelaten_traject(klant_a, regisseur_a)


@pytest.fixture
def plan(traject, regisseur_a):
    return kp.maak_klantplan(traject=traject, door=regisseur_a)


# --------------------------------------------------------------------------- the catalogue


def test_elke_stap_naar_een_eindtoestand_vraagt_eerst():
    """A row whose target no row leaves (same state field) cannot be undone: it says what
    will happen. Steps that can be followed by another do not ask."""
    stappen = [h for h in workflow.HANDELINGEN.values() if h.is_overgang]
    for h in stappen:
        eind = not any(h.doel in o.bron for o in stappen if o.veld == h.veld)
        assert bool(h.onomkeerbaar) == eind, h.naam
    assert workflow.HANDELINGEN["product.beeindig"].onomkeerbaar


# --------------------------------------------------------------------------- klantplan


def test_schuld_verwijderen_vraagt_eerst(client, regisseur_a, traject):
    schuld = kp.voeg_schuld_toe(
        traject=traject,
        door=regisseur_a,
        gegevens=kp.Schuldgegevens(
            schuldeiser=schuldeisers()["CJIB"],
            oorspronkelijk_bedrag_cent=12_345,
            actueel_bedrag_cent=12_345,
            peildatum=VANDAAG(),
            status="aangemeld",
        ),
    )
    client.force_login(regisseur_a)
    url = reverse("klantplan:schuld_verwijder", args=[traject.pk, schuld.pk])
    html = is_bevestigpagina(client.post(url))
    assert "Weet u zeker dat u de schuld bij CJIB wilt verwijderen?" in html
    assert "€ 123,45" in html and "Ja, schuld verwijderen" in html
    assert f'action="{url}"' in html
    assert Schuld.objects.filter(pk=schuld.pk).exists()

    antwoord = client.post(url, {"bevestigd": "1"})
    assert antwoord.status_code == 302
    assert not Schuld.objects.filter(pk=schuld.pk).exists()


def test_doel_en_actie_verwijderen_vragen_eerst(client, regisseur_a, traject, plan):
    doel = kp.voeg_doel_toe(klantplan_id=plan.pk, door=regisseur_a, omschrijving="Vaste lasten")
    actie = kp.voeg_actie_toe(
        klantplan_id=plan.pk, door=regisseur_a, soort="klant", wat="Loonstroken inleveren"
    )
    client.force_login(regisseur_a)
    doel_url = reverse("klantplan:doel_verwijder", args=[traject.pk, plan.versie, doel.pk])
    actie_url = reverse("klantplan:actie_verwijder", args=[traject.pk, actie.pk])

    assert "Vaste lasten" in is_bevestigpagina(client.post(doel_url))
    assert "Loonstroken inleveren" in is_bevestigpagina(client.post(actie_url))
    assert Doel.objects.filter(pk=doel.pk).exists() and Actie.objects.filter(pk=actie.pk).exists()

    assert client.post(doel_url, {"bevestigd": "1"}).status_code == 302
    assert client.post(actie_url, {"bevestigd": "1"}).status_code == 302
    assert not Doel.objects.filter(pk=doel.pk).exists()
    assert not Actie.objects.filter(pk=actie.pk).exists()


def test_knoppen_zijn_gemarkeerd_voor_de_dialoog(client, regisseur_a, traject, plan):
    kp.voeg_actie_toe(klantplan_id=plan.pk, door=regisseur_a, soort="klant", wat="Iets doen")
    client.force_login(regisseur_a)
    html = client.get(reverse("klantplan:klantplan_versie", args=[traject.pk, 1])).content
    assert b'type="submit" data-bevestigen>Verwijderen' in html
    assert b"schuldhulp/bevestigen.js" in html  # the script, from a file (CSP: no inline)


def test_andere_gemeente_blijft_404_zonder_bevestigpagina(
    client, regisseur_a, klant_b, gemeente_b, consulent_b
):
    regisseur_b = GebruikerFactory(rol=Rol.KLANTREGISSEUR, gemeenten=[gemeente_b])
    traject_b = toegelaten_traject(klant_b, consulent_b)  # Basis: the gemeente's intake
    plan_b = kp.maak_klantplan(traject=traject_b, door=regisseur_b)
    doel = kp.voeg_doel_toe(klantplan_id=plan_b.pk, door=regisseur_b, omschrijving="Rust")
    client.force_login(regisseur_a)
    url = reverse("klantplan:doel_verwijder", args=[traject_b.pk, plan_b.versie, doel.pk])
    assert client.post(url).status_code == 404
    assert client.post(url, {"bevestigd": "1"}).status_code == 404
    assert Doel.objects.filter(pk=doel.pk).exists()


# --------------------------------------------------------------------------- traject steps


def stapdata(traject: Traject, prefix: str, **velden) -> dict:
    velden = {"versie": Traject.objects.get(pk=traject.pk).versie, **velden}
    return {f"{prefix}-{k}": v for k, v in velden.items()}


@pytest.fixture
def in_intake(klant_a, regisseur_a) -> Traject:
    return overgang(maak_traject(klant_a, regisseur_a), "voer_eerste_gesprek", regisseur_a)


def test_afwijzing_vraagt_eerst_en_zegt_wat_er_gebeurt(client, regisseur_a, in_intake):
    client.force_login(regisseur_a)
    html = client.get(reverse("traject_detail", args=[in_intake.pk])).content.decode()
    assert 'type="submit" data-bevestigen>Afwijzing vastleggen</button>' in html
    assert 'type="submit">Toelating vastleggen</button>' in html  # a step forward: no question

    url = reverse("traject_overgang", args=[in_intake.pk, "neem_afwijzingsbesluit"])
    data = stapdata(
        in_intake,
        "stap-neem_afwijzingsbesluit",
        datum=VANDAAG().isoformat(),
        uitstroomreden="Voldoet niet",
        toelichting="Geen inkomen in Nederland",
    )
    html = is_bevestigpagina(client.post(url, data))
    assert "De klant krijgt geen schuldhulp. Het traject wordt afgesloten" in html
    assert "Voldoet niet aan de voorwaarden" in html and "Geen inkomen in Nederland" in html
    assert in_intake.klant.volledige_naam in html
    assert "Ja, afwijzing vastleggen" in html
    # the confirmation carries every field again
    assert 'name="stap-neem_afwijzingsbesluit-uitstroomreden" value="Voldoet niet"' in html
    assert Traject.objects.get(pk=in_intake.pk).fase == "intake"

    assert client.post(url, bevestigd(data)).status_code == 302
    assert Traject.objects.get(pk=in_intake.pk).fase == "uitgestroomd"


def test_een_stap_vooruit_vraagt_niets(client, regisseur_a, in_intake):
    client.force_login(regisseur_a)
    url = reverse("traject_overgang", args=[in_intake.pk, "neem_toelatingsbesluit"])
    data = stapdata(in_intake, "stap-neem_toelatingsbesluit", datum=VANDAAG().isoformat())
    assert client.post(url, data).status_code == 302
    assert Traject.objects.get(pk=in_intake.pk).fase == "stabilisatie"


def test_een_fout_formulier_eerst_verbeteren(client, regisseur_a, in_intake):
    client.force_login(regisseur_a)
    url = reverse("traject_overgang", args=[in_intake.pk, "sluit_af"])
    data = stapdata(in_intake, "stap-sluit_af", datum=VANDAAG().isoformat())  # no reason
    antwoord = client.post(url, data)
    assert KOP not in antwoord and "Kies een reden van uitstroom." in antwoord.content.decode()


def test_weigert_de_poort_dan_geen_vraag_maar_de_reden(client, consulent_a, in_intake):
    """Ontzorging: the beschikking is the Stadsbank's; the consulent gets the reason."""
    client.force_login(consulent_a)
    url = reverse("traject_overgang", args=[in_intake.pk, "neem_afwijzingsbesluit"])
    data = stapdata(
        in_intake,
        "stap-neem_afwijzingsbesluit",
        datum=VANDAAG().isoformat(),
        uitstroomreden="Voldoet niet",
    )
    antwoord = client.post(url, data)
    assert KOP not in antwoord and "niet vastgelegd" in antwoord.content.decode()
    assert Traject.objects.get(pk=in_intake.pk).fase == "intake"


def test_schuldregeling_intrekken_en_product_beeindigen_vragen_eerst(client, regisseur_a, klant_a):
    traject = toegelaten_traject(klant_a, regisseur_a)
    product = services.start_product(
        traject_id=traject.pk, soort="Schuldbemiddeling", door=regisseur_a, datum=VANDAAG()
    )
    client.force_login(regisseur_a)
    prefix = f"schuldregeling-{product.pk}"
    html = client.get(reverse("traject_detail", args=[traject.pk])).content.decode()
    assert 'value="trek_in" data-bevestigen>Voorstel intrekken' in html
    assert 'value="dien_in">Voorstel ingediend' in html

    url = reverse("traject_schuldregeling", args=[traject.pk, product.pk])
    intrekken = stapdata(traject, prefix, stap="trek_in", datum=VANDAAG().isoformat())
    html = is_bevestigpagina(client.post(url, intrekken))
    assert "Het voorstel aan de schuldeisers vervalt." in html
    assert Product.objects.get(pk=product.pk).schuldregeling_status == "in_voorbereiding"
    indienen = stapdata(traject, prefix, stap="dien_in", datum=VANDAAG().isoformat())
    assert client.post(url, indienen).status_code == 302  # can be followed: no question
    intrekken = stapdata(traject, prefix, stap="trek_in", datum=VANDAAG().isoformat())
    assert client.post(url, bevestigd(intrekken)).status_code == 302
    assert Product.objects.get(pk=product.pk).schuldregeling_status == "ingetrokken"

    url = reverse("traject_product_einde", args=[traject.pk, product.pk])
    einde = stapdata(traject, f"product-{product.pk}", datum=VANDAAG().isoformat())
    html = is_bevestigpagina(client.post(url, einde))
    assert "Schuldbemiddeling (minnelijke regeling) beëindigen" in html
    assert Product.objects.get(pk=product.pk).einddatum is None
    assert client.post(url, bevestigd(einde)).status_code == 302
    assert Product.objects.get(pk=product.pk).einddatum == VANDAAG()
