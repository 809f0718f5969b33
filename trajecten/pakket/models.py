"""Maatwerk per traject and the history of every agreement's lifecycle."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django_fsm import FSMField, FSMModelMixin

from schuldhulp import opmaak
from schuldhulp.afspraken import Afspraakstatus
from schuldhulp.fsm import fsm_basis
from schuldhulp.models import Dienstverleningsafspraak
from schuldhulp.pakketten import Partij, Taak
from trajecten.models import Traject
from trajecten.pakket.workflow import MAATWERK_STAPPEN, Maatwerksoort, Maatwerkstatus

MaatwerkWorkflow = fsm_basis(
    "MaatwerkWorkflow", list(MAATWERK_STAPPEN.values()), module="trajecten.pakket.models"
)


class Maatwerk(FSMModelMixin, MaatwerkWorkflow):
    """Named tasks of the package that one traject has on the other side, from `van` (till
    `tot`): op- or afschalen (proposed by the klantregisseur, decided by the gemeente), or a
    task the agreement left per traject in overleg (settled at once)."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="maatwerk")
    soort = models.CharField(max_length=10, choices=Maatwerksoort.choices)
    taken = ArrayField(models.CharField(max_length=30, choices=Taak.choices))
    partij = models.CharField(
        "wie doet de taken", max_length=10, choices=Partij.choices, editable=False
    )
    van = models.DateField("vanaf")
    tot = models.DateField("tot en met", null=True, blank=True)
    evaluatie_op = models.DateField("evalueren op", null=True, blank=True)
    reden = models.TextField()
    monitoringmoment = models.ForeignKey(
        "klantplan.Monitoringmoment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="maatwerk",
    )
    status = FSMField(default=Maatwerkstatus.VOORGESTELD.value, choices=Maatwerkstatus.choices)
    voorgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    voorgesteld_op = models.DateTimeField(auto_now_add=True)
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    beoordeeld_op = models.DateTimeField(null=True, blank=True)
    besluit = models.TextField("toelichting bij het besluit", blank=True)

    class Meta:
        verbose_name = "maatwerk"
        verbose_name_plural = "maatwerk"
        ordering = ["van", "pk"]
        indexes = [models.Index(fields=["status", "van"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(taken=[]),
                name="maatwerk_taken",
                violation_error_message="Kies ten minste één taak.",
            ),
            models.CheckConstraint(
                condition=Q(tot__isnull=True) | Q(tot__gte=F("van")),
                name="maatwerk_tot_na_van",
                violation_error_message="De einddatum ligt voor de begindatum.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} vanaf {opmaak.datum(self.van)}"

    def geldt_op(self, datum: date) -> bool:
        """Approved (or settled) and in force on `datum` (ended maatwerk: up to its end)."""
        if self.status == Maatwerkstatus.BEEINDIGD and self.tot is None:
            return False  # ended before it started
        return (
            self.status in (Maatwerkstatus.GOEDGEKEURD, Maatwerkstatus.BEEINDIGD)
            and self.van <= datum
            and (self.tot is None or datum <= self.tot)
        )

    @property
    def taaklabels(self) -> list[str]:
        return [Taak(t).label for t in self.taken]


class Afspraakgebeurtenis(models.Model):
    """One step in the life of an agreement: who, when, why (append-only, see migration)."""

    afspraak = models.ForeignKey(
        Dienstverleningsafspraak, on_delete=models.PROTECT, related_name="gebeurtenissen"
    )
    van_status = models.CharField(max_length=20, choices=Afspraakstatus.choices, blank=True)
    naar_status = models.CharField(max_length=20, choices=Afspraakstatus.choices)
    tijdstip = models.DateTimeField(auto_now_add=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reden = models.TextField(blank=True)
    gegevens = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "gebeurtenis van een afspraak"
        verbose_name_plural = "gebeurtenissen van afspraken"
        ordering = ["tijdstip", "pk"]

    def __str__(self) -> str:
        return f"{self.get_naar_status_display()} ({opmaak.datum_tijd(self.tijdstip)})"

    @property
    def wie(self) -> str:
        return str(self.door) if self.door else "Dagelijkse taak (systeem)"
