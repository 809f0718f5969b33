"""The one write path of the schuldregeling: lock the traject (then the negotiation), ask
the gate for the catalogue row, check, move the state machine, store the message, record
the event (trajecten.services._leg_vast: version, event row, audit, clocks, aan zet).

Every service of this package (sending, the portal's answers, manual entry, the reminder
job) ends in :func:`stap`; nothing else moves an ``Onderhandeling``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django_fsm import TransitionNotAllowed

from klantplan.schuldregeling.models import Bericht, Onderhandeling, Regeling
from klantplan.schuldregeling.workflow import (
    HANDELINGEN,
    Berichtsoort,
    Kanaal,
    Onderhandelingstatus,
    Richting,
)
from schuldhulp import opmaak
from schuldhulp.extern import SYSTEEMPARTIJ, Extern
from schuldhulp.handelingen import handeling as zoek_handeling
from schuldhulp.models import Gebruiker
from trajecten.models import Traject
from trajecten.services import (
    Geweigerd,
    _leg_vast,
    _onder_traject,
    _vergrendel,
    poort,
    schuldregeling_stap,
)
from trajecten.workflow import Productsoort, Schuldregelingstatus

Door = Gebruiker | Extern
NIET_GEVONDEN = "Deze schuldeiser staat niet (meer) in deze schuldregeling."
REGELING_NIET_GEVONDEN = "Deze schuldregeling bestaat niet (meer)."


def onder_onderhandeling(
    onderhandeling_id: int, handeling: str, door: Door
) -> tuple[Traject, Onderhandeling]:
    """Lock the traject, then the negotiation (re-read under the lock), then the gate."""
    if handeling not in HANDELINGEN:
        raise Geweigerd("Onbekende stap in de schuldregeling.")
    traject, onderhandeling = _onder_traject(
        Onderhandeling, onderhandeling_id, NIET_GEVONDEN, handeling, door
    )
    return traject, onderhandeling


def onder_regeling(
    regeling_id: int, handeling: str, door: Door, versie: int | None = None
) -> tuple[Traject, Regeling]:
    """Lock the traject, then the regeling, then ask the gate (`versie`: the regeling's
    version the user saw, for a stale form)."""
    traject, regeling = _onder_traject(
        Regeling, regeling_id, REGELING_NIET_GEVONDEN, handeling, door
    )
    if versie is not None and regeling.versie != versie:
        raise Geweigerd(
            "Iemand anders heeft deze schuldregeling net gewijzigd. Bekijk de nieuwe stand "
            "en probeer het zo nodig opnieuw."
        )
    return traject, regeling


def stap(
    *,
    traject: Traject,
    onderhandeling: Onderhandeling,
    handeling: str,
    door: Door,
    datum: date,
    soort: Berichtsoort | None,
    richting: Richting,
    kanaal: Kanaal,
    inhoud: dict[str, Any] | None = None,
    volgnummer: int = 1,
    toelichting: str = "",
) -> Bericht | None:
    """Move `onderhandeling` by `handeling` (already locked and passed through the gate by
    the caller: :func:`onder_onderhandeling`) and store the message `soort` (None: a step
    without a message, such as "geen reactie"). Returns the stored message."""
    h = zoek_handeling(handeling)
    poort(door, handeling, onderhandeling)  # again: the caller may have changed the row
    controleer_datum(onderhandeling.regeling, datum)
    if h.doel is not None:
        methode = getattr(onderhandeling, h.naam.rsplit(".", 1)[-1])
        try:
            methode()
        except TransitionNotAllowed as exc:
            raise Geweigerd(
                f"Dit kan niet bij een schuldeiser met status "
                f"'{onderhandeling.get_status_display()}'."
            ) from exc
    onderhandeling.save()
    bericht = None
    if soort is not None:
        bericht = Bericht.objects.create(
            onderhandeling=onderhandeling,
            traject=traject,
            soort=soort,
            richting=richting,
            kanaal=kanaal,
            datum=datum,
            volgnummer=volgnummer,
            inhoud=inhoud or {},
            door=door if isinstance(door, Gebruiker) else None,
            door_extern=door.naam if isinstance(door, Extern) else "",
        )
    regeling = onderhandeling.regeling
    regeling.versie += 1
    regeling.save(update_fields=["versie"])
    _leg_vast(
        traject,
        handeling,
        door=door,
        datum=datum,
        toelichting=toelichting,
        regeling=regeling.pk,
        onderhandeling=onderhandeling.pk,
        schuldeiser=onderhandeling.schuld.schuldeiser.naam,
        status=onderhandeling.status,
        bericht=bericht.pk if bericht else None,
        kanaal=kanaal,
    )
    _product_volgt(regeling, handeling, door, datum)
    return bericht


def _product_volgt(regeling: Regeling, handeling: str, door: Door, datum: date) -> None:
    """The product's schuldregeling status follows the creditors (catalogue rows of
    trajecten/workflow.py): the first betaalvoorstel submits the proposal (dien_in), the
    last akkoord records the akkoord of the creditors (ken_toe, by the system). Dated as the
    message that caused it, or the traject's last event when that lies later (the product's
    steps keep the timeline's order)."""
    product = regeling.product
    if product.soort != Productsoort.SCHULDBEMIDDELING:
        return
    status = product.schuldregeling_status
    if handeling == "sr.betaalvoorstel" and status == Schuldregelingstatus.IN_VOORBEREIDING:
        stap, wie, toelichting = "dien_in", door, "Het betaalvoorstel ging naar de schuldeisers."
    elif (
        handeling == "sr.akkoord"
        and status == Schuldregelingstatus.INGEDIEND
        and not regeling.onderhandelingen.exclude(status=Onderhandelingstatus.AKKOORD).exists()
    ):
        stap, wie, toelichting = "ken_toe", SYSTEEMPARTIJ, "Alle schuldeisers stemden in."
    else:
        return
    laatste = regeling.traject.gebeurtenissen.order_by("-datum").values_list("datum", flat=True)
    stapdatum = max(datum, laatste[0]) if laatste else datum
    schuldregeling_stap(
        product_id=product.pk,
        stap=stap,
        door=wie,
        datum=stapdatum,
        toelichting=toelichting,
        reden_terugdatering=(
            f"Volgt uit het bericht van {opmaak.datum(datum)}"
            if stapdatum < timezone.localdate()
            else ""
        ),
    )


def controleer_datum(regeling: Regeling, datum: date) -> None:
    """A message is dated between the start of the product and today."""
    if datum > timezone.localdate():
        raise Geweigerd("De datum ligt in de toekomst.")
    if datum < regeling.product.startdatum:
        raise Geweigerd("De datum ligt voor de start van de schuldbemiddeling.")


def vergrendel_traject(traject_id: int) -> Traject:
    return _vergrendel(traject_id, None)
