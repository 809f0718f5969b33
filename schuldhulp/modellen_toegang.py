"""Who gets access, with a second person: requests for rights and one-time enrolment links.

A grant (a role, a gemeente, activating an account) is a :class:`Rechtenverzoek` until another
beheerder approves it (schuldhulp/rechtenverzoeken.py, ADR 0015). A new account enrols its
authenticator app only through an :class:`Inrichtlink` a beheerder made (schuldhulp/tweestaps.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Verzoekstatus(models.TextChoices):
    OPEN = "open", "wacht op goedkeuring"
    GOEDGEKEURD = "goedgekeurd", "goedgekeurd"
    AFGEWEZEN = "afgewezen", "afgewezen"


class Rechtenverzoek(models.Model):
    """A grant asked by one beheerder, applied only when another approves it."""

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rechtenverzoeken"
    )
    rol = models.CharField(
        "nieuwe rol", max_length=20, blank=True, help_text="Leeg: de rol blijft wat hij is."
    )
    gemeenten = models.ManyToManyField(
        "schuldhulp.Gemeente", blank=True, related_name="+", verbose_name="gemeenten erbij"
    )
    activeren = models.BooleanField("account activeren", default=False)
    status = models.CharField(
        max_length=20, choices=Verzoekstatus.choices, default=Verzoekstatus.OPEN
    )
    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    aangevraagd_op = models.DateTimeField(default=timezone.now)
    beslist_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    beslist_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "rechtenverzoek"
        verbose_name_plural = "rechtenverzoeken"
        ordering = ["-aangevraagd_op", "-pk"]
        constraints = [
            # The second person is a constraint of the data, not only of the screen.
            models.CheckConstraint(
                condition=~Q(beslist_door=models.F("aangevraagd_door")),
                name="rechtenverzoek_vier_ogen",
                violation_error_message="Een ander dan de aanvrager beslist over dit verzoek.",
            ),
        ]

    def __str__(self) -> str:
        return f"Rechtenverzoek {self.pk} voor {self.gebruiker.get_username()}"

    def rol_label(self) -> str:
        from schuldhulp.models import Rol

        return str(dict(Rol.choices).get(self.rol, self.rol)) if self.rol else ""


class Inrichtlink(models.Model):
    """A one-time link to enrol the second factor. Only the hash of the token is stored: the
    beheerder sees the link once and hands it over."""

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inrichtlinks"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    gemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    gemaakt_op = models.DateTimeField(default=timezone.now)
    verloopt_op = models.DateTimeField()
    gebruikt_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "inrichtlink"
        verbose_name_plural = "inrichtlinks"
        ordering = ["-gemaakt_op"]

    def __str__(self) -> str:
        return f"Inrichtlink voor {self.gebruiker.get_username()}"

    @property
    def bruikbaar(self) -> bool:
        return self.gebruikt_op is None and timezone.now() < self.verloopt_op
