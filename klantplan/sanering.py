"""Saneringsvoorstel: verdeling van de afloscapaciteit over de schuldeisers.

Zuivere Python-module (geen Django), bedoeld voor het berekenen van een
saneringsvoorstel volgens de NVVK Gedragscode Schuldregeling. Alle bedragen
zijn gehele aantallen centen (``int``).

Twee varianten
--------------
* **Minnelijke schuldregeling** (:func:`bereken_schuldregeling`): het
  beschikbare bedrag is ``aflosruimte_per_maand_cent * looptijd_maanden``.
  De looptijd is 18 maanden; 36 maanden is alleen toegestaan voor oudere
  regelingen (wijziging NVVK, november 2023).
* **Saneringskrediet** (:func:`bereken_saneringskrediet`): het beschikbare
  bedrag is het eenmalige kredietbedrag.

Verdeelregel
------------
Concurrente schuldeisers ontvangen hetzelfde percentage ``p`` van hun
vordering; preferente schuldeisers ontvangen ``min(100%, factor * p)``
(standaard factor 2). ``p`` wordt exact (met breuken, zonder afronding)
zo bepaald dat de som van alle aandelen precies gelijk is aan het
beschikbare bedrag. Is het beschikbare bedrag groter dan of gelijk aan de
totale schuld, dan ontvangt iedereen 100% en wordt het verschil als
``overschot_cent`` gerapporteerd. Een schuldeiser ontvangt nooit meer dan
zijn vordering.

Afrondingsregel (grootste-restmethode)
--------------------------------------
De exacte aandelen zijn in het algemeen geen hele centen. Ze worden als volgt
naar centen afgerond:

1. Elk exact aandeel wordt naar beneden afgerond op hele centen.
2. Het verschil tussen het te verdelen bedrag (het beschikbare bedrag, of de
   totale schuld als die kleiner is) en de som van de afgeronde aandelen is
   een geheel aantal centen, kleiner dan het aantal vorderingen.
3. Die resterende centen worden één voor één toegekend aan de vorderingen
   met de grootste weggevallen rest (het deel achter de komma in centen),
   hoogstens één cent per vordering. Bij gelijke rest gaat de vordering met
   de alfabetisch kleinste ``sleutel`` (gewone tekstvolgorde, Python ``str``)
   voor.

Gevolgen: de aandelen tellen exact op tot ``min(beschikbaar, totale schuld)``;
elk aandeel ligt tussen 0 en de vordering (een vordering zonder rest krijgt
geen extra cent, dus een volledig betaalde vordering wordt nooit
overschreden); elk aandeel wijkt minder dan één cent af van het exacte
aandeel; en de uitkomst per sleutel is onafhankelijk van de volgorde van de
invoer.

Percentages (``Decimal`` met twee decimalen) worden exact berekend en
half-naar-boven (``ROUND_HALF_UP``) afgerond. Het percentage van een
:class:`Aandeel` is het werkelijk toegekende afgeronde aandeel gedeeld door de
vordering; ``concurrent_percentage`` en ``preferent_percentage`` van het
:class:`Voorstel` zijn de exacte verdeelpercentages ``p`` en
``min(1, factor * p)``, afgerond voor weergave.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

__all__ = [
    "STANDAARD_LOOPTIJD_MAANDEN",
    "STANDAARD_PREFERENT_FACTOR",
    "TOEGESTANE_LOOPTIJDEN_MAANDEN",
    "Aandeel",
    "OngeldigeInvoer",
    "Voorstel",
    "Vordering",
    "bepaal_verdeelpercentage",
    "bereken_saneringskrediet",
    "bereken_schuldregeling",
    "grootste_rest",
]

STANDAARD_LOOPTIJD_MAANDEN = 18
TOEGESTANE_LOOPTIJDEN_MAANDEN: tuple[int, ...] = (18, 36)
STANDAARD_PREFERENT_FACTOR = Decimal(2)

Soort = Literal["schuldregeling", "saneringskrediet"]


class OngeldigeInvoer(ValueError):
    """Invoer waarmee geen saneringsvoorstel berekend kan worden."""


@dataclass(frozen=True, slots=True)
class Vordering:
    """Eén vordering van een schuldeiser.

    ``sleutel`` identificeert de schuldeiser/vorderingsregel en moet uniek zijn
    binnen één berekening; ``bedrag_cent`` is het openstaande bedrag (> 0).
    """

    sleutel: str
    bedrag_cent: int
    preferent: bool = False


@dataclass(frozen=True, slots=True)
class Aandeel:
    """Het aandeel van één vordering in het voorstel."""

    sleutel: str
    vordering_cent: int
    aandeel_cent: int
    percentage: Decimal
    preferent: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "sleutel": self.sleutel,
            "vordering_cent": self.vordering_cent,
            "aandeel_cent": self.aandeel_cent,
            "percentage": str(self.percentage),
            "preferent": self.preferent,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Aandeel:
        return cls(
            sleutel=str(data["sleutel"]),
            vordering_cent=int(data["vordering_cent"]),
            aandeel_cent=int(data["aandeel_cent"]),
            percentage=Decimal(data["percentage"]),
            preferent=bool(data["preferent"]),
        )


@dataclass(frozen=True, slots=True)
class Voorstel:
    """Een berekend saneringsvoorstel.

    ``aandelen`` staat in de volgorde van de invoer. ``looptijd_maanden`` en
    ``aflosruimte_per_maand_cent`` zijn ``None`` bij een saneringskrediet.
    """

    soort: Soort
    beschikbaar_cent: int
    totaal_schuld_cent: int
    aandelen: tuple[Aandeel, ...]
    concurrent_percentage: Decimal
    preferent_percentage: Decimal
    overschot_cent: int
    looptijd_maanden: int | None
    aflosruimte_per_maand_cent: int | None
    preferent_factor: Decimal = STANDAARD_PREFERENT_FACTOR

    @property
    def totaal_aandelen_cent(self) -> int:
        """Som van alle aandelen (= ``min(beschikbaar_cent, totaal_schuld_cent)``)."""
        return sum(a.aandeel_cent for a in self.aandelen)

    def as_dict(self) -> dict[str, Any]:
        """JSON-geschikte weergave: alleen ``int``, ``str``, ``bool``, ``None`` en lijsten.

        ``Decimal``-waarden worden als tekst opgeslagen (bijv. ``"25.71"``), zodat
        er geen verlies door ``float`` optreedt. Terug te lezen met :meth:`from_dict`.
        """
        return {
            "soort": self.soort,
            "beschikbaar_cent": self.beschikbaar_cent,
            "totaal_schuld_cent": self.totaal_schuld_cent,
            "aandelen": [a.as_dict() for a in self.aandelen],
            "concurrent_percentage": str(self.concurrent_percentage),
            "preferent_percentage": str(self.preferent_percentage),
            "overschot_cent": self.overschot_cent,
            "looptijd_maanden": self.looptijd_maanden,
            "aflosruimte_per_maand_cent": self.aflosruimte_per_maand_cent,
            "preferent_factor": str(self.preferent_factor),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Voorstel:
        """Inverse van :meth:`as_dict`."""
        soort = data["soort"]
        if soort not in ("schuldregeling", "saneringskrediet"):
            raise OngeldigeInvoer(f"Onbekende soort voorstel: {soort!r}.")
        looptijd = data.get("looptijd_maanden")
        aflosruimte = data.get("aflosruimte_per_maand_cent")
        return cls(
            soort=soort,
            beschikbaar_cent=int(data["beschikbaar_cent"]),
            totaal_schuld_cent=int(data["totaal_schuld_cent"]),
            aandelen=tuple(Aandeel.from_dict(a) for a in data["aandelen"]),
            concurrent_percentage=Decimal(data["concurrent_percentage"]),
            preferent_percentage=Decimal(data["preferent_percentage"]),
            overschot_cent=int(data["overschot_cent"]),
            looptijd_maanden=None if looptijd is None else int(looptijd),
            aflosruimte_per_maand_cent=None if aflosruimte is None else int(aflosruimte),
            preferent_factor=Decimal(data.get("preferent_factor", str(STANDAARD_PREFERENT_FACTOR))),
        )


# ---------------------------------------------------------------------------
# Publieke rekenfuncties
# ---------------------------------------------------------------------------


def bereken_schuldregeling(
    vorderingen: Iterable[Vordering],
    *,
    aflosruimte_per_maand_cent: int,
    looptijd_maanden: int = STANDAARD_LOOPTIJD_MAANDEN,
    preferent_factor: Decimal = STANDAARD_PREFERENT_FACTOR,
) -> Voorstel:
    """Bereken het voorstel voor een minnelijke schuldregeling.

    Beschikbaar is ``aflosruimte_per_maand_cent * looptijd_maanden``; zie de
    moduledocumentatie voor de verdeel- en afrondingsregel.

    :raises OngeldigeInvoer: bij ongeldige invoer (een subklasse van ``ValueError``).
    """
    if not _is_geheel_getal(looptijd_maanden) or (
        looptijd_maanden not in TOEGESTANE_LOOPTIJDEN_MAANDEN
    ):
        raise OngeldigeInvoer(
            "De looptijd van een schuldregeling moet 18 maanden zijn, of 36 maanden voor "
            f"oudere regelingen (NVVK, november 2023); gekregen: {looptijd_maanden!r}."
        )
    _controleer_niet_negatief(aflosruimte_per_maand_cent, "De aflosruimte per maand")
    return _bereken(
        vorderingen,
        soort="schuldregeling",
        beschikbaar_cent=aflosruimte_per_maand_cent * looptijd_maanden,
        preferent_factor=preferent_factor,
        looptijd_maanden=looptijd_maanden,
        aflosruimte_per_maand_cent=aflosruimte_per_maand_cent,
    )


def bereken_saneringskrediet(
    vorderingen: Iterable[Vordering],
    *,
    krediet_cent: int,
    preferent_factor: Decimal = STANDAARD_PREFERENT_FACTOR,
) -> Voorstel:
    """Bereken het voorstel voor een saneringskrediet (eenmalige uitkering).

    Het kredietbedrag wordt met dezelfde verdeel- en afrondingsregel verdeeld
    als bij :func:`bereken_schuldregeling`.

    :raises OngeldigeInvoer: bij ongeldige invoer (een subklasse van ``ValueError``).
    """
    _controleer_niet_negatief(krediet_cent, "Het saneringskrediet")
    return _bereken(
        vorderingen,
        soort="saneringskrediet",
        beschikbaar_cent=krediet_cent,
        preferent_factor=preferent_factor,
        looptijd_maanden=None,
        aflosruimte_per_maand_cent=None,
    )


def bepaal_verdeelpercentage(
    vorderingen: Iterable[Vordering],
    *,
    beschikbaar_cent: int,
    preferent_factor: Decimal = STANDAARD_PREFERENT_FACTOR,
) -> Fraction:
    """Het exacte concurrente verdeelpercentage ``p`` als breuk in ``[0, 1]``.

    Preferente vorderingen krijgen ``min(1, factor * p)``. Voor
    ``beschikbaar_cent >= totale schuld`` is ``p == 1``.
    """
    lijst = _controleer_vorderingen(vorderingen)
    _controleer_niet_negatief(beschikbaar_cent, "Het beschikbare bedrag")
    factor = _controleer_factor(preferent_factor)
    concurrent, preferent = _totalen(lijst)
    return _los_percentage_op(concurrent, preferent, beschikbaar_cent, factor)


# ---------------------------------------------------------------------------
# Interne hulpfuncties
# ---------------------------------------------------------------------------


def _bereken(
    vorderingen: Iterable[Vordering],
    *,
    soort: Soort,
    beschikbaar_cent: int,
    preferent_factor: Decimal,
    looptijd_maanden: int | None,
    aflosruimte_per_maand_cent: int | None,
) -> Voorstel:
    lijst = _controleer_vorderingen(vorderingen)
    factor = _controleer_factor(preferent_factor)
    concurrent, preferent = _totalen(lijst)
    totaal = concurrent + preferent
    p = _los_percentage_op(concurrent, preferent, beschikbaar_cent, factor)
    p_preferent = min(Fraction(1), factor * p)

    exact = {v.sleutel: v.bedrag_cent * (p_preferent if v.preferent else p) for v in lijst}
    te_verdelen = min(beschikbaar_cent, totaal)
    afgerond = grootste_rest(exact, te_verdelen)

    aandelen = tuple(
        Aandeel(
            sleutel=v.sleutel,
            vordering_cent=v.bedrag_cent,
            aandeel_cent=afgerond[v.sleutel],
            percentage=_procent(Fraction(afgerond[v.sleutel], v.bedrag_cent)),
            preferent=v.preferent,
        )
        for v in lijst
    )
    return Voorstel(
        soort=soort,
        beschikbaar_cent=beschikbaar_cent,
        totaal_schuld_cent=totaal,
        aandelen=aandelen,
        concurrent_percentage=_procent(p),
        preferent_percentage=_procent(p_preferent),
        overschot_cent=max(0, beschikbaar_cent - totaal),
        looptijd_maanden=looptijd_maanden,
        aflosruimte_per_maand_cent=aflosruimte_per_maand_cent,
        preferent_factor=Decimal(preferent_factor),
    )


def _los_percentage_op(concurrent: int, preferent: int, beschikbaar: int, k: Fraction) -> Fraction:
    """Los ``concurrent * p + preferent * min(1, k * p) == beschikbaar`` exact op.

    De linkerkant is continu en stijgend in ``p``, met een knik bij ``p = 1/k``
    (daar bereiken alle preferente vorderingen tegelijk 100%).
    """
    totaal = concurrent + preferent
    if beschikbaar >= totaal:
        return Fraction(1)
    # Deel 1: preferente vorderingen nog niet volledig betaald (k * p <= 1).
    p = Fraction(beschikbaar) / (concurrent + k * preferent)
    if k * p <= 1:
        return p
    # Deel 2: preferente vorderingen volledig betaald, de rest gaat naar de
    # concurrente. Hier is concurrent > 0: zonder concurrente vorderingen zou
    # k * p = beschikbaar / preferent < 1 gelden en waren we al klaar.
    return Fraction(beschikbaar - preferent, concurrent)


def grootste_rest(exact: Mapping[str, Fraction], te_verdelen: int) -> dict[str, int]:
    """Rond exacte aandelen af op centen met de grootste-restmethode (zie de moduledoc).

    Voorwaarde: de exacte aandelen tellen op tot ``te_verdelen``. Ook gebruikt voor het
    betaalschema van een lopende regeling (klantplan/schuldregeling/schema.py)."""
    afgerond = {sleutel: math.floor(waarde) for sleutel, waarde in exact.items()}
    over = te_verdelen - sum(afgerond.values())
    kandidaten = sorted(
        (
            (exact[sleutel] - afgerond[sleutel], sleutel)
            for sleutel in exact
            if exact[sleutel] != afgerond[sleutel]
        ),
        key=lambda rest_sleutel: (-rest_sleutel[0], rest_sleutel[1]),
    )
    if not 0 <= over <= len(kandidaten):  # pragma: no cover - wiskundig uitgesloten
        raise RuntimeError(f"Interne fout bij het afronden: {over} cent resteert.")
    for _rest, sleutel in kandidaten[:over]:
        afgerond[sleutel] += 1
    return afgerond


_grootste_rest = grootste_rest  # de oude (interne) naam


def _totalen(lijst: tuple[Vordering, ...]) -> tuple[int, int]:
    concurrent = sum(v.bedrag_cent for v in lijst if not v.preferent)
    preferent = sum(v.bedrag_cent for v in lijst if v.preferent)
    return concurrent, preferent


def _procent(fractie: Fraction) -> Decimal:
    """Fractie (0.2571...) -> percentage met twee decimalen, exact half-naar-boven."""
    honderdsten = math.floor(fractie * 10_000 + Fraction(1, 2))
    return Decimal(honderdsten).scaleb(-2)


def _is_geheel_getal(waarde: object) -> bool:
    return isinstance(waarde, int) and not isinstance(waarde, bool)


def _controleer_niet_negatief(waarde: object, omschrijving: str) -> None:
    if not isinstance(waarde, int) or isinstance(waarde, bool):
        raise OngeldigeInvoer(
            f"{omschrijving} moet een geheel aantal centen zijn; gekregen: {waarde!r}."
        )
    if waarde < 0:
        raise OngeldigeInvoer(f"{omschrijving} mag niet negatief zijn; gekregen: {waarde} cent.")


def _controleer_factor(factor: object) -> Fraction:
    if isinstance(factor, bool) or not isinstance(factor, int | Decimal):
        raise OngeldigeInvoer(
            f"De preferentiefactor moet een Decimal of een geheel getal zijn; gekregen: {factor!r}."
        )
    if isinstance(factor, Decimal) and not factor.is_finite():
        raise OngeldigeInvoer(
            f"De preferentiefactor moet een eindig getal zijn; gekregen: {factor}."
        )
    breuk = Fraction(factor)
    if breuk < 1:
        raise OngeldigeInvoer(f"De preferentiefactor moet minimaal 1 zijn; gekregen: {factor}.")
    return breuk


def _controleer_vorderingen(vorderingen: Iterable[Vordering]) -> tuple[Vordering, ...]:
    if isinstance(vorderingen, str | bytes | Vordering):
        raise OngeldigeInvoer("Geef de vorderingen op als een lijst van Vordering-objecten.")
    lijst = tuple(vorderingen)
    if not lijst:
        raise OngeldigeInvoer("Er is minimaal één vordering nodig om een voorstel te berekenen.")
    gezien: set[str] = set()
    for vordering in lijst:
        if not isinstance(vordering, Vordering):
            raise OngeldigeInvoer(
                f"Onverwacht element in de vorderingen: {vordering!r} (verwacht een Vordering)."
            )
        sleutel = vordering.sleutel
        if not isinstance(sleutel, str) or not sleutel.strip():
            raise OngeldigeInvoer(
                f"Elke vordering moet een niet-lege sleutel (tekst) hebben; gekregen: {sleutel!r}."
            )
        if sleutel in gezien:
            raise OngeldigeInvoer(
                f"De sleutel {sleutel!r} komt meer dan één keer voor; "
                "elke vordering moet een unieke sleutel hebben."
            )
        gezien.add(sleutel)
        bedrag = vordering.bedrag_cent
        if not _is_geheel_getal(bedrag):
            raise OngeldigeInvoer(
                f"Het bedrag van vordering {sleutel!r} moet een geheel aantal centen zijn; "
                f"gekregen: {bedrag!r}."
            )
        if bedrag <= 0:
            raise OngeldigeInvoer(
                f"Het bedrag van vordering {sleutel!r} moet groter dan nul zijn; "
                f"gekregen: {bedrag} cent."
            )
        if not isinstance(vordering.preferent, bool):
            raise OngeldigeInvoer(
                f"Het kenmerk 'preferent' van vordering {sleutel!r} moet True of False zijn; "
                f"gekregen: {vordering.preferent!r}."
            )
    return lijst
