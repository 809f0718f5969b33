"""Django admin for the functioneel beheerder: gemeenten, agreements, users."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm

from schuldhulp import services
from schuldhulp.models import Dienstverleningsafspraak, Gebruiker, Gemeente, Organisatie
from schuldhulp.permissions import can_do, gemeente_ids

_admin_toegang = admin.site.has_permission


def _alleen_beheer(request) -> bool:
    """/beheer/ is the handeling 'beheer' of the gate, on top of Django's is_staff check (a
    staff account with another role sees no configuration and no dossier rows)."""
    return _admin_toegang(request) and can_do(request.user, "beheer")


admin.site.has_permission = _alleen_beheer
admin.site.site_header = "Schuldhulp – beheer"
admin.site.site_title = "Schuldhulp beheer"
admin.site.index_title = "Functioneel beheer"


@admin.register(Dienstverleningsafspraak)
class AfspraakAdmin(admin.ModelAdmin):
    """Read only: agreements are drafted, vastgesteld and withdrawn on their own screen
    (Gemeenten → Afspraken), which goes through the gate and keeps their history."""

    list_display = ["gemeente", "pakket", "status", "geldig_van", "geldig_tot"]
    list_filter = ["status", "pakket", "gemeente"]
    date_hierarchy = "geldig_van"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AfspraakInline(admin.TabularInline):
    model = Dienstverleningsafspraak
    fields = ["pakket", "status", "geldig_van", "geldig_tot"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = ["naam", "code", "organisatie"]
    search_fields = ["naam", "code"]
    inlines = [AfspraakInline]


admin.site.register(Organisatie)


def _gemeenten_veld() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=Gemeente.objects.all(),
        required=False,
        widget=admin.widgets.FilteredSelectMultiple("gemeenten", is_stacked=False),
        help_text="De gemeenten waarvoor deze medewerker werkt.",
    )


class GemeentenVeld:
    """The 'gemeenten' field (guardian object permissions) of the user forms. It is declared on
    each form class: the admin builds the form from the fieldsets, and a field that is neither
    a model field nor declared makes that fail (FieldError, a 500 on add and change)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gemeenten"].initial = gemeente_ids(self.instance) if self.instance.pk else []


class GebruikerWijzigForm(GemeentenVeld, UserChangeForm):
    gemeenten = _gemeenten_veld()

    class Meta(UserChangeForm.Meta):
        model = Gebruiker


class GebruikerNieuwForm(GemeentenVeld, UserCreationForm):
    gemeenten = _gemeenten_veld()

    class Meta(UserCreationForm.Meta):
        model = Gebruiker
        fields = ("username", "rol")


@admin.register(Gebruiker)
class GebruikerAdmin(UserAdmin):
    form = GebruikerWijzigForm
    add_form = GebruikerNieuwForm
    list_display = ["username", "first_name", "last_name", "rol", "is_active"]
    list_filter = ["rol", "is_active"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Persoon", {"fields": ("first_name", "last_name", "email")}),
        ("Rol en gemeenten", {"fields": ("rol", "gemeenten")}),
        ("Toegang", {"fields": ("is_active", "is_staff", "groups")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "rol", "gemeenten", "password1", "password2")}),
    )

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        services.zet_gemeenten(gebruiker=form.instance, gemeenten=form.cleaned_data["gemeenten"])
