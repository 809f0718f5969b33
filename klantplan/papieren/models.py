"""The papers of a traject: the catalogue of kinds (data the beheerder edits), the rule that
puts a kind on the checklist per package/product, and per traject the Stuk (a small state
machine) with its uploaded files (ADR 0020)."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django_fsm import FSMField

from klantplan.papieren.workflow import STAPPEN, Aanleveraar, Stukstatus
from schuldhulp.fsm import fsm_basis
from schuldhulp.pakketten import Pakket, Partij, Taak
from trajecten.models import Productsoort, Traject


class PriveOpslag(FileSystemStorage):
    """Outside the web root: no URL, served only by the permission-checked view. The folder
    is read from the settings on every use (tests and deployments may move it)."""

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> None:
        return None

    def url(self, name: str | None) -> str:
        raise ValueError("Een stuk heeft geen openbaar adres: gebruik de downloadweergave.")


def prive_opslag() -> PriveOpslag:
    return PriveOpslag()


class Papiersoort(models.Model):
    """A kind of paper (bankafschriften, loonstrook …), with the words the client reads."""

    code = models.SlugField(max_length=40, unique=True)
    naam = models.CharField(max_length=100)
    uitleg = models.CharField(
        max_length=300, blank=True, help_text="Wat de klant precies aanlevert (B1-taal)."
    )
    volgorde = models.PositiveSmallIntegerField(default=100)
    actief = models.BooleanField(default=True)

    class Meta:
        ordering = ["volgorde", "naam"]
        verbose_name = "soort stuk"
        verbose_name_plural = "soorten stukken"

    def __str__(self) -> str:
        return self.naam


class Papiereis(models.Model):
    """Puts a kind of paper on a traject's checklist: for every traject (of a package), or
    when a product of that kind runs in it. Who delivers it is part of the rule."""

    soort = models.ForeignKey(Papiersoort, on_delete=models.CASCADE, related_name="eisen")
    pakket = models.CharField(
        max_length=20, choices=Pakket.choices, blank=True, help_text="Leeg: elk pakket."
    )
    productsoort = models.CharField(
        max_length=40,
        choices=Productsoort.choices,
        blank=True,
        help_text="Leeg: bij elk traject; anders zodra dit product loopt.",
    )
    aanleveraar = models.CharField(
        max_length=20, choices=Aanleveraar.choices, default=Aanleveraar.KLANT
    )

    class Meta:
        ordering = ["soort__volgorde", "pakket", "productsoort"]
        verbose_name = "stuk op de lijst"
        verbose_name_plural = "stukken op de lijst (per pakket/product)"
        constraints = [
            models.UniqueConstraint(
                fields=["soort", "pakket", "productsoort"], name="papiereis_uniek"
            )
        ]

    def __str__(self) -> str:
        waar = self.get_pakket_display() if self.pakket else "elk pakket"
        if self.productsoort:
            waar += f", bij {self.get_productsoort_display()}"
        return f"{self.soort} ({waar})"


StukWorkflow = fsm_basis("StukWorkflow", list(STAPPEN.values()), "klantplan.papieren.models")


class Stuk(StukWorkflow):
    """One paper on a traject's checklist. Moves gevraagd → ontvangen → goedgekeurd or
    afgekeurd (→ ontvangen again when it is delivered anew)."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="stukken")
    soort = models.ForeignKey(Papiersoort, on_delete=models.PROTECT, related_name="stukken")
    omschrijving = models.CharField(
        max_length=200, blank=True, help_text="Bijvoorbeeld: brief van de Belastingdienst."
    )
    aanleveraar = models.CharField(max_length=20, choices=Aanleveraar.choices)
    # From the checklist (one per kind per traject) or asked for by a worker (any number).
    uit_lijst = models.BooleanField(default=False)
    status = FSMField(max_length=20, choices=Stukstatus.choices, default=Stukstatus.GEVRAAGD)
    afkeurreden = models.TextField(blank=True)
    gevraagd_op = models.DateTimeField(auto_now_add=True)
    gevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ontvangen_op = models.DateTimeField(null=True, blank=True)
    beoordeeld_op = models.DateTimeField(null=True, blank=True)
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["soort__volgorde", "pk"]
        verbose_name = "stuk"
        verbose_name_plural = "stukken"
        constraints = [
            models.UniqueConstraint(
                fields=["traject", "soort"], condition=Q(uit_lijst=True), name="stuk_lijst_uniek"
            )
        ]
        indexes = [models.Index(fields=["status", "ontvangen_op"], name="stuk_status_idx")]

    def __str__(self) -> str:  # no personal data (admin, logs)
        return f"Stuk {self.pk} ({self.soort.code})"

    @property
    def titel(self) -> str:
        return f"{self.soort.naam}: {self.omschrijving}" if self.omschrijving else self.soort.naam

    @property
    def partij(self) -> str | None:
        """Who delivers it in this traject: 'klant', 'gemeente' or 'stadsbank' (None: the
        package leaves gathering information to be settled per traject)."""
        if self.aanleveraar != Aanleveraar.PAKKET:
            return self.aanleveraar
        partij = self.traject.uitvoerder(Taak.INFORMATIE_VERZAMELEN)
        return partij.value if partij else None

    @property
    def partij_label(self) -> str:
        partij = self.partij
        if partij is None:
            return "nog niet afgesproken"
        return "de klant" if partij == Aanleveraar.KLANT else f"de {Partij(partij).naam}"

    @property
    def klant_levert(self) -> bool:
        return self.aanleveraar == Aanleveraar.KLANT


class Bestand(models.Model):
    """One delivery of a Stuk: always one PDF (photos are converted), stored outside the web
    root; its hash is checked on every download."""

    stuk = models.ForeignKey(Stuk, on_delete=models.CASCADE, related_name="bestanden")
    bestand = models.FileField(storage=prive_opslag, upload_to="papieren/%Y/%m/", max_length=200)
    bestandsnaam = models.CharField(max_length=120)
    paginas = models.PositiveIntegerField()
    grootte = models.PositiveIntegerField(help_text="Bytes.")
    sha256 = models.CharField(max_length=64)
    geupload_op = models.DateTimeField(auto_now_add=True)
    door_gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    door_klant = models.BooleanField(default=False)

    class Meta:
        ordering = ["-geupload_op", "-pk"]
        verbose_name = "bestand"
        verbose_name_plural = "bestanden"

    def __str__(self) -> str:
        return f"Bestand {self.pk}"

    @property
    def traject(self) -> Traject:  # the gate and the audit log find the dossier through it
        return self.stuk.traject

    @property
    def traject_id(self) -> int:
        return self.stuk.traject_id
