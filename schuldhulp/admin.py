"""Django admin for the functioneel beheerder: gemeenten, agreements, users."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django_otp.plugins.otp_totp.models import TOTPDevice

from schuldhulp import audit, services
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


# What gives access: never changed on one's own account (separation of duties, issue 17).
RECHTEN = ("rol", "gemeenten", "is_staff", "is_superuser", "groups", "user_permissions")
EIGEN_RECHTEN = (
    "U kunt uw eigen rol, gemeenten en rechten niet wijzigen. Vraag een andere beheerder; "
    "zo ziet altijd een tweede persoon wie waar toegang krijgt."
)


class GebruikerWijzigForm(GemeentenVeld, UserChangeForm):
    gemeenten = _gemeenten_veld()
    door: Gebruiker | None = None  # set per request by GebruikerAdmin.get_form

    class Meta(UserChangeForm.Meta):
        model = Gebruiker

    def clean(self) -> dict:
        data = super().clean()
        eigen = self.door is not None and self.instance.pk == self.door.pk
        if eigen and any(veld in self.changed_data and veld in self.fields for veld in RECHTEN):
            raise forms.ValidationError(EIGEN_RECHTEN)
        return data


def rechten_van(gebruiker: Gebruiker) -> dict[str, object]:
    """The access a user has, as plain values for the verwerkingenlog (no personal data)."""
    return {
        "rol": gebruiker.rol,
        "gemeenten": sorted(
            services.toegewezen_gemeenten(gebruiker).values_list("code", flat=True)
        ),
        "is_active": gebruiker.is_active,
        "is_staff": gebruiker.is_staff,
        "is_superuser": gebruiker.is_superuser,
        "groups": sorted(gebruiker.groups.values_list("name", flat=True)),
    }


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
        ("Persoon", {"fields": ("first_name", "last_name", "email", "telefoon")}),
        ("Rol en gemeenten", {"fields": ("rol", "gemeenten")}),
        ("Toegang", {"fields": ("is_active", "is_staff", "groups")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "rol", "gemeenten", "password1", "password2")}),
    )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.door = request.user
        return form

    def has_delete_permission(self, request, obj=None) -> bool:
        # Not one's own account either (the same separation of duties).
        return super().has_delete_permission(request, obj) and (
            obj is None or obj.pk != request.user.pk
        )

    def save_model(self, request, obj, form, change) -> None:
        # Before the save: the rights as they were (the m2m and gemeenten follow in save_related).
        self._voor = rechten_van(Gebruiker.objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        services.zet_gemeenten(gebruiker=form.instance, gemeenten=form.cleaned_data["gemeenten"])
        audit.rechten_gewijzigd(
            request=request, gebruiker=form.instance, voor=self._voor, na=rechten_van(form.instance)
        )

    def user_change_password(self, request, id, form_url=""):
        antwoord = super().user_change_password(request, id, form_url)
        if request.method == "POST" and antwoord.status_code == 302:
            # A password set by someone else: the second factor starts over (a new enrolment
            # at the next login), and the verwerkingenlog says who did it.
            gebruiker = Gebruiker.objects.get(pk=id)
            TOTPDevice.objects.filter(user=gebruiker).delete()
            audit.wachtwoord_gezet(request=request, gebruiker=gebruiker)
        return antwoord
