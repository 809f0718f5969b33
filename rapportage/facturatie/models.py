"""Prices on a pakketafspraak and the monthly specificatie (immutable once made).

Money is in whole cents (integers): amounts are added up, never rounded along the way.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from schuldhulp.keuzes import Keuzelijst
from schuldhulp.models import Dienstverleningsafspraak, Gemeente
from trajecten.models import Productsoort


class Grondslag(Keuzelijst):
    """What a price is paid for (besides the afspraak's own prijs per traject / per maand)."""

    VAST = "vast", "Vaste vergoeding per maand"
    PRODUCTMAAND = "productmaand", "Per product per maand"
    MAATWERKMAAND = "maatwerkmaand", "Per traject per maand met opschalen (maatwerk)"


class Tarief(models.Model):
    """One price of an agreement. Only a concept agreement's prices change (trigger)."""

    afspraak = models.ForeignKey(
        Dienstverleningsafspraak, on_delete=models.CASCADE, related_name="tarieven"
    )
    grondslag = models.CharField(max_length=20, choices=Grondslag.choices)
    productsoort = models.CharField(max_length=40, choices=Productsoort.choices, blank=True)
    bedrag_centen = models.PositiveIntegerField(
        "bedrag (centen)", validators=[MaxValueValidator(999_999_999)]
    )

    class Meta:
        verbose_name = "tarief"
        verbose_name_plural = "tarieven"
        ordering = ["afspraak", "grondslag", "productsoort"]
        constraints = [
            models.UniqueConstraint(
                fields=["afspraak", "grondslag", "productsoort"], name="tarief_uniek"
            ),
            models.CheckConstraint(
                condition=Q(grondslag="productmaand", productsoort__gt="")
                | (~Q(grondslag="productmaand") & Q(productsoort="")),
                name="tarief_productsoort_alleen_per_product",
            ),
        ]

    def __str__(self) -> str:
        soort = f" {Productsoort(self.productsoort).label}" if self.productsoort else ""
        return f"{self.get_grondslag_display()}{soort}"


class SpecificatieAlGemaakt(Exception):
    """A specificatie is never changed: make a new version instead."""


class Specificatie(models.Model):
    """One version of a gemeente's monthly specificatie: lines, total, PDF and CSV.

    Written once, complete, in one transaction; never changed (``save`` refuses and a
    database trigger refuses UPDATE and DELETE). Making it again makes a new version.
    """

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField(validators=[MinValueValidator(2000)])
    maand = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    versie = models.PositiveIntegerField()
    gemaakt_op = models.DateTimeField(auto_now_add=True)
    gemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Leeg = automatisch gemaakt (begin van de maand).",
    )
    regels = models.JSONField(default=dict)
    totaal_centen = models.BigIntegerField()
    pdf = models.BinaryField(editable=False)
    csv = models.TextField(editable=False)
    checksum = models.CharField("SHA-256 van de PDF", max_length=64)

    class Meta:
        verbose_name = "specificatie"
        verbose_name_plural = "specificaties"
        ordering = ["-jaar", "-maand", "gemeente__naam", "-versie"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "jaar", "maand", "versie"], name="specificatie_versie_uniek"
            ),
            models.CheckConstraint(
                condition=Q(maand__gte=1) & Q(maand__lte=12), name="specificatie_maand_1_12"
            ),
        ]

    def __str__(self) -> str:
        return f"Specificatie {self.gemeente} {self.maand:02d}-{self.jaar} (versie {self.versie})"

    def save(self, *args, **kwargs) -> None:
        if self.pk:
            raise SpecificatieAlGemaakt(
                "Een specificatie wordt nooit gewijzigd. Maak een nieuwe versie."
            )
        super().save(*args, **kwargs)

    @property
    def bestandsnaam(self) -> str:
        return f"specificatie-{self.gemeente.code}-{self.jaar}-{self.maand:02d}-v{self.versie}"
