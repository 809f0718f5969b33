"""factory_boy factories with Dutch fake data and valid BSNs, plus the small builders on top
of them: a gemeente with its agreement and a medewerker without a password."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import factory
from factory.django import DjangoModelFactory

from schuldhulp import services
from schuldhulp.models import Dienstverleningsafspraak, Gebruiker, Gemeente, Klant, Organisatie, Rol
from schuldhulp.validators import genereer_bsn

WACHTWOORD = "Test-wachtwoord-123"
_rng = random.Random()

# The optional (O) tasks of a Hybride or Basis agreement.
O_TAKEN = [
    "informatie_verzamelen",
    "schuldenoverzicht",
    "wgs_beschikking",
    "opmaat_tot_uitstroom",
    "exitgesprek",
]

# test name → (pakket, choices for the O tasks)
PAKKETTEN: dict[str, tuple[str, dict[str, str]]] = {
    "ontzorging": ("ontzorging", {}),
    "hybride-stadsbank": ("hybride", dict.fromkeys(O_TAKEN, "stadsbank")),
    "hybride-gemeente": ("hybride", dict.fromkeys(O_TAKEN, "gemeente")),
    "basis": ("basis", {"opmaat_tot_uitstroom": "gemeente"}),
    "basis-opmaat-stadsbank": ("basis", {"opmaat_tot_uitstroom": "stadsbank"}),
    # The agreement leaves one task to be settled per traject (trajecten/pakket, issue 12).
    "hybride-overleg": (
        "hybride",
        {**dict.fromkeys(O_TAKEN, "gemeente"), "schuldenoverzicht": "overleg"},
    ),
}
# The choices an agreement gets when a test names only the pakket.
STANDAARDKEUZES: dict[str, dict[str, str]] = {
    "ontzorging": PAKKETTEN["ontzorging"][1],
    "hybride": PAKKETTEN["hybride-stadsbank"][1],
    "basis": PAKKETTEN["basis"][1],
}


class OrganisatieFactory(DjangoModelFactory):
    class Meta:
        model = Organisatie
        django_get_or_create = ("naam",)

    naam = "Stadsbank Oost Nederland"


class GemeenteFactory(DjangoModelFactory):
    class Meta:
        model = Gemeente
        django_get_or_create = ("code",)

    naam = factory.Faker("city", locale="nl_NL")
    # CBS codes have four digits: wrap within 9000–9999 (a worker runs thousands of tests;
    # each test's gemeenten are rolled back, so a code comes free again).
    code = factory.Sequence(lambda n: f"GM{9000 + n % 1000:04d}")
    organisatie = factory.SubFactory(OrganisatieFactory)


class AfspraakFactory(DjangoModelFactory):
    class Meta:
        model = Dienstverleningsafspraak

    gemeente = factory.SubFactory(GemeenteFactory)
    pakket = "ontzorging"
    geldig_van = date(2020, 1, 1)
    geldig_tot = None
    status = "actief"  # in force; the lifecycle itself is tested in tests/pakket
    optionele_taken = factory.LazyAttribute(lambda o: dict(STANDAARDKEUZES.get(o.pakket, {})))


class GebruikerFactory(DjangoModelFactory):
    class Meta:
        model = Gebruiker
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    rol = Rol.KLANTREGISSEUR
    password = factory.django.Password(WACHTWOORD)

    @factory.post_generation
    def gemeenten(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            services.zet_gemeenten(gebruiker=self, gemeenten=extracted)


class KlantFactory(DjangoModelFactory):
    class Meta:
        model = Klant

    bsn = factory.LazyFunction(lambda: genereer_bsn(_rng))
    voornamen = factory.Faker("first_name", locale="nl_NL")
    achternaam = factory.Faker("last_name", locale="nl_NL")
    geboortedatum = date(1984, 5, 12)
    straat = factory.Faker("street_name", locale="nl_NL")
    huisnummer = "12"
    postcode = "7607 AB"
    woonplaats = "Almelo"
    gemeente = factory.SubFactory(GemeenteFactory)


def gemeente_met_afspraak(
    naam: str,
    code: str,
    pakket: str = "ontzorging",
    optionele_taken: dict[str, str] | None = None,
) -> Gemeente:
    """A gemeente with one agreement in force since 2020 (before every test date)."""
    gemeente = GemeenteFactory(naam=naam, code=code)
    # None: the factory's choices for this pakket (STANDAARDKEUZES).
    keuzes = {} if optionele_taken is None else {"optionele_taken": optionele_taken}
    AfspraakFactory(gemeente=gemeente, pakket=pakket, geldig_van=date(2020, 1, 1), **keuzes)
    return gemeente


def medewerker(
    username: str, rol: Rol, gemeenten: list[Gemeente] | None = None, **extra: Any
) -> Gebruiker:
    """A user without a usable password: for force_login only (hashing is slow)."""
    return GebruikerFactory(username=username, rol=rol, gemeenten=gemeenten, password=None, **extra)
