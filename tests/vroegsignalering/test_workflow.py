"""The lifecycles of a case and of an uploaded list are django-fsm state machines: the status
field is protected, only the transitions (trajecten/vroegsignalering/workflow.py) move it."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_fsm import TransitionNotAllowed, can_proceed

from tests.bouwers.signalen import csv_bestand, csv_rij, maak_zaak
from trajecten.vroegsignalering import services
from trajecten.vroegsignalering.models import ImportBatch, Signaalzaak, Zaakstatus
from trajecten.vroegsignalering.services import batches

pytestmark = pytest.mark.django_db


def test_status_niet_direct_te_zetten(gemeente_a, normen):
    zaak = maak_zaak(gemeente_a)
    with pytest.raises(AttributeError):
        zaak.status = Zaakstatus.GESLOTEN
    zaak.refresh_from_db()  # reloading the protected field is allowed
    assert zaak.status == Zaakstatus.NIEUW


def test_afgehandelde_zaak_kan_niet_verder(gemeente_a, regisseur_a, normen):
    zaak = maak_zaak(gemeente_a)
    services.sluit_zaak(
        zaak_id=zaak.pk, door=regisseur_a, reden="zelf_opgelost", datum=timezone.localdate()
    )
    zaak = Signaalzaak.objects.get(pk=zaak.pk)
    assert zaak.status == Zaakstatus.GESLOTEN
    assert not can_proceed(zaak.leg_contact)
    with pytest.raises(TransitionNotAllowed):
        zaak.zet_om(traject=None, datum=timezone.localdate(), door=regisseur_a)


def test_verwerkte_lijst_wordt_niet_alsnog_mislukt(gemeente_a, regisseur_a, normen):
    """A second run of the task that fails late leaves a list that the first run stored."""
    batch = services.upload_lijst(
        gemeente=gemeente_a,
        door=regisseur_a,
        bestandsnaam="lijst.csv",
        inhoud=csv_bestand([csv_rij()]),
    )
    batch = services.bevestig_batch(batch_id=batch.pk, door=regisseur_a)
    assert batch.status == ImportBatch.Status.VERWERKT
    assert services.verwerk_batch(batch_id=batch.pk).status == ImportBatch.Status.VERWERKT
    assert batches._mislukt(batch.pk, "te laat").status == ImportBatch.Status.VERWERKT
    batch.refresh_from_db()
    assert batch.bestandsfout == ""
