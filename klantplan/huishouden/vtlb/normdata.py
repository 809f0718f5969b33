"""The seeded VTLB norms: four half years from 1 January 2025 to 31 December 2026.

Used by migration huishouden/0002 and by tests. Every amount names its source; amounts that
could not be checked against an official publication say 'te controleren' (see docs/vtlb.md).
The 2026 amounts were not found in the sources consulted: they repeat 1 July 2025 and are marked
as provisional, so a beheerder must replace them with the published figures.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from klantplan.huishouden.vtlb import codes as c

PERIODEN: tuple[tuple[date, date], ...] = (
    (date(2025, 1, 1), date(2025, 6, 30)),
    (date(2025, 7, 1), date(2025, 12, 31)),
    (date(2026, 1, 1), date(2026, 6, 30)),
    (date(2026, 7, 1), date(2026, 12, 31)),
)

WESTLAND = (
    "Gemeente Westland, Normenoverzicht minimuminkomen (normbedragen Participatiewet met ingang "
    "van 1 januari 2025, incl. vakantiegeld), gemeentewestland.nl"
)
STIMULANSZ = (
    "Stimulansz, berekenuwrechtplus.nl/normenoverzicht (bijstandsnorm incl. vakantiegeld, "
    "100%-kolom); de pagina noemt geen ingangsdatum, vermoedelijk 1 juli 2025; te controleren"
)
AAG = "AAG, 'Beslagvrije voet per 1 januari 2025' (maximumbedragen), aag.nl"
FUNDAMENT = "Fundament, 'Bedragen beslagvrije voet omhoog per 1 juli 2025', fundamentvoor.nl"
VOORLOPIG = (
    "VOORLOPIG: bedrag van 1 juli 2025 overgenomen ({bron}); het bedrag per {start} is niet "
    "gevonden in de geraadpleegde bronnen; te controleren en te vervangen"
)

# (code, huishoudtype) -> amounts in cent for the first two periods, and the source of each.
BIJSTAND = {
    c.ALLEENSTAAND: (134545, 136906),
    c.ALLEENSTAANDE_OUDER: (134545, 136906),
    c.GEHUWD: (192207, 195580),
    c.ALLEENSTAAND_AOW: (150107, 153021),
    c.GEHUWD_AOW: (205348, 209498),
}
BVV = {
    c.ALLEENSTAAND: (207124, 209367),
    c.ALLEENSTAANDE_OUDER: (224224, 226467),
    c.GEHUWD: (273903, 277107),
    c.GEHUWD_MET_KINDEREN: (285596, 288800),
}
SCHATTING_KGB = (
    "Schatting: jaarbedrag kindgebonden budget 2024 gedeeld door 12 (uit het geheugen van de "
    "ontwikkelaar, geen bron gevonden; Belastingdienst/Toeslagen); te controleren"
)
# Codes with one amount for every household: (amount, source) per period (the same each).
VAST: dict[str, tuple[int, str]] = {
    c.NORMHUUR: (
        24000,
        "Schatting van de minimum basishuur huurtoeslag (begrip: Woonbond, 'Normen en grenzen "
        "huurtoeslag'; het bedrag staat daar niet); te controleren",
    ),
    c.MAXIMALE_HUURGRENS: (
        90007,
        "Maximale huurgrens huurtoeslag 2025 (Belastingdienst/Toeslagen; uit het geheugen van "
        "de ontwikkelaar, niet in de geraadpleegde bronnen); te controleren",
    ),
    c.NORMPREMIE_ZORG: (
        5475,
        "Schatting: standaardpremie 2025 (€ 2.229 per jaar) min maximale zorgtoeslag "
        "alleenstaande (€ 131 per maand); uit het geheugen van de ontwikkelaar; te controleren",
    ),
    c.EIGEN_RISICO: (
        3208,
        "NVVK, 'Besluiten Werkgroep Rekenmethode' (4 maart 2021): correctie eigen risico "
        "€ 32,08 (= € 385 / 12); dat het eigen risico in 2025-2026 € 385 bleef: te controleren",
    ),
    c.KGB_PER_KIND: (20925, SCHATTING_KGB),
    c.KGB_12_15: (5858, SCHATTING_KGB),
    c.KGB_16_17: (7800, SCHATTING_KGB),
    c.KGB_ALLEENSTAANDE_OUDERKOP: (29000, SCHATTING_KGB),
}
ARBEID_BRON = (
    "Afgeleid: 'ongeveer 5% van de halve bijstandsnorm voor een echtpaar' (Van Dijk Sociaal, "
    "'Het vrij te laten bedrag, wat is dat?'); te controleren tegen het Recofa vtlb-rapport"
)


def _bron(eigen: tuple[str, str], nr: int, van: date) -> str:
    if nr < 2:
        return eigen[nr]
    return VOORLOPIG.format(bron=eigen[1], start=c.datum_nl(van))


def rijen() -> list[dict[str, Any]]:
    """All seeded rows as keyword arguments for Vtlbnorm."""
    uit: list[dict[str, Any]] = []
    for nr, (van, tot) in enumerate(PERIODEN):
        kolom = min(nr, 1)  # 2026 repeats 1 July 2025
        bedragen: list[tuple[str, str, int, str]] = [
            (c.BIJSTANDSNORM, soort, paar[kolom], _bron((WESTLAND, STIMULANSZ), nr, van))
            for soort, paar in BIJSTAND.items()
        ]
        bedragen += [
            (c.BVV_MAXIMUM, soort, paar[kolom], _bron((AAG, FUNDAMENT), nr, van))
            for soort, paar in BVV.items()
        ]
        bedragen += [(code, c.ALLE, cent, tekst) for code, (cent, tekst) in VAST.items()]
        gehuwd = BIJSTAND[c.GEHUWD][kolom]
        bedragen.append((c.ARBEIDSTOESLAG, c.ALLE, -(-gehuwd * 5 // 200), ARBEID_BRON))
        uit += [
            {
                "code": code,
                "huishoudtype": soort,
                "omschrijving": c.normnaam(code, soort),
                "bedrag_cent": cent,
                "geldig_van": van,
                "geldig_tot": tot,
                "bron": tekst,
            }
            for code, soort, cent, tekst in bedragen
        ]
    return uit


def zaai_vtlbnormen(model: Any) -> None:
    """Put the seeded rows in (the historical model in the migration, or the real one)."""
    model.objects.bulk_create([model(**rij) for rij in rijen()], ignore_conflicts=True)
