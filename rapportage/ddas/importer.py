"""DDAS v1.0 import: read a file, show per record what will happen, import after confirmation.

Three steps, each usable from the browser and from ``manage.py ddas_import``:

1. :func:`lees_bestand` checks size, encoding, JSON and the official schema. A file that fails
   outside the traject records (not JSON, wrong shape, > 50 MB) is refused as a whole with one
   clear message; schema failures inside a record stay with that record.
2. :func:`analyseer` turns every record into a plan and lists its problems (BSN failing the
   elfproef, unknown gemeentecode, missing fields, dates in the wrong order) and warnings
   (what Schuldhulp does not keep). Nothing is written.
3. :func:`importeer` writes the records without errors in one transaction: klanten (through
   ``schuldhulp.services.klant_opslaan``), trajecten with their historical event rows,
   products, moratoria and crisisinterventies. The workflow guards are bypassed on purpose
   (this is history, not a new step); the event rows carry the historical dates. Records that
   are already there (klant BSN + aanmelddatum) are skipped, so importing a file twice does
   not duplicate anything.

Uploaded files are kept under ``DATA_DIR / "ddas-imports"`` named by their sha256 (no models);
they hold BSNs, so they are readable by the app user only and removed after 30 days.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from rapportage.ddas import mapping
from rapportage.ddas.mapping import datum_nl
from schuldhulp import audit, services
from schuldhulp.models import Dienstverleningsafspraak, Gebruiker, Gemeente, Klant
from schuldhulp.permissions import DOSSIERROLLEN, can_do, filter_for_user
from schuldhulp.validators import (
    GEMEENTECODE_RE,
    maskeer_bsn,
    normaliseer_bsn,
    normaliseer_postcode,
    valideer_bsn,
    valideer_postcode,
)
from trajecten import normbewaking
from trajecten.models import (
    Aanmeldkanaal,
    BedreigendeSituatie,
    Crisisinterventie,
    Fase,
    Gebeurtenis,
    Gebeurtenissoort,
    Moratorium,
    Product,
    Productsoort,
    Schuldregelingstatus,
    Traject,
    Uitstroomreden,
)
from trajecten.workflow import SCHULDREGELING_STAPPEN

logger = logging.getLogger(__name__)

MAX_BYTES = 50 * 1024 * 1024
BEWAARTERMIJN = timedelta(days=30)
IMPORTMAP = "ddas-imports"
ONBEKENDE_VOORNAAM = "Onbekend"
ONBEKENDE_ACHTERNAAM = "(DDAS-import)"
TOELICHTING = "Overgenomen uit een DDAS-bestand (historische gegevens)."
REDEN_TERUGDATERING = "Historische gegevens uit een DDAS-bestand (import)."
# One import at a time: two confirmations of the same file must not both create trajecten.
_SLOT = 0x0DDA5
_SHA = re.compile(r"^[0-9a-f]{64}$")
_DATUM = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_BESTANDSFOUTEN = 20

S = Schuldregelingstatus


class OngeldigBestand(Exception):
    """A file that cannot be imported at all; the message (Dutch) is shown as it is."""

    def __init__(self, melding: str, details: list[str] | None = None) -> None:
        super().__init__(melding)
        self.melding = melding
        self.details = details or []


@dataclass(frozen=True)
class Melding:
    pad: str
    tekst: str

    def __str__(self) -> str:
        return f"{self.pad}: {self.tekst}" if self.pad else self.tekst


@dataclass
class Bestand:
    """A file that passed the checks of :func:`lees_bestand`."""

    sha256: str
    document: dict[str, Any]
    recordfouten: dict[tuple[int, int], list[Melding]]

    def records(self) -> Iterator[tuple[int, int, dict[str, Any]]]:
        for i, levering in enumerate(self.document["leveringen"]):
            for j, record in enumerate(levering.get("schuldhulptrajecten", [])):
                yield i, j, record


# --- 1. Reading ---------------------------------------------------------------------------


def _geen_constante(naam: str) -> None:
    raise ValueError(f"{naam} is geen geldige JSON-waarde")


def lees_bestand(inhoud: bytes) -> Bestand:
    """Check size, encoding, JSON and schema; raise :class:`OngeldigBestand` when the file
    as a whole cannot be used."""
    if len(inhoud) > MAX_BYTES:
        raise OngeldigBestand(
            f"Het bestand is te groot ({len(inhoud) / 1024 / 1024:.1f} MB). Het mag hoogstens "
            f"{MAX_BYTES // 1024 // 1024} MB zijn. Splits het bestand, bijvoorbeeld per gemeente."
        )
    if not inhoud.strip():
        raise OngeldigBestand("Het bestand is leeg.")
    try:
        tekst = inhoud.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OngeldigBestand(
            "Dit is geen JSON-bestand: de inhoud is geen tekst in UTF-8. Kies het DDAS-bestand "
            "(.json) dat uw vorige systeem heeft gemaakt."
        ) from exc
    try:
        document = json.loads(tekst, parse_constant=_geen_constante)
    except json.JSONDecodeError as exc:
        raise OngeldigBestand(
            f"Dit is geen geldig JSON-bestand (regel {exc.lineno}, kolom {exc.colno}). "
            "Kies het DDAS-bestand (.json) dat uw vorige systeem heeft gemaakt."
        ) from exc
    except RecursionError as exc:
        raise OngeldigBestand("Dit is geen geldig JSON-bestand: het is te diep genest.") from exc
    except ValueError as exc:  # NaN, Infinity: not JSON, though Python would accept them
        raise OngeldigBestand(f"Dit is geen geldig JSON-bestand: {exc}.") from exc
    if not isinstance(document, dict) or not isinstance(document.get("leveringen"), list):
        raise OngeldigBestand(
            "Dit JSON-bestand heeft niet de vorm van een DDAS-bestand: er hoort een object met "
            "een lijst 'leveringen' in te staan."
        )

    recordfouten: dict[tuple[int, int], list[Melding]] = {}
    bestandsfouten: list[str] = []
    for fout in mapping.schemafouten(document):
        pad = list(fout.pad)
        if len(pad) >= 4 and pad[0] == "leveringen" and pad[2] == "schuldhulptrajecten":
            recordfouten.setdefault((pad[1], pad[3]), []).append(
                Melding(mapping.pad_tekst(pad[4:]), fout.melding)
            )
        else:
            bestandsfouten.append(f"{mapping.pad_tekst(pad)}: {fout.melding}")
    if bestandsfouten:
        meer = len(bestandsfouten) - MAX_BESTANDSFOUTEN
        raise OngeldigBestand(
            "Dit bestand voldoet niet aan het DDAS v1.0-schema (buiten de trajecten). "
            "Er is niets geïmporteerd.",
            bestandsfouten[:MAX_BESTANDSFOUTEN]
            + ([f"… en nog {meer} fouten."] if meer > 0 else []),
        )
    return Bestand(hashlib.sha256(inhoud).hexdigest(), document, recordfouten)


# --- Storage of uploads (no models: files named by their sha256) ---------------------------


def importmap() -> Path:
    return Path(settings.DATA_DIR) / IMPORTMAP


def bewaar(inhoud: bytes) -> str:
    """Store an upload atomically, readable by the app user only; returns its sha256."""
    sha = hashlib.sha256(inhoud).hexdigest()
    map_ = importmap()
    map_.mkdir(parents=True, exist_ok=True, mode=0o700)
    doel = map_ / f"{sha}.json"
    if doel.exists():
        os.utime(doel)  # uploaded again: the 30 days start again
    else:
        fd, tijdelijk = tempfile.mkstemp(dir=map_, suffix=".deel")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(inhoud)
            os.chmod(tijdelijk, 0o600)
            os.replace(tijdelijk, doel)
        except BaseException:
            Path(tijdelijk).unlink(missing_ok=True)
            raise
    ruim_op()
    return sha


def laad(sha: str) -> bytes:
    if not _SHA.match(sha or ""):
        raise OngeldigBestand("Onbekend bestand.")
    try:
        return (importmap() / f"{sha}.json").read_bytes()
    except FileNotFoundError as exc:
        raise OngeldigBestand(
            "Dit bestand is niet meer beschikbaar (bestanden worden na 30 dagen verwijderd). "
            "Upload het opnieuw."
        ) from exc


def ruim_op(*, termijn: timedelta = BEWAARTERMIJN) -> int:
    """Remove stored uploads older than `termijn` (they contain BSNs)."""
    grens = time.time() - termijn.total_seconds()
    weg = 0
    for pad in importmap().glob("*.json"):
        if pad.stat().st_mtime < grens:
            pad.unlink(missing_ok=True)
            weg += 1
    return weg


# --- 2. Analysis ----------------------------------------------------------------------------


class Status(StrEnum):
    NIEUW = "nieuw"
    AANWEZIG = "aanwezig"
    FOUT = "fout"


@dataclass
class _Gebeurtenisplan:
    soort: str
    datum: date
    rang: int
    van_fase: str = ""
    naar_fase: str = ""
    gegevens: dict[str, Any] = field(default_factory=dict)
    toelichting: str = ""
    product: int | None = None  # index in the plan's products
    crisisinterventie: int | None = None
    moratorium: int | None = None


@dataclass
class _Productplan:
    soort: str
    startdatum: date
    einddatum: date | None = None
    status: str = S.IN_VOORBEREIDING


@dataclass
class _Plan:
    gemeente: Gemeente
    afspraak: Dienstverleningsafspraak
    klant: Klant | None
    nieuwe_klant: Klant | None
    aanmelddatum: date
    crisisinterventie: bool
    fase: str
    uitstroomreden: str
    producten: list[_Productplan]
    crisisinterventies: list[tuple[date, date | None]]
    moratoria: list[dict[str, date | None]]
    gebeurtenissen: list[_Gebeurtenisplan]


@dataclass
class Record:
    nummer: int
    levering: int
    index: int
    gemeentecode: str = ""
    bsn: str = ""
    aanmelddatum: date | None = None
    fouten: list[Melding] = field(default_factory=list)
    waarschuwingen: list[Melding] = field(default_factory=list)
    aanwezig: bool = False
    plan: _Plan | None = None

    @property
    def status(self) -> Status:
        if self.aanwezig:
            return Status.AANWEZIG
        return Status.FOUT if self.fouten or self.plan is None else Status.NIEUW

    @property
    def bsn_gemaskeerd(self) -> str:
        return maskeer_bsn(self.bsn)


@dataclass
class Voorbeeld:
    sha256: str
    records: list[Record]

    def _met(self, status: Status) -> list[Record]:
        return [r for r in self.records if r.status == status]

    @property
    def nieuw(self) -> list[Record]:
        return self._met(Status.NIEUW)

    @property
    def aanwezig(self) -> list[Record]:
        return self._met(Status.AANWEZIG)

    @property
    def fout(self) -> list[Record]:
        return self._met(Status.FOUT)

    @property
    def met_meldingen(self) -> list[Record]:
        return [r for r in self.records if r.fouten or r.waarschuwingen]


@dataclass
class _Context:
    gebruiker: Gebruiker | None
    vandaag: date
    gemeenten: dict[str, Gemeente]
    afspraken: dict[int, list[Dienstverleningsafspraak]]
    klanten: dict[str, Klant]
    zichtbare_klanten: set[int] | None
    bestaande_trajecten: dict[tuple[str, date], int]  # (bsn, aanmelddatum) → klant id
    open_trajecten: dict[str, date]
    gezien: dict[tuple[str, date], int] = field(default_factory=dict)
    open_in_bestand: dict[str, int] = field(default_factory=dict)


def _bsn_uit(record: dict[str, Any]) -> str:
    clienten = record.get("client")
    eerste = clienten[0] if isinstance(clienten, list) and clienten else None
    waarde = eerste.get("Burgerservicenummer") if isinstance(eerste, dict) else None
    bsn = normaliseer_bsn(waarde) if isinstance(waarde, str) else ""
    # An 8-digit BSN lost its leading zero somewhere (a number column in a spreadsheet).
    return bsn.zfill(9) if len(bsn) == 8 and bsn.isdigit() else bsn


def _context(bestand: Bestand, gebruiker: Gebruiker | None, vandaag: date) -> _Context:
    """Everything the analysis looks up, in a constant number of queries."""
    # Only text is looked up: a code of another JSON type (a list, an object) is an error of
    # its own record, and would not even fit in a set (a 500 before).
    codes = {
        r["gemeentecode"]
        for _, _, r in bestand.records()
        if isinstance(r, dict) and isinstance(r.get("gemeentecode"), str)
    }
    bsns = {_bsn_uit(r) for _, _, r in bestand.records() if isinstance(r, dict)} - {""}
    gemeenten = {
        g.code: g
        for g in Gemeente.objects.filter(code__in=[c for c in codes if isinstance(c, str)])
    }
    afspraken: dict[int, list[Dienstverleningsafspraak]] = {}
    for afspraak in Dienstverleningsafspraak.objects.filter(gemeente__in=gemeenten.values()):
        afspraken.setdefault(afspraak.gemeente_id, []).append(afspraak)
    klanten = {k.bsn: k for k in Klant.objects.filter(bsn__in=bsns).select_related("gemeente")}
    zichtbaar = None
    if gebruiker is not None:
        zichtbaar = set(
            filter_for_user(gebruiker, Klant.objects.filter(bsn__in=bsns)).values_list(
                "pk", flat=True
            )
        )
    bestaand: dict[tuple[str, date], int] = {}
    open_: dict[str, date] = {}
    for bsn, aanmelddatum, fase, klant_id in Traject.objects.filter(
        klant__bsn__in=bsns
    ).values_list("klant__bsn", "aanmelddatum", "fase", "klant_id"):
        bestaand[(bsn, aanmelddatum)] = klant_id
        if fase != Fase.UITGESTROOMD:
            open_[bsn] = aanmelddatum
    return _Context(gebruiker, vandaag, gemeenten, afspraken, klanten, zichtbaar, bestaand, open_)


class _Lezer:
    """Reads one record: dates, problems and warnings, each with its DDAS path."""

    def __init__(self, record: Record, ruw: dict[str, Any], vandaag: date) -> None:
        self.record = record
        self.ruw = ruw
        self.vandaag = vandaag
        # Each field is read (and reported) once, however often the analysis asks for it.
        self._gelezen: dict[tuple[int, str], date | None] = {}

    def fout(self, pad: str, tekst: str) -> None:
        self.record.fouten.append(Melding(pad, tekst))

    def let_op(self, pad: str, tekst: str) -> None:
        self.record.waarschuwingen.append(Melding(pad, tekst))

    def groep(self, naam: str) -> dict[str, Any]:
        waarde = self.ruw.get(naam)
        return waarde if isinstance(waarde, dict) else {}

    def lijst(self, naam: str) -> list[dict[str, Any]]:
        waarde = self.ruw.get(naam)
        return [w for w in waarde if isinstance(w, dict)] if isinstance(waarde, list) else []

    def datum(self, groep: dict[str, Any], sleutel: str, pad: str) -> date | None:
        if (id(groep), sleutel) not in self._gelezen:
            self._gelezen[(id(groep), sleutel)] = self._lees_datum(groep, sleutel, pad)
        return self._gelezen[(id(groep), sleutel)]

    def _lees_datum(self, groep: dict[str, Any], sleutel: str, pad: str) -> date | None:
        waarde = groep.get(sleutel)
        if waarde is None:
            return None
        try:
            if not isinstance(waarde, str) or not _DATUM.match(waarde):
                raise ValueError
            resultaat = date.fromisoformat(waarde)
        except ValueError:
            self.fout(pad, f"{waarde!r} is geen geldige datum; gebruik JJJJ-MM-DD.")
            return None
        if resultaat > self.vandaag:
            self.fout(pad, f"De datum {datum_nl(resultaat)} ligt in de toekomst.")
        return resultaat

    def periode(self, groep: dict[str, Any], pad: str) -> tuple[date | None, date | None]:
        start = self.datum(groep, "startdatum", f"{pad}.startdatum")
        eind = self.datum(groep, "einddatum", f"{pad}.einddatum")
        if start and eind and eind < start:
            self.fout(
                f"{pad}.einddatum",
                f"De einddatum ({datum_nl(eind)}) ligt vóór de startdatum ({datum_nl(start)}).",
            )
        return start, eind

    def kies(self, naam: str, kandidaten: list[tuple[str, date | None]]) -> tuple[date | None, str]:
        """The first date given for `naam`; a warning when the others say something else."""
        gegeven = [(pad, d) for pad, d in kandidaten if d is not None]
        if not gegeven:
            return None, ""
        pad, gekozen = gegeven[0]
        for ander_pad, anders in gegeven[1:]:
            if anders != gekozen:
                self.let_op(
                    ander_pad,
                    f"Wijkt af van {pad} ({datum_nl(anders)} tegen {datum_nl(gekozen)}). "
                    f"Schuldhulp neemt {datum_nl(gekozen)} als datum van {naam}.",
                )
        return gekozen, pad


def _klant(
    lezer: _Lezer, ctx: _Context, gemeente: Gemeente | None
) -> tuple[Klant | None, Klant | None]:
    """(existing klant, new unsaved klant) for the record's first client."""
    record = lezer.record
    clienten = lezer.lijst("client")
    if not clienten:
        lezer.fout(
            "client", "Er is geen cliënt. Het BSN is nodig om de klant te vinden of aan te maken."
        )
        return None, None
    if len(clienten) > 1:
        lezer.let_op(
            "client[1]",
            "De tweede cliënt (partner) wordt niet overgenomen: Schuldhulp kent één klant per "
            "traject.",
        )
    client = clienten[0]
    pad = "client[0]"
    if not record.bsn:
        lezer.fout(f"{pad}.Burgerservicenummer", "Het BSN ontbreekt.")
        return None, None
    try:
        valideer_bsn(record.bsn)
    except ValidationError as exc:
        lezer.fout(f"{pad}.Burgerservicenummer", f"BSN {record.bsn_gemaskeerd}: {exc.messages[0]}")
        return None, None
    if "Geslachtsaanduiding" in client:
        lezer.let_op(
            f"{pad}.Geslachtsaanduiding", "Wordt niet overgenomen: Schuldhulp slaat dit niet op."
        )

    bestaand = ctx.klanten.get(record.bsn)
    if bestaand is not None:
        if ctx.zichtbare_klanten is not None and bestaand.pk not in ctx.zichtbare_klanten:
            lezer.fout(
                f"{pad}.Burgerservicenummer",
                "Er is al een klant met dit BSN bij een gemeente waarvoor u niet werkt.",
            )
            return None, None
        lezer.let_op(
            pad,
            f"Deze klant staat al in Schuldhulp ({bestaand.volledige_naam}); het traject komt bij "
            "die klant. De klantgegevens in Schuldhulp blijven zoals ze zijn.",
        )
        if gemeente is not None and bestaand.gemeente_id != gemeente.pk:
            lezer.let_op(
                "gemeentecode",
                f"De klant hoort in Schuldhulp bij {bestaand.gemeente}; dit traject komt bij "
                f"{gemeente}.",
            )
        return bestaand, None

    geboortedatum = None
    if client.get("Geboortedatum") in (None, ""):
        lezer.fout(
            f"{pad}.Geboortedatum",
            "De geboortedatum ontbreekt; die is nodig voor een nieuwe klant.",
        )
    else:
        geboortedatum = lezer.datum(client, "Geboortedatum", f"{pad}.Geboortedatum")
    postcode = client.get("Postcode")
    if not postcode:
        lezer.fout(f"{pad}.Postcode", "De postcode ontbreekt; die is nodig voor een nieuwe klant.")
    else:
        try:
            valideer_postcode(postcode)
        except ValidationError as exc:
            lezer.fout(f"{pad}.Postcode", f"{postcode!r}: {exc.messages[0]}")
    huisnummer = mapping.voeg_huisnummer_samen(
        client.get("Huisnummer") or "", client.get("Huisnummertoevoeging") or ""
    )
    if len(huisnummer) > Klant._meta.get_field("huisnummer").max_length:
        lezer.fout(
            f"{pad}.Huisnummer", f"Het huisnummer {huisnummer!r} is te lang (hoogstens 10 tekens)."
        )
    if geboortedatum is None or not postcode:
        return None, None
    return None, Klant(
        bsn=record.bsn,
        voornamen=ONBEKENDE_VOORNAAM,
        achternaam=ONBEKENDE_ACHTERNAAM,
        geboortedatum=geboortedatum,
        postcode=normaliseer_postcode(postcode),
        huisnummer=huisnummer,
    )


def _gemeente(lezer: _Lezer, ctx: _Context) -> Gemeente | None:
    code = lezer.record.gemeentecode
    if not GEMEENTECODE_RE.match(code):
        lezer.fout(
            "gemeentecode",
            f"{code!r} is geen geldige CBS-gemeentecode: GM gevolgd door 4 cijfers, bijvoorbeeld "
            "GM0141.",
        )
        return None
    gemeente = ctx.gemeenten.get(code)
    if gemeente is None:
        lezer.fout(
            "gemeentecode",
            f"Gemeente {code} is onbekend in Schuldhulp. Een functioneel beheerder kan de "
            "gemeente en haar dienstverleningsafspraak toevoegen.",
        )
        return None
    if ctx.gebruiker is not None and not can_do(ctx.gebruiker, "ddas.importeren", gemeente):
        lezer.fout(
            "gemeentecode",
            f"U werkt niet voor {gemeente} ({code}); u kunt dit traject niet importeren.",
        )
        return None
    return gemeente


def _afspraak(
    lezer: _Lezer, ctx: _Context, gemeente: Gemeente, datum: date
) -> Dienstverleningsafspraak | None:
    for afspraak in ctx.afspraken.get(gemeente.pk, []):
        if afspraak.geldig_op(datum):
            return afspraak
    lezer.fout(
        "aanmelding.startdatum",
        f"{gemeente} had op {datum_nl(datum)} geen dienstverleningsafspraak. Een functioneel "
        "beheerder kan die toevoegen; daarna kunt u opnieuw importeren.",
    )
    return None


def _niet_overgenomen(lezer: _Lezer) -> None:
    ruw = lezer.ruw
    namen = [n for n in ("informatieEnAdvies", "voorlopigeVoorzieningen") if ruw.get(n)]
    namen += [n for n in ("totaalSchuldbedragBijAanvangSchuld", "schulden") if ruw.get(n)]
    if "vtlb" in lezer.groep("oplossing"):
        namen.append("oplossing.vtlb")
    if namen:
        lezer.let_op(
            "",
            "Niet overgenomen (Schuldhulp heeft hier bij een import geen plek voor): "
            + ", ".join(namen)
            + ".",
        )


def _schuldregeling(lezer: _Lezer, groep: dict[str, Any]) -> tuple[str, list[tuple[str, date]]]:
    """The final status and the dated steps of a minnelijke regeling (see docs/ddas.md)."""
    p = "schuldregeling"
    ingediend = lezer.datum(groep, "datum", f"{p}.datum")
    toegekend = lezer.datum(groep, "toegekend", f"{p}.toegekend")
    afgewezen = lezer.datum(groep, "afgewezen", f"{p}.afgewezen")
    ingetrokken = lezer.datum(groep, "ingetrokken", f"{p}.ingetrokken")
    verzoek = lezer.datum(groep, "datumVerzoekDwangakkoord", f"{p}.datumVerzoekDwangakkoord")
    door_rechter = groep.get("dwangakkoord") is True

    for naam, waarde in (
        ("toegekend", toegekend),
        ("afgewezen", afgewezen),
        ("ingetrokken", ingetrokken),
        ("datumVerzoekDwangakkoord", verzoek),
    ):
        if ingediend and waarde and waarde < ingediend:
            lezer.fout(
                f"{p}.{naam}",
                f"{datum_nl(waarde)} ligt vóór de indiening van de schuldregeling "
                f"({datum_nl(ingediend)}, {p}.datum).",
            )
    if verzoek and toegekend and door_rechter and toegekend < verzoek:
        lezer.fout(
            f"{p}.toegekend",
            f"Het dwangakkoord is toegekend ({datum_nl(toegekend)}) vóór het verzoek "
            f"({datum_nl(verzoek)}).",
        )
    if ingediend is None and any((toegekend, afgewezen, ingetrokken, verzoek)):
        lezer.let_op(
            f"{p}.datum",
            "De datum van indiening ontbreekt; de andere stappen worden wel overgenomen.",
        )

    stappen: list[tuple[str, date]] = [("dien_in", ingediend)] if ingediend else []
    if ingetrokken:
        if toegekend or afgewezen or verzoek:
            lezer.let_op(
                p, "De regeling is ingetrokken; de andere stappen worden niet overgenomen."
            )
        return S.INGETROKKEN, [*stappen, ("trek_in", ingetrokken)]
    if toegekend:
        if door_rechter:
            if afgewezen and (verzoek is None or afgewezen <= verzoek):
                stappen.append(("wijs_af", afgewezen))
            if verzoek:
                stappen.append(("verzoek_dwangakkoord", verzoek))
            return S.DWANGAKKOORD, [*stappen, ("dwangakkoord_toegewezen", toegekend)]
        if verzoek or afgewezen:
            lezer.let_op(
                p,
                "Toegekend zonder dwangakkoord: de afwijzing en het verzoek om een dwangakkoord "
                "worden niet overgenomen.",
            )
        return S.TOEGEKEND, [*stappen, ("ken_toe", toegekend)]
    if groep.get("dwangakkoord") is True:
        lezer.let_op(
            f"{p}.dwangakkoord",
            "Dwangakkoord 'true' zonder datum van toekenning: niet overgenomen.",
        )
    if verzoek:
        if afgewezen and afgewezen > verzoek:  # the court refused the dwangakkoord
            return S.AFGEWEZEN, [
                *stappen,
                ("verzoek_dwangakkoord", verzoek),
                ("dwangakkoord_afgewezen", afgewezen),
            ]
        if afgewezen:
            stappen.append(("wijs_af", afgewezen))
        return S.DWANGAKKOORD_VERZOCHT, [*stappen, ("verzoek_dwangakkoord", verzoek)]
    if afgewezen:
        return S.AFGEWEZEN, [*stappen, ("wijs_af", afgewezen)]
    return (S.INGEDIEND if ingediend else S.IN_VOORBEREIDING), stappen


# Order of events on the same day (a product starts after the toelating, and so on).
_RANG = {
    Gebeurtenissoort.AANMELDING: 0,
    Gebeurtenissoort.EERSTE_GESPREK: 1,
    Gebeurtenissoort.TOELATING: 2,
    Gebeurtenissoort.AFWIJZING: 2,
    Gebeurtenissoort.CRISISINTERVENTIE: 3,
    Gebeurtenissoort.MORATORIUM: 3,
    Gebeurtenissoort.FINANCIELE_RUST: 4,
    Gebeurtenissoort.PRODUCT_GESTART: 5,
    Gebeurtenissoort.START_UITVOERING: 6,
    Gebeurtenissoort.SCHULDREGELING: 7,
    Gebeurtenissoort.PRODUCT_BEEINDIGD: 8,
    Gebeurtenissoort.START_NAZORG: 9,
    Gebeurtenissoort.UITSTROOM: 10,
}


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
class _Fasen:
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


def _lees_aanmelddatum(lezer: _Lezer) -> date | None:
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


def _lees_beschikking(lezer: _Lezer, fasen: _Fasen) -> None:
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
    if soort is None and (beschikkingsdatum or intake_eind):
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
    kandidaten = [
        ("toekenningsdatum", toekenningsdatum),
        ("stabilisatie.startdatum", stabilisatie_start),
    ]
    if soort == mapping.TOELATING:
        kandidaten = [
            ("intake.beschikkingsdatum", beschikkingsdatum),
            ("intake.einddatum", intake_eind),
            *kandidaten,
        ]
    fasen.toelating, pad = lezer.kies("de toelating", kandidaten)
    fasen.pad_beschikking = pad or fasen.pad_beschikking


def _lees_fasen(lezer: _Lezer, aanmelddatum: date) -> _Fasen:
    """Every date may come from more than one DDAS field: the first one given counts, and a
    different value elsewhere gives a warning."""
    fasen = _Fasen(aanmelddatum=aanmelddatum)
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
        lezer.let_op(
            "aanmelding.einddatum",
            f"Wijkt af van intake.startdatum ({datum_nl(aanmelding_eind)} tegen "
            f"{datum_nl(intake_start)}). Schuldhulp neemt het eerste gesprek als einde van de "
            "aanmelding.",
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


def _controleer_volgorde(lezer: _Lezer, fasen: _Fasen) -> None:
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
        if vorige and datum < vorige[2]:
            lezer.fout(
                pad,
                f"De datum van {naam} ({datum_nl(datum)}) ligt vóór {vorige[0]} "
                f"({datum_nl(vorige[2])}, {vorige[1]}).",
            )
        vorige = (naam, pad, datum)


@dataclass
class _Producten:
    lijst: list[_Productplan] = field(default_factory=list)
    stappen: list[tuple[str, date]] = field(default_factory=list)
    schuldregeling: int | None = None  # index of the product carrying the steps


def _lees_producten(lezer: _Lezer, aanmelddatum: date) -> _Producten:
    producten = _Producten()
    for i, item in enumerate(lezer.lijst("begeleiding")):
        pad = f"begeleiding[{i}]"
        start, eind = lezer.periode(item, pad)
        if not item.get("soort"):
            lezer.fout(f"{pad}.soort", "De soort begeleiding ontbreekt.")
        elif start is None:
            lezer.fout(f"{pad}.startdatum", "De startdatum van de begeleiding ontbreekt.")
        else:
            producten.lijst.append(_Productplan(item["soort"], start, eind))
    oplossing = lezer.groep("oplossing")
    oplossingsplan = None
    if oplossing:
        start, eind = lezer.periode(oplossing, "oplossing")
        if not oplossing.get("soort"):
            lezer.fout("oplossing.soort", "De soort oplossing ontbreekt.")
        elif start is None:
            lezer.fout("oplossing.startdatum", "De startdatum van de oplossing ontbreekt.")
        else:
            oplossingsplan = _Productplan(oplossing["soort"], start, eind)
            producten.lijst.append(oplossingsplan)

    schuldregeling = lezer.groep("schuldregeling")
    if schuldregeling:
        status, stappen = _schuldregeling(lezer, schuldregeling)
        # The steps of a minnelijke regeling belong to a Schuldbemiddeling product.
        if oplossingsplan is None or oplossingsplan.soort != Productsoort.SCHULDBEMIDDELING:
            start = min((d for _, d in stappen), default=None)
            if start is None:
                lezer.let_op("schuldregeling", "Zonder datums: niet overgenomen.")
                oplossingsplan = None
            else:
                oplossingsplan = _Productplan(Productsoort.SCHULDBEMIDDELING, start)
                producten.lijst.append(oplossingsplan)
                lezer.let_op(
                    "schuldregeling",
                    "Voor de schuldregeling is een product 'Schuldbemiddeling' aangemaakt dat "
                    f"start op {datum_nl(start)} (de eerste stap).",
                )
        if oplossingsplan is not None:
            oplossingsplan.status = status
            producten.stappen = stappen
            producten.schuldregeling = producten.lijst.index(oplossingsplan)

    for plan in producten.lijst:
        if plan.startdatum < aanmelddatum:
            lezer.fout(
                "begeleiding" if plan.soort in mapping.BEGELEIDINGSSOORTEN else "oplossing",
                f"{plan.soort} start op {datum_nl(plan.startdatum)}, vóór de aanmelding "
                f"({datum_nl(aanmelddatum)}).",
            )
    return producten


def _lees_crisisinterventies(lezer: _Lezer, aanmelddatum: date) -> list[tuple[date, date | None]]:
    interventies: list[tuple[date, date | None]] = []
    for i, item in enumerate(lezer.lijst("crisisinterventies")):
        pad = f"crisisinterventies[{i}]"
        start, eind = lezer.periode(item, pad)
        if start is None:
            lezer.fout(f"{pad}.startdatum", "De startdatum van de crisisinterventie ontbreekt.")
        elif start < aanmelddatum:
            lezer.fout(f"{pad}.startdatum", f"{datum_nl(start)} ligt vóór de aanmelding.")
        else:
            interventies.append((start, eind))
    return interventies


def _lees_moratoria(lezer: _Lezer, aanmelddatum: date) -> list[dict[str, date | None]]:
    moratoria: list[dict[str, date | None]] = []
    for i, item in enumerate(lezer.lijst("moratoria")):
        pad = f"moratoria[{i}]"
        aanvraag = lezer.datum(item, "datumAanvraag", f"{pad}.datumAanvraag")
        goedkeuring = lezer.datum(item, "datumGoedkeuring", f"{pad}.datumGoedkeuring")
        start, eind = lezer.periode(item, pad)
        if aanvraag is None:
            lezer.fout(f"{pad}.datumAanvraag", "De datum van de aanvraag ontbreekt.")
            continue
        if aanvraag < aanmelddatum:
            lezer.fout(f"{pad}.datumAanvraag", f"{datum_nl(aanvraag)} ligt vóór de aanmelding.")
        for naam, waarde in (("datumGoedkeuring", goedkeuring), ("startdatum", start)):
            if waarde and waarde < aanvraag:
                lezer.fout(f"{pad}.{naam}", f"Ligt vóór de aanvraag ({datum_nl(aanvraag)}).")
        if start and eind and (eind - start).days > 183:
            lezer.let_op(pad, "Een breed moratorium duurt hooguit 6 maanden (art. 287b Fw).")
        moratoria.append(
            {"aanvraag": aanvraag, "goedkeuring": goedkeuring, "start": start, "eind": eind}
        )
    return moratoria


def _controleer_open(lezer: _Lezer, ctx: _Context) -> None:
    """A klant has at most one open traject, in Schuldhulp and in the file together."""
    bsn = lezer.record.bsn
    if bsn in ctx.open_trajecten:
        lezer.fout(
            "",
            "Deze klant heeft in Schuldhulp al een lopend traject (aangemeld op "
            f"{datum_nl(ctx.open_trajecten[bsn])}). Een klant heeft hooguit één lopend traject.",
        )
    elif bsn in ctx.open_in_bestand:
        lezer.fout(
            "",
            "Deze klant heeft in het bestand al een lopend traject (record "
            f"{ctx.open_in_bestand[bsn]}). Een klant heeft hooguit één lopend traject.",
        )


def _plan_gebeurtenissen(
    fasen: _Fasen,
    producten: _Producten,
    crisisinterventies: list[tuple[date, date | None]],
    moratoria: list[dict[str, date | None]],
    omschrijving: str,
) -> tuple[list[_Gebeurtenisplan], str]:
    """The event rows with the phase before and after each step, and the final phase."""
    assert fasen.aanmelddatum is not None
    gebeurtenissen = [
        _Gebeurtenisplan(
            Gebeurtenissoort.AANMELDING,
            fasen.aanmelddatum,
            _RANG[Gebeurtenissoort.AANMELDING],
            gegevens={"kanaal": Aanmeldkanaal.OVERIG, "bedreigende_situatie": ""},
            toelichting=omschrijving,
        )
    ]
    fase: str = Fase.AANGEMELD

    def stap(soort: str, datum: date, naar: Fase, **gegevens: Any) -> None:
        nonlocal fase
        gegevens.setdefault("uitstroomreden", None)
        gebeurtenissen.append(_Gebeurtenisplan(soort, datum, _RANG[soort], fase, naar, gegevens))
        fase = naar

    def los(soort: str, datum: date, **velden: Any) -> None:
        gebeurtenissen.append(_Gebeurtenisplan(soort, datum, _RANG[soort], **velden))

    if fasen.eerste_gesprek:
        stap(Gebeurtenissoort.EERSTE_GESPREK, fasen.eerste_gesprek, Fase.INTAKE)
    if fasen.afwijzing:
        stap(
            Gebeurtenissoort.AFWIJZING,
            fasen.afwijzing,
            Fase.UITGESTROOMD,
            uitstroomreden=fasen.reden,
        )
    if fasen.toelating:
        stap(Gebeurtenissoort.TOELATING, fasen.toelating, Fase.STABILISATIE)
    if fasen.financiele_rust:
        stap(Gebeurtenissoort.FINANCIELE_RUST, fasen.financiele_rust, Fase.FINANCIELE_RUST)
        # DDAS has no date for the start of the uitvoering: it starts when a product runs
        # after financial rest, if that is before the next step.
        if producten.lijst:
            start = max(fasen.financiele_rust, min(p.startdatum for p in producten.lijst))
            volgende = fasen.nazorg or fasen.uitstroom
            if volgende is None or start <= volgende:
                stap(Gebeurtenissoort.START_UITVOERING, start, Fase.UITVOERING)
    if fasen.nazorg:
        stap(Gebeurtenissoort.START_NAZORG, fasen.nazorg, Fase.NAZORG)
    if fasen.uitstroom and not fasen.afwijzing:
        extra = {}
        if fasen.beeindigingsbeschikking:
            extra["datum_beeindigingsbeschikking"] = fasen.beeindigingsbeschikking.isoformat()
        stap(
            Gebeurtenissoort.UITSTROOM,
            fasen.uitstroom,
            Fase.UITGESTROOMD,
            uitstroomreden=fasen.reden,
            **extra,
        )
        gebeurtenissen[-1].toelichting = fasen.toelichting_uitstroom

    for i, plan in enumerate(producten.lijst):
        los(
            Gebeurtenissoort.PRODUCT_GESTART,
            plan.startdatum,
            gegevens={"productsoort": plan.soort},
            product=i,
        )
        if plan.einddatum:
            los(
                Gebeurtenissoort.PRODUCT_BEEINDIGD,
                plan.einddatum,
                gegevens={"productsoort": plan.soort, "resultaat": "", "zelfredzaam": None},
                product=i,
            )
    # The status after each step, as trajecten.services writes it.
    na_stap = {naam: doel for naam, (_, _, doel) in SCHULDREGELING_STAPPEN.items()}
    for naam, datum in producten.stappen:
        los(
            Gebeurtenissoort.SCHULDREGELING,
            datum,
            gegevens={"stap": naam, "status": str(na_stap[naam])},
            product=producten.schuldregeling,
        )
    for i, (start, eind) in enumerate(crisisinterventies):
        los(
            Gebeurtenissoort.CRISISINTERVENTIE,
            start,
            gegevens={"bedreiging": BedreigendeSituatie.ANDERS},
            crisisinterventie=i,
        )
        if eind:
            los(
                Gebeurtenissoort.CRISISINTERVENTIE,
                eind,
                gegevens={"voorkomen": False, "afgerond": True},
                crisisinterventie=i,
            )
    for i, moratorium in enumerate(moratoria):
        assert moratorium["aanvraag"] is not None
        los(Gebeurtenissoort.MORATORIUM, moratorium["aanvraag"], moratorium=i)
    gebeurtenissen.sort(key=lambda g: (g.datum, g.rang))
    return gebeurtenissen, fase


def _analyseer_record(lezer: _Lezer, ctx: _Context) -> None:
    record = lezer.record
    gemeente = _gemeente(lezer, ctx)
    aanmelddatum = record.aanmelddatum = _lees_aanmelddatum(lezer)

    if record.bsn and aanmelddatum:
        sleutel = (record.bsn, aanmelddatum)
        klant_id = ctx.bestaande_trajecten.get(sleutel)
        # Only a klant the user may see is "already there"; otherwise _klant says why not.
        if klant_id is not None and (
            ctx.zichtbare_klanten is None or klant_id in ctx.zichtbare_klanten
        ):
            # Imported before (or entered by hand): skipped, nothing to report.
            record.aanwezig = True
            record.fouten.clear()
            record.waarschuwingen.clear()
            return
        if sleutel in ctx.gezien:
            lezer.fout(
                "",
                "Dit traject staat twee keer in het bestand (zelfde BSN en aanmelddatum als "
                f"record {ctx.gezien[sleutel]}).",
            )
        ctx.gezien.setdefault(sleutel, record.nummer)

    bestaande_klant, nieuwe_klant = _klant(lezer, ctx, gemeente)
    if aanmelddatum is None:
        return
    fasen = _lees_fasen(lezer, aanmelddatum)
    _controleer_volgorde(lezer, fasen)
    producten = _lees_producten(lezer, aanmelddatum)
    crisisinterventies = _lees_crisisinterventies(lezer, aanmelddatum)
    moratoria = _lees_moratoria(lezer, aanmelddatum)
    _niet_overgenomen(lezer)
    open_ = fasen.uitstroom is None
    if open_ and (bestaande_klant or nieuwe_klant):  # not for a klant the user may not see
        _controleer_open(lezer, ctx)
    afspraak = _afspraak(lezer, ctx, gemeente, aanmelddatum) if gemeente else None

    if record.fouten or gemeente is None or afspraak is None:
        return
    if bestaande_klant is None and nieuwe_klant is None:
        return
    if open_:
        ctx.open_in_bestand.setdefault(record.bsn, record.nummer)
    gebeurtenissen, fase = _plan_gebeurtenissen(
        fasen, producten, crisisinterventies, moratoria, lezer.ruw.get("omschrijving") or ""
    )
    if nieuwe_klant is not None:
        nieuwe_klant.gemeente = gemeente
    record.plan = _Plan(
        gemeente=gemeente,
        afspraak=afspraak,
        klant=bestaande_klant,
        nieuwe_klant=nieuwe_klant,
        aanmelddatum=aanmelddatum,
        crisisinterventie=(
            lezer.groep("aanmelding").get("crisisinterventie") is True or bool(crisisinterventies)
        ),
        fase=fase,
        uitstroomreden=fasen.reden,
        producten=producten.lijst,
        crisisinterventies=crisisinterventies,
        moratoria=moratoria,
        gebeurtenissen=gebeurtenissen,
    )


def analyseer(
    bestand: Bestand, *, gebruiker: Gebruiker | None = None, vandaag: date | None = None
) -> Voorbeeld:
    """What importing `bestand` would do, per record. Writes nothing.

    With a `gebruiker` (the browser) every record must belong to a gemeente they may import
    for; without (the operator's command) every gemeente is allowed.
    """
    ctx = _context(bestand, gebruiker, vandaag or timezone.localdate())
    records: list[Record] = []
    for nummer, (i, j, ruw) in enumerate(bestand.records(), start=1):
        record = Record(nummer=nummer, levering=i + 1, index=j + 1)
        records.append(record)
        if not isinstance(ruw, dict):
            record.fouten.append(Melding("", "Dit traject is geen groep velden ({…})."))
            continue
        code = ruw.get("gemeentecode")
        record.gemeentecode = code if isinstance(code, str) else ""
        record.bsn = _bsn_uit(ruw)
        lezer = _Lezer(record, ruw, ctx.vandaag)
        schemafouten = bestand.recordfouten.get((i, j))
        if schemafouten:
            # A record that does not follow the schema is not read any further.
            record.fouten.extend(schemafouten)
            aanmelding = lezer.groep("aanmelding")
            record.aanmelddatum = lezer.datum(aanmelding, "startdatum", "aanmelding.startdatum")
            continue
        _analyseer_record(lezer, ctx)
    return Voorbeeld(bestand.sha256, records)


# --- 3. Import -------------------------------------------------------------------------------


@dataclass
class Resultaat:
    voorbeeld: Voorbeeld
    trajecten: list[Traject]
    klanten_nieuw: int

    @property
    def geimporteerd(self) -> int:
        return len(self.trajecten)


def _klanten(plannen: list[_Plan]) -> tuple[dict[str, Klant], int]:
    """The klant of every plan: existing, or new through the klant service (validated)."""
    klanten: dict[str, Klant] = {}
    nieuw = 0
    for plan in plannen:
        if plan.klant is not None:
            klanten[plan.klant.bsn] = plan.klant
        elif plan.nieuwe_klant is not None and plan.nieuwe_klant.bsn not in klanten:
            klanten[plan.nieuwe_klant.bsn] = services.klant_opslaan(klant=plan.nieuwe_klant)
            nieuw += 1
    return klanten, nieuw


def _schrijf(
    plannen: list[_Plan], *, door: Gebruiker | None, sha: str
) -> tuple[list[Traject], int]:
    """Write all plans with a few bulk inserts per kind of row (a file can hold thousands)."""
    klanten, nieuw = _klanten(plannen)
    dossierrol = door is not None and door.rol in DOSSIERROLLEN
    # Bypasses the workflow on purpose (history): the phase is set once, at creation.
    trajecten = Traject.objects.bulk_create(
        Traject(
            klant=klanten[(plan.klant or plan.nieuwe_klant).bsn],
            gemeente=plan.gemeente,
            afspraak=plan.afspraak,
            aanmelddatum=plan.aanmelddatum,
            kanaal=Aanmeldkanaal.OVERIG,
            crisisinterventie=plan.crisisinterventie,
            behandelaar=door if dossierrol and plan.fase != Fase.UITGESTROOMD else None,
            fase=plan.fase,
            uitstroomreden=plan.uitstroomreden,
            versie=sum(1 for g in plan.gebeurtenissen if g.naar_fase),
        )
        for plan in plannen
    )
    producten = Product.objects.bulk_create(
        Product(
            traject=traject,
            soort=p.soort,
            startdatum=p.startdatum,
            einddatum=p.einddatum,
            schuldregeling_status=p.status,
        )
        for plan, traject in zip(plannen, trajecten, strict=True)
        for p in plan.producten
    )
    interventies = Crisisinterventie.objects.bulk_create(
        Crisisinterventie(
            traject=traject, soort=BedreigendeSituatie.ANDERS, startdatum=start, einddatum=eind
        )
        for plan, traject in zip(plannen, trajecten, strict=True)
        for start, eind in plan.crisisinterventies
    )
    moratoria = Moratorium.objects.bulk_create(
        Moratorium(
            traject=traject,
            aanvraagdatum=m["aanvraag"],
            goedkeuringsdatum=m["goedkeuring"],
            startdatum=m["start"],
            einddatum=m["eind"],
        )
        for plan, traject in zip(plannen, trajecten, strict=True)
        for m in plan.moratoria
    )
    # bulk_create keeps the order, so each plan's rows are the next ones in each list.
    volgende = {
        "product": iter(producten),
        "crisis": iter(interventies),
        "moratorium": iter(moratoria),
    }
    rijen: list[Gebeurtenis] = []
    for plan, traject in zip(plannen, trajecten, strict=True):
        eigen = {
            "product": [next(volgende["product"]) for _ in plan.producten],
            "crisis": [next(volgende["crisis"]) for _ in plan.crisisinterventies],
            "moratorium": [next(volgende["moratorium"]) for _ in plan.moratoria],
        }
        for g in plan.gebeurtenissen:
            gegevens = {**g.gegevens, "bron": "ddas-import", "bestand": sha}
            if g.product is not None:
                gegevens["product"] = eigen["product"][g.product].pk
            if g.crisisinterventie is not None:
                gegevens["crisisinterventie"] = eigen["crisis"][g.crisisinterventie].pk
            if g.moratorium is not None:
                gegevens["moratorium"] = eigen["moratorium"][g.moratorium].pk
            rijen.append(
                Gebeurtenis(
                    traject=traject,
                    soort=g.soort,
                    datum=g.datum,
                    door=door,
                    van_fase=g.van_fase,
                    naar_fase=g.naar_fase,
                    toelichting=" ".join(t for t in (TOELICHTING, g.toelichting) if t),
                    reden_terugdatering=REDEN_TERUGDATERING,
                    gegevens=gegevens,
                )
            )
    Gebeurtenis.objects.bulk_create(rijen, batch_size=2000)
    for traject in trajecten:
        normbewaking.herbereken(traject)  # the norm clocks, from the historical events
    return trajecten, nieuw


@transaction.atomic
def importeer(
    bestand: Bestand, *, door: Gebruiker | None = None, vandaag: date | None = None
) -> Resultaat:
    """Import every record of `bestand` without errors; all or nothing.

    The analysis is done again inside the transaction (after taking the import lock), so
    what changed since the preview — e.g. someone imported the same file — is respected.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SLOT])
    voorbeeld = analyseer(bestand, gebruiker=door, vandaag=vandaag)
    trajecten, klanten_nieuw = _schrijf(
        [r.plan for r in voorbeeld.nieuw if r.plan is not None], door=door, sha=bestand.sha256
    )
    per_gemeente: dict[int, int] = {}
    for traject in trajecten:
        per_gemeente[traject.gemeente_id] = per_gemeente.get(traject.gemeente_id, 0) + 1
    for gemeente_id, aantal in sorted(per_gemeente.items()):
        audit.import_uitgevoerd(
            request=None,
            soort="ddas",
            gemeente_id=gemeente_id,
            omschrijving=f"DDAS-import {bestand.sha256[:12]}: {aantal} trajecten",
            gebruiker=door,
        )
    logger.info(
        "DDAS-import %s door %s: %d geïmporteerd, %d al aanwezig, %d met fouten",
        bestand.sha256[:12],
        door.get_username() if door else "(beheercommando)",
        len(trajecten),
        len(voorbeeld.aanwezig),
        len(voorbeeld.fout),
    )
    return Resultaat(voorbeeld=voorbeeld, trajecten=trajecten, klanten_nieuw=klanten_nieuw)
