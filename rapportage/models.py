"""Kwartaalrapportages (immutable once klaar) and the settings behind some of their figures."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django_fsm import FSMField, transition

from rapportage.kwartalen import Kwartaal
from schuldhulp import opmaak
from schuldhulp.models import Gemeente
from trajecten.models import BedreigendeSituatie


class Rapportstatus(models.TextChoices):
    WORDT_GEMAAKT = "wordt_gemaakt", "Wordt gemaakt"
    KLAAR = "klaar", "Klaar"
    MISLUKT = "mislukt", "Mislukt"
    GEANNULEERD = "geannuleerd", "Geannuleerd"


# The lifecycle: wordt_gemaakt → klaar, or → mislukt after the last try; a retry (or a new
# delivery of the job) takes a row that is wordt_gemaakt or mislukt over. Klaar is final;
# so is geannuleerd (the user stopped a report that hung): a late task leaves it alone.
OPEN_STATUSSEN = (Rapportstatus.WORDT_GEMAAKT, Rapportstatus.MISLUKT)


class AlKlaar(Exception):
    """A report that is klaar is never changed: make a new version instead."""


class Kwartaalrapportage(models.Model):
    """One version of the quarterly report of a gemeente (or, gemeente empty, the Stadsbank).

    Never changed once klaar: making it again makes a new version. The PDF is stored in the
    row itself so that PDF, checksum and status 'klaar' are written in one transaction.
    """

    gemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kwartaalrapportages",
        help_text="Leeg = de hele Stadsbank (alle gemeenten samen).",
    )
    jaar = models.PositiveSmallIntegerField(validators=[MinValueValidator(2000)])
    kwartaal = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    versie = models.PositiveIntegerField()
    # Not protected: the services also move the status with guarded queryset updates
    # (``.exclude(status=klaar).update(...)``), which never go through an instance.
    status = FSMField(
        max_length=20,
        choices=Rapportstatus.choices,
        default=Rapportstatus.WORDT_GEMAAKT,
        protected=False,
    )
    foutmelding = models.TextField(blank=True)
    voortgang = models.CharField(max_length=200, blank=True)
    voortgang_pct = models.PositiveSmallIntegerField(default=0)
    pogingen = models.PositiveSmallIntegerField(default=0)
    aangevraagd_op = models.DateTimeField(auto_now_add=True)
    gemaakt_op = models.DateTimeField(null=True, blank=True)
    gemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Leeg = automatisch gemaakt (begin van het kwartaal).",
    )
    cijfers = models.JSONField(default=dict, blank=True)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    checksum = models.CharField("SHA-256 van de PDF", max_length=64, blank=True)

    class Meta:
        verbose_name = "kwartaalrapportage"
        verbose_name_plural = "kwartaalrapportages"
        ordering = ["-jaar", "-kwartaal", "gemeente__naam", "-versie"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "jaar", "kwartaal", "versie"],
                nulls_distinct=False,
                name="rapportage_versie_uniek",
            ),
            # A report marked klaar always has its PDF and checksum (never half).
            models.CheckConstraint(
                condition=~Q(status="klaar")
                | (Q(pdf__isnull=False) & ~Q(checksum="") & Q(gemaakt_op__isnull=False)),
                name="rapportage_klaar_heeft_pdf",
            ),
            models.CheckConstraint(
                condition=Q(kwartaal__gte=1) & Q(kwartaal__lte=4), name="rapportage_kwartaal_1_4"
            ),
        ]
        indexes = [models.Index(fields=["status", "aangevraagd_op"])]

    def __str__(self) -> str:
        return f"Kwartaalrapportage {self.onderwerp} {self.periode.kort} (versie {self.versie})"

    def save(self, *args, **kwargs) -> None:
        if self.pk and (
            Kwartaalrapportage.objects.filter(pk=self.pk, status=Rapportstatus.KLAAR).exists()
        ):
            raise AlKlaar(
                "Deze rapportage is klaar en wordt nooit gewijzigd. Maak een nieuwe versie."
            )
        super().save(*args, **kwargs)

    def _heeft_pdf(self) -> bool:
        return self.pdf is not None and bool(self.checksum) and self.gemaakt_op is not None

    @transition(
        field=status, source=OPEN_STATUSSEN, target=Rapportstatus.KLAAR, conditions=[_heeft_pdf]
    )
    def markeer_klaar(self) -> None:
        """PDF, checksum and gemaakt_op are set first; the status follows in the same save."""

    @transition(field=status, source=Rapportstatus.WORDT_GEMAAKT, target=Rapportstatus.MISLUKT)
    def markeer_mislukt(self, foutmelding: str) -> None:
        """The last try failed: a person has to ask for the report again."""
        self.foutmelding = foutmelding

    @transition(field=status, source=Rapportstatus.WORDT_GEMAAKT, target=Rapportstatus.GEANNULEERD)
    def annuleer(self, door: str) -> None:
        """Stopped by a user (it hung: broker down, worker gone); ask again for a new one."""
        self.foutmelding = f"Geannuleerd door {door}. Vraag de rapportage opnieuw aan."
        self.voortgang = ""

    @transition(field=status, source=OPEN_STATUSSEN, target=Rapportstatus.WORDT_GEMAAKT)
    def neem_over(self) -> None:
        """A retry, or another delivery of the same job, makes the report (again)."""

    @property
    def periode(self) -> Kwartaal:
        return Kwartaal(self.jaar, self.kwartaal)

    @property
    def onderwerp(self) -> str:
        return self.gemeente.naam if self.gemeente_id else "Stadsbank (alle gemeenten)"

    @property
    def is_klaar(self) -> bool:
        return self.status == Rapportstatus.KLAAR

    @property
    def bestandsnaam(self) -> str:
        wie = self.gemeente.code if self.gemeente_id else "stadsbank"
        return f"kwartaalrapportage-{wie}-{self.jaar}-K{self.kwartaal}-v{self.versie}"


class Instellingen(models.Model):
    """Targets for the figures that are not lead-time norms (one row, editable in admin)."""

    doel_financiele_rust = models.PositiveSmallIntegerField(
        "doel financiële rust (%)",
        default=80,
        validators=[MaxValueValidator(100)],
        help_text="Deel van de aanmeldingen dat binnen de termijn financiële rust bereikt.",
    )
    termijn_financiele_rust_weken = models.PositiveSmallIntegerField(
        "termijn financiële rust (weken)", default=5, validators=[MinValueValidator(1)]
    )
    doel_zelfredzaam = models.PositiveSmallIntegerField(
        "doel zelfredzaam na budgetbeheer (%)", default=50, validators=[MaxValueValidator(100)]
    )
    kostenbron = models.CharField(
        max_length=200,
        blank=True,
        default="Business case pilot Almelo (5 maanden, 2,6 fte)",
        help_text="Waar de bedragen voor besparingen en kosten vandaan komen.",
    )

    class Meta:
        verbose_name = "rapportage-instellingen"
        verbose_name_plural = "rapportage-instellingen"

    def __str__(self) -> str:
        return "Rapportage-instellingen"

    @classmethod
    def huidige(cls) -> Instellingen:
        instellingen, _ = cls.objects.get_or_create(pk=1)
        return instellingen


class Besparing(models.Model):
    """What one prevented event saves society (maatschappelijk rendement), per kind."""

    soort = models.CharField(max_length=20, choices=BedreigendeSituatie.choices, unique=True)
    direct = models.DecimalField(
        "directe besparing (€)", max_digits=10, decimal_places=2, default=Decimal("0")
    )
    indirect = models.DecimalField(
        "indirecte besparing (€)", max_digits=10, decimal_places=2, default=Decimal("0")
    )
    bron = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "besparing per voorkomen gebeurtenis"
        verbose_name_plural = "besparingen per voorkomen gebeurtenis"
        ordering = ["soort"]
        constraints = [
            models.CheckConstraint(
                condition=Q(direct__gte=0) & Q(indirect__gte=0), name="besparing_niet_negatief"
            )
        ]

    def __str__(self) -> str:
        return self.get_soort_display()

    @property
    def totaal(self) -> Decimal:
        return self.direct + self.indirect


class Uitvoeringskosten(models.Model):
    """The cost of carrying out debt assistance for a gemeente, per quarter, from a date on."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="kosten")
    geldig_van = models.DateField(
        help_text="Geldt voor kwartalen die op of na deze datum beginnen."
    )
    bedrag_per_kwartaal = models.DecimalField(
        "kosten per kwartaal (€)", max_digits=12, decimal_places=2
    )
    toelichting = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "uitvoeringskosten"
        verbose_name_plural = "uitvoeringskosten"
        ordering = ["gemeente__naam", "-geldig_van"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "geldig_van"], name="kosten_uniek"),
            models.CheckConstraint(
                condition=Q(bedrag_per_kwartaal__gte=0), name="kosten_niet_negatief"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gemeente} vanaf {opmaak.datum(self.geldig_van)}"


class Abonnement(models.Model):
    """A user who wants an e-mail (a link, no figures) when a report of a gemeente is ready;
    gemeente empty = the Stadsbank report."""

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rapportabonnementen"
    )
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.CASCADE, null=True, blank=True, related_name="abonnementen"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "abonnement op rapportages"
        verbose_name_plural = "abonnementen op rapportages"
        ordering = ["gemeente__naam", "gebruiker__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["gebruiker", "gemeente"], nulls_distinct=False, name="abonnement_uniek"
            )
        ]

    def __str__(self) -> str:
        return f"{self.gebruiker} – {self.gemeente or 'Stadsbank'}"


class Kwartaalgesprek(models.Model):
    """The quarterly meeting about one report (a version of a gemeente's quarter): who was
    there, what was agreed, what the gemeente said about the figures. It becomes an appendix
    of the next version of the PDF (the report itself never changes)."""

    rapportage = models.ForeignKey(
        Kwartaalrapportage, on_delete=models.PROTECT, related_name="kwartaalgesprekken"
    )
    datum = models.DateField("datum van het gesprek")
    aanwezigen = models.TextField(help_text="Wie waren er (naam en organisatie), één per regel.")
    afspraken = models.TextField(blank=True)
    opmerkingen = models.TextField("opmerkingen van de gemeente bij de cijfers", blank=True)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "kwartaalgesprek"
        verbose_name_plural = "kwartaalgesprekken"
        ordering = ["datum", "pk"]

    def __str__(self) -> str:
        return f"Kwartaalgesprek {opmaak.datum(self.datum)} ({self.rapportage})"

    @property
    def gemeente_id(self) -> int | None:
        """The gemeente of its report: what the gate checks (None: the Stadsbank total)."""
        return self.rapportage.gemeente_id


class Actie(models.Model):
    """An action agreed in a kwartaalgesprek: what, who owns it, by when; ticked off on the
    dashboard."""

    gesprek = models.ForeignKey(Kwartaalgesprek, on_delete=models.CASCADE, related_name="acties")
    omschrijving = models.CharField(max_length=300)
    eigenaar = models.CharField(max_length=120, help_text="Wie het doet (naam of organisatie).")
    deadline = models.DateField("uiterlijk op")
    afgerond_op = models.DateTimeField(null=True, blank=True)
    afgerond_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "actie uit een kwartaalgesprek"
        verbose_name_plural = "acties uit kwartaalgesprekken"
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["afgerond_op", "deadline"])]

    def __str__(self) -> str:
        return self.omschrijving

    @property
    def is_open(self) -> bool:
        return self.afgerond_op is None
