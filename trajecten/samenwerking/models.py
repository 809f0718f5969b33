"""Warme overdracht between the parties of a traject, and the outbox of e-mail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import FSMField, FSMModelMixin

from schuldhulp.fsm import fsm_basis
from schuldhulp.keuzes import Keuzelijst
from schuldhulp.pakketten import Partij
from trajecten.models import Traject
from trajecten.samenwerking.workflow import (
    OPEN_OVERDRACHT,
    OVERDRACHT_STAPPEN,
    Overdrachtstatus,
)

OverdrachtWorkflow = fsm_basis(
    "OverdrachtWorkflow", list(OVERDRACHT_STAPPEN.values()), module="trajecten.samenwerking.models"
)


class Overdracht(FSMModelMixin, OverdrachtWorkflow):
    """A structured warm handover from one party to the other (docs/samenwerking.md). Read
    on the traject for good: whoever picks the traject up reads it instead of asking the
    klant again."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="overdrachten")
    van = models.CharField("van", max_length=10, choices=Partij.choices)
    aan = models.CharField("aan", max_length=10, choices=Partij.choices)
    status = FSMField(
        default=Overdrachtstatus.OPEN.value, choices=Overdrachtstatus.choices, protected=True
    )
    situatie = models.TextField("situatie in een paar regels")
    gedaan = models.TextField("wat is al gedaan", blank=True)
    urgent = models.TextField("wat is urgent", blank=True)
    documenten = models.TextField("ontvangen documenten en post", blank=True)
    afspraken = models.TextField("afspraken met de klant", blank=True)
    verstuurd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    verstuurd_op = models.DateTimeField(auto_now_add=True)
    # The clock: the contract norm (Doorlooptijdnorm code "warme-overdracht") applied on
    # the day it was sent.
    deadline = models.DateField()
    dreigt_vanaf = models.DateField()
    vraag = models.TextField(blank=True)
    antwoord = models.TextField(blank=True)
    geaccepteerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    geaccepteerd_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "warme overdracht"
        verbose_name_plural = "warme overdrachten"
        ordering = ["-verstuurd_op", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["traject"],
                condition=Q(status__in=OPEN_OVERDRACHT),
                name="een_open_overdracht_per_traject",
                violation_error_message="Er staat al een overdracht open voor dit traject.",
            ),
            models.CheckConstraint(condition=~Q(van=models.F("aan")), name="overdracht_van_aan"),
            models.CheckConstraint(condition=~Q(situatie=""), name="overdracht_situatie"),
        ]
        indexes = [
            models.Index(
                fields=["traject"], condition=Q(status__in=OPEN_OVERDRACHT), name="overdracht_open"
            )
        ]

    def __str__(self) -> str:
        return f"Warme overdracht {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_OVERDRACHT

    @property
    def van_naam(self) -> str:
        return Partij(self.van).naam

    @property
    def aan_naam(self) -> str:
        return Partij(self.aan).naam


class Mailstatus(Keuzelijst):
    WACHTEND = "wachtend", "Wordt verzonden"
    VERZONDEN = "verzonden", "Verzonden"
    MISLUKT = "mislukt", "Mislukt"


class Emailbericht(models.Model):
    """One e-mail in the outbox: written before it is queued, so a failure is never silent
    (the Celery task retries, then marks it mislukt; it shows on the traject and in beheer).
    Holds no personal data beyond dossier numbers and links."""

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="emailberichten",
        help_text="Leeg: een e-mail aan iemand zonder account (een schuldeiser).",
    )
    aan = models.EmailField()
    onderwerp = models.CharField(max_length=200)
    tekst = models.TextField()
    status = models.CharField(
        max_length=10, choices=Mailstatus.choices, default=Mailstatus.WACHTEND
    )
    pogingen = models.PositiveSmallIntegerField(default=0)
    fout = models.TextField(blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    verzonden_op = models.DateTimeField(null=True, blank=True)
    trajecten = models.ManyToManyField(Traject, related_name="emailberichten", blank=True)

    class Meta:
        verbose_name = "e-mailbericht"
        verbose_name_plural = "e-mailberichten"
        ordering = ["-aangemaakt_op", "-pk"]
        indexes = [models.Index(fields=["status", "aangemaakt_op"])]

    def __str__(self) -> str:
        return self.onderwerp
