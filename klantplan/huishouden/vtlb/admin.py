"""/beheer/ for the VTLB norms: the functioneel beheerder enters the amounts of every half year
(rights: schuldhulp/rechten.py). The model's clean() refuses overlaps and gaps."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from klantplan.huishouden.vtlb.bereken import TE_CONTROLEREN
from klantplan.huishouden.vtlb.codes import datum_nl, euro
from klantplan.huishouden.vtlb.models import Vtlbnorm


def einde_halfjaar(start: date) -> date:
    return date(start.year, 6, 30) if start.month <= 6 else date(start.year, 12, 31)


@admin.register(Vtlbnorm)
class VtlbnormAdmin(admin.ModelAdmin):
    list_display = ["code", "huishoudtype", "bedrag", "geldig_van", "geldig_tot", "gecontroleerd"]
    list_filter = ["code", "huishoudtype", "geldig_van"]
    search_fields = ["code", "omschrijving", "bron"]
    date_hierarchy = "geldig_van"
    actions = ["kopieer_naar_volgend_halfjaar"]
    fieldsets = [
        (None, {"fields": ["code", "huishoudtype", "omschrijving", "bedrag_cent", "bron"]}),
        (
            "Geldigheid",
            {
                "fields": ["geldig_van", "geldig_tot"],
                "description": "Perioden van één norm sluiten op elkaar aan, zonder overlap of "
                "gat. Nieuw halfjaar: selecteer in de lijst de rijen van het lopende halfjaar en "
                "kies 'Kopieer naar het volgende halfjaar'; pas daarna de bedragen en de bron aan.",
            },
        ),
    ]

    @admin.display(description="bedrag", ordering="bedrag_cent")
    def bedrag(self, norm: Vtlbnorm) -> str:
        return euro(norm.bedrag_cent)

    @admin.display(description="gecontroleerd", boolean=True)
    def gecontroleerd(self, norm: Vtlbnorm) -> bool:
        return TE_CONTROLEREN not in norm.bron

    def get_actions(self, request: HttpRequest) -> dict:
        acties = super().get_actions(request)
        acties.pop("delete_selected", None)  # a bulk delete could leave gaps
        return acties

    def has_delete_permission(self, request: HttpRequest, obj: Vtlbnorm | None = None) -> bool:
        """Only the first or last period of a norm may go: a middle one would leave a gap."""
        if obj is not None:
            zelfde = Vtlbnorm.objects.filter(code=obj.code, huishoudtype=obj.huishoudtype)
            ervoor = zelfde.filter(geldig_van__lt=obj.geldig_van).exists()
            erna = zelfde.filter(geldig_van__gt=obj.geldig_van).exists()
            if ervoor and erna:
                return False
        return super().has_delete_permission(request, obj)

    @admin.action(description="Kopieer naar het volgende halfjaar", permissions=["add"])
    def kopieer_naar_volgend_halfjaar(self, request: HttpRequest, rijen: QuerySet) -> None:
        nieuw, overgeslagen = 0, 0
        for rij in rijen:
            if (
                rij.geldig_tot is None
                or Vtlbnorm.objects.filter(
                    code=rij.code, huishoudtype=rij.huishoudtype, geldig_van__gt=rij.geldig_van
                ).exists()
            ):
                overgeslagen += 1
                continue
            start = rij.geldig_tot + timedelta(days=1)
            Vtlbnorm.objects.create(
                code=rij.code,
                huishoudtype=rij.huishoudtype,
                omschrijving=rij.omschrijving,
                bedrag_cent=rij.bedrag_cent,
                geldig_van=start,
                geldig_tot=einde_halfjaar(start),
                bron=f"Kopie van de periode vanaf {datum_nl(rij.geldig_van)}; bedrag nog niet "
                f"bijgewerkt; {TE_CONTROLEREN}",
            )
            nieuw += 1
        self.message_user(
            request,
            f"{nieuw} norm(en) gekopieerd; werk de bedragen en de bron bij. "
            + (
                f"{overgeslagen} overgeslagen (geen einddatum of er is al een latere periode)."
                if overgeslagen
                else ""
            ),
            messages.SUCCESS if nieuw else messages.WARNING,
        )
