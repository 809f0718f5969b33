"""Klantplan (versions with doelen and acties), schuldenoverzicht, saneringsvoorstel,
gesprekken, afstemming with the gemeente, klachten and the documents made for the klant.

A klantplan is kept as versions: a *concept* can be edited; *vaststellen* (agreed with the
klant, on a date) freezes it. A database trigger (migration 0002) refuses any change to a
vastgesteld version, so nothing can write around ``klantplan.services``. Progress on a
vastgesteld plan (a doel reached, an actie done) is not a change of the plan and stays
possible: only ``Doel.status`` and ``Actie.gedaan_op`` may change on a frozen version.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from schuldhulp.pakketten import Pakket, Taak
from trajecten.models import Productsoort, Traject

MAX_BEDRAG_CENT = 1_000_000_000  # € 10.000.000: anything above is a typing error


def _niet_leeg(veld: str) -> Q:
    return Q(**{f"{veld}__regex": r"\S"})


# --- Klantplan ---------------------------------------------------------------------------------


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


class Klantplan(models.Model):
    """One version of the klantplan of a traject."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="klantplannen")
    versie = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Planstatus.choices, default=Planstatus.CONCEPT)
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
    omschrijving = models.TextField()
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
                condition=_niet_leeg("omschrijving"),
                name="doel_omschrijving_verplicht",
                violation_error_message="Beschrijf het doel.",
            ),
            models.UniqueConstraint(fields=["klantplan", "ref"], name="doel_ref_uniek_per_versie"),
        ]

    def __str__(self) -> str:
        return self.omschrijving[:60]


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
    wat = models.TextField()
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
                condition=_niet_leeg("wat"),
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
        return f"Monitoring {self.datum:%d-%m-%Y}"


# --- Schuldenoverzicht -------------------------------------------------------------------------


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
        return f"{self.schuldeiser}: {self.actueel_bedrag_cent / 100:.2f}"


# --- Saneringsvoorstel -------------------------------------------------------------------------


class Voorstelsoort(models.TextChoices):
    SCHULDREGELING = "schuldregeling", "Minnelijke schuldregeling"
    SANERINGSKREDIET = "saneringskrediet", "Saneringskrediet"


class Voorstel(models.Model):
    """A calculated saneringsvoorstel: the inputs, the debts used and the result (JSON)."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="voorstellen")
    soort = models.CharField(max_length=20, choices=Voorstelsoort.choices)
    aflosruimte_per_maand_cent = models.BigIntegerField(null=True, blank=True)
    looptijd_maanden = models.PositiveSmallIntegerField(null=True, blank=True)
    krediet_cent = models.BigIntegerField(null=True, blank=True)
    preferent_factor = models.DecimalField(max_digits=4, decimal_places=2)
    invoer = models.JSONField(help_text="De schulden zoals ze in de berekening gingen.")
    resultaat = models.JSONField(help_text="klantplan.sanering.Voorstel.as_dict()")
    gemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    gemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "saneringsvoorstel"
        verbose_name_plural = "saneringsvoorstellen"
        ordering = ["-gemaakt_op", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        soort="schuldregeling",
                        looptijd_maanden__in=[18, 36],
                        aflosruimte_per_maand_cent__gte=0,
                        aflosruimte_per_maand_cent__lte=MAX_BEDRAG_CENT,
                        krediet_cent__isnull=True,
                    )
                    | Q(
                        soort="saneringskrediet",
                        krediet_cent__gte=0,
                        krediet_cent__lte=MAX_BEDRAG_CENT,
                        looptijd_maanden__isnull=True,
                        aflosruimte_per_maand_cent__isnull=True,
                    )
                ),
                name="voorstel_invoer_per_soort",
                violation_error_message="De invoer past niet bij de soort voorstel.",
            ),
            models.CheckConstraint(
                condition=Q(preferent_factor__gte=1) & Q(preferent_factor__lte=10),
                name="voorstel_factor_redelijk",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} ({self.gemaakt_op:%d-%m-%Y})"


# --- Gesprekken, afstemming, klachten ------------------------------------------------------------


class Gesprekssoort(models.TextChoices):
    ADVIESGESPREK = "adviesgesprek", "Adviesgesprek"
    INTAKEGESPREK = "intakegesprek", "Intakegesprek"
    EXTRA_GESPREK = "extra_gesprek", "Extra gesprek"
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
        return f"{self.get_soort_display()} op {self.datum:%d-%m-%Y}"


class Afstemmingsoort(models.TextChoices):
    SIGNAAL = "signaal", "Signaal ander leefgebied"
    WARME_OVERDRACHT = "warme_overdracht", "Warme overdracht"
    NAZORGADVIES = "nazorgadvies", "Nazorgadvies"


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

    class Meta:
        verbose_name = "afstemming met de gemeente"
        verbose_name_plural = "afstemmingen met de gemeente"
        ordering = ["-datum", "-pk"]
        constraints = [
            models.CheckConstraint(condition=_niet_leeg("bericht"), name="afstemming_bericht"),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} ({self.datum:%d-%m-%Y})"


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
            models.CheckConstraint(condition=_niet_leeg("onderwerp"), name="klacht_onderwerp"),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()}: {self.onderwerp}"


# --- Documents -------------------------------------------------------------------------------


class Documentsoort(models.TextChoices):
    KLANTPLAN = "klantplan", "Klantplan"
    ACTIELIJST = "actielijst", "Actielijst"
    BESCHIKKING = "beschikking", "Beschikking"
    DOS_EN_DONTS = "dos_en_donts", "Wat te doen als schuldeisers bellen"
    SANERINGSVOORSTEL = "saneringsvoorstel", "Saneringsvoorstel (brief aan schuldeisers)"


class Document(models.Model):
    """Every PDF made for a traject, stored as it was sent (append-only)."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="documenten")
    soort = models.CharField(max_length=20, choices=Documentsoort.choices)
    titel = models.CharField(max_length=200)
    klantplan = models.ForeignKey(
        Klantplan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documenten",
        help_text="De versie van het klantplan waarop het document berust.",
    )
    gesprek = models.ForeignKey(
        Gesprek, on_delete=models.SET_NULL, null=True, blank=True, related_name="documenten"
    )
    voorstel = models.ForeignKey(
        Voorstel, on_delete=models.PROTECT, null=True, blank=True, related_name="documenten"
    )
    bestandsnaam = models.CharField(max_length=200)
    inhoud = models.BinaryField()
    grootte = models.PositiveIntegerField()
    sha256 = models.CharField("controlegetal (SHA-256)", max_length=64)
    gemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    gemaakt_op = models.DateTimeField(auto_now_add=True)
    verzonden_aan = models.EmailField(blank=True)
    verzonden_op = models.DateTimeField(null=True, blank=True)
    verzendfout = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "document"
        verbose_name_plural = "documenten"
        ordering = ["-gemaakt_op", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="document_sha256"
            ),
            models.CheckConstraint(condition=Q(grootte__gt=0), name="document_niet_leeg"),
        ]
        indexes = [models.Index(fields=["traject", "soort"])]

    def __str__(self) -> str:
        return f"{self.titel} ({self.gemaakt_op:%d-%m-%Y %H:%M})"
