"""The client journey: Traject (a state machine), its event rows, products, norms and clocks.

History is kept as rows: every transition writes a ``Gebeurtenis``; reports are computed
from those rows. The transitions themselves live in ``trajecten/workflow.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
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
    Verwijspartner,
)
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
    "Doorlooptijdnorm",
    "Extrafeestdag",
    "Fase",
    "Gebeurtenissoort",
    "Mijlpaal",
    "Normbewaking",
    "Normbewakingsrun",
    "Normvoorwaarde",
    "Opschorting",
    "Productsoort",
    "Schuldregelingstatus",
    "Signalering",
    "Signaleringsoort",
    "Uitstroomreden",
    "Verwijspartner",
    "Werkvoorraadteller",
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
    # The werkvoorraad's sort key, stored (ADR 0018, trajecten.urgentie keeps it).
    urgentie = models.IntegerField(
        default=900_000,
        editable=False,
        help_text="Rang × 100.000 + dagen tot de deadline van de meest dringende open klok.",
    )
    urgentste_klok_id = models.BigIntegerField(null=True, blank=True, editable=False)
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
            # The werkvoorraad: per gemeente the open trajecten in sort order, so a page is
            # an index range that stops after 25 rows (ADR 0018).
            models.Index(
                fields=["gemeente", "urgentie", "aanmelddatum", "id"],
                condition=~Q(fase__in=AFGESLOTEN_FASEN),
                name="traject_werkvoorraad_idx",
            ),
            models.Index(
                fields=["behandelaar", "urgentie", "aanmelddatum", "id"],
                condition=~Q(fase__in=AFGESLOTEN_FASEN),
                name="traject_werkvoorraad_beh_idx",
            ),
            models.Index(
                fields=["consulent", "urgentie", "aanmelddatum", "id"],
                condition=~Q(fase__in=AFGESLOTEN_FASEN),
                name="traject_werkvoorraad_con_idx",
            ),
            # "Mijn trajecten" and its counts: the caseload with the gemeente filter of
            # filter_for_user in one index condition. Without these PostgreSQL ANDs the
            # caseload with a bitmap of every traject of the gemeenten (ADR 0024).
            models.Index(
                fields=["behandelaar", "gemeente"],
                condition=~Q(fase__in=AFGESLOTEN_FASEN),
                name="traject_mijn_beh_idx",
            ),
            models.Index(
                fields=["consulent", "gemeente"],
                condition=~Q(fase__in=AFGESLOTEN_FASEN),
                name="traject_mijn_con_idx",
            ),
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


# The clock models live in their own module; importing them here registers them with the
# app and keeps ``from trajecten.models import Normbewaking`` working.
from trajecten.klokmodellen import (  # noqa: E402
    Doorlooptijdnorm,
    Extrafeestdag,
    Normbewaking,
    Normbewakingsrun,
    Opschorting,
    Signalering,
    Werkvoorraadteller,
)
