"""Contact around a traject: gesprekken, afstemming with the gemeente, klachten."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from klantplan.models.controles import niet_leeg
from klantplan.models.plan import Leefgebied
from schuldhulp import opmaak
from schuldhulp.pakketten import Partij
from trajecten.models import Traject
from trajecten.samenwerking.workflow import Afstemmingstatus


class Gesprekssoort(models.TextChoices):
    """Each kind is recorded by the side its package task gives (workflow.GESPREKKEN)."""

    ADVIESGESPREK = "adviesgesprek", "Adviesgesprek"
    INTAKEGESPREK = "intakegesprek", "Intakegesprek"
    EXTRA_GESPREK = "extra_gesprek", "Extra gesprek"
    POST_SCREENING = "post_screening", "Post gescreend (zicht op omvang en oorzaak)"
    MONITORINGGESPREK = "monitoringgesprek", "Monitoringgesprek"
    EXITGESPREK = "exitgesprek", "Exitgesprek"


class Gesprek(models.Model):
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="gesprekken")
    soort = models.CharField(max_length=20, choices=Gesprekssoort.choices)
    datum = models.DateField()
    deelnemers = models.CharField(max_length=300, help_text="Wie waren erbij?")
    samenvatting = models.TextField(blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "gesprek"
        verbose_name_plural = "gesprekken"
        ordering = ["-datum", "-pk"]
        indexes = [models.Index(fields=["soort", "datum"])]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} op {opmaak.datum(self.datum)}"


class Afstemmingsoort(models.TextChoices):
    """Each kind is recorded by the side its package task gives (workflow.AFSTEMMINGEN)."""

    SIGNAAL = "signaal", "Signaal ander leefgebied"
    # History only: new handovers are the structured warme overdracht on the traject page
    # (trajecten.samenwerking); the form no longer offers it, the service refuses it.
    WARME_OVERDRACHT = "warme_overdracht", "Warme overdracht"
    NAZORGADVIES = "nazorgadvies", "Nazorgadvies"
    VOORTGANG = "voortgang", "Voortgang aan de gemeente"


class Afstemming(models.Model):
    """Consultation between Stadsbank and gemeente on this traject (both sides see it)."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="afstemmingen")
    soort = models.CharField(max_length=20, choices=Afstemmingsoort.choices)
    datum = models.DateField()
    leefgebied = models.CharField(max_length=30, choices=Leefgebied.choices, blank=True)
    bericht = models.TextField()
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    # Addressed to a party (a question or a report for them), or a note for the dossier
    # (aan and status empty). The addressee answers it (afstemming.beantwoorden).
    van = models.CharField(max_length=10, choices=Partij.choices, blank=True)
    aan = models.CharField("gericht aan", max_length=10, choices=Partij.choices, blank=True)
    status = models.CharField(max_length=10, choices=Afstemmingstatus.choices, blank=True)
    antwoord = models.TextField(blank=True)
    beantwoord_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    beantwoord_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "afstemming met de gemeente"
        verbose_name_plural = "afstemmingen met de gemeente"
        ordering = ["-datum", "-pk"]
        constraints = [
            models.CheckConstraint(condition=niet_leeg("bericht"), name="afstemming_bericht"),
            # Addressed ⇔ it has an answer state.
            models.CheckConstraint(
                condition=(Q(aan="") & Q(status=""))
                | (~Q(aan="") & Q(status__in=Afstemmingstatus.values)),
                name="afstemming_aan_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} ({opmaak.datum(self.datum)})"


class Klachtsoort(models.TextChoices):
    KLACHT = "klacht", "Klacht"
    BEZWAAR = "bezwaar", "Bezwaar"


class Klachtuitkomst(models.TextChoices):
    OPEN = "open", "Nog in behandeling"
    GEGROND = "gegrond", "Gegrond"
    DEELS_GEGROND = "deels_gegrond", "Deels gegrond"
    ONGEGROND = "ongegrond", "Ongegrond"
    INGETROKKEN = "ingetrokken", "Ingetrokken"
    NIET_ONTVANKELIJK = "niet_ontvankelijk", "Niet-ontvankelijk"


class Klacht(models.Model):
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="klachten")
    soort = models.CharField(max_length=10, choices=Klachtsoort.choices)
    datum = models.DateField(help_text="De datum waarop de klacht of het bezwaar binnenkwam.")
    onderwerp = models.CharField(max_length=200)
    uitkomst = models.CharField(
        max_length=20, choices=Klachtuitkomst.choices, default=Klachtuitkomst.OPEN
    )
    afgehandeld_op = models.DateField(null=True, blank=True)
    toelichting = models.TextField(blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "klacht of bezwaar"
        verbose_name_plural = "klachten en bezwaren"
        ordering = ["-datum", "-pk"]
        indexes = [models.Index(fields=["soort", "datum"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(afgehandeld_op__isnull=True) | Q(afgehandeld_op__gte=models.F("datum")),
                name="klacht_afgehandeld_na_datum",
                violation_error_message="De afhandeldatum ligt voor de datum van ontvangst.",
            ),
            models.CheckConstraint(
                condition=Q(uitkomst="open", afgehandeld_op__isnull=True)
                | (~Q(uitkomst="open") & Q(afgehandeld_op__isnull=False)),
                name="klacht_uitkomst_met_datum",
                violation_error_message="Een uitkomst hoort bij een afhandeldatum.",
            ),
            models.CheckConstraint(condition=niet_leeg("onderwerp"), name="klacht_onderwerp"),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()}: {self.onderwerp}"
