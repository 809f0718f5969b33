"""Clocks (Normbewaking): which norms apply to a traject, their deadlines and statuses.

The date arithmetic is in ``trajecten.normen``; this module decides which norm applies
(gemeente override before default, valid on the clock's start date, its condition) and
keeps the stored clocks in step with the traject's events. ``herbereken`` runs after every
event; ``dagelijkse_normbewaking`` is the set-based daily job (a few SQL statements).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone

from schuldhulp import klantteller, opmaak
from trajecten import normen, urgentie
from trajecten.models import (
    Doorlooptijdnorm,
    Extrafeestdag,
    Fase,
    Gebeurtenis,
    Gebeurtenissoort,
    Mijlpaal,
    Normbewaking,
    Normbewakingsrun,
    Normvoorwaarde,
    Opschorting,
    Product,
    Schuldregelingstatus,
    Traject,
    eerste_uitstroom,
)
from trajecten.normen import KlokStatus
from trajecten.samenwerking import signalen

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
    einde: date | None  # the day the traject ended (uitstroom or afwijzing), if it did

    @classmethod
    def van(cls, traject: Traject, gebeurtenissen: list[Gebeurtenis]) -> Mijlpalen:
        # Signal received → first contact (norm vroegsignalering-contact) is measured on the
        # signaalzaak in trajecten.vroegsignalering, before there is a traject; so the traject
        # has no such milestones and does not count that norm a second time.
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
        einde = None if traject.is_open else eerste_uitstroom(gebeurtenissen)
        return cls(eerste, einde.datum if einde else None)


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
    mijlpalen = Mijlpalen.van(traject, gebeurtenissen)
    producten = list(traject.producten.all())
    bestaand = {
        (k.norm.code, k.product_id): k
        for k in traject.klokken.select_related("norm").prefetch_related("opschortingen")
    }
    gezien: set[tuple[str, int | None]] = set()
    te_signaleren: list[Normbewaking] = []
    for code, rijen in normen_voor_gemeente(traject.gemeente_id).items():
        soort = rijen[-1]  # voorwaarde, mijlpalen and product are one per code (norm.clean)
        if not _voorwaarde_geldt(soort, traject):
            continue
        if soort.productsoort:
            bronnen = [
                (p.pk, _product_mijlpalen(p, gebeurtenissen) | mijlpalen.traject)
                for p in producten
                if p.soort == soort.productsoort
            ]
        else:
            bronnen = [(None, mijlpalen.traject)]
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
            _bereken_klok(
                klok,
                norm=norm,
                start=start,
                gehaald_op=data.get(norm.tot_mijlpaal),
                einde_traject=mijlpalen.einde,
                peildatum=peildatum,
                feestdagen=feestdagen,
            )
            klok.save()
            if mijlpalen.einde is None:
                te_signaleren.append(klok)
    for sleutel, klok in bestaand.items():
        if sleutel not in gezien:  # the event that started it was corrected away
            klok.delete()
    signaleer(te_signaleren)
    urgentie.werk_traject_bij(traject)  # the werkvoorraad's stored sort key (ADR 0018)
    return list(traject.klokken.select_related("norm"))


@dataclass(frozen=True)
class Klokstand:
    """What a clock's stored row says on `peildatum` (computed in one place)."""

    deadline: date
    opgeschort: bool
    vervallen: bool
    dreigt_vanaf: date
    status: str


def klokstand(
    *,
    start: date,
    termijn: int,
    eenheid: str,
    wettelijk: bool,
    dreigpercentage: int,
    pauzes: list[normen.Pauze],
    gehaald_op: date | None,
    einde_traject: date | None,
    peildatum: date,
    feestdagen: frozenset[date],
) -> Klokstand:
    # A clock stops with its traject: a pause still open at uitstroom ends there.
    pauze_tot = min(peildatum, einde_traject) if einde_traject else peildatum
    deadline = normen.bereken_deadline(
        start,
        termijn,
        eenheid,
        wettelijk=wettelijk,
        pauzes=pauzes,
        peildatum=max(pauze_tot, start),
        extra_feestdagen=feestdagen,
    )
    # The traject ended before the end product and on or before the deadline: the norm
    # lapses (it is neither met nor missed). Judged on the day it ended, not on today.
    vervallen = gehaald_op is None and einde_traject is not None and einde_traject <= deadline
    status = normen.bepaal_status(
        start=start,
        deadline=deadline,
        peildatum=min(peildatum, einde_traject) if vervallen and einde_traject else peildatum,
        gehaald_op=gehaald_op,
        dreig_fractie=dreigpercentage / 100,
    )
    return Klokstand(
        deadline=deadline,
        opgeschort=einde_traject is None and any(p.is_open for p in pauzes),
        vervallen=vervallen,
        dreigt_vanaf=dreigt_vanaf(start, deadline, dreigpercentage),
        status=status.value,
    )


def _bereken_klok(
    klok: Normbewaking,
    *,
    norm: Doorlooptijdnorm,
    start: date,
    gehaald_op: date | None,
    einde_traject: date | None,
    peildatum: date,
    feestdagen: frozenset[date],
) -> None:
    """Set deadline, pause flag, vervallen, dreigt_vanaf and status of `klok` (not saved)."""
    pauzes = [normen.Pauze(p.van, p.tot) for p in klok.opschortingen.all()] if klok.pk else []
    stand = klokstand(
        start=start,
        termijn=norm.termijn,
        eenheid=norm.eenheid,
        wettelijk=norm.wettelijk,
        dreigpercentage=norm.dreigpercentage,
        pauzes=pauzes,
        gehaald_op=gehaald_op,
        einde_traject=einde_traject,
        peildatum=peildatum,
        feestdagen=feestdagen,
    )
    klok.norm = norm
    klok.start = start
    klok.gehaald_op = gehaald_op
    klok.deadline, klok.opgeschort, klok.vervallen = (
        stand.deadline,
        stand.opgeschort,
        stand.vervallen,
    )
    klok.dreigt_vanaf, klok.status = stand.dreigt_vanaf, stand.status


def dreigt_vanaf(start: date, deadline: date, dreigpercentage: int) -> date:
    """The first day on which normen.bepaal_status says 'dreigt' (if not yet overdue):
    the smallest d with (d - start) * 100 >= dreigpercentage * (deadline - start).
    A degenerate term (deadline on or before start) dreigt at once."""
    totaal = (deadline - start).days
    if totaal <= 0:
        return date.min
    return start + timedelta(days=-(-dreigpercentage * totaal // 100))


def signaleringstekst(naam: str, status: str, deadline: date) -> str:
    """The same words as the daily SQL job writes (STATUS_SQL, OPGESCHORT_SQL)."""
    wat = "termijn dreigt te verlopen" if status == KlokStatus.DREIGT else "termijn overschreden"
    return f"{naam}: {wat} (deadline {opmaak.datum(deadline)})"[:300]


def signaleer(klokken: list[Normbewaking]) -> int:
    """Signal each clock that threatens or is overdue: to the party aan zet (its person, else
    its team), a statutory term also to the other party's person (samenwerking.signalen,
    the same rule as the daily SQL). Duplicates are ignored, so a status that herbereken set
    and the daily job set signals once."""
    return signalen.voor_klokken(
        (k, signaleringstekst(k.norm.naam, k.status, k.deadline))
        for k in klokken
        if k.status in SIGNAALSTATUSSEN and k.gehaald_op is None and not k.vervallen
    )


SIGNAALSTATUSSEN = (KlokStatus.DREIGT, KlokStatus.OVERSCHREDEN)

# The daily job. Statuses follow normen.bepaal_status (tested against each other); all
# arithmetic is on integers, so SQL and Python agree exactly on the threshold.
# Only clocks whose status can change TODAY are visited: running (not met, not lapsed, not
# paused), not yet overschreden (final while time moves forward), and either past their
# deadline or past the day they start to 'dreigen' (dreigt_vanaf, kept by _bereken_klok;
# empty = unknown, so visited). Two partial indexes (klok_actief_idx, klok_dreigt_vanaf_idx)
# make that a few index range scans instead of a scan of every open clock.
# The same statement inserts the signaleringen for exactly the clocks it changed.
_NIEUWE_STATUS = """
    CASE WHEN %(vandaag)s::date > k.deadline THEN 'overschreden'
         WHEN k.deadline <= k.start THEN 'dreigt'
         WHEN (%(vandaag)s::date - k.start) * 100 >= n.dreigpercentage * (k.deadline - k.start)
              THEN 'dreigt'
         ELSE 'loopt' END
"""
# '6 maart 2025' as opmaak.datum writes it (to_char's month names follow the server's locale).
# fmt: off
_MAANDEN = ", ".join(f"'{m}'" for m in [
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
])
# fmt: on
_DATUM_SQL = (
    "extract(day FROM g.deadline)::int || ' ' || "
    f"(ARRAY[{_MAANDEN}])[extract(month FROM g.deadline)::int] || ' ' || "
    "extract(year FROM g.deadline)::int"
)
# The signaleringen of the clocks a statement changed (rows `gewijzigd AS g`): who gets them
# is samenwerking.signalen's rule (KLOK_ONTVANGERS_SQL, the same as signaleer in Python); the
# words are signaleringstekst's.
_KLOKSIGNALEN = f"""
    INSERT INTO trajecten_signalering
        (sleutel, soort, traject_id, klok_id, gebruiker_id, partij, tekst, aangemaakt_op)
    SELECT 'klok-' || g.id || '-' || g.status || o.achtervoegsel, g.status, g.traject_id, g.id,
           o.gebruiker_id, o.partij,
           left(g.naam || CASE WHEN g.status = 'dreigt'
                               THEN ': termijn dreigt te verlopen (deadline '
                               ELSE ': termijn overschreden (deadline ' END
                || {_DATUM_SQL} || ')', 300),
           now()
    FROM gewijzigd AS g
    JOIN trajecten_traject AS t ON t.id = g.traject_id
    {signalen.KLOK_ONTVANGERS_SQL}
"""
STATUS_SQL = f"""
WITH gewijzigd AS (
    UPDATE trajecten_normbewaking AS k
    SET status = {_NIEUWE_STATUS}, bijgewerkt_op = now()
    FROM trajecten_doorlooptijdnorm AS n
    WHERE n.id = k.norm_id
      AND k.gehaald_op IS NULL AND NOT k.vervallen AND NOT k.opgeschort
      AND (
            (k.status IN ('loopt', 'dreigt') AND k.deadline < %(vandaag)s::date)
         OR (k.status = 'loopt' AND k.dreigt_vanaf <= %(vandaag)s::date)
         OR (k.status = 'loopt' AND k.dreigt_vanaf IS NULL)
      )
      AND k.status <> {_NIEUWE_STATUS}
    RETURNING k.id, k.status, k.traject_id, k.deadline, n.naam, n.wettelijk
), nieuwe_signalen AS (
    {_KLOKSIGNALEN}
    WHERE g.status IN ('dreigt', 'overschreden') AND o.mee
    ON CONFLICT (sleutel) DO NOTHING
    RETURNING 1
)
SELECT (SELECT count(*) FROM gewijzigd), (SELECT count(*) FROM nieuwe_signalen),
       (SELECT array_agg(DISTINCT traject_id) FROM gewijzigd)
"""

# Budgetbeheer is tested twice a year for financial self-reliance (Heusden norm): the n-th
# toets is due n × 6 months after the start. The product is the Stadsbank's: the toets goes
# to the behandelaar, or to the Stadsbank's team when nobody is assigned. A run makes the
# toetsen that fell due since the previous run (at most TOETS_INHAALDAGEN back), so a missed
# day is caught up and a daily run reads only the running budgetbeheer products (partial
# index) and inserts the few that are due; ON CONFLICT keeps a rerun harmless.
TOETS_INHAALDAGEN = 28
MAX_TOETSEN = 60  # 30 years of budgetbeheer
TOETS_SQL = f"""
INSERT INTO trajecten_signalering
    (sleutel, soort, traject_id, klok_id, gebruiker_id, partij, tekst, aangemaakt_op)
SELECT 'toets-' || p.id || '-' || h.nummer, 'toets_budgetbeheer', p.traject_id, NULL,
       t.behandelaar_id, CASE WHEN t.behandelaar_id IS NULL THEN 'stadsbank' ELSE '' END,
       'Budgetbeheer: halfjaarlijkse toets financiële zelfredzaamheid (' || h.nummer || ')', now()
FROM generate_series(1, %(max_toetsen)s) AS h(nummer)
-- Per toets number, the start dates that make it due in (vorige, vandaag]: an index range
-- on the running budgetbeheer products, 3 days wider for month-end clamping (31 August
-- + 6 months = 28 February); the exact test is in the WHERE. LATERAL keeps it a range
-- scan per number, whatever the statistics say.
CROSS JOIN LATERAL (
    SELECT p.id, p.traject_id, p.startdatum
    FROM trajecten_product AS p
    WHERE p.soort = 'Budgetbeheer' AND p.einddatum IS NULL
      AND p.startdatum > (%(vorige)s::date - make_interval(months => h.nummer * 6))::date - 3
      AND p.startdatum <= (%(vandaag)s::date - make_interval(months => h.nummer * 6))::date + 3
    OFFSET 0  -- keeps the subquery apart, so the planner cannot flatten it
) AS p
JOIN trajecten_traject AS t ON t.id = p.traject_id
WHERE (p.startdatum + make_interval(months => h.nummer * 6))::date > %(vorige)s::date
  AND (p.startdatum + make_interval(months => h.nummer * 6))::date <= %(vandaag)s::date
  AND t.fase <> '{Fase.UITGESTROOMD.value}'  -- TrajectQuerySet.lopend
ON CONFLICT (sleutel) DO NOTHING
"""

# Paused clocks, written back in one statement (Django's bulk_update builds a CASE per
# row), which also signals the ones whose status it changed, like STATUS_SQL.
OPGESCHORT_SQL = f"""
WITH gewijzigd AS (
    UPDATE trajecten_normbewaking AS k
    SET deadline = v.deadline, dreigt_vanaf = v.dreigt_vanaf, status = v.status,
        bijgewerkt_op = now()
    FROM unnest(%(id)s::bigint[], %(deadline)s::date[], %(dreigt_vanaf)s::date[],
                %(status)s::varchar[], %(oud)s::varchar[])
         AS v(id, deadline, dreigt_vanaf, status, oud),
         trajecten_doorlooptijdnorm AS n
    WHERE k.id = v.id AND n.id = k.norm_id AND k.opgeschort AND k.gehaald_op IS NULL
      AND (k.deadline, k.dreigt_vanaf, k.status)
          IS DISTINCT FROM (v.deadline, v.dreigt_vanaf, v.status)
    RETURNING k.id, k.status, v.oud, k.traject_id, k.deadline, n.naam, n.wettelijk
), nieuwe_signalen AS (
    {_KLOKSIGNALEN}
    WHERE g.status IN ('dreigt', 'overschreden') AND g.status <> g.oud AND o.mee
    ON CONFLICT (sleutel) DO NOTHING
    RETURNING 1
)
SELECT (SELECT count(*) FROM gewijzigd), (SELECT count(*) FROM nieuwe_signalen),
       (SELECT array_agg(DISTINCT traject_id) FROM gewijzigd)
"""


def _herbereken_opgeschorte(vandaag: date) -> tuple[int, int]:
    """Clocks with an open pause move their deadline every day. The pause arithmetic lives
    in trajecten.normen (Python), so these few rows are read as plain values, computed,
    and written back (with their signaleringen) in one statement."""
    feestdagen = extra_feestdagen()
    klokken = list(
        Normbewaking.objects.filter(opgeschort=True, gehaald_op__isnull=True).values_list(
            "id",
            "start",
            "status",
            "norm__termijn",
            "norm__eenheid",
            "norm__wettelijk",
            "norm__dreigpercentage",
        )
    )
    if not klokken:
        return 0, 0
    pauzes: dict[int, list[normen.Pauze]] = {}
    for klok_id, van, tot in Opschorting.objects.filter(
        klok__opgeschort=True, klok__gehaald_op__isnull=True
    ).values_list("klok_id", "van", "tot"):
        pauzes.setdefault(klok_id, []).append(normen.Pauze(van, tot))
    kolommen: dict[str, list] = {k: [] for k in ("id", "deadline", "dreigt_vanaf", "status", "oud")}
    for klok_id, start, oud, termijn, eenheid, wettelijk, dreigpercentage in klokken:
        stand = klokstand(
            start=start,
            termijn=termijn,
            eenheid=eenheid,
            wettelijk=wettelijk,
            dreigpercentage=dreigpercentage,
            pauzes=pauzes.get(klok_id, []),
            gehaald_op=None,
            einde_traject=None,  # herbereken clears `opgeschort` when a traject ends
            peildatum=vandaag,
            feestdagen=feestdagen,
        )
        for veld, waarde in (
            ("id", klok_id),
            ("deadline", stand.deadline),
            ("dreigt_vanaf", stand.dreigt_vanaf),
            ("status", stand.status),
            ("oud", oud),
        ):
            kolommen[veld].append(waarde)
    with connection.cursor() as cursor:
        cursor.execute(OPGESCHORT_SQL, kolommen)
        _gewijzigd, signalen, traject_ids = cursor.fetchone()
    urgentie.werk_bij(traject_ids or [])
    return len(klokken), signalen


@transaction.atomic
def dagelijkse_normbewaking(*, vandaag: date | None = None) -> dict[str, int]:
    """Update clock statuses and create signaleringen; idempotent and safe to retry."""
    begin = time.monotonic()
    vandaag = vandaag or timezone.localdate()
    vroegst = vandaag - timedelta(days=TOETS_INHAALDAGEN)
    vorige = Normbewakingsrun.objects.filter(peildatum__lt=vandaag, peildatum__gte=vroegst)
    vorige_dag = vorige.aggregate(dag=Max("peildatum"))["dag"] or vroegst
    opgeschort, signalen_opgeschort = _herbereken_opgeschorte(vandaag)
    with connection.cursor() as cursor:
        cursor.execute(STATUS_SQL, {"vandaag": vandaag})
        statussen, signaleringen, traject_ids = cursor.fetchone()
    # The write path: the stored urgency of exactly the trajecten whose clocks changed.
    urgentie.werk_bij(traject_ids or [])
    with connection.cursor() as cursor:
        cursor.execute(
            TOETS_SQL, {"vandaag": vandaag, "vorige": vorige_dag, "max_toetsen": MAX_TOETSEN}
        )
        toetsen = cursor.rowcount
    uitkomst = {
        "opgeschorte_klokken": opgeschort,
        "statussen_gewijzigd": statussen,
        "signaleringen": signaleringen + signalen_opgeschort,
        "toetsen_budgetbeheer": toetsen,
        # The repair: any drift in the stored urgency or the counters (ADR 0018).
        **urgentie.herstel(),
        **klantteller.herstel(),
    }
    duur_ms = round((time.monotonic() - begin) * 1000)
    Normbewakingsrun.objects.create(peildatum=vandaag, duur_ms=duur_ms, uitkomst=uitkomst)
    logger.info("Normbewaking %s in %d ms: %s", vandaag.isoformat(), duur_ms, uitkomst)
    return uitkomst


def herbereken_open_trajecten(*, gemeente_id: int | None = None) -> int:
    """Recompute the clocks of every running traject (of one gemeente), each in its own
    short transaction under its row lock; after a beheerder changed a norm."""
    trajecten = Traject.objects.lopend()
    if gemeente_id is not None:
        trajecten = trajecten.filter(gemeente_id=gemeente_id)
    aantal = 0
    for traject_id in trajecten.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            traject = Traject.objects.select_for_update(of=("self",)).get(pk=traject_id)
            herbereken(traject)
        aantal += 1
    logger.info("Klokken herberekend van %d lopende trajecten (gemeente %s)", aantal, gemeente_id)
    return aantal


def herbereken_rond(datum: date) -> int:
    """Recompute the trajecten whose werkdagen or statutory clocks span `datum` (a decree
    day was added or removed). Runs on to the next werkdag can reach over a long weekend
    plus holidays, hence the margin."""
    traject_ids = (
        Normbewaking.objects.filter(start__lt=datum, deadline__gte=datum - timedelta(days=14))
        .filter(Q(norm__eenheid=normen.Eenheid.WERKDAGEN) | Q(norm__wettelijk=True))
        .values_list("traject_id", flat=True)
        .distinct()
    )
    aantal = 0
    for traject in Traject.objects.filter(pk__in=list(traject_ids)).select_for_update(of=("self",)):
        herbereken(traject)
        aantal += 1
    return aantal
