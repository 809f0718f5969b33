"""Trajecten brought to a phase THROUGH trajecten.services (guards, event rows and clocks
included), the way users make them.

Two levels: `aanmelding`, `overgang` and `naar_fase` take an explicit klant and user; the
`omgeving` level (`aanmelden`, `stap`, `traject_in`) lets the agreement pick the user per step.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from schuldhulp.models import Gebruiker, Klant
from tests.bouwers.fabrieken import KlantFactory
from tests.bouwers.omgeving import Omgeving, uitvoerder
from trajecten import services, workflow
from trajecten.models import Fase, Gebeurtenis, Normbewaking, Traject

# Who does a step: one user for every step, or a choice per (overgang, traject).
Door = Gebruiker | Callable[[str, Traject], Gebruiker]

LATER_INGEVOERD = "later ingevoerd"  # reden_terugdatering for a date in the past
RUST_BEVESTIGD = {
    sleutel: "Besproken met de klant en nagegaan." for sleutel, _ in workflow.FINANCIELE_RUST_PUNTEN
}

PAD: list[tuple[Fase, str]] = [
    (Fase.INTAKE, "voer_eerste_gesprek"),
    (Fase.STABILISATIE, "neem_toelatingsbesluit"),
    (Fase.FINANCIELE_RUST, "bereik_financiele_rust"),
    (Fase.UITVOERING, "start_uitvoering"),
    (Fase.NAZORG, "start_nazorg"),
]


def vandaag() -> date:
    return timezone.localdate()


def dagen(n: int) -> timedelta:
    return timedelta(days=n)


def _reden(datum: date, reden: str | None) -> str:
    if reden is not None:
        return reden
    return "" if datum == vandaag() else LATER_INGEVOERD


def aanmelding(
    klant: Klant,
    door: Gebruiker,
    *,
    datum: date | None = None,
    kanaal: str = "wijkteam",
    bedreigend: str = "",
    reden_terugdatering: str | None = None,
    **extra: Any,
) -> Traject:
    """services.meld_aan with test defaults (today, wijkteam; a reason when backdated)."""
    datum = datum or vandaag()
    return services.meld_aan(
        klant=klant,
        door=door,
        datum=datum,
        kanaal=kanaal,
        bedreigende_situatie=bedreigend,
        reden_terugdatering=_reden(datum, reden_terugdatering),
        **extra,
    )


def overgang(
    traject: Traject,
    naam: str,
    door: Gebruiker,
    *,
    datum: date | None = None,
    reden_terugdatering: str | None = None,
    **kw: Any,
) -> Traject:
    """services.voer_overgang_uit by `door` (today unless `datum`); financiële rust with its
    three points confirmed and explained, as a worker does when the dossier lacks evidence."""
    datum = datum or vandaag()
    if naam == "bereik_financiele_rust":
        kw.setdefault("controlelijst", RUST_BEVESTIGD)
    return services.voer_overgang_uit(
        traject_id=traject.pk,
        overgang=naam,
        door=door,
        datum=datum,
        reden_terugdatering=_reden(datum, reden_terugdatering),
        **kw,
    )


def naar_fase(
    traject: Traject, fase: Fase | str, door: Door, *, productdoor: Gebruiker | None = None
) -> Traject:
    """Walk `traject` along PAD (or straight to uitstroom) to `fase`, every step today.
    Uitvoering needs a running product (Budgetcoaching); nazorg needs them all ended."""

    def wie(naam: str, t: Traject) -> Gebruiker:
        return door(naam, t) if callable(door) else door

    productdoor = productdoor or (None if callable(door) else door)
    if fase == Fase.UITGESTROOMD:
        return overgang(traject, "sluit_af", wie("sluit_af", traject), uitstroomreden="Zelf")
    for doel, naam in PAD:
        if traject.fase == fase:
            break
        if naam == "start_uitvoering":
            services.start_product(
                traject_id=traject.pk, soort="Budgetcoaching", door=productdoor, datum=vandaag()
            )
        if naam == "start_nazorg":
            for product in traject.producten.filter(einddatum__isnull=True):
                services.beeindig_product(product_id=product.pk, door=productdoor, datum=vandaag())
        traject = overgang(traject, naam, wie(naam, traject))
        assert traject.fase == doel
    return Traject.objects.get(pk=traject.pk)


# --- With an Omgeving: the agreement decides who does each step ---------------------------


def aanmelden(omg: Omgeving, *, klant: Klant | None = None, **kw: Any) -> Traject:
    """A new klant of the omgeving's gemeente (or `klant`), aangemeld by its regisseur."""
    return aanmelding(klant or KlantFactory(gemeente=omg.gemeente), omg.regisseur, **kw)


def stap(omg: Omgeving, traject: Traject, naam: str, datum: date | None = None, **kw: Any):
    return overgang(traject, naam, uitvoerder(omg, naam, traject), datum=datum, **kw)


def traject_in(omg: Omgeving, fase: Fase | str, **kw: Any) -> Traject:
    """A traject brought to `fase` through the services, every event dated today."""
    traject = aanmelden(omg, **kw)
    return naar_fase(
        traject, fase, lambda naam, t: uitvoerder(omg, naam, t), productdoor=omg.regisseur
    )


# --- Shorthands used across apps ----------------------------------------------------------


def maak_traject(
    klant: Klant,
    door: Gebruiker,
    *,
    dagen_geleden: int = 0,
    bedreigend: str = "",
    behandelaar: Gebruiker | None = None,
) -> Traject:
    """Aangemeld `dagen_geleden` days ago (its clocks run from then)."""
    return aanmelding(
        klant,
        door,
        datum=vandaag() - dagen(dagen_geleden),
        bedreigend=bedreigend,
        behandelaar=behandelaar,
    )


def toegelaten_traject(klant: Klant, door: Gebruiker) -> Traject:
    """In fase stabilisatie: aanmelding, first conversation and toelating, all by `door`."""
    traject = naar_fase(aanmelding(klant, door), Fase.INTAKE, door)
    return overgang(
        traject, "neem_toelatingsbesluit", door, toelichting="Toegelaten tot schuldhulp."
    )


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


class _Terug(Exception):
    """Rolls the savepoint back after a write that was accepted."""


def probeer(schrijf: Callable[[], object]) -> str | None:
    """Try a write in a savepoint that is always rolled back: None when the service
    accepted it, else its refusal (the page/service agreement tests try thousands)."""
    from django.db import transaction

    try:
        with transaction.atomic():
            schrijf()
            raise _Terug
    except _Terug:
        return None
    except services.Geweigerd as fout:
        return str(fout)
