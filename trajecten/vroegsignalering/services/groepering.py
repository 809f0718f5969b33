"""Grouping signals into cases and storing them.

Signals of one gemeente are taken in one at a time (a PostgreSQL advisory lock per
gemeente), so two deliveries for the same household cannot open two cases. The grouping
rule: an open case with the same BSN, else an open case at the same postcode + huisnummer
(the household), else a new case.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from trajecten.vroegsignalering.models import (
    OPEN_STATUSSEN,
    ImportBatch,
    SignaalPartner,
    Signaalstatus,
    Signaalzaak,
    Vroegsignaal,
    Zaakstatus,
)
from trajecten.vroegsignalering.services.klok import KLOKVELDEN, Normcontext, bereken_klok
from trajecten.vroegsignalering.services.opslag import voeg_in
from trajecten.vroegsignalering.services.toegang import vergrendel_gemeente
from trajecten.vroegsignalering.validatie import SignaalGegevens, adres_sleutel

KANDIDATEN_GRENS = 200  # above this many signals, load all open cases of the gemeente


@dataclass
class _Signaalinfo:
    """What the case summary needs from one signal."""

    partner_naam: str
    soort_achterstand: str
    bedrag_centen: int
    ontvangen_op: date
    volgorde: int


def werk_samenvatting_bij(zaak: Signaalzaak, signalen: Iterable[_Signaalinfo]) -> None:
    """Counts, first/last date and the current arrears (latest amount per partner + kind)."""
    lijst = sorted(signalen, key=lambda s: (s.ontvangen_op, s.volgorde))
    zaak.aantal_signalen = len(lijst)
    zaak.aantal_partners = len({s.partner_naam.casefold() for s in lijst})
    zaak.eerste_signaal_op = lijst[0].ontvangen_op
    zaak.laatste_signaal_op = lijst[-1].ontvangen_op
    laatste: dict[tuple[str, str], int] = {}
    for s in lijst:
        laatste[(s.partner_naam.casefold(), s.soort_achterstand)] = s.bedrag_centen
    zaak.achterstand_centen = sum(laatste.values())


class Zaakindex:
    """Open cases of one gemeente by BSN and by address, to place new signals in."""

    def __init__(self) -> None:
        self.per_bsn: dict[str, object] = {}
        self.per_adres: dict[str, object] = {}

    @classmethod
    def laad(
        cls, gemeente_id: int, items: list[SignaalGegevens], *, vergrendel: bool
    ) -> tuple[Zaakindex, dict[int, Signaalzaak]]:
        qs = Signaalzaak.objects.filter(gemeente_id=gemeente_id, status__in=OPEN_STATUSSEN)
        if len(items) <= KANDIDATEN_GRENS:
            bsns = {i.bsn for i in items if i.bsn}
            postcodes = {i.postcode for i in items}
            qs = qs.filter(Q(bsn__in=bsns) | Q(postcode__in=postcodes))
        if vergrendel:
            qs = qs.select_for_update()
        index = cls()
        zaken: dict[int, Signaalzaak] = {}
        for zaak in qs.order_by("pk"):
            zaken[zaak.pk] = zaak
            index.voeg_toe(
                zaak.pk, bsn=zaak.bsn, postcode=zaak.postcode, huisnummer=zaak.huisnummer
            )
        return index, zaken

    def voeg_toe(self, sleutel: object, *, bsn: str, postcode: str, huisnummer: str) -> None:
        if bsn:
            self.per_bsn.setdefault(bsn, sleutel)
        if postcode and huisnummer:
            self.per_adres.setdefault(adres_sleutel(postcode, huisnummer), sleutel)

    def zoek(self, item: SignaalGegevens) -> object | None:
        if item.bsn and item.bsn in self.per_bsn:
            return self.per_bsn[item.bsn]
        return self.per_adres.get(item.adres_sleutel)


@dataclass
class Plan:
    """Where each new signal goes: an existing case (its pk) or a new one ('nieuw', n)."""

    toewijzing: list[tuple[SignaalGegevens, object]]
    dubbel: list[SignaalGegevens]
    nieuwe_zaken: int
    bestaande_zaken: set[int]


def _bestaande_sleutels(gemeente_id: int, sleutels: list[str]) -> set[str]:
    gevonden: set[str] = set()
    for i in range(0, len(sleutels), 5000):
        gevonden.update(
            Vroegsignaal.objects.filter(
                gemeente_id=gemeente_id, rij_sleutel__in=sleutels[i : i + 5000]
            ).values_list("rij_sleutel", flat=True)
        )
    return gevonden


def plan_signalen(
    gemeente_id: int, items: list[SignaalGegevens], *, index: Zaakindex, met_sleutels: bool
) -> Plan:
    """Group the signals into cases (no writes). Rows read in before are left out."""
    dubbel: list[SignaalGegevens] = []
    if met_sleutels:
        for item in items:
            item.rij_sleutel = item.bereken_rij_sleutel(gemeente_id)
        al_ingelezen = _bestaande_sleutels(gemeente_id, [i.rij_sleutel for i in items])
        gezien: set[str] = set()
        uniek = []
        for item in items:
            if item.rij_sleutel in al_ingelezen or item.rij_sleutel in gezien:
                dubbel.append(item)
            else:
                gezien.add(item.rij_sleutel)
                uniek.append(item)
        items = uniek
    toewijzing: list[tuple[SignaalGegevens, object]] = []
    nieuw = 0
    bestaand: set[int] = set()
    # Oldest first, so a case's person data comes from its first signal.
    for item in sorted(items, key=lambda i: (i.ontvangen_op, i.rij)):
        sleutel = index.zoek(item)
        if sleutel is None:
            sleutel = ("nieuw", nieuw)
            nieuw += 1
        elif isinstance(sleutel, int):
            bestaand.add(sleutel)
        index.voeg_toe(sleutel, bsn=item.bsn, postcode=item.postcode, huisnummer=item.huisnummer)
        toewijzing.append((item, sleutel))
    return Plan(toewijzing=toewijzing, dubbel=dubbel, nieuwe_zaken=nieuw, bestaande_zaken=bestaand)


def _vul_aan(zaak: Signaalzaak, item: SignaalGegevens) -> None:
    """Later signals fill in what the case does not know yet (never overwrite)."""
    for veld, waarde in item.persoonsgegevens().items():
        if waarde and not getattr(zaak, veld):
            setattr(zaak, veld, waarde)


def _nieuwe_zaak(gemeente_id: int, item: SignaalGegevens) -> Signaalzaak:
    zaak = Signaalzaak(
        gemeente_id=gemeente_id,
        status=Zaakstatus.NIEUW,
        eerste_signaal_op=item.ontvangen_op,
        laatste_signaal_op=item.ontvangen_op,
        postcodegebied=item.postcode[:4],
        **item.persoonsgegevens(),
    )
    return zaak


def _signaal(zaak: Signaalzaak, item: SignaalGegevens, **extra) -> Vroegsignaal:
    status = Signaalstatus.IN_BEHANDELING if zaak.eerste_contact_op else Signaalstatus.NIEUW
    return Vroegsignaal(
        zaak=zaak,
        gemeente_id=zaak.gemeente_id,
        partner_soort=item.partner_soort,
        partner_naam=item.partner_naam,
        partner_signaal_id=item.partner_signaal_id,
        rij_sleutel=item.rij_sleutel,
        soort_achterstand=item.soort_achterstand,
        bedrag_centen=item.bedrag_centen,
        maanden_achterstand=item.maanden_achterstand,
        ontvangen_op=item.ontvangen_op,
        status=status,
        **item.persoonsgegevens(),
        **extra,
    )


SAMENVATTINGSVELDEN = [
    "eerste_signaal_op",
    "laatste_signaal_op",
    "aantal_signalen",
    "aantal_partners",
    "achterstand_centen",
    *KLOKVELDEN,
    *Signaalzaak.PERSOONSVELDEN,
    "geboortedatum",
]


def sla_signalen_op(
    gemeente_id: int,
    items: list[SignaalGegevens],
    *,
    bron: str,
    met_sleutels: bool,
    partner: SignaalPartner | None = None,
    batch: ImportBatch | None = None,
    ctx: Normcontext | None = None,
) -> tuple[list[Vroegsignaal], Plan]:
    """Place and store signals (call inside a transaction; takes the gemeente lock)."""
    ctx = ctx or Normcontext.laad()
    vergrendel_gemeente(gemeente_id)
    index, bestaande = Zaakindex.laad(gemeente_id, items, vergrendel=True)
    plan = plan_signalen(gemeente_id, items, index=index, met_sleutels=met_sleutels)

    per_zaak: dict[object, list[SignaalGegevens]] = defaultdict(list)
    for item, sleutel in plan.toewijzing:
        per_zaak[sleutel].append(item)
    nieuwe: dict[object, Signaalzaak] = {}
    for sleutel, lijst in per_zaak.items():
        if isinstance(sleutel, int):
            for item in lijst:
                _vul_aan(bestaande[sleutel], item)
            continue
        zaak = _nieuwe_zaak(gemeente_id, lijst[0])
        for item in lijst[1:]:
            _vul_aan(zaak, item)
        werk_samenvatting_bij(
            zaak,
            (
                _Signaalinfo(
                    i.partner_naam, i.soort_achterstand, i.bedrag_centen, i.ontvangen_op, n
                )
                for n, i in enumerate(lijst)
            ),
        )
        bereken_klok(zaak, ctx)
        nieuwe[sleutel] = zaak
    voeg_in(Signaalzaak, list(nieuwe.values()))

    extra = {"bron": bron, "partner": partner, "importbatch": batch}
    signalen = [
        _signaal(nieuwe.get(sleutel) or bestaande[sleutel], item, **extra)
        for item, sleutel in plan.toewijzing
    ]
    voeg_in(Vroegsignaal, signalen)

    # Existing cases: recompute their summary from all their signals (old and new).
    geraakt = [bestaande[pk] for pk in sorted(plan.bestaande_zaken)]
    if geraakt:
        infos: dict[int, list[_Signaalinfo]] = defaultdict(list)
        ids = [z.pk for z in geraakt]
        for i in range(0, len(ids), 5000):
            for rij in Vroegsignaal.objects.filter(zaak_id__in=ids[i : i + 5000]).values_list(
                "zaak_id",
                "partner_naam",
                "soort_achterstand",
                "bedrag_centen",
                "ontvangen_op",
                "pk",
            ):
                infos[rij[0]].append(_Signaalinfo(*rij[1:]))
        for zaak in geraakt:
            werk_samenvatting_bij(zaak, infos[zaak.pk])
            bereken_klok(zaak, ctx)
        Signaalzaak.objects.bulk_update(geraakt, SAMENVATTINGSVELDEN, batch_size=1000)
    return signalen, plan
