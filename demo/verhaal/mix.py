"""Where the demo story plays and in which phases its trajecten are today."""

from __future__ import annotations

from trajecten.workflow import Fase

# (gemeente, number of trajecten): where the demo users work, and a few places without one.
VERHAAL: list[tuple[str, int]] = [
    ("GM0141", 70),  # Almelo, Ontzorging
    ("GM0164", 55),  # Hengelo, Basis
    ("GM0153", 70),  # Enschede, Hybride
    ("GM0173", 28),  # Oldenzaal, Ontzorging; switches to Hybride today (.pakketwissel)
    ("GM0189", 18),  # Wierden
    ("GM0147", 14),  # Borne
    ("GM0168", 10),  # Losser
    ("GM0158", 10),  # Haaksbergen (no demo user: written as rows)
    ("GM0222", 10),  # Doetinchem (idem)
    ("GM0197", 8),  # Aalten (idem)
]
# Phase mix of a gemeente's trajecten today (weight per 100 for every phase).
FASEMIX: dict[Fase, int] = {
    Fase.AANGEMELD: 8,
    Fase.INTAKE: 8,
    Fase.STABILISATIE: 9,
    Fase.FINANCIELE_RUST: 6,
    Fase.UITVOERING: 30,
    Fase.NAZORG: 6,
    Fase.UITGESTROOMD: 33,
}


def fasen(aantal: int) -> list[Fase]:
    """`aantal` target phases in the proportions of FASEMIX, every phase at least once."""
    totaal = sum(FASEMIX.values())
    uit = [f for f, w in FASEMIX.items() for _ in range(max(1, round(aantal * w / totaal)))]
    while len(uit) > aantal:
        uit.remove(Fase.UITVOERING if uit.count(Fase.UITVOERING) > 1 else Fase.UITGESTROOMD)
    while len(uit) < aantal:
        uit.append(Fase.UITGESTROOMD)
    return uit


def wachttijd(fase: str, n: int) -> tuple[int, int]:
    """Days since aanmelding: some fresh aanmeldingen sit where the 4-week clock of the
    first conversation threatens (day 21-27) or has run out, so the werkvoorraad shows both."""
    if fase == Fase.AANGEMELD:
        return [(21, 27), (0, 14), (30, 50), (22, 26)][n % 4]
    if fase == Fase.INTAKE:
        return (10, 70)
    return (0, 450)
