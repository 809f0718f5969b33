"""Helpers for the trajecten core tests: gemeenten per package, users per role, trajecten
brought to a phase through the real services (so every event row and clock is there)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from schuldhulp.models import Gebruiker, Gemeente, Klant, Rol
from tests.factories import AfspraakFactory, GebruikerFactory, GemeenteFactory, KlantFactory
from trajecten import services
from trajecten.models import Doorlooptijdnorm, Fase, Gebeurtenis, Normbewaking, Traject
from trajecten.normenset import zaai_normen

O_TAKEN = [
    "informatie_verzamelen",
    "schuldenoverzicht",
    "wgs_beschikking",
    "opmaat_tot_uitstroom",
    "exitgesprek",
]

# name → (pakket, choices for the O tasks)
PAKKETTEN: dict[str, tuple[str, dict[str, str]]] = {
    "ontzorging": ("ontzorging", {}),
    "hybride-stadsbank": ("hybride", dict.fromkeys(O_TAKEN, "stadsbank")),
    "hybride-gemeente": ("hybride", dict.fromkeys(O_TAKEN, "gemeente")),
    "basis": ("basis", {"opmaat_tot_uitstroom": "gemeente"}),
    "basis-opmaat-stadsbank": ("basis", {"opmaat_tot_uitstroom": "stadsbank"}),
}


@dataclass
class Omgeving:
    gemeente: Gemeente
    regisseur: Gebruiker
    consulent: Gebruiker
    contractmanager: Gebruiker
    beheerder: Gebruiker
    ander: Gebruiker  # a klantregisseur of another gemeente
    ander_consulent: Gebruiker

    def rol(self, naam: str) -> Gebruiker:
        return getattr(self, naam)


_teller = iter(range(10_000))


def _gebruiker(username: str, rol: Rol, gemeenten: list[Gemeente] | None = None, **kw):
    # No password (unusable, not hashed): these users never log in and hashing is slow.
    return GebruikerFactory(username=username, rol=rol, gemeenten=gemeenten, password=None, **kw)


def omgeving(pakket: str = "ontzorging") -> Omgeving:
    soort, keuzes = PAKKETTEN[pakket]
    # The seeded norms come from a data migration; a transactional test (here or in another
    # app, e.g. a browser test) flushes them away, so make sure they are there.
    zaai_normen(Doorlooptijdnorm)
    n = next(_teller)
    gemeente = GemeenteFactory(code=f"GM{7000 + n:04d}", naam=f"Testgemeente {n}")
    AfspraakFactory(
        gemeente=gemeente, pakket=soort, optionele_taken=keuzes, geldig_van=date(2020, 1, 1)
    )
    andere = GemeenteFactory(code=f"GM{8000 + n:04d}", naam=f"Andere gemeente {n}")
    AfspraakFactory(gemeente=andere, pakket=soort, geldig_van=date(2020, 1, 1))
    return Omgeving(
        gemeente=gemeente,
        regisseur=_gebruiker(f"kr{n}", Rol.KLANTREGISSEUR, [gemeente]),
        consulent=_gebruiker(f"co{n}", Rol.CONSULENT, [gemeente]),
        contractmanager=_gebruiker(f"cm{n}", Rol.CONTRACTMANAGER, [gemeente]),
        beheerder=_gebruiker(f"fb{n}", Rol.BEHEERDER, is_staff=True),
        ander=_gebruiker(f"ak{n}", Rol.KLANTREGISSEUR, [andere]),
        ander_consulent=_gebruiker(f"ac{n}", Rol.CONSULENT, [andere]),
    )


def uitvoerder(omg: Omgeving, overgang: str, traject: Traject) -> Gebruiker:
    """The user whose side does this transition's task under the traject's agreement."""
    from trajecten.workflow import OVERGANGEN, partij_voor

    partij = partij_voor(traject, OVERGANGEN[overgang].taak)
    return omg.regisseur if partij == "stadsbank" else omg.consulent


def beschikbaar(traject: Traject, user) -> list:
    """The transitions the gate allows this user now (the buttons the page shows)."""
    from schuldhulp.permissions import mag
    from trajecten.workflow import OVERGANGEN

    return [o for o in OVERGANGEN.values() if mag(user, o, traject) is None]


def vandaag() -> date:
    return timezone.localdate()


def aanmelden(
    omg: Omgeving,
    *,
    klant: Klant | None = None,
    datum: date | None = None,
    kanaal: str = "wijkteam",
    bedreigend: str = "",
    **extra,
) -> Traject:
    datum = datum or vandaag()
    return services.meld_aan(
        klant=klant or KlantFactory(gemeente=omg.gemeente),
        door=omg.regisseur,
        datum=datum,
        kanaal=kanaal,
        bedreigende_situatie=bedreigend,
        reden_terugdatering="" if datum == vandaag() else "later ingevoerd",
        **extra,
    )


def stap(omg: Omgeving, traject: Traject, overgang: str, datum: date | None = None, **kw):
    datum = datum or vandaag()
    return services.voer_overgang_uit(
        traject_id=traject.pk,
        overgang=overgang,
        door=uitvoerder(omg, overgang, traject),
        datum=datum,
        reden_terugdatering="" if datum == vandaag() else "later ingevoerd",
        **kw,
    )


PAD: list[tuple[Fase, str]] = [
    (Fase.INTAKE, "voer_eerste_gesprek"),
    (Fase.STABILISATIE, "neem_toelatingsbesluit"),
    (Fase.FINANCIELE_RUST, "bereik_financiele_rust"),
    (Fase.UITVOERING, "start_uitvoering"),
    (Fase.NAZORG, "start_nazorg"),
]


def traject_in(omg: Omgeving, fase: Fase | str, **kw) -> Traject:
    """A traject brought to `fase` through the services, every event dated today."""
    traject = aanmelden(omg, **kw)
    if fase == Fase.UITGESTROOMD:
        return stap(omg, traject, "sluit_af", uitstroomreden="Zelf")
    for doel, overgang in PAD:
        if traject.fase == fase:
            break
        if overgang == "start_uitvoering":
            services.start_product(
                traject_id=traject.pk, soort="Budgetcoaching", door=omg.regisseur, datum=vandaag()
            )
        if overgang == "start_nazorg":
            for product in traject.producten.filter(einddatum__isnull=True):
                services.beeindig_product(
                    product_id=product.pk, door=omg.regisseur, datum=vandaag()
                )
        traject = stap(omg, traject, overgang)
        assert traject.fase == doel
    return Traject.objects.get(pk=traject.pk)


def momentopname(traject: Traject) -> tuple:
    """Everything a refused write must leave as it was."""
    t = Traject.objects.get(pk=traject.pk)
    klokken = sorted(
        Normbewaking.objects.filter(traject=t).values_list(
            "norm__code", "product_id", "start", "deadline", "status", "gehaald_op", "vervallen"
        )
    )
    return (
        t.fase,
        t.versie,
        t.uitstroomreden,
        Gebeurtenis.objects.filter(traject=t).count(),
        t.producten.count(),
        klokken,
    )


def dagen(n: int) -> timedelta:
    return timedelta(days=n)
