"""Importing the Stadsbank's bank statement (CSV or CAMT.053, klantplan/schuldregeling/
bankimport.py): upload → preview → confirm → book.

Each line is matched to a running regeling:

- money in (bijschrijving) by the client's IBAN (``Regeling.iban_klant``);
- money out (afschrijving) by the creditor's IBAN (``Schuldeiser.iban``): a creditor is in
  many regelingen, so the line is for the one running regeling of that creditor, or for the
  one whose payment reference (``SR-<nummer>``, services/betalingen.betalingskenmerk) is in
  the description; it may not exceed what is te betalen to that creditor (money in of the
  same file counted first).

Not bookable, and listed as such: a line the file itself gets wrong (storno, no id, not in
euros), a transaction already booked (``bron`` + ``transactie_id``, also unique in the
database), an unknown IBAN, an IBAN of more than one running regeling without a reference,
a regeling that is not running or of a gemeente the user does not work for (the gate), a
payout above what is te betalen, and a line that looks like a payment already booked from
another source (entered by hand, or the same transfer in a CSV and a CAMT file: the ids
differ, so the same regeling, direction, creditor, date and amount count as the same).
Confirming books exactly the lines that were bookable in the preview, all at once: when the
database changed in between (another confirm, a payment entered by hand) nothing is booked
and the user sees the new preview.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.utils import timezone

from klantplan.models import Schuldeiser
from klantplan.schuldregeling.bankimport import Transactie, iban
from klantplan.schuldregeling.models import Betaling, Onderhandeling, Regeling
from klantplan.schuldregeling.services import betalingen
from klantplan.schuldregeling.services.kern import Door, controleer_datum, onder_regeling
from klantplan.schuldregeling.workflow import Regelingfase
from schuldhulp import opmaak
from schuldhulp.permissions import mag
from trajecten.services import Geweigerd

HANDELING = "sr.betalingen_importeren"
KENMERK = re.compile(r"\bSR-?(\d{1,10})\b", re.IGNORECASE)


class Status(StrEnum):
    BOEKBAAR = "boekbaar"
    ONGELDIG = "ongeldig"
    DUBBEL = "dubbel"
    MOGELIJK_DUBBEL = "mogelijk_dubbel"
    ONBEKEND = "onbekend"
    ONDUIDELIJK = "onduidelijk"
    NIET_TOEGESTAAN = "niet_toegestaan"
    TE_HOOG = "te_hoog"


KOPPEN = {
    Status.BOEKBAAR: "Wordt geboekt",
    Status.ONGELDIG: "Niet leesbaar",
    Status.DUBBEL: "Al geboekt",
    Status.MOGELIJK_DUBBEL: "Lijkt al geboekt",
    Status.ONBEKEND: "Onbekend IBAN",
    Status.ONDUIDELIJK: "Niet duidelijk voor welke regeling",
    Status.NIET_TOEGESTAAN: "Niet te boeken",
    Status.TE_HOOG: "Meer dan te betalen",
}


@dataclass
class Regel:
    transactie: Transactie
    status: Status
    melding: str = ""
    regeling: Regeling | None = None  # only when the user may book on it
    onderhandeling: Onderhandeling | None = None

    @property
    def boekbaar(self) -> bool:
        return self.status == Status.BOEKBAAR

    @property
    def kop(self) -> str:
        return KOPPEN[self.status]


@dataclass
class Voorbeeld:
    regels: list[Regel] = field(default_factory=list)

    @property
    def boekbaar(self) -> list[Regel]:
        return [r for r in self.regels if r.boekbaar]

    @property
    def niet_boekbaar(self) -> list[Regel]:
        return [r for r in self.regels if not r.boekbaar]

    @property
    def vingerafdruk(self) -> str:
        """Which lines would be booked, and where: the confirm must see the same."""
        delen = sorted(
            f"{r.transactie.sleutel}>{r.regeling.pk}>{getattr(r.onderhandeling, 'pk', '')}"
            for r in self.boekbaar
            if r.regeling is not None
        )
        return hashlib.sha256("\n".join(delen).encode()).hexdigest()

    @property
    def ontvangen_cent(self) -> int:
        return sum(r.transactie.bedrag_cent for r in self.boekbaar if r.transactie.bij)

    @property
    def uitbetaald_cent(self) -> int:
        return sum(r.transactie.bedrag_cent for r in self.boekbaar if not r.transactie.bij)

    def tellingen(self) -> list[tuple[str, int]]:
        tel: dict[Status, int] = defaultdict(int)
        for r in self.regels:
            tel[r.status] += 1
        return [(KOPPEN[s], tel[s]) for s in Status if tel[s]]


def _geboekt(transacties: list[Transactie]) -> set[tuple[str, str]]:
    paren = {(t.bron, t.transactie_id) for t in transacties if t.transactie_id}
    bestaand = Betaling.objects.filter(
        bron__in={b for b, _ in paren}, transactie_id__in={i for _, i in paren}
    ).values_list("bron", "transactie_id")
    return set(bestaand) & paren


def _kandidaten(transacties: list[Transactie]) -> tuple[dict, dict]:
    """IBAN → regelingen of that client; IBAN → negotiations with that creditor."""
    bij = {t.tegenrekening for t in transacties if t.bij and t.tegenrekening}
    af = {t.tegenrekening for t in transacties if not t.bij and t.tegenrekening}
    klanten: dict[str, list[Regeling]] = defaultdict(list)
    for r in Regeling.objects.filter(iban_klant__in=bij).select_related(
        "traject__klant", "product"
    ):
        klanten[r.iban_klant].append(r)
    schuldeisers: dict[int, str] = {}
    for pk, rekening in Schuldeiser.objects.exclude(iban="").values_list("pk", "iban"):
        if iban(rekening) in af:
            schuldeisers[pk] = iban(rekening)
    crediteuren: dict[str, list[Onderhandeling]] = defaultdict(list)
    for o in Onderhandeling.objects.filter(schuld__schuldeiser_id__in=schuldeisers).select_related(
        "regeling__traject", "regeling__product", "schuld__schuldeiser"
    ):
        crediteuren[schuldeisers[o.schuld.schuldeiser_id]].append(o)
    return klanten, crediteuren


def _kies(t: Transactie, kandidaten: list, door: Door) -> Regel:
    """The one running regeling of the line, or why there is none."""
    regeling_van = (lambda k: k.regeling) if not t.bij else (lambda k: k)
    if match := KENMERK.search(t.omschrijving):
        kandidaten = [k for k in kandidaten if regeling_van(k).pk == int(match.group(1))]
    if not kandidaten:
        wie = "geen klant" if t.bij else "geen schuldeiser"
        return Regel(t, Status.ONBEKEND, f"Dit IBAN is van {wie} in een schuldregeling.")
    lopend = [k for k in kandidaten if regeling_van(k).fase == Regelingfase.LOPEND]
    if not lopend:
        return Regel(t, Status.NIET_TOEGESTAAN, "De regeling bij dit IBAN loopt niet (meer).")
    if len(lopend) > 1:
        return Regel(
            t,
            Status.ONDUIDELIJK,
            "Dit IBAN hoort bij meer dan één lopende regeling. Zonder betalingskenmerk "
            "(SR-…) in de omschrijving is niet te zeggen bij welke: leg het met de hand vast.",
        )
    regeling = regeling_van(lopend[0])
    if reden := mag(door, HANDELING, regeling):
        return Regel(t, Status.NIET_TOEGESTAAN, reden)  # names no client: another gemeente
    try:
        controleer_datum(regeling, t.datum)
    except Geweigerd as exc:
        return Regel(t, Status.NIET_TOEGESTAAN, str(exc))
    return Regel(t, Status.BOEKBAAR, "", regeling, None if t.bij else lopend[0])


def analyseer(transacties: list[Transactie], door: Door) -> Voorbeeld:
    """The preview: per line whether it can be booked and where (reads only)."""
    geboekt = _geboekt(transacties)
    klanten, crediteuren = _kandidaten(transacties)
    voorbeeld = Voorbeeld()
    for t in transacties:
        if t.fout:
            regel = Regel(t, Status.ONGELDIG, t.fout)
        elif (t.bron, t.transactie_id) in geboekt:
            regel = Regel(t, Status.DUBBEL, "Deze transactie is al geboekt.")
        elif not t.tegenrekening:
            regel = Regel(t, Status.ONBEKEND, "Deze regel heeft geen tegenrekening.")
        else:
            bron = klanten if t.bij else crediteuren
            regel = _kies(t, bron.get(t.tegenrekening, []), door)
        voorbeeld.regels.append(regel)
    _controleer_andere_bron(voorbeeld)
    _controleer_te_betalen(voorbeeld)
    return voorbeeld


def _controleer_andere_bron(voorbeeld: Voorbeeld) -> None:
    """A bookable line whose twin (regeling, direction, creditor, date, amount) was booked
    from another source is not booked: better a line to enter by hand than money twice."""
    regels = voorbeeld.boekbaar
    if not regels:
        return
    bestaand = set(
        Betaling.objects.filter(
            regeling_id__in={r.regeling.pk for r in regels},
            datum__in={r.transactie.datum for r in regels},
        ).values_list("regeling_id", "onderhandeling_id", "datum", "bedrag_cent", "bron")
    )
    for r in regels:
        t = r.transactie
        tweeling = (r.regeling.pk, getattr(r.onderhandeling, "pk", None), t.datum, t.bedrag_cent)
        bronnen = {b[4] for b in bestaand if b[:4] == tweeling} - {t.bron}
        if bronnen:
            r.status = Status.MOGELIJK_DUBBEL
            r.melding = (
                f"Op {opmaak.datum(t.datum)} is al {opmaak.bedrag(t.bedrag_cent, centen=True)} "
                "geboekt bij deze regeling (met de hand of uit een ander bestand). Niet geboekt; "
                "was het echt een tweede betaling, leg die dan met de hand vast."
            )


def _controleer_te_betalen(voorbeeld: Voorbeeld) -> None:
    """A payout line may not exceed what is te betalen to its creditor (the money in of the
    same file counted first; earlier payout lines of the file counted off)."""
    per_regeling: dict[int, list[Regel]] = defaultdict(list)
    for r in voorbeeld.boekbaar:
        per_regeling[r.regeling.pk].append(r)
    for regels in per_regeling.values():
        uit = [r for r in regels if not r.transactie.bij]
        if not uit:
            continue
        extra = [r.transactie.bedrag_cent for r in regels if r.transactie.bij]
        stand = betalingen.stand(regels[0].regeling, extra_ontvangsten=extra)
        over = {rij.onderhandeling.pk: rij.te_betalen_cent for rij in stand.rijen}
        for r in uit:
            ruimte = over.get(r.onderhandeling.pk, 0)
            if r.transactie.bedrag_cent > ruimte:
                r.status = Status.TE_HOOG
                r.melding = (
                    f"Voor {r.onderhandeling.schuld.schuldeiser.naam} staat "
                    f"{opmaak.bedrag(ruimte, centen=True)} klaar: al uitbetaald (knop "
                    "'Uitbetalingen boeken'), of eerst de ontvangst van de klant vastleggen?"
                )
            else:
                over[r.onderhandeling.pk] = ruimte - r.transactie.bedrag_cent


@transaction.atomic
def importeer(transacties: list[Transactie], door: Door, vingerafdruk: str) -> Voorbeeld:
    """Book the lines that were bookable in the preview the user confirmed (`vingerafdruk`),
    all or nothing. Returns the preview as it stood when booking."""
    voorlopig = analyseer(transacties, door)
    regelingen = sorted(
        {r.regeling.pk: r.regeling for r in voorlopig.boekbaar}.values(),
        key=lambda r: (r.traject_id, r.pk),
    )
    sloten = {}
    for r in regelingen:  # traject first, then the regeling; in one order: no deadlock
        sloten[r.pk] = onder_regeling(r.pk, HANDELING, door)
    voorbeeld = analyseer(transacties, door)  # again, under the locks
    if voorbeeld.vingerafdruk != vingerafdruk or set(sloten) != {
        r.regeling.pk for r in voorbeeld.boekbaar
    }:
        raise Geweigerd(
            "Het bankafschrift is intussen (deels) geboekt, of er is iets veranderd. Bekijk "
            "het nieuwe voorbeeld en bevestig opnieuw."
        )
    if not voorbeeld.boekbaar:
        raise Geweigerd("Er is niets te boeken.")
    per_regeling: dict[int, list[Regel]] = defaultdict(list)
    for r in voorbeeld.boekbaar:
        per_regeling[r.regeling.pk].append(r)
    vandaag = timezone.localdate()
    try:
        with transaction.atomic():
            for pk, regels in per_regeling.items():
                traject, regeling = sloten[pk]
                betalingen.boek(
                    traject,
                    regeling,
                    handeling=HANDELING,
                    door=door,
                    datum=vandaag,
                    regels=[_betaling(r) for r in regels],
                    toelichting="Bankafschrift ingelezen",
                )
    except IntegrityError as exc:  # a concurrent confirm got there first
        raise Geweigerd(
            "Een deel van dit bankafschrift is net geboekt. Bekijk het opnieuw."
        ) from exc
    return voorbeeld


def _betaling(r: Regel) -> Betaling:
    t = r.transactie
    return Betaling(
        richting=betalingen.R.ONTVANGEN if t.bij else betalingen.R.UITBETAALD,
        onderhandeling=r.onderhandeling,
        bedrag_cent=t.bedrag_cent,
        datum=t.datum,
        bron=t.bron,
        transactie_id=t.transactie_id,
        tegenrekening=t.tegenrekening,
        omschrijving=t.omschrijving,
    )
