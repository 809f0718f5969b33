"""The schuldenoverzicht: the shared register of schuldeisers and the debts of a traject."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from klantplan.models.controles import MAX_BEDRAG_CENT
from schuldhulp import opmaak
from trajecten.models import Traject


class Schuldsoort(models.TextChoices):
    """DDAS v1.0 EnumSchuldensoort."""

    ZORG = "Zorg", "Zorg"
    PUBLIEK = "Publiek", "Publiek"
    NUTS = "Nuts", "Nuts"
    OVERIG = "Overig", "Overig"


class Schuldeisersoort(models.TextChoices):
    BELASTINGDIENST = "belastingdienst", "Belastingdienst"
    TOESLAGEN = "toeslagen", "Dienst Toeslagen"
    CJIB = "cjib", "CJIB"
    DUO = "duo", "DUO"
    OVERHEID = "overheid", "Andere overheid (UWV, SVB, gemeente, waterschap)"
    ZORGVERZEKERAAR = "zorgverzekeraar", "Zorgverzekeraar"
    ZORGAANBIEDER = "zorgaanbieder", "Zorgaanbieder (ziekenhuis, tandarts)"
    ENERGIE = "energie", "Energieleverancier"
    WATER = "water", "Waterbedrijf"
    WONINGCORPORATIE = "woningcorporatie", "Woningcorporatie of verhuurder"
    TELECOM = "telecom", "Telecom en internet"
    INCASSO = "incasso", "Incassobureau"
    DEURWAARDER = "deurwaarder", "Gerechtsdeurwaarder"
    KREDIET = "krediet", "Bank of kredietverstrekker"
    WINKEL = "winkel", "Winkel, webwinkel of achteraf betalen"
    PARTICULIER = "particulier", "Particulier (familie, vrienden)"
    OVERIG = "overig", "Overig"


# Which DDAS schuldsoort a kind of creditor falls under (see docs/klantplan.md).
SCHULDSOORT: dict[str, Schuldsoort] = {
    Schuldeisersoort.BELASTINGDIENST: Schuldsoort.PUBLIEK,
    Schuldeisersoort.TOESLAGEN: Schuldsoort.PUBLIEK,
    Schuldeisersoort.CJIB: Schuldsoort.PUBLIEK,
    Schuldeisersoort.DUO: Schuldsoort.PUBLIEK,
    Schuldeisersoort.OVERHEID: Schuldsoort.PUBLIEK,
    Schuldeisersoort.ZORGVERZEKERAAR: Schuldsoort.ZORG,
    Schuldeisersoort.ZORGAANBIEDER: Schuldsoort.ZORG,
    Schuldeisersoort.ENERGIE: Schuldsoort.NUTS,
    Schuldeisersoort.WATER: Schuldsoort.NUTS,
    Schuldeisersoort.WONINGCORPORATIE: Schuldsoort.OVERIG,
    Schuldeisersoort.TELECOM: Schuldsoort.OVERIG,
    Schuldeisersoort.INCASSO: Schuldsoort.OVERIG,
    Schuldeisersoort.DEURWAARDER: Schuldsoort.OVERIG,
    Schuldeisersoort.KREDIET: Schuldsoort.OVERIG,
    Schuldeisersoort.WINKEL: Schuldsoort.OVERIG,
    Schuldeisersoort.PARTICULIER: Schuldsoort.OVERIG,
    Schuldeisersoort.OVERIG: Schuldsoort.OVERIG,
}


class Schuldeiser(models.Model):
    """The shared register of creditors (reference data, no personal data)."""

    naam = models.CharField(max_length=200)
    kvk_nummer = models.CharField(
        "KvK-nummer", max_length=8, blank=True, help_text="8 cijfers. Leeg als u het niet weet."
    )
    soort = models.CharField(max_length=30, choices=Schuldeisersoort.choices)
    schuldsoort = models.CharField(
        "DDAS-schuldsoort", max_length=10, choices=Schuldsoort.choices, editable=False
    )
    preferent = models.BooleanField(
        default=False,
        help_text="Preferente schuldeisers (zoals de Belastingdienst) krijgen in een "
        "schuldregeling een groter deel.",
    )
    adres = models.TextField(
        "postadres", blank=True, help_text="Voor brieven in de schuldregeling (meerdere regels)."
    )
    email = models.EmailField(
        "e-mailadres", blank=True, help_text="Voor de link naar het schuldeiserportaal."
    )
    iban = models.CharField(
        "IBAN", max_length=34, blank=True, help_text="Voor uitbetalingen in de schuldregeling."
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "schuldeiser"
        verbose_name_plural = "schuldeisers"
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                Lower("naam"),
                name="schuldeiser_naam_uniek",
                violation_error_message="Er is al een schuldeiser met deze naam.",
            ),
            models.UniqueConstraint(
                fields=["kvk_nummer"],
                condition=~Q(kvk_nummer=""),
                name="schuldeiser_kvk_uniek",
                violation_error_message="Er is al een schuldeiser met dit KvK-nummer.",
            ),
            models.CheckConstraint(
                condition=Q(kvk_nummer="") | Q(kvk_nummer__regex=r"^[0-9]{8}$"),
                name="schuldeiser_kvk_8_cijfers",
                violation_error_message="Een KvK-nummer heeft 8 cijfers.",
            ),
            models.CheckConstraint(
                condition=Q(naam__regex=r"\S"), name="schuldeiser_naam_verplicht"
            ),
        ]

    def __str__(self) -> str:
        return self.naam

    def save(self, *args, **kwargs) -> None:
        self.schuldsoort = SCHULDSOORT[Schuldeisersoort(self.soort)]
        super().save(*args, **kwargs)


class Schuldstatus(models.TextChoices):
    AANGEMELD = "aangemeld", "Aangemeld"
    SALDO_OPGEVRAAGD = "saldo_opgevraagd", "Saldo opgevraagd"
    VASTGESTELD = "vastgesteld", "Vastgesteld"
    AKKOORD = "akkoord", "Akkoord"
    AFGEWEZEN = "afgewezen", "Afgewezen"


class Schuldenaar(models.TextChoices):
    """Whose debt it is, when a couple shares the traject (issue 15: the household)."""

    KLANT = "klant", "Klant"
    PARTNER = "partner", "Partner"
    SAMEN = "samen", "Samen (gezamenlijke schuld)"


class Schuld(models.Model):
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="schulden")
    schuldeiser = models.ForeignKey(Schuldeiser, on_delete=models.PROTECT, related_name="schulden")
    oorspronkelijk_bedrag_cent = models.BigIntegerField("oorspronkelijk bedrag")
    actueel_bedrag_cent = models.BigIntegerField("actueel bedrag")
    peildatum = models.DateField(help_text="Op welke datum gold het actuele bedrag?")
    status = models.CharField(
        max_length=20, choices=Schuldstatus.choices, default=Schuldstatus.AANGEMELD
    )
    zakelijk = models.BooleanField("zakelijke schuld", default=False)
    van = models.CharField(
        "schuld van", max_length=10, choices=Schuldenaar.choices, default=Schuldenaar.KLANT
    )
    beslag = models.BooleanField("beslag of dwangbevel", default=False)
    kenmerk = models.CharField("kenmerk schuldeiser", max_length=100, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    bijgewerkt_op = models.DateTimeField("laatst gewijzigd", auto_now=True)
    bijgewerkt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "schuld"
        verbose_name_plural = "schulden"
        ordering = ["schuldeiser__naam", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(oorspronkelijk_bedrag_cent__gte=0)
                & Q(oorspronkelijk_bedrag_cent__lte=MAX_BEDRAG_CENT)
                & Q(actueel_bedrag_cent__gte=0)
                & Q(actueel_bedrag_cent__lte=MAX_BEDRAG_CENT),
                name="schuld_bedragen_redelijk",
                violation_error_message="Een bedrag ligt tussen € 0 en € 10.000.000.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.schuldeiser}: {opmaak.bedrag(self.actueel_bedrag_cent, centen=True)}"
