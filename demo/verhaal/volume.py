"""Realistic volume for one gemeente (issue 20, point 9): Almelo gets about 250 aanmeldingen
a quarter, so its kwartaalrapportage and dashboard look like a real gemeente's.

The story records 70 of Almelo's trajecten step by step through the services (slow, and what
a demo user clicks through). The rest is written as rows by the scale generator
(:func:`demo.schaal.schrijf_trajecten`, the same journeys and clock arithmetic), spread over a
team of klantregisseurs of its own, so the demo user ``regisseur`` keeps a caseload a person
could carry. Their accounts have no usable password: they are colleagues, not demo logins.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth.models import Permission
from faker import Faker

from demo import plan
from demo.schaal import schrijf_trajecten
from schuldhulp.models import (
    Gebruiker,
    Gemeente,
    GemeenteGebruikerPermissie,
    Huishouden,
    Klant,
    Rol,
)
from schuldhulp.permissions import GEMEENTE_PERMISSIE
from schuldhulp.validators import genereer_bsn
from trajecten.models import Traject

GEMEENTE = "GM0141"  # Almelo
PER_KWARTAAL = 250  # aanmeldingen, all of the story's 15 months
DAGEN = 456  # 15 months back, as the story
COLLEGAS = 9  # klantregisseurs besides the demo users (~100 lopende trajecten each)


def vul_almelo_aan(*, vandaag: date, seed: int, reden: str) -> int:
    """Add Almelo's trajecten up to PER_KWARTAAL aanmeldingen a quarter; returns how many."""
    gemeente = Gemeente.objects.get(code=GEMEENTE)
    al = Traject.objects.filter(
        gemeente=gemeente, aanmelddatum__gte=vandaag - timedelta(days=DAGEN)
    ).count()
    aantal = round(PER_KWARTAAL * DAGEN / 91) - al
    if aantal <= 0:
        return 0
    rng = random.Random(seed + 141)
    nep = Faker("nl_NL")
    nep.seed_instance(seed + 141)
    _team(gemeente)
    klanten = _klanten(rng, nep, gemeente, aantal)
    reizen = [
        (
            plan.maak_reis(
                rng, aanmelddatum=vandaag - timedelta(days=rng.randint(0, DAGEN)), vandaag=vandaag
            ),
            klant,
        )
        for klant in klanten
    ]
    schrijf_trajecten(reizen, vandaag=vandaag, seed=seed, reden=reden)
    return aantal


def _team(gemeente: Gemeente) -> None:
    recht = Permission.objects.get(codename=GEMEENTE_PERMISSIE)
    code = gemeente.code.lower()
    nieuw = []
    for i in range(1, COLLEGAS + 1):
        g = Gebruiker(
            username=f"kr.{code}.{i:02d}",
            first_name="Collega",
            last_name=f"{gemeente.naam} {i}",
            rol=Rol.KLANTREGISSEUR,
            email=f"kr.{code}.{i}@stadsbank.example",
        )
        g.set_unusable_password()
        nieuw.append(g)
    Gebruiker.objects.bulk_create(nieuw)
    GemeenteGebruikerPermissie.objects.bulk_create(
        GemeenteGebruikerPermissie(user=g, permission=recht, content_object_id=gemeente.pk)
        for g in nieuw
    )


def _klanten(rng: random.Random, nep: Faker, gemeente: Gemeente, aantal: int) -> list[Klant]:
    bezet = set(Klant.objects.values_list("bsn", flat=True))
    klanten = []
    for _ in range(aantal):
        bsn = genereer_bsn(rng)
        while bsn in bezet:
            bsn = genereer_bsn(rng)
        bezet.add(bsn)
        man = rng.random() < 0.45
        klanten.append(
            Klant(
                bsn=bsn,
                voornamen=nep.first_name_male() if man else nep.first_name_female(),
                achternaam=nep.last_name(),
                geboortedatum=nep.date_of_birth(minimum_age=19, maximum_age=78),
                straat=nep.street_name(),
                huisnummer=str(rng.randint(1, 180)),
                postcode=plan.postcode(rng, gemeente.code),
                woonplaats=gemeente.naam,
                huishouden=Huishouden.SAMENWONEND
                if rng.random() < 0.4
                else Huishouden.ALLEENSTAAND,
                aantal_kinderen=rng.choice([0, 0, 0, 1, 2, 2, 3]),
                telefoon=f"06{rng.randint(10000000, 99999999)}",
                email=f"klant{bsn[-4:]}@example.nl",
                gemeente=gemeente,
            )
        )
    return Klant.objects.bulk_create(klanten, batch_size=500)
