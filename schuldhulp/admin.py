"""Django admin for the functioneel beheerder: gemeenten, agreements, users."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django_otp.plugins.otp_totp.models import TOTPDevice

from schuldhulp import audit, rechtenverzoeken, services
from schuldhulp.models import Dienstverleningsafspraak, Gebruiker, Gemeente, Organisatie
from schuldhulp.permissions import can_do

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
        # The stored grants, not gemeente_ids (a beheerder "works for" all without a grant).
        self.fields["gemeenten"].initial = (
            list(services.toegewezen_gemeenten(self.instance).values_list("pk", flat=True))
            if self.instance.pk
            else []
        )


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


class GebruikerNieuwForm(GemeentenVeld, UserCreationForm):
    gemeenten = _gemeenten_veld()

    class Meta(UserCreationForm.Meta):
        model = Gebruiker
        fields = ("username", "rol")


@admin.register(Gebruiker)
class GebruikerAdmin(UserAdmin):
    """Users. More access (a role, a gemeente, activating an account) becomes a request that
    another beheerder approves (schuldhulp/rechtenverzoeken.py, ADR 0015); less access works
    at once. Staff and groups follow from the role, so they are no fields here."""

    form = GebruikerWijzigForm
    add_form = GebruikerNieuwForm
    list_display = ["username", "first_name", "last_name", "rol", "is_active"]
    list_filter = ["rol", "is_active"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Persoon", {"fields": ("first_name", "last_name", "email", "telefoon")}),
        (
            "Rol en gemeenten",
            {
                "fields": ("rol", "gemeenten"),
                "description": "Een andere rol of een gemeente erbij wordt een verzoek dat "
                "een andere beheerder goedkeurt. Een gemeente weghalen gaat direct.",
            },
        ),
        ("Toegang", {"fields": ("is_active",)}),
    )
    add_fieldsets = (
        (
            None,
            {
                "fields": ("username", "rol", "gemeenten", "password1", "password2"),
                "description": "Het account blijft inactief tot een andere beheerder het "
                "verzoek goedkeurt. Daarna maakt u een inrichtlink voor de "
                "tweestapsverificatie; bij de eerste inlog kiest de medewerker een eigen "
                "wachtwoord.",
            },
        ),
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
        oud = Gebruiker.objects.get(pk=obj.pk) if change else None
        self._voor = rechtenverzoeken.rechten_van(oud) if oud else {}
        self._rol = obj.rol
        self._activeren = obj.is_active and (oud is None or not oud.is_active)
        if oud is None:  # a new account waits, inactive, for the second beheerder
            obj.is_active = False
            obj.is_staff = False
            obj.wachtwoord_wijzigen = True
        else:  # a new role, or activating, only through the request
            obj.rol = oud.rol
            obj.is_active = oud.is_active and obj.is_active
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        gebruiker = form.instance
        gewenst = list(form.cleaned_data["gemeenten"])
        huidig = set(services.toegewezen_gemeenten(gebruiker).values_list("pk", flat=True))
        # Taking a gemeente away works at once; adding one is part of the request.
        services.zet_gemeenten(
            gebruiker=gebruiker, gemeenten=[g for g in gewenst if g.pk in huidig]
        )
        verzoek = rechtenverzoeken.aanvragen(
            door=request.user,
            gebruiker=gebruiker,
            rol=self._rol,
            gemeenten=gewenst,
            activeren=self._activeren,
        )
        audit.rechten_gewijzigd(
            request=request,
            gebruiker=gebruiker,
            voor=self._voor,
            na=rechtenverzoeken.rechten_van(gebruiker),
        )
        if verzoek is not None:
            messages.warning(
                request,
                f"De nieuwe rechten van {gebruiker.get_username()} wachten op goedkeuring door "
                "een andere beheerder (Rechtenverzoeken). Tot dan verandert er niets.",
            )

    def user_change_password(self, request, id, form_url=""):
        antwoord = super().user_change_password(request, id, form_url)
        gebruiker = Gebruiker.objects.filter(pk=id).first()
        gezet = request.method == "POST" and antwoord.status_code == 302
        if gezet and gebruiker is not None and gebruiker.pk != request.user.pk:
            # A password someone else knows: at the next login the user chooses his own and
            # enrols his app again (only with a new enrolment link); the log says who did it.
            TOTPDevice.objects.filter(user=gebruiker).delete()
            Gebruiker.objects.filter(pk=gebruiker.pk).update(wachtwoord_wijzigen=True)
            audit.wachtwoord_gezet(request=request, gebruiker=gebruiker)
        return antwoord


# The beheer start page shows the open requests for rights to every beheerder.
_index = admin.site.index


def _index_met_verzoeken(request, extra_context=None):
    extra = {**(extra_context or {}), "open_verzoeken": rechtenverzoeken.open_verzoeken()}
    return _index(request, extra)


admin.site.index = _index_met_verzoeken
