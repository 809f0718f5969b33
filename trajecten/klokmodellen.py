"""The clocks of a traject: lead-time norms as data, one clock per norm and traject, its
pauses, extra holidays, the signals the clocks raise, and the runs of the daily watch.

Split from ``trajecten.models`` (which re-exports every name) to keep modules small; the
models belong to the app ``trajecten`` as before.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When

from schuldhulp import opmaak
from schuldhulp.models import Gemeente
from schuldhulp.pakketten import Partij
from trajecten.keuzelijsten import Mijlpaal, Normvoorwaarde, Signaleringsoort
from trajecten.normen import Eenheid, KlokStatus
from trajecten.workflow import Productsoort


class Doorlooptijdnorm(models.Model):
    """A lead-time norm: data with a validity period, default or per gemeente."""

    code = models.SlugField(max_length=40, help_text="Zelfde code = dezelfde norm over de tijd.")
    naam = models.CharField(max_length=200)
    van_mijlpaal = models.CharField("vanaf", max_length=30, choices=Mijlpaal.choices)
    tot_mijlpaal = models.CharField("eindproduct", max_length=30, choices=Mijlpaal.choices)
    termijn = models.PositiveIntegerField()
    eenheid = models.CharField(max_length=20, choices=[(e.value, e.label) for e in Eenheid])
    wettelijk = models.BooleanField(
        default=False, help_text="Wettelijke termijn (Wgs/Awb): loopt door tot de volgende werkdag."
    )
    voorwaarde = models.CharField(
        max_length=30, choices=Normvoorwaarde.choices, default=Normvoorwaarde.ALLE
    )
    productsoort = models.CharField(
        max_length=40,
        choices=Productsoort.choices,
        blank=True,
        help_text="Alleen voor trajecten met dit product (de klok start bij het product).",
    )
    doelpercentage = models.PositiveSmallIntegerField(default=80)
    dreigpercentage = models.PositiveSmallIntegerField(
        default=75, help_text="Vanaf welk deel van de termijn de klok 'dreigt'."
    )
    opschorting_toegestaan = models.BooleanField(default=True)
    geldig_van = models.DateField()
    geldig_tot = models.DateField(null=True, blank=True)
    gemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="normen",
        help_text="Leeg = standaard voor alle gemeenten.",
    )
    bron = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "doorlooptijdnorm"
        verbose_name_plural = "doorlooptijdnormen"
        ordering = ["code", "gemeente__naam", "geldig_van"]
        constraints = [
            models.CheckConstraint(
                condition=Q(termijn__gte=1),
                name="norm_termijn_positief",
                violation_error_message="De termijn moet minstens 1 zijn.",
            ),
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=F("geldig_van")),
                name="norm_tot_na_van",
                violation_error_message="De einddatum ligt voor de begindatum.",
            ),
            models.CheckConstraint(
                condition=Q(dreigpercentage__lte=100) & Q(doelpercentage__lte=100),
                name="norm_percentages_max_100",
                violation_error_message="Een percentage ligt tussen 0 en 100.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.naam} ({self.termijn} {self.get_eenheid_display().lower()})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        zelfde_code = Doorlooptijdnorm.objects.filter(code=self.code).exclude(pk=self.pk)
        # The clocks treat all rows of one code as one norm over time: what it measures
        # (start, end product, condition, product) may not differ between them.
        anders = zelfde_code.exclude(
            van_mijlpaal=self.van_mijlpaal,
            tot_mijlpaal=self.tot_mijlpaal,
            voorwaarde=self.voorwaarde,
            productsoort=self.productsoort,
        ).first()
        if anders is not None:
            raise ValidationError(
                f"De norm '{anders.naam}' met code '{self.code}' meet iets anders (vanaf, "
                "eindproduct, voorwaarde of product). Kies een andere code."
            )
        overlap = zelfde_code.filter(gemeente=self.gemeente)
        if self.geldig_van:
            overlap = overlap.exclude(geldig_tot__lt=self.geldig_van)
            if self.geldig_tot:
                overlap = overlap.exclude(geldig_van__gt=self.geldig_tot)
            if overlap.exists():
                raise ValidationError(
                    "Er is al een norm met deze code voor deze gemeente in (een deel van) "
                    "deze periode. Sluit eerst de oude norm af."
                )


class Normbewaking(models.Model):
    """A clock: one norm applied to one traject (stored, so the werkvoorraad is one query)."""

    traject = models.ForeignKey(
        "trajecten.Traject", on_delete=models.CASCADE, related_name="klokken"
    )
    norm = models.ForeignKey(Doorlooptijdnorm, on_delete=models.PROTECT, related_name="klokken")
    product = models.ForeignKey(
        "trajecten.Product", on_delete=models.CASCADE, null=True, blank=True
    )
    start = models.DateField()
    deadline = models.DateField()
    gehaald_op = models.DateField(null=True, blank=True)
    dreigt_vanaf = models.DateField(
        null=True,
        blank=True,
        help_text="De dag waarop de klok gaat 'dreigen' (dreigpercentage van de termijn); "
        "leeg = de dagelijkse bewaking rekent het zelf uit.",
    )
    status = models.CharField(
        max_length=20, choices=[(s.value, s.label) for s in KlokStatus], default=KlokStatus.LOOPT
    )
    opgeschort = models.BooleanField(default=False)
    vervallen = models.BooleanField(
        default=False, help_text="Traject eindigde voor het eindproduct en voor de deadline."
    )
    bijgewerkt_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "normbewaking"
        verbose_name_plural = "normbewakingen"
        constraints = [
            models.UniqueConstraint(
                fields=["traject", "norm"],
                condition=Q(product__isnull=True),
                name="klok_uniek_per_traject",
            ),
            models.UniqueConstraint(
                fields=["traject", "norm", "product"],
                condition=Q(product__isnull=False),
                name="klok_uniek_per_product",
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "deadline"],
                condition=Q(gehaald_op__isnull=True),
                name="klok_open_idx",
            ),
            # The daily job visits only clocks that can still change status.
            models.Index(
                fields=["deadline"],
                condition=Q(
                    gehaald_op__isnull=True,
                    vervallen=False,
                    opgeschort=False,
                    status__in=["loopt", "dreigt"],
                ),
                name="klok_actief_idx",
            ),
            models.Index(
                fields=["dreigt_vanaf"],
                condition=Q(
                    gehaald_op__isnull=True, vervallen=False, opgeschort=False, status="loopt"
                ),
                name="klok_dreigt_vanaf_idx",
            ),
            models.Index(
                fields=["traject"],
                condition=Q(opgeschort=True),
                name="klok_opgeschort_idx",
            ),
            # The werkvoorraad: per open traject its most urgent open clock (rank as in
            # trajecten.selectors._klok_rang, deadline, id) by a one-row index-only scan;
            # norm_id for the norm filter. bench/README.md has the figures at 150,000.
            models.Index(
                F("traject"),
                Case(
                    When(status="overschreden", then=Value(0)),
                    When(status="dreigt", then=Value(1)),
                    default=Value(2),
                ),
                F("deadline"),
                F("id"),
                include=["status", "norm"],
                condition=Q(gehaald_op__isnull=True, vervallen=False),
                name="klok_urgentie_idx",
            ),
            models.Index(
                fields=["norm", "traject"],
                condition=Q(gehaald_op__isnull=True, vervallen=False),
                name="klok_open_per_norm_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.norm.naam}: {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.gehaald_op is None


class Opschorting(models.Model):
    """A pause of a clock (waiting for the klant's papers, …), always with a reason."""

    klok = models.ForeignKey(Normbewaking, on_delete=models.CASCADE, related_name="opschortingen")
    van = models.DateField()
    tot = models.DateField(null=True, blank=True, help_text="Leeg = loopt nog.")
    reden = models.TextField()
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)

    class Meta:
        verbose_name_plural = "opschortingen"
        ordering = ["van"]

    def __str__(self) -> str:
        return f"Opgeschort vanaf {opmaak.datum(self.van)}: {self.reden}"


class Extrafeestdag(models.Model):
    """A day the government set equal to a holiday by decree (Atw art. 3 lid 3)."""

    datum = models.DateField(unique=True)
    omschrijving = models.CharField(max_length=200)

    class Meta:
        verbose_name = "extra feestdag"
        verbose_name_plural = "extra feestdagen"
        ordering = ["datum"]

    def __str__(self) -> str:
        return f"{opmaak.datum(self.datum)} {self.omschrijving}"


class Signalering(models.Model):
    """A signal for a person on the traject, or for a party's team when nobody is assigned
    (trajecten.samenwerking.signalen decides who; idempotent by `sleutel`)."""

    sleutel = models.CharField(max_length=100, unique=True)
    soort = models.CharField(max_length=30, choices=Signaleringsoort.choices)
    traject = models.ForeignKey(
        "trajecten.Traject", on_delete=models.CASCADE, related_name="signaleringen"
    )
    klok = models.ForeignKey(Normbewaking, on_delete=models.CASCADE, null=True, blank=True)
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signaleringen",
    )
    partij = models.CharField(
        max_length=10,
        choices=Partij.choices,
        blank=True,
        help_text="Zonder gebruiker: een signalering voor het team van deze partij bij de "
        "gemeente van het traject (niemand is toegewezen).",
    )
    tekst = models.CharField(max_length=300)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gelezen_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "signaleringen"
        ordering = ["-aangemaakt_op"]
        indexes = [
            models.Index(fields=["gebruiker", "gelezen_op"]),
            models.Index(
                fields=["partij", "gelezen_op"],
                condition=Q(gebruiker__isnull=True),
                name="signalering_team_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.tekst


class Normbewakingsrun(models.Model):
    """One run of the daily norm watch: what it did (also in the log), and from which day
    the next run counts (so a missed day is caught up, and a rerun adds nothing)."""

    peildatum = models.DateField(help_text="De dag waarvoor de bewaking rekende.")
    gestart_op = models.DateTimeField(auto_now_add=True)
    duur_ms = models.PositiveIntegerField()
    uitkomst = models.JSONField(default=dict)

    class Meta:
        verbose_name = "normbewakingsrun"
        verbose_name_plural = "normbewakingsruns"
        ordering = ["-gestart_op"]
        indexes = [models.Index(fields=["peildatum"])]

    def __str__(self) -> str:
        return f"Normbewaking {opmaak.datum(self.peildatum)}"


class Werkvoorraadteller(models.Model):
    """Delta rows: per gemeente, rank and party aan zet, how many open trajecten came or went
    (written by the statement triggers of migration 0010; trajecten.urgentie, ADR 0018).
    The sum per key is the count; the daily job folds them into one row per key."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, db_constraint=False)
    rang = models.SmallIntegerField()
    aan_zet = models.CharField(max_length=10, blank=True)
    aantal = models.IntegerField()

    class Meta:
        verbose_name = "werkvoorraadteller"
        verbose_name_plural = "werkvoorraadtellers"
        indexes = [models.Index(fields=["gemeente"])]

    def __str__(self) -> str:
        return f"{self.gemeente_id}/{self.rang}/{self.aan_zet}: {self.aantal}"
