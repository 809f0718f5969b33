"""Changing a kwartaalgesprek (issue 19): date, attendees, agreements and actions until the
next version of the report carries it; after that only ticking actions off; every change a
line in the verwerkingenlog and in the meeting's history."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rapportage import kwartaalgesprek, services
from rapportage.models import Actie, Kwartaalgesprek
from schuldhulp.models import Auditregel, Rol
from schuldhulp.permissions import mag
from tests.bouwers.fabrieken import GebruikerFactory
from tests.bouwers.rijen import Q2

GISTEREN = timezone.localdate() - timedelta(days=1)


def _maak(gemeente):
    r = services.vraag_aan(gemeente=gemeente, kwartaal=Q2, door=None, in_wachtrij=False)
    return services.maak(rapportage_id=r.pk)


@pytest.fixture
def gesprek(gemeente_a, contractmanager_a) -> Kwartaalgesprek:
    return kwartaalgesprek.leg_vast(
        rapportage=_maak(gemeente_a),
        door=contractmanager_a,
        datum=GISTEREN,
        aanwezigen="Wethouder\nStadsbank",
        afspraken="Cijfers toelichten.",
        opmerkingen="",
        acties=[
            kwartaalgesprek.NieuweActie("Toelichting sturen", "Stadsbank", date(2026, 12, 1)),
            kwartaalgesprek.NieuweActie("Raad informeren", "Gemeente", date(2026, 12, 15)),
        ],
    )


def _post(gesprek, **extra) -> dict:
    acties = list(gesprek.acties.order_by("deadline", "pk"))
    data = {
        "datum": GISTEREN.isoformat(),
        "aanwezigen": "Wethouder\nStadsbank\nBeleidsadviseur",
        "afspraken": "Cijfers toelichten; volgende keer de benchmark.",
        "opmerkingen": "Tevreden over de wachttijd.",
        "actie-TOTAL_FORMS": str(len(acties) + 1),
        "actie-INITIAL_FORMS": str(len(acties)),
    }
    for i, a in enumerate(acties):
        data |= {
            f"actie-{i}-id": a.pk,
            f"actie-{i}-omschrijving": a.omschrijving,
            f"actie-{i}-eigenaar": a.eigenaar,
            f"actie-{i}-deadline": a.deadline.isoformat(),
        }
    return data | extra


def test_contractmanager_wijzigt_gesprek_en_acties(client, gesprek, contractmanager_a):
    client.force_login(contractmanager_a)
    url = reverse("rapportage_kwartaalgesprek_wijzigen", args=[gesprek.pk])
    pagina = client.get(url)
    assert pagina.status_code == 200 and "Wijzigingen opslaan" in pagina.text
    eerste, tweede = gesprek.acties.order_by("deadline", "pk")
    antwoord = client.post(
        url,
        _post(
            gesprek,
            **{
                "actie-0-eigenaar": "Stadsbank (Anna)",
                "actie-0-afgerond": "on",
                "actie-1-verwijderen": "on",
                "actie-2-omschrijving": "Benchmark bespreken",
                "actie-2-eigenaar": "Gemeente",
                "actie-2-deadline": "2027-01-15",
            },
        ),
    )
    assert antwoord.status_code == 302
    gesprek.refresh_from_db()
    assert "Beleidsadviseur" in gesprek.aanwezigen
    assert gesprek.opmerkingen == "Tevreden over de wachttijd."
    eerste.refresh_from_db()
    assert eerste.eigenaar == "Stadsbank (Anna)" and eerste.afgerond_op is not None
    assert not Actie.objects.filter(pk=tweede.pk).exists()
    assert gesprek.acties.filter(omschrijving="Benchmark bespreken").exists()
    regel = Auditregel.objects.get(objecttype="kwartaalgesprek", object_id=str(gesprek.pk))
    assert regel.gemeente_id == gesprek.rapportage.gemeente_id
    assert regel.wijzigingen["aanwezigen"] == "gewijzigd"  # names are not kept
    assert regel.wijzigingen["acties_erbij"] == {"voor": 0, "na": 1}
    assert regel.wijzigingen["acties_weg"] == {"voor": 0, "na": 1}
    assert regel.wijzigingen["afgerond"] == {"voor": 0, "na": 1}
    historie = client.get(url).text
    assert "Kwartaalgesprek gewijzigd" in historie and "acties_erbij" in historie


def test_foute_invoer_slaat_niets_op(client, gesprek, contractmanager_a):
    client.force_login(contractmanager_a)
    url = reverse("rapportage_kwartaalgesprek_wijzigen", args=[gesprek.pk])
    morgen = (timezone.localdate() + timedelta(days=1)).isoformat()
    antwoord = client.post(
        url, _post(gesprek, datum=morgen, **{"actie-0-eigenaar": "", "actie-1-afgerond": "on"})
    )
    assert antwoord.status_code == 422
    assert "Deze datum ligt in de toekomst" in antwoord.text
    assert "Vul in wie de actie doet." in antwoord.text
    assert not gesprek.acties.filter(afgerond_op__isnull=False).exists()
    assert not Auditregel.objects.filter(objecttype="kwartaalgesprek").exists()


def test_na_de_volgende_versie_alleen_afvinken(client, gesprek, gemeente_a, contractmanager_a):
    _maak(gemeente_a)  # version 2, with the meeting as its appendix
    assert mag(contractmanager_a, "rapportage.kwartaalgesprek_wijzigen", gesprek)
    client.force_login(contractmanager_a)
    url = reverse("rapportage_kwartaalgesprek_wijzigen", args=[gesprek.pk])
    pagina = client.get(url)
    assert "Versie 2 van deze rapportage is al gemaakt" in pagina.text
    assert "Wijzigingen opslaan" not in pagina.text
    voor = Kwartaalgesprek.objects.get(pk=gesprek.pk).aanwezigen
    client.post(url, _post(gesprek))  # the form is gone; a POST changes nothing
    assert Kwartaalgesprek.objects.get(pk=gesprek.pk).aanwezigen == voor
    with pytest.raises(Exception, match="Versie 2"):
        kwartaalgesprek.wijzig(
            gesprek_id=gesprek.pk,
            door=contractmanager_a,
            datum=GISTEREN,
            aanwezigen="Iemand anders",
            afspraken="",
            opmerkingen="",
            acties=[],
        )
    # Ticking off still works, and is logged.
    actie = gesprek.acties.first()
    antwoord = client.post(
        reverse("rapportage_actie_afronden", args=[actie.pk]),
        {"afgerond": "1", "volgende": url},
    )
    assert antwoord.status_code == 302 and antwoord.url == url
    actie.refresh_from_db()
    assert actie.afgerond_op is not None
    assert Auditregel.objects.filter(
        objecttype="kwartaalgesprek", object_id=str(gesprek.pk), omschrijving="Actie afgerond"
    ).exists()


def test_alleen_de_contractmanager_van_de_gemeente(client, gesprek, gemeente_b):
    url = reverse("rapportage_kwartaalgesprek_wijzigen", args=[gesprek.pk])
    client.force_login(GebruikerFactory(rol=Rol.BEHEERDER))
    assert client.get(url).status_code == 403
    client.force_login(GebruikerFactory(rol=Rol.CONTRACTMANAGER, gemeenten=[gemeente_b]))
    assert client.get(url).status_code == 404
    assert client.post(url, _post(gesprek)).status_code == 404
    assert not Auditregel.objects.filter(objecttype="kwartaalgesprek").exists()
