"""The one-minute satisfaction survey at uitstroom (issue 19, point 4; ADR 0029).

Two tables that are deliberately not joined: an :class:`Uitnodiging` (the klant's link: a
traject, a random key, until when, and whether it was used) and an :class:`Antwoord` (the
answers with only gemeente, package, uitstroom reason and quarter). Nothing leads from an
answer back to the invitation, the traject or the klant: no foreign key, a random UUID as key
(a sequence would give the order of filling in away) and no timestamp.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from schuldhulp.models import Gemeente
from schuldhulp.pakketten import Pakket
from trajecten.models import Traject, Uitstroomreden


class Uitnodiging(models.Model):
    """The klant's link to the survey: one per traject, made when the traject ends."""

    traject = models.OneToOneField(
        Traject, on_delete=models.CASCADE, related_name="tevredenheidsuitnodiging"
    )
    sleutel = models.CharField(max_length=64, unique=True)
    verloopt_op = models.DateTimeField()
    # A date, not a moment: with the time of day, the moment could be matched to an answer.
    ingevuld_op = models.DateField(null=True, blank=True)
    aangemaakt_op = models.DateField(auto_now_add=True)

    class Meta:
        verbose_name = "uitnodiging tevredenheidsonderzoek"
        verbose_name_plural = "uitnodigingen tevredenheidsonderzoek"

    def __str__(self) -> str:
        return f"Uitnodiging bij {self.traject}"


class Rust(models.TextChoices):
    JA = "ja", "Ja"
    BEETJE = "beetje", "Een beetje"
    NEE = "nee", "Nee"


class Aanraden(models.TextChoices):
    JA = "ja", "Ja"
    WEET_NIET = "weet_niet", "Weet ik niet"
    NEE = "nee", "Nee"


class Antwoord(models.Model):
    """One filled-in survey, anonymous: what it says and where it belongs, nothing more."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    pakket = models.CharField(max_length=20, choices=Pakket.choices, blank=True)
    uitstroomreden = models.CharField(max_length=20, choices=Uitstroomreden.choices, blank=True)
    # The first day of the quarter in which the survey was filled in (not the day itself).
    kwartaal = models.DateField()
    cijfer = models.PositiveSmallIntegerField()
    meer_rust = models.CharField(max_length=10, choices=Rust.choices)
    aanraden = models.CharField(max_length=10, choices=Aanraden.choices)
    toelichting = models.TextField(blank=True)

    class Meta:
        verbose_name = "antwoord tevredenheidsonderzoek"
        verbose_name_plural = "antwoorden tevredenheidsonderzoek"
        constraints = [
            models.CheckConstraint(
                condition=Q(cijfer__gte=1, cijfer__lte=10), name="tevredenheid_cijfer_1_10"
            ),
            models.CheckConstraint(
                condition=Q(kwartaal__day=1, kwartaal__month__in=[1, 4, 7, 10]),
                name="tevredenheid_kwartaal_eerste_dag",
            ),
        ]
        indexes = [models.Index(fields=["gemeente", "kwartaal"])]

    def __str__(self) -> str:
        return f"Antwoord ({self.kwartaal:%Y}, cijfer {self.cijfer})"
