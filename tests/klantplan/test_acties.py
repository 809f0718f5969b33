"""Who does an action: by default the party the package matrix gives the task."""

from __future__ import annotations

from datetime import date

import pytest

from klantplan import services
from klantplan.models import Actiesoort, Wie
from klantplan.services import standaard_wie
from schuldhulp.models import Rol
from tests.bouwers import AfspraakFactory, GebruikerFactory, GemeenteFactory, KlantFactory
from trajecten import services as trajectservices


@pytest.mark.parametrize(
    ("soort", "ontzorging", "basis"),
    [
        (Actiesoort.KLANT, Wie.KLANT, Wie.KLANT),
        (Actiesoort.INFORMATIE_VERZAMELEN, Wie.STADSBANK, Wie.GEMEENTE),
        (Actiesoort.SCHULDENOVERZICHT, Wie.STADSBANK, Wie.GEMEENTE),
        (Actiesoort.KLANTPLAN, Wie.STADSBANK, Wie.STADSBANK),
        (Actiesoort.ACUTE_HULP, Wie.STADSBANK, Wie.GEMEENTE),
        (Actiesoort.MONITORING, Wie.STADSBANK, Wie.STADSBANK),
        (Actiesoort.PRODUCT, Wie.STADSBANK, Wie.STADSBANK),
    ],
)
def test_standaard_partij_volgt_pakket(traject_a, traject_b, soort, ontzorging, basis):
    assert standaard_wie(traject_a, soort) == ontzorging
    assert standaard_wie(traject_b, soort) == basis


def test_hybride_volgt_keuze_in_afspraak(db):
    """An O task goes where the agreement puts it (the factory gives them to the Stadsbank)."""
    gemeente = GemeenteFactory(naam="Enschede", code="GM0153")
    AfspraakFactory(gemeente=gemeente, pakket="hybride", geldig_van=date(2020, 1, 1))
    regisseur = GebruikerFactory(rol=Rol.KLANTREGISSEUR, gemeenten=[gemeente])
    traject = trajectservices.meld_aan(
        klant=KlantFactory(gemeente=gemeente),
        door=regisseur,
        datum=date.today(),
        kanaal="inwoner",
    )
    assert standaard_wie(traject, Actiesoort.SCHULDENOVERZICHT) == Wie.STADSBANK
    assert standaard_wie(traject, Actiesoort.EXTRA_GESPREK) == Wie.STADSBANK


def test_actie_krijgt_standaardpartij_of_gekozen_partij(traject_b, regisseur_b):
    plan = services.maak_klantplan(traject=traject_b, door=regisseur_b)
    standaard = services.voeg_actie_toe(
        klantplan_id=plan.pk,
        door=regisseur_b,
        soort=Actiesoort.INFORMATIE_VERZAMELEN,
        wat="Bankafschriften opvragen",
    )
    gekozen = services.voeg_actie_toe(
        klantplan_id=plan.pk,
        door=regisseur_b,
        soort=Actiesoort.INFORMATIE_VERZAMELEN,
        wat="Loonstroken zoeken",
        wie=Wie.KLANT,
    )
    assert (standaard.wie, gekozen.wie) == (Wie.GEMEENTE, Wie.KLANT)


def test_actie_zonder_tekst_of_met_onbekende_soort(traject_a, regisseur_a):
    plan = services.maak_klantplan(traject=traject_a, door=regisseur_a)
    with pytest.raises(services.Ongeldig, match="Vul de tekst voor de klant in"):
        services.voeg_actie_toe(klantplan_id=plan.pk, door=regisseur_a, soort="klant", wat=" ")
    with pytest.raises(services.Ongeldig, match="Kies wat voor actie"):
        services.voeg_actie_toe(klantplan_id=plan.pk, door=regisseur_a, soort="iets", wat="x")
    with pytest.raises(services.Ongeldig, match="Kies wie"):
        services.voeg_actie_toe(
            klantplan_id=plan.pk, door=regisseur_a, soort="klant", wat="x", wie="buurman"
        )
    assert not plan.acties.exists()
