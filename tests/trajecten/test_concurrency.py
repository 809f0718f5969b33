"""Two people move the same traject at the same moment: exactly one wins.

Each thread has its own database connection (Django opens one per thread), so the row
lock (select_for_update) and the version check in trajecten.services are really tested.
"""

from __future__ import annotations

import pytest

from tests.bouwers import omgeving, traject_in, vandaag
from tests.bouwers.gelijktijdig import tegelijk
from trajecten import services
from trajecten.models import Fase, Gebeurtenis, Traject

pytestmark = pytest.mark.django_db(transaction=True)


def test_twee_keer_eerste_gesprek_met_dezelfde_versie():
    omg = omgeving()
    traject = traject_in(omg, Fase.AANGEMELD)
    versie = traject.versie

    def eerste_gesprek():
        return services.voer_overgang_uit(
            traject_id=traject.pk,
            overgang="voer_eerste_gesprek",
            door=omg.regisseur,
            datum=vandaag(),
            verwachte_versie=versie,
        )

    uitkomst = tegelijk(eerste_gesprek, eerste_gesprek)
    gewonnen = [u for u in uitkomst if isinstance(u, Traject)]
    geweigerd = [u for u in uitkomst if isinstance(u, services.Geweigerd)]
    assert len(gewonnen) == 1 and len(geweigerd) == 1, uitkomst
    assert str(geweigerd[0]).startswith("Iemand anders heeft dit traject net gewijzigd.")
    na = Traject.objects.get(pk=traject.pk)
    assert (na.fase, na.versie) == (Fase.INTAKE, versie + 1)
    assert Gebeurtenis.objects.filter(traject=traject, soort="eerste_gesprek").count() == 1


def test_twee_keer_eerste_gesprek_zonder_versie():
    """Without a version the lock still serialises them: the second sees the new phase."""
    omg = omgeving()
    traject = traject_in(omg, Fase.AANGEMELD)

    def eerste_gesprek():
        return services.voer_overgang_uit(
            traject_id=traject.pk,
            overgang="voer_eerste_gesprek",
            door=omg.regisseur,
            datum=vandaag(),
        )

    uitkomst = tegelijk(eerste_gesprek, eerste_gesprek)
    berichten = [str(u) for u in uitkomst if isinstance(u, services.Geweigerd)]
    assert berichten == ["Dit kan niet in fase 'Eerste gesprek en intake'."], uitkomst
    assert Gebeurtenis.objects.filter(traject=traject, soort="eerste_gesprek").count() == 1


def test_twee_aanmeldingen_voor_dezelfde_klant():
    from tests.bouwers import KlantFactory

    omg = omgeving()
    klant = KlantFactory(gemeente=omg.gemeente)

    def meld_aan():
        return services.meld_aan(
            klant=klant, door=omg.regisseur, datum=vandaag(), kanaal="wijkteam"
        )

    uitkomst = tegelijk(meld_aan, meld_aan)
    assert sum(isinstance(u, Traject) for u in uitkomst) == 1, uitkomst
    assert [str(u) for u in uitkomst if isinstance(u, Exception)] == [
        "Deze klant heeft al een lopend traject. Open dat traject."
    ]
    assert Traject.objects.filter(klant=klant).count() == 1
