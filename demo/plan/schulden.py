"""Debts for demo and scale data: about 13 creditors and € 40,000 per klant (NVVK)."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from demo.plan.reis import Reis
from trajecten.workflow import Productsoort, Schuldregelingstatus

# (schuldeiser name as in the register, relative size of a typical debt, chance it occurs)
SCHULDPROFIEL: list[tuple[str, float, float]] = [
    ("Belastingdienst", 3.0, 0.55),
    ("Dienst Toeslagen", 3.5, 0.35),
    ("CJIB", 0.6, 0.45),
    ("DUO", 2.5, 0.2),
    ("UWV", 2.0, 0.12),
    ("Sociale Verzekeringsbank", 1.0, 0.05),
    ("Gemeentebelastingen", 0.5, 0.5),
    ("Menzis", 1.0, 0.22),
    ("Zilveren Kruis", 1.0, 0.14),
    ("CZ", 1.0, 0.1),
    ("VGZ", 1.0, 0.1),
    ("Ziekenhuis Groep Twente", 0.6, 0.2),
    ("Vattenfall", 0.9, 0.15),
    ("Eneco", 0.9, 0.18),
    ("Essent", 0.9, 0.14),
    ("Vitens", 0.2, 0.3),
    ("Welbions", 1.6, 0.12),
    ("Mijande Wonen", 1.6, 0.1),
    ("Domijn", 1.6, 0.12),
    ("KPN", 0.5, 0.3),
    ("Odido", 0.5, 0.3),
    ("Vodafone", 0.5, 0.25),
    ("Intrum", 0.8, 0.35),
    ("Lowell", 0.8, 0.3),
    ("Flanderijn gerechtsdeurwaarders", 1.0, 0.25),
    ("GGN gerechtsdeurwaarders", 1.0, 0.2),
    ("Santander Consumer Finance", 4.0, 0.12),
    ("Freo", 3.0, 0.08),
    ("Klarna", 0.4, 0.3),
    ("Riverty", 0.4, 0.3),
    ("Wehkamp", 0.6, 0.25),
    ("Bol.com", 0.3, 0.2),
    ("Particuliere lening (familie)", 1.5, 0.08),
]
# Creditors the demo adds to the register seeded by klantplan's migration.
EXTRA_SCHULDEISERS: list[tuple[str, str, bool]] = [
    ("Intrum", "incasso", False),
    ("Lowell", "incasso", False),
    ("Flanderijn gerechtsdeurwaarders", "deurwaarder", False),
    ("GGN gerechtsdeurwaarders", "deurwaarder", False),
    ("Santander Consumer Finance", "krediet", False),
    ("Freo", "krediet", False),
    ("Klarna", "winkel", False),
    ("Riverty", "winkel", False),
    ("Wehkamp", "winkel", False),
    ("Bol.com", "winkel", False),
    ("Particuliere lening (familie)", "particulier", False),
]
GEMIDDELDE_SCHULD_CENT = 4_017_000  # € 40,170 (NVVK)
SPREIDING = 0.8  # of the lognormal total debt per klant
GEMIDDELD_AANTAL = 13


@dataclass(frozen=True)
class Schuldplan:
    schuldeiser: str
    oorspronkelijk_cent: int
    actueel_cent: int
    beslag: bool
    zakelijk: bool


def schulden(rng: random.Random) -> list[Schuldplan]:
    """About 13 creditors and € 40,000 in total on average (lognormal: a few very large)."""
    aantal = max(2, min(len(SCHULDPROFIEL), round(rng.gauss(GEMIDDELD_AANTAL, 4))))
    gekozen = [p for p in SCHULDPROFIEL if rng.random() < p[2]]
    rest = [p for p in SCHULDPROFIEL if p not in gekozen]
    rng.shuffle(rest)
    gekozen = (gekozen + rest)[:aantal]
    mu = math.log(GEMIDDELDE_SCHULD_CENT) - SPREIDING**2 / 2
    totaal = rng.lognormvariate(mu, SPREIDING)
    gewichten = [grootte * rng.lognormvariate(0, 0.6) for _naam, grootte, _kans in gekozen]
    som = sum(gewichten)
    zakelijk = rng.random() < 0.08  # former entrepreneurs
    uit = []
    for (naam, _grootte, _kans), gewicht in zip(gekozen, gewichten, strict=True):
        actueel = max(2_500, round(totaal * gewicht / som))
        uit.append(
            Schuldplan(
                schuldeiser=naam,
                oorspronkelijk_cent=round(actueel * rng.uniform(0.6, 0.95)),
                actueel_cent=actueel,
                beslag=rng.random() < 0.08,
                zakelijk=zakelijk and naam in ("Belastingdienst", "Santander Consumer Finance"),
            )
        )
    return uit


def schuldstatus(reis: Reis, rng: random.Random) -> str:
    """How far the schuldenoverzicht got (its own status list), by the traject's progress."""
    regeling = {p.status for p in reis.producten if p.soort == Productsoort.SCHULDBEMIDDELING}
    if regeling & {Schuldregelingstatus.TOEGEKEND, Schuldregelingstatus.DWANGAKKOORD}:
        return "akkoord"
    if Schuldregelingstatus.AFGEWEZEN in regeling and rng.random() < 0.3:
        return "afgewezen"
    if "voer_eerste_gesprek" not in reis.mijlpalen:
        return "aangemeld"
    if "neem_toelatingsbesluit" not in reis.mijlpalen:
        return rng.choice(["aangemeld", "saldo_opgevraagd"])
    return "vastgesteld" if rng.random() < 0.85 else "saldo_opgevraagd"
