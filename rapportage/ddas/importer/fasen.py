"""The journey dates of one record (aanmelding to uitstroom), read from the DDAS fields.

Every date may come from more than one DDAS field: the first one given counts, and a
different value elsewhere gives a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rapportage.ddas import mapping
from rapportage.ddas.importer.velden import Lezer
from rapportage.ddas.mapping import datum_nl
from trajecten.models import Uitstroomreden

# Parts of a record that only exist after a toelating.
_NA_TOELATING = (
    "stabilisatie",
    "planVanAanpak",
    "nazorg",
    "begeleiding",
    "oplossing",
    "schuldregeling",
)


@dataclass
class Fasen:
    """The journey dates of one record and the DDAS field each came from."""

    aanmelddatum: date | None = None
    eerste_gesprek: date | None = None
    pad_gesprek: str = "intake.startdatum"
    toelating: date | None = None
    afwijzing: date | None = None
    pad_beschikking: str = "intake.beschikkingsdatum"
    financiele_rust: date | None = None
    pad_rust: str = "planVanAanpak.datumAfronding"
    nazorg: date | None = None
    uitstroom: date | None = None
    reden: str = ""
    beeindigingsbeschikking: date | None = None
    toelichting_uitstroom: str = ""
    # Delivered dates the journey does not use, kept on the event of the named handeling
    # (e.g. an aanmelding.einddatum other than the first conversation): nothing delivered
    # that the model can hold is lost.
    bewaard: dict[str, dict[str, str]] = field(default_factory=dict)

    def bewaar(self, handeling: str, veld: str, waarde: date | None) -> None:
        if waarde is not None:
            self.bewaard.setdefault(handeling, {})[veld] = waarde.isoformat()


def lees_aanmelddatum(lezer: Lezer) -> date | None:
    aanmelding_start, _ = lezer.periode(lezer.groep("aanmelding"), "aanmelding")
    aanmelddatum, _ = lezer.kies(
        "de aanmelding",
        [
            ("aanmelding.startdatum", aanmelding_start),
            ("startdatum", lezer.datum(lezer.ruw, "startdatum", "startdatum")),
        ],
    )
    if aanmelddatum is None:
        lezer.fout(
            "aanmelding.startdatum",
            "De datum van aanmelding ontbreekt (ook 'startdatum' van het traject).",
        )
    return aanmelddatum


def _lees_beschikking(lezer: Lezer, fasen: Fasen) -> None:
    """Toelating or afwijzing, from the intake or (for a toelating) the other fields."""
    intake, ruw = lezer.groep("intake"), lezer.ruw
    intake_eind = lezer.datum(intake, "einddatum", "intake.einddatum")
    beschikkingsdatum = lezer.datum(intake, "beschikkingsdatum", "intake.beschikkingsdatum")
    toekenningsdatum = lezer.datum(ruw, "toekenningsdatum", "toekenningsdatum")
    stabilisatie_start = lezer.datum(
        lezer.groep("stabilisatie"), "startdatum", "stabilisatie.startdatum"
    )
    soort = intake.get("beschikkingssoort")
    vervolg = toekenningsdatum or any(ruw.get(n) for n in _NA_TOELATING)
    # An intake that ended on the day the traject ended had no beschikking: nothing is lost.
    zonder_beschikking = beschikkingsdatum is None and intake_eind == fasen.uitstroom
    if soort is None and (beschikkingsdatum or intake_eind) and not zonder_beschikking:
        if vervolg:
            soort = mapping.TOELATING
            lezer.let_op(
                "intake.beschikkingssoort",
                "Ontbreekt; omdat het traject verder ging, is het een toelating.",
            )
        else:
            lezer.let_op(
                "intake.beschikkingssoort",
                "Ontbreekt: de beschikking wordt niet overgenomen (toelating of afwijzing is "
                "onbekend).",
            )
    if soort == mapping.AFWIJZING:
        fasen.afwijzing, fasen.pad_beschikking = lezer.kies(
            "de afwijzing",
            [
                ("intake.beschikkingsdatum", beschikkingsdatum),
                ("intake.einddatum", intake_eind),
                ("uitstroom.datum", fasen.uitstroom),
            ],
        )
        if vervolg:
            lezer.fout(
                "intake.beschikkingssoort",
                "Het traject is afgewezen, maar er staan ook een toelating, stabilisatie, "
                "begeleiding of oplossing in. Dat kan niet allebei.",
            )
        return
    # The model does not define the traject's toekenningsdatum as the toelatingsbeschikking
    # (in the official examples it often lies before the aanmelding): it is only a reserve,
    # after the intake and the stabilisatie, and ignored when they give a date (docs/ddas.md).
    kandidaten = [("stabilisatie.startdatum", stabilisatie_start)]
    if soort == mapping.TOELATING:
        kandidaten = [
            ("intake.beschikkingsdatum", beschikkingsdatum),
            ("intake.einddatum", intake_eind),
            *kandidaten,
        ]
    if not any(datum for _, datum in kandidaten):
        kandidaten.append(("toekenningsdatum", toekenningsdatum))
    fasen.toelating, pad = lezer.kies("de toelating", kandidaten)
    fasen.pad_beschikking = pad or fasen.pad_beschikking
    if fasen.toelating and intake_eind and intake_eind != fasen.toelating:
        fasen.bewaar("neem_toelatingsbesluit", "ddas_intake_einddatum", intake_eind)
    if fasen.toelating and toekenningsdatum and toekenningsdatum != fasen.toelating:
        fasen.bewaar("neem_toelatingsbesluit", "ddas_toekenningsdatum", toekenningsdatum)


def lees_fasen(lezer: Lezer, aanmelddatum: date) -> Fasen:
    """Every date may come from more than one DDAS field: the first one given counts, and a
    different value elsewhere gives a warning."""
    fasen = Fasen(aanmelddatum=aanmelddatum)
    traject_start = lezer.datum(lezer.ruw, "startdatum", "startdatum")
    if traject_start != aanmelddatum:
        fasen.bewaar("traject.aanmelden", "ddas_startdatum", traject_start)
    uitstroom = lezer.groep("uitstroom")
    fasen.uitstroom, _ = lezer.kies(
        "de uitstroom",
        [
            ("uitstroom.datum", lezer.datum(uitstroom, "datum", "uitstroom.datum")),
            ("einddatum", lezer.datum(lezer.ruw, "einddatum", "einddatum")),
        ],
    )
    fasen.beeindigingsbeschikking = lezer.datum(
        uitstroom, "datumBeeindigingsbeschikking", "uitstroom.datumBeeindigingsbeschikking"
    )
    fasen.toelichting_uitstroom = uitstroom.get("omschrijving") or ""
    _lees_beschikking(lezer, fasen)

    # The aanmelding ends with the first conversation, the start of the intake.
    aanmelding_eind = lezer.datum(lezer.groep("aanmelding"), "einddatum", "")
    intake_start, _ = lezer.periode(lezer.groep("intake"), "intake")
    fasen.eerste_gesprek = intake_start
    if aanmelding_eind and intake_start and aanmelding_eind != intake_start:
        fasen.bewaar("voer_eerste_gesprek", "ddas_aanmelding_einddatum", aanmelding_eind)
        lezer.let_op(
            "aanmelding.einddatum",
            f"Wijkt af van intake.startdatum ({datum_nl(aanmelding_eind)} tegen "
            f"{datum_nl(intake_start)}). Schuldhulp neemt het eerste gesprek als einde van de "
            "aanmelding; de geleverde datum blijft bewaard bij het eerste gesprek.",
        )
    if intake_start is None and aanmelding_eind and aanmelding_eind != fasen.uitstroom:
        fasen.eerste_gesprek, fasen.pad_gesprek = aanmelding_eind, "aanmelding.einddatum"
        lezer.let_op(
            "aanmelding.einddatum",
            "Er is geen intake; het einde van de aanmelding wordt het eerste gesprek.",
        )

    # Financial rest: the plan van aanpak, else the end of the stabilisatie (unless that
    # ended because the traject ended).
    _, stabilisatie_eind = lezer.periode(lezer.groep("stabilisatie"), "stabilisatie")
    fasen.financiele_rust = lezer.datum(
        lezer.groep("planVanAanpak"), "datumAfronding", "planVanAanpak.datumAfronding"
    )
    if stabilisatie_eind and stabilisatie_eind != fasen.financiele_rust:
        if fasen.financiele_rust is not None:
            lezer.let_op(
                "stabilisatie.einddatum",
                "Wijkt af van planVanAanpak.datumAfronding; Schuldhulp neemt "
                f"{datum_nl(fasen.financiele_rust)} als datum van financiële rust.",
            )
        elif stabilisatie_eind != fasen.uitstroom:
            fasen.financiele_rust, fasen.pad_rust = stabilisatie_eind, "stabilisatie.einddatum"

    fasen.nazorg, nazorg_eind = lezer.periode(lezer.groep("nazorg"), "nazorg")
    if nazorg_eind and nazorg_eind != fasen.uitstroom:
        lezer.let_op(
            "nazorg.einddatum",
            "Wijkt af van de uitstroom; in Schuldhulp eindigt de nazorg bij de uitstroom.",
        )

    reden = uitstroom.get("reden") or ""
    if fasen.afwijzing:
        fasen.uitstroom = fasen.afwijzing
        reden = reden or Uitstroomreden.VOLDOET_NIET
    if fasen.uitstroom and not reden:
        reden = Uitstroomreden.OVERIG
        if uitstroom:
            lezer.let_op(
                "uitstroom.reden", "De reden van uitstroom ontbreekt; Schuldhulp neemt 'Overig'."
            )
        else:
            lezer.let_op(
                "einddatum",
                f"Er is geen uitstroom. Het traject wordt afgesloten op "
                f"{datum_nl(fasen.uitstroom)} met reden 'Overig'.",
            )
    if reden and not fasen.uitstroom:
        lezer.fout("uitstroom.datum", "Er is een reden van uitstroom, maar geen datum.")
    fasen.reden = reden if fasen.uitstroom else ""
    return fasen


def controleer_volgorde(lezer: Lezer, fasen: Fasen) -> None:
    """The journey dates must not go back in time."""
    keten = [
        ("de aanmelding", "aanmelding.startdatum", fasen.aanmelddatum),
        ("het eerste gesprek", fasen.pad_gesprek, fasen.eerste_gesprek),
        ("de beschikking", fasen.pad_beschikking, fasen.toelating or fasen.afwijzing),
        ("financiële rust", fasen.pad_rust, fasen.financiele_rust),
        ("de start van de nazorg", "nazorg.startdatum", fasen.nazorg),
        ("de uitstroom", "uitstroom.datum", None if fasen.afwijzing else fasen.uitstroom),
    ]
    vorige: tuple[str, str, date] | None = None
    for naam, pad, datum in keten:
        if datum is None:
            continue
        if vorige and datum < vorige[2] and pad == "toekenningsdatum":
            # Only a reserve for the toelating: out of order, it is left out, not the record.
            lezer.let_op(
                pad,
                f"{datum_nl(datum)} ligt vóór {vorige[0]} ({datum_nl(vorige[2])}); de "
                "toekenningsdatum wordt niet als datum van de toelating overgenomen.",
            )
            fasen.toelating = None
            continue
        if vorige and datum < vorige[2]:
            lezer.fout(
                pad,
                f"De datum van {naam} ({datum_nl(datum)}) ligt vóór {vorige[0]} "
                f"({datum_nl(vorige[2])}, {vorige[1]}).",
            )
        vorige = (naam, pad, datum)
