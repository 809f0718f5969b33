"""The schema check: the fast pre-check (jsonschema-rs) never lets through what the official
Python validator would report, and every error gets a plain Dutch sentence with its path."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable

import pytest
from jsonschema import Draft202012Validator

from rapportage.ddas import mapping
from tests.bouwers.ddas import voorbeeld_document


def record(doc: dict) -> dict:
    return doc["leveringen"][0]["schuldhulptrajecten"][0]


def zet(pad: str, waarde) -> Callable[[dict], None]:
    def wijzig(doc: dict) -> None:
        doel = doc
        *weg, laatste = pad.split(".")
        for deel in weg:
            doel = doel[int(deel)] if deel.isdigit() else doel[deel]
        doel[int(laatste) if laatste.isdigit() else laatste] = waarde

    return wijzig


def weg(pad: str) -> Callable[[dict], None]:
    def wijzig(doc: dict) -> None:
        doel = doc
        *tussen, laatste = pad.split(".")
        for deel in tussen:
            doel = doel[int(deel)] if deel.isdigit() else doel[deel]
        del doel[laatste]

    return wijzig


R = "leveringen.0.schuldhulptrajecten.0"
WIJZIGINGEN = {
    "datum-tijd onzin": zet("aanleverdatumEnTijd", "nope"),
    "datum-tijd zonder zone": zet("aanleverdatumEnTijd", "2024-12-31T23:59:59"),
    "datum-tijd met spatie": zet("aanleverdatumEnTijd", "2024-12-31 23:59:59Z"),
    "datum 30 februari": zet("startdatumLevering", "2024-02-30"),
    "datum zonder streepjes": zet("startdatumLevering", "20240101"),
    "datum kort": zet(f"{R}.aanmelding.startdatum", "2024-1-1"),
    "e-mail zonder apenstaart": zet(
        "leveringen.0.aanleverende_organisatie.contactpersonen.0.email", "geen"
    ),
    "onbekende reden": zet(f"{R}.uitstroom", {"reden": "Weggelopen"}),
    "bedrag als tekst": zet(f"{R}.totaalSchuldbedragBijAanvangSchuld", "10000"),
    "bedrag met decimalen": zet(f"{R}.totaalSchuldbedragBijAanvangSchuld", 10.5),
    "ja/nee als tekst": zet(f"{R}.aanmelding.crisisinterventie", "ja"),
    "onbekend veld in record": zet(f"{R}.naam", "Jansen"),
    "onbekend veld bovenaan": zet("extra", 1),
    "gemeentecode ontbreekt": weg(f"{R}.gemeentecode"),
    "teller ontbreekt": weg("leveringen.0.teller"),
    "geen client": zet(f"{R}.client", []),
    "drie clienten": zet(f"{R}.client", [{}, {}, {}]),
    "leveringen leeg": zet("leveringen", []),
    "trajecten geen lijst": zet("leveringen.0.schuldhulptrajecten", {}),
    "record geen object": zet("leveringen.0.schuldhulptrajecten.0", "traject"),
}


@pytest.mark.parametrize("naam", WIJZIGINGEN)
def test_snelle_controle_mist_niets_van_de_officiele(naam):
    doc = voorbeeld_document()
    WIJZIGINGEN[naam](doc)
    officieel = Draft202012Validator(
        mapping.schema(), format_checker=mapping.validator().format_checker
    )
    verwacht = sorted(
        (tuple(e.absolute_path), mapping.melding(e)) for e in officieel.iter_errors(doc)
    )
    gevonden = sorted((f.pad, f.melding) for f in mapping.schemafouten(doc))
    assert gevonden == verwacht
    assert all(m and not m.startswith("Voldoet niet aan het DDAS-schema") for _, m in gevonden)


def test_het_voorbeeld_is_geldig():
    assert mapping.schemafouten(voorbeeld_document()) == []


@pytest.mark.parametrize(
    ("naam", "pad", "melding"),
    [
        (
            "onbekende reden",
            ("leveringen", 0, "schuldhulptrajecten", 0, "uitstroom", "reden"),
            '"Weggelopen" is geen toegestane waarde.',
        ),
        ("datum 30 februari", ("startdatumLevering",), '"2024-02-30" is geen geldige datum'),
        ("datum-tijd zonder zone", ("aanleverdatumEnTijd",), "geen geldige datum met tijd"),
        (
            "gemeentecode ontbreekt",
            ("leveringen", 0, "schuldhulptrajecten", 0),
            "Verplicht veld 'gemeentecode' ontbreekt.",
        ),
        ("onbekend veld bovenaan", (), "Onbekend veld 'extra': dit staat niet in DDAS v1.0."),
        (
            "bedrag als tekst",
            ("leveringen", 0, "schuldhulptrajecten", 0, "totaalSchuldbedragBijAanvangSchuld"),
            'Hier hoort een geheel getal, maar het bestand bevat "10000".',
        ),
        (
            "drie clienten",
            ("leveringen", 0, "schuldhulptrajecten", 0, "client"),
            "De lijst mag hoogstens 2 elementen bevatten.",
        ),
    ],
)
def test_nederlandse_meldingen(naam, pad, melding):
    doc = voorbeeld_document()
    WIJZIGINGEN[naam](doc)
    assert any(f.pad == pad and melding in f.melding for f in mapping.schemafouten(doc)), [
        (f.pad, f.melding) for f in mapping.schemafouten(doc)
    ]


def test_groot_geldig_bestand_is_snel_gecontroleerd():
    doc = voorbeeld_document()
    doc["leveringen"][0]["schuldhulptrajecten"] = [
        copy.deepcopy(record(doc)) for _ in range(20_000)
    ]
    start = time.perf_counter()
    assert mapping.schemafouten(doc) == []
    assert time.perf_counter() - start < 5  # Python jsonschema alone needs ~10 s here


def test_alleen_de_foute_records_worden_uitgebreid_gecontroleerd():
    doc = voorbeeld_document()
    doc["leveringen"][0]["schuldhulptrajecten"] = [copy.deepcopy(record(doc)) for _ in range(5_000)]
    doc["leveringen"][0]["schuldhulptrajecten"][4321]["gemeentecode"] = 141
    fouten = mapping.schemafouten(doc)
    assert [f.pad for f in fouten] == [
        ("leveringen", 0, "schuldhulptrajecten", 4321, "gemeentecode")
    ]


def test_huisnummer_heen_en_terug():
    for huisnummer, delen in [
        ("12", ("12", "")),
        ("12A", ("12", "A")),
        ("3-2", ("3", "2")),
        ("", ("", "")),
    ]:
        assert mapping.splits_huisnummer(huisnummer) == delen
        assert mapping.voeg_huisnummer_samen(*delen) == huisnummer
    assert mapping.splits_huisnummer("10 bis") == ("10", "bis")
    assert mapping.voeg_huisnummer_samen("10", "bis") == "10-bis"
    assert mapping.postcode_ddas("7607 ab") == "7607AB"
