"""The household of a traject: the partner (a second client, DDAS ``client[1]``) and the other
people living in it that the norms need (children and other adults, by year of birth only)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from klantplan.models.schulden import Schuldenaar
from schuldhulp.models import Klant
from trajecten.models import Traject


class Huisgenootsoort(models.TextChoices):
    KIND = "kind", "Kind"
    VOLWASSENE = "volwassene", "Andere volwassene (geen partner)"


class Huishouden(models.Model):
    traject = models.OneToOneField(Traject, on_delete=models.CASCADE, related_name="huishouden")
    partner = models.ForeignKey(
        Klant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="als_partner",
        help_text="De partner is ook klant in dit traject (gezamenlijke en eigen schulden).",
    )
    gewijzigd_op = models.DateTimeField(auto_now=True)
    gewijzigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "huishouden"
        verbose_name_plural = "huishoudens"

    def __str__(self) -> str:
        return f"Huishouden van traject {self.traject_id}"


class Huisgenoot(models.Model):
    huishouden = models.ForeignKey(Huishouden, on_delete=models.CASCADE, related_name="huisgenoten")
    soort = models.CharField(max_length=20, choices=Huisgenootsoort.choices)
    # A year of birth is enough for the norms (children under 18) and less personal data.
    geboortejaar = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = "huisgenoot"
        verbose_name_plural = "huisgenoten"
        ordering = ["soort", "geboortejaar", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(geboortejaar__gte=1900) & Q(geboortejaar__lte=2100),
                name="huisgenoot_geboortejaar_redelijk",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} ({self.geboortejaar})"


# --- Budget: the household's month, in versions ----------------------------------------------


class Budgetstatus(models.TextChoices):
    CONCEPT = "concept", "Concept"
    VASTGESTELD = "vastgesteld", "Vastgesteld"


class Posttype(models.TextChoices):
    INKOMEN = "inkomen", "Inkomsten"
    UITGAVE = "uitgave", "Vaste lasten"


class Postsoort(models.TextChoices):
    """The kinds of income and fixed costs; ``POSTTYPE`` says which is which."""

    SALARIS = "salaris", "Loon of salaris"
    UITKERING = "uitkering", "Uitkering (bijstand, WW, WIA, AOW …)"
    HUURTOESLAG = "huurtoeslag", "Huurtoeslag"
    ZORGTOESLAG = "zorgtoeslag", "Zorgtoeslag"
    KINDGEBONDEN_BUDGET = "kindgebonden_budget", "Kindgebonden budget"
    KINDEROPVANGTOESLAG = "kinderopvangtoeslag", "Kinderopvangtoeslag"
    KINDERBIJSLAG = "kinderbijslag", "Kinderbijslag"
    ALIMENTATIE_IN = "alimentatie_in", "Alimentatie (ontvangen)"
    OVERIG_INKOMEN = "overig_inkomen", "Ander inkomen"
    HUUR = "huur", "Huur"
    HYPOTHEEK = "hypotheek", "Hypotheek"
    ENERGIE = "energie", "Energie (gas en stroom)"
    WATER = "water", "Water"
    ZORGPREMIE = "zorgpremie", "Zorgverzekering (premie)"
    VERZEKERINGEN = "verzekeringen", "Andere verzekeringen"
    KINDEROPVANG = "kinderopvang", "Kinderopvang"
    TELEFOON = "telefoon", "Telefoon en internet"
    VERVOER = "vervoer", "Vervoer"
    ALIMENTATIE_UIT = "alimentatie_uit", "Alimentatie (betaald)"
    OVERIGE_LASTEN = "overige_lasten", "Andere vaste lasten"


INKOMSTEN = frozenset(
    {
        Postsoort.SALARIS,
        Postsoort.UITKERING,
        Postsoort.HUURTOESLAG,
        Postsoort.ZORGTOESLAG,
        Postsoort.KINDGEBONDEN_BUDGET,
        Postsoort.KINDEROPVANGTOESLAG,
        Postsoort.KINDERBIJSLAG,
        Postsoort.ALIMENTATIE_IN,
        Postsoort.OVERIG_INKOMEN,
    }
)
# Whose a post is, in the budget's own words (a debt's "samen" label speaks of a debt).
VAN_KEUZES = [
    (Schuldenaar.KLANT.value, "Klant"),
    (Schuldenaar.PARTNER.value, "Partner"),
    (Schuldenaar.SAMEN.value, "Samen"),
]
WOONLASTEN = frozenset({Postsoort.HUUR, Postsoort.HYPOTHEEK})
# Not available for creditors (Awir art. 45, kinderbijslag): outside the VTLB's income; the
# toeslagen are deducted from the costs they are for (docs/vtlb.md).
BESCHERMD = frozenset(
    {
        Postsoort.HUURTOESLAG,
        Postsoort.ZORGTOESLAG,
        Postsoort.KINDGEBONDEN_BUDGET,
        Postsoort.KINDEROPVANGTOESLAG,
        Postsoort.KINDERBIJSLAG,
    }
)


class Budget(models.Model):
    """One version of the household's budget; a vastgestelde version is frozen (a change
    starts a new concept), like the klantplan."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="budgetten")
    versie = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=20, choices=Budgetstatus.choices, default=Budgetstatus.CONCEPT
    )
    vastgesteld_op = models.DateField(null=True, blank=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)
    gewijzigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "budget"
        verbose_name_plural = "budgetten"
        ordering = ["traject", "-versie"]
        constraints = [
            models.UniqueConstraint(fields=["traject", "versie"], name="budget_versie_uniek")
        ]

    def __str__(self) -> str:
        return f"Budget versie {self.versie} van traject {self.traject_id}"


class Budgetpost(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="posten")
    soort = models.CharField(max_length=20, choices=Postsoort.choices)
    van = models.CharField("van wie", max_length=10, choices=Schuldenaar.choices, default="klant")
    bedrag_cent = models.BigIntegerField("bedrag per maand")
    omschrijving = models.CharField(max_length=200, blank=True)
    ingevoerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "budgetpost"
        verbose_name_plural = "budgetposten"
        ordering = ["soort", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(bedrag_cent__gte=0) & Q(bedrag_cent__lte=10_000_000),
                name="budgetpost_bedrag_redelijk",
                violation_error_message="Een bedrag per maand ligt tussen € 0 en € 100.000.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()}: {self.bedrag_cent / 100:.2f}"

    @property
    def type(self) -> str:
        return Posttype.INKOMEN if self.soort in INKOMSTEN else Posttype.UITGAVE

    @property
    def van_tekst(self) -> str:
        return dict(VAN_KEUZES).get(self.van, self.van)


from klantplan.huishouden.vtlb.models import *  # noqa
