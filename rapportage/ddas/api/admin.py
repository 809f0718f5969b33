"""/beheer/ → DDAS-afnemers: the functioneel beheerder registers the CBS (or another afnemer)
and sets its gemeenten. The OAuth2 client is made with it; its secret is shown once.

django-oauth-toolkit's own admin pages (applications, tokens, grants) are taken away: an
afnemer is the one place, deactivating it or a new secret revokes its tokens."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpRequest
from oauth2_provider.models import (
    get_access_token_model,
    get_application_model,
    get_grant_model,
    get_id_token_model,
    get_refresh_token_model,
)

from rapportage.ddas.api import registratie
from rapportage.ddas.api.models import Afnemer

for _model in (
    get_application_model(),
    get_access_token_model(),
    get_grant_model(),
    get_id_token_model(),
    get_refresh_token_model(),
):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


def _toon_geheim(request: HttpRequest, afnemer: Afnemer, geheim: str) -> None:
    messages.warning(
        request,
        f"OAuth2-client van {afnemer.naam}: client_id {afnemer.application.client_id}, "
        f"client_secret {geheim} — geef beide veilig door aan de afnemer. Het geheim wordt "
        "niet nog een keer getoond; bewaard wordt alleen een hash.",
    )


@admin.register(Afnemer)
class AfnemerAdmin(admin.ModelAdmin):
    list_display = ["naam", "client_id", "alle_gemeenten", "actief", "laatst_geleverd_op"]
    list_filter = ["actief", "alle_gemeenten"]
    search_fields = ["naam"]
    filter_horizontal = ["gemeenten"]
    fields = [
        "naam",
        "client_id",
        "alle_gemeenten",
        "gemeenten",
        "oin",
        "actief",
        "aangemaakt_op",
        "laatst_geleverd_op",
    ]
    readonly_fields = ["client_id", "aangemaakt_op", "laatst_geleverd_op"]
    actions = ["maak_nieuw_geheim"]

    @admin.display(description="client_id")
    def client_id(self, obj: Afnemer) -> str:
        return obj.application.client_id if obj.pk else "(wordt gemaakt bij opslaan)"

    def save_model(self, request, obj: Afnemer, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            if not obj.actief and registratie.trek_tokens_in(obj):
                messages.info(request, f"De tokens van {obj.naam} zijn ingetrokken.")
            return
        _, geheim = registratie.registreer(obj)
        _toon_geheim(request, obj, geheim)

    def delete_model(self, request, obj: Afnemer) -> None:
        registratie.verwijder(obj)

    def delete_queryset(self, request, queryset) -> None:
        for afnemer in queryset:
            registratie.verwijder(afnemer)

    @admin.action(description="Nieuw clientgeheim maken (het oude en zijn tokens vervallen)")
    def maak_nieuw_geheim(self, request: HttpRequest, queryset) -> None:
        for afnemer in queryset:
            _toon_geheim(request, afnemer, registratie.nieuw_geheim(afnemer))
