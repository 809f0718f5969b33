"""The core domain: organisations, gemeenten, package agreements, users and klanten."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import (
    ArrayField,
    BigIntegerRangeField,
    DateRangeField,
    RangeBoundary,
    RangeOperators,
)
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Expression, F, Func, Q, Value
from django_fsm import FSMField, FSMModelMixin
from guardian.models import UserObjectPermissionBase

from schuldhulp import pakketten
from schuldhulp.afspraken import GELDEND, OVERGANGEN, Afspraakstatus, Overgangsregeling
from schuldhulp.fsm import fsm_basis
from schuldhulp.opmaak import datum, datum_tijd
from schuldhulp.pakketten import Pakket, Partij
from schuldhulp.validators import (
    normaliseer_bsn,
    normaliseer_postcode,
    valideer_bsn,
    valideer_gemeentecode,
    valideer_postcode,
    valideer_telefoon,
)


class Organisatie(models.Model):
    """The Stadsbank / Kredietbank (a Gemeenschappelijke Regeling)."""

    naam = models.CharField(max_length=200, unique=True)
    telefoon = models.CharField(
        max_length=20,
        blank=True,
        validators=[valideer_telefoon],
        help_text="Het nummer dat klanten bellen; staat op elke brief en kaart voor de klant.",
    )

    class Meta:
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"

    def __str__(self) -> str:
        return self.naam


class Gemeente(models.Model):
    naam = models.CharField(max_length=100)
    code = models.CharField(
        "CBS-gemeentecode",
        max_length=6,
        unique=True,
        validators=[valideer_gemeentecode],
        help_text="GM gevolgd door 4 cijfers, bijvoorbeeld GM0141.",
    )
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="gemeenten")
    telefoon = models.CharField(
        max_length=20,
        blank=True,
        validators=[valideer_telefoon],
        help_text="Het nummer van de schuldhulp van de gemeente, voor klanten.",
    )
    bezwaar_adres = models.TextField(
        "adres voor bezwaar",
        blank=True,
        help_text="Waar een klant een bezwaarschrift heen stuurt (postadres, en de website als "
        "het ook digitaal kan). Staat in de beschikking.",
    )

    class Meta:
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"
        ordering = ["naam"]
        permissions = [("werken_voor_gemeente", "Werkt voor deze gemeente")]

    def __str__(self) -> str:
        return self.naam


class Rol(models.TextChoices):
    KLANTREGISSEUR = "klantregisseur", "Klantregisseur (Stadsbank)"
    CONSULENT = "consulent", "Gemeente consulent"
    CONTRACTMANAGER = "contractmanager", "Contractmanager (gemeente)"
    BEHEERDER = "beheerder", "Functioneel beheerder"


class Gebruiker(AbstractUser):
    """A medewerker. Which gemeenten they work for is held by guardian (see permissions.py)."""

    rol = models.CharField(max_length=20, choices=Rol.choices, default=Rol.CONSULENT)
    telefoon = models.CharField(
        max_length=20,
        blank=True,
        validators=[valideer_telefoon],
        help_text="Direct nummer voor klanten (leeg: het algemene nummer).",
    )
    dagoverzicht = models.BooleanField(
        "dagelijkse e-mail met mijn signaleringen",
        default=False,
        help_text="Eén e-mail per werkdag met de nieuwe signaleringen: alleen dossiernummers "
        "en links, geen namen of bedragen.",
    )
    dagoverzicht_tot = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="Signaleringen tot dit moment zaten in een vorig overzicht.",
    )
    sessie_sleutel = models.CharField(
        max_length=32,
        blank=True,
        editable=False,
        help_text="Wordt vernieuwd bij 'overal uitloggen': alle sessies vervallen dan.",
    )
    # Set when a beheerder chose the password (a new account, a reset): the user picks his
    # own at the next login before anything else (schuldhulp/wachtwoordwissel.py).
    wachtwoord_wijzigen = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"

    def _get_session_auth_hash(self, secret=None) -> str:
        # Sessions are bound to the password hash AND sessie_sleutel, so rotating the latter
        # ends every session of this user ("overal uitloggen").
        from django.utils.crypto import salted_hmac

        return salted_hmac(
            "schuldhulp.Gebruiker.sessie",
            f"{self.password}:{self.sessie_sleutel}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def partij(self) -> Partij | None:
        """The side of the package matrix this user works for."""
        return {Rol.KLANTREGISSEUR: Partij.STADSBANK, Rol.CONSULENT: Partij.GEMEENTE}.get(
            Rol(self.rol)
        )

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class GemeenteGebruikerPermissie(UserObjectPermissionBase):
    """Guardian object permissions on a gemeente, with a direct foreign key (fast joins)."""

    content_object = models.ForeignKey(Gemeente, on_delete=models.CASCADE)


class DateRange(Func):
    function = "DATERANGE"
    output_field = DateRangeField()


class PuntRange(Func):
    """[id, id] as a range, so a plain GiST index can test equality without btree_gist
    (the embedded PostgreSQL has no contrib extensions)."""

    function = "INT8RANGE"
    output_field = BigIntegerRangeField()

    def __init__(self, veld: str) -> None:
        super().__init__(veld, veld, Value("[]"))


class AfspraakQuerySet(models.QuerySet):
    """Which agreement is in force when: the one rule in SQL (`geldig_op` below is the same
    rule on a loaded row). A date can be an expression (OuterRef, F) inside a subquery."""

    def overlapt(self, van: date | Expression, tot: date | Expression) -> AfspraakQuerySet:
        """Agreements in force on at least one day of [van, tot] (concepts and withdrawn
        agreements never are)."""
        return self.geldend().filter(
            Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=van), geldig_van__lte=tot
        )

    def geldig_op(self, datum: date | Expression) -> AfspraakQuerySet:
        """Agreements in force on `datum` (at most one per gemeente)."""
        return self.overlapt(datum, datum)

    def geldend(self) -> AfspraakQuerySet:
        """Agreements that apply on their dates (not a concept, not withdrawn)."""
        return self.filter(status__in=GELDEND)


AfspraakWorkflow = fsm_basis("AfspraakWorkflow", OVERGANGEN, module="schuldhulp.models")


class Dienstverleningsafspraak(FSMModelMixin, AfspraakWorkflow):
    """The package a gemeente bought, valid from/to, and who does each optional (O) task.

    A state machine (schuldhulp/afspraken.py): only a concept can be changed. Which agreement
    a traject follows is ``Traject.afspraak`` (moved by a package switch)."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="afspraken")
    status = FSMField(
        default=Afspraakstatus.CONCEPT.value,
        choices=Afspraakstatus.choices,
        protected=True,
    )
    pakket = models.CharField(max_length=20, choices=Pakket.choices)
    geldig_van = models.DateField("geldig van")
    geldig_tot = models.DateField(
        "geldig tot en met", null=True, blank=True, help_text="Leeg laten als er geen einddatum is."
    )
    optionele_taken = models.JSONField(
        "keuzes voor optionele taken",
        default=dict,
        blank=True,
        help_text="Per taak met 'in overleg': wie doet hem (stadsbank of gemeente).",
    )
    opmerking = models.TextField(blank=True)
    prijs_per_traject = models.DecimalField(
        "prijs per traject (€)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    prijs_per_maand = models.DecimalField(
        "prijs per traject per maand (€)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    overgang = models.CharField(
        "overgangsregeling",
        max_length=10,
        choices=Overgangsregeling.choices,
        blank=True,
        help_text="Wat er met de lopende trajecten gebeurt op de begindatum.",
    )
    overgang_fasen = ArrayField(
        models.CharField(max_length=20),
        default=list,
        blank=True,
        help_text="Bij 'per fase': de fasen waarvan de trajecten overgaan.",
    )
    vastgesteld_op = models.DateField(null=True, blank=True)
    vastgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Vaststellen ends the agreement that runs on: remember its end date, so withdrawing this
    # one lets that one run on again.
    voorganger = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    voorganger_tot_was = models.DateField(null=True, blank=True)

    objects = AfspraakQuerySet.as_manager()

    class Meta:
        verbose_name = "dienstverleningsafspraak"
        verbose_name_plural = "dienstverleningsafspraken"
        ordering = ["gemeente__naam", "geldig_van"]
        constraints = [
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=F("geldig_van")),
                name="afspraak_tot_na_van",
                violation_error_message="De einddatum ligt voor de begindatum.",
            ),
            ExclusionConstraint(
                name="afspraak_geen_overlap",
                expressions=[
                    (
                        DateRange("geldig_van", "geldig_tot", RangeBoundary(inclusive_upper=True)),
                        RangeOperators.OVERLAPS,
                    ),
                    (PuntRange("gemeente_id"), RangeOperators.OVERLAPS),
                ],
                condition=Q(status__in=GELDEND),
                violation_error_message=(
                    "Deze periode overlapt met een andere afspraak van deze gemeente."
                ),
            ),
        ]

    def __str__(self) -> str:
        tot = datum(self.geldig_tot) if self.geldig_tot else "…"
        van = datum(self.geldig_van)
        return f"{self.gemeente} – {self.get_pakket_display()} ({van} t/m {tot})"

    def clean_fields(self, exclude=None) -> None:
        # The status moves only by its transitions (a protected FSMField cannot be re-set).
        super().clean_fields(exclude={*(exclude or ()), "status"})

    def validate_constraints(self, exclude=None) -> None:
        # An inverted period cannot be turned into a range; report that alone.
        if self.geldig_van and self.geldig_tot and self.geldig_tot < self.geldig_van:
            raise ValidationError({"geldig_tot": "De einddatum ligt voor de begindatum."})
        super().validate_constraints(exclude=exclude)

    def geldig_op(self, datum: date) -> bool:
        return (
            self.status in GELDEND
            and self.geldig_van <= datum
            and (self.geldig_tot is None or datum <= self.geldig_tot)
        )

    def latere_afspraak(self) -> Dienstverleningsafspraak | None:
        """The first agreement of the gemeente that applies after this one starts."""
        return (
            type(self)
            .objects.geldend()
            .filter(gemeente_id=self.gemeente_id, geldig_van__gt=self.geldig_van)
            .exclude(pk=self.pk)
            .order_by("geldig_van")
            .first()
        )

    @property
    def is_concept(self) -> bool:
        return self.status == Afspraakstatus.CONCEPT

    def uitvoerder(self, taak: pakketten.Taak | str) -> Partij | None:
        """Who does `taak` (None: the agreement leaves it to be settled per traject)."""
        return pakketten.uitvoerder(taak, self.pakket, self.optionele_taken)

    def takenverdeling(self) -> list[dict]:
        """Every task with the matrix cell and who does it under this agreement."""
        return [
            {
                "taak": taak,
                "cel": pakketten.toewijzing(taak, self.pakket),
                "uitvoerder": self.uitvoerder(taak),
                "toelichting": pakketten.TOELICHTING.get((taak, Pakket(self.pakket)), ""),
            }
            for taak in pakketten.Taak
        ]


class Weekdag(models.IntegerChoices):
    MAANDAG = 1, "maandag"
    DINSDAG = 2, "dinsdag"
    WOENSDAG = 3, "woensdag"
    DONDERDAG = 4, "donderdag"
    VRIJDAG = 5, "vrijdag"


class Spreekuur(models.Model):
    """When the klantregisseur is on location at the gemeente (task "beschikbaarheid
    klantregisseur op locatie"): shown on the gemeente page and in the klant's documents."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="spreekuren")
    weekdag = models.PositiveSmallIntegerField(choices=Weekdag.choices)
    van = models.TimeField()
    tot = models.TimeField()
    locatie = models.CharField(max_length=200, help_text="Bijvoorbeeld: Stadhuis, Markt 1.")

    class Meta:
        verbose_name = "spreekuur"
        verbose_name_plural = "spreekuren"
        ordering = ["weekdag", "van", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tot__gt=F("van")),
                name="spreekuur_tot_na_van",
                violation_error_message="Het spreekuur eindigt na het begin.",
            ),
            models.CheckConstraint(
                condition=Q(weekdag__gte=1, weekdag__lte=5),
                name="spreekuur_werkdag",
                violation_error_message="Kies een dag van maandag tot en met vrijdag.",
            ),
            models.CheckConstraint(condition=~Q(locatie=""), name="spreekuur_locatie_gevuld"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekdag_display()} {self.tijden}, {self.locatie}"

    @property
    def tijden(self) -> str:
        """'9.00–12.00 uur', as Dutch letters write times."""
        return f"{self.van.hour}.{self.van.minute:02d}–{self.tot.hour}.{self.tot.minute:02d} uur"


def spreekuren_tekst(spreekuren) -> str:
    """'dinsdag 9.00–12.00 uur, Stadhuis; donderdag …' (the klant's documents)."""
    return "; ".join(str(s) for s in spreekuren)


class Huishouden(models.TextChoices):
    ALLEENSTAAND = "alleenstaand", "Alleenstaand"
    SAMENWONEND = "samenwonend", "Samenwonend of getrouwd"


class Klant(models.Model):
    bsn = models.CharField(
        "BSN",
        max_length=9,
        unique=True,
        validators=[valideer_bsn],
        error_messages={
            "unique": "Er is al een klant met dit BSN. Zoek de klant op in de klantenlijst."
        },
    )
    voornamen = models.CharField(max_length=200)
    tussenvoegsel = models.CharField(max_length=20, blank=True)
    achternaam = models.CharField(max_length=200)
    geboortedatum = models.DateField()
    straat = models.CharField(max_length=200, blank=True)
    huisnummer = models.CharField(max_length=10, blank=True)
    postcode = models.CharField(max_length=7, validators=[valideer_postcode])
    woonplaats = models.CharField(max_length=100, blank=True)
    huishouden = models.CharField(
        max_length=20, choices=Huishouden.choices, default=Huishouden.ALLEENSTAAND
    )
    aantal_kinderen = models.PositiveSmallIntegerField("aantal thuiswonende kinderen", default=0)
    telefoon = models.CharField(max_length=20, blank=True)
    email = models.EmailField("e-mailadres", blank=True)
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="klanten")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)
    geanonimiseerd_op = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Na afloop van de bewaartermijn zijn de persoonsgegevens gewist.",
    )

    class Meta:
        verbose_name = "klant"
        verbose_name_plural = "klanten"
        ordering = ["achternaam", "voornamen"]
        permissions = [("inzien_klant", "Mag dit dossier inzien (expliciete deling)")]
        indexes = [
            models.Index(fields=["gemeente", "achternaam"]),
            models.Index(fields=["postcode"]),
            # The klantenlijst of someone who works for several gemeenten, in name order: the
            # index walks the names and stops after one page (the permission filter is an OR,
            # which the gemeente index above cannot serve). Name search: migration 0007.
            models.Index(fields=["achternaam", "voornamen"], name="klant_naam_idx"),
            # The klantenlijst per gemeente in name order: keyset, one range each (ADR 0024).
            models.Index(
                fields=["gemeente", "achternaam", "voornamen", "id"], name="klant_lijst_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.volledige_naam

    @property
    def volledige_naam(self) -> str:
        return " ".join(p for p in (self.voornamen, self.tussenvoegsel, self.achternaam) if p)

    @property
    def adres(self) -> str:
        return f"{self.straat} {self.huisnummer}, {self.postcode} {self.woonplaats}".strip(", ")

    def clean(self) -> None:
        self.bsn = normaliseer_bsn(self.bsn)
        self.postcode = normaliseer_postcode(self.postcode)


class KlantGebruikerPermissie(UserObjectPermissionBase):
    """An explicit share of a single dossier with a user (guardian, direct foreign key)."""

    content_object = models.ForeignKey(Klant, on_delete=models.CASCADE)


class Auditactie(models.TextChoices):
    INZIEN = "inzien", "Ingezien"
    AANMAKEN = "aanmaken", "Aangemaakt"
    WIJZIGEN = "wijzigen", "Gewijzigd"
    VERWIJDEREN = "verwijderen", "Verwijderd / geanonimiseerd"
    DOWNLOADEN = "downloaden", "Gedownload"
    EXPORTEREN = "exporteren", "Geëxporteerd"
    IMPORTEREN = "importeren", "Geïmporteerd"
    INLOGGEN = "inloggen", "Ingelogd"
    INLOGGEN_MISLUKT = "inloggen_mislukt", "Inloggen mislukt"
    UITLOGGEN = "uitloggen", "Uitgelogd"


class Auditregel(models.Model):
    """The verwerkingenlog: who did what with which dossier, when, from where.

    Append-only: the application never updates or deletes a row, and a database trigger
    (migration 0002) refuses UPDATE and DELETE.
    """

    tijdstip = models.DateTimeField(auto_now_add=True, db_index=True)
    # PROTECT, not SET_NULL: the trigger refuses the UPDATE that SET_NULL needs (a 500 when
    # a user who ever logged in was deleted). Such an account is made inactive instead.
    gebruiker = models.ForeignKey(
        Gebruiker, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    gebruikersnaam = models.CharField(max_length=150, blank=True)
    actie = models.CharField(max_length=20, choices=Auditactie.choices)
    objecttype = models.CharField(max_length=50)
    object_id = models.CharField(max_length=50, blank=True)
    # Plain ids, no foreign keys: the log outlives anonymised or deleted dossiers.
    klant_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    gemeente_id = models.BigIntegerField(null=True, blank=True)
    omschrijving = models.CharField(max_length=300, blank=True)
    wijzigingen = models.JSONField(default=dict, blank=True)
    ip_adres = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = "auditregel"
        verbose_name_plural = "verwerkingenlog"
        ordering = ["-tijdstip", "-pk"]
        indexes = [models.Index(fields=["gebruikersnaam", "tijdstip"])]

    def __str__(self) -> str:
        return f"{datum_tijd(self.tijdstip)} {self.gebruikersnaam} {self.actie} {self.objecttype}"


# The four-eyes requests and the enrolment links live in their own module (issue 17).
from schuldhulp.modellen_toegang import Inrichtlink, Rechtenverzoek  # noqa: E402, F401


class Klantteller(models.Model):
    """Klanten per gemeente as delta rows, written by a statement trigger on the klanten
    (migration 0018) and folded by the daily job (schuldhulp.klantteller, ADR 0024)."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, db_constraint=False)
    aantal = models.IntegerField()

    class Meta:
        verbose_name = "klantteller"
        verbose_name_plural = "klanttellers"
        indexes = [models.Index(fields=["gemeente"], name="klantteller_gemeente_idx")]

    def __str__(self) -> str:
        return f"{self.gemeente_id}: {self.aantal}"
