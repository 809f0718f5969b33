"""DDAS test data: trajecten with exact past dates built through trajecten.services (the real
write paths), minimal DDAS documents, and the official schema as an independent check.

In an Ontzorging gemeente the klantregisseur does every step (trajecten/workflow.py).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from rapportage.ddas import mapping
from schuldhulp.models import Gebruiker, Gemeente, Klant
from tests.bouwers.fabrieken import KlantFactory
from tests.bouwers.trajecten import aanmelding, overgang
from trajecten import services, stabilisatie
from trajecten.models import Traject

DATA = Path(__file__).parent.parent / "rapportage" / "data"
VOORBEELD = DATA / "enkelvoudigVoorbeeld.json"
R = "Nagebouwd voor de DDAS-test"  # reden_terugdatering: every date lies in the past


def d(maand: int, dag: int, jaar: int = 2026) -> date:
    return date(jaar, maand, dag)


def _stap(traject: Traject, naam: str, datum: date, door: Gebruiker, **extra: Any) -> None:
    overgang(traject, naam, door, datum=datum, reden_terugdatering=R, **extra)


def volledig_traject(klant: Klant, door: Gebruiker) -> Traject:
    """Aanmelding with a threat of eviction to uitstroom 'Afgerond' after nazorg, with a
    crisisinterventie, budgetbeheer, a moratorium and a dwangakkoord."""
    traject = aanmelding(
        klant, door, datum=d(1, 5), bedreigend="huisuitzetting", reden_terugdatering=R
    )
    _stap(traject, "voer_eerste_gesprek", d(1, 8), door)
    crisis = stabilisatie.registreer_crisisinterventie(
        traject_id=traject.pk,
        door=door,
        soort="huisuitzetting",
        datum=d(1, 9),
        reden_terugdatering=R,
    )
    _stap(traject, "neem_toelatingsbesluit", d(1, 15), door)
    stabilisatie.rond_crisisinterventie_af(
        interventie_id=crisis.pk, door=door, datum=d(1, 20), voorkomen=True, reden_terugdatering=R
    )
    budgetbeheer = services.start_product(
        traject_id=traject.pk,
        soort="Budgetbeheer",
        door=door,
        datum=d(1, 22),
        reden_terugdatering=R,
    )
    _stap(traject, "bereik_financiele_rust", d(2, 10), door)
    bemiddeling = services.start_product(
        traject_id=traject.pk,
        soort="Schuldbemiddeling",
        door=door,
        datum=d(2, 15),
        reden_terugdatering=R,
    )
    stabilisatie.registreer_moratorium(
        traject_id=traject.pk,
        door=door,
        aanvraagdatum=d(2, 16),
        startdatum=d(2, 20),
        einddatum=d(6, 19),
        reden_terugdatering=R,
    )
    _stap(traject, "start_uitvoering", d(2, 20), door)
    for stap, datum in [
        ("dien_in", d(3, 1)),
        ("wijs_af", d(4, 1)),
        ("verzoek_dwangakkoord", d(4, 10)),
        ("dwangakkoord_toegewezen", d(5, 15)),
    ]:
        services.schuldregeling_stap(
            product_id=bemiddeling.pk, stap=stap, door=door, datum=datum, reden_terugdatering=R
        )
    for product, datum in [(budgetbeheer, d(6, 30)), (bemiddeling, d(7, 31))]:
        services.beeindig_product(
            product_id=product.pk, door=door, datum=datum, reden_terugdatering=R
        )
    _stap(traject, "start_nazorg", d(8, 1), door)
    _stap(traject, "sluit_af", d(9, 30), door, uitstroomreden="Afgerond")
    return traject


def afgewezen_traject(klant: Klant, door: Gebruiker) -> Traject:
    traject = aanmelding(klant, door, datum=d(2, 2), kanaal="inwoner", reden_terugdatering=R)
    _stap(traject, "voer_eerste_gesprek", d(2, 10), door)
    _stap(traject, "neem_afwijzingsbesluit", d(3, 1), door, uitstroomreden="Voldoet niet")
    return traject


def lopend_traject(klant: Klant, door: Gebruiker) -> Traject:
    """Still running: toegelaten, budgetcoaching started."""
    traject = aanmelding(klant, door, datum=d(3, 3), kanaal="ketenpartner", reden_terugdatering=R)
    _stap(traject, "voer_eerste_gesprek", d(3, 5), door)
    _stap(traject, "neem_toelatingsbesluit", d(3, 20), door)
    services.start_product(
        traject_id=traject.pk,
        soort="Budgetcoaching",
        door=door,
        datum=d(3, 25),
        reden_terugdatering=R,
    )
    return traject


def niet_verschenen_traject(klant: Klant, door: Gebruiker) -> Traject:
    """Ended while still aangemeld."""
    traject = aanmelding(klant, door, datum=d(4, 1), kanaal="overig", reden_terugdatering=R)
    _stap(traject, "sluit_af", d(4, 15), door, uitstroomreden="Nietverschenen")
    return traject


def oud_traject(klant: Klant, door: Gebruiker) -> Traject:
    """Ended in 2025: outside a 2026 export."""
    traject = aanmelding(
        klant, door, datum=d(1, 10, 2025), kanaal="wijkteam", reden_terugdatering=R
    )
    _stap(traject, "sluit_af", d(3, 1, 2025), door, uitstroomreden="Zelf")
    return traject


def bouw_gemeente(gemeente: Gemeente, door: Gebruiker) -> dict[str, Traject]:
    """Five trajecten of four klanten; the klant of the old traject returns in 2026."""
    terugkeerder = KlantFactory(gemeente=gemeente, huisnummer="3-2", postcode="7602 CD")
    trajecten = {
        "oud": oud_traject(terugkeerder, door),
        "volledig": volledig_traject(KlantFactory(gemeente=gemeente, huisnummer="12A"), door),
        "afgewezen": afgewezen_traject(KlantFactory(gemeente=gemeente), door),
        "lopend": lopend_traject(KlantFactory(gemeente=gemeente), door),
        "niet_verschenen": niet_verschenen_traject(terugkeerder, door),
    }
    return trajecten


def zonder_tijdstip(document: dict[str, Any]) -> dict[str, Any]:
    """The document without its delivery timestamp (differs on every export)."""
    kopie = json.loads(json.dumps(document))
    kopie.pop("aanleverdatumEnTijd")
    return kopie


def record_van(document: dict[str, Any], bsn: str) -> dict[str, Any]:
    return next(
        r
        for levering in document["leveringen"]
        for r in levering["schuldhulptrajecten"]
        if r["client"][0]["Burgerservicenummer"] == bsn
    )


# --- DDAS documents -------------------------------------------------------------------------

GELDIG_BSN = "123456782"


def voorbeeld_document() -> dict:
    """The official example file (VNG-Realisatie/ddas), parsed."""
    return json.loads(VOORBEELD.read_text(encoding="utf-8"))


def als_bytes(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def met_traject(**traject: Any) -> dict:
    """A minimal valid file with one schuldhulptraject."""
    return {
        "startdatumLevering": "2026-01-01",
        "einddatumLevering": "2026-12-31",
        "aanleverdatumEnTijd": "2027-01-10T09:00:00Z",
        "codeGegevensleverancier": "VORIG-SYSTEEM",
        "leveringen": [
            {
                "teller": 1,
                "aanleverende_organisatie": {"(Statutaire) Naam": "Kredietbank Oud"},
                "schuldhulptrajecten": [traject],
            }
        ],
    }


def traject(bsn: str = GELDIG_BSN, **velden: Any) -> dict:
    """One schuldhulptraject record of Almelo (GM0141), aangemeld 1 February 2026."""
    return {
        "gemeentecode": "GM0141",
        "client": [
            {
                "Burgerservicenummer": bsn,
                "Geboortedatum": "1980-05-01",
                "Postcode": "7607AB",
                "Huisnummer": "10",
            }
        ],
        "aanmelding": {"startdatum": "2026-02-01"},
        **velden,
    }


def officieel_geldig(document: dict) -> list[str]:
    """Validate independently of our own validator: plain jsonschema, Draft 2020-12."""
    schema = json.loads(mapping.SCHEMA_PAD.read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
