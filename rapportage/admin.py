"""Admin for the functioneel beheerder: report settings, savings, costs; reports read-only."""

from __future__ import annotations

from django.contrib import admin

from rapportage.models import Besparing, Instellingen, Kwartaalrapportage, Uitvoeringskosten


@admin.register(Instellingen)
class InstellingenAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "doel_financiele_rust",
        "termijn_financiele_rust_weken",
        "doel_zelfredzaam",
    ]

    def has_add_permission(self, request) -> bool:
        # One row; and only with the right to add (the permission check stays).
        return super().has_add_permission(request) and not Instellingen.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Besparing)
class BesparingAdmin(admin.ModelAdmin):
    list_display = ["soort", "direct", "indirect", "bron"]


@admin.register(Uitvoeringskosten)
class UitvoeringskostenAdmin(admin.ModelAdmin):
    list_display = ["gemeente", "geldig_van", "bedrag_per_kwartaal", "toelichting"]
    list_filter = ["gemeente"]


@admin.register(Kwartaalrapportage)
class KwartaalrapportageAdmin(admin.ModelAdmin):
    """Read-only: a report is never changed; a new one is asked for on the Rapportages page."""

    list_display = ["__str__", "status", "gemaakt_op", "checksum"]
    list_filter = ["status", "jaar", "kwartaal"]
    exclude = ["pdf", "cijfers"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
