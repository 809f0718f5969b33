"""The klantregisseur's schuldregeling screen: reading (own gemeente only), opening a
regeling, bulk letters, choosing the voorstel, the 120-day clock with who holds it up and
the shares agreeing; a stale form saves nothing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from klantplan.schuldregeling.models import Bericht, Onderhandeling, Regeling
from klantplan.schuldregeling.services.antwoorden import leg_antwoord_vast, leg_saldo_vast
from klantplan.schuldregeling.services.handmatig import verstuur_kennisgeving_en_saldoverzoek
from klantplan.schuldregeling.services.versturen import verstuur
from tests.bouwers.omgeving import omgeving
from tests.bouwers.trajecten import vandaag
from tests.schuldregeling.bouwers import BEDRAGEN, dossier, traject_met_schulden, voorstel
from trajecten.models import Normbewaking

pytestmark = pytest.mark.django_db

NAMEN = list(BEDRAGEN)


def _pagina(client, d) -> str:
    antwoord = client.get(reverse("schuldregeling:regeling", args=[d.regeling.pk]))
    assert antwoord.status_code == 200
    return antwoord.content.decode()


def _versie(d) -> int:
    return Regeling.objects.get(pk=d.regeling.pk).versie


def _ids(d, *namen: str) -> list[int]:
    return [d.onderhandeling(n).pk for n in (namen or NAMEN)]


def _saldo_allen(d) -> None:
    for naam in NAMEN:
        leg_saldo_vast(
            onderhandeling_id=d.onderhandeling(naam).pk,
            door=d.omg.regisseur,
            datum=vandaag(),
            hoofdsom_cent=BEDRAGEN[naam],
        )


# --- Reading ----------------------------------------------------------------------------------


def test_andere_gemeente_krijgt_404_en_contractmanager_403(client):
    d = dossier()
    o = d.onderhandeling("CJIB")
    urls = [
        reverse("schuldregeling:traject", args=[d.traject.pk]),
        reverse("schuldregeling:regeling", args=[d.regeling.pk]),
        reverse("schuldregeling:schuldeiser", args=[o.pk]),
    ]
    for gebruiker, verwacht in [
        (d.omg.ander, 404),
        (d.omg.ander_consulent, 404),
        (d.omg.contractmanager, 403),
        (d.omg.regisseur, 200),
        (d.omg.consulent, 200),
    ]:
        client.force_login(gebruiker)
        for url in urls:
            assert client.get(url).status_code == verwacht, (gebruiker.rol, url)


def test_consulent_ziet_maar_kan_niet_versturen(client):
    d = dossier()
    client.force_login(d.omg.consulent)
    html = _pagina(client, d)
    assert "Belastingdienst" in html and "Schuldregeling met de schuldeisers" in html
    assert 'id="bulk-' not in html and 'name="schuldeisers"' not in html
    assert 'id="voorstel-kiezen"' not in html
    antwoord = client.post(
        reverse("schuldregeling:versturen", args=[d.regeling.pk]),
        {"versie": _versie(d), "actie": "kennisgeving_saldo", "schuldeisers": _ids(d)},
    )
    assert antwoord.status_code == 200
    assert "Dit doet de Stadsbank (klantregisseur)" in antwoord.content.decode()
    assert not Bericht.objects.filter(traject=d.traject).exists()
    # Nor a manual answer on the creditor's page: no form, and a POST is refused.
    o = d.onderhandeling("CJIB")
    html = client.get(reverse("schuldregeling:schuldeiser", args=[o.pk])).content.decode()
    assert 'id="invoer-' not in html
    antwoord = client.post(
        reverse("schuldregeling:vastleggen", args=[o.pk, "saldo"]),
        {
            "versie": _versie(d),
            "saldo-datum": vandaag().isoformat(),
            "saldo-kanaal": "post",
            "saldo-hoofdsom": "500,00",
        },
    )
    assert antwoord.status_code == 200
    assert d.onderhandeling("CJIB").status == "nieuw"


# --- Opening ----------------------------------------------------------------------------------


def test_openen_knop_precies_als_de_poort_en_de_reden_het_toelaten(client):
    omg = omgeving()
    traject, product = traject_met_schulden(omg)
    url = reverse("schuldregeling:traject", args=[traject.pk])
    client.force_login(omg.consulent)
    html = client.get(url).content.decode()
    assert f'id="openen-{product.pk}"' not in html
    assert "Dit doet de Stadsbank (klantregisseur) in de schuldregeling." in html
    client.force_login(omg.regisseur)
    html = client.get(url).content.decode()
    assert f'id="openen-{product.pk}"' in html
    # A peildatum in the future: refused in Dutch, nothing opened.
    morgen = (vandaag() + timedelta(days=1)).isoformat()
    antwoord = client.post(
        reverse("schuldregeling:openen", args=[traject.pk]),
        {"product": product.pk, f"openen-{product.pk}-peildatum": morgen},
    )
    assert antwoord.status_code == 200
    assert "De peildatum ligt in de toekomst." in antwoord.content.decode()
    assert not Regeling.objects.filter(product=product).exists()
    antwoord = client.post(
        reverse("schuldregeling:openen", args=[traject.pk]),
        {"product": product.pk, f"openen-{product.pk}-peildatum": vandaag().isoformat()},
    )
    regeling = Regeling.objects.get(product=product)
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("schuldregeling:regeling", args=[regeling.pk])
    assert regeling.onderhandelingen.count() == 5
    html = client.get(url).content.decode()
    assert f'id="openen-{product.pk}"' not in html  # opened: no second button
    assert html.count('name="schuldeisers"') == 5


# --- Bulk letters -----------------------------------------------------------------------------


def test_kennisgeving_en_saldoverzoek_aan_vijf_schuldeisers(client):
    d = dossier()
    client.force_login(d.omg.regisseur)
    html = _pagina(client, d)
    assert 'id="bulk-kennisgeving_saldo"' in html
    assert 'id="bulk-betaalvoorstel"' not in html  # nobody gave a saldo yet
    antwoord = client.post(
        reverse("schuldregeling:versturen", args=[d.regeling.pk]),
        {"versie": _versie(d), "actie": "kennisgeving_saldo", "schuldeisers": _ids(d)},
        follow=True,
    )
    html = antwoord.content.decode()
    assert "10 brieven aan 5 schuldeisers" in html
    for o in d.regeling.onderhandelingen.all():
        assert o.status == "saldo_gevraagd" and o.termijn_tot is not None
        assert list(o.berichten.values_list("soort", flat=True)) == [
            "kennisgeving",
            "saldoverzoek",
        ]
    # Everyone now owes an answer: all five hold up the norm.
    assert html.count('href="/schuldregeling/schuldeisers/') >= 10
    ophouders = html.split('id="ophouders"')[1].split("</section>")[0]
    assert all(naam in ophouders for naam in NAMEN)


def test_verouderd_formulier_en_weigering_slaan_niets_op(client):
    d = dossier()
    client.force_login(d.omg.regisseur)
    oud = _versie(d)
    verstuur(
        onderhandeling_ids=_ids(d, "CJIB"),
        handeling="sr.kennisgeving",
        door=d.omg.regisseur,
        datum=vandaag(),
    )
    antwoord = client.post(
        reverse("schuldregeling:versturen", args=[d.regeling.pk]),
        {"versie": oud, "actie": "kennisgeving_saldo", "schuldeisers": _ids(d)},
    )
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "Iemand anders heeft deze schuldregeling net gewijzigd" in html
    assert Bericht.objects.filter(traject=d.traject).count() == 1
    # The ticks are kept, the fresh version is on the form: the second try goes through.
    assert html.count(" checked>") == 5
    assert f'name="versie" value="{_versie(d)}"' in html
    # A betaalvoorstel to creditors without a saldo: refused, naming the creditor.
    antwoord = client.post(
        reverse("schuldregeling:versturen", args=[d.regeling.pk]),
        {"versie": _versie(d), "actie": "betaalvoorstel", "schuldeisers": _ids(d, "CJIB")},
    )
    assert "CJIB: Dit kan niet bij een schuldeiser met status" in antwoord.content.decode()
    assert Bericht.objects.filter(traject=d.traject).count() == 1


def test_alle_schuldeisers_waarvoor_het_kan(client):
    d = dossier()
    client.force_login(d.omg.regisseur)
    verstuur_kennisgeving_en_saldoverzoek(
        onderhandeling_ids=_ids(d), door=d.omg.regisseur, datum=vandaag()
    )
    _saldo_allen(d)
    voorstel(d)
    antwoord = client.post(
        reverse("schuldregeling:versturen", args=[d.regeling.pk]),
        {"versie": _versie(d), "actie": "betaalvoorstel", "alle": "on"},
    )
    assert antwoord.status_code == 302
    statussen = set(d.regeling.onderhandelingen.values_list("status", flat=True))
    assert statussen == {"voorstel"}
    antwoord = client.post(
        reverse("schuldregeling:versturen", args=[d.regeling.pk]),
        {"versie": _versie(d), "actie": "betaalvoorstel"},
    )
    assert "Kies ten minste één schuldeiser" in antwoord.content.decode()


# --- The voorstel -----------------------------------------------------------------------------


def test_voorstel_kiezen_zet_het_aanbod(client):
    from klantplan.services.sanering import bereken_voorstel

    d = dossier()
    v = bereken_voorstel(
        traject=d.traject,
        door=d.omg.regisseur,
        soort="schuldregeling",
        aflosruimte_per_maand_cent=15_000,
    )
    client.force_login(d.omg.regisseur)
    html = _pagina(client, d)
    assert 'id="voorstel-kiezen"' in html and f'value="{v.pk}"' in html
    antwoord = client.post(
        reverse("schuldregeling:voorstel_kiezen", args=[d.regeling.pk]),
        {"versie": _versie(d), "voorstel": v.pk},
    )
    assert antwoord.status_code == 302
    aanbod = {a["sleutel"]: a["aandeel_cent"] for a in v.resultaat["aandelen"]}
    for o in Onderhandeling.objects.filter(regeling=d.regeling):
        assert o.aangeboden_cent == aanbod[f"schuld-{o.schuld_id}"]
    assert Regeling.objects.get(pk=d.regeling.pk).voorstel_id == v.pk


# --- The 120 days and the shares --------------------------------------------------------------


def test_wie_houdt_het_op_en_de_aandelen(client):
    d = dossier()
    regisseur = d.omg.regisseur
    verstuur_kennisgeving_en_saldoverzoek(
        onderhandeling_ids=_ids(d), door=regisseur, datum=vandaag()
    )
    _saldo_allen(d)
    voorstel(d)
    # Welbions was asked a week earlier than the others (the clock counts from the letter).
    verstuur(
        onderhandeling_ids=_ids(d), handeling="sr.betaalvoorstel", door=regisseur, datum=vandaag()
    )
    welbions = d.onderhandeling("Welbions")
    Bericht.objects.filter(onderhandeling=welbions, soort="betaalvoorstel").update(
        datum=vandaag() - timedelta(days=7)
    )
    Onderhandeling.objects.filter(pk=welbions.pk).update(termijn_tot=vandaag() - timedelta(days=3))
    for naam, akkoord in [("Belastingdienst", True), ("CJIB", True), ("Vitens", False)]:
        leg_antwoord_vast(
            onderhandeling_id=d.onderhandeling(naam).pk,
            door=regisseur,
            datum=vandaag(),
            akkoord=akkoord,
            reden="" if akkoord else "Te weinig",
        )
    client.force_login(d.omg.consulent)  # reading is the dossier's own people's
    html = _pagina(client, d)
    ophouders = html.split('id="ophouders"')[1].split("</section>")[0]
    rijen = re.findall(r"<tr>\s*<td><a [^>]*>([^<]+)</a>", ophouders)
    assert rijen == ["Welbions", "Menzis"]  # longest waiting first
    assert "3 dagen te laat" in ophouders and ">7<" in ophouders
    assert "Vitens" in html.split('id="ophouders"')[1].split("Aan de Stadsbank")[1]
    # 2 of 5 claims; by amount (120.000 + 45.050) / 493.883 cents, rounded down.
    totaal = sum(BEDRAGEN.values())
    akkoord = BEDRAGEN["Belastingdienst"] + BEDRAGEN["CJIB"]
    assert (akkoord, totaal) == (165_050, 493_883)
    assert re.search(r'id="instemming-aantal">.*?40,0%.*?2 van 5', html, re.S)
    assert re.search(r'id="instemming-bedrag">.*?33,4%.*?€ 1.650,50 van € 4.938,83', html, re.S)
    klok = Normbewaking.objects.get(product=d.product, norm__code="schuldregeling-120")
    kaart = html.split('id="klok-120"')[1].split("</div>")[0]
    assert f"{klok.deadline.day} " in kaart and "(toelating)" in kaart
