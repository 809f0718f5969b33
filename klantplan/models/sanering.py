"""The calculated saneringsvoorstellen (schuldregeling or saneringskrediet)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from klantplan.models.controles import MAX_BEDRAG_CENT
from schuldhulp import opmaak
from trajecten.models import Traject


class Voorstelsoort(models.TextChoices):
    SCHULDREGELING = "schuldregeling", "Minnelijke schuldregeling"
    SANERINGSKREDIET = "saneringskrediet", "Saneringskrediet"


class Voorstel(models.Model):
    """A calculated saneringsvoorstel: the inputs, the debts used and the result (JSON)."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="voorstellen")
    soort = models.CharField(max_length=20, choices=Voorstelsoort.choices)
    aflosruimte_per_maand_cent = models.BigIntegerField(null=True, blank=True)
    # What the budget and the VTLB gave (issue 15), and why the voorstel differs from it.
    aflosruimte_berekend_cent = models.BigIntegerField(null=True, blank=True)
    reden_afwijking = models.TextField("reden afwijking van de berekende aflosruimte", blank=True)
    looptijd_maanden = models.PositiveSmallIntegerField(null=True, blank=True)
    krediet_cent = models.BigIntegerField(null=True, blank=True)
    preferent_factor = models.DecimalField(max_digits=4, decimal_places=2)
    invoer = models.JSONField(help_text="De schulden zoals ze in de berekening gingen.")
    resultaat = models.JSONField(help_text="klantplan.sanering.Voorstel.as_dict()")
    gemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    gemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "saneringsvoorstel"
        verbose_name_plural = "saneringsvoorstellen"
        ordering = ["-gemaakt_op", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        soort="schuldregeling",
                        looptijd_maanden__in=[18, 36],
                        aflosruimte_per_maand_cent__gte=0,
                        aflosruimte_per_maand_cent__lte=MAX_BEDRAG_CENT,
                        krediet_cent__isnull=True,
                    )
                    | Q(
                        soort="saneringskrediet",
                        krediet_cent__gte=0,
                        krediet_cent__lte=MAX_BEDRAG_CENT,
                        looptijd_maanden__isnull=True,
                        aflosruimte_per_maand_cent__isnull=True,
                    )
                ),
                name="voorstel_invoer_per_soort",
                violation_error_message="De invoer past niet bij de soort voorstel.",
            ),
            models.CheckConstraint(
                condition=Q(preferent_factor__gte=1) & Q(preferent_factor__lte=10),
                name="voorstel_factor_redelijk",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} ({opmaak.datum(self.gemaakt_op)})"
