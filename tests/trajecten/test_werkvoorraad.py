"""Werkvoorraad and signaleringen: most urgent first, filters, team view, counts, constant
number of queries, marking signaleringen read (with and without htmx)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from schuldhulp.models import Rol
from tests.bouwers import GebruikerFactory, KlantFactory, maak_traject, overgang
from trajecten import services
from trajecten.models import Signalering, Traject

pytestmark = pytest.mark.django_db

WERKVOORRAAD = reverse("werkvoorraad")


@pytest.fixture
def vier(gemeente_a, regisseur_a):
    """Overdue, threatening, running with a near deadline, running with a far deadline."""
    klant = lambda naam: KlantFactory(gemeente=gemeente_a, achternaam=naam)  # noqa: E731
    return {
        "laat": maak_traject(klant("Overschreden"), regisseur_a, dagen_geleden=60),
        "dreigt": maak_traject(klant("Dreigend"), regisseur_a, dagen_geleden=25),
        "ver": maak_traject(klant("Verweg"), regisseur_a),
        "dichtbij": maak_traject(klant("Dichtbij"), regisseur_a, bedreigend="huisuitzetting"),
    }


def _rijen(response) -> list[Traject]:
    return list(response.context["pagina"].object_list)


def test_meest_dringende_eerst(client, regisseur_a, vier):
    client.force_login(regisseur_a)
    r = client.get(WERKVOORRAAD)
    assert r.status_code == 200
    volgorde = [t.pk for t in _rijen(r)]
    assert volgorde == [vier[n].pk for n in ("laat", "dreigt", "dichtbij", "ver")]
    html = r.content.decode()
    # status as text in a coloured tag, plus the remaining time in words
    assert 'utrecht-status-badge--danger tag--overschreden">Overschreden</span>' in html
    assert 'utrecht-status-badge--warning tag--dreigt">Dreigt</span>' in html
    assert "te laat" in html and "nog 3 werkdagen" in html
    assert "Eerste gesprek binnen 3 werkdagen bij bedreigende situatie" in html
    assert reverse("traject_detail", args=[vier["laat"].pk]) in html


def test_kaarten_tellen(client, regisseur_a, vier):
    client.force_login(regisseur_a)
    r = client.get(WERKVOORRAAD)
    # ongelezen: the trajecten with a new signalering (the overdue and the threatening one)
    assert r.context["telling"] == {"overschreden": 1, "dreigt": 1, "lopend": 4, "ongelezen": 2}
    aantal = Signalering.objects.filter(gebruiker=regisseur_a, gelezen_op__isnull=True).count()
    assert aantal >= 2  # herbereken signalled the overdue and the threatening clock
    assert r.context["aantal_ongelezen"] == aantal
    assert "termijn overschreden" in r.content.decode()


def test_alleen_mijn_trajecten_en_team_weergave(
    client, gemeente_a, gemeente_b, regisseur_a, consulent_a, consulent_b, klant_b
):
    collega = GebruikerFactory(username="kr_a2", rol=Rol.KLANTREGISSEUR, gemeenten=[gemeente_a])
    eigen = maak_traject(KlantFactory(gemeente=gemeente_a), regisseur_a)
    van_collega = maak_traject(KlantFactory(gemeente=gemeente_a), collega)
    ander = maak_traject(klant_b, consulent_b)
    client.force_login(regisseur_a)
    assert [t.pk for t in _rijen(client.get(WERKVOORRAAD))] == [eigen.pk]
    team = client.get(WERKVOORRAAD, {"weergave": "team"})
    assert {t.pk for t in _rijen(team)} == {eigen.pk, van_collega.pk}
    assert ander.pk not in {t.pk for t in _rijen(team)}
    html = team.content.decode()
    assert escape(str(collega)) in html  # the behandelaar column
    assert 'aria-current="page">Team' in html


def test_filters(client, gemeente_a, regisseur_a, vier):
    client.force_login(regisseur_a)
    toegelaten = vier["ver"]
    overgang(toegelaten, "voer_eerste_gesprek", regisseur_a)
    overgang(toegelaten, "neem_toelatingsbesluit", regisseur_a)
    services.start_product(
        traject_id=toegelaten.pk,
        soort="Budgetbeheer",
        door=regisseur_a,
        datum=timezone.localdate(),
    )
    r = client.get(WERKVOORRAAD, {"fase": "stabilisatie"})
    assert [t.pk for t in _rijen(r)] == [toegelaten.pk]
    r = client.get(WERKVOORRAAD, {"product": "Budgetbeheer"})
    assert [t.pk for t in _rijen(r)] == [toegelaten.pk]
    r = client.get(WERKVOORRAAD, {"norm": "wgs-eerste-gesprek-bedreigend"})
    assert [t.pk for t in _rijen(r)] == [vier["dichtbij"].pk]
    r = client.get(WERKVOORRAAD, {"gemeente": gemeente_a.pk, "fase": "aangemeld"})
    assert len(_rijen(r)) == 3
    assert r.context["telling"]["lopend"] == 3
    # a value that is not on the list is ignored, not an error page
    r = client.get(WERKVOORRAAD, {"fase": "bestaat-niet", "gemeente": "x"})
    assert r.status_code == 200 and len(_rijen(r)) == 4


def test_met_norm_filter_toont_die_termijn(client, regisseur_a, vier):
    client.force_login(regisseur_a)
    r = client.get(WERKVOORRAAD, {"norm": "bedreigend-rust"})
    (rij,) = _rijen(r)
    assert rij.urgente_klok.klok.norm.code == "bedreigend-rust"


def test_htmx_geeft_tabel_en_kaarten(client, regisseur_a, vier):
    client.force_login(regisseur_a)
    r = client.get(WERKVOORRAAD, {"fase": "aangemeld"}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert "<html" not in html
    assert 'id="werkvoorraad-kaarten" hx-swap-oob="true"' in html
    assert "4 trajecten" in html


def test_zonder_javascript_werkt_het_filterformulier(client, regisseur_a, vier):
    client.force_login(regisseur_a)
    html = client.get(WERKVOORRAAD).content.decode()
    assert 'method="get" action="/werkvoorraad/"' in html
    assert 'for="id_fase">Fase</label>' in html
    assert 'utrecht-button--secondary-action" type="submit">Filteren</button>' in html


def test_paginering_houdt_filters_vast(client, gemeente_a, regisseur_a):
    for _ in range(27):
        maak_traject(KlantFactory(gemeente=gemeente_a), regisseur_a)
    client.force_login(regisseur_a)
    r = client.get(WERKVOORRAAD, {"fase": "aangemeld"})
    assert len(_rijen(r)) == 25
    volgende = r.context["pagina"].volgende.tekst()
    assert f"?fase=aangemeld&amp;na={volgende}" in r.content.decode()
    tweede = client.get(WERKVOORRAAD, {"fase": "aangemeld", "na": volgende})
    assert len(_rijen(tweede)) == 2
    assert not {t.pk for t in _rijen(tweede)} & {t.pk for t in _rijen(r)}
    assert "Terug naar het begin" in tweede.content.decode()


def _queries(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url, params or {})
    assert r.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"weergave": "team"},
        {"norm": "wgs-eerste-gesprek"},
        {"aan_zet": "ik"},
        {"weergave": "team", "aan_zet": "team"},
        {"weergave": "team", "aan_zet": "ander", "fase": "aangemeld"},
    ],
)
def test_aantal_queries_hangt_niet_af_van_aantal_rijen(client, gemeente_a, regisseur_a, params):
    """3 or 30 trajecten (a full page of 25 with clocks and signaleringen): same cost."""

    def maak(n: int) -> None:
        for i in range(n):
            maak_traject(
                KlantFactory(gemeente=gemeente_a),
                regisseur_a,
                dagen_geleden=(i * 7) % 50,
                bedreigend="huisuitzetting" if i % 4 == 0 else "",
            )

    client.force_login(regisseur_a)
    maak(3)
    client.get(WERKVOORRAAD, params)  # warm up session and caches
    met_drie = _queries(client, WERKVOORRAAD, params)
    maak(27)
    met_dertig = _queries(client, WERKVOORRAAD, params)
    assert met_dertig == met_drie
    assert met_drie <= 21  # 16 today (the aan-zet counts are one), incl. session and user


def test_contractmanager_mag_niet(client, contractmanager_a):
    client.force_login(contractmanager_a)
    assert client.get(WERKVOORRAAD).status_code == 403
    assert client.get(reverse("signaleringen")).status_code == 403


def test_werkvoorraad_eerste_in_het_menu(client, regisseur_a, contractmanager_a):
    client.force_login(regisseur_a)
    menu = client.get(reverse("home")).context["menu"]
    assert menu[1] == ("Werkvoorraad", WERKVOORRAAD)  # after "Start"
    client.force_login(contractmanager_a)
    assert "Werkvoorraad" not in [label for label, _ in client.get(reverse("home")).context["menu"]]


# ------------------------------------------------------------------------------ signaleringen


@pytest.fixture
def signalering(regisseur_a, vier) -> Signalering:
    return Signalering.objects.filter(
        gebruiker=regisseur_a, traject=vier["laat"], soort="overschreden"
    ).first()


def test_signaleringen_ongelezen_eerst(client, regisseur_a, signalering):
    andere = Signalering.objects.filter(gebruiker=regisseur_a).exclude(pk=signalering.pk)
    services.markeer_gelezen(signalering=andere.first(), gelezen=True)
    client.force_login(regisseur_a)
    r = client.get(reverse("signaleringen"))
    lijst = list(r.context["pagina"].object_list)
    assert all(s.gelezen_op is None for s in lijst[:-1]) and lijst[-1].gelezen_op is not None
    assert "Markeer als gelezen" in r.content.decode()


def test_markeer_gelezen_zonder_javascript(client, regisseur_a, signalering):
    client.force_login(regisseur_a)
    url = reverse("signalering_gelezen", args=[signalering.pk])
    r = client.post(url, {"gelezen": "1", "volgende": WERKVOORRAAD})
    assert r.status_code == 302 and r["Location"] == WERKVOORRAAD
    signalering.refresh_from_db()
    assert signalering.gelezen_op is not None
    r = client.post(url, {"gelezen": "0", "volgende": "https://elders.example/"})
    assert r["Location"] == reverse("signaleringen")  # no open redirect
    signalering.refresh_from_db()
    assert signalering.gelezen_op is None


def test_markeer_gelezen_met_htmx_geeft_de_rij(client, regisseur_a, signalering):
    client.force_login(regisseur_a)
    r = client.post(
        reverse("signalering_gelezen", args=[signalering.pk]),
        {"gelezen": "1"},
        HTTP_HX_REQUEST="true",
    )
    html = r.content.decode()
    assert r.status_code == 200 and html.lstrip().startswith(
        f'<tr id="signalering-{signalering.pk}"'
    )
    assert "Markeer als nieuw" in html and "Gelezen" in html


def test_signalering_van_een_ander_is_404(client, gemeente_a, signalering):
    collega = GebruikerFactory(username="kr_a3", rol=Rol.KLANTREGISSEUR, gemeenten=[gemeente_a])
    client.force_login(collega)
    r = client.post(reverse("signalering_gelezen", args=[signalering.pk]), {"gelezen": "1"})
    assert r.status_code == 404
    signalering.refresh_from_db()
    assert signalering.gelezen_op is None
