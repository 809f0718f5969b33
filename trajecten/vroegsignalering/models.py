"""Vroegsignalering: signals of payment arrears from vaste-lastenpartners, grouped into cases.

- ``Vroegsignaal``: one signal as a partner delivered it (API or CSV list), with the person's
  data as delivered.
- ``Signaalzaak``: all open signals for one person or household in one gemeente (same BSN,
  else same postcode + huisnummer). The case carries the contact attempts, the clock of the
  norm "eerste contact binnen 2 weken" and the outcome (aanmelding or closed with a reason).
- ``SignaalPartner``: a partner that delivers signals over the API, with a hashed token.
- ``ImportBatch``: an uploaded CSV list, stored until it is confirmed (all-or-nothing).

The status lifecycles of a case and a list are django-fsm state machines (``workflow.py``).

Personal data (BSN, name, address, contact details) is blanked by the retention job for
cases closed without an aanmelding; dates, amounts, partner kind and reason stay.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Func, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_fsm import FSMField

from schuldhulp import opmaak
from schuldhulp.models import Gemeente
from trajecten.models import Doorlooptijdnorm, Traject
from trajecten.normen import Eenheid, KlokStatus, resterend_tekst
from trajecten.vroegsignalering.workflow import (
    OPEN_STATUSSEN,
    Batchstatus,
    ImportBatchWorkflow,
    Zaakstatus,
    ZaakWorkflow,
)

# Sane bounds: a signal is about arrears on fixed costs, not about a whole debt position.
MAX_BEDRAG_CENTEN = 10_000_000  # € 100.000
MAX_MAANDEN = 120
NORMCODE = "vroegsignalering-contact"

# The sort key of the work list (ADR 0024): the rank of the contact clock (overdue,
# threatening, running, met late, met, none) × KLOK_STAP + days from DAG_NUL to the deadline
# (no deadline: last). One integer, so one index carries the order.
KLOK_RANGEN = (
    KlokStatus.OVERSCHREDEN,
    KlokStatus.DREIGT,
    KlokStatus.LOOPT,
    KlokStatus.TE_LAAT_GEHAALD,
    KlokStatus.GEHAALD,
)
KLOK_STAP = 100_000
DAG_NUL = date(2000, 1, 1)


class _DagenSindsNul(Func):
    """deadline - DATE '2000-01-01' (an integer in PostgreSQL; immutable)."""

    template = f"(%(expressions)s - DATE '{DAG_NUL.isoformat()}')"
    output_field = models.IntegerField()


KLOKVOLGORDE = Case(
    *[When(klok_status=s.value, then=Value(i * KLOK_STAP)) for i, s in enumerate(KLOK_RANGEN)],
    default=Value(len(KLOK_RANGEN) * KLOK_STAP),
    output_field=models.IntegerField(),
) + Coalesce(_DagenSindsNul(F("klok_deadline")), Value(KLOK_STAP - 1))


def klokvolgorde(klok_status: str, klok_deadline: date | None) -> int:
    """The same key in Python (tests, and the place after a page)."""
    rangen = [s.value for s in KLOK_RANGEN]
    rang = rangen.index(klok_status) if klok_status in rangen else len(rangen)
    dagen = (klok_deadline - DAG_NUL).days if klok_deadline else KLOK_STAP - 1
    return rang * KLOK_STAP + dagen


class Partnersoort(models.TextChoices):
    WONINGCORPORATIE = "woningcorporatie", "Woningcorporatie"
    ENERGIELEVERANCIER = "energieleverancier", "Energieleverancier"
    DRINKWATERBEDRIJF = "drinkwaterbedrijf", "Drinkwaterbedrijf"
    ZORGVERZEKERAAR = "zorgverzekeraar", "Zorgverzekeraar"
    ANDERS = "anders", "Anders"


class Achterstandsoort(models.TextChoices):
    HUUR = "huur", "Huur"
    ENERGIE = "energie", "Energie"
    WATER = "water", "Drinkwater"
    ZORGVERZEKERING = "zorgverzekering", "Zorgverzekering"
    ANDERS = "anders", "Anders"


class Sluitreden(models.TextChoices):
    GEEN_CONTACT = "geen_contact", "Geen contact gekregen"
    HULP_GEWEIGERD = "hulp_geweigerd", "Hulp geweigerd"
    AL_IN_BEELD = "al_in_beeld", "Al in beeld (krijgt al hulp)"
    ZELF_OPGELOST = "zelf_opgelost", "Zelf opgelost"
    VERHUISD = "verhuisd", "Verhuisd"
    ANDERS = "anders", "Anders"


class Signaalstatus(models.TextChoices):
    NIEUW = "nieuw", "Nieuw"
    IN_BEHANDELING = "in_behandeling", "In behandeling"
    AFGEHANDELD = "afgehandeld", "Afgehandeld"


class Bron(models.TextChoices):
    API = "api", "Koppeling (API)"
    CSV = "csv", "Ingelezen lijst (CSV)"


class Contactsoort(models.TextChoices):
    BRIEF = "brief", "Brief"
    TELEFOON = "telefoon", "Telefoon"
    EMAIL = "email", "E-mail"
    SMS = "sms", "Sms"
    HUISBEZOEK = "huisbezoek", "Huisbezoek"


class Dagdeel(models.TextChoices):
    OCHTEND = "ochtend", "Ochtend"
    MIDDAG = "middag", "Middag"
    AVOND = "avond", "Avond"


class Persoonsgegevens(models.Model):
    """The person a signal is about, as delivered. Blanked by the retention job."""

    bsn = models.CharField("BSN", max_length=9, blank=True)
    voornamen = models.CharField(max_length=200, blank=True)
    tussenvoegsel = models.CharField(max_length=20, blank=True)
    achternaam = models.CharField(max_length=200, blank=True)
    geboortedatum = models.DateField(null=True, blank=True)
    straat = models.CharField(max_length=200, blank=True)
    huisnummer = models.CharField(max_length=10, blank=True)
    postcode = models.CharField(max_length=7, blank=True)
    woonplaats = models.CharField(max_length=100, blank=True)
    telefoon = models.CharField(max_length=20, blank=True)
    email = models.EmailField("e-mailadres", blank=True)

    # The fields the retention job blanks (geboortedatum becomes NULL).
    PERSOONSVELDEN = (
        "bsn",
        "voornamen",
        "tussenvoegsel",
        "achternaam",
        "straat",
        "huisnummer",
        "postcode",
        "woonplaats",
        "telefoon",
        "email",
    )

    class Meta:
        abstract = True

    @property
    def volledige_naam(self) -> str:
        return " ".join(p for p in (self.voornamen, self.tussenvoegsel, self.achternaam) if p)

    @property
    def adres(self) -> str:
        straat = (
            f"{self.straat} {self.huisnummer}" if self.straat else f"huisnummer {self.huisnummer}"
        )
        plaats = f"{self.postcode} {self.woonplaats}".strip()
        return ", ".join(p for p in (straat if self.huisnummer or self.straat else "", plaats) if p)


class SignaalPartner(models.Model):
    """A vaste-lastenpartner that delivers signals over the API (token in the header)."""

    naam = models.CharField(max_length=200, unique=True)
    soort = models.CharField(max_length=30, choices=Partnersoort.choices)
    gemeenten = models.ManyToManyField(
        Gemeente,
        related_name="signaalpartners",
        blank=True,
        help_text="De gemeenten waarvoor deze partner signalen mag leveren.",
    )
    # Only a SHA-256 of the token is stored; the token itself is shown once.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_begin = models.CharField(
        "token begint met",
        max_length=12,
        editable=False,
        help_text="De eerste tekens van het token, om het te herkennen.",
    )
    actief = models.BooleanField(
        default=True, help_text="Uitzetten = het token werkt niet meer (401)."
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    laatst_gebruikt_op = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "signaalpartner"
        verbose_name_plural = "signaalpartners"
        ordering = ["naam"]

    def __str__(self) -> str:
        return f"{self.naam} ({self.get_soort_display().lower()})"


class Signaalzaak(Persoonsgegevens, ZaakWorkflow):
    """All open signals for one person or household in one gemeente."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="signaalzaken")
    # Changed only by the transitions of ZaakWorkflow (workflow.py).
    status = FSMField(
        max_length=20, choices=Zaakstatus.choices, default=Zaakstatus.NIEUW, protected=True
    )
    postcodegebied = models.CharField(
        max_length=4, blank=True, help_text="De 4 cijfers van de postcode; blijft na anonimiseren."
    )
    # Derived from the signals (kept on the row so the work list is one query).
    eerste_signaal_op = models.DateField()
    laatste_signaal_op = models.DateField()
    aantal_signalen = models.PositiveIntegerField(default=0)
    aantal_partners = models.PositiveIntegerField(default=0)
    achterstand_centen = models.BigIntegerField(
        default=0, help_text="Som van het laatst gemelde bedrag per partner en soort achterstand."
    )
    # The clock of the norm "eerste contact binnen 2 weken" (code vroegsignalering-contact).
    klok_norm = models.ForeignKey(
        Doorlooptijdnorm, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    klok_deadline = models.DateField(null=True, blank=True)
    klok_status = models.CharField(
        max_length=20, choices=[(s.value, s.label) for s in KlokStatus], blank=True
    )
    # The work list's sort key (ADR 0024), kept by PostgreSQL from the clock on every write.
    klokvolgorde = models.GeneratedField(
        expression=KLOKVOLGORDE,
        output_field=models.IntegerField(),
        db_persist=True,
    )
    eerste_contact_op = models.DateField(null=True, blank=True)
    # Outcome.
    traject = models.OneToOneField(
        Traject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signaalzaak",
    )
    sluitreden = models.CharField(max_length=20, choices=Sluitreden.choices, blank=True)
    afgehandeld_op = models.DateField(null=True, blank=True)
    afsluittoelichting = models.TextField(blank=True)
    afgehandeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    geanonimiseerd_op = models.DateTimeField(null=True, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "signaalzaak"
        verbose_name_plural = "signaalzaken"
        ordering = ["-laatste_signaal_op", "-pk"]
        indexes = [
            models.Index(fields=["gemeente", "status", "laatste_signaal_op"]),
            models.Index(fields=["gemeente", "postcode", "huisnummer"]),
            models.Index(
                fields=["status", "afgehandeld_op"],
                condition=Q(geanonimiseerd_op__isnull=True),
                name="zaak_te_anonimiseren_idx",
            ),
            # The default work list: per gemeente the open cases in clock order (keyset).
            models.Index(
                fields=["gemeente", "klokvolgorde", "id"],
                condition=Q(status__in=[s.value for s in OPEN_STATUSSEN]),
                name="zaak_werklijst_idx",
            ),
        ]
        constraints = [
            # Also under concurrent deliveries: one open case per BSN per gemeente.
            models.UniqueConstraint(
                fields=["gemeente", "bsn"],
                condition=Q(status__in=["nieuw", "in_contact"]) & ~Q(bsn=""),
                name="zaak_een_open_zaak_per_bsn",
            ),
            models.CheckConstraint(
                condition=~Q(status="aangemeld") | Q(traject__isnull=False),
                name="zaak_aangemeld_heeft_traject",
            ),
            models.CheckConstraint(
                condition=~Q(status="gesloten")
                | (~Q(sluitreden="") & Q(afgehandeld_op__isnull=False)),
                name="zaak_gesloten_heeft_reden",
            ),
            models.CheckConstraint(
                condition=Q(laatste_signaal_op__gte=F("eerste_signaal_op")),
                name="zaak_signaaldata_op_volgorde",
            ),
        ]

    def __str__(self) -> str:
        return f"Signaalzaak {self.pk}"

    @property
    def naam_op_scherm(self) -> str:
        """How breadcrumbs and titles name the zaak: the person's name, or (unknown or wiped
        by the bewaartermijn) the date of the first signal; never the internal number."""
        if not self.is_geanonimiseerd and (naam := self.volledige_naam):
            return naam
        return f"Signaal van {opmaak.datum(self.eerste_signaal_op)}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSSEN

    @property
    def is_geanonimiseerd(self) -> bool:
        return self.geanonimiseerd_op is not None

    @property
    def signaalsterkte(self) -> str:
        """'3 signalen van 2 partners': a repeated or multiple signal is a stronger sign."""
        signalen = f"{self.aantal_signalen} signa{'al' if self.aantal_signalen == 1 else 'len'}"
        partners = f"{self.aantal_partners} partner{'' if self.aantal_partners == 1 else 's'}"
        return f"{signalen} van {partners}"

    @property
    def is_sterk_signaal(self) -> bool:
        return self.aantal_signalen > 1

    @property
    def partnersoorten(self) -> list[str]:
        """The kinds of partners that signalled (use with prefetch_related('signalen'))."""
        return sorted({s.get_partner_soort_display().lower() for s in self.signalen.all()})

    @property
    def klok_weergave(self) -> tuple[str, str]:
        """(css modifier, label) of the contact clock; a case closed in time without
        contact lets the norm lapse."""
        if not self.klok_status:
            return "", "Geen norm"
        status = KlokStatus(self.klok_status)
        if (
            not self.is_open
            and self.eerste_contact_op is None
            and status != KlokStatus.OVERSCHREDEN
        ):
            return "", "Vervallen (zaak gesloten)"
        return status.value, status.label

    @property
    def klok_resterend(self) -> str:
        """'nog 3 dagen' / '2 dagen te laat' while the clock runs (select_related klok_norm)."""
        if not self.is_open or self.eerste_contact_op or not self.klok_deadline:
            return ""
        eenheid = self.klok_norm.eenheid if self.klok_norm_id else Eenheid.KALENDERDAGEN
        return resterend_tekst(
            peildatum=timezone.localdate(), deadline=self.klok_deadline, eenheid=eenheid
        )


class ImportBatch(ImportBatchWorkflow):
    """An uploaded CSV list: checked, previewed, and only stored when confirmed."""

    Status = Batchstatus

    BEZIG = (Status.CONTROLEREN, Status.BEVESTIGD, Status.VERWERKEN)

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    bestandsnaam = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    # The raw file until it is processed or abandoned; then cleared (it holds BSNs).
    inhoud = models.BinaryField(null=True, blank=True, editable=False)
    grootte = models.PositiveIntegerField(default=0)
    # Changed only by the transitions of ImportBatchWorkflow (workflow.py).
    status = FSMField(
        max_length=20, choices=Status.choices, default=Status.CONTROLEREN, protected=True
    )
    scheidingsteken = models.CharField(max_length=1, blank=True)
    bestandsfout = models.TextField(blank=True)
    totaal_rijen = models.PositiveIntegerField(default=0)
    gecontroleerd_rijen = models.PositiveIntegerField(default=0)
    aantal_geldig = models.PositiveIntegerField(default=0)
    aantal_fout = models.PositiveIntegerField(default=0)
    aantal_dubbel = models.PositiveIntegerField(
        default=0, help_text="Rijen die al eerder zijn ingelezen of twee keer in het bestand staan."
    )
    aantal_nieuwe_zaken = models.PositiveIntegerField(default=0)
    aantal_bestaande_zaken = models.PositiveIntegerField(default=0)
    aantal_opgeslagen = models.PositiveIntegerField(default=0)
    fouten = models.JSONField(default=list, blank=True)
    voorbeeld = models.JSONField(default=list, blank=True)
    geupload_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    bevestigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    bevestigd_op = models.DateTimeField(null=True, blank=True)
    verwerkt_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "ingelezen lijst"
        verbose_name_plural = "ingelezen lijsten"
        ordering = ["-aangemaakt_op", "-pk"]
        constraints = [
            # The same file is read in at most once per gemeente (unless it failed).
            models.UniqueConstraint(
                fields=["gemeente", "sha256"],
                condition=Q(
                    status__in=[
                        "controleren",
                        "gecontroleerd",
                        "bevestigd",
                        "verwerken",
                        "verwerkt",
                    ]
                ),
                name="importbatch_bestand_eenmaal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bestandsnaam} ({self.get_status_display().lower()})"

    @property
    def is_bezig(self) -> bool:
        return self.status in self.BEZIG

    @property
    def voortgang_procent(self) -> int:
        if not self.totaal_rijen:
            return 0
        return min(100, round(100 * self.gecontroleerd_rijen / self.totaal_rijen))

    @property
    def kan_bevestigd_worden(self) -> bool:
        return (
            self.status == self.Status.GECONTROLEERD
            and not self.aantal_fout
            and bool(self.aantal_geldig)
        )


class Vroegsignaal(Persoonsgegevens):
    """One signal of arrears from one partner, as delivered."""

    zaak = models.ForeignKey(Signaalzaak, on_delete=models.CASCADE, related_name="signalen")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    bron = models.CharField(max_length=10, choices=Bron.choices)
    partner = models.ForeignKey(
        SignaalPartner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signalen",
        help_text="Alleen bij levering via de API.",
    )
    partner_soort = models.CharField(max_length=30, choices=Partnersoort.choices)
    partner_naam = models.CharField(max_length=200)
    partner_signaal_id = models.CharField(
        "kenmerk bij de partner", max_length=100, blank=True, help_text="Voor idempotentie."
    )
    importbatch = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="signalen"
    )
    rij_sleutel = models.CharField(
        max_length=64, blank=True, help_text="Hash van een ingelezen rij: dezelfde rij één keer."
    )
    soort_achterstand = models.CharField(max_length=20, choices=Achterstandsoort.choices)
    bedrag_centen = models.PositiveIntegerField("achterstand (centen)")
    maanden_achterstand = models.PositiveSmallIntegerField()
    ontvangen_op = models.DateField()
    status = models.CharField(
        max_length=20, choices=Signaalstatus.choices, default=Signaalstatus.NIEUW
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "vroegsignaal"
        verbose_name_plural = "vroegsignalen"
        ordering = ["ontvangen_op", "pk"]
        indexes = [models.Index(fields=["zaak", "ontvangen_op"])]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "partner_signaal_id"],
                condition=Q(partner__isnull=False) & ~Q(partner_signaal_id=""),
                name="signaal_uniek_per_partner_kenmerk",
            ),
            models.UniqueConstraint(
                fields=["gemeente", "rij_sleutel"],
                condition=~Q(rij_sleutel=""),
                name="signaal_rij_eenmaal",
            ),
            models.CheckConstraint(
                condition=Q(bedrag_centen__gte=1) & Q(bedrag_centen__lte=MAX_BEDRAG_CENTEN),
                name="signaal_bedrag_redelijk",
            ),
            models.CheckConstraint(
                condition=Q(maanden_achterstand__gte=1) & Q(maanden_achterstand__lte=MAX_MAANDEN),
                name="signaal_maanden_redelijk",
            ),
        ]

    def __str__(self) -> str:
        return f"Vroegsignaal {self.pk} ({self.get_partner_soort_display().lower()})"


class Contactpoging(models.Model):
    """An attempt to reach the person of a case; the first successful one stops the clock."""

    zaak = models.ForeignKey(Signaalzaak, on_delete=models.CASCADE, related_name="contactpogingen")
    soort = models.CharField(max_length=20, choices=Contactsoort.choices)
    datum = models.DateField()
    dagdeel = models.CharField(max_length=10, choices=Dagdeel.choices)
    bereikt = models.BooleanField()
    notitie = models.TextField(blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    geregistreerd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "contactpoging"
        verbose_name_plural = "contactpogingen"
        ordering = ["datum", "pk"]

    def __str__(self) -> str:
        uitkomst = "bereikt" if self.bereikt else "niet bereikt"
        return f"{self.get_soort_display()} op {opmaak.datum(self.datum)}: {uitkomst}"


class Vroegsignaalteller(models.Model):
    """Open cases per gemeente, status, clock status and "more than one signal": delta rows
    written by a statement trigger on the cases (migration 0003), folded by the daily job
    (ADR 0024). The tiles of the work list are a sum over these rows."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, db_constraint=False)
    status = models.CharField(max_length=20)
    klok_status = models.CharField(max_length=20, blank=True)
    meerdere = models.BooleanField()
    aantal = models.IntegerField()

    class Meta:
        verbose_name = "vroegsignaalteller"
        verbose_name_plural = "vroegsignaaltellers"
        indexes = [models.Index(fields=["gemeente"], name="vroegsignaalteller_gem_idx")]

    def __str__(self) -> str:
        return f"{self.gemeente_id} {self.status} {self.klok_status}: {self.aantal}"
