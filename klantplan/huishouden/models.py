"""The household of a traject: the partner (a second client, DDAS ``client[1]``) and the other
people living in it that the norms need (children and other adults, by year of birth only)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from schuldhulp.models import Klant
from trajecten.models import Traject


class Huisgenootsoort(models.TextChoices):
    KIND = "kind", "Kind"
    VOLWASSENE = "volwassene", "Andere volwassene (geen partner)"


class Huishouden(models.Model):
    traject = models.OneToOneField(Traject, on_delete=models.CASCADE, related_name="huishouden")
    partner = models.ForeignKey(
        Klant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="als_partner",
        help_text="De partner is ook klant in dit traject (gezamenlijke en eigen schulden).",
    )
    gewijzigd_op = models.DateTimeField(auto_now=True)
    gewijzigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "huishouden"
        verbose_name_plural = "huishoudens"

    def __str__(self) -> str:
        return f"Huishouden van traject {self.traject_id}"


class Huisgenoot(models.Model):
    huishouden = models.ForeignKey(Huishouden, on_delete=models.CASCADE, related_name="huisgenoten")
    soort = models.CharField(max_length=20, choices=Huisgenootsoort.choices)
    # A year of birth is enough for the norms (children under 18) and less personal data.
    geboortejaar = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = "huisgenoot"
        verbose_name_plural = "huisgenoten"
        ordering = ["soort", "geboortejaar", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(geboortejaar__gte=1900) & Q(geboortejaar__lte=2100),
                name="huisgenoot_geboortejaar_redelijk",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} ({self.geboortejaar})"
