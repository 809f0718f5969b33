"""Finding work (issue 20, point 4): the count tiles filter the werkvoorraad, a search by
name or dossier number, "alles gelezen" for signaleringen; "Aanmelding vastleggen" searches
the klant as you type, makes a new klant in the same flow, offers only people of the klant's
gemeente and really starts a crisisinterventie."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from schuldhulp.models import Klant, Rol
from tests.bouwers import GebruikerFactory, KlantFactory, maak_traject
from tests.trajecten.test_werkvoorraad import _queries, _rijen
from trajecten.models import Crisisinterventie, Signalering, Traject

pytestmark = pytest.mark.django_db

WERKVOORRAAD = reverse("werkvoorraad")


@pytest.fixture
def regisseur_b(gemeente_b):
    return GebruikerFactory(username="kr_b", rol=Rol.KLANTREGISSEUR, gemeenten=[gemeente_b])


@pytest.fixture
def vier(gemeente_a, regisseur_a):
    """Overdue, threatening, and two running trajecten (as in test_werkvoorraad)."""
    klant = lambda naam, voornaam="Anna": KlantFactory(  # noqa: E731
        gemeente=gemeente_a, achternaam=naam, voornamen=voornaam
    )
    return {
        "laat": maak_traject(klant("Overschreden"), regisseur_a, dagen_geleden=60),
        "dreigt": maak_traject(klant("Dreigend"), regisseur_a, dagen_geleden=25),
        "ver": maak_traject(klant("Verweg", "Bram"), regisseur_a),
        "dichtbij": maak_traject(klant("Dichtbij"), regisseur_a, bedreigend="huisuitzetting"),
    }


def _pks(response) -> set[int]:
    return {t.pk for t in _rijen(response)}


# ------------------------------------------------------------------------------ tiles


@pytest.mark.parametrize(
    ("stand", "namen"),
    [("overschreden", {"laat"}), ("dreigt", {"dreigt"}), ("ongelezen", {"laat", "dreigt"})],
)
def test_kaart_filtert_de_lijst(client, regisseur_a, vier, stand, namen):
    client.force_login(regisseur_a)
    r = client.get(WERKVOORRAAD, {"stand": stand})
    assert _pks(r) == {vier[n].pk for n in namen}
    # The tiles still count the whole list, so each tile keeps its number.
    assert r.context["telling"] == {"overschreden": 1, "dreigt": 1, "lopend": 4, "ongelezen": 2}
    html = r.content.decode()
    actief = [k for k in r.context["kaarten"] if k.actief]
    assert [k.stand for k in actief] == [stand]
    assert f'href="{escape(actief[0].href)}" aria-current="true"' in html
    assert "Filters wissen" in html


def test_kaarten_zijn_links_die_de_andere_filters_houden(client, regisseur_a, vier):
    client.force_login(regisseur_a)
    r = client.get(WERKVOORRAAD, {"weergave": "team", "fase": "aangemeld", "pagina": "2"})
    hrefs = {k.stand: k.href for k in r.context["kaarten"]}
    basis = f"{WERKVOORRAAD}?weergave=team&fase=aangemeld"  # without the page
    assert hrefs["overschreden"] == f"{basis}&stand=overschreden"
    assert hrefs[""] == basis  # all: no tile chosen
    assert not any(k.actief for k in r.context["kaarten"] if k.stand)


def test_kaart_overschreden_met_andere_filters(client, regisseur_a, vier):
    client.force_login(regisseur_a)
    r = client.get(WERKVOORRAAD, {"stand": "overschreden", "fase": "intake"})
    assert _pks(r) == set()
    assert "Geen trajecten met deze filters" in r.content.decode()


def test_onbekende_stand_wordt_genegeerd(client, regisseur_a, vier):
    client.force_login(regisseur_a)
    assert len(_pks(client.get(WERKVOORRAAD, {"stand": "onzin"}))) == 4


# ------------------------------------------------------------------------------ search


def test_zoeken_op_naam(client, regisseur_a, vier):
    client.force_login(regisseur_a)
    assert _pks(client.get(WERKVOORRAAD, {"zoek": "verweg"})) == {vier["ver"].pk}
    assert _pks(client.get(WERKVOORRAAD, {"zoek": "bram ver"})) == {vier["ver"].pk}
    assert _pks(client.get(WERKVOORRAAD, {"zoek": "niemand"})) == set()


def test_zoeken_op_dossiernummer(client, regisseur_a, vier):
    client.force_login(regisseur_a)
    pk = vier["dreigt"].pk
    assert _pks(client.get(WERKVOORRAAD, {"zoek": str(pk)})) == {pk}
    assert _pks(client.get(WERKVOORRAAD, {"zoek": f"Dossier {pk}"})) == {pk}


def test_zoeken_op_bsn_vindt_hier_niets(client, regisseur_a, vier):
    """The search is a GET: a BSN would end up in the address, so it finds nothing here."""
    client.force_login(regisseur_a)
    bsn = vier["laat"].klant.bsn
    r = client.get(WERKVOORRAAD, {"zoek": bsn})
    assert _pks(r) == set() and "Op BSN zoekt u bij Klanten." in r.content.decode()


def test_zoeken_blijft_binnen_de_weergave_en_de_gemeente(
    client, regisseur_a, gemeente_a, klant_b, regisseur_b
):
    collega = GebruikerFactory(username="kr_a9", rol=Rol.KLANTREGISSEUR, gemeenten=[gemeente_a])
    van_collega = maak_traject(KlantFactory(gemeente=gemeente_a, achternaam="Zoekmij"), collega)
    elders = maak_traject(klant_b, regisseur_b)
    client.force_login(regisseur_a)
    assert _pks(client.get(WERKVOORRAAD, {"zoek": "Zoekmij"})) == set()  # not mine
    team = {"weergave": "team"}
    assert _pks(client.get(WERKVOORRAAD, {**team, "zoek": "Zoekmij"})) == {van_collega.pk}
    assert _pks(client.get(WERKVOORRAAD, {**team, "zoek": str(elders.pk)})) == set()
    assert _pks(client.get(WERKVOORRAAD, {**team, "zoek": klant_b.achternaam})) == set()


def test_zoeken_en_kaart_met_htmx(client, regisseur_a, vier):
    client.force_login(regisseur_a)
    r = client.get(
        WERKVOORRAAD, {"zoek": "Overschreden", "stand": "overschreden"}, HTTP_HX_REQUEST="true"
    )
    html = r.content.decode()
    assert "<html" not in html and 'id="werkvoorraad-kaarten" hx-swap-oob="true"' in html
    assert _pks(r) == {vier["laat"].pk}


@pytest.mark.parametrize(
    "params",
    [
        {"stand": "overschreden"},
        {"stand": "dreigt", "weergave": "team"},
        {"stand": "ongelezen"},
        {"zoek": "a"},
        {"zoek": "12"},
    ],
)
def test_kaarten_en_zoeken_kosten_een_vast_aantal_queries(client, gemeente_a, regisseur_a, params):
    def maak(n: int) -> None:
        for i in range(n):
            maak_traject(
                KlantFactory(gemeente=gemeente_a, achternaam=f"Jansen{i}"),
                regisseur_a,
                dagen_geleden=(60, 25, 5)[i % 3],  # each tile has rows at both sizes
            )

    client.force_login(regisseur_a)
    maak(3)
    client.get(WERKVOORRAAD, params)
    met_drie = _queries(client, WERKVOORRAAD, params)
    maak(27)
    assert _queries(client, WERKVOORRAAD, params) == met_drie
    assert met_drie <= 21


# ------------------------------------------------------------------------------ alles gelezen


def test_alles_gelezen(client, regisseur_a, vier, regisseur_b, klant_b):
    maak_traject(klant_b, regisseur_b, dagen_geleden=60)
    van_b = Signalering.objects.filter(gebruiker=regisseur_b, gelezen_op__isnull=True)
    assert van_b.exists()
    aantal_b = van_b.count()
    eigen = Signalering.objects.filter(gebruiker=regisseur_a, gelezen_op__isnull=True)
    aantal = eigen.count()
    assert aantal >= 2
    client.force_login(regisseur_a)
    html = client.get(WERKVOORRAAD).content.decode()
    assert "Alles gelezen" in html and reverse("signaleringen_gelezen") in html
    r = client.post(reverse("signaleringen_gelezen"), {"volgende": WERKVOORRAAD}, follow=True)
    assert r.redirect_chain == [(WERKVOORRAAD, 302)]
    assert f"{aantal} signaleringen gemarkeerd als gelezen." in r.content.decode()
    assert not eigen.exists()
    assert van_b.count() == aantal_b  # another user's (and gemeente's) stay new
    assert r.context["telling"]["ongelezen"] == 0
    # Nothing new any more: no button, and a second POST says so.
    assert "Alles gelezen" not in client.get(reverse("signaleringen")).content.decode()
    r = client.post(reverse("signaleringen_gelezen"), {"volgende": "https://elders.example/"})
    assert r["Location"] == reverse("signaleringen")  # no open redirect


def test_alles_gelezen_alleen_post_en_dossierrol(client, regisseur_a, contractmanager_a):
    client.force_login(regisseur_a)
    assert client.get(reverse("signaleringen_gelezen")).status_code == 405
    client.force_login(contractmanager_a)
    assert client.post(reverse("signaleringen_gelezen")).status_code == 403


# ------------------------------------------------------------------------------ aanmelden

AANMELDEN = reverse("traject_aanmelden")


def _aanmelding(klant, behandelaar, **extra) -> dict:
    return {
        "klant": klant.pk,
        "datum": timezone.localdate().isoformat(),
        "kanaal": "wijkteam",
        "bedreigende_situatie": "",
        "behandelaar": behandelaar.pk,
        "vaste_contactpersoon": "stadsbank",
        "toelichting": "",
        "reden_terugdatering": "",
        **extra,
    }


def test_klant_zoeken_terwijl_u_typt(client, regisseur_a, gemeente_a):
    jansen = KlantFactory(gemeente=gemeente_a, achternaam="Jansen", voornamen="Tanya")
    KlantFactory(gemeente=gemeente_a, achternaam="Pietersen")
    client.force_login(regisseur_a)
    r = client.post(AANMELDEN, {"zoek": "jans"}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert "<html" not in html and r.context["gevonden"] == [jansen]
    assert f"{AANMELDEN}?klant={jansen.pk}" in html and "1 klant gevonden" in html
    assert "*****" in html and jansen.bsn not in html  # BSN masked in the list
    # BSN: exact only, and by POST (the address stays clean)
    assert client.post(AANMELDEN, {"zoek": jansen.bsn}).context["gevonden"] == [jansen]
    assert client.post(AANMELDEN, {"zoek": jansen.bsn[:7]}).context["gevonden"] == []
    r = client.post(AANMELDEN, {"zoek": "Zzzz"})
    assert "Geen klant gevonden" in r.content.decode()


def test_zonder_javascript_een_gewoon_zoekformulier(client, regisseur_a, klant_a):
    client.force_login(regisseur_a)
    html = client.get(AANMELDEN).content.decode()
    assert f'<form method="post" action="{AANMELDEN}"' in html and 'name="zoek"' in html
    assert 'utrecht-button--secondary-action" type="submit">Zoeken</button>' in html
    r = client.post(AANMELDEN, {"zoek": klant_a.achternaam})
    assert "<html" in r.content.decode() and r.context["gevonden"] == [klant_a]


def test_nieuwe_klant_en_aanmelding_in_een_keer(client, regisseur_a, gemeente_a):
    from tests.schuldhulp.test_klant_views import _data

    client.force_login(regisseur_a)
    nieuw = f"{reverse('klant_nieuw')}?aanmelden=1"
    assert nieuw in client.get(AANMELDEN).content.decode()
    assert "Stap 1 van 2" in client.get(nieuw).content.decode()
    r = client.post(nieuw, _data(gemeente_a), follow=True)
    klant = Klant.objects.get(bsn="123456782")
    assert r.redirect_chain == [(f"{AANMELDEN}?klant={klant.pk}", 302)]
    html = r.content.decode()
    assert "Leg nu de aanmelding vast." in html and "aanmelden voor schuldhulp" in html
    r = client.post(f"{AANMELDEN}?klant={klant.pk}", _aanmelding(klant, regisseur_a))
    assert r.status_code == 302 and Traject.objects.get(klant=klant)


def test_behandelaars_alleen_van_de_gemeente_van_de_klant(
    client, gemeente_a, gemeente_b, klant_a, regisseur_b
):
    beide = GebruikerFactory(
        username="kr_ab", rol=Rol.KLANTREGISSEUR, gemeenten=[gemeente_a, gemeente_b]
    )
    client.force_login(beide)
    form = client.get(AANMELDEN, {"klant": klant_a.pk}).context["form"]
    keuzes = {waarde for waarde, _ in form.fields["behandelaar"].choices if waarde}
    assert str(beide.pk) in keuzes and str(regisseur_b.pk) not in keuzes
    r = client.post(f"{AANMELDEN}?klant={klant_a.pk}", _aanmelding(klant_a, regisseur_b))
    assert r.status_code == 200 and "iemand uit de lijst." in r.content.decode()
    assert not Traject.objects.exists()


def test_crisisinterventie_starten_bij_aanmelden(client, regisseur_a, klant_a):
    client.force_login(regisseur_a)
    data = _aanmelding(klant_a, regisseur_a, bedreigende_situatie="afsluiting")
    r = client.post(f"{AANMELDEN}?klant={klant_a.pk}", {**data, "crisisinterventie": "on"})
    assert r.status_code == 302
    traject = Traject.objects.get(klant=klant_a)
    crisis = Crisisinterventie.objects.get(traject=traject)
    assert crisis.soort == "afsluiting" and crisis.startdatum == timezone.localdate()
    assert traject.crisisinterventie
    assert traject.gebeurtenissen.filter(soort="crisisinterventie").count() == 1
    html = client.get(r["Location"]).content.decode()
    assert "De crisisinterventie is gestart." in html


def test_crisisinterventie_vraagt_wat_er_dreigt(client, regisseur_a, klant_a):
    client.force_login(regisseur_a)
    data = {**_aanmelding(klant_a, regisseur_a), "crisisinterventie": "on"}
    r = client.post(f"{AANMELDEN}?klant={klant_a.pk}", data)
    html = r.content.decode()
    assert "Kies wat er dreigt. Een crisisinterventie hoort bij een bedreigende situatie." in html
    assert "Er is 1 veld niet goed ingevuld" in html
    assert not Traject.objects.exists() and not Crisisinterventie.objects.exists()


def test_zonder_vinkje_geen_crisisinterventie(client, regisseur_a, klant_a):
    client.force_login(regisseur_a)
    data = _aanmelding(klant_a, regisseur_a, bedreigende_situatie="beslag")
    assert client.post(f"{AANMELDEN}?klant={klant_a.pk}", data).status_code == 302
    assert not Crisisinterventie.objects.exists()


def test_geweigerde_crisisinterventie_legt_ook_de_aanmelding_niet_vast(
    client, regisseur_a, klant_a, monkeypatch
):
    """One transaction: if the crisis is refused, the aanmelding is rolled back as well."""
    from trajecten import services, stabilisatie

    def weiger(**kwargs):
        raise services.Geweigerd("Crisisinterventie doet de gemeente in dit pakket.")

    monkeypatch.setattr(stabilisatie, "registreer_crisisinterventie", weiger)
    client.force_login(regisseur_a)
    data = _aanmelding(klant_a, regisseur_a, bedreigende_situatie="beslag")
    r = client.post(f"{AANMELDEN}?klant={klant_a.pk}", {**data, "crisisinterventie": "on"})
    assert r.status_code == 200
    assert "Crisisinterventie doet de gemeente in dit pakket." in r.content.decode()
    assert not Traject.objects.exists()
