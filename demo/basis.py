"""Demo data: the Stadsbank Oost Nederland with its 22 gemeenten, agreements, users, klanten,
and (``demo.verhaal``) the story of a few hundred trajecten over the past 15 months.

Idempotent: every row is looked up by a natural key (code, username, BSN) before it is made;
the story is made once (it recognises its own events).
"""

from __future__ import annotations

import random
from datetime import date

from django.db import transaction
from faker import Faker

from schuldhulp import rechten, services
from schuldhulp.afspraken import Afspraakstatus
from schuldhulp.models import (
    Dienstverleningsafspraak,
    Gebruiker,
    Gemeente,
    Huishouden,
    Klant,
    Organisatie,
    Rol,
)
from schuldhulp.pakketten import Pakket, Partij, optionele_taken
from schuldhulp.validators import genereer_bsn

DEMO_WACHTWOORD = "Welkom-demo-2026"
STADSBANK = "Stadsbank Oost Nederland"

# (naam, CBS-code, pakket) — Twente and Achterhoek.
GEMEENTEN: list[tuple[str, str, Pakket]] = [
    ("Aalten", "GM0197", Pakket.BASIS),
    ("Almelo", "GM0141", Pakket.ONTZORGING),
    ("Berkelland", "GM1859", Pakket.HYBRIDE),
    ("Borne", "GM0147", Pakket.ONTZORGING),
    ("Bronckhorst", "GM1876", Pakket.BASIS),
    ("Dinkelland", "GM1774", Pakket.ONTZORGING),
    ("Doetinchem", "GM0222", Pakket.HYBRIDE),
    ("Enschede", "GM0153", Pakket.HYBRIDE),
    ("Haaksbergen", "GM0158", Pakket.ONTZORGING),
    ("Hellendoorn", "GM0163", Pakket.ONTZORGING),
    ("Hengelo", "GM0164", Pakket.BASIS),
    ("Hof van Twente", "GM1735", Pakket.ONTZORGING),
    ("Losser", "GM0168", Pakket.ONTZORGING),
    ("Montferland", "GM1955", Pakket.BASIS),
    ("Oldenzaal", "GM0173", Pakket.HYBRIDE),
    ("Oost Gelre", "GM1586", Pakket.ONTZORGING),
    ("Oude IJsselstreek", "GM1509", Pakket.HYBRIDE),
    ("Rijssen-Holten", "GM1742", Pakket.ONTZORGING),
    ("Tubbergen", "GM0183", Pakket.ONTZORGING),
    ("Twenterand", "GM1700", Pakket.HYBRIDE),
    ("Wierden", "GM0189", Pakket.ONTZORGING),
    ("Winterswijk", "GM0294", Pakket.BASIS),
]

# Agreements that changed: Hengelo went from Hybride to Basis on 1 January 2023 (Klantreis '23).
# Oldenzaal has Ontzorging here; the story switches it to Hybride today through the services
# (demo/verhaal/pakketwissel.py), after its trajecten exist, so the switch really moves them.
WISSELINGEN: dict[str, list[tuple[Pakket, date, date | None]]] = {
    "GM0164": [
        (Pakket.HYBRIDE, date(2021, 1, 1), date(2022, 12, 31)),
        (Pakket.BASIS, date(2023, 1, 1), None),
    ],
    "GM0173": [(Pakket.ONTZORGING, date(2021, 1, 1), None)],
}

# username, voornaam, achternaam, rol, gemeentecodes
GEBRUIKERS: list[tuple[str, str, str, Rol, list[str]]] = [
    ("regisseur", "Sanne", "Kuipers", Rol.KLANTREGISSEUR, ["GM0141", "GM0164", "GM0153", "GM0189"]),
    ("regisseur2", "Mehmet", "Yilmaz", Rol.KLANTREGISSEUR, ["GM0147", "GM0173", "GM0168"]),
    ("consulent", "Joost", "Vennegoor", Rol.CONSULENT, ["GM0164"]),
    ("consulent.almelo", "Ilse", "Brinkhuis", Rol.CONSULENT, ["GM0141"]),
    ("consulent.enschede", "Fatima", "El Amrani", Rol.CONSULENT, ["GM0153"]),
    ("consulent.oldenzaal", "Lieke", "Oude Luttikhuis", Rol.CONSULENT, ["GM0173"]),
    ("contractmanager", "Gerrit", "Oude Nijhuis", Rol.CONTRACTMANAGER, ["GM0141", "GM0164"]),
    ("beheerder", "Anouk", "Wessels", Rol.BEHEERDER, []),
    # A second beheerder: more access for someone is approved by another beheerder (ADR 0015).
    ("beheerder2", "Ruud", "ter Horst", Rol.BEHEERDER, []),
]

BEHEER_MODELLEN = {"gemeente", "organisatie", "dienstverleningsafspraak", "gebruiker"}


def _gemeente_pakket_keuzes(pakket: Pakket, rng: random.Random) -> dict[str, str]:
    return {
        t.value: rng.choice([Partij.STADSBANK, Partij.GEMEENTE]).value
        for t in optionele_taken(pakket)
    }


@transaction.atomic
def maak_demo_data(
    *, klanten_per_gemeente: int = 14, seed: int = 2026, met_verhaal: bool = True
) -> dict[str, int]:
    """Gemeenten, agreements, users and klanten; with `met_verhaal` also trajecten in every
    phase, klantplannen, schulden, vroegsignalen and reports (see demo.verhaal)."""
    uitkomst = maak_basis(klanten_per_gemeente=klanten_per_gemeente, seed=seed)
    if met_verhaal:
        # Imported here: the story imports this module (GEBRUIKERS) and composes every app.
        from demo.verhaal import maak_verhaal

        uitkomst |= maak_verhaal(seed=seed)
    return uitkomst


def _status(van: date, tot: date | None) -> str:
    """The demo's agreements were signed long ago: their dates say where they stand."""
    vandaag = date.today()
    if tot is not None and tot < vandaag:
        return Afspraakstatus.BEEINDIGD
    return Afspraakstatus.ACTIEF if van <= vandaag else Afspraakstatus.VASTGESTELD


def maak_basis(*, klanten_per_gemeente: int = 14, seed: int = 2026) -> dict[str, int]:
    rng = random.Random(seed)
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    org, _ = Organisatie.objects.update_or_create(
        naam=STADSBANK, defaults={"telefoon": "088 480 00 00"}
    )
    gemeenten: dict[str, Gemeente] = {}
    for naam, code, pakket in GEMEENTEN:
        gemeente, _ = Gemeente.objects.update_or_create(
            code=code,
            defaults={
                "naam": naam,
                "organisatie": org,
                # Made-up numbers and addresses, in the form a real gemeente has them.
                "telefoon": f"088 {code[2:4]} {code[4:6]} 000",
                "bezwaar_adres": f"College van burgemeester en wethouders van {naam}\n"
                f"Postbus {int(code[2:])}\n{naam}",
            },
        )
        gemeenten[code] = gemeente
        for pk, van, tot in WISSELINGEN.get(code, [(pakket, date(2021, 1, 1), None)]):
            Dienstverleningsafspraak.objects.get_or_create(
                gemeente=gemeente,
                geldig_van=van,
                defaults={
                    "pakket": pk,
                    "status": _status(van, tot),
                    "geldig_tot": tot,
                    "optionele_taken": _gemeente_pakket_keuzes(pk, rng),
                },
            )
    beheer = rechten.zorg_voor_beheergroep()  # the same group as after migrate
    gebruikers: dict[str, Gebruiker] = {}
    for i, (username, voornaam, achternaam, rol, codes) in enumerate(GEBRUIKERS):
        gebruiker, nieuw = Gebruiker.objects.get_or_create(
            username=username,
            defaults={
                "first_name": voornaam,
                "last_name": achternaam,
                "rol": rol,
                "email": f"{username}@stadsbank.example",
                "telefoon": f"088 480 {1001 + i}",
                "is_staff": rol == Rol.BEHEERDER,
            },
        )
        if nieuw:
            gebruiker.set_password(DEMO_WACHTWOORD)
            gebruiker.save()
        if rol == Rol.BEHEERDER:
            gebruiker.groups.add(beheer)
        services.zet_gemeenten(gebruiker=gebruiker, gemeenten=[gemeenten[c] for c in codes])
        gebruikers[username] = gebruiker
    aantal = 0
    for _code, gemeente in sorted(gemeenten.items()):
        for _ in range(klanten_per_gemeente):
            bsn = genereer_bsn(rng)
            man = rng.random() < 0.45
            samen = rng.random() < 0.4
            _klant, nieuw = Klant.objects.get_or_create(
                bsn=bsn,
                defaults={
                    "voornamen": fake.first_name_male() if man else fake.first_name_female(),
                    "achternaam": fake.last_name(),
                    "geboortedatum": fake.date_of_birth(minimum_age=19, maximum_age=78),
                    "straat": fake.street_name(),
                    "huisnummer": str(rng.randint(1, 180)),
                    "postcode": f"{rng.randint(7000, 7699)} {fake.lexify('??').upper()}",
                    "woonplaats": gemeente.naam,
                    "huishouden": Huishouden.SAMENWONEND if samen else Huishouden.ALLEENSTAAND,
                    "aantal_kinderen": rng.choice([0, 0, 0, 1, 2, 2, 3]),
                    "telefoon": f"06{rng.randint(10000000, 99999999)}",
                    "email": f"klant{bsn[-4:]}@example.nl",
                    "gemeente": gemeente,
                },
            )
            aantal += int(nieuw)
    return {"gemeenten": len(gemeenten), "gebruikers": len(gebruikers), "nieuwe_klanten": aantal}
