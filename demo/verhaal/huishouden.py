"""The demo's households (issue 15): a couple with two children in Almelo whose budget is
filled in and vastgesteld, so the VTLB, the aflosruimte and 'Zo ziet uw maand eruit' show.

The persona of the client study: she carries her husband's business debts, so the partner is
in the traject and some debts are his or theirs together.
"""

from __future__ import annotations

from datetime import date

from klantplan.huishouden import budget, services
from schuldhulp.models import Gebruiker, Klant
from trajecten.models import Fase, Traject

REGISSEUR = "regisseur"
PARTNER = services.NieuwePartner("Mehmet", "", "Yilmaz", date(1984, 6, 12))
# A valid BSN (elfproef) that the demo's klanten do not use (they are generated from a seed).
PARTNER_BSN = "999993653"
POSTEN = [
    ("salaris", "partner", 198_000, "Bezorgdienst, 32 uur"),
    ("huurtoeslag", "samen", 31_000, ""),
    ("zorgtoeslag", "samen", 23_000, ""),
    ("kinderbijslag", "samen", 27_400, ""),
    ("huur", "samen", 86_500, "Woningcorporatie"),
    ("energie", "samen", 21_000, ""),
    ("water", "samen", 2_900, ""),
    ("zorgpremie", "samen", 31_200, "Twee volwassenen"),
    ("verzekeringen", "samen", 4_800, "Aansprakelijkheid en inboedel"),
    ("telefoon", "samen", 6_500, ""),
]


def speel_huishouden(vandaag: date) -> dict[str, int]:
    regisseur = Gebruiker.objects.get(username=REGISSEUR)
    traject = (
        Traject.objects.filter(gemeente__code="GM0141", fase=Fase.STABILISATIE)
        .order_by("aanmelddatum", "pk")
        .first()
    )
    if traject is None or Klant.objects.filter(bsn=PARTNER_BSN).exists():
        return {"huishoudens": 0}
    services.koppel_partner(traject_id=traject.pk, door=regisseur, bsn=PARTNER_BSN, nieuw=PARTNER)
    for geboortejaar in (vandaag.year - 9, vandaag.year - 6):
        services.voeg_huisgenoot_toe(
            traject_id=traject.pk, door=regisseur, soort="kind", geboortejaar=geboortejaar
        )
    for soort, van, bedrag, omschrijving in POSTEN:
        budget.voeg_post_toe(
            traject_id=traject.pk,
            door=regisseur,
            gegevens=budget.Postgegevens(soort, van, bedrag, omschrijving),
        )
    budget.stel_vast(traject_id=traject.pk, door=regisseur)
    return {"huishoudens": 1}
