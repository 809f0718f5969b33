"""Page and service agree on the dossier around a traject, for every dossier handeling ×
role × package × phase: a tab shows its write controls exactly when the service of that
tab's catalogue row accepts the write, and a refusal is the gate's reason."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from klantplan import services
from klantplan.services.toegang import controleer_toegang
from klantplan.views.basis import TAB_HANDELING
from schuldhulp.permissions import mag
from tests.bouwers import omgeving, probeer, traject_in, vandaag
from trajecten.models import Fase
from trajecten.workflow import HANDELINGEN

pytestmark = pytest.mark.django_db

ROLLEN = ["regisseur", "consulent", "contractmanager", "beheerder", "ander", "ander_consulent"]
PAKKETTEN = ["ontzorging", "hybride-gemeente", "basis"]
# tab → URL name of the tab page
TABBLADEN = {
    "klantplan": "klantplan:klantplan",
    "schulden": "klantplan:schulden",
    "voorstel": "klantplan:voorstellen",
    "gesprekken": "klantplan:gesprekken",
    "afstemming": "klantplan:afstemmingen",
    "klachten": "klantplan:klachten",
    "documenten": "klantplan:documenten",
}


def _schrijf(handeling: str, traject, door) -> Callable[[], object]:
    """A real write of the row where a simple one exists; else the services' own gate call."""
    d = vandaag()
    echt: dict[str, Callable[[], object]] = {
        "gesprek.vastleggen": lambda: services.registreer_gesprek(
            traject=traject, door=door, soort="adviesgesprek", datum=d, deelnemers="Klant"
        ),
        "afstemming.vastleggen": lambda: services.registreer_afstemming(
            traject=traject, door=door, soort="signaal", datum=d, bericht="Even afstemmen"
        ),
        "klacht.vastleggen": lambda: services.registreer_klacht(
            traject=traject, door=door, soort="klacht", datum=d, onderwerp="Bereikbaarheid"
        ),
        "klantplan.wijzigen": lambda: services.maak_klantplan(traject=traject, door=door),
    }
    return echt.get(handeling, lambda: controleer_toegang(traject, door, handeling))


def test_elke_dossierhandeling_heeft_een_tabblad():
    dossier = {n for n, h in HANDELINGEN.items() if not h.open_traject}
    assert set(TAB_HANDELING.values()) | {"klantplan.vaststellen"} == dossier
    assert set(TAB_HANDELING) == set(TABBLADEN)


@pytest.mark.parametrize("pakket", PAKKETTEN)
@pytest.mark.parametrize("fase", [Fase.AANGEMELD, Fase.UITVOERING, Fase.UITGESTROOMD])
def test_tabblad_en_service_zijn_het_eens(client, pakket: str, fase: Fase):
    omg = omgeving(pakket)
    traject = traject_in(omg, fase)
    for rol in ROLLEN:
        door = omg.rol(rol)
        client.force_login(door)
        for tab, handeling in TAB_HANDELING.items():
            reden = probeer(_schrijf(handeling, traject, door))
            poort = mag(door, handeling, traject)
            toegestaan = poort is None
            assert reden == poort, (tab, rol, fase, pakket)  # None == None: written
            r = client.get(reverse(TABBLADEN[tab], args=[traject.pk]))
            if rol in ("regisseur", "consulent"):
                assert r.status_code == 200, (tab, rol)
                assert r.context["kan_schrijven"] == toegestaan, (tab, rol, fase, pakket)
            else:  # no dossier of theirs: no page at all, and no write
                assert r.status_code in (403, 404), (tab, rol)
                assert not toegestaan
