"""The vroegsignalen work list as stored data (ADR 0024): the sort key equals a fresh
computation from the clock after any sequence of writes, the counter rows equal a fresh
count, the daily job repairs drift idempotently, keyset pages have no duplicates or gaps,
and the number of queries does not grow with the cases."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schuldhulp.models import Rol
from tests.bouwers import GebruikerFactory
from tests.bouwers.signalen import dagen_geleden, geldig_bsn, maak_zaak
from trajecten.services import Geweigerd
from trajecten.vroegsignalering import services, werklijst
from trajecten.vroegsignalering.models import (
    OPEN_STATUSSEN,
    Signaalzaak,
    Vroegsignaalteller,
    klokvolgorde,
)

pytestmark = pytest.mark.django_db


def sleutels_bewaard() -> dict[int, int]:
    return dict(Signaalzaak.objects.values_list("pk", "klokvolgorde"))


def sleutels_vers() -> dict[int, int]:
    return {
        pk: klokvolgorde(status, deadline)
        for pk, status, deadline in Signaalzaak.objects.values_list(
            "pk", "klok_status", "klok_deadline"
        )
    }


def tellers_vers() -> Counter:
    return Counter(
        (z.gemeente_id, z.status, z.klok_status, z.aantal_signalen > 1)
        for z in Signaalzaak.objects.filter(status__in=OPEN_STATUSSEN)
    )


def tellers_bewaard() -> Counter:
    rijen = Vroegsignaalteller.objects.values_list(
        "gemeente_id", "status", "klok_status", "meerdere"
    ).annotate(n=Sum("aantal"))
    return Counter({(g, s, k, m): n for g, s, k, m, n in rijen if n})


BSNS = [geldig_bsn() for _ in range(4)]


def doe(gemeente, door, actie: str, keuze: int, dag: int) -> None:
    """One write through the services (a refusal writes nothing, as in the app)."""
    open_ = list(Signaalzaak.objects.filter(status__in=OPEN_STATUSSEN).order_by("pk"))
    zaak = open_[keuze % len(open_)] if open_ else None
    try:
        if actie == "signaal" or zaak is None:
            # The same BSN again joins the open case (a stronger signal).
            maak_zaak(gemeente, bsn=BSNS[keuze % len(BSNS)], ontvangen_op=dagen_geleden(dag))
        elif actie in ("contact", "mislukt"):
            services.registreer_contactpoging(
                zaak_id=zaak.pk,
                door=door,
                soort="telefoon",
                datum=max(zaak.eerste_signaal_op, dagen_geleden(dag % 5)),
                dagdeel="ochtend",
                bereikt=actie == "contact",
            )
        elif actie == "sluit":
            services.sluit_zaak(
                zaak_id=zaak.pk,
                door=door,
                reden="zelf_opgelost",
                datum=max(zaak.eerste_signaal_op, timezone.localdate()),
            )
        elif actie == "dag":
            services.ververs_klokken(vandaag=timezone.localdate() + timedelta(days=dag))
    except Geweigerd:
        pass


ACTIES = st.lists(
    st.tuples(
        st.sampled_from(["signaal", "signaal", "contact", "mislukt", "sluit", "dag"]),
        st.integers(0, 20),
        st.integers(0, 30),
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(acties=ACTIES)
def test_sleutel_en_tellers_volgen_elke_schrijfactie(
    monkeypatch, gemeente_a, regisseur_a, normen, acties
):
    # Without the daily repair: only the write paths (and the trigger) may keep them right.
    monkeypatch.setattr(werklijst, "herstel", lambda: {})
    with transaction.atomic():
        for actie, keuze, dag in acties:
            doe(gemeente_a, regisseur_a, actie, keuze, dag)
            assert sleutels_bewaard() == sleutels_vers(), actie
            assert tellers_bewaard() == tellers_vers(), actie
        transaction.set_rollback(True)


def test_dagelijkse_job_herstelt_tellers_idempotent(gemeente_a, normen):
    for d in (1, 12, 20):
        maak_zaak(gemeente_a, bsn=geldig_bsn(), ontvangen_op=dagen_geleden(d))
    goed = tellers_bewaard()
    assert goed == tellers_vers()
    # Drift: a change around the trigger, and a counter row that does not add up.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")  # no triggers
        Signaalzaak.objects.filter(pk=Signaalzaak.objects.first().pk).update(aantal_signalen=5)
        cursor.execute("SET LOCAL session_replication_role = origin")
    Vroegsignaalteller.objects.create(
        gemeente=gemeente_a, status="nieuw", klok_status="dreigt", meerdere=False, aantal=7
    )
    assert tellers_bewaard() != tellers_vers()

    eerste = services.ververs_klokken()
    assert eerste["tellers_hersteld"] >= 1
    assert tellers_bewaard() == tellers_vers()
    assert Vroegsignaalteller.objects.count() == len(tellers_vers())  # folded: one row a key
    na_eerste = sorted(Vroegsignaalteller.objects.values_list("gemeente_id", "status", "aantal"))
    assert services.ververs_klokken()["tellers_hersteld"] == 0
    assert (
        sorted(Vroegsignaalteller.objects.values_list("gemeente_id", "status", "aantal"))
        == na_eerste
    )


def _zaken(gemeente, aantal: int, seed: int) -> None:
    for n in range(aantal):
        maak_zaak(
            gemeente,
            bsn=geldig_bsn(),
            ontvangen_op=dagen_geleden((n * 7 + seed) % 25),
            huisnummer=str(n + 1),
        )


@pytest.fixture
def regisseur_ab(gemeente_a, gemeente_b):
    return GebruikerFactory(
        username="kr_ab", rol=Rol.KLANTREGISSEUR, gemeenten=[gemeente_a, gemeente_b]
    )


def test_bladeren_met_keyset_zonder_dubbelen_of_gaten(
    client, gemeente_a, gemeente_b, regisseur_ab, normen
):
    _zaken(gemeente_a, 31, seed=1)
    _zaken(gemeente_b, 24, seed=3)
    client.force_login(regisseur_ab)
    verwacht = list(
        Signaalzaak.objects.filter(status__in=OPEN_STATUSSEN)
        .order_by("klokvolgorde", "pk")
        .values_list("pk", flat=True)
    )
    gezien, url, paginas = [], "/vroegsignalen/", 0
    while url:
        antwoord = client.get(url)
        assert antwoord.context["totaal"] == len(verwacht) == 55
        pagina = antwoord.context["pagina"]
        gezien += [z.pk for z in pagina]
        paginas += 1
        url = f"/vroegsignalen/?na={pagina.volgende.tekst()}" if pagina.volgende else None
    assert gezien == verwacht and paginas == 3
    html = client.get("/vroegsignalen/?na=9-9999999").content.decode()
    assert "Terug naar het begin" in html
    # A link changed by hand starts at the top.
    assert [z.pk for z in client.get("/vroegsignalen/?na=x").context["pagina"]] == verwacht[:25]


def test_tegels_uit_tellers_gelijk_aan_telling(client, gemeente_a, regisseur_a, normen):
    _zaken(gemeente_a, 6, seed=2)
    maak_zaak(gemeente_a, bsn=BSNS[0], ontvangen_op=dagen_geleden(20))
    maak_zaak(gemeente_a, bsn=BSNS[0], ontvangen_op=dagen_geleden(2), partner_naam="Vitens")
    client.force_login(regisseur_a)
    tegels = client.get("/vroegsignalen/").context["tellingen"]
    zaken = list(Signaalzaak.objects.filter(status__in=OPEN_STATUSSEN))
    assert tegels == {
        "open": len(zaken),
        "zonder_contact": sum(z.status == "nieuw" for z in zaken),
        "overschreden": sum(z.klok_status == "overschreden" for z in zaken),
        "dreigt": sum(z.klok_status == "dreigt" for z in zaken),
        "meerdere": sum(z.aantal_signalen > 1 for z in zaken),
    }
    assert tegels["meerdere"] == 1 and tegels["open"] == 7


def _aantal_queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_aantal_queries_groeit_niet(client, gemeente_a, regisseur_a, normen):
    client.force_login(regisseur_a)
    _zaken(gemeente_a, 2, seed=1)
    weinig = _aantal_queries(client, "/vroegsignalen/")
    _zaken(gemeente_a, 40, seed=5)
    assert _aantal_queries(client, "/vroegsignalen/") == weinig


def test_eerste_pagina_is_een_indexbereik(gemeente_a, regisseur_a, normen):
    """The page query walks zaak_werklijst_idx in order (no sort of all open cases)."""
    from trajecten.vroegsignalering import selectors

    qs = selectors.werklijst(regisseur_a)
    with connection.cursor() as cursor:
        for knop in ("seqscan", "bitmapscan", "sort"):
            cursor.execute(f"SET LOCAL enable_{knop} = off")
        deel = qs.filter(gemeente_id=gemeente_a.pk)
        sql, params = (
            deel.order_by(*werklijst.KOLOMMEN)
            .values_list(*werklijst.KOLOMMEN)[:26]
            .query.sql_with_params()
        )
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    assert "zaak_werklijst_idx" in plan and "Sort" not in plan, plan
