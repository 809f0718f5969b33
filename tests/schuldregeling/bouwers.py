"""Test data for the schuldregeling: a traject in stabilisatie with a schuldbemiddeling
product, five debts (the register's creditors), and the regeling opened on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from klantplan.models import Schuld, Voorstel
from klantplan.schuldregeling.models import Onderhandeling, Regeling
from klantplan.schuldregeling.services.openen import kies_voorstel, open_regeling
from klantplan.services.sanering import bereken_voorstel
from tests.bouwers.fabrieken import KlantFactory
from tests.bouwers.klantplan import SCHULDEISERS, schuldeiser
from tests.bouwers.omgeving import Omgeving, omgeving
from tests.bouwers.trajecten import toegelaten_traject, vandaag
from trajecten.models import Product, Traject
from trajecten.services import start_product

# naam → bedrag in centen (what the client said)
BEDRAGEN: dict[str, int] = {
    "Belastingdienst": 120_000,
    "CJIB": 45_050,
    "Vitens": 30_000,
    "Menzis": 88_800,
    "Welbions": 210_033,
}


@dataclass
class Dossier:
    omg: Omgeving
    traject: Traject
    product: Product
    regeling: Regeling

    def onderhandeling(self, naam: str) -> Onderhandeling:
        return self.regeling.onderhandelingen.get(schuld__schuldeiser__naam=naam)


def traject_met_schulden(omg: Omgeving, productsoort: str = "Schuldbemiddeling"):
    traject = toegelaten_traject(KlantFactory(gemeente=omg.gemeente), omg.regisseur)
    product = start_product(
        traject_id=traject.pk, soort=productsoort, door=omg.regisseur, datum=vandaag()
    )
    for naam, bedrag in BEDRAGEN.items():
        Schuld.objects.create(
            traject=traject,
            schuldeiser=schuldeiser(naam),
            oorspronkelijk_bedrag_cent=bedrag,
            actueel_bedrag_cent=bedrag,
            peildatum=date(2026, 1, 1),
        )
    return Traject.objects.get(pk=traject.pk), product


def dossier(omg: Omgeving | None = None, productsoort: str = "Schuldbemiddeling") -> Dossier:
    omg = omg or omgeving()
    traject, product = traject_met_schulden(omg, productsoort)
    regeling = open_regeling(
        product_id=product.pk, door=omg.regisseur, datum=vandaag(), peildatum=vandaag()
    )
    return Dossier(omg, traject, product, regeling)


def voorstel(d: Dossier, aflosruimte_cent: int = 15_000) -> Voorstel:
    """A schuldregeling voorstel on the debts as they are now, chosen for the regeling."""
    v = bereken_voorstel(
        traject=d.traject,
        door=d.omg.regisseur,
        soort="schuldregeling",
        aflosruimte_per_maand_cent=aflosruimte_cent,
    )
    d.regeling = kies_voorstel(
        regeling_id=d.regeling.pk, voorstel_id=v.pk, door=d.omg.regisseur, datum=vandaag()
    )
    return v


__all__ = ["BEDRAGEN", "SCHULDEISERS", "Dossier", "dossier", "traject_met_schulden", "voorstel"]
