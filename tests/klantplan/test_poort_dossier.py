"""Page and service agree on the dossier around a traject, for every dossier handeling ×
role × package × phase: a tab shows its write controls exactly when the service of that
tab's catalogue row accepts the write, a form offers exactly the kinds of gesprek and
afstemming whose row the service accepts, and a refusal is the gate's reason."""

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
from trajecten.workflow import AFSTEMMING_HANDELING, DOSSIER, GESPREK_HANDELING, HANDELINGEN

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
    "huishouden": "huishouden:huishouden",
    "budget": "huishouden:budget",
}
# The household's rows (klantplan/huishouden/workflow.py), dossier work outside trajecten.
HUISHOUDEN = {"huishouden.wijzigen", "budget.wijzigen"}


def _schrijf(handeling: str, traject, door) -> Callable[[], object]:
    """A real write of the row where a simple one exists; else the services' own gate call."""
    d = vandaag()
    echt: dict[str, Callable[[], object]] = {
        **{
            naam: lambda soort=soort: services.registreer_gesprek(
                traject=traject, door=door, soort=soort, datum=d, deelnemers="Klant"
            )
            for soort, naam in GESPREK_HANDELING.items()
        },
        **{
            naam: lambda soort=soort: services.registreer_afstemming(
                traject=traject, door=door, soort=soort, datum=d, bericht="Even afstemmen"
            )
            for soort, naam in AFSTEMMING_HANDELING.items()
        },
        "monitoring.vastleggen": lambda: services.registreer_monitoring(
            traject=traject, door=door, datum=d, doelen_gehaald="deels", schaal="gelijk"
        ),
        "klacht.vastleggen": lambda: services.registreer_klacht(
            traject=traject, door=door, soort="klacht", datum=d, onderwerp="Bereikbaarheid"
        ),
        "klantplan.wijzigen": lambda: services.maak_klantplan(traject=traject, door=door),
    }
    return echt.get(handeling, lambda: controleer_toegang(traject, door, handeling))


# Dossier rows without a tab of their own: tried through their service below, and the
# kinds of gesprek and afstemming also through the form that offers them (SOORTFORMULIER).
ZONDER_TABBLAD = {
    "klantplan.vaststellen",
    "monitoring.vastleggen",
    "actie.afvinken.stadsbank",  # the "Gedaan" button in the actions table, per party
    "actie.afvinken.gemeente",
    *GESPREK_HANDELING.values(),
    *AFSTEMMING_HANDELING.values(),
}
SOORTFORMULIER = {
    "klantplan:gesprek_nieuw": GESPREK_HANDELING,
    "klantplan:afstemming_nieuw": AFSTEMMING_HANDELING,
}


def test_elke_dossierhandeling_heeft_een_tabblad():
    assert set(TAB_HANDELING.values()) | ZONDER_TABBLAD == set(DOSSIER) | HUISHOUDEN
    assert set(DOSSIER) <= set(HANDELINGEN)
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
        geschreven = set()
        for handeling in sorted(ZONDER_TABBLAD):
            reden = probeer(_schrijf(handeling, traject, door))
            assert reden == mag(door, handeling, traject), (handeling, rol, fase, pakket)
            if reden is None:
                geschreven.add(handeling)
        for url, per_soort in SOORTFORMULIER.items():
            r = client.get(reverse(url, args=[traject.pk]))
            if r.status_code != 200:  # the either-side kind is refused: no form at all
                assert not geschreven & set(per_soort.values()), (url, rol)
                continue
            aangeboden = {per_soort[w] for w, _ in r.context["form"].fields["soort"].choices if w}
            assert aangeboden == geschreven & set(per_soort.values()), (url, rol, fase, pakket)
