"""Page and service agree on the papers, for every row × role × package × phase: the Papieren
tab shows the controls to ask, upload and judge exactly when the service accepts that write,
and a refusal is the gate's reason (ADR 0003; like tests/klantplan/test_poort_dossier.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from klantplan.papieren import services
from klantplan.papieren.models import Papiersoort, Stuk
from klantplan.papieren.workflow import HANDELINGEN
from schuldhulp.permissions import mag
from tests.bouwers import omgeving, traject_in
from tests.bouwers.papieren import jpeg, lijst
from trajecten.models import Fase

pytestmark = pytest.mark.django_db

ROLLEN = ["regisseur", "consulent", "contractmanager", "beheerder", "ander", "ander_consulent"]
PAKKETTEN = ["ontzorging", "hybride-gemeente", "basis"]
# Rows of the worker's page, and the flag on its row of the checklist (None: the page's own).
OP_DE_PAGINA = {
    "papier.vragen": None,
    "papier.aanleveren": "kan_uploaden",
    "papier.goedkeuren": "kan_beoordelen",
    "papier.afkeuren": "kan_beoordelen",
}
# The portal's rows (tests/portaal) and downloading (test_services, the URL walk).
ELDERS = {"papier.aanleveren.klant", "papier.downloaden.klant", "papier.downloaden"}


class _Terug(Exception):
    pass


def probeer(schrijf: Callable[[], object]) -> str | None:
    """The write in a savepoint that is always rolled back: None if accepted, else why not."""
    try:
        with transaction.atomic():
            schrijf()
            raise _Terug
    except _Terug:
        return None
    except PermissionDenied as fout:
        return str(fout)


def test_elke_rij_wordt_geprobeerd():
    assert set(OP_DE_PAGINA) | ELDERS == set(HANDELINGEN)


@pytest.mark.parametrize("pakket", PAKKETTEN)
@pytest.mark.parametrize("fase", [Fase.INTAKE, Fase.UITGESTROOMD])
def test_pagina_en_service_zijn_het_eens(client, pakket: str, fase: Fase):
    lijst()
    omg = omgeving(pakket)
    traject = traject_in(omg, fase)
    post = Papiersoort.objects.get(code="post")
    stuk = Stuk.objects.create(traject=traject, soort=post, aanleveraar="klant", status="ontvangen")
    schrijf = {
        "papier.vragen": lambda d: services.vraag_stuk(traject, door=d, soort=post),
        "papier.aanleveren": lambda d: services.lever_aan(stuk, [jpeg()], door_gebruiker=d),
        "papier.goedkeuren": lambda d: services.keur_goed(stuk, door=d),
        "papier.afkeuren": lambda d: services.keur_af(stuk, door=d, reden="Onleesbaar"),
    }
    for rol in ROLLEN:
        door = omg.rol(rol)
        client.force_login(door)
        r = client.get(reverse("papieren:papieren", args=[traject.pk]))
        for handeling, vlag in OP_DE_PAGINA.items():
            reden = probeer(lambda h=handeling, d=door: schrijf[h](d))
            poort = mag(door, handeling, stuk if vlag else traject)
            assert reden == poort, (handeling, rol, fase, pakket)
            if rol not in ("regisseur", "consulent"):
                assert r.status_code in (403, 404) and poort is not None, (handeling, rol)
                continue
            assert r.status_code == 200
            if vlag is None:
                assert r.context["kan_vragen"] == (poort is None), (handeling, rol, fase, pakket)
            else:
                [rij] = [x for x in r.context["rijen"] if x["stuk"].pk == stuk.pk]
                assert rij[vlag] == (poort is None), (handeling, rol, fase, pakket)
    # Exactly one side gathers information on an open traject (Hybride: as agreed)
    if fase != Fase.UITGESTROOMD:
        assert [mag(omg.rol(r), "papier.goedkeuren", stuk) is None for r in ROLLEN[:2]].count(
            True
        ) == 1
