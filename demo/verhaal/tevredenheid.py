"""The demo's survey at uitstroom (issue 19): about two thirds of the klanten of Almelo and
Hengelo whose traject ended through the services fill in the one-minute survey a week after
their uitstroom, through the same service as the public page (so the answers are anonymous
exactly as in production). The figure on the dashboard and in the report is then not empty."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db.models import Max, Q

from rapportage.tevredenheid import services
from trajecten.models import AFGESLOTEN_FASEN, UITSTROOM_SOORTEN, Traject

GEMEENTEN = ("GM0141", "GM0164")
UITSTROOM = Q(gebeurtenissen__soort__in=UITSTROOM_SOORTEN)
CIJFERS = [6, 7, 7, 8, 8, 8, 9, 9, 10, 5]
OPMERKINGEN = [
    "Eindelijk weer overzicht. Dank aan mijn contactpersoon.",
    "Het duurde lang voordat ik het eerste gesprek had.",
    "",
    "Fijn dat ik alles in Mijn Schuldhulp kon zien.",
]


def speel_tevredenheid(vandaag: date, seed: int = 2026) -> dict[str, int]:
    rng = random.Random(seed + 19)
    # The invitations are made after the commit of each uitstroom; the demo may still be
    # inside one transaction here, so make them now (one per traject: nothing twice later).
    trajecten = (
        Traject.objects.filter(gemeente__code__in=GEMEENTEN, fase__in=AFGESLOTEN_FASEN)
        .annotate(uit=Max("gebeurtenissen__datum", filter=UITSTROOM))
        .filter(uit__isnull=False)
        .order_by("pk")
    )
    ingevuld = 0
    for traject in trajecten:
        uitnodiging = services.maak_uitnodiging(traject.pk)
        if uitnodiging.ingevuld_op is not None or rng.random() > 0.65:
            continue
        dag = min(traject.uit + timedelta(days=rng.randint(2, 10)), vandaag)
        antwoorden = services.Antwoorden(
            cijfer=rng.choice(CIJFERS),
            meer_rust=rng.choice(["ja", "ja", "beetje", "nee"]),
            aanraden=rng.choice(["ja", "ja", "ja", "weet_niet", "nee"]),
            toelichting=rng.choice(OPMERKINGEN),
        )
        services.vul_in(services.token(uitnodiging), antwoorden, vandaag=dag)
        ingevuld += 1
    return {"tevredenheid_ingevuld": ingevuld}
