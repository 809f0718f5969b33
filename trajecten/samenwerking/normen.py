"""The contract norm for accepting a warme overdracht, as data (Doorlooptijdnorm rows with
code OVERDRACHTNORM: a default, and per gemeente where its contract says otherwise). It is
applied to each overdracht on the day it is sent (``Overdracht.deadline``), not by the
traject clocks: a traject may be handed over more than once (docs/samenwerking.md)."""

from __future__ import annotations

from datetime import date

OVERDRACHTNORM = "warme-overdracht"
STANDAARD = dict(
    naam="Warme overdracht geaccepteerd binnen 5 werkdagen",
    van_mijlpaal="overdracht",
    tot_mijlpaal="overdracht_geaccepteerd",
    termijn=5,
    eenheid="werkdagen",
    wettelijk=False,
    voorwaarde="alle",
    productsoort="",
    dreigpercentage=60,
    opschorting_toegestaan=False,
    bron="Dienstverleningsafspraak Hengelo (Hybride: warme overdracht)",
)


def zaai(Doorlooptijdnorm) -> bool:
    """The default row (idempotent); takes the model so a migration can call it."""
    _, gemaakt = Doorlooptijdnorm.objects.get_or_create(
        code=OVERDRACHTNORM, gemeente=None, geldig_van=date(2021, 1, 1), defaults=STANDAARD
    )
    return gemaakt
