"""Demo signals: a few partners and realistic signals for some gemeenten (idempotent)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from faker import Faker

from schuldhulp.models import Gemeente
from schuldhulp.validators import genereer_bsn
from trajecten.vroegsignalering import services
from trajecten.vroegsignalering.models import SignaalPartner, Vroegsignaal
from trajecten.vroegsignalering.validatie import SignaalGegevens

# (naam, soort, soort achterstand, typical amount in euros) — the national mix of signals.
PARTNERS = [
    ("Woonstichting Twente", "woningcorporatie", "huur", 1450),
    ("Vitens", "drinkwaterbedrijf", "water", 95),
    ("Eneco", "energieleverancier", "energie", 620),
    ("Menzis", "zorgverzekeraar", "zorgverzekering", 410),
]
GEWICHT = [20, 18, 20, 41]


class Command(BaseCommand):
    help = "Maak demo-vroegsignalen voor een paar gemeenten (nogmaals draaien maakt niets dubbel)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--gemeente", action="append", default=[], metavar="GMxxxx")
        parser.add_argument("--aantal", type=int, default=40, help="Signalen per gemeente.")
        parser.add_argument("--seed", type=int, default=2026)

    @transaction.atomic
    def handle(self, *args, gemeente: list[str], aantal: int, seed: int, **opties) -> None:
        codes = gemeente or ["GM0141", "GM0164", "GM0153"]
        gemeenten = list(Gemeente.objects.filter(code__in=codes))
        rng = random.Random(seed)
        nep = Faker("nl_NL")
        nep.seed_instance(seed)
        vandaag = timezone.localdate()
        partners = {}
        for naam, soort, _, _ in PARTNERS:
            partner = SignaalPartner.objects.filter(naam=naam).first()
            if partner is None:
                partner, _ = services.maak_partner(naam=naam, soort=soort, gemeenten=gemeenten)
            else:
                partner.gemeenten.add(*gemeenten)
            partners[naam] = partner
        nieuw = 0
        for g in gemeenten:
            huishoudens = [
                {
                    "bsn": genereer_bsn(rng) if rng.random() < 0.8 else "",
                    "voornamen": nep.first_name(),
                    "achternaam": nep.last_name(),
                    "postcode": f"{rng.randint(7500, 7699)} {nep.random_uppercase_letter()}"
                    f"{nep.random_uppercase_letter()}",
                    "huisnummer": str(rng.randint(1, 180)),
                    "straat": nep.street_name(),
                    "woonplaats": g.naam,
                    "telefoon": f"06 {rng.randint(10000000, 99999999)}",
                }
                for _ in range(int(aantal * 0.75))
            ]
            for n in range(aantal):
                signaal_id = f"DEMO-{g.code}-{n}"
                naam, soort, achterstand, bedrag = rng.choices(PARTNERS, GEWICHT)[0]
                persoon = huishoudens[n % len(huishoudens)]  # some households twice
                gegevens = SignaalGegevens(
                    partner_soort=soort,
                    partner_naam=naam,
                    partner_signaal_id=signaal_id,
                    soort_achterstand=achterstand,
                    bedrag_centen=int(bedrag * rng.uniform(0.5, 2.5) * 100),
                    maanden_achterstand=rng.randint(1, 4),
                    ontvangen_op=vandaag - timedelta(days=rng.randint(0, 24)),
                    **persoon,
                )
                if Vroegsignaal.objects.filter(partner_signaal_id=signaal_id).exists():
                    continue  # made by an earlier run
                services.ontvang_api_signaal(partner=partners[naam], gemeente=g, gegevens=gegevens)
                nieuw += 1
        self.stdout.write(f"{nieuw} demo-vroegsignalen aangemaakt voor {len(gemeenten)} gemeenten.")
