"""2. Analysis: every record becomes a plan, with its problems and warnings. Nothing is written.

Problems: a BSN failing the elfproef, an unknown gemeentecode, missing fields, dates in the
wrong order. Warnings: what Schuldhulp does not keep.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Min, Q
from django.utils import timezone

from rapportage.ddas import mapping
from rapportage.ddas.importer import herlevering
from rapportage.ddas.importer.fasen import (
    Fasen,
    controleer_volgorde,
    lees_aanmelddatum,
    lees_fasen,
)
from rapportage.ddas.importer.lezen import Bestand, Melding
from rapportage.ddas.importer.onderdelen import (
    Producten,
    lees_crisisinterventies,
    lees_moratoria,
    lees_producten,
)
from rapportage.ddas.importer.partner import lees_partner
from rapportage.ddas.importer.schulden import Schuldplan, lees_schulden
from rapportage.ddas.importer.velden import Lezer
from rapportage.ddas.mapping import datum_nl
from schuldhulp import audit
from schuldhulp.models import Dienstverleningsafspraak, Gebruiker, Gemeente, Klant
from schuldhulp.permissions import can_do, filter_for_user
from schuldhulp.validators import (
    GEMEENTECODE_RE,
    geboortedatum_fout,
    maskeer_bsn,
    normaliseer_bsn,
    normaliseer_postcode,
    valideer_bsn,
    valideer_postcode,
)
from trajecten.models import BedreigendeSituatie, Fase, Gebeurtenissoort, Traject

ONBEKENDE_VOORNAAM = "Onbekend"
ONBEKENDE_ACHTERNAAM = "(DDAS-import)"


class Status(StrEnum):
    NIEUW = "nieuw"
    AANVULLING = "aanvulling"  # a re-delivery with new facts for a traject in Schuldhulp
    AANWEZIG = "aanwezig"
    FOUT = "fout"


@dataclass
class Plan:
    """What importing one record writes; its event rows are planned when writing."""

    gemeente: Gemeente
    afspraak: Dienstverleningsafspraak
    klant: Klant | None
    nieuwe_klant: Klant | None
    aanmelddatum: date
    crisisinterventie: bool
    bedreigende_situatie: str  # "anders" when the aanmelding was a crisis (DDAS has no kind)
    uitstroomreden: str
    fasen: Fasen
    producten: Producten
    crisisinterventies: list[tuple[date, date | None]]
    moratoria: list[dict[str, date | None]]
    omschrijving: str
    schulden: list[Schuldplan] = field(default_factory=list)
    # Who delivered it (kept on the aanmelding event): organisation, supplier code, counter.
    levering: dict[str, Any] = field(default_factory=dict)
    # The partner (client[1]): an existing klant, or a new one saved with the klant.
    partner: Klant | None = None
    nieuwe_partner: Klant | None = None


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
    plan: Plan | None = None
    herlevering: int | None = None  # the traject in Schuldhulp with this BSN + aanmelddatum
    aanvulling: herlevering.Aanvulling | None = None

    @property
    def status(self) -> Status:
        if self.aanwezig:
            return Status.AANWEZIG
        if self.fouten or self.plan is None:
            return Status.FOUT
        return Status.AANVULLING if self.aanvulling else Status.NIEUW

    @property
    def bsn_gemaskeerd(self) -> str:
        return maskeer_bsn(self.bsn)


@dataclass
class Voorbeeld:
    sha256: str
    records: list[Record]
    bestandsfouten: list[str] = field(default_factory=list)  # outside the records: blocks

    def _met(self, status: Status) -> list[Record]:
        return [r for r in self.records if r.status == status]

    @property
    def nieuw(self) -> list[Record]:
        return self._met(Status.NIEUW)

    @property
    def aanwezig(self) -> list[Record]:
        return self._met(Status.AANWEZIG)

    @property
    def aanvullingen(self) -> list[Record]:
        return self._met(Status.AANVULLING)

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
    # (bsn, aanmelddatum) → (klant id, traject id)
    bestaande_trajecten: dict[tuple[str, date], tuple[int, int]]
    open_trajecten: dict[str, date]
    # Per BSN the periods (aanmelding, end or None) of its trajecten, in Schuldhulp and in
    # the records read so far, each with a description for the message.
    perioden: dict[str, list[tuple[date, date | None, str]]] = field(default_factory=dict)
    herleveringen: list[tuple[Record, Lezer]] = field(default_factory=list)
    leveringen: dict[int, dict[str, Any]] = field(default_factory=dict)  # by number (1, 2, …)
    gezien: dict[tuple[str, date], int] = field(default_factory=dict)
    open_in_bestand: dict[str, int] = field(default_factory=dict)


def bsn_uit(record: dict[str, Any], index: int = 0) -> str:
    clienten = record.get("client")
    eerste = clienten[index] if isinstance(clienten, list) and len(clienten) > index else None
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
    bsns = {
        bsn_uit(r, i) for _, _, r in bestand.records() if isinstance(r, dict) for i in (0, 1)
    } - {""}
    gemeenten = {
        g.code: g
        for g in Gemeente.objects.filter(code__in=[c for c in codes if isinstance(c, str)])
    }
    # Only agreements in force on their dates: a concept or a withdrawn one never applied.
    afspraken: dict[int, list[Dienstverleningsafspraak]] = {}
    for afspraak in Dienstverleningsafspraak.objects.geldend().filter(
        gemeente__in=gemeenten.values()
    ):
        afspraken.setdefault(afspraak.gemeente_id, []).append(afspraak)
    klanten = {k.bsn: k for k in Klant.objects.filter(bsn__in=bsns).select_related("gemeente")}
    zichtbaar = None
    if gebruiker is not None:
        zichtbaar = set(
            filter_for_user(gebruiker, Klant.objects.filter(bsn__in=bsns)).values_list(
                "pk", flat=True
            )
        )
    bestaand: dict[tuple[str, date], tuple[int, int]] = {}
    open_: dict[str, date] = {}
    perioden: dict[str, list[tuple[date, date | None, str]]] = {}
    einde = Min(
        "gebeurtenissen__datum",
        filter=Q(
            gebeurtenissen__soort__in=[Gebeurtenissoort.UITSTROOM, Gebeurtenissoort.AFWIJZING]
        ),
    )
    for bsn, aanmelddatum, fase, klant_id, traject_id, eind in (
        Traject.objects.filter(klant__bsn__in=bsns)
        .annotate(einde=einde)
        .values_list("klant__bsn", "aanmelddatum", "fase", "klant_id", "pk", "einde")
    ):
        bestaand[(bsn, aanmelddatum)] = (klant_id, traject_id)
        if fase != Fase.UITGESTROOMD:
            open_[bsn] = aanmelddatum
        eind = eind if fase == Fase.UITGESTROOMD else None
        perioden.setdefault(bsn, []).append(
            (aanmelddatum, eind, f"in Schuldhulp, aangemeld op {datum_nl(aanmelddatum)}")
        )
    return _Context(
        gebruiker, vandaag, gemeenten, afspraken, klanten, zichtbaar, bestaand, open_, perioden
    )


def _klant(
    lezer: Lezer, ctx: _Context, gemeente: Gemeente | None
) -> tuple[Klant | None, Klant | None]:
    """(existing klant, new unsaved klant) for the record's first client."""
    record = lezer.record
    clienten = lezer.lijst("client")
    if not clienten:
        lezer.fout(
            "client", "Er is geen cliënt. Het BSN is nodig om de klant te vinden of aan te maken."
        )
        return None, None
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
            # ADR 0009: that it exists, not where or whose; and the lookup is logged.
            audit.bsn_gevonden(request=None, klant=bestaand, gebruiker=ctx.gebruiker)
            lezer.fout(
                f"{pad}.Burgerservicenummer",
                "Dit BSN hoort al bij een klant van de Stadsbank, bij een gemeente waarvoor u niet "
                "werkt. Vraag de functioneel beheerder om de klant over te zetten.",
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
        uiterlijk = record.aanmelddatum or ctx.vandaag
        if geboortedatum and (fout := geboortedatum_fout(geboortedatum, uiterlijk=uiterlijk)):
            lezer.fout(f"{pad}.Geboortedatum", fout)
            geboortedatum = None
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


def _gemeente(lezer: Lezer, ctx: _Context) -> Gemeente | None:
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
    lezer: Lezer, ctx: _Context, gemeente: Gemeente, datum: date
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


def _niet_overgenomen(lezer: Lezer) -> None:
    ruw = lezer.ruw
    namen = [n for n in ("informatieEnAdvies", "voorlopigeVoorzieningen") if ruw.get(n)]
    if "vtlb" in lezer.groep("oplossing"):
        namen.append("oplossing.vtlb")
    if namen:
        lezer.let_op(
            "",
            "Niet overgenomen (Schuldhulp heeft hier bij een import geen plek voor): "
            + ", ".join(namen)
            + ".",
        )


def _controleer_open(lezer: Lezer, ctx: _Context) -> None:
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


def _controleer_overlap(lezer: Lezer, ctx: _Context, start: date, eind: date | None) -> None:
    """A person has one traject at a time: a second one over the same period is most likely
    the same aanmelding delivered with another date (two open ones: _controleer_open)."""
    for ander_start, ander_eind, omschrijving in ctx.perioden.get(lezer.record.bsn, []):
        if eind is None and ander_eind is None:
            continue
        if lezer.record.herlevering and ander_start == start:
            continue  # the traject this record delivers again
        if (ander_eind is None or start < ander_eind) and (eind is None or ander_start < eind):
            tot = f"tot {datum_nl(ander_eind)}" if ander_eind else "nog lopend"
            lezer.fout(
                "aanmelding.startdatum",
                f"Dit traject ({datum_nl(start)} tot "
                f"{datum_nl(eind) if eind else 'nu'}) overlapt met een ander traject van deze "
                f"klant ({omschrijving}, {tot}). Waarschijnlijk is het dezelfde aanmelding met "
                "een andere datum. Een klant heeft één traject tegelijk: herstel de datums of "
                "laat een van beide weg.",
            )
            return


def _analyseer_record(lezer: Lezer, ctx: _Context) -> None:
    record = lezer.record
    gemeente = _gemeente(lezer, ctx)
    aanmelddatum = record.aanmelddatum = lees_aanmelddatum(lezer)

    if record.bsn and aanmelddatum:
        sleutel = (record.bsn, aanmelddatum)
        klant_id, traject_id = ctx.bestaande_trajecten.get(sleutel, (None, None))
        # Only a klant the user may see is "already there"; otherwise _klant says why not.
        if klant_id is not None and (
            ctx.zichtbare_klanten is None or klant_id in ctx.zichtbare_klanten
        ):
            # Imported before (or entered by hand): read in full and compared afterwards
            # (herlevering.vergelijk): the same, new facts, or a contradiction.
            record.herlevering = traject_id
            ctx.herleveringen.append((record, lezer))
        if sleutel in ctx.gezien:
            lezer.fout(
                "",
                "Dit traject staat twee keer in het bestand (zelfde BSN en aanmelddatum als "
                f"record {ctx.gezien[sleutel]}).",
            )
        ctx.gezien.setdefault(sleutel, record.nummer)

    bestaande_klant, nieuwe_klant = _klant(lezer, ctx, gemeente)
    partner, nieuwe_partner = lees_partner(
        lezer, ctx, bsn_uit(lezer.ruw, 1), bestaande_klant or nieuwe_klant, aanmelddatum
    )
    if aanmelddatum is None:
        return
    fasen = lees_fasen(lezer, aanmelddatum)
    controleer_volgorde(lezer, fasen)
    producten = lees_producten(lezer, aanmelddatum)
    crisisinterventies = lees_crisisinterventies(lezer, aanmelddatum)
    moratoria = lees_moratoria(lezer, aanmelddatum)
    schulden = lees_schulden(lezer, aanmelddatum)
    _niet_overgenomen(lezer)
    open_ = fasen.uitstroom is None
    if open_ and (bestaande_klant or nieuwe_klant) and not record.herlevering:
        _controleer_open(lezer, ctx)  # not for a klant the user may not see
    if bestaande_klant or nieuwe_klant:
        _controleer_overlap(lezer, ctx, aanmelddatum, fasen.uitstroom)
    afspraak = _afspraak(lezer, ctx, gemeente, aanmelddatum) if gemeente else None

    if record.fouten or gemeente is None or afspraak is None:
        return
    if bestaande_klant is None and nieuwe_klant is None:
        return
    if open_:
        ctx.open_in_bestand.setdefault(record.bsn, record.nummer)
    ctx.perioden.setdefault(record.bsn, []).append(
        (aanmelddatum, fasen.uitstroom, f"record {record.nummer} in dit bestand")
    )
    if nieuwe_klant is not None:
        nieuwe_klant.gemeente = gemeente
    crisis_bij_aanmelding = lezer.groep("aanmelding").get("crisisinterventie") is True
    record.plan = Plan(
        gemeente=gemeente,
        afspraak=afspraak,
        klant=bestaande_klant,
        nieuwe_klant=nieuwe_klant,
        aanmelddatum=aanmelddatum,
        crisisinterventie=crisis_bij_aanmelding or bool(crisisinterventies),
        # The DDAS flag means the aanmelding was a threatening situation: the Wgs 3-werkdagen
        # clock and the contract's 2-week clock apply (docs/ddas.md).
        bedreigende_situatie=BedreigendeSituatie.ANDERS if crisis_bij_aanmelding else "",
        uitstroomreden=fasen.reden,
        fasen=fasen,
        producten=producten,
        crisisinterventies=crisisinterventies,
        moratoria=moratoria,
        omschrijving=lezer.ruw.get("omschrijving") or "",
        schulden=schulden,
        levering=ctx.leveringen.get(record.levering, {}),
        partner=partner,
        nieuwe_partner=nieuwe_partner,
    )
    if nieuwe_partner is not None:
        nieuwe_partner.gemeente = gemeente


def _leveringen(document: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """What each levering says about who delivered (non-personal, kept with the traject)."""
    code = document.get("codeGegevensleverancier")
    uit: dict[int, dict[str, Any]] = {}
    for nummer, levering in enumerate(document["leveringen"], start=1):
        levering = levering if isinstance(levering, dict) else {}
        organisatie = levering.get("aanleverende_organisatie")
        organisatie = organisatie if isinstance(organisatie, dict) else {}
        gegevens = {
            "codeGegevensleverancier": code,
            "teller": levering.get("teller"),
            "organisatie": organisatie.get("(Statutaire) Naam"),
            "kvk": organisatie.get("KvK-nummer"),
            "periode": [document.get("startdatumLevering"), document.get("einddatumLevering")],
        }
        uit[nummer] = {k: v for k, v in gegevens.items() if isinstance(v, str | int | list)}
    return uit


def analyseer(
    bestand: Bestand, *, gebruiker: Gebruiker | None = None, vandaag: date | None = None
) -> Voorbeeld:
    """What importing `bestand` would do, per record. Writes nothing.

    With a `gebruiker` (the browser) every record must belong to a gemeente they may import
    for; without (the operator's command) every gemeente is allowed.
    """
    ctx = _context(bestand, gebruiker, vandaag or timezone.localdate())
    ctx.leveringen = _leveringen(bestand.document)
    records: list[Record] = []
    for nummer, (i, j, ruw) in enumerate(bestand.records(), start=1):
        record = Record(nummer=nummer, levering=i + 1, index=j + 1)
        records.append(record)
        if not isinstance(ruw, dict):
            record.fouten.append(Melding("", "Dit traject is geen groep velden ({…})."))
            continue
        code = ruw.get("gemeentecode")
        record.gemeentecode = code if isinstance(code, str) else ""
        record.bsn = bsn_uit(ruw)
        schemafouten = bestand.recordfouten.get((i, j), [])
        lezer = Lezer(record, ruw, ctx.vandaag, al_gemeld={m.pad for m in schemafouten})
        if not schemafouten:
            _analyseer_record(lezer, ctx)
            continue
        # A record that breaks the schema is still checked (BSN, gemeente, dates), so the
        # user sees every problem at once; it is never imported.
        # A value of the wrong type may break the reading: the schema errors say which.
        with contextlib.suppress(TypeError, AttributeError, ValueError, KeyError):
            _analyseer_record(lezer, ctx)
        record.aanwezig, record.plan = False, None
        record.fouten[:0] = [m for m in schemafouten if m not in record.fouten]
    herlevering.vergelijk(ctx.herleveringen)
    return Voorbeeld(bestand.sha256, records, bestand.bestandsfouten)
