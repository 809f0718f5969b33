"""The verwerkingenlog's own retention (issue 17, point 2; ADR 0011): old rows go through the
controlled path only, the job logs itself, and the normal path still cannot delete or update."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from schuldhulp.celery import BEAT_SCHEDULE
from schuldhulp.celery import app as schuldhulp_app
from schuldhulp.logbewaring import schoon_verwerkingenlog_op, verwerkingenlog_opschonen
from schuldhulp.models import Auditactie, Auditregel
from tests.bouwers import KlantFactory

pytestmark = pytest.mark.django_db
GEWEIGERD = "kan niet worden gewijzigd"


def _regel(jaren_geleden: float, *, klant_id: int | None = None) -> int:
    """A row written long ago (the model's auto_now_add would say 'now'; INSERT is allowed)."""
    tijdstip = timezone.now() - timedelta(days=round(365.25 * jaren_geleden))
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO schuldhulp_auditregel (tijdstip, gebruikersnaam, actie, objecttype, "
            "object_id, klant_id, omschrijving, wijzigingen) "
            "VALUES (%s, 'kr_a', 'inzien', 'klant', '', %s, '', %s) RETURNING id",
            [tijdstip, klant_id, json.dumps({})],
        )
        return cursor.fetchone()[0]


@pytest.fixture
def klanten(gemeente_a):
    levend = KlantFactory(gemeente=gemeente_a)
    weg = KlantFactory(gemeente=gemeente_a, geanonimiseerd_op=timezone.now())
    return levend, weg


def test_alleen_oude_regels_gaan_weg_en_de_taak_logt_zichzelf(klanten, settings):
    levend, weg = klanten
    settings.VERWERKINGENLOG_BEWAARTERMIJN_DAGEN = 8 * 365 + 2
    oud = _regel(9)
    oud_over_geanonimiseerde = _regel(9, klant_id=weg.pk)
    oud_over_levend_dossier = _regel(9, klant_id=levend.pk)  # stays while the dossier exists
    bijna = _regel(7.5)
    recent = Auditregel.objects.create(actie=Auditactie.INZIEN, objecttype="klant").pk

    assert schoon_verwerkingenlog_op() == 2

    over = set(Auditregel.objects.values_list("pk", flat=True))
    assert {oud, oud_over_geanonimiseerde}.isdisjoint(over)
    assert {oud_over_levend_dossier, bijna, recent} <= over
    spoor = Auditregel.objects.get(objecttype="verwerkingenlog")
    assert spoor.actie == Auditactie.VERWIJDEREN and spoor.gebruikersnaam == "systeem"
    assert spoor.omschrijving.startswith("Bewaartermijn verwerkingenlog: 2 regels ouder dan ")
    # Idempotent: a second run removes nothing and says so.
    assert verwerkingenlog_opschonen() == 0
    assert Auditregel.objects.filter(omschrijving__contains=": 0 regels ouder dan").exists()


def test_een_te_korte_termijn_weigert_de_database(settings):
    """The seven-year floor is in the trigger: a setting cannot lower it."""
    settings.VERWERKINGENLOG_BEWAARTERMIJN_DAGEN = 365
    twee_jaar = _regel(2)
    with pytest.raises(DatabaseError, match=GEWEIGERD), transaction.atomic():
        schoon_verwerkingenlog_op()
    assert Auditregel.objects.filter(pk=twee_jaar).exists()


def test_de_gewone_weg_kan_niet_verwijderen_of_wijzigen():
    oud, recent = _regel(9), _regel(0)
    for pk in (oud, recent):
        with pytest.raises(DatabaseError, match=GEWEIGERD), transaction.atomic():
            Auditregel.objects.filter(pk=pk).delete()
        with pytest.raises(DatabaseError, match=GEWEIGERD), transaction.atomic():
            Auditregel.objects.filter(pk=pk).update(omschrijving="weg")
    # Even with the setting the function uses, an UPDATE or a young row stays refused.
    with pytest.raises(DatabaseError, match=GEWEIGERD), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL schuldhulp.verwerkingenlog_opschonen = 'aan'")
        Auditregel.objects.filter(pk=recent).delete()
    with pytest.raises(DatabaseError, match=GEWEIGERD), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL schuldhulp.verwerkingenlog_opschonen = 'aan'")
        Auditregel.objects.filter(pk=oud).update(omschrijving="weg")
    assert Auditregel.objects.filter(pk__in=[oud, recent], omschrijving="").count() == 2


def test_de_functie_is_niet_voor_iedereen():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT prosecdef, has_function_privilege('public', p.oid, 'EXECUTE') "
            "FROM pg_proc p WHERE proname = 'schuldhulp_verwerkingenlog_opschonen'"
        )
        assert cursor.fetchone() == (True, False)


def test_beat_schema_bevat_de_opschoontaak():
    schuldhulp_app.loader.import_default_modules()
    regel = BEAT_SCHEDULE["verwerkingenlog-bewaartermijn"]
    assert regel["task"] == verwerkingenlog_opschonen.name
    assert regel["task"] in schuldhulp_app.tasks
    # After the dossiers' own retention (Sunday 02:00), so their rows no longer stay.
    assert regel["schedule"].hour == {3} and regel["schedule"].day_of_week == {0}
