"""Messages between the klant (on the portal) and the people on its traject."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from klantplan.models.controles import niet_leeg
from schuldhulp.models import Klant
from trajecten.models import Traject

MAX_TEKST = 1000  # a short message; a letter is a paper (the voorlegger), not a message


class Bericht(models.Model):
    """One message on a traject: from the klant (or its partner) to the contactpersoon, or an
    answer from a worker in the dossier. Read by the other side: ``gelezen_op``."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="portaalberichten")
    van_klant = models.BooleanField()
    klant = models.ForeignKey(  # the client or partner who sent it (van_klant)
        Klant, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    door = models.ForeignKey(  # the worker who answered (not van_klant)
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    tekst = models.TextField()
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gelezen_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "bericht via Mijn Schuldhulp"
        verbose_name_plural = "berichten via Mijn Schuldhulp"
        ordering = ["aangemaakt_op", "pk"]
        indexes = [models.Index(fields=["traject", "aangemaakt_op"])]
        constraints = [
            models.CheckConstraint(
                condition=niet_leeg("tekst") & Q(LessThanOrEqual(Length("tekst"), MAX_TEKST)),
                name="portaalbericht_tekst",
            ),
            models.CheckConstraint(
                condition=Q(van_klant=True, door__isnull=True)
                | Q(van_klant=False, klant__isnull=True),
                name="portaalbericht_afzender",
            ),
        ]

    def __str__(self) -> str:
        return f"Bericht {self.pk} in traject {self.traject_id}"
