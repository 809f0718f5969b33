"""Beheer of signal partners. Cases and signals are dossier data: not in the admin
(a functioneel beheerder never sees a dossier)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpRequest

from trajecten.vroegsignalering import services
from trajecten.vroegsignalering.models import SignaalPartner


def _toon_token(request: HttpRequest, partner: SignaalPartner, token: str) -> None:
    messages.warning(
        request,
        f"Token voor {partner.naam}: {token} — geef het veilig door aan de partner. "
        "Het wordt niet nog een keer getoond; bewaard wordt alleen een hash.",
    )


@admin.register(SignaalPartner)
class SignaalPartnerAdmin(admin.ModelAdmin):
    list_display = ["naam", "soort", "actief", "token_begin", "laatst_gebruikt_op"]
    list_filter = ["soort", "actief"]
    search_fields = ["naam"]
    filter_horizontal = ["gemeenten"]
    fields = ["naam", "soort", "gemeenten", "actief", "token_begin", "laatst_gebruikt_op"]
    readonly_fields = ["token_begin", "laatst_gebruikt_op"]
    actions = ["nieuw_token"]

    def save_model(self, request, obj: SignaalPartner, form, change: bool) -> None:
        token = None if change else services.zet_token(partner=obj)
        super().save_model(request, obj, form, change)
        if token:
            _toon_token(request, obj, token)

    @admin.action(description="Nieuw token maken (het oude werkt dan niet meer)")
    def nieuw_token(self, request: HttpRequest, queryset) -> None:
        for partner in queryset:
            _toon_token(request, partner, services.vernieuw_token(partner_id=partner.pk))
