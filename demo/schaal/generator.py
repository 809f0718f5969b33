"""``manage.py demo_data --omvang schaal``: plan klanten and their chains of trajecten, then
write them chunk by chunk (:class:`~demo.schaal.schrijver.Schrijver`)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from demo import plan
from demo.schaal.context import (
    BSN_PREFIX_KLANT,
    Context,
    Keten,
    maak_ketens,
    maak_medewerkers,
)
from demo.schaal.gebeurtenissen import REDEN
from demo.schaal.laden import snel_laden
from demo.schaal.schrijver import Schrijver
from schuldhulp.models import Klant

PER_BLOK = 5_000  # trajecten per chunk


def genereer(
    *,
    trajecten: int,
    klanten: int | None = None,
    jaren: int = 3,
    seed: int = 2026,
    vandaag: date | None = None,
    melding: Callable[[str], None] = print,
) -> dict[str, int]:
    """Fill the database with scale data (gemeenten and demo users first, if needed)."""
    from demo.basis import maak_demo_data
    from trajecten.models import Traject

    vandaag = vandaag or timezone.localdate()
    klanten = klanten or max(1, round(trajecten * 2 / 3))
    if klanten > trajecten or trajecten > 3 * klanten:
        raise ValueError("Kies tussen 1 en 3 trajecten per klant.")
    begin = time.monotonic()
    maak_demo_data(met_verhaal=False)
    if (
        Klant.objects.filter(bsn__startswith=str(BSN_PREFIX_KLANT), voornamen__gt="")
        .filter(pk__in=Traject.objects.values("klant_id"))
        .count()
        > 1000
    ):
        raise ValueError("Deze database bevat al schaalgegevens. Gebruik een lege database.")
    ctx = Context(vandaag=vandaag, seed=seed)
    ctx.schuldeisers = zorg_voor_schuldeisers()
    medewerkers = maak_medewerkers(ctx, trajecten)
    ketens = maak_ketens(ctx, trajecten, klanten, jaren)
    melding(f"Plan: {klanten:,} klanten, {trajecten:,} trajecten, {medewerkers} medewerkers")
    telling: dict[str, int] = {}
    schrijver = Schrijver(ctx, schaal=trajecten / 150_000)
    # Trajecten in order of aanmelding, so ids follow time as in a real database.
    alle = sorted(
        ((aanmeld, sluit, keten) for keten in ketens for aanmeld, sluit in keten.trajecten),
        key=lambda t: t[0],
    )
    with snel_laden(melding):
        schrijver.klanten(ketens)
        for i in range(0, len(alle), PER_BLOK):
            with transaction.atomic():
                reizen = [
                    (
                        plan.maak_reis(
                            ctx.rng, aanmelddatum=aanmeld, vandaag=vandaag, sluit_uiterlijk=sluit
                        ),
                        keten,
                    )
                    for aanmeld, sluit, keten in alle[i : i + PER_BLOK]
                ]
                for tabel, n in schrijver.blok(reizen).items():
                    telling[tabel] = telling.get(tabel, 0) + n
            melding(
                f"  {min(i + PER_BLOK, len(alle)):>9,} / {len(alle):,} trajecten "
                f"({time.monotonic() - begin:.0f} s)"
            )
        with transaction.atomic():
            telling |= schrijver.signalen.open_zaken()
    _na_het_laden(vandaag, melding)
    telling["seconden"] = round(time.monotonic() - begin)
    return telling


def zorg_voor_schuldeisers() -> dict[str, int]:
    """The register seeded by klantplan's migration plus the creditors the planner uses
    (plan.EXTRA_SCHULDEISERS); returns casefolded name → id."""
    from klantplan.models import Schuldeiser

    for naam, soort, preferent in plan.EXTRA_SCHULDEISERS:
        if not Schuldeiser.objects.filter(naam__iexact=naam).exists():
            Schuldeiser(naam=naam, soort=soort, preferent=preferent).save()
    return {naam.casefold(): pk for naam, pk in Schuldeiser.objects.values_list("naam", "pk")}


def _na_het_laden(vandaag: date, melding: Callable[[str], None]) -> None:
    """Sequences, statistics, whose turn it is (the rows are written around the services),
    and one run of the daily norm watch (toetsen, run record; it routes by aan zet)."""
    from trajecten.normbewaking import dagelijkse_normbewaking
    from trajecten.samenwerking.aanzet import werk_bij_alle

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    bekeken, _ = werk_bij_alle()
    melding(f"Aan zet bepaald voor {bekeken:,} trajecten")
    uitkomst = dagelijkse_normbewaking(vandaag=vandaag)
    melding(f"Dagelijkse normbewaking: {uitkomst}")


def schrijf_trajecten(
    reizen: list[tuple[plan.Reis, Klant]],
    *,
    vandaag: date,
    seed: int = 2026,
    reden: str = "",
) -> dict[str, int]:
    """Write planned journeys of existing klanten as rows (the demo's trajecten in gemeenten
    without a demo user, and tests that need many trajecten fast). The behandelaar is one
    of the users who work for the klant's gemeente."""
    ctx = Context(vandaag=vandaag, seed=seed)
    ctx.laad_medewerkers()
    ctx.schuldeisers = zorg_voor_schuldeisers()
    schrijver = Schrijver(ctx, reden=reden or REDEN, schaal=0)
    index = {g.pk: n for n, g in enumerate(ctx.gemeenten)}
    blok = []
    for reis, klant in reizen:
        schrijver.klant_ids[klant.pk] = klant.pk
        schrijver.klant_gemeente[klant.pk] = klant.gemeente_id
        blok.append((reis, Keten(klant.pk, index[klant.gemeente_id], [])))
    if not blok:
        return {}
    telling = schrijver.blok(blok)
    # Rows written around the services: their stored urgency as herbereken would leave it.
    from trajecten import urgentie

    urgentie.herstel()
    return telling
