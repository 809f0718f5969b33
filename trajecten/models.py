"""The client journey: Traject (a state machine), its event rows, products, norms and clocks.

History is kept as rows: every transition writes a ``Gebeurtenis``; reports are computed
from those rows. The transitions themselves live in ``trajecten/workflow.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django_fsm import FSMField

from schuldhulp import opmaak
from schuldhulp.fsm import fsm_basis
from schuldhulp.models import Dienstverleningsafspraak, Gemeente, Klant
from schuldhulp.pakketten import Partij, Taak
from trajecten.keuzelijsten import (
    Aanmeldkanaal,
    BedreigendeSituatie,
    Mijlpaal,
    Normvoorwaarde,
    Signaleringsoort,
    Uitstroomreden,
)
from trajecten.normen import Eenheid, KlokStatus
from trajecten.workflow import (
    OPEN_FASEN,
    OVERGANGEN,
    SCHULDREGELING_STAPPEN,
    Fase,
    Gebeurtenissoort,
    Productsoort,
    Schuldregelingstatus,
    is_afgesloten,
)

__all__ = [
    "AFGESLOTEN_FASEN",
    "OPEN_FASEN",
    "UITSTROOM_SOORTEN",
    "Aanmeldkanaal",
    "BedreigendeSituatie",
    "Fase",
    "Gebeurtenissoort",
    "Mijlpaal",
    "Normvoorwaarde",
    "Productsoort",
    "Schuldregelingstatus",
    "Signaleringsoort",
    "Uitstroomreden",
]

# What ends a traject, for database filters, taken from workflow.is_afgesloten: the phases
# it names, and the events of the handelingen that lead into one (uitstroom, afwijzing).
AFGESLOTEN_FASEN: tuple[str, ...] = tuple(f for f in Fase if is_afgesloten(f))
UITSTROOM_SOORTEN: tuple[str, ...] = tuple(
    h.gebeurtenis for h in OVERGANGEN.values() if h.doel is not None and is_afgesloten(h.doel)
)


TrajectWorkflow = fsm_basis("TrajectWorkflow", list(OVERGANGEN.values()))
SchuldregelingWorkflow = fsm_basis("SchuldregelingWorkflow", list(SCHULDREGELING_STAPPEN.values()))


class TrajectQuerySet(models.QuerySet):
    def lopend(self) -> TrajectQuerySet:
        """Trajecten that have not ended (Traject.is_open)."""
        return self.exclude(fase__in=AFGESLOTEN_FASEN)

    def afgesloten(self) -> TrajectQuerySet:
        return self.filter(fase__in=AFGESLOTEN_FASEN)


class Traject(TrajectWorkflow):
    klant = models.ForeignKey(Klant, on_delete=models.PROTECT, related_name="trajecten")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="trajecten")
    afspraak = models.ForeignKey(
        Dienstverleningsafspraak,
        on_delete=models.PROTECT,
        related_name="trajecten",
        help_text="De pakketafspraak waarvan dit traject de takenverdeling volgt: die bij "
        "aanmelding, tot een pakketwissel het traject naar een nieuwe afspraak verplaatst.",
    )
    afspraak_sinds = models.DateField(
        "takenverdeling sinds",
        null=True,
        blank=True,
        help_text="Leeg: sinds de aanmelding. Anders de datum van de pakketwissel.",
    )
    aanmelddatum = models.DateField()
    kanaal = models.CharField("aangemeld via", max_length=20, choices=Aanmeldkanaal.choices)
    crisisinterventie = models.BooleanField(default=False)
    bedreigende_situatie = models.CharField(
        max_length=20,
        choices=BedreigendeSituatie.choices,
        blank=True,
        help_text="Leeg als er geen bedreigende situatie is.",
    )
    # The people on a traject: one at each side (either may be empty where the package gives
    # that side nothing to do); the klant's vaste contactpersoon is one of them.
    behandelaar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="behandelaar bij de Stadsbank",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trajecten",
    )
    consulent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="contactpersoon bij de gemeente",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trajecten_gemeente",
    )
    vaste_contactpersoon = models.CharField(
        "vaste contactpersoon van de klant",
        max_length=10,
        choices=Partij.choices,
        default=Partij.STADSBANK,
        help_text="Wie de klant belt en mailt: de behandelaar of de contactpersoon gemeente.",
    )
    aan_zet = models.CharField(
        "aan zet",
        max_length=10,
        choices=Partij.choices,
        blank=True,
        help_text="De partij die nu moet handelen (trajecten.samenwerking.aanzet houdt het "
        "bij bij elke wijziging); leeg als het traject is afgesloten of niemand nog is "
        "afgesproken.",
    )
    fase = FSMField(default=Fase.AANGEMELD, choices=Fase.choices, protected=True)
    uitstroomreden = models.CharField(max_length=20, choices=Uitstroomreden.choices, blank=True)
    versie = models.PositiveIntegerField(default=0, help_text="Telt op bij elke overgang.")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    objects = TrajectQuerySet.as_manager()

    class Meta:
        verbose_name = "traject"
        verbose_name_plural = "trajecten"
        ordering = ["-aanmelddatum", "-pk"]
        indexes = [
            models.Index(fields=["gemeente", "fase"]),
            models.Index(fields=["behandelaar", "fase"]),
            models.Index(fields=["consulent", "fase"]),
        ]
        constraints = [
            # Absolute rule, also under concurrent aanmeldingen: one running traject a klant.
            # (TrajectQuerySet.lopend as a fixed condition: changing it needs a migration.)
            models.UniqueConstraint(
                fields=["klant"],
                condition=~Q(fase=Fase.UITGESTROOMD),
                name="een_lopend_traject_per_klant",
                violation_error_message="Deze klant heeft al een lopend traject.",
            ),
        ]

    def __str__(self) -> str:
        # No personal data: this string shows up in the admin, in logs and in error reports.
        return f"Traject {self.pk}"

    @property
    def is_open(self) -> bool:
        return not is_afgesloten(self.fase)

    def persoon_id(self, partij: Partij | str | None) -> int | None:
        """The id of the person of `partij` on this traject (None: nobody assigned)."""
        if not partij:
            return None
        return self.behandelaar_id if partij == Partij.STADSBANK else self.consulent_id

    def persoon(self, partij: Partij | str | None):
        if not partij:
            return None
        return self.behandelaar if partij == Partij.STADSBANK else self.consulent

    @property
    def contactpersoon(self):
        """The klant's vaste contactpersoon: the same name in the dossier, the klantplan,
        the letters and the portal (None: that side has nobody assigned yet)."""
        return self.persoon(self.vaste_contactpersoon)

    def uitvoerder(
        self,
        taak: Taak | str,
        datum: date | None = None,
        afspraak: Dienstverleningsafspraak | None = None,
    ) -> Partij | None:
        """Who does package task `taak` in this traject on `datum` (today): approved maatwerk
        or a settlement for this traject first (the latest wins), else the agreement the
        traject follows (or `afspraak`: the preview of a package switch). None: nobody yet
        (the agreement leaves it per traject in overleg). The maatwerk rows are read once
        per instance (or from a prefetch)."""
        datum = datum or timezone.localdate()
        if not hasattr(self, "_maatwerk"):
            self._maatwerk = list(self.maatwerk.all()) if self.pk else []
        taak = Taak(taak)
        keuze = next(
            (m.partij for m in reversed(self._maatwerk) if taak in m.taken and m.geldt_op(datum)),
            None,
        )
        return Partij(keuze) if keuze else (afspraak or self.afspraak).uitvoerder(taak)


class Gebeurtenis(models.Model):
    """One dated event on a traject (append-only history)."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="gebeurtenissen")
    soort = models.CharField(max_length=30, choices=Gebeurtenissoort.choices)
    datum = models.DateField(help_text="De datum waarop het gebeurde (zakelijke datum).")
    geregistreerd_op = models.DateTimeField(auto_now_add=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    van_fase = models.CharField(max_length=20, choices=Fase.choices, blank=True)
    naar_fase = models.CharField(max_length=20, choices=Fase.choices, blank=True)
    toelichting = models.TextField(blank=True)
    reden_terugdatering = models.TextField(blank=True)
    gegevens = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "gebeurtenis"
        verbose_name_plural = "gebeurtenissen"
        ordering = ["datum", "pk"]
        indexes = [
            models.Index(fields=["traject", "soort", "datum"]),
            models.Index(fields=["soort", "datum"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} op {opmaak.datum(self.datum)}"

    @property
    def sluit_af(self) -> bool:
        """This row ended its traject (uitstroom or afwijzing)."""
        return self.soort in UITSTROOM_SOORTEN


def eerste_uitstroom(gebeurtenissen: Iterable[Gebeurtenis]) -> Gebeurtenis | None:
    """The row that ended the traject, from its rows in date order; its datum is the
    uitstroom date (None while the traject runs)."""
    return next((g for g in gebeurtenissen if g.sluit_af), None)


BEGELEIDING = frozenset(
    {
        Productsoort.BUDGETBEHEER,
        Productsoort.BUDGETCOACHING,
        Productsoort.BESCHERMINGSBEWIND,
        Productsoort.BUDGETBEGELEIDING,
        Productsoort.LANGE_TERMIJN,
    }
)


class Product(SchuldregelingWorkflow):
    """A product running inside a traject (begeleiding or oplossing); several may run at once."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="producten")
    soort = models.CharField(max_length=40, choices=Productsoort.choices)
    startdatum = models.DateField()
    einddatum = models.DateField(null=True, blank=True)
    resultaat = models.CharField(max_length=200, blank=True)
    zelfredzaam = models.BooleanField(
        null=True, blank=True, help_text="Budgetbeheer/-coaching: financieel zelfredzaam bij einde?"
    )
    schuldregeling_status = FSMField(
        default=Schuldregelingstatus.IN_VOORBEREIDING,
        choices=Schuldregelingstatus.choices,
        protected=True,
    )

    class Meta:
        verbose_name = "product"
        verbose_name_plural = "producten"
        ordering = ["startdatum", "pk"]
        indexes = [
            # the daily job's halfyearly toets looks only at running budgetbeheer
            models.Index(
                fields=["startdatum"],
                condition=Q(soort="Budgetbeheer", einddatum__isnull=True),
                name="product_budgetbeheer_loopt_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True) | Q(einddatum__gte=F("startdatum")),
                name="product_einde_na_start",
                violation_error_message="De einddatum ligt voor de startdatum.",
            )
        ]

    def __str__(self) -> str:
        return self.get_soort_display()

    @property
    def is_begeleiding(self) -> bool:
        return self.soort in BEGELEIDING

    @property
    def loopt(self) -> bool:
        return self.einddatum is None


class Moratorium(models.Model):
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="moratoria")
    aanvraagdatum = models.DateField()
    goedkeuringsdatum = models.DateField(null=True, blank=True)
    startdatum = models.DateField(null=True, blank=True)
    einddatum = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "moratoria"

    def __str__(self) -> str:
        return f"Moratorium aangevraagd {opmaak.datum(self.aanvraagdatum)}"


class Crisisinterventie(models.Model):
    traject = models.ForeignKey(
        Traject, on_delete=models.CASCADE, related_name="crisisinterventies"
    )
    soort = models.CharField(max_length=20, choices=BedreigendeSituatie.choices)
    startdatum = models.DateField()
    einddatum = models.DateField(null=True, blank=True)
    voorkomen = models.BooleanField(
        default=False, help_text="Is de dreiging (huisuitzetting, afsluiting, …) voorkomen?"
    )
    resultaat = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "crisisinterventies"

    def __str__(self) -> str:
        return f"{self.get_soort_display()} ({opmaak.datum(self.startdatum)})"


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

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="klokken")
    norm = models.ForeignKey(Doorlooptijdnorm, on_delete=models.PROTECT, related_name="klokken")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, null=True, blank=True)
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
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="signaleringen")
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
