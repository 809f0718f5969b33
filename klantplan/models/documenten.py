"""The PDFs made for a traject, stored as sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from klantplan.models.contact import Gesprek
from klantplan.models.plan import Klantplan
from klantplan.models.sanering import Voorstel
from schuldhulp import opmaak
from trajecten.models import Traject


class Documentsoort(models.TextChoices):
    KLANTPLAN = "klantplan", "Klantplan"
    ACTIELIJST = "actielijst", "Actielijst"
    BESCHIKKING = "beschikking", "Beschikking"
    DOS_EN_DONTS = "dos_en_donts", "Wat te doen als schuldeisers bellen"
    SANERINGSVOORSTEL = "saneringsvoorstel", "Saneringsvoorstel (brief aan schuldeisers)"
    DWANGAKKOORD = "dwangakkoord", "Verzoek dwangakkoord (art. 287a Fw)"
    WSNP_VERZOEK = "wsnp_verzoek", "Wsnp-verzoek met 285-verklaring"
    MAANDOVERZICHT = "maandoverzicht", "Zo ziet uw maand eruit (budget)"


class Document(models.Model):
    """Every PDF made for a traject, stored as it was sent (append-only)."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="documenten")
    soort = models.CharField(max_length=20, choices=Documentsoort.choices)
    titel = models.CharField(max_length=200)
    klantplan = models.ForeignKey(
        Klantplan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documenten",
        help_text="De versie van het klantplan waarop het document berust.",
    )
    gesprek = models.ForeignKey(
        Gesprek, on_delete=models.SET_NULL, null=True, blank=True, related_name="documenten"
    )
    voorstel = models.ForeignKey(
        Voorstel, on_delete=models.PROTECT, null=True, blank=True, related_name="documenten"
    )
    bestandsnaam = models.CharField(max_length=200)
    inhoud = models.BinaryField()
    grootte = models.PositiveIntegerField()
    sha256 = models.CharField("controlegetal (SHA-256)", max_length=64)
    gemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    gemaakt_op = models.DateTimeField(auto_now_add=True)
    verzonden_aan = models.EmailField(blank=True)
    verzonden_op = models.DateTimeField(null=True, blank=True)
    verzendfout = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "document"
        verbose_name_plural = "documenten"
        ordering = ["-gemaakt_op", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="document_sha256"
            ),
            models.CheckConstraint(condition=Q(grootte__gt=0), name="document_niet_leeg"),
        ]
        indexes = [models.Index(fields=["traject", "soort"])]

    def __str__(self) -> str:
        return f"{self.titel} ({opmaak.datum_tijd(self.gemaakt_op)})"
