"""Clocks (Normbewaking): which norms apply to a traject, their deadlines and statuses.

The date arithmetic is in ``trajecten.normen``; this module decides which norm applies
(gemeente override before default, valid on the clock's start date, its condition) and
keeps the stored clocks in step with the traject's events. ``herbereken`` runs after every
event; ``dagelijkse_normbewaking`` is the set-based daily job (a few SQL statements).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from trajecten import normen
from trajecten.models import (
    Doorlooptijdnorm,
    Extrafeestdag,
    Gebeurtenis,
    Gebeurtenissoort,
    Mijlpaal,
    Normbewaking,
    Normvoorwaarde,
    Product,
    Schuldregelingstatus,
    Traject,
)

logger = logging.getLogger(__name__)

UITKOMST_SCHULDREGELING = {
    Schuldregelingstatus.TOEGEKEND,
    Schuldregelingstatus.AFGEWEZEN,
    Schuldregelingstatus.INGETROKKEN,
    Schuldregelingstatus.DWANGAKKOORD_VERZOCHT,
}


def extra_feestdagen() -> frozenset[date]:
    return frozenset(Extrafeestdag.objects.values_list("datum", flat=True))


def normen_voor_gemeente(gemeente_id: int) -> dict[str, list[Doorlooptijdnorm]]:
    """All rows per norm code that can apply to this gemeente (its own and the defaults)."""
    per_code: dict[str, list[Doorlooptijdnorm]] = {}
    for norm in Doorlooptijdnorm.objects.filter(
        Q(gemeente_id=gemeente_id) | Q(gemeente__isnull=True)
    ).order_by("geldig_van"):
        per_code.setdefault(norm.code, []).append(norm)
    return per_code


def norm_op(rijen: list[Doorlooptijdnorm], datum: date) -> Doorlooptijdnorm | None:
    """The row in force on `datum`: the gemeente's own row before the default."""
    geldig = [
        n
        for n in rijen
        if n.geldig_van <= datum and (n.geldig_tot is None or datum <= n.geldig_tot)
    ]
    geldig.sort(key=lambda n: n.gemeente_id is not None)
    return geldig[-1] if geldig else None


def _voorwaarde_geldt(norm: Doorlooptijdnorm, traject: Traject) -> bool:
    bedreigend = bool(traject.bedreigende_situatie)
    vroeg = traject.kanaal == "vroegsignalering"
    return {
        Normvoorwaarde.ALLE: True,
        Normvoorwaarde.BEDREIGEND: bedreigend,
        Normvoorwaarde.NIET_BEDREIGEND: not bedreigend,
        Normvoorwaarde.VROEGSIGNALERING: vroeg,
        Normvoorwaarde.NIET_VROEGSIGNALERING: not vroeg,
    }[Normvoorwaarde(norm.voorwaarde)]


@dataclass
class Mijlpalen:
    """The first date of each milestone of one traject (from its event rows)."""

    traject: dict[str, date]

    @classmethod
    def van(cls, traject: Traject, gebeurtenissen: list[Gebeurtenis]) -> Mijlpalen:
        eerste: dict[str, date] = {Mijlpaal.AANMELDING: traject.aanmelddatum}
        per_soort = {
            Gebeurtenissoort.EERSTE_GESPREK: [Mijlpaal.EERSTE_GESPREK],
            Gebeurtenissoort.TOELATING: [Mijlpaal.TOELATING, Mijlpaal.BESCHIKKING],
            Gebeurtenissoort.AFWIJZING: [Mijlpaal.BESCHIKKING],
            Gebeurtenissoort.FINANCIELE_RUST: [Mijlpaal.FINANCIELE_RUST],
        }
        for g in gebeurtenissen:
            for mijlpaal in per_soort.get(g.soort, []):
                eerste.setdefault(mijlpaal, g.datum)
        return cls(eerste)


def _product_mijlpalen(product: Product, gebeurtenissen: list[Gebeurtenis]) -> dict[str, date]:
    data: dict[str, date] = {Mijlpaal.PRODUCT_START: product.startdatum}
    if product.einddatum:
        data[Mijlpaal.PRODUCT_EINDE] = product.einddatum
    for g in gebeurtenissen:
        if (
            g.soort == Gebeurtenissoort.SCHULDREGELING
            and g.gegevens.get("product") == product.pk
            and g.gegevens.get("status") in UITKOMST_SCHULDREGELING
        ):
            data.setdefault(Mijlpaal.SCHULDREGELING_UITKOMST, g.datum)
    return data


def herbereken(traject: Traject, *, peildatum: date | None = None) -> list[Normbewaking]:
    """Bring the stored clocks of `traject` in line with its events (call inside the
    transaction that wrote the event)."""
    peildatum = peildatum or timezone.localdate()
    feestdagen = extra_feestdagen()
    gebeurtenissen = list(traject.gebeurtenissen.order_by("datum", "pk"))
    mijlpalen = Mijlpalen.van(traject, gebeurtenissen).traject
    producten = list(traject.producten.all())
    bestaand = {
        (k.norm.code, k.product_id): k
        for k in traject.klokken.select_related("norm").prefetch_related("opschortingen")
    }
    gezien: set[tuple[str, int | None]] = set()
    for code, rijen in normen_voor_gemeente(traject.gemeente_id).items():
        soort = rijen[-1]  # voorwaarde, mijlpalen and product are stable per code
        if not _voorwaarde_geldt(soort, traject):
            continue
        if soort.productsoort:
            bronnen = [
                (p.pk, _product_mijlpalen(p, gebeurtenissen) | mijlpalen)
                for p in producten
                if p.soort == soort.productsoort
            ]
        else:
            bronnen = [(None, mijlpalen)]
        for product_id, data in bronnen:
            start = data.get(soort.van_mijlpaal)
            # The norm that counts is the one in force when the clock starts.
            norm = norm_op(rijen, start) if start else None
            if norm is None:
                continue
            gezien.add((code, product_id))
            klok = bestaand.get((code, product_id)) or Normbewaking(
                traject=traject, norm=norm, product_id=product_id
            )
            _zet_klok(
                klok,
                norm=norm,
                start=start,
                gehaald_op=data.get(norm.tot_mijlpaal),
                traject_open=traject.is_open,
                peildatum=peildatum,
                feestdagen=feestdagen,
            )
    for sleutel, klok in bestaand.items():
        if sleutel not in gezien:  # the event that started it was corrected away
            klok.delete()
    return list(traject.klokken.select_related("norm"))


def _zet_klok(
    klok: Normbewaking,
    *,
    norm: Doorlooptijdnorm,
    start: date,
    gehaald_op: date | None,
    traject_open: bool,
    peildatum: date,
    feestdagen: frozenset[date],
) -> None:
    pauzes = [normen.Pauze(p.van, p.tot) for p in klok.opschortingen.all()] if klok.pk else []
    klok.norm = norm
    klok.start = start
    klok.deadline = normen.bereken_deadline(
        start,
        norm.termijn,
        norm.eenheid,
        wettelijk=norm.wettelijk,
        pauzes=pauzes,
        peildatum=max(peildatum, start),
        extra_feestdagen=feestdagen,
    )
    klok.gehaald_op = gehaald_op
    klok.opgeschort = any(p.is_open for p in pauzes)
    # A traject that ended before the end product and before the deadline: the norm lapses.
    klok.vervallen = gehaald_op is None and not traject_open and peildatum <= klok.deadline
    klok.status = normen.bepaal_status(
        start=start,
        deadline=klok.deadline,
        peildatum=peildatum,
        gehaald_op=gehaald_op,
        dreig_fractie=norm.dreigpercentage / 100,
    ).value
    klok.save()


# The daily job. Statuses follow normen.bepaal_status; both are tested against each other.
STATUS_SQL = """
UPDATE trajecten_normbewaking AS k
SET status = s.nieuw, bijgewerkt_op = now()
FROM (
    SELECT k2.id,
           CASE WHEN %(vandaag)s > k2.deadline THEN 'overschreden'
                WHEN (%(vandaag)s - k2.start)
                     >= n.dreigpercentage / 100.0 * (k2.deadline - k2.start)
                     THEN 'dreigt'
                ELSE 'loopt' END AS nieuw
    FROM trajecten_normbewaking k2
    JOIN trajecten_doorlooptijdnorm n ON n.id = k2.norm_id
    WHERE k2.gehaald_op IS NULL AND NOT k2.vervallen AND NOT k2.opgeschort
) AS s
WHERE k.id = s.id AND k.status <> s.nieuw
"""

SIGNALERING_SQL = """
INSERT INTO trajecten_signalering
    (sleutel, soort, traject_id, klok_id, gebruiker_id, tekst, aangemaakt_op)
SELECT 'klok-' || k.id || '-' || k.status, k.status, k.traject_id, k.id, t.behandelaar_id,
       left(n.naam || CASE WHEN k.status = 'dreigt' THEN ': termijn dreigt te verlopen (deadline '
                           ELSE ': termijn overschreden (deadline ' END
            || to_char(k.deadline, 'DD-MM-YYYY') || ')', 300),
       now()
FROM trajecten_normbewaking k
JOIN trajecten_traject t ON t.id = k.traject_id
JOIN trajecten_doorlooptijdnorm n ON n.id = k.norm_id
WHERE k.status IN ('dreigt', 'overschreden') AND k.gehaald_op IS NULL AND NOT k.vervallen
ON CONFLICT (sleutel) DO NOTHING
"""

# Budgetbeheer is tested twice a year for financial self-reliance (Heusden norm).
TOETS_SQL = """
INSERT INTO trajecten_signalering
    (sleutel, soort, traject_id, klok_id, gebruiker_id, tekst, aangemaakt_op)
SELECT 'toets-' || p.id || '-' || h.nummer, 'toets_budgetbeheer', p.traject_id, NULL,
       t.behandelaar_id,
       'Budgetbeheer: halfjaarlijkse toets financiële zelfredzaamheid (' || h.nummer || ')', now()
FROM trajecten_product p
JOIN trajecten_traject t ON t.id = p.traject_id
CROSS JOIN LATERAL (
    SELECT ((extract(year FROM age(%(vandaag)s, p.startdatum)) * 12
            + extract(month FROM age(%(vandaag)s, p.startdatum)))::int / 6) AS nummer
) h
WHERE p.soort = 'Budgetbeheer' AND p.einddatum IS NULL AND h.nummer >= 1
  AND p.startdatum <= %(vandaag)s
ON CONFLICT (sleutel) DO NOTHING
"""


def _herbereken_opgeschorte(vandaag: date) -> int:
    """Clocks with an open pause move their deadline every day: recompute those few rows."""
    feestdagen = extra_feestdagen()
    klokken = (
        Normbewaking.objects.filter(opgeschort=True, gehaald_op__isnull=True)
        .select_related("norm")
        .prefetch_related("opschortingen")
    )
    for klok in klokken:
        _zet_klok(
            klok,
            norm=klok.norm,
            start=klok.start,
            gehaald_op=None,
            traject_open=not klok.vervallen,
            peildatum=vandaag,
            feestdagen=feestdagen,
        )
    return len(klokken)


@transaction.atomic
def dagelijkse_normbewaking(*, vandaag: date | None = None) -> dict[str, int]:
    """Update clock statuses and create signaleringen; idempotent and safe to retry."""
    vandaag = vandaag or timezone.localdate()
    opgeschort = _herbereken_opgeschorte(vandaag)
    with connection.cursor() as cursor:
        cursor.execute(STATUS_SQL, {"vandaag": vandaag})
        statussen = cursor.rowcount
        cursor.execute(SIGNALERING_SQL)
        signaleringen = cursor.rowcount
        cursor.execute(TOETS_SQL, {"vandaag": vandaag})
        toetsen = cursor.rowcount
    uitkomst = {
        "opgeschorte_klokken": opgeschort,
        "statussen_gewijzigd": statussen,
        "signaleringen": signaleringen,
        "toetsen_budgetbeheer": toetsen,
    }
    logger.info("Normbewaking %s: %s", vandaag.isoformat(), uitkomst)
    return uitkomst
