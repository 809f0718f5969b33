"""The lifecycles of a signal case and of an uploaded CSV list, as django-fsm state machines.

The status fields themselves are declared on the models (``models.py``) and are protected:
only the ``@transition`` methods below change them. The services
(``trajecten.vroegsignalering.services``) check the user-facing rules first and then call
these methods; a method also sets the fields its target state needs (the database
constraints of the models demand them, e.g. a reason for a closed case).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone
from django_fsm import FSMModelMixin, transition

if TYPE_CHECKING:
    from schuldhulp.models import Gebruiker
    from trajecten.models import Traject


class Zaakstatus(models.TextChoices):
    NIEUW = "nieuw", "Nog geen contact"
    IN_CONTACT = "in_contact", "Contact gelegd"
    AANGEMELD = "aangemeld", "Omgezet in aanmelding"
    GESLOTEN = "gesloten", "Gesloten"


OPEN_STATUSSEN = (Zaakstatus.NIEUW, Zaakstatus.IN_CONTACT)
_OPEN = [s.value for s in OPEN_STATUSSEN]


class Batchstatus(models.TextChoices):
    CONTROLEREN = "controleren", "Wordt gecontroleerd"
    GECONTROLEERD = "gecontroleerd", "Gecontroleerd, wacht op bevestiging"
    AFGEKEURD = "afgekeurd", "Afgekeurd (bestand onleesbaar)"
    BEVESTIGD = "bevestigd", "Bevestigd, wacht op verwerking"
    VERWERKEN = "verwerken", "Wordt verwerkt"
    VERWERKT = "verwerkt", "Verwerkt"
    MISLUKT = "mislukt", "Mislukt (niets opgeslagen)"
    GEANNULEERD = "geannuleerd", "Geannuleerd"
    VERLOPEN = "verlopen", "Verlopen (niet bevestigd)"


class ZaakWorkflow(FSMModelMixin, models.Model):
    """nieuw → in_contact → aangemeld | gesloten (also straight from nieuw).

    FSMModelMixin lets refresh_from_db reload the protected status field."""

    class Meta:
        abstract = True

    @transition(field="status", source=_OPEN, target=Zaakstatus.IN_CONTACT)
    def leg_contact(self, *, datum: date) -> None:
        """A successful contact attempt; the earliest one counts (attempts may be late)."""
        if self.eerste_contact_op is None or datum < self.eerste_contact_op:
            self.eerste_contact_op = datum

    @transition(field="status", source=_OPEN, target=Zaakstatus.GESLOTEN)
    def sluit(self, *, reden: str, datum: date, toelichting: str, door: Gebruiker) -> None:
        """Closed without an aanmelding, with a reason."""
        self.sluitreden = reden
        self.afgehandeld_op = datum
        self.afsluittoelichting = toelichting
        self.afgehandeld_door = door

    @transition(field="status", source=_OPEN, target=Zaakstatus.AANGEMELD)
    def zet_om(self, *, traject: Traject, datum: date, door: Gebruiker) -> None:
        """Turned into an aanmelding (the traject exists already)."""
        self.traject = traject
        self.afgehandeld_op = datum
        self.afgehandeld_door = door
        # An aanmelding means the person was reached, also when no attempt was recorded.
        if self.eerste_contact_op is None:
            self.eerste_contact_op = datum


_B = Batchstatus


class ImportBatchWorkflow(FSMModelMixin, models.Model):
    """controleren → gecontroleerd → bevestigd → verwerken → verwerkt | mislukt;
    side exits: afgekeurd (unreadable), geannuleerd (by the user), verlopen (never confirmed).
    """

    class Meta:
        abstract = True

    @transition(field="status", source=_B.CONTROLEREN, target=_B.AFGEKEURD)
    def keur_af(self, *, melding: str) -> None:
        """The file cannot be read; the raw list goes at once (it holds BSNs)."""
        self.bestandsfout = melding
        self.inhoud = None

    @transition(field="status", source=_B.CONTROLEREN, target=_B.GECONTROLEERD)
    def rond_controle_af(self) -> None:
        """Every row checked; the preview waits for the user's confirmation."""

    @transition(field="status", source=_B.GECONTROLEERD, target=_B.BEVESTIGD)
    def bevestig(self, *, door: Gebruiker) -> None:
        self.bevestigd_door = door
        self.bevestigd_op = timezone.now()

    # Also from 'verwerken': a redelivered task starts over (rows read in are keyed).
    @transition(field="status", source=[_B.BEVESTIGD, _B.VERWERKEN], target=_B.VERWERKEN)
    def start_verwerking(self) -> None:
        self.gecontroleerd_rijen = 0

    @transition(field="status", source=_B.VERWERKEN, target=_B.VERWERKT)
    def markeer_verwerkt(self) -> None:
        self.verwerkt_op = timezone.now()
        self.inhoud = None  # the raw list holds BSNs; the signals are stored now
        self.voorbeeld = []

    @transition(field="status", source=_B.VERWERKEN, target=_B.MISLUKT)
    def markeer_mislukt(self, *, melding: str) -> None:
        self.bestandsfout = melding
        self.inhoud = None
        self.voorbeeld = []

    # Also a list that hangs before the preview or after the confirm (its task never came:
    # broker down, issue 17); the task that still comes finds it geannuleerd and stops.
    # Not while 'verwerken': that stores everything in one transaction.
    @transition(
        field="status",
        source=[_B.CONTROLEREN, _B.GECONTROLEERD, _B.BEVESTIGD, _B.AFGEKEURD],
        target=_B.GEANNULEERD,
    )
    def annuleer(self) -> None:
        self.inhoud = None
        self.voorbeeld = []

    @transition(field="status", source=_B.GECONTROLEERD, target=_B.VERLOPEN)
    def verloop(self) -> None:
        """Not confirmed within the retention period of unconfirmed lists."""
