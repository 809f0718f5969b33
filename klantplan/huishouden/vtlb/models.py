"""The VTLB norm amounts as data with validity periods (they change every 1 January and 1 July),
kept by the functioneel beheerder in /beheer/. Periods of one code and household type follow
each other without overlap or gap; ``geldig_tot`` is the last day (inclusive)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, QuerySet

from klantplan.huishouden.vtlb import codes as c

__all__ = ["Vtlbnorm"]  # for the star import in klantplan/huishouden/models.py


class VtlbnormQuerySet(models.QuerySet):
    def geldig_op(self, peildatum: date) -> QuerySet:
        return self.filter(geldig_van__lte=peildatum).filter(
            Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=peildatum)
        )


class Vtlbnorm(models.Model):
    code = models.CharField(max_length=40, choices=c.NORMCODES)
    omschrijving = models.CharField(max_length=200, blank=True)
    huishoudtype = models.CharField(
        max_length=30, choices=c.HUISHOUDTYPES, blank=True, default=c.ALLE
    )
    bedrag_cent = models.PositiveIntegerField(
        "bedrag (cent per maand)", help_text="In centen per maand: € 1.369,06 is 136906."
    )
    geldig_van = models.DateField()
    geldig_tot = models.DateField(
        null=True, blank=True, help_text="Laatste dag (meestal 30 juni of 31 december)."
    )
    bron = models.TextField(
        help_text="Publicatie met datum; schrijf 'te controleren' zolang het bedrag niet "
        "tegen de officiële publicatie is gecontroleerd."
    )

    objects = VtlbnormQuerySet.as_manager()

    class Meta:
        app_label = "huishouden"
        verbose_name = "VTLB-norm"
        verbose_name_plural = "VTLB-normen"
        ordering = ["code", "huishoudtype", "geldig_van"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "huishoudtype", "geldig_van"], name="vtlbnorm_uniek_per_start"
            ),
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=F("geldig_van")),
                name="vtlbnorm_tot_na_van",
                violation_error_message="De einddatum ligt voor de begindatum.",
            ),
        ]

    def __str__(self) -> str:
        return f"{c.normnaam(self.code, self.huishoudtype)} vanaf {c.datum_nl(self.geldig_van)}"

    def clean(self) -> None:
        if self.code and self.huishoudtype not in c.VEREIST.get(self.code, ()):
            toegestaan = ", ".join(c.TYPENAMEN[t].lower() for t in c.VEREIST[self.code])
            raise ValidationError(
                {"huishoudtype": f"Deze norm kent alleen het huishoudtype: {toegestaan}."}
            )
        if not (self.code and self.geldig_van):
            return
        if self.geldig_tot and self.geldig_tot < self.geldig_van:
            raise ValidationError({"geldig_tot": "De einddatum ligt voor de begindatum."})
        anderen = Vtlbnorm.objects.filter(code=self.code, huishoudtype=self.huishoudtype)
        fouten = periodefouten([*anderen.exclude(pk=self.pk), self])
        if fouten:
            raise ValidationError(fouten)


def periodefouten(rijen: Iterable[Vtlbnorm]) -> list[str]:
    """Overlaps and gaps between the periods of each (code, huishoudtype), in Dutch."""
    per_soort: dict[tuple[str, str], list[Vtlbnorm]] = {}
    for rij in rijen:
        per_soort.setdefault((rij.code, rij.huishoudtype), []).append(rij)
    fouten = []
    for (code, soort), reeks in sorted(per_soort.items()):
        reeks.sort(key=lambda rij: rij.geldig_van)
        naam = c.normnaam(code, soort)
        for vorige, volgende in pairwise(reeks):
            if vorige.geldig_tot is None or vorige.geldig_tot >= volgende.geldig_van:
                fouten.append(
                    f"{naam}: de periode vanaf {c.datum_nl(vorige.geldig_van)} overlapt met "
                    f"de periode vanaf {c.datum_nl(volgende.geldig_van)}. Zet bij de eerste "
                    f"'geldig tot' op {c.datum_nl(volgende.geldig_van - timedelta(days=1))}."
                )
            elif vorige.geldig_tot + timedelta(days=1) != volgende.geldig_van:
                fouten.append(
                    f"{naam}: tussen {c.datum_nl(vorige.geldig_tot)} en "
                    f"{c.datum_nl(volgende.geldig_van)} zit een gat; de perioden moeten op "
                    "elkaar aansluiten."
                )
    return fouten
