"""The money of a running regeling: what is expected (the schedule, klantplan/schuldregeling/
schema.py), what came in from the client and what went out to each creditor.

- Received from the client (``ontvangen``): entered by hand or read from the Stadsbank's bank
  statement (services/bankafschrift.py). Each receipt is assigned to the creditors by the
  schedule (schema.toewijzing: oldest months first, exact to the cent): that is what is
  *te betalen* to each creditor.
- Paid to a creditor (``uitbetaald``): the button "Uitbetalingen boeken" books what is te
  betalen for every creditor at once; a single payout can be entered by hand or comes from
  a debit line of the bank statement. A creditor is never paid more than is te betalen, so
  a payout booked with the button and the same payout on the next statement cannot both
  count (the statement line is then listed as "al uitbetaald").

A saneringskrediet pays every creditor its whole share once, when the regeling starts
(services/lopend.py); the client's receipts then repay the krediet (the loan schedule).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from klantplan.models.controles import MAX_BEDRAG_CENT
from klantplan.models.sanering import Voorstelsoort
from klantplan.schuldregeling import schema as sch
from klantplan.schuldregeling.models import (
    Betaalbron,
    Betaalrichting,
    Betaling,
    Onderhandeling,
    Regeling,
)
from klantplan.schuldregeling.services.antwoorden import tekst
from klantplan.schuldregeling.services.kern import Door, controleer_datum, onder_regeling
from schuldhulp import opmaak
from schuldhulp.models import Gebruiker
from trajecten.models import Traject
from trajecten.services import Geweigerd, _leg_vast

R = Betaalrichting


def sleutel(onderhandeling_id: int) -> str:
    """A creditor's key in the schedule: zero-padded, so text order is id order."""
    return f"{onderhandeling_id:012d}"


def is_krediet(regeling: Regeling) -> bool:
    return regeling.soort == Voorstelsoort.SANERINGSKREDIET


def schema_van(regeling: Regeling, onderhandelingen: list[Onderhandeling]) -> sch.Schema:
    """The expected payout per creditor per month (a saneringskrediet: one month, the start)."""
    aandelen = {sleutel(o.pk): o.aangeboden_cent or 0 for o in onderhandelingen}
    maanden = 1 if is_krediet(regeling) else regeling.looptijd_maanden or 1
    return sch.maak_schema(aandelen, maanden)


@dataclass
class Schuldeiserstand:
    onderhandeling: Onderhandeling
    aandeel_cent: int
    verwacht_cent: int  # by the schedule, up to and including the peildatum
    toegewezen_cent: int  # of the money received, assigned to this creditor
    uitbetaald_cent: int

    @property
    def te_betalen_cent(self) -> int:
        return max(0, self.toegewezen_cent - self.uitbetaald_cent)

    @property
    def verschil_cent(self) -> int:
        """Expected to date minus paid to date (positive: behind)."""
        return self.verwacht_cent - self.uitbetaald_cent


@dataclass
class Stand:
    regeling: Regeling
    peildatum: date
    schema: sch.Schema
    maanddata: list[date]
    maanden_verstreken: int
    rijen: list[Schuldeiserstand] = field(default_factory=list)
    ontvangen_cent: int = 0
    overschot_cent: int = 0  # received beyond the whole schedule (not assigned)
    verwacht_ontvangen_cent: int = 0  # the client's reservations (or loan terms) to date

    @property
    def te_betalen_cent(self) -> int:
        return sum(r.te_betalen_cent for r in self.rijen)

    @property
    def uitbetaald_cent(self) -> int:
        return sum(r.uitbetaald_cent for r in self.rijen)

    @property
    def aandelen_cent(self) -> int:
        return sum(r.aandeel_cent for r in self.rijen)

    @property
    def alles_uitbetaald(self) -> bool:
        return all(r.uitbetaald_cent >= r.aandeel_cent for r in self.rijen)

    def rij(self, onderhandeling_id: int) -> Schuldeiserstand | None:
        return next((r for r in self.rijen if r.onderhandeling.pk == onderhandeling_id), None)


def stand(regeling: Regeling, peildatum: date | None = None, extra_ontvangsten=()) -> Stand:
    """Per creditor: share, expected to date, assigned, paid (read-only; `extra_ontvangsten`:
    receipts not booked yet, for the preview of a bank statement)."""
    peildatum = peildatum or timezone.localdate()
    onderhandelingen = list(
        regeling.onderhandelingen.select_related("schuld__schuldeiser").order_by(
            "schuld__schuldeiser__naam", "pk"
        )
    )
    schema = schema_van(regeling, onderhandelingen)
    start = regeling.startdatum or peildatum
    data = sch.maanddata(start, len(schema))
    verstreken = sum(1 for d in data if d <= peildatum) if regeling.startdatum else 0
    verwacht = sch.tot_en_met(schema, verstreken)
    ontvangsten = list(
        regeling.betalingen.filter(richting=R.ONTVANGEN)
        .order_by("pk")
        .values_list("bedrag_cent", flat=True)
    ) + list(extra_ontvangsten)
    uitbetaald = dict(
        regeling.betalingen.filter(richting=R.UITBETAALD)
        .values_list("onderhandeling_id")
        .annotate(som=Sum("bedrag_cent"))
    )
    if is_krediet(regeling):  # the creditors were paid from the krediet, not from receipts
        toegewezen = sch.totalen(schema) if regeling.startdatum else {}
        overschot = 0
    else:
        toegewezen, overschot = sch.toewijzing(schema, ontvangsten)
    uitkomst = Stand(
        regeling=regeling,
        peildatum=peildatum,
        schema=schema,
        maanddata=data,
        maanden_verstreken=verstreken,
        ontvangen_cent=sum(ontvangsten),
        overschot_cent=overschot,
        verwacht_ontvangen_cent=sum(klantschema(regeling)[: verstreken_klant(regeling, peildatum)]),
    )
    for o in onderhandelingen:
        s = sleutel(o.pk)
        uitkomst.rijen.append(
            Schuldeiserstand(
                onderhandeling=o,
                aandeel_cent=o.aangeboden_cent or 0,
                verwacht_cent=verwacht.get(s, 0),
                toegewezen_cent=toegewezen.get(s, 0),
                uitbetaald_cent=uitbetaald.get(o.pk, 0),
            )
        )
    return uitkomst


def klantschema(regeling: Regeling) -> list[int]:
    """What the client pays each month: the reservation (schuldregeling) or the loan terms
    of the krediet (saneringskrediet; floor per month, the remainder cents in the last)."""
    if regeling.startdatum is None or not regeling.looptijd_maanden:
        return []
    if is_krediet(regeling):
        krediet = regeling.voorstel.krediet_cent if regeling.voorstel_id else 0
        return sch.maandtotalen(krediet or 0, regeling.looptijd_maanden)
    return [regeling.maandbedrag_cent or 0] * regeling.looptijd_maanden


def verstreken_klant(regeling: Regeling, peildatum: date) -> int:
    if regeling.startdatum is None or not regeling.looptijd_maanden:
        return 0
    return sch.verstreken_maanden(regeling.startdatum, regeling.looptijd_maanden, peildatum)


# --- Writing -----------------------------------------------------------------------------------


def _bedrag(bedrag_cent: int | None) -> int:
    if bedrag_cent is None or isinstance(bedrag_cent, bool) or not isinstance(bedrag_cent, int):
        raise Geweigerd("Vul het bedrag in.")
    if bedrag_cent <= 0:
        raise Geweigerd("Het bedrag moet groter dan nul zijn.")
    if bedrag_cent > MAX_BEDRAG_CENT:
        raise Geweigerd("Het bedrag is te hoog (hoogstens € 10.000.000).")
    return bedrag_cent


def boek(
    traject: Traject,
    regeling: Regeling,
    *,
    handeling: str,
    door: Door,
    datum: date,
    regels: list[Betaling],
    toelichting: str = "",
) -> list[Betaling]:
    """Store payments of one regeling (locked, gate passed) with one event row: the regeling's
    version moves on, so an open form elsewhere is stale."""
    for b in regels:
        b.regeling, b.traject = regeling, traject
        b.door = door if isinstance(door, Gebruiker) else None
    Betaling.objects.bulk_create(regels)
    regeling.versie += 1
    regeling.save(update_fields=["versie"])
    _leg_vast(
        traject,
        handeling,
        door=door,
        datum=datum,
        toelichting=toelichting,
        regeling=regeling.pk,
        ontvangen_cent=sum(b.bedrag_cent for b in regels if b.richting == R.ONTVANGEN),
        uitbetaald_cent=sum(b.bedrag_cent for b in regels if b.richting == R.UITBETAALD),
        betalingen=len(regels),
    )
    return regels


def _controleer(regeling: Regeling, datum: date) -> None:
    controleer_datum(regeling, datum)


@transaction.atomic
def leg_ontvangst_vast(
    *,
    regeling_id: int,
    door: Door,
    datum: date,
    bedrag_cent: int,
    omschrijving: str = "",
    versie: int | None = None,
) -> Betaling:
    """Money received from the client, entered by hand."""
    traject, regeling = onder_regeling(regeling_id, "sr.betaling_vastleggen", door, versie)
    _controleer(regeling, datum)
    betaling = Betaling(
        richting=R.ONTVANGEN,
        bedrag_cent=_bedrag(bedrag_cent),
        datum=datum,
        bron=Betaalbron.HANDMATIG,
        omschrijving=tekst(omschrijving, "de omschrijving", maximum=300),
    )
    return _boek_handmatig(traject, regeling, door, datum, betaling)


def _boek_handmatig(traject, regeling: Regeling, door: Door, datum: date, betaling: Betaling):
    """One payment entered by hand: booked with its event row (see :func:`boek`)."""
    boek(
        traject,
        regeling,
        handeling="sr.betaling_vastleggen",
        door=door,
        datum=datum,
        regels=[betaling],
    )
    return betaling


def _te_hoog(rij: Schuldeiserstand | None, bedrag: int) -> str | None:
    if rij is None:
        return "Deze schuldeiser staat niet in deze regeling."
    if bedrag > rij.te_betalen_cent:
        return (
            f"Dat is meer dan er voor {rij.onderhandeling.schuld.schuldeiser.naam} klaarstaat "
            f"({opmaak.bedrag(rij.te_betalen_cent, centen=True)}). Leg eerst de ontvangst van "
            "de klant vast, of is dit bedrag al uitbetaald?"
        )
    return None


@transaction.atomic
def leg_uitbetaling_vast(
    *,
    regeling_id: int,
    onderhandeling_id: int,
    door: Door,
    datum: date,
    bedrag_cent: int,
    omschrijving: str = "",
    versie: int | None = None,
) -> Betaling:
    """A payout to one creditor, entered by hand (at most what is te betalen to it)."""
    traject, regeling = onder_regeling(regeling_id, "sr.betaling_vastleggen", door, versie)
    _controleer(regeling, datum)
    bedrag = _bedrag(bedrag_cent)
    if reden := _te_hoog(stand(regeling).rij(onderhandeling_id), bedrag):
        raise Geweigerd(reden)
    betaling = Betaling(
        richting=R.UITBETAALD,
        onderhandeling_id=onderhandeling_id,
        bedrag_cent=bedrag,
        datum=datum,
        bron=Betaalbron.HANDMATIG,
        omschrijving=tekst(omschrijving, "de omschrijving", maximum=300),
    )
    return _boek_handmatig(traject, regeling, door, datum, betaling)


def betalingskenmerk(regeling: Regeling) -> str:
    """What the Stadsbank puts in the description of its payments (and asks the client to
    use): it tells the bank statement import which regeling a line is for."""
    return f"SR-{regeling.pk}"


@transaction.atomic
def boek_uitbetalingen(
    *, regeling_id: int, door: Door, datum: date, versie: int | None = None
) -> list[Betaling]:
    """ "Uitbetalingen boeken": pay every creditor what is te betalen, all at once."""
    traject, regeling = onder_regeling(regeling_id, "sr.betaling_vastleggen", door, versie)
    _controleer(regeling, datum)
    regels = [
        Betaling(
            richting=R.UITBETAALD,
            onderhandeling=r.onderhandeling,
            bedrag_cent=r.te_betalen_cent,
            datum=datum,
            bron=Betaalbron.HANDMATIG,
            omschrijving=f"Uitbetaling {betalingskenmerk(regeling)} "
            f"{r.onderhandeling.schuld.kenmerk or r.onderhandeling.kenmerk}".strip(),
        )
        for r in stand(regeling).rijen
        if r.te_betalen_cent > 0
    ]
    if not regels:
        raise Geweigerd("Er staat niets klaar om uit te betalen.")
    return boek(
        traject, regeling, handeling="sr.betaling_vastleggen", door=door, datum=datum, regels=regels
    )
