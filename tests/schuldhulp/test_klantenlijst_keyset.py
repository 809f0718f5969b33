"""The klantenlijst without a search (ADR 0024): keyset pages in name order without
duplicates or gaps (also for namesakes), the total from the counter rows equal to a fresh
count after any sequence of writes, and the daily job repairing drift idempotently."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection, transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schuldhulp import klantteller
from schuldhulp.models import Klant, Klantteller, Rol
from tests.bouwers import GebruikerFactory, KlantFactory

pytestmark = pytest.mark.django_db


def tellers_bewaard() -> Counter:
    rijen = Klantteller.objects.values_list("gemeente_id").annotate(n=Sum("aantal"))
    return Counter({g: n for g, n in rijen if n})


def tellers_vers() -> Counter:
    return Counter(Klant.objects.values_list("gemeente_id", flat=True))


@settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    acties=st.lists(
        st.tuples(st.sampled_from(["nieuw", "nieuw", "verhuis", "weg", "bulk"]), st.integers(0, 9)),
        min_size=1,
        max_size=8,
    )
)
def test_teller_volgt_elke_schrijfactie(gemeente_a, gemeente_b, acties):
    gemeenten = [gemeente_a, gemeente_b]
    with transaction.atomic():
        for actie, keuze in acties:
            klanten = list(Klant.objects.order_by("pk"))
            klant = klanten[keuze % len(klanten)] if klanten else None
            if actie == "nieuw" or klant is None:
                KlantFactory(gemeente=gemeenten[keuze % 2])
            elif actie == "verhuis":
                klant.gemeente = gemeenten[(keuze + 1) % 2]
                klant.save()
            elif actie == "weg":
                klant.delete()
            else:  # one statement for many rows, as a bulk update does
                Klant.objects.filter(pk__in=[k.pk for k in klanten[:keuze]]).update(
                    gemeente=gemeenten[keuze % 2]
                )
            assert tellers_bewaard() == tellers_vers(), actie
        transaction.set_rollback(True)


def test_herstel_idempotent(gemeente_a, gemeente_b):
    for g in (gemeente_a, gemeente_a, gemeente_b):
        KlantFactory(gemeente=g)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")  # no triggers
        Klant.objects.filter(gemeente=gemeente_b).update(gemeente=gemeente_a)
        cursor.execute("SET LOCAL session_replication_role = origin")
    assert tellers_bewaard() != tellers_vers()
    assert klantteller.herstel()["klanttellers_hersteld"] == 2
    assert tellers_bewaard() == tellers_vers() == Counter({gemeente_a.pk: 3})
    assert Klantteller.objects.count() == 1
    assert klantteller.herstel()["klanttellers_hersteld"] == 0
    assert tellers_bewaard() == tellers_vers()


def test_bladeren_zonder_dubbelen_of_gaten(client, gemeente_a, gemeente_b):
    gebruiker = GebruikerFactory(
        username="kr_ab", rol=Rol.KLANTREGISSEUR, gemeenten=[gemeente_a, gemeente_b]
    )
    for n in range(56):  # namesakes across both gemeenten
        KlantFactory(
            gemeente=(gemeente_a, gemeente_b)[n % 2],
            achternaam=("Jansen", "de Vries", "Bakker")[n % 3],
            voornamen=("Anna", "Piet")[n % 4 // 2],
        )
    client.force_login(gebruiker)
    verwacht = list(
        Klant.objects.order_by("achternaam", "voornamen", "pk").values_list("pk", flat=True)
    )
    gezien, url = [], "/klanten/"
    while url:
        antwoord = client.get(url)
        assert antwoord.context["totaal"] == 56
        pagina = antwoord.context["pagina"]
        gezien += [k.pk for k in pagina]
        url = f"/klanten/?na={pagina.volgende}" if pagina.volgende else None
    assert gezien == verwacht
    html = client.get(f"/klanten/?na={verwacht[30]}").content.decode()
    assert "Terug naar het begin" in html
    # Nonsense or a klant this user cannot see as the place: from the start.
    assert [k.pk for k in client.get("/klanten/?na=abc").context["pagina"]] == verwacht[:25]
    assert client.get(f"/klanten/?na={max(verwacht) + 1000}").context["pagina"].eerste
