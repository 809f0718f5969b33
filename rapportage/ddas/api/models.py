"""A registered afnemer of the DDAS delivery API: one OAuth2 client (django-oauth-toolkit
``Application``, grant type client credentials) and the gemeenten whose data it may fetch."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from schuldhulp.models import Gemeente


class Afnemer(models.Model):
    naam = models.CharField(max_length=200, unique=True, help_text="Bijvoorbeeld: CBS.")
    application = models.OneToOneField(
        settings.OAUTH2_PROVIDER_APPLICATION_MODEL,
        on_delete=models.PROTECT,
        related_name="ddas_afnemer",
        editable=False,
    )
    alle_gemeenten = models.BooleanField(
        default=False,
        help_text="Landelijke afnemer (het CBS): de gegevens van elke gemeente. Anders alleen "
        "de gemeenten hieronder.",
    )
    gemeenten = models.ManyToManyField(
        Gemeente,
        blank=True,
        related_name="+",
        help_text="De gemeenten waarvan deze afnemer gegevens mag ophalen.",
    )
    oin = models.CharField(
        "OIN van de ondertekenaar",
        max_length=20,
        blank=True,
        help_text="Leeg: elk certificaat dat tot een vertrouwde root leidt. Gevuld: het "
        "ondertekeningscertificaat van het verzoek moet dit OIN dragen (serialNumber of "
        "organizationIdentifier in het onderwerp, zoals bij PKIoverheid).",
    )
    actief = models.BooleanField(
        default=True, help_text="Uitzetten: geen nieuwe tokens, bestaande tokens vervallen."
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    laatst_geleverd_op = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "DDAS-afnemer"
        verbose_name_plural = "DDAS-afnemers"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam

    def gemeente_ids(self) -> frozenset[int] | None:
        """The reach of this afnemer (None: every gemeente)."""
        if self.alle_gemeenten:
            return None
        return frozenset(self.gemeenten.values_list("pk", flat=True))
