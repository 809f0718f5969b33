"""The debts of one record (``schulden[]``, ``totaalSchuldbedragBijAanvangSchuld``): read, then
written into the klant's schuldenoverzicht (klantplan.Schuld) with the creditor from the shared
register — found by KvK-nummer or name, else added.

DDAS gives one amount per debt (the amount on its peildatum) and the total at the start. With
one debt the total is its original amount; with more, each debt's original amount is its
delivered amount and a different total is reported, not spread over the debts.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from django.db.models.functions import Lower
from django.utils import timezone

from klantplan.models import Schuld, Schuldeiser, Schuldeisersoort, Schuldsoort
from rapportage.ddas.mapping import datum_nl
from schuldhulp import opmaak

if TYPE_CHECKING:
    from rapportage.ddas.importer.velden import Lezer

# A new creditor's kind, from the DDAS schuldsoort (the register's kind decides the soort).
SOORT_BIJ_SCHULDSOORT = {
    Schuldsoort.PUBLIEK: Schuldeisersoort.OVERHEID,
    Schuldsoort.ZORG: Schuldeisersoort.ZORGAANBIEDER,
    Schuldsoort.NUTS: Schuldeisersoort.ENERGIE,
    Schuldsoort.OVERIG: Schuldeisersoort.OVERIG,
}
PARTICULIER = "Particuliere schuldeiser (naam niet geleverd)"
ONBEKEND = "Onbekende schuldeiser ({soort})"


@dataclass(frozen=True)
class Schuldplan:
    naam: str
    kvk: str
    soort: str  # Schuldeisersoort of a creditor that has to be added
    oorspronkelijk_cent: int
    actueel_cent: int
    peildatum: date
    zakelijk: bool


def _naam(lezer: Lezer, pad: str, schuldeiser: dict[str, Any], schuldsoort: str) -> str:
    if schuldeiser.get("privepersoon") is True:
        return PARTICULIER
    naam = schuldeiser.get("naam") or schuldeiser.get("Naam")
    if isinstance(naam, str) and naam.strip():
        return naam.strip()[:200]
    lezer.let_op(f"{pad}.schuldeiser.naam", "De naam van de schuldeiser ontbreekt.")
    return ONBEKEND.format(soort=schuldsoort)


def lees_schulden(lezer: Lezer, aanmelddatum: date) -> list[Schuldplan]:
    schulden: list[Schuldplan] = []
    for i, item in enumerate(lezer.lijst("schulden")):
        pad = f"schulden[{i}]"
        bedrag = item.get("bedrag")
        if not isinstance(bedrag, int) or isinstance(bedrag, bool) or bedrag < 0:
            lezer.fout(f"{pad}.bedrag", "Het bedrag ontbreekt of is geen bedrag in hele euro's.")
            continue
        if bedrag > 10_000_000:
            lezer.fout(f"{pad}.bedrag", "Een schuld ligt tussen € 0 en € 10.000.000.")
            continue
        peildatum = lezer.datum(item, "peildatum", f"{pad}.peildatum")
        if peildatum is None:
            peildatum = aanmelddatum
            lezer.let_op(
                f"{pad}.peildatum",
                "De peildatum ontbreekt; Schuldhulp neemt de aanmelddatum "
                f"({datum_nl(peildatum)}).",
            )
        schuldsoort = item.get("schuldsoort")
        schuldsoort = schuldsoort if schuldsoort in Schuldsoort.values else Schuldsoort.OVERIG
        schuldeiser = item.get("schuldeiser") if isinstance(item.get("schuldeiser"), dict) else {}
        kvk = schuldeiser.get("kvknummer") if isinstance(schuldeiser.get("kvknummer"), str) else ""
        if kvk and not (len(kvk) == 8 and kvk.isdigit()):
            lezer.let_op(f"{pad}.schuldeiser.kvknummer", f"{kvk!r} is geen KvK-nummer (8 cijfers).")
            kvk = ""
        prive = schuldeiser.get("privepersoon") is True
        schulden.append(
            Schuldplan(
                naam=_naam(lezer, pad, schuldeiser, schuldsoort),
                kvk="" if prive else kvk,
                soort=Schuldeisersoort.PARTICULIER if prive else SOORT_BIJ_SCHULDSOORT[schuldsoort],
                oorspronkelijk_cent=bedrag * 100,
                actueel_cent=bedrag * 100,
                peildatum=peildatum,
                zakelijk=item.get("zakelijkeSchuld") is True,
            )
        )
    return _met_totaal(lezer, schulden)


def _met_totaal(lezer: Lezer, schulden: list[Schuldplan]) -> list[Schuldplan]:
    totaal = lezer.ruw.get("totaalSchuldbedragBijAanvangSchuld")
    if not isinstance(totaal, int) or isinstance(totaal, bool):
        return schulden
    som = sum(s.actueel_cent for s in schulden)
    if not schulden:
        lezer.let_op(
            "totaalSchuldbedragBijAanvangSchuld",
            "Niet overgenomen: er staan geen losse schulden in het traject.",
        )
    elif len(schulden) == 1:
        [s] = schulden
        return [dataclasses.replace(s, oorspronkelijk_cent=totaal * 100)]
    elif totaal * 100 != som:
        geleverd, opgeteld = (
            opmaak.bedrag(totaal * 100, centen=True),
            opmaak.bedrag(som, centen=True),
        )
        lezer.let_op(
            "totaalSchuldbedragBijAanvangSchuld",
            f"Het totaal bij aanvang ({geleverd}) wijkt af van de som van de schulden "
            f"({opgeteld}). Schuldhulp neemt per schuld het geleverde bedrag.",
        )
    return schulden


def _schuldeisers(plannen: list[Schuldplan]) -> dict[str, Schuldeiser]:
    """The creditor of every planned debt, by KvK-nummer or by name; added when unknown."""
    kvks = {p.kvk for p in plannen if p.kvk}
    namen = {p.naam.lower() for p in plannen}
    per_kvk = {s.kvk_nummer: s for s in Schuldeiser.objects.filter(kvk_nummer__in=kvks)}
    per_naam = {
        s.naam_laag: s
        for s in Schuldeiser.objects.annotate(naam_laag=Lower("naam")).filter(naam_laag__in=namen)
    }
    gevonden: dict[str, Schuldeiser] = {}
    for p in plannen:
        sleutel = p.kvk or p.naam.lower()
        if sleutel in gevonden:
            continue
        schuldeiser = (per_kvk.get(p.kvk) if p.kvk else None) or per_naam.get(p.naam.lower())
        if schuldeiser is None:
            schuldeiser = Schuldeiser.objects.create(naam=p.naam, kvk_nummer=p.kvk, soort=p.soort)
            per_naam[p.naam.lower()] = schuldeiser
            if p.kvk:
                per_kvk[p.kvk] = schuldeiser
        gevonden[sleutel] = schuldeiser
    return gevonden


def schrijf_schulden(per_traject: list[tuple[Any, list[Schuldplan]]]) -> int:
    """Write the debts of the imported trajecten; their registration date is their peildatum
    (an export for an earlier period then holds the same debts again)."""
    plannen = [p for _, schulden in per_traject for p in schulden]
    if not plannen:
        return 0
    schuldeisers = _schuldeisers(plannen)
    rijen = Schuld.objects.bulk_create(
        Schuld(
            traject=traject,
            schuldeiser=schuldeisers[p.kvk or p.naam.lower()],
            oorspronkelijk_bedrag_cent=p.oorspronkelijk_cent,
            actueel_bedrag_cent=p.actueel_cent,
            peildatum=p.peildatum,
            zakelijk=p.zakelijk,
        )
        for traject, schulden in per_traject
        for p in schulden
    )
    for rij, p in zip(rijen, plannen, strict=True):
        rij.aangemaakt_op = timezone.make_aware(datetime.combine(p.peildatum, time(12)))
    Schuld.objects.bulk_update(rijen, ["aangemaakt_op"])
    return len(rijen)
