import pytest

from schuldhulp.demo import maak_demo_data
from schuldhulp.models import Dienstverleningsafspraak, Gebruiker, Gemeente, Klant

pytestmark = pytest.mark.django_db


def test_demo_data_is_idempotent():
    eerste = maak_demo_data(klanten_per_gemeente=3)
    aantallen = (
        Gemeente.objects.count(),
        Klant.objects.count(),
        Dienstverleningsafspraak.objects.count(),
        Gebruiker.objects.count(),
    )
    tweede = maak_demo_data(klanten_per_gemeente=3)
    assert eerste["gemeenten"] == 22 and eerste["nieuwe_klanten"] == 66
    assert tweede["nieuwe_klanten"] == 0
    assert aantallen == (
        Gemeente.objects.count(),
        Klant.objects.count(),
        Dienstverleningsafspraak.objects.count(),
        Gebruiker.objects.count(),
    )
    # at least one gemeente changed package
    assert Dienstverleningsafspraak.objects.filter(gemeente__code="GM0164").count() == 2
