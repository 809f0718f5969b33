"""The screens for the people on a traject: the part "Betrokkenen" of the traject page, the
aanmelding, the team lead's screen per gemeente ("Werk verdelen"), and the klant's vaste
contactpersoon in the klant list, the klant page and the dossier header."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from schuldhulp.models import Rol
from tests.bouwers import KlantFactory, aanmelding, medewerker, omgeving, vandaag
from trajecten.models import Gebeurtenis, Traject
from trajecten.samenwerking.services import personen

pytestmark = pytest.mark.django_db


@pytest.fixture
def omg():
    return omgeving("hybride-gemeente")


@pytest.fixture
def collega(omg):
    return medewerker(
        "kr-collega", Rol.KLANTREGISSEUR, [omg.gemeente], first_name="Karin", last_name="Jansen"
    )


def _detail(traject) -> str:
    return reverse("traject_detail", args=[traject.pk])


def _html(client, url: str) -> str:
    antwoord = client.get(url)
    assert antwoord.status_code == 200
    return antwoord.content.decode()


# --- the traject page: "Betrokkenen" ---------------------------------------------------------


def test_betrokkenen_met_vaste_contactpersoon_en_de_formulieren_van_de_eigen_kant(client, omg):
    traject = aanmelding(
        KlantFactory(gemeente=omg.gemeente), omg.consulent, behandelaar=omg.regisseur
    )
    client.force_login(omg.consulent)
    html = _html(client, _detail(traject))
    assert 'id="kop-betrokkenen"' in html
    assert escape(str(omg.regisseur)) in html and escape(str(omg.consulent)) in html
    # The consulent registered: the gemeente's person is the vaste contactpersoon.
    blok = html.split('id="betrokkene-gemeente"')[1].split("</dd>")[0]
    assert "Vaste contactpersoon van de klant" in blok
    assert 'id="contactpersoon"' in html and 'id="vaste-contactpersoon"' in html
    assert 'id="behandelaar"' not in html  # the Stadsbank names its own
    client.force_login(omg.regisseur)
    html = _html(client, _detail(traject))
    assert 'id="behandelaar"' in html and 'id="contactpersoon"' not in html


def test_contactpersoon_en_vaste_contactpersoon_via_het_scherm(client, omg):
    traject = aanmelding(KlantFactory(gemeente=omg.gemeente), omg.regisseur)
    client.force_login(omg.consulent)
    antwoord = client.post(
        reverse("traject_contactpersoon", args=[traject.pk]),
        {
            "contactpersoon-versie": traject.versie,
            "contactpersoon-persoon": omg.consulent.pk,
            "contactpersoon-reden": "Wijkteam Noord",
        },
        follow=True,
    )
    html = antwoord.content.decode()
    assert "is nu de contactpersoon bij de gemeente" in html
    assert f"Nieuwe contactpersoon gemeente: {escape(str(omg.consulent))}" in html
    traject = Traject.objects.get(pk=traject.pk)
    antwoord = client.post(
        reverse("traject_vaste_contactpersoon", args=[traject.pk]),
        {
            "vaste-contactpersoon-versie": traject.versie,
            "vaste-contactpersoon-partij": "gemeente",
            "vaste-contactpersoon-reden": "Klant kent de consulent",
        },
        follow=True,
    )
    html = antwoord.content.decode()
    assert "De vaste contactpersoon van de klant is nu de contactpersoon bij de gemeente" in html
    assert Traject.objects.get(pk=traject.pk).contactpersoon == omg.consulent


def test_geweigerd_formulier_komt_terug_met_de_reden(client, omg):
    traject = aanmelding(KlantFactory(gemeente=omg.gemeente), omg.regisseur)
    client.force_login(omg.regisseur)
    antwoord = client.post(
        reverse("traject_behandelaar", args=[traject.pk]),
        {
            "behandelaar-versie": traject.versie,
            "behandelaar-persoon": omg.regisseur.pk,
            "behandelaar-reden": "Nogmaals",
        },
    )
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "Dit is al de behandelaar bij de Stadsbank van dit traject." in html
    assert '<details class="actie actie--inklapbaar actie--fout" id="behandelaar" open>' in html
    antwoord = client.post(
        reverse("traject_behandelaar", args=[traject.pk]),
        {"behandelaar-versie": traject.versie, "behandelaar-persoon": omg.ander.pk},
    )
    html = antwoord.content.decode()
    assert "Kies als behandelaar bij de Stadsbank iemand uit de lijst." in html
    assert "Geef de reden op." in html
    assert Traject.objects.get(pk=traject.pk).versie == traject.versie


# --- aanmelden ----------------------------------------------------------------------------


def test_aanmelden_met_personen_van_beide_kanten(client, omg):
    klant = KlantFactory(gemeente=omg.gemeente)
    client.force_login(omg.consulent)
    url = reverse("traject_aanmelden") + f"?klant={klant.pk}"
    html = _html(client, url)
    # Only the candidates of this gemeente: klantregisseurs for the Stadsbank, consulenten
    # for the gemeente; the registering consulent is chosen for their own side.
    assert f'<option value="{omg.regisseur.pk}">' in html
    assert f'<option value="{omg.consulent.pk}" selected>' in html
    assert escape(str(omg.ander)) not in html and escape(str(omg.contractmanager)) not in html
    assert re.search(r'name="vaste_contactpersoon" value="gemeente"[^>]*checked', html)
    antwoord = client.post(
        url,
        {
            "klant": klant.pk,
            "datum": vandaag().isoformat(),
            "kanaal": "wijkteam",
            "behandelaar": omg.regisseur.pk,
            "contactpersoon": omg.consulent.pk,
            "vaste_contactpersoon": "stadsbank",
        },
    )
    assert antwoord.status_code == 302
    traject = Traject.objects.get(klant=klant)
    assert (traject.behandelaar, traject.consulent, traject.vaste_contactpersoon) == (
        omg.regisseur,
        omg.consulent,
        "stadsbank",
    )


def test_aanmelden_met_iemand_van_een_andere_gemeente_geweigerd(client, omg):
    klant = KlantFactory(gemeente=omg.gemeente)
    client.force_login(omg.regisseur)
    antwoord = client.post(
        reverse("traject_aanmelden"),
        {
            "klant": klant.pk,
            "datum": vandaag().isoformat(),
            "kanaal": "wijkteam",
            "behandelaar": omg.ander.pk,
            "vaste_contactpersoon": "stadsbank",
        },
    )
    assert antwoord.status_code == 200
    assert "Kies als behandelaar bij de Stadsbank iemand uit de lijst." in antwoord.content.decode()
    assert not Traject.objects.filter(klant=klant).exists()


# --- the team lead's screen ------------------------------------------------------------------


def _team(omg) -> str:
    return reverse("team_verdelen", args=[omg.gemeente.pk])


def _stand(omg, collega):
    """Two trajecten without a behandelaar, three of the regisseur, one of the colleague;
    two of the regisseur's with the Stadsbank aan zet."""
    los = [aanmelding(KlantFactory(gemeente=omg.gemeente), omg.consulent) for _ in range(2)]
    eigen = [aanmelding(KlantFactory(gemeente=omg.gemeente), omg.regisseur) for _ in range(3)]
    ander = aanmelding(KlantFactory(gemeente=omg.gemeente), collega)
    Traject.objects.filter(pk__in=[t.pk for t in eigen]).update(aan_zet="gemeente")
    Traject.objects.filter(pk__in=[t.pk for t in eigen[:2]]).update(aan_zet="stadsbank")
    return los, eigen, ander


def _cel(html: str, celid: str) -> str:
    return html.split(f'id="{celid}">')[1].split("<")[0]


def test_team_telt_per_persoon_en_toont_wat_niemand_heeft(client, omg, collega):
    los, eigen, ander = _stand(omg, collega)
    client.force_login(omg.regisseur)
    html = _html(client, _team(omg))
    assert (_cel(html, "open-niemand"), _cel(html, f"open-{omg.regisseur.pk}")) == ("2", "3")
    assert (_cel(html, f"aan-zet-{omg.regisseur.pk}"), _cel(html, f"open-{collega.pk}")) == (
        "2",
        "1",
    )
    assert escape(str(omg.consulent)) not in html.split('id="kop-lijst"')[0]  # Stadsbank side
    # The default list: the unassigned ones, with a box each.
    for t in los:
        assert f'name="trajecten" value="{t.pk}"' in html
    assert f'value="{eigen[0].pk}"' not in html
    html = _html(client, _team(omg) + f"?persoon={omg.regisseur.pk}")
    assert all(f'name="trajecten" value="{t.pk}"' in html for t in eigen)
    assert f'value="{ander.pk}"' not in html


def test_team_toewijzen_en_herverdelen(client, omg, collega):
    los, eigen, _ander = _stand(omg, collega)
    client.force_login(omg.regisseur)
    antwoord = client.post(
        _team(omg),
        {
            "van": "niemand",
            "trajecten": [t.pk for t in los],
            "naar": collega.pk,
            "reden": "Nieuwe aanmeldingen",
        },
        follow=True,
    )
    assert "2 trajecten toegewezen aan Karin Jansen." in antwoord.content.decode()
    assert all(Traject.objects.get(pk=t.pk).behandelaar == collega for t in los)
    # Rebalance: two of the regisseur's to the colleague.
    antwoord = client.post(
        _team(omg),
        {
            "van": omg.regisseur.pk,
            "trajecten": [eigen[0].pk, eigen[1].pk],
            "naar": collega.pk,
            "reden": "Werk verdelen",
        },
    )
    assert antwoord.status_code == 302
    assert antwoord["Location"].endswith(f"?persoon={omg.regisseur.pk}")
    html = _html(client, _team(omg))
    assert (_cel(html, f"open-{omg.regisseur.pk}"), _cel(html, f"open-{collega.pk}")) == (
        "1",
        "5",
    )
    assert Gebeurtenis.objects.filter(soort="behandelaar", toelichting="Werk verdelen").count() == 2


def test_team_weigert_en_verandert_niets(client, omg, collega):
    los, _eigen, _ander = _stand(omg, collega)
    elders = omgeving("hybride-gemeente")
    vreemd = aanmelding(KlantFactory(gemeente=elders.gemeente), elders.consulent)
    client.force_login(omg.regisseur)
    antwoord = client.post(
        _team(omg),
        {
            "van": "niemand",
            "trajecten": [los[0].pk, vreemd.pk],
            "naar": collega.pk,
            "reden": "Verdelen",
        },
    )
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert escape(f"Traject {vreemd.pk} hoort niet bij gemeente {omg.gemeente.naam}.") in html
    assert f'value="{los[0].pk}" id="traject-{los[0].pk}" checked' in html  # kept ticked
    assert Traject.objects.get(pk=los[0].pk).behandelaar is None
    antwoord = client.post(_team(omg), {"van": "niemand", "naar": collega.pk, "reden": "x"})
    assert "Vink een of meer trajecten aan." in antwoord.content.decode()


def test_team_van_een_andere_gemeente_of_rol(client, omg):
    elders = omgeving("hybride-gemeente")
    client.force_login(omg.regisseur)
    assert client.get(reverse("team_verdelen", args=[elders.gemeente.pk])).status_code == 404
    client.force_login(omg.contractmanager)
    assert client.get(_team(omg)).status_code == 403
    assert client.get(reverse("team_kies")).status_code == 403


def test_team_van_de_gemeente_verdeelt_contactpersonen(client, omg):
    tweede = medewerker("co-twee", Rol.CONSULENT, [omg.gemeente], last_name="Tweede")
    traject = aanmelding(KlantFactory(gemeente=omg.gemeente), omg.regisseur)
    client.force_login(omg.consulent)
    html = _html(client, _team(omg))
    assert "contactpersonen bij de gemeente" in html and _cel(html, "open-niemand") == "1"
    assert _cel(html, f"open-{tweede.pk}") == "0"
    antwoord = client.post(
        _team(omg),
        {"van": "niemand", "trajecten": [traject.pk], "naar": tweede.pk, "reden": "Wijk"},
    )
    assert antwoord.status_code == 302
    assert Traject.objects.get(pk=traject.pk).consulent == tweede


def _aantal_queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_team_kost_evenveel_queries_met_meer_mensen_en_trajecten(client, omg, collega):
    client.force_login(omg.regisseur)
    aanmelding(KlantFactory(gemeente=omg.gemeente), omg.consulent)
    aanmelding(KlantFactory(gemeente=omg.gemeente), omg.regisseur)
    urls = [_team(omg), _team(omg) + f"?persoon={omg.regisseur.pk}", reverse("team_kies")]
    weinig = [_aantal_queries(client, url) for url in urls]
    for n in range(4):
        medewerker(f"kr-extra{n}", Rol.KLANTREGISSEUR, [omg.gemeente])
    _stand(omg, collega)
    for _ in range(3):
        aanmelding(KlantFactory(gemeente=omg.gemeente), omg.regisseur)
    vertrokken = Traject.objects.filter(behandelaar=collega).first()
    collega.is_active = False  # still has a traject here: listed to hand it on
    collega.save()
    assert [_aantal_queries(client, url) for url in urls] == weinig
    assert "Werkt niet meer voor" in _html(client, _team(omg)) and vertrokken is not None


def test_werk_verdelen_in_menu_en_op_de_gemeentepagina(client, omg):
    client.force_login(omg.regisseur)
    assert f'href="{reverse("team_kies")}"' in _html(client, reverse("home"))
    html = _html(client, reverse("gemeente_detail", args=[omg.gemeente.pk]))
    assert f'href="{_team(omg)}"' in html
    html = _html(client, reverse("team_kies"))
    assert f'href="{_team(omg)}"' in html
    client.force_login(omg.contractmanager)
    html = _html(client, reverse("gemeente_detail", args=[omg.gemeente.pk]))
    assert _team(omg) not in html


# --- the klant's vaste contactpersoon, printed the same everywhere --------------------------


def test_vaste_contactpersoon_in_klantenlijst_klantpagina_en_dossierkop(client, omg, collega):
    traject = aanmelding(KlantFactory(gemeente=omg.gemeente), omg.regisseur)
    zonder = KlantFactory(gemeente=omg.gemeente)
    client.force_login(omg.regisseur)
    paginas = [
        reverse("klanten"),
        reverse("klant_detail", args=[traject.klant_id]),
        reverse("klantplan:schulden", args=[traject.pk]),
    ]
    for url in paginas:
        assert escape(str(omg.regisseur)) in _html(client, url), url
    personen.wijzig_behandelaar(
        traject_id=traject.pk, behandelaar=collega, door=omg.regisseur, reden="Verlof"
    )
    for url in paginas:
        html = _html(client, url)
        assert "Karin Jansen" in html, url
    personen.kies_vaste_contactpersoon(
        traject_id=traject.pk, partij="gemeente", door=omg.regisseur, reden="Wens klant"
    )
    html = _html(client, reverse("klant_detail", args=[traject.klant_id]))
    assert "Nog niemand toegewezen" in html and "(gemeente)" in html
    assert zonder.achternaam in _html(client, reverse("klanten"))


def test_klantenlijst_kost_evenveel_queries(client, omg):
    client.force_login(omg.regisseur)
    aanmelding(KlantFactory(gemeente=omg.gemeente), omg.regisseur)
    weinig = _aantal_queries(client, reverse("klanten"))
    for _ in range(5):
        aanmelding(KlantFactory(gemeente=omg.gemeente), omg.consulent)
    assert _aantal_queries(client, reverse("klanten")) == weinig
