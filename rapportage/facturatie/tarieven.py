"""The prices of an agreement besides its own prijs per traject / per traject per maand:
a fixed fee, opschalen (maatwerk) and per product, in whole cents. Written by the agreement's
services (trajecten/pakket/services/afspraken.py) while it is a concept; a trigger refuses
any change after that."""

from __future__ import annotations

from rapportage.facturatie.models import Grondslag, Tarief
from schuldhulp.models import Dienstverleningsafspraak
from trajecten.models import Productsoort

VAST = "vast"
MAATWERK = "maatwerk"


def product_sleutel(soort: Productsoort | str) -> str:
    return f"product_{Productsoort(soort).name.lower()}"


# Key on the form and in the services → (grondslag, productsoort).
SLEUTELS: dict[str, tuple[str, str]] = {
    VAST: (Grondslag.VAST.value, ""),
    MAATWERK: (Grondslag.MAATWERKMAAND.value, ""),
    **{product_sleutel(s): (Grondslag.PRODUCTMAAND.value, s.value) for s in Productsoort},
}


def van(afspraak: Dienstverleningsafspraak | None) -> dict[str, int]:
    """The prices of `afspraak` by key (cents); empty for a new agreement."""
    if afspraak is None or afspraak.pk is None:
        return {}
    terug = {v: k for k, v in SLEUTELS.items()}
    return {
        terug[(t.grondslag, t.productsoort)]: t.bedrag_centen
        for t in Tarief.objects.filter(afspraak=afspraak)
    }


def zet(afspraak: Dienstverleningsafspraak, prijzen: dict[str, int | None]) -> None:
    """Replace the prices of a concept agreement (caller holds the gate and the lock)."""
    onbekend = set(prijzen) - set(SLEUTELS)
    if onbekend:
        raise ValueError(f"Onbekende prijs: {sorted(onbekend)}")
    if any(bedrag is not None and bedrag < 0 for bedrag in prijzen.values()):
        raise ValueError("Een prijs kan niet negatief zijn.")
    Tarief.objects.filter(afspraak=afspraak).delete()
    Tarief.objects.bulk_create(
        Tarief(
            afspraak=afspraak,
            grondslag=SLEUTELS[sleutel][0],
            productsoort=SLEUTELS[sleutel][1],
            bedrag_centen=bedrag,
        )
        for sleutel, bedrag in prijzen.items()
        if bedrag is not None
    )
