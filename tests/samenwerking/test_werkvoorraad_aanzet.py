"""The werkvoorraad with "aan zet": 'mijn' is behandelaar OR contactpersoon; the filter
ik / mijn team / de andere partij / alle with its counts; the column "Aan zet" and the badge
of an open warme overdracht; a constant number of queries; the traject page's line."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template.defaultfilters import date as datumfilter
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from schuldhulp.models import Rol
from tests.bouwers import KlantFactory, Omgeving, aanmelding, medewerker, omgeving
from tests.samenwerking.bouwers import element, overdracht_nodig, verstuur
from trajecten.models import Traject

pytestmark = pytest.mark.django_db


def opmaak_datum(dag) -> str:
    return datumfilter(dag, "j F Y")  # as the templates write it


WERKVOORRAAD = reverse("werkvoorraad")


def pks(response) -> set[int]:
    return {t.pk for t in response.context["pagina"].object_list}


class Wereld:
    """One Ontzorging gemeente: a klantregisseur R, consulenten C and C2; and a consulent of
    another gemeente. Trajecten, with the party aan zet as the rules give it:

    - r_eigen: registered by R (behandelaar R, consulent C): the Stadsbank, R;
    - c_eigen: registered by C, no behandelaar: the gemeente (C) hands over first;
    - c2: registered by C2: the gemeente, C2;
    - team: registered by C2 and then C2 taken off: the gemeente's team;
    - open_od: C handed over to R, not accepted yet: the Stadsbank (R), badge;
    - elders: another gemeente (never shown).
    """

    def __init__(self) -> None:
        omg: Omgeving = omgeving("ontzorging")
        self.omg = omg
        self.r, self.c = omg.regisseur, omg.consulent
        self.c2 = medewerker(f"{omg.consulent.username}_2", Rol.CONSULENT, [omg.gemeente])

        def nieuw(door, **kw) -> Traject:
            return aanmelding(KlantFactory(gemeente=omg.gemeente), door, **kw)

        self.r_eigen = nieuw(self.r, consulent=self.c)
        self.c_eigen = nieuw(self.c)
        self.c2_eigen = nieuw(self.c2)
        self.team = nieuw(self.c2)
        Traject.objects.filter(pk=self.team.pk).update(consulent=None)
        self.open_od = nieuw(self.c, behandelaar=self.r)
        self.overdracht = verstuur(self.open_od, self.c)
        andere = omgeving("ontzorging")
        self.elders = aanmelding(KlantFactory(gemeente=andere.gemeente), andere.consulent)


@pytest.fixture
def w() -> Wereld:
    return Wereld()


def test_aan_zet_zoals_de_regels_het_geven(w):
    stand = dict(Traject.objects.values_list("pk", "aan_zet"))
    assert stand[w.r_eigen.pk] == "stadsbank" and stand[w.open_od.pk] == "stadsbank"
    assert {stand[t.pk] for t in (w.c_eigen, w.c2_eigen, w.team)} == {"gemeente"}


def test_mijn_is_behandelaar_of_contactpersoon(client, w):
    client.force_login(w.c)
    # C is the contactpersoon of r_eigen (registered by the Stadsbank) and of c_eigen.
    assert pks(client.get(WERKVOORRAAD)) == {w.r_eigen.pk, w.c_eigen.pk, w.open_od.pk}
    client.force_login(w.r)
    assert pks(client.get(WERKVOORRAAD)) == {w.r_eigen.pk, w.open_od.pk}


def test_filter_aan_zet_met_tellingen_in_het_team(client, w):
    client.force_login(w.c)
    verwacht = {
        "": {w.r_eigen.pk, w.c_eigen.pk, w.c2_eigen.pk, w.team.pk, w.open_od.pk},
        "ik": {w.c_eigen.pk},
        "team": {w.c_eigen.pk, w.c2_eigen.pk, w.team.pk},
        "ander": {w.r_eigen.pk, w.open_od.pk},
    }
    for keuze, rijen in verwacht.items():
        r = client.get(WERKVOORRAAD, {"weergave": "team", "aan_zet": keuze})
        assert pks(r) == rijen, keuze
        assert r.context["telling"]["lopend"] == len(rijen)
        aantallen = {k.waarde: k.aantal for k in r.context["aan_zet_keuzes"]}
        assert aantallen == {k: len(v) for k, v in verwacht.items()}
        assert [k.waarde for k in r.context["aan_zet_keuzes"] if k.gekozen] == [keuze]
    html = client.get(WERKVOORRAAD, {"weergave": "team"}).content.decode()
    filter_ = element(html, "werkvoorraad-aanzet")
    assert "<legend>Aan zet</legend>" in filter_
    assert 'value="ik"> Ik <span class="keuzerij__aantal">(1)</span>' in filter_
    assert "Mijn team (gemeente) <span" in filter_ and "De andere partij (Stadsbank)" in filter_


def test_ik_voor_de_klantregisseur(client, w):
    client.force_login(w.r)
    r = client.get(WERKVOORRAAD, {"weergave": "team", "aan_zet": "ik"})
    assert pks(r) == {w.r_eigen.pk, w.open_od.pk}
    r = client.get(WERKVOORRAAD, {"weergave": "team", "aan_zet": "ander"})
    assert pks(r) == {w.c_eigen.pk, w.c2_eigen.pk, w.team.pk}


def test_tellingen_volgen_de_andere_filters_en_de_weergave(client, w):
    client.force_login(w.c)
    r = client.get(WERKVOORRAAD, {"aan_zet": "team"})  # 'mijn': only where C is a person
    assert pks(r) == {w.c_eigen.pk}
    assert {k.waarde: k.aantal for k in r.context["aan_zet_keuzes"]} == {
        "": 3,
        "ik": 1,
        "team": 1,
        "ander": 2,
    }
    r = client.get(WERKVOORRAAD, {"weergave": "team", "norm": "warme-overdracht"})
    assert {k.waarde: k.aantal for k in r.context["aan_zet_keuzes"]}["ander"] == 1


def test_kolom_aan_zet_en_badge_van_de_open_overdracht(client, w):
    client.force_login(w.c)
    html = client.get(WERKVOORRAAD, {"weergave": "team"}).content.decode()
    assert '<th scope="col">Aan zet</th>' in html

    def rij(traject: Traject) -> str:
        url = reverse("traject_detail", args=[traject.pk])
        return html[html.index(f'href="{url}"') :].split("</tr>", 1)[0]

    assert 'utrecht-status-badge--neutral tag--gemeente">Gemeente</span>' in rij(w.c2_eigen)
    assert escape(str(w.c2)) in rij(w.c2_eigen)
    assert "het team (niemand toegewezen)" in rij(w.team)
    assert escape(str(w.r)) in rij(w.r_eigen) and "Stadsbank" in rij(w.r_eigen)
    badge = rij(w.open_od)
    assert "Warme overdracht open" in badge
    assert f"uiterlijk {opmaak_datum(w.overdracht.deadline)}" in badge
    assert "Warme overdracht open" not in rij(w.r_eigen)


def test_htmx_ververst_de_tellingen_buiten_de_tabel(client, w):
    client.force_login(w.c)
    r = client.get(WERKVOORRAAD, {"weergave": "team", "aan_zet": "ik"}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert '<fieldset class="keuzerij" id="werkvoorraad-aanzet" hx-swap-oob="true">' in html
    assert 'value="ik" checked> Ik' in html


def _queries(client, params: dict) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(WERKVOORRAAD, params).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "params",
    [{"aan_zet": "ik"}, {"weergave": "team", "aan_zet": "team"}, {"weergave": "team"}],
)
def test_aantal_queries_constant_met_overdrachten_en_tellingen(client, params):
    """A consulent's werkvoorraad with open warme overdrachten on the page: 2 or 27 rows,
    the same number of queries (the counts are one aggregate, the badge a subquery)."""
    omg = omgeving("hybride-gemeente")

    def maak(n: int) -> None:
        for i in range(n):
            traject = overdracht_nodig(omg, behandelaar=i % 2 == 0)
            if i % 3 == 0:
                verstuur(traject, omg.consulent)

    maak(2)
    client.force_login(omg.consulent)
    client.get(WERKVOORRAAD, params)  # warm up
    weinig = _queries(client, params)
    maak(25)
    assert _queries(client, params) == weinig


# ----------------------------------------------------------------- the traject page


def test_trajectpagina_zegt_wie_aan_zet_is(client, w):
    client.force_login(w.c)
    detail = lambda t: client.get(reverse("traject_detail", args=[t.pk])).content.decode()  # noqa: E731
    regel = element(detail(w.c_eigen), "aanzet")
    assert "Aan zet: Gemeente (u)</strong> — Warme overdracht aan de Stadsbank versturen" in regel
    regel = element(detail(w.team), "aanzet")
    assert "Aan zet: Gemeente (het team)</strong>" in regel
    assert "niemand is toegewezen" in regel
    regel = element(detail(w.open_od), "aanzet")
    naam = escape(w.r.get_full_name())
    assert f"Aan zet: Stadsbank ({naam})</strong> — Warme overdracht accepteren" in regel
    assert f"uiterlijk {opmaak_datum(w.overdracht.deadline)}" in regel
    client.force_login(w.r)
    assert "Aan zet: Stadsbank (u)</strong>" in element(detail(w.r_eigen), "aanzet")
