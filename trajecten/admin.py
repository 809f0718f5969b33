"""Django admin for the functioneel beheerder: norms, decree days, and a read-only look at
trajecten and signaleringen (no personal data: no klant, no notes)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from schuldhulp import wachtrij
from trajecten import normbewaking, tasks
from trajecten.models import (
    Doorlooptijdnorm,
    Extrafeestdag,
    Mijlpaal,
    Normbewaking,
    Normbewakingsrun,
    Signalering,
    Traject,
)
from trajecten.samenwerking.normen import OVERDRACHTNORM


class AlleenLezen:
    """Rows that only services write: the admin shows them, never changes them."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


OVERDRACHT_MIJLPALEN = {Mijlpaal.OVERDRACHT, Mijlpaal.OVERDRACHT_GEACCEPTEERD}


class DoorlooptijdnormForm(forms.ModelForm):
    class Meta:
        model = Doorlooptijdnorm
        fields = [  # the fieldsets below show them all
            "code",
            "naam",
            "bron",
            "van_mijlpaal",
            "tot_mijlpaal",
            "voorwaarde",
            "productsoort",
            "termijn",
            "eenheid",
            "wettelijk",
            "opschorting_toegestaan",
            "doelpercentage",
            "dreigpercentage",
            "gemeente",
            "geldig_van",
            "geldig_tot",
        ]

    def clean(self) -> dict:
        """The overdracht milestones are measured on each warme overdracht under its own
        code (trajecten.samenwerking.normen), never by a traject clock: under another code,
        or that code with other milestones, the norm would silently measure nothing."""
        data = super().clean()
        mijlpalen = {data.get("van_mijlpaal"), data.get("tot_mijlpaal")}
        if (data.get("code") == OVERDRACHTNORM) != bool(mijlpalen & OVERDRACHT_MIJLPALEN):
            raise forms.ValidationError(
                f"De mijlpalen van de warme overdracht horen alleen bij de norm met code "
                f"'{OVERDRACHTNORM}'."
            )
        if data.get("code") == OVERDRACHTNORM and (
            data.get("van_mijlpaal") != Mijlpaal.OVERDRACHT
            or data.get("tot_mijlpaal") != Mijlpaal.OVERDRACHT_GEACCEPTEERD
        ):
            raise forms.ValidationError(
                f"De norm '{OVERDRACHTNORM}' meet van 'warme overdracht verstuurd' tot "
                "'warme overdracht geaccepteerd'."
            )
        return data


@admin.register(Doorlooptijdnorm)
class DoorlooptijdnormAdmin(admin.ModelAdmin):
    form = DoorlooptijdnormForm
    list_display = [
        "code",
        "naam",
        "gemeente_of_standaard",
        "termijn",
        "eenheid",
        "wettelijk",
        "voorwaarde",
        "geldig_van",
        "geldig_tot",
    ]
    list_filter = ["gemeente", "eenheid", "wettelijk", "voorwaarde", "productsoort"]
    search_fields = ["code", "naam", "bron"]
    date_hierarchy = "geldig_van"
    fieldsets = [
        (None, {"fields": ["code", "naam", "bron"]}),
        (
            "Wat wordt gemeten",
            {"fields": ["van_mijlpaal", "tot_mijlpaal", "voorwaarde", "productsoort"]},
        ),
        ("Termijn", {"fields": ["termijn", "eenheid", "wettelijk", "opschorting_toegestaan"]}),
        ("Doelen", {"fields": ["doelpercentage", "dreigpercentage"]}),
        (
            "Geldigheid",
            {
                "fields": ["gemeente", "geldig_van", "geldig_tot"],
                "description": "Een nieuwe versie van een norm: sluit de oude af (geldig tot) en "
                "voeg een nieuwe rij met dezelfde code toe. Klokken gebruiken de norm die gold "
                "op hun startdatum.",
            },
        ),
    ]

    @admin.display(description="gemeente", ordering="gemeente__naam")
    def gemeente_of_standaard(self, norm: Doorlooptijdnorm) -> str:
        return str(norm.gemeente) if norm.gemeente else "standaard (alle gemeenten)"

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        _na_wijziging(request, obj)

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        _na_wijziging(request, obj)


def _na_wijziging(request: HttpRequest, norm: Doorlooptijdnorm) -> None:
    if norm.code == OVERDRACHTNORM:  # no traject clock measures it: nothing to recompute
        messages.info(
            request,
            "Deze norm geldt voor warme overdrachten die vanaf nu worden verstuurd; een "
            "overdracht die al loopt, houdt de deadline van de dag waarop hij werd verstuurd.",
        )
        return
    _herbereken_na_commit(request, norm.gemeente_id)


def _herbereken_na_commit(request: HttpRequest, gemeente_id: int | None) -> None:
    # Many trajecten can be affected: the worker recomputes them after this save commits.
    wachtrij.na_commit(tasks.herbereken_klokken, gemeente_id)
    messages.info(
        request,
        "De klokken van de lopende trajecten worden op de achtergrond opnieuw berekend.",
    )


@admin.register(Extrafeestdag)
class ExtrafeestdagAdmin(admin.ModelAdmin):
    list_display = ["datum", "omschrijving"]
    date_hierarchy = "datum"
    search_fields = ["omschrijving"]

    def save_model(self, request, obj, form, change) -> None:
        oude_datum = Extrafeestdag.objects.filter(pk=obj.pk).values_list("datum", flat=True).first()
        super().save_model(request, obj, form, change)
        aantal = normbewaking.herbereken_rond(obj.datum)
        if oude_datum and oude_datum != obj.datum:
            aantal += normbewaking.herbereken_rond(oude_datum)
        messages.info(request, f"Termijnen van {aantal} trajecten opnieuw berekend.")

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        normbewaking.herbereken_rond(obj.datum)

    def delete_queryset(self, request, queryset: QuerySet) -> None:
        data = list(queryset.values_list("datum", flat=True))
        super().delete_queryset(request, queryset)
        for datum in data:
            normbewaking.herbereken_rond(datum)


@admin.register(Signalering)
class SignaleringAdmin(AlleenLezen, admin.ModelAdmin):
    list_display = ["aangemaakt_op", "soort", "traject_id", "gemeente", "gebruiker", "gelezen_op"]
    list_filter = ["soort", "traject__gemeente", ("gelezen_op", admin.EmptyFieldListFilter)]
    date_hierarchy = "aangemaakt_op"
    fields = ["soort", "tekst", "traject_id", "klok", "gebruiker", "aangemaakt_op", "gelezen_op"]
    readonly_fields = fields
    list_select_related = ["traject__gemeente", "gebruiker"]

    @admin.display(description="gemeente", ordering="traject__gemeente__naam")
    def gemeente(self, signalering: Signalering) -> str:
        return str(signalering.traject.gemeente)


class KlokInline(AlleenLezen, admin.TabularInline):
    model = Normbewaking
    fields = [
        "norm",
        "product",
        "start",
        "deadline",
        "status",
        "gehaald_op",
        "opgeschort",
        "vervallen",
    ]
    readonly_fields = fields
    extra = 0


@admin.register(Traject)
class TrajectAdmin(AlleenLezen, admin.ModelAdmin):
    """Counts and phases for the beheerder; the dossier itself is in the app, not here."""

    list_display = ["nummer", "gemeente", "pakket", "fase", "kanaal", "aanmelddatum", "versie"]
    list_filter = ["fase", "gemeente", "afspraak__pakket", "kanaal", "crisisinterventie"]
    date_hierarchy = "aanmelddatum"
    fields = [
        "gemeente",
        "afspraak",
        "fase",
        "aanmelddatum",
        "kanaal",
        "crisisinterventie",
        "bedreigende_situatie",
        "behandelaar",
        "uitstroomreden",
        "versie",
        "aangemaakt_op",
    ]
    readonly_fields = fields
    inlines = [KlokInline]
    list_select_related = ["gemeente", "afspraak"]
    actions = ["herbereken_klokken"]

    @admin.display(description="traject", ordering="pk")
    def nummer(self, traject: Traject) -> str:
        return f"Traject {traject.pk}"  # not str(traject): that names the klant

    @admin.display(description="pakket", ordering="afspraak__pakket")
    def pakket(self, traject: Traject) -> str:
        return traject.afspraak.get_pakket_display()

    @admin.action(
        description="Klokken van de gekozen trajecten opnieuw berekenen", permissions=["view"]
    )
    def herbereken_klokken(self, request: HttpRequest, queryset: QuerySet) -> None:
        aantal = 0
        for traject_id in queryset.values_list("pk", flat=True):
            with transaction.atomic():
                traject = Traject.objects.select_for_update(of=("self",)).get(pk=traject_id)
                normbewaking.herbereken(traject)
            aantal += 1
        messages.success(request, f"Klokken van {aantal} trajecten opnieuw berekend.")


@admin.register(Normbewakingsrun)
class NormbewakingsrunAdmin(AlleenLezen, admin.ModelAdmin):
    list_display = ["peildatum", "gestart_op", "duur_ms", "uitkomst"]
    date_hierarchy = "peildatum"
    fields = list_display
    readonly_fields = fields
