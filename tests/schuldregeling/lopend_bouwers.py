"""Test data for the running regeling: a dossier whose creditors all agreed (the product is
toegekend by the system), started through the real services."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
import time_machine
from django.utils import timezone

from klantplan.schuldregeling.models import Regeling
from klantplan.schuldregeling.services import antwoorden, lopend, versturen
from klantplan.services.sanering import bereken_voorstel
from schuldhulp.extern import schuldeiser
from tests.bouwers.klantplan import schuldeiser as register
from tests.bouwers.omgeving import Omgeving
from tests.bouwers.trajecten import vandaag
from tests.schuldregeling.bouwers import BEDRAGEN, Dossier, dossier, voorstel

IBAN_KLANT = "NL91ABNA0417164300"
# The creditors' IBANs in the register (the sample statements in data/ use these).
IBANS = {
    "Belastingdienst": "NL86INGB0002445588",
    "CJIB": "NL23ABNA0123456789",
    "Vitens": "NL44RABO0123456789",
    "Menzis": "NL02ABNA0123456789",
    "Welbions": "NL39RABO0300065264",
}
AFLOSRUIMTE = 15_000


@pytest.fixture
def snelle_brieven(monkeypatch) -> None:
    """The letters' PDFs are tested in test_kern; here a stand-in keeps the tests quick."""
    monkeypatch.setattr(
        "klantplan.schuldregeling.brieven.render_to_pdf", lambda *a, **k: b"%PDF-1.4 test"
    )


def op(dag: date):
    """Travel to `dag`, 10:00 (time stands still)."""
    return time_machine.travel(timezone.make_aware(datetime.combine(dag, time(10))), tick=False)


def zet_ibans() -> None:
    for naam, rekening in IBANS.items():
        s = register(naam)
        s.iban = rekening
        s.save(update_fields=["iban"])


def akkoord(d: Dossier, soort: str = "schuldregeling", krediet_cent: int = 300_000) -> None:
    """Every saldo as the client said, a voorstel chosen, the betaalvoorstel sent and every
    creditor agreeing (through the portal)."""
    door = d.omg.regisseur
    for o in d.regeling.onderhandelingen.select_related("schuld"):
        antwoorden.leg_saldo_vast(
            onderhandeling_id=o.pk,
            door=door,
            datum=vandaag(),
            hoofdsom_cent=o.schuld.actueel_bedrag_cent,
        )
    if soort == "schuldregeling":
        voorstel(d, AFLOSRUIMTE)
    else:
        from klantplan.schuldregeling.services.openen import kies_voorstel

        v = bereken_voorstel(
            traject=d.traject, door=door, soort="saneringskrediet", krediet_cent=krediet_cent
        )
        d.regeling = kies_voorstel(
            regeling_id=d.regeling.pk, voorstel_id=v.pk, door=door, datum=vandaag()
        )
    ids = list(d.regeling.onderhandelingen.values_list("pk", flat=True))
    versturen.verstuur(
        onderhandeling_ids=ids, handeling="sr.betaalvoorstel", door=door, datum=vandaag()
    )
    for o in d.regeling.onderhandelingen.select_related("schuld__schuldeiser"):
        antwoorden.leg_antwoord_vast(
            onderhandeling_id=o.pk,
            door=schuldeiser(o.pk, o.schuld.schuldeiser.naam),
            datum=vandaag(),
            akkoord=True,
        )


def lopende_regeling(
    omg: Omgeving | None = None,
    *,
    startdatum: date | None = None,
    soort: str = "schuldregeling",
    looptijd_maanden: int | None = None,
    krediet_cent: int = 300_000,
) -> Dossier:
    productsoort = "Schuldbemiddeling" if soort == "schuldregeling" else "Saneringskrediet"
    d = dossier(omg, productsoort)
    zet_ibans()
    akkoord(d, soort, krediet_cent)
    d.regeling = lopend.start_regeling(
        regeling_id=d.regeling.pk,
        door=d.omg.regisseur,
        datum=vandaag(),
        startdatum=startdatum or vandaag(),
        iban_klant="nl91 abna 0417 1643 00",
        looptijd_maanden=looptijd_maanden,
    )
    return d


def vers(d: Dossier) -> Regeling:
    d.regeling = Regeling.objects.get(pk=d.regeling.pk)
    return d.regeling


__all__ = ["BEDRAGEN", "IBANS", "IBAN_KLANT", "akkoord", "lopende_regeling", "op", "vers"]
