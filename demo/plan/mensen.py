"""People and places for demo and scale data: gemeenten of Twente and the Achterhoek,
postcodes, and BSNs that pass the elfproef."""

from __future__ import annotations

import random
from collections.abc import Iterator

# (code, inhabitants in thousands, postcode ranges as (first, last) of the 4 digits)
GEMEENTEPROFIEL: dict[str, tuple[int, list[tuple[int, int]]]] = {
    "GM0197": (27, [(7121, 7137)]),  # Aalten
    "GM0141": (74, [(7600, 7609)]),  # Almelo
    "GM1859": (44, [(7150, 7165), (7270, 7275)]),  # Berkelland
    "GM0147": (24, [(7621, 7623)]),  # Borne
    "GM1876": (37, [(7221, 7227), (7255, 7256)]),  # Bronckhorst
    "GM1774": (27, [(7580, 7591)]),  # Dinkelland
    "GM0222": (59, [(7001, 7009)]),  # Doetinchem
    "GM0153": (161, [(7511, 7548)]),  # Enschede
    "GM0158": (24, [(7480, 7483)]),  # Haaksbergen
    "GM0163": (36, [(7440, 7448)]),  # Hellendoorn
    "GM0164": (82, [(7550, 7559)]),  # Hengelo
    "GM1735": (35, [(7470, 7478)]),  # Hof van Twente
    "GM0168": (23, [(7580, 7588)]),  # Losser
    "GM1955": (36, [(6940, 6942)]),  # Montferland
    "GM0173": (32, [(7570, 7577)]),  # Oldenzaal
    "GM1586": (30, [(7130, 7140)]),  # Oost Gelre
    "GM1509": (40, [(7080, 7091)]),  # Oude IJsselstreek
    "GM1742": (39, [(7460, 7463)]),  # Rijssen-Holten
    "GM0183": (21, [(7650, 7665)]),  # Tubbergen
    "GM1700": (34, [(7670, 7687)]),  # Twenterand
    "GM0189": (25, [(7640, 7645)]),  # Wierden
    "GM0294": (29, [(7100, 7108)]),  # Winterswijk
}


def postcode(rng: random.Random, code: str) -> str:
    _inwoners, reeksen = GEMEENTEPROFIEL.get(code, (0, [(7000, 7699)]))
    laag, hoog = rng.choice(reeksen)
    letters = "ABCDEGHJKLMNPRSTVWXZ"
    return f"{rng.randint(laag, hoog)} {rng.choice(letters)}{rng.choice(letters)}"


def bsn_reeks(start: int = 0, *, prefix: int = 3) -> Iterator[str]:
    """Unique BSNs that pass the elfproef, from running numbers: ``{prefix}xxxxxxxx``.
    One number in eleven gives check digit 10 and is skipped."""
    for volgnummer in range(start, 10_000_000):
        cijfers = [int(c) for c in f"{prefix}{volgnummer:07d}"]
        laatste = sum(c * w for c, w in zip(cijfers, range(9, 1, -1), strict=True)) % 11
        if laatste <= 9:
            yield "".join(map(str, cijfers)) + str(laatste)
