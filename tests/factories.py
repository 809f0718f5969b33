"""factory_boy factories with Dutch fake data and valid BSNs."""

from __future__ import annotations

import random
from datetime import date

import factory
from factory.django import DjangoModelFactory

from schuldhulp import services
from schuldhulp.models import Dienstverleningsafspraak, Gebruiker, Gemeente, Klant, Organisatie, Rol
from schuldhulp.validators import genereer_bsn

WACHTWOORD = "Test-wachtwoord-123"
_rng = random.Random()


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
    code = factory.Sequence(lambda n: f"GM{9000 + n:04d}")
    organisatie = factory.SubFactory(OrganisatieFactory)


class AfspraakFactory(DjangoModelFactory):
    class Meta:
        model = Dienstverleningsafspraak

    gemeente = factory.SubFactory(GemeenteFactory)
    pakket = "ontzorging"
    geldig_van = date(2020, 1, 1)
    geldig_tot = None
    optionele_taken = factory.LazyAttribute(
        lambda o: (
            {
                t: "stadsbank"
                for t in [
                    "informatie_verzamelen",
                    "schuldenoverzicht",
                    "wgs_beschikking",
                    "opmaat_tot_uitstroom",
                    "exitgesprek",
                ]
            }
            if o.pakket == "hybride"
            else ({"opmaat_tot_uitstroom": "gemeente"} if o.pakket == "basis" else {})
        )
    )


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
