"""/beheer/: the functioneel beheerder keeps the list of papers (kinds and the rule per
package/product). The papers of a dossier themselves are dossier data and stay out."""

from __future__ import annotations

from django.contrib import admin

from klantplan.papieren.models import Papiereis, Papiersoort


class PapiereisInline(admin.TabularInline):
    model = Papiereis
    extra = 1


@admin.register(Papiersoort)
class PapiersoortAdmin(admin.ModelAdmin):
    list_display = ["naam", "code", "volgorde", "actief"]
    list_editable = ["volgorde", "actief"]
    search_fields = ["naam", "code"]
    inlines = [PapiereisInline]


@admin.register(Papiereis)
class PapiereisAdmin(admin.ModelAdmin):
    list_display = ["soort", "pakket", "productsoort", "aanleveraar"]
    list_filter = ["pakket", "productsoort", "aanleveraar"]
