"""The schuldregeling with the creditors: one Regeling per schuldregeling product, per debt a
negotiation (state machine), every message in or out as a row, the portal links, saldo
changes with the old amount kept, the payments of the running regeling and its toetsen.

The state machines are generated from the catalogue rows (klantplan/schuldregeling/
workflow.py); the services (klantplan/schuldregeling/services/) are the only writers.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import FSMField

from klantplan.models import Schuld, Voorstel
from klantplan.models.controles import MAX_BEDRAG_CENT
from klantplan.models.sanering import Voorstelsoort
from klantplan.schuldregeling.workflow import (
    BERICHTEN,
    ONDERHANDELING_STAPPEN,
    REGELING_FASEN,
    Berichtsoort,
    Kanaal,
    Onderhandelingstatus,
    Regelingfase,
    Richting,
)
from schuldhulp import opmaak
from schuldhulp.fsm import fsm_basis
from trajecten.models import Product, Traject

MODULE = "klantplan.schuldregeling.models"
RegelingWorkflow = fsm_basis("RegelingWorkflow", list(REGELING_FASEN.values()), MODULE)
OnderhandelingWorkflow = fsm_basis(
    "OnderhandelingWorkflow",
    [h for h in (*ONDERHANDELING_STAPPEN.values(), *BERICHTEN.values()) if h.doel],
    MODULE,
)


class Regeling(RegelingWorkflow):
    """The schuldregeling (or saneringskrediet) of one product, from the first letter to the
    creditors to the finale kwijting."""

    product = models.OneToOneField(Product, on_delete=models.CASCADE, related_name="regeling")
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="regelingen")
    soort = models.CharField(
        max_length=20, choices=Voorstelsoort.choices, default=Voorstelsoort.SCHULDREGELING
    )
    voorstel = models.ForeignKey(
        Voorstel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="regelingen",
        help_text="Het saneringsvoorstel waarop de betaalvoorstellen berusten.",
    )
    peildatum = models.DateField(help_text="De datum waarop de schuldeisers hun saldo opgeven.")
    fase = FSMField(
        default=Regelingfase.ONDERHANDELING, choices=Regelingfase.choices, protected=True
    )
    startdatum = models.DateField(null=True, blank=True)
    looptijd_maanden = models.PositiveSmallIntegerField(null=True, blank=True)
    maandbedrag_cent = models.BigIntegerField("maandelijkse reservering", null=True, blank=True)
    iban_klant = models.CharField(
        "IBAN klant",
        max_length=34,
        blank=True,
        help_text="De rekening waarvan de klant de maandelijkse reservering betaalt (om "
        "bijschrijvingen op het bankafschrift te herkennen).",
    )
    einddatum = models.DateField(null=True, blank=True)
    einde_reden = models.TextField(blank=True)
    versie = models.PositiveIntegerField(default=1)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "schuldregeling"
        verbose_name_plural = "schuldregelingen"
        constraints = [
            models.CheckConstraint(
                condition=Q(maandbedrag_cent__isnull=True)
                | (Q(maandbedrag_cent__gte=0) & Q(maandbedrag_cent__lte=MAX_BEDRAG_CENT)),
                name="regeling_maandbedrag_redelijk",
                violation_error_message="Het maandbedrag ligt tussen € 0 en € 10.000.000.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} ({self.get_fase_display().lower()})"


class Onderhandeling(OnderhandelingWorkflow):
    """One creditor's claim (a debt of the schuldenoverzicht) in the regeling."""

    regeling = models.ForeignKey(
        Regeling, on_delete=models.CASCADE, related_name="onderhandelingen"
    )
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="+")
    schuld = models.ForeignKey(Schuld, on_delete=models.PROTECT, related_name="onderhandelingen")
    status = FSMField(
        default=Onderhandelingstatus.NIEUW, choices=Onderhandelingstatus.choices, protected=True
    )
    termijn_tot = models.DateField(
        null=True, blank=True, help_text="Tot wanneer de schuldeiser heeft om te antwoorden."
    )
    herinneringen = models.PositiveSmallIntegerField(default=0)
    saldo_cent = models.BigIntegerField("saldo (totaal)", null=True, blank=True)
    hoofdsom_cent = models.BigIntegerField(null=True, blank=True)
    kosten_cent = models.BigIntegerField(null=True, blank=True)
    rente_cent = models.BigIntegerField(null=True, blank=True)
    kenmerk = models.CharField("kenmerk schuldeiser", max_length=100, blank=True)
    aangeboden_cent = models.BigIntegerField(
        "aanbod", null=True, blank=True, help_text="Het aandeel uit het betaalvoorstel."
    )
    afwijsreden = models.TextField(blank=True)
    bijgewerkt_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "onderhandeling met schuldeiser"
        verbose_name_plural = "onderhandelingen met schuldeisers"
        ordering = ["schuld__schuldeiser__naam", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["regeling", "schuld"], name="onderhandeling_uniek_per_schuld"
            ),
            models.CheckConstraint(
                condition=(
                    (Q(saldo_cent__isnull=True) | Q(saldo_cent__gte=0))
                    & (Q(hoofdsom_cent__isnull=True) | Q(hoofdsom_cent__gte=0))
                    & (Q(kosten_cent__isnull=True) | Q(kosten_cent__gte=0))
                    & (Q(rente_cent__isnull=True) | Q(rente_cent__gte=0))
                    & (Q(aangeboden_cent__isnull=True) | Q(aangeboden_cent__gte=0))
                ),
                name="onderhandeling_bedragen_niet_negatief",
                violation_error_message="Een bedrag kan niet negatief zijn.",
            ),
        ]
        indexes = [
            # The reminder job: negotiations whose term ran out and that still wait.
            models.Index(
                fields=["termijn_tot"],
                condition=Q(status__in=["saldo_gevraagd", "voorstel", "heroverweging"]),
                name="onderhandeling_wacht_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.schuld.schuldeiser}: {self.get_status_display()}"


class Bericht(models.Model):
    """A message to or from a creditor, as sent or received (append-only). The payload is
    what a Schuldenknooppunt adapter would carry (docs/schuldregeling.md)."""

    onderhandeling = models.ForeignKey(
        Onderhandeling, on_delete=models.CASCADE, related_name="berichten"
    )
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="+")
    soort = models.CharField(max_length=30, choices=Berichtsoort.choices)
    richting = models.CharField(max_length=3, choices=Richting.choices)
    kanaal = models.CharField(max_length=20, choices=Kanaal.choices)
    datum = models.DateField(help_text="Verstuurd of ontvangen op.")
    volgnummer = models.PositiveSmallIntegerField(
        default=1, help_text="De hoeveelste van deze soort (herinnering 1, 2)."
    )
    inhoud = models.JSONField(default=dict, blank=True)
    # A letter: the PDF as sent, with its checksum, and the day's print batch it is in.
    pdf = models.BinaryField(null=True, blank=True)
    sha256 = models.CharField("controlegetal (SHA-256)", max_length=64, blank=True)
    printdatum = models.DateField(null=True, blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    door_extern = models.CharField(max_length=200, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "bericht schuldregeling"
        verbose_name_plural = "berichten schuldregeling"
        ordering = ["datum", "pk"]
        constraints = [
            # A reminder is sent once per number: a job run twice sends nothing twice.
            models.UniqueConstraint(
                fields=["onderhandeling", "soort", "volgnummer"],
                condition=Q(soort="herinnering"),
                name="bericht_herinnering_eenmaal",
            ),
        ]
        indexes = [
            models.Index(
                fields=["printdatum"],
                condition=Q(printdatum__isnull=False),
                name="bericht_printdatum_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} ({opmaak.datum(self.datum)})"


class Portaallink(models.Model):
    """The creditor's link for one outgoing saldoverzoek or betaalvoorstel: the URL carries
    a signed token naming `sleutel`; expiring, used once."""

    bericht = models.OneToOneField(Bericht, on_delete=models.CASCADE, related_name="portaallink")
    onderhandeling = models.ForeignKey(
        Onderhandeling, on_delete=models.CASCADE, related_name="portaallinks"
    )
    sleutel = models.CharField(max_length=64, unique=True)
    verloopt_op = models.DateTimeField()
    gebruikt_op = models.DateTimeField(null=True, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "link schuldeiserportaal"
        verbose_name_plural = "links schuldeiserportaal"

    def __str__(self) -> str:
        return f"Link bij {self.bericht}"


class Saldowijziging(models.Model):
    """A debt's amount changed by a creditor's saldo: the old amount is kept here."""

    schuld = models.ForeignKey(Schuld, on_delete=models.CASCADE, related_name="saldowijzigingen")
    bericht = models.ForeignKey(Bericht, on_delete=models.SET_NULL, null=True, related_name="+")
    oud_cent = models.BigIntegerField()
    nieuw_cent = models.BigIntegerField()
    oude_peildatum = models.DateField()
    nieuwe_peildatum = models.DateField()
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    door_extern = models.CharField(max_length=200, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "saldowijziging"
        verbose_name_plural = "saldowijzigingen"
        ordering = ["aangemaakt_op", "pk"]

    def __str__(self) -> str:
        return (
            f"{opmaak.bedrag(self.oud_cent, centen=True)} → "
            f"{opmaak.bedrag(self.nieuw_cent, centen=True)}"
        )


class Betaalrichting(models.TextChoices):
    ONTVANGEN = "ontvangen", "Ontvangen van de klant"
    UITBETAALD = "uitbetaald", "Uitbetaald aan schuldeiser"


class Betaalbron(models.TextChoices):
    HANDMATIG = "handmatig", "Handmatig"
    CSV = "csv", "CSV-bestand"
    CAMT053 = "camt053", "Bankafschrift (CAMT.053)"


class Betaling(models.Model):
    """Money in (the client's monthly reservation) or out (to one creditor)."""

    regeling = models.ForeignKey(Regeling, on_delete=models.CASCADE, related_name="betalingen")
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="+")
    richting = models.CharField(max_length=10, choices=Betaalrichting.choices)
    onderhandeling = models.ForeignKey(
        Onderhandeling,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="betalingen",
        help_text="Bij een uitbetaling: aan welke schuldeiser.",
    )
    bedrag_cent = models.BigIntegerField()
    datum = models.DateField()
    bron = models.CharField(max_length=10, choices=Betaalbron.choices)
    transactie_id = models.CharField(
        max_length=100, blank=True, help_text="Kenmerk van de bank: voorkomt dubbel boeken."
    )
    tegenrekening = models.CharField("IBAN tegenrekening", max_length=34, blank=True)
    omschrijving = models.CharField(max_length=300, blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "betaling"
        verbose_name_plural = "betalingen"
        ordering = ["datum", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(bedrag_cent__gt=0) & Q(bedrag_cent__lte=MAX_BEDRAG_CENT),
                name="betaling_bedrag_positief",
                violation_error_message="Een bedrag ligt tussen € 0,01 en € 10.000.000.",
            ),
            models.CheckConstraint(
                condition=Q(richting="ontvangen", onderhandeling__isnull=True)
                | Q(richting="uitbetaald", onderhandeling__isnull=False),
                name="betaling_uitbetaling_aan_schuldeiser",
            ),
            models.UniqueConstraint(
                fields=["bron", "transactie_id"],
                condition=~Q(transactie_id=""),
                name="betaling_transactie_eenmaal",
                violation_error_message="Deze transactie is al geboekt.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_richting_display()}: {opmaak.bedrag(self.bedrag_cent, centen=True)}"


class Tussentijdsetoets(models.Model):
    """The six-monthly check of a running regeling: did the income change?"""

    regeling = models.ForeignKey(Regeling, on_delete=models.CASCADE, related_name="toetsen")
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="+")
    datum = models.DateField()
    inkomen_gewijzigd = models.BooleanField()
    toelichting = models.TextField(blank=True)
    nieuw_voorstel = models.ForeignKey(
        Voorstel, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tussentijdse toets"
        verbose_name_plural = "tussentijdse toetsen"
        ordering = ["datum", "pk"]

    def __str__(self) -> str:
        return f"Tussentijdse toets {opmaak.datum(self.datum)}"
