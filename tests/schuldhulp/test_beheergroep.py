"""The group "Functioneel beheer" (schuldhulp/rechten.py): after migrate it exists with the
beheerder's rights, and the demo beheerder opens the signal partners and report settings in
/beheer/ (issue 17: 403 there before)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from demo.basis import maak_demo_data
from rapportage.models import Instellingen
from schuldhulp import rechten
from schuldhulp.models import Gebruiker, Rol
from tests.bouwers.fabrieken import medewerker

pytestmark = pytest.mark.django_db

PAGINAS = [
    "/beheer/vroegsignalering/signaalpartner/",
    "/beheer/vroegsignalering/signaalpartner/add/",
    "/beheer/rapportage/instellingen/",
    "/beheer/rapportage/besparing/",
    "/beheer/rapportage/besparing/add/",
    "/beheer/rapportage/uitvoeringskosten/",
    "/beheer/rapportage/kwartaalrapportage/",
]


def _codes(groep: Group) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in groep.permissions.all()}


def test_groep_bestaat_na_migrate_met_de_beheerrechten():
    groep = Group.objects.get(name=rechten.BEHEERGROEP)  # post_migrate made it
    codes = _codes(groep)
    assert {
        "vroegsignalering.change_signaalpartner",
        "rapportage.change_instellingen",
        "rapportage.add_besparing",
        "rapportage.view_kwartaalrapportage",
        "schuldhulp.change_gemeente",
        "django_celery_beat.view_periodictask",
    } <= codes
    assert "django_celery_beat.change_periodictask" not in codes  # the jobs are the code's
    # No dossier data, no changing a report, no dossier rights.
    assert (
        not {
            "schuldhulp.view_klant",
            "vroegsignalering.view_signaalzaak",
            "rapportage.change_kwartaalrapportage",
            "schuldhulp.change_klantgebruikerpermissie",
        }
        & codes
    )


def test_groep_wordt_teruggezet():
    groep = Group.objects.get(name=rechten.BEHEERGROEP)
    groep.permissions.clear()
    rechten.zorg_voor_beheergroep()
    assert _codes(groep) == {
        f"{p.content_type.app_label}.{p.codename}" for p in rechten.beheerrechten()
    }


def test_demo_beheerder_opent_signaalpartners_en_rapportage_instellingen(client):
    maak_demo_data(klanten_per_gemeente=0, met_verhaal=False)
    client.force_login(Gebruiker.objects.get(username="beheerder"))
    for url in PAGINAS:
        assert client.get(url).status_code == 200, url
    Instellingen.objects.all().delete()
    assert client.get("/beheer/rapportage/instellingen/add/").status_code == 200


def test_instellingen_toevoegen_vraagt_het_recht(client):
    """The one-row rule no longer bypasses the permission check."""
    Instellingen.objects.all().delete()
    zonder = medewerker("staf", Rol.BEHEERDER, is_staff=True)
    client.force_login(zonder)
    assert client.get("/beheer/rapportage/instellingen/add/").status_code == 403
    assert not Instellingen.objects.exists()
