"""The klantplan versions with their doelen and acties, and the monitoring moments.

The version lifecycle is a django-fsm state machine on ``Klantplan.status``: only the
``vaststellen`` transition (called by ``klantplan.services``) changes it.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import FSMField, FSMModelMixin, transition

from klantplan.models.controles import niet_leeg
from schuldhulp import opmaak
from schuldhulp.pakketten import Pakket, Taak
from trajecten.models import Productsoort, Traject

if TYPE_CHECKING:
    from schuldhulp.models import Gebruiker


class Leefgebied(models.TextChoices):
    WONEN = "wonen", "Wonen"
    WERK_EN_INKOMEN = "werk_en_inkomen", "Werk en inkomen"
    GEZONDHEID = "gezondheid", "Gezondheid"
    GEZIN_EN_RELATIES = "gezin_en_relaties", "Gezin en relaties"
    SOCIAAL_NETWERK = "sociaal_netwerk", "Sociaal netwerk"
    DAGBESTEDING = "dagbesteding", "Dagbesteding"
    ADMINISTRATIE = "administratie", "Administratie en geldzaken"


class OplossendVermogen(models.TextChoices):
    ZELF = "zelf", "Kan het grotendeels zelf"
    MET_HULP = "met_hulp", "Kan het met hulp"
    OVERNEMEN = "overnemen", "Heeft veel hulp nodig (taken overnemen)"


class Planstatus(models.TextChoices):
    CONCEPT = "concept", "Concept"
    VASTGESTELD = "vastgesteld", "Vastgesteld"


class Klantplan(FSMModelMixin, models.Model):
    """One version of the klantplan of a traject.

    Lifecycle: concept → vastgesteld (:meth:`vaststellen`), nothing else. A change after
    that is a new version (a new row, again a concept); the old one stays as it is.
    """

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="klantplannen")
    versie = models.PositiveIntegerField()
    # protected: only the @transition below changes it (FSMModelMixin keeps refresh_from_db).
    status = FSMField(
        max_length=20, choices=Planstatus.choices, default=Planstatus.CONCEPT, protected=True
    )
    # The texts below are the worker's own notes (alleen intern). What the klant reads in the
    # klantplan-PDF is in the *_klant fields (ADR 0027): a note never reaches a document.
    hulpvraag = models.TextField(blank=True, help_text="Waar wil de klant hulp bij?")
    oorzaak = models.TextField(
        "oorzaak van de schulden",
        blank=True,
        help_text="Hoe zijn de schulden ontstaan? Bijvoorbeeld baanverlies, scheiding, ziekte.",
    )
    leefgebieden = models.JSONField(
        "situatie per leefgebied",
        default=dict,
        blank=True,
        help_text="Per leefgebied (vaste sleutels, zie Leefgebied) een korte beschrijving.",
    )
    oplossend_vermogen = models.CharField(
        "oplossend vermogen", max_length=20, choices=OplossendVermogen.choices, blank=True
    )
    oplossend_vermogen_toelichting = models.TextField("toelichting oplossend vermogen", blank=True)
    hulpvraag_klant = models.TextField(
        "uw vraag, voor de klant",
        blank=True,
        help_text="Zichtbaar voor de klant: de hulpvraag zoals die in het klantplan-PDF staat.",
    )
    situatie_klant = models.TextField(
        "uw situatie, voor de klant",
        blank=True,
        help_text="Zichtbaar voor de klant: de situatie in gewone woorden, voor het klantplan.",
    )
    productkeuze = models.CharField(
        "gekozen product of oplossing",
        max_length=40,
        choices=Productsoort.choices,
        blank=True,
        help_text="Welk financieel product past bij de klant?",
    )
    vastgesteld_op = models.DateField("vastgesteld op", null=True, blank=True)
    vastgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    besproken_met_klant = models.BooleanField(
        "besproken met en akkoord van de klant", default=False
    )
    vorige = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volgende",
        help_text="De versie waarvan deze versie een kopie is.",
    )
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "klantplan"
        verbose_name_plural = "klantplannen"
        ordering = ["traject", "versie"]
        constraints = [
            models.UniqueConstraint(
                fields=["traject", "versie"],
                name="klantplan_versie_uniek",
                violation_error_message="Deze versie van het klantplan bestaat al.",
            ),
            models.UniqueConstraint(
                fields=["traject"],
                condition=Q(status="concept"),
                name="klantplan_een_concept",
                violation_error_message="Er is al een conceptversie van dit klantplan.",
            ),
            models.CheckConstraint(
                condition=Q(status="concept")
                | (Q(vastgesteld_op__isnull=False) & Q(besproken_met_klant=True)),
                name="klantplan_vastgesteld_compleet",
                violation_error_message="Een vastgesteld klantplan heeft een datum en is "
                "besproken met de klant.",
            ),
            models.CheckConstraint(condition=Q(versie__gte=1), name="klantplan_versie_positief"),
        ]

    def __str__(self) -> str:
        return f"Klantplan versie {self.versie} ({self.get_status_display().lower()})"

    @property
    def is_vastgesteld(self) -> bool:
        return self.status == Planstatus.VASTGESTELD

    @transition(field="status", source=Planstatus.CONCEPT, target=Planstatus.VASTGESTELD)
    def vaststellen(self, *, datum: date, door: Gebruiker) -> None:
        """Concept → vastgesteld: agreed with the klant on `datum`. The service checks the
        content first; after the save the database trigger freezes this version."""
        self.vastgesteld_op = datum
        self.vastgesteld_door = door
        self.besproken_met_klant = True

    @property
    def summier(self) -> bool:
        """Basis package: a short, product-oriented klantplan (Klantreis '23)."""
        return self.traject.afspraak.pakket == Pakket.BASIS

    @property
    def titel(self) -> str:
        return titel_voor(self.traject)

    def leefgebied_rijen(self) -> list[tuple[str, str]]:
        """(label, text) for every leefgebied, in the fixed order."""
        return [(lg.label, (self.leefgebieden or {}).get(lg.value, "")) for lg in Leefgebied]


def titel_voor(traject: Traject) -> str:
    if traject.afspraak.pakket == Pakket.BASIS:
        return "Klantplan (summier, productgericht)"
    return "Klantplan"


# What a client document shows for a doel or actie whose klanttekst is still empty (older
# data, ADR 0027): never the internal text, but no silent gap either.
DOEL_NOG_NIET_VOOR_KLANT = "Dit doel bespreekt uw contactpersoon nog met u."
ACTIE_NOG_NIET_VOOR_KLANT = "Deze afspraak bespreekt uw contactpersoon nog met u."


class Doelstatus(models.TextChoices):
    OPEN = "open", "Open"
    GEHAALD = "gehaald", "Gehaald"
    NIET_GEHAALD = "niet_gehaald", "Niet gehaald"
    VERVALLEN = "vervallen", "Vervallen"


class Doel(models.Model):
    klantplan = models.ForeignKey(Klantplan, on_delete=models.CASCADE, related_name="doelen")
    ref = models.UUIDField(
        default=uuid.uuid4, editable=False, help_text="Zelfde doel over versies heen."
    )
    # omschrijving: the team's own text (alleen intern); klanttekst: what the klant reads in
    # documents and on Mijn Schuldhulp. Empty klanttekst = not yet worded for the klant: a
    # document then says so instead of showing the internal text (ADR 0027).
    omschrijving = models.TextField()
    klanttekst = models.TextField("tekst voor de klant", blank=True)
    streefdatum = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Doelstatus.choices, default=Doelstatus.OPEN)
    volgorde = models.PositiveIntegerField(default=0)
    bijgewerkt_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "doel"
        verbose_name_plural = "doelen"
        ordering = ["klantplan", "volgorde", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=niet_leeg("omschrijving"),
                name="doel_omschrijving_verplicht",
                violation_error_message="Beschrijf het doel.",
            ),
            models.UniqueConstraint(fields=["klantplan", "ref"], name="doel_ref_uniek_per_versie"),
        ]

    def __str__(self) -> str:
        return self.omschrijving[:60]

    @property
    def tekst_voor_klant(self) -> str:
        return self.klanttekst.strip() or DOEL_NOG_NIET_VOOR_KLANT


class Wie(models.TextChoices):
    KLANT = "klant", "Klant"
    STADSBANK = "stadsbank", "Stadsbank"
    GEMEENTE = "gemeente", "Gemeente"


class Actiesoort(models.TextChoices):
    """What kind of action; all but KLANT map to a task of the package matrix."""

    KLANT = "klant", "De klant doet dit zelf"
    INFORMATIE_VERZAMELEN = Taak.INFORMATIE_VERZAMELEN.value, "Informatie verzamelen"
    SCHULDENOVERZICHT = Taak.SCHULDENOVERZICHT.value, "Schuldenoverzicht maken of bijwerken"
    KLANTPLAN = Taak.KLANTPLAN.value, "Klantplan en begeleiding"
    ACUTE_HULP = Taak.ACUTE_HULP.value, "Acute hulp (afsluiting, uitzetting, beslag)"
    POST_SCREENEN = Taak.POST_SCREENEN.value, "Post screenen"
    EXTRA_GESPREK = Taak.EXTRA_GESPREK.value, "Extra gesprek"
    AFSTEMMEN_GEMEENTE = Taak.AFSTEMMEN_GEMEENTE.value, "Afstemmen met de gemeente"
    MONITORING = Taak.MONITORING.value, "Monitoring"
    WGS_BESCHIKKING = Taak.WGS_BESCHIKKING.value, "Beschikking voorbereiden"
    OPMAAT_TOT_UITSTROOM = Taak.OPMAAT_TOT_UITSTROOM.value, "Opmaat tot uitstroom"
    EXITGESPREK = Taak.EXITGESPREK.value, "Exitgesprek"
    PRODUCT = "product", "Financieel product (budgetbeheer, schuldregeling, krediet)"


class Actie(models.Model):
    """An action/agreement: part of a klantplan version, or agreed in a gesprek."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="klantacties")
    klantplan = models.ForeignKey(
        Klantplan, on_delete=models.CASCADE, null=True, blank=True, related_name="acties"
    )
    gesprek = models.ForeignKey(
        "Gesprek", on_delete=models.CASCADE, null=True, blank=True, related_name="acties"
    )
    ref = models.UUIDField(default=uuid.uuid4, editable=False)
    soort = models.CharField(max_length=30, choices=Actiesoort.choices)
    wat = models.TextField()  # alleen intern; see Doel.omschrijving
    klanttekst = models.TextField("tekst voor de klant", blank=True)
    wie = models.CharField(max_length=20, choices=Wie.choices)
    deadline = models.DateField(null=True, blank=True)
    gedaan_op = models.DateField(null=True, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    bijgewerkt_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "actie"
        verbose_name_plural = "acties"
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=niet_leeg("wat"),
                name="actie_wat_verplicht",
                violation_error_message="Beschrijf wat er moet gebeuren.",
            ),
            models.CheckConstraint(
                condition=Q(klantplan__isnull=True, gesprek__isnull=False)
                | Q(klantplan__isnull=False, gesprek__isnull=True),
                name="actie_plan_of_gesprek",
                violation_error_message="Een actie hoort bij een klantplan of bij een gesprek.",
            ),
        ]
        indexes = [models.Index(fields=["traject", "gedaan_op"])]

    def __str__(self) -> str:
        return self.wat[:60]

    @property
    def tekst_voor_klant(self) -> str:
        return self.klanttekst.strip() or ACTIE_NOG_NIET_VOOR_KLANT

    @property
    def is_open(self) -> bool:
        return self.gedaan_op is None


class DoelenGehaald(models.TextChoices):
    JA = "ja", "Ja"
    DEELS = "deels", "Deels"
    NEE = "nee", "Nee"


class Schaal(models.TextChoices):
    OPSCHALEN = "opschalen", "Opschalen (meer hulp)"
    GELIJK = "gelijk", "Gelijk blijven"
    AFSCHALEN = "afschalen", "Afschalen (minder hulp)"


class Monitoringmoment(models.Model):
    traject = models.ForeignKey(
        Traject, on_delete=models.CASCADE, related_name="monitoringmomenten"
    )
    klantplan = models.ForeignKey(
        Klantplan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    datum = models.DateField()
    doelen_gehaald = models.CharField(
        "doelen gehaald?", max_length=10, choices=DoelenGehaald.choices
    )
    schaal = models.CharField("op- of afschalen", max_length=10, choices=Schaal.choices)
    afspraak_gemeente = models.TextField("afspraak met de gemeente", blank=True)
    toelichting = models.TextField(blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "monitoringmoment"
        verbose_name_plural = "monitoringmomenten"
        ordering = ["-datum", "-pk"]

    def __str__(self) -> str:
        return f"Monitoring {opmaak.datum(self.datum)}"
