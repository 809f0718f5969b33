"""Traject detail, its actions, aanmelden and the klant page: only the buttons a user may use,
refusals in plain Dutch that change nothing, 404 for another gemeente, 403 for a
contractmanager."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tests.bouwers import KlantFactory, maak_traject, overgang
from trajecten import services
from trajecten.models import (
    Crisisinterventie,
    Gebeurtenis,
    Moratorium,
    Normbewaking,
    Opschorting,
    Product,
    Traject,
)

pytestmark = pytest.mark.django_db

VANDAAG = timezone.localdate


def detail(traject: Traject) -> str:
    return reverse("traject_detail", args=[traject.pk])


def overgang_url(traject: Traject, naam: str) -> str:
    return reverse("traject_overgang", args=[traject.pk, naam])


def vers(traject: Traject) -> Traject:
    return Traject.objects.get(pk=traject.pk)


def stapdata(traject: Traject, naam: str, **extra) -> dict:
    prefix = f"stap-{naam}"
    data = {
        "datum": VANDAAG().isoformat(),
        "toelichting": "",
        "reden_terugdatering": "",
        "versie": vers(traject).versie,
        **extra,
    }
    return {f"{prefix}-{k}": v for k, v in data.items()}


def gegevens(prefix: str, traject: Traject | None = None, **velden) -> dict:
    data = dict(velden)
    if traject is not None:
        data.setdefault("versie", vers(traject).versie)
    return {f"{prefix}-{k}": v for k, v in data.items()}


@pytest.fixture
def traject_a(klant_a, regisseur_a) -> Traject:
    return maak_traject(klant_a, regisseur_a)


@pytest.fixture
def in_intake(traject_a, regisseur_a) -> Traject:
    return overgang(traject_a, "voer_eerste_gesprek", regisseur_a)


@pytest.fixture
def in_stabilisatie(in_intake, regisseur_a) -> Traject:
    return overgang(in_intake, "neem_toelatingsbesluit", regisseur_a)


# ------------------------------------------------------------------------------ access


def test_contractmanager_krijgt_403(client, contractmanager_a, traject_a, klant_a):
    client.force_login(contractmanager_a)
    assert client.get(detail(traject_a)).status_code == 403
    assert client.get(reverse("traject_aanmelden"), {"klant": klant_a.pk}).status_code == 403
    r = client.post(
        overgang_url(traject_a, "voer_eerste_gesprek"), stapdata(traject_a, "voer_eerste_gesprek")
    )
    assert r.status_code == 403
    assert vers(traject_a).fase == "aangemeld"


def test_traject_van_andere_gemeente_is_404(client, regisseur_a, klant_b, consulent_b):
    traject_b = maak_traject(klant_b, consulent_b)
    client.force_login(regisseur_a)
    assert client.get(detail(traject_b)).status_code == 404
    r = client.post(
        overgang_url(traject_b, "voer_eerste_gesprek"), stapdata(traject_b, "voer_eerste_gesprek")
    )
    assert r.status_code == 404
    assert vers(traject_b).fase == "aangemeld"


def test_onbekende_stap_is_404(client, regisseur_a, traject_a):
    client.force_login(regisseur_a)
    assert client.post(overgang_url(traject_a, "vlieg_weg"), {}).status_code == 404


# ------------------------------------------------------------------------------ detail page


def test_detail_toont_fasen_pakket_termijnen_en_tijdlijn(client, regisseur_a, in_intake):
    client.force_login(regisseur_a)
    r = client.get(detail(in_intake))
    html = r.content.decode()
    assert r.status_code == 200
    assert '<ol class="stappen">' in html
    assert 'class="stap--klaar"' in html and 'aria-current="step"' in html
    assert "1 Ontzorging" in html
    assert "Toelating vastleggen" in html and "Dit doet de Stadsbank (klantregisseur)." in html
    assert "Beschikking binnen 8 weken na het eerste gesprek (Awb)" in html
    assert 'utrecht-status-badge--success tag--gehaald">Gehaald</span>' in html
    assert "Eerste gesprek (start intake)" in html and escape(str(regisseur_a)) in html
    assert '<nav class="dossiertabs" aria-label="Dossier">' in html


def test_dossiertabs_hebben_plek_voor_links():
    from pathlib import Path

    sjabloon = Path("klantplan/templates/klantplan/_dossierkop.html").read_text()
    nav = sjabloon.split('<nav class="dossiertabs" aria-label="Dossier">')[1].split("</nav>")[0]
    assert "{# dossierlinks #}" in nav


def test_consulent_in_ontzorging_ziet_geen_toelating(client, consulent_a, regisseur_a, in_intake):
    client.force_login(consulent_a)
    html = client.get(detail(in_intake)).content.decode()
    assert overgang_url(in_intake, "neem_toelatingsbesluit") not in html
    assert "Nu vastleggen" not in html
    assert "Toelating vastleggen</button>" not in html
    assert "Afwijzing vastleggen</button>" not in html
    # but it says who does it, in one sentence
    assert "Dit doet de Stadsbank (klantregisseur)" in html
    client.force_login(regisseur_a)
    html = client.get(detail(in_intake)).content.decode()
    assert "Toelating vastleggen</button>" in html
    assert f'action="{overgang_url(in_intake, "neem_toelatingsbesluit")}"' in html


def test_in_basis_legt_de_consulent_het_eerste_gesprek_vast(
    client, consulent_b, gemeente_b, klant_b
):
    from tests.bouwers import GebruikerFactory

    regisseur_b = GebruikerFactory(username="kr_b", rol="klantregisseur", gemeenten=[gemeente_b])
    traject = maak_traject(klant_b, regisseur_b)
    client.force_login(regisseur_b)
    assert "Eerste gesprek vastleggen</button>" not in client.get(detail(traject)).content.decode()
    client.force_login(consulent_b)
    assert "Eerste gesprek vastleggen</button>" in client.get(detail(traject)).content.decode()
    r = client.post(
        overgang_url(traject, "voer_eerste_gesprek"), stapdata(traject, "voer_eerste_gesprek")
    )
    assert r.status_code == 302
    assert vers(traject).fase == "intake"


# ------------------------------------------------------------------------------ transitions


def test_overgang_vastleggen(client, regisseur_a, traject_a):
    client.force_login(regisseur_a)
    r = client.post(
        overgang_url(traject_a, "voer_eerste_gesprek"),
        stapdata(traject_a, "voer_eerste_gesprek", toelichting="Aan tafel met de klant"),
        follow=True,
    )
    assert r.redirect_chain == [(detail(traject_a), 302)]
    html = r.content.decode()
    assert "Vastgelegd: Eerste gesprek (start intake)" in html
    assert "melding--success" in html
    assert vers(traject_a).fase == "intake"
    g = Gebeurtenis.objects.get(traject=traject_a, soort="eerste_gesprek")
    assert g.toelichting == "Aan tafel met de klant" and g.door == regisseur_a
    gesprek = Normbewaking.objects.get(traject=traject_a, norm__code="wgs-eerste-gesprek")
    assert gesprek.status == "gehaald"


def _niets_veranderd(traject: Traject, voor: Traject) -> None:
    na = vers(traject)
    assert (na.fase, na.versie) == (voor.fase, voor.versie)
    assert Gebeurtenis.objects.filter(traject=traject).count() == voor._aantal


def _stand(traject: Traject) -> Traject:
    voor = vers(traject)
    voor._aantal = Gebeurtenis.objects.filter(traject=traject).count()
    return voor


def test_geweigerde_overgang_meldt_waarom_en_verandert_niets(client, consulent_a, in_intake):
    voor = _stand(in_intake)
    client.force_login(consulent_a)
    r = client.post(
        overgang_url(in_intake, "neem_toelatingsbesluit"),
        stapdata(in_intake, "neem_toelatingsbesluit"),
    )
    html = r.content.decode()
    assert r.status_code == 200
    assert 'class="foutsamenvatting"' in html
    assert "Dit doet de Stadsbank (klantregisseur)" in html
    assert "Toelating vastleggen: niet vastgelegd" in html
    _niets_veranderd(in_intake, voor)


def test_datum_in_de_toekomst_geweigerd(client, regisseur_a, traject_a):
    voor = _stand(traject_a)
    client.force_login(regisseur_a)
    morgen = (VANDAAG() + timedelta(days=1)).isoformat()
    r = client.post(
        overgang_url(traject_a, "voer_eerste_gesprek"),
        stapdata(traject_a, "voer_eerste_gesprek", datum=morgen),
    )
    html = r.content.decode()
    assert "De datum ligt in de toekomst" in html
    assert f'value="{morgen}"' in html  # the user's input is kept
    assert 'id="stap-voer_eerste_gesprek"' in html
    _niets_veranderd(traject_a, voor)


def test_terugdateren_vraagt_een_reden(client, regisseur_a, klant_a):
    traject = maak_traject(klant_a, regisseur_a, dagen_geleden=10)
    client.force_login(regisseur_a)
    gisteren = (VANDAAG() - timedelta(days=1)).isoformat()
    voor = _stand(traject)
    r = client.post(
        overgang_url(traject, "voer_eerste_gesprek"),
        stapdata(traject, "voer_eerste_gesprek", datum=gisteren),
    )
    assert "Geef de reden op waarom u terugdateert" in r.content.decode()
    _niets_veranderd(traject, voor)
    r = client.post(
        overgang_url(traject, "voer_eerste_gesprek"),
        stapdata(traject, "voer_eerste_gesprek", datum=gisteren, reden_terugdatering="Was ziek"),
        follow=True,
    )
    html = r.content.decode()
    assert vers(traject).fase == "intake"
    assert "Later vastgelegd" in html and "Was ziek" in html


def test_gelijktijdige_wijziging_wordt_geweigerd(client, regisseur_a, traject_a):
    client.force_login(regisseur_a)
    oud = stapdata(traject_a, "voer_eerste_gesprek")
    overgang(traject_a, "voer_eerste_gesprek", regisseur_a)  # someone else, just now
    voor = _stand(traject_a)
    naam = "neem_toelatingsbesluit"
    data = {k.replace("voer_eerste_gesprek", naam): v for k, v in oud.items()}
    r = client.post(overgang_url(traject_a, naam), data)
    html = r.content.decode()
    assert "Iemand anders heeft dit traject net gewijzigd" in html
    _niets_veranderd(traject_a, voor)
    # the form on the page now carries the new version, so a deliberate retry works
    assert f'name="stap-{naam}-versie" value="{voor.versie}"' in html


def test_weggevallen_stap_meldt_bovenaan(client, regisseur_a, traject_a):
    client.force_login(regisseur_a)
    data = stapdata(traject_a, "voer_eerste_gesprek")
    overgang(traject_a, "voer_eerste_gesprek", regisseur_a)
    r = client.post(overgang_url(traject_a, "voer_eerste_gesprek"), data)
    html = r.content.decode()
    assert "Eerste gesprek vastleggen: niet vastgelegd" in html
    assert "Iemand anders heeft dit traject net gewijzigd" in html


def test_uitstroom_vraagt_een_reden(client, regisseur_a, traject_a):
    client.force_login(regisseur_a)
    voor = _stand(traject_a)
    r = client.post(overgang_url(traject_a, "sluit_af"), stapdata(traject_a, "sluit_af"))
    assert "Kies een reden van uitstroom." in r.content.decode()
    _niets_veranderd(traject_a, voor)
    r = client.post(
        overgang_url(traject_a, "sluit_af"),
        {**stapdata(traject_a, "sluit_af", uitstroomreden="Zelf"), "bevestigd": "1"},
    )
    assert r.status_code == 302
    traject = vers(traject_a)
    assert (traject.fase, traject.uitstroomreden) == ("uitgestroomd", "Zelf")


def test_ongeldige_invoer_houdt_invoer_vast(client, regisseur_a, traject_a):
    client.force_login(regisseur_a)
    r = client.post(
        overgang_url(traject_a, "voer_eerste_gesprek"),
        stapdata(traject_a, "voer_eerste_gesprek", datum="31-02-2026", toelichting="Notitie"),
    )
    html = r.content.decode()
    assert "Vul een geldige datum in" in html
    assert "Notitie" in html
    assert 'href="#id_stap-voer_eerste_gesprek-datum"' in html  # error summary links to field


# ------------------------------------------------------------------------------ other actions


def test_product_starten_en_beeindigen(client, regisseur_a, in_stabilisatie):
    client.force_login(regisseur_a)
    t = in_stabilisatie
    r = client.post(
        reverse("traject_product_start", args=[t.pk]),
        gegevens(
            "product-nieuw",
            t,
            soort="Budgetbeheer",
            datum=VANDAAG().isoformat(),
            toelichting="",
            reden_terugdatering="",
        ),
        follow=True,
    )
    assert "Budgetbeheer is gestart" in r.content.decode()
    product = Product.objects.get(traject=t)
    assert 'id="product-' + str(product.pk) + '"' in r.content.decode()
    einde = gegevens(
        f"product-{product.pk}",
        t,
        datum=VANDAAG().isoformat(),
        resultaat="Kan zelf verder",
        zelfredzaam="ja",
        reden_terugdatering="",
    )
    r = client.post(
        reverse("traject_product_einde", args=[t.pk, product.pk]), {**einde, "bevestigd": "1"}
    )
    assert r.status_code == 302
    product = Product.objects.get(pk=product.pk)
    assert product.einddatum == VANDAAG() and product.zelfredzaam is True


def test_consulent_in_ontzorging_kan_geen_product_starten(client, consulent_a, in_stabilisatie):
    client.force_login(consulent_a)
    html = client.get(detail(in_stabilisatie)).content.decode()
    assert "Product starten" not in html
    r = client.post(
        reverse("traject_product_start", args=[in_stabilisatie.pk]),
        gegevens(
            "product-nieuw", in_stabilisatie, soort="Budgetbeheer", datum=VANDAAG().isoformat()
        ),
    )
    assert r.status_code == 200 and "Producten" in r.content.decode()
    assert "Product starten: niet vastgelegd" in r.content.decode()
    assert not Product.objects.exists()


def test_schuldregeling_stap(client, regisseur_a, in_stabilisatie):
    t = in_stabilisatie
    product = services.start_product(
        traject_id=t.pk, soort="Schuldbemiddeling", door=regisseur_a, datum=VANDAAG()
    )
    client.force_login(regisseur_a)
    html = client.get(detail(t)).content.decode()
    prefix = f"schuldregeling-{product.pk}"
    assert f'name="{prefix}-stap" value="dien_in">Voorstel ingediend</button>' in html
    assert "Akkoord schuldeisers vastleggen" not in html  # not possible from 'in voorbereiding'
    assert f'name="{prefix}-versie"' in html and f'type="hidden" name="{prefix}-stap"' not in html
    r = client.post(
        reverse("traject_schuldregeling", args=[t.pk, product.pk]),
        gegevens(prefix, t, stap="dien_in", datum=VANDAAG().isoformat()),
        follow=True,
    )
    assert "Schuldregeling: voorstel ingediend bij schuldeisers." in r.content.decode()
    assert Product.objects.get(pk=product.pk).schuldregeling_status == "ingediend"
    # a step that is not possible from here is refused and changes nothing
    r = client.post(
        reverse("traject_schuldregeling", args=[t.pk, product.pk]),
        gegevens(prefix, t, stap="verzoek_dwangakkoord", datum=VANDAAG().isoformat()),
    )
    assert "Deze stap kan niet vanuit" in r.content.decode()
    assert Product.objects.get(pk=product.pk).schuldregeling_status == "ingediend"


def test_crisisinterventie_starten_en_afronden(client, regisseur_a, traject_a):
    client.force_login(regisseur_a)
    r = client.post(
        reverse("traject_crisis_start", args=[traject_a.pk]),
        gegevens("crisis-nieuw", traject_a, soort="afsluiting", datum=VANDAAG().isoformat()),
        follow=True,
    )
    assert "Crisisinterventie gestart" in r.content.decode()
    ci = Crisisinterventie.objects.get(traject=traject_a)
    r = client.post(
        reverse("traject_crisis_af", args=[traject_a.pk, ci.pk]),
        gegevens(
            f"crisis-{ci.pk}",
            traject_a,
            datum=VANDAAG().isoformat(),
            voorkomen="on",
            resultaat="Ok",
        ),
        follow=True,
    )
    assert "De crisisinterventie is afgerond." in r.content.decode()
    ci.refresh_from_db()
    assert ci.einddatum == VANDAAG() and ci.voorkomen


def test_moratorium_te_lang_geweigerd(client, regisseur_a, in_stabilisatie):
    client.force_login(regisseur_a)
    t = in_stabilisatie
    start = VANDAAG()
    r = client.post(
        reverse("traject_moratorium", args=[t.pk]),
        gegevens(
            "moratorium",
            t,
            aanvraagdatum=start.isoformat(),
            startdatum=start.isoformat(),
            einddatum=(start + timedelta(days=200)).isoformat(),
        ),
    )
    assert "hooguit 6 maanden" in r.content.decode()
    assert not Moratorium.objects.exists()
    r = client.post(
        reverse("traject_moratorium", args=[t.pk]),
        gegevens("moratorium", t, aanvraagdatum=start.isoformat()),
    )
    assert r.status_code == 302 and Moratorium.objects.filter(traject=t).count() == 1


def test_termijn_opschorten_en_hervatten(client, regisseur_a, traject_a):
    client.force_login(regisseur_a)
    wettelijk = Normbewaking.objects.get(traject=traject_a, norm__code="wgs-eerste-gesprek")
    assert not wettelijk.norm.opschorting_toegestaan
    html = client.get(detail(traject_a)).content.decode()
    assert f'id="opschort-{wettelijk.pk}"' not in html  # not offered …
    r = client.post(
        reverse("traject_klok_opschorten", args=[traject_a.pk, wettelijk.pk]),
        gegevens(f"opschort-{wettelijk.pk}", traject_a, van=VANDAAG().isoformat(), reden="Wachten"),
    )
    assert "mag volgens de afspraak niet worden opgeschort" in r.content.decode()  # … refused
    klok = Normbewaking.objects.filter(traject=traject_a, norm__opschorting_toegestaan=True).first()
    assert f'id="opschort-{klok.pk}"' in html
    prefix = f"opschort-{klok.pk}"
    r = client.post(
        reverse("traject_klok_opschorten", args=[traject_a.pk, klok.pk]),
        gegevens(prefix, traject_a, van=VANDAAG().isoformat(), reden=""),
    )
    assert "Geef de reden van de opschorting op." in r.content.decode()
    assert not Opschorting.objects.exists()
    r = client.post(
        reverse("traject_klok_opschorten", args=[traject_a.pk, klok.pk]),
        gegevens(prefix, traject_a, van=VANDAAG().isoformat(), reden="Wacht op bankafschriften"),
        follow=True,
    )
    html = r.content.decode()
    assert "is opgeschort" in html and "Wacht op bankafschriften" in html
    assert "Termijn weer laten lopen" in html
    r = client.post(
        reverse("traject_klok_hervatten", args=[traject_a.pk, klok.pk]),
        gegevens(f"hervat-{klok.pk}", traject_a, tot=VANDAAG().isoformat()),
    )
    assert r.status_code == 302
    assert Opschorting.objects.get().tot == VANDAAG()


# ------------------------------------------------------------------------------ aanmelden


def _aanmeld_data(klant, behandelaar, **extra) -> dict:
    return {
        "klant": klant.pk,
        "datum": VANDAAG().isoformat(),
        "kanaal": "wijkteam",
        "bedreigende_situatie": "",
        "behandelaar": behandelaar.pk,
        "vaste_contactpersoon": "stadsbank",
        "toelichting": "",
        "reden_terugdatering": "",
        **extra,
    }


def test_aanmelden_voor_bestaande_klant(client, regisseur_a, consulent_a, klant_a):
    client.force_login(regisseur_a)
    url = reverse("traject_aanmelden") + f"?klant={klant_a.pk}"
    r = client.get(url)
    html = r.content.decode()
    assert r.status_code == 200 and klant_a.volledige_naam in html
    assert escape(str(consulent_a)) in html  # a contactpersoon of the klant's gemeente
    r = client.post(
        url,
        _aanmeld_data(
            klant_a,
            regisseur_a,
            contactpersoon=consulent_a.pk,
            bedreigende_situatie="huisuitzetting",
        ),
        follow=True,
    )
    traject = Traject.objects.get(klant=klant_a)
    assert r.redirect_chain == [(detail(traject), 302)]
    assert (traject.behandelaar, traject.consulent) == (regisseur_a, consulent_a)
    assert traject.crisisinterventie
    assert "is aangemeld op" in r.content.decode()
    assert "Eerste gesprek binnen 3 werkdagen bij bedreigende situatie" in r.content.decode()


def test_aanmelden_met_behandelaar_van_andere_gemeente_geweigerd(
    client, regisseur_a, consulent_b, klant_a
):
    client.force_login(regisseur_a)
    r = client.post(reverse("traject_aanmelden"), _aanmeld_data(klant_a, consulent_b))
    assert r.status_code == 200 and 'class="foutsamenvatting"' in r.content.decode()
    assert not Traject.objects.exists()


def test_aanmelden_in_verleden_zonder_reden(client, regisseur_a, klant_a):
    client.force_login(regisseur_a)
    gisteren = (VANDAAG() - timedelta(days=1)).isoformat()
    r = client.post(
        reverse("traject_aanmelden"), _aanmeld_data(klant_a, regisseur_a, datum=gisteren)
    )
    html = r.content.decode()
    assert "De aanmelddatum ligt in het verleden. Geef de reden op." in html
    assert f'value="{gisteren}"' in html
    assert not Traject.objects.exists()


def test_aanmelden_klant_met_lopend_traject_gaat_naar_dat_traject(
    client, regisseur_a, traject_a, klant_a
):
    client.force_login(regisseur_a)
    r = client.get(reverse("traject_aanmelden"), {"klant": klant_a.pk})
    assert r.status_code == 302 and r["Location"] == detail(traject_a)


def test_aanmelden_klant_van_andere_gemeente_is_404(client, regisseur_a, klant_b):
    client.force_login(regisseur_a)
    assert client.get(reverse("traject_aanmelden"), {"klant": klant_b.pk}).status_code == 404
    r = client.post(reverse("traject_aanmelden"), _aanmeld_data(klant_b, regisseur_a))
    assert "Kies een klant uit de lijst." in r.content.decode()
    assert not Traject.objects.exists()


def test_aanmelden_zonder_klant_zoekt_in_eigen_klanten(client, regisseur_a, klant_a, klant_b):
    client.force_login(regisseur_a)
    r = client.get(reverse("traject_aanmelden"))
    assert r.context["gevonden"] == []  # no list of every klant: a search field
    assert f"{reverse('klant_nieuw')}?aanmelden=1" in r.content.decode()
    for zoek in (klant_a.achternaam, klant_b.achternaam, klant_b.bsn):
        r = client.post(reverse("traject_aanmelden"), {"zoek": zoek})
        assert [k for k in r.context["gevonden"] if k.pk == klant_b.pk] == []
    r = client.post(reverse("traject_aanmelden"), {"zoek": klant_a.achternaam})
    assert r.context["gevonden"] == [klant_a]


# ------------------------------------------------------------------------------ klant page


def test_klant_detail_toont_trajecten_en_aanmeldknop(client, regisseur_a, klant_a):
    client.force_login(regisseur_a)
    url = reverse("klant_detail", args=[klant_a.pk])
    html = client.get(url).content.decode()
    assert "Aanmelden voor schuldhulp" in html
    assert f"{reverse('traject_aanmelden')}?klant={klant_a.pk}" in html
    traject = maak_traject(klant_a, regisseur_a)
    html = client.get(url).content.decode()
    assert "Aanmelden voor schuldhulp" not in html
    assert detail(traject) in html and "Aangemeld" in html


def test_klant_detail_na_uitstroom_weer_aanmelden(client, regisseur_a, klant_a):
    traject = maak_traject(klant_a, regisseur_a)
    services.voer_overgang_uit(
        traject_id=traject.pk,
        overgang="sluit_af",
        door=regisseur_a,
        datum=VANDAAG(),
        uitstroomreden="Zelf",
    )
    client.force_login(regisseur_a)
    html = client.get(reverse("klant_detail", args=[klant_a.pk])).content.decode()
    assert "Aanmelden voor schuldhulp" in html and "kan zelf verder" in html


def test_detailpagina_kost_begrensd_aantal_queries(
    client, regisseur_a, in_stabilisatie, django_assert_max_num_queries
):
    for soort in ("Budgetbeheer", "Schuldbemiddeling", "Budgetcoaching"):
        services.start_product(
            traject_id=in_stabilisatie.pk, soort=soort, door=regisseur_a, datum=VANDAAG()
        )
    client.force_login(regisseur_a)
    client.get(detail(in_stabilisatie))
    # 25 + the evidence of financiële rust in stabilisatie (budget with its posts, the
    # schuldenoverzicht, the kennisgevingen): constant, not per row.
    with django_assert_max_num_queries(29):
        assert client.get(detail(in_stabilisatie)).status_code == 200


def test_klant_zonder_lopend_traject_verschijnt_niet_dubbel(client, regisseur_a, gemeente_a):
    klant = KlantFactory(gemeente=gemeente_a)
    maak_traject(klant, regisseur_a)
    client.force_login(regisseur_a)
    r = client.post(reverse("traject_aanmelden"), {"zoek": klant.achternaam})
    assert klant not in r.context["gevonden"]
