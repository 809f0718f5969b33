"""Reads for the traject screens; every queryset starts from permissions.filter_for_user.

The werkvoorraad costs a constant number of queries however many rows it shows: the most
urgent open clock of each traject is found by correlated subqueries (rank, deadline, id) in
the one list query, and the clocks of the visible page are fetched in one more query; the
counts per "aan zet" choice are one aggregate, an open warme overdracht one subquery.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from schuldhulp.models import Gebruiker, Klant
from schuldhulp.pakketten import Partij
from schuldhulp.permissions import dossierwerkers, filter_for_user, gemeente_ids
from schuldhulp.selectors import lijkt_op_bsn, naam_voorwaarde, zoek_klanten
from trajecten import normen
from trajecten.models import (
    Doorlooptijdnorm,
    Gebeurtenis,
    Normbewaking,
    Opschorting,
    Product,
    Signalering,
    Traject,
)
from trajecten.normen import KlokStatus
from trajecten.pakket.models import Maatwerk
from trajecten.samenwerking.models import Overdracht
from trajecten.samenwerking.normen import OVERDRACHTNORM
from trajecten.samenwerking.workflow import OPEN_OVERDRACHT
from trajecten.urgentie import (
    DAG_NUL,
    RANG_DREIGT,
    RANG_GEEN,
    RANG_LOOPT,
    RANG_OVERSCHREDEN,
    URGENTIE_STAP,
)

# The werkvoorraad sorts on one number per traject, rang * URGENTIE_STAP + days since DAG_NUL
# of the deadline of its most urgent clock, stored on the traject (trajecten.urgentie,
# ADR 0018); only the norm filter computes it per row, for that norm's clock.


class Weergave:
    MIJN = "mijn"  # I am the behandelaar or the contactpersoon bij de gemeente
    TEAM = "team"  # every traject of my gemeenten


class AanZetKeuze:
    """The werkvoorraad's filter "aan zet" (Traject.aan_zet, kept by samenwerking.aanzet)."""

    ALLE = ""
    IK = "ik"  # my party is aan zet and I am its person on the traject
    TEAM = "team"  # my party is aan zet (whoever its person is)
    ANDER = "ander"  # the other party is aan zet

    WAARDEN = (ALLE, IK, TEAM, ANDER)


class Stand:
    """The werkvoorraad's count tiles as filters (?stand=): the rows a tile counts."""

    ALLE = ""
    OVERSCHREDEN = "overschreden"  # the most urgent clock is overdue
    DREIGT = "dreigt"  # the most urgent clock threatens
    ONGELEZEN = "ongelezen"  # a new signalering for me (or my team) on the traject

    WAARDEN = (ALLE, OVERSCHREDEN, DREIGT, ONGELEZEN)


DOSSIERNUMMER_RE = re.compile(r"(?:dossier\s*)?(\d{1,7})", re.IGNORECASE)


def _klok_rang() -> Case:
    return Case(
        When(status=KlokStatus.OVERSCHREDEN, then=Value(RANG_OVERSCHREDEN)),
        When(status=KlokStatus.DREIGT, then=Value(RANG_DREIGT)),
        default=Value(RANG_LOOPT),
        output_field=IntegerField(),
    )


def _urgentie() -> ExpressionWrapper:
    dagen = Func(
        F("deadline"),
        Value(DAG_NUL),
        arg_joiner=" - ",
        template="(%(expressions)s)",
        output_field=IntegerField(),
    )
    return ExpressionWrapper(
        _klok_rang() * Value(URGENTIE_STAP) + dagen, output_field=IntegerField()
    )


def open_klokken() -> QuerySet[Normbewaking]:
    """Clocks still counting: not met and not lapsed."""
    return Normbewaking.objects.filter(gehaald_op__isnull=True, vervallen=False)


def trajecten_voor(user) -> QuerySet[Traject]:
    return filter_for_user(
        user,
        Traject.objects.select_related("klant", "gemeente", "behandelaar", "consulent", "afspraak"),
    )


@dataclass(frozen=True)
class Filters:
    weergave: str = Weergave.MIJN
    gemeente_id: int | None = None
    fase: str = ""
    product: str = ""
    norm: str = ""
    aan_zet: str = AanZetKeuze.ALLE
    stand: str = Stand.ALLE
    zoek: str = ""


def aan_zet_filter(user, keuze: str) -> Q:
    """The rows of one "aan zet" choice for `user` (ALLE: every row)."""
    partij = user.partij
    if keuze == AanZetKeuze.IK:
        return Q(aan_zet=Partij.STADSBANK, behandelaar=user) | Q(
            aan_zet=Partij.GEMEENTE, consulent=user
        )
    if keuze in (AanZetKeuze.TEAM, AanZetKeuze.ANDER):
        if partij is None:
            return Q(pk__in=[])
        if keuze == AanZetKeuze.TEAM:
            return Q(aan_zet=partij, gemeente_id__in=gemeente_ids(user))
        anders = Partij.GEMEENTE if partij == Partij.STADSBANK else Partij.STADSBANK
        return Q(aan_zet=anders)
    return Q()


def _werkvoorraad_basis(user, filters: Filters) -> QuerySet[Traject]:
    """The open trajecten of the view and the filters, before the "aan zet" choice."""
    qs = trajecten_voor(user).lopend()
    if filters.weergave == Weergave.TEAM:
        qs = qs.filter(gemeente_id__in=gemeente_ids(user))
    else:
        qs = qs.filter(Q(behandelaar=user) | Q(consulent=user))
    if filters.gemeente_id:
        qs = qs.filter(gemeente_id=filters.gemeente_id)
    if filters.fase:
        qs = qs.filter(fase=filters.fase)
    if filters.product:
        qs = qs.filter(
            Exists(
                Product.objects.filter(
                    traject=OuterRef("pk"), soort=filters.product, einddatum__isnull=True
                )
            )
        )
    if filters.zoek:
        qs = qs.filter(zoek_voorwaarde(filters.zoek))
    if filters.stand == Stand.ONGELEZEN:
        qs = qs.filter(heeft_ongelezen(user))
    elif filters.stand in (Stand.OVERSCHREDEN, Stand.DREIGT) and not _per_norm(filters):
        # The stored rank: an index range of traject_werkvoorraad_idx.
        rang = RANG_OVERSCHREDEN if filters.stand == Stand.OVERSCHREDEN else RANG_DREIGT
        qs = qs.filter(urgentie__gte=rang * URGENTIE_STAP, urgentie__lt=(rang + 1) * URGENTIE_STAP)
    elif filters.stand in (Stand.OVERSCHREDEN, Stand.DREIGT):
        # The tile's rank, as tellingen() counts it: an overdue open clock; or a threatening
        # one and no overdue one (of the norm filtered on, if any).
        klokken = _klokken(filters)
        overschreden = Exists(klokken.filter(status=KlokStatus.OVERSCHREDEN))
        if filters.stand == Stand.OVERSCHREDEN:
            qs = qs.filter(overschreden)
        else:
            qs = qs.filter(Exists(klokken.filter(status=KlokStatus.DREIGT)), ~overschreden)
    if filters.norm == OVERDRACHTNORM:
        # Not a traject clock (measured on each overdracht): the trajecten with a warme
        # overdracht waiting to be accepted (a partial index holds the open ones).
        qs = qs.filter(Exists(_open_overdracht()))
    elif filters.norm:
        qs = qs.filter(Exists(_klokken(filters)))
    return qs


werkvoorraad_basis = _werkvoorraad_basis


def _per_norm(filters: Filters) -> bool:
    """A norm filter on a traject clock: the row shows (and sorts on) that norm's clock."""
    return bool(filters.norm) and filters.norm != OVERDRACHTNORM


def zoek_voorwaarde(zoek: str) -> Q:
    """A dossier number ("123", "dossier 123") or the klant's name. Never a BSN: the search
    is a GET (the address, the history), so 8 or 9 digits find nothing; the klantenlijst
    searches by BSN with a POST."""
    zoek = zoek.strip()
    if lijkt_op_bsn(zoek):
        return Q(pk__in=[])
    if nummer := DOSSIERNUMMER_RE.fullmatch(zoek):
        return Q(pk=int(nummer.group(1)))
    return naam_voorwaarde(zoek, "klant__")


def heeft_ongelezen(user) -> Exists:
    """The traject has a new signalering for `user` or their team (signaleringen_voor)."""
    return Exists(ongelezen_signaleringen(user).filter(traject=OuterRef("pk")))


def _open_overdracht() -> QuerySet[Overdracht]:
    return Overdracht.objects.filter(traject=OuterRef("pk"), status__in=OPEN_OVERDRACHT)


def _klokken(filters: Filters) -> QuerySet[Normbewaking]:
    klokken = open_klokken().filter(traject=OuterRef("pk"))
    if filters.norm and filters.norm != OVERDRACHTNORM:
        # With a norm filter the row shows that norm's clock, and only rows that have one.
        klokken = klokken.filter(norm__code=filters.norm)
    return klokken


def werkvoorraad(user, filters: Filters) -> QuerySet[Traject]:
    """Open trajecten for the werkvoorraad, most urgent first.

    'mijn': the trajecten on which this user is the behandelaar or the contactpersoon bij de
    gemeente; 'team': all open trajecten of the gemeenten the user works for; then the
    filters and the "aan zet" choice (:func:`aan_zet_filter`). Each row carries
    ``urgente_klok_id`` and ``sleutel`` (the sort key: the stored ``urgentie``, or with a
    norm filter that norm's clock, see URGENTIE_STAP), and ``overdracht_deadline`` /
    ``overdracht_dreigt_vanaf`` of an open warme overdracht (None: none open). Page it with
    :func:`trajecten.werklijst.bladzijde` (keyset): the subqueries that only show are then
    computed for the rows of the page only.
    """
    qs = _werkvoorraad_basis(user, filters).filter(aan_zet_filter(user, filters.aan_zet))
    qs = qs.annotate(
        overdracht_deadline=Subquery(_open_overdracht().values("deadline")[:1]),
        overdracht_dreigt_vanaf=Subquery(_open_overdracht().values("dreigt_vanaf")[:1]),
    )
    if _per_norm(filters):
        urgentste = _klokken(filters).annotate(rang=_klok_rang()).order_by("rang", "deadline", "pk")
        qs = qs.annotate(
            urgente_klok_id=Subquery(urgentste.values("pk")[:1]),
            sleutel=Coalesce(
                Subquery(urgentste.annotate(sleutel=_urgentie()).values("sleutel")[:1]),
                Value(RANG_GEEN * URGENTIE_STAP),
                output_field=IntegerField(),
            ),
        )
    else:
        qs = qs.annotate(urgente_klok_id=F("urgentste_klok_id"), sleutel=F("urgentie"))
    return qs.order_by("sleutel", "aanmelddatum", "pk")


def aan_zet_tellingen(user, filters: Filters) -> dict[str, int]:
    """How many rows each "aan zet" choice would show with the other filters: one query."""
    return _werkvoorraad_basis(user, filters).aggregate(
        **{
            keuze or "alle": Count("pk", filter=aan_zet_filter(user, keuze) or None)
            for keuze in AanZetKeuze.WAARDEN
        }
    )


def vul_aan_zet(trajecten: Iterable[Traject]) -> None:
    """Attach ``aan_zet_persoon`` (the person of the party aan zet; None: its team) to each
    row; no queries (the werkvoorraad joins behandelaar and consulent)."""
    for traject in trajecten:
        traject.aan_zet_persoon = traject.persoon(traject.aan_zet)


def tellingen(qs: QuerySet[Traject], user) -> dict[str, int]:
    """The counts on top of the werkvoorraad (each tile a Stand), in one query: grouped by
    rank, so the urgency of each traject is computed once (a FILTER per count would compute
    it per count); with the trajecten that have a new signalering for `user`."""
    per_rang = {
        rang: (aantal, ongelezen)
        for rang, aantal, ongelezen in qs.order_by()
        .annotate(rang=ExpressionWrapper(F("sleutel") / URGENTIE_STAP, IntegerField()))
        .values_list("rang")
        .annotate(aantal=Count("pk"), ongelezen=Count("pk", filter=heeft_ongelezen(user)))
        .values_list("rang", "aantal", "ongelezen")
    }
    return {
        Stand.OVERSCHREDEN: per_rang.get(RANG_OVERSCHREDEN, (0, 0))[0],
        Stand.DREIGT: per_rang.get(RANG_DREIGT, (0, 0))[0],
        Stand.ONGELEZEN: sum(ongelezen for _, ongelezen in per_rang.values()),
        "lopend": sum(aantal for aantal, _ in per_rang.values()),
    }


@dataclass(frozen=True)
class KlokWeergave:
    """A clock ready for display: status, deadline and 'nog 2 werkdagen'."""

    klok: Normbewaking
    resterend: str

    @property
    def status(self) -> str:
        return "vervallen" if self.klok.vervallen else self.klok.status

    @property
    def status_tekst(self) -> str:
        if self.klok.vervallen:
            return "Vervallen"
        if self.klok.opgeschort and self.klok.is_open:
            return f"{self.klok.get_status_display()} (opgeschort)"
        return self.klok.get_status_display()


def klok_weergave(
    klok: Normbewaking, *, vandaag: date, feestdagen: frozenset[date]
) -> KlokWeergave:
    if not klok.is_open:
        resterend = "" if klok.gehaald_op <= klok.deadline else _te_laat(klok, feestdagen)
    elif klok.vervallen:
        resterend = "traject gestopt"
    else:
        resterend = normen.resterend_tekst(
            peildatum=vandaag,
            deadline=klok.deadline,
            eenheid=klok.norm.eenheid,
            extra_feestdagen=feestdagen,
        )
    return KlokWeergave(klok=klok, resterend=resterend)


def _te_laat(klok: Normbewaking, feestdagen: frozenset[date]) -> str:
    return normen.resterend_tekst(
        peildatum=klok.gehaald_op,
        deadline=klok.deadline,
        eenheid=klok.norm.eenheid,
        extra_feestdagen=feestdagen,
    )


def feestdagen() -> frozenset[date]:
    from trajecten.normbewaking import extra_feestdagen

    return extra_feestdagen()


def vul_urgente_klokken(trajecten: Iterable[Traject]) -> None:
    """Attach ``urgente_klok`` (a KlokWeergave or None) to each traject: two queries."""
    trajecten = list(trajecten)
    ids = [t.urgente_klok_id for t in trajecten if t.urgente_klok_id]
    klokken = (
        {k.pk: k for k in Normbewaking.objects.filter(pk__in=ids).select_related("norm")}
        if ids
        else {}
    )
    vrije_dagen = feestdagen() if ids else frozenset()
    vandaag = timezone.localdate()
    for traject in trajecten:
        klok = klokken.get(traject.urgente_klok_id)
        traject.urgente_klok = (
            klok_weergave(klok, vandaag=vandaag, feestdagen=vrije_dagen) if klok else None
        )


def normkeuzes(gemeente_ids_: Iterable[int]) -> list[tuple[str, str]]:
    """(code, naam) of the norms that can apply to these gemeenten, newest name per code."""
    namen: dict[str, str] = {}
    for code, naam in (
        Doorlooptijdnorm.objects.filter(Q(gemeente__isnull=True) | Q(gemeente_id__in=gemeente_ids_))
        .order_by("geldig_van")
        .values_list("code", "naam")
    ):
        # The overdracht norm filters on open overdrachten (werkvoorraad above).
        namen[code] = f"{naam} (open overdrachten)" if code == OVERDRACHTNORM else naam
    return sorted(((c, n) for c, n in namen.items()), key=lambda cn: cn[1].lower())


# ----------------------------------------------------------------------- signaleringen


def signaleringen_voor(user) -> QuerySet[Signalering]:
    """The user's own signaleringen and those of their team: no person assigned, for the
    user's party, on a traject of a gemeente they work for (samenwerking.signalen). Unread
    first, newest first. A team row is one row: read by one, read for the whole team."""
    eigen = Q(gebruiker=user)
    if user.partij is not None:
        eigen |= Q(
            gebruiker__isnull=True,
            partij=user.partij,
            traject__gemeente_id__in=gemeente_ids(user),
        )
    return (
        filter_for_user(user, Signalering.objects.filter(eigen))
        .select_related("traject__klant", "traject__gemeente")
        .order_by(
            Case(When(gelezen_op__isnull=True, then=Value(0)), default=Value(1)),
            "-aangemaakt_op",
            "-pk",
        )
    )


def ongelezen_signaleringen(user) -> QuerySet[Signalering]:
    return signaleringen_voor(user).filter(gelezen_op__isnull=True)


def signalering_van(user, pk: int) -> Signalering:
    return get_object_or_404(signaleringen_voor(user), pk=pk)


# --------------------------------------------------------------------------- detail


def traject_detail(user, pk: int) -> Traject:
    """One traject with everything its page shows, prefetched (404 if not visible)."""
    return get_object_or_404(
        trajecten_voor(user).prefetch_related(
            Prefetch(
                "gebeurtenissen",
                queryset=Gebeurtenis.objects.select_related("door").order_by("-datum", "-pk"),
            ),
            Prefetch("producten", queryset=Product.objects.order_by("startdatum", "pk")),
            Prefetch(
                "klokken",
                queryset=Normbewaking.objects.select_related("norm", "product").prefetch_related(
                    Prefetch("opschortingen", queryset=Opschorting.objects.order_by("van"))
                ),
            ),
            "crisisinterventies",
            "moratoria",
            # Traject.uitvoerder and the section "Takenverdeling" read these (issue 12).
            Prefetch(
                "maatwerk",
                queryset=Maatwerk.objects.select_related("voorgesteld_door", "beoordeeld_door"),
            ),
        ),
        pk=pk,
    )


# ------------------------------------------------------------------------- aanmelden


def aanmeldbare_klanten(user, zoek: str = "") -> QuerySet[Klant]:
    """Klanten the user may see, in a gemeente they work for, without an open traject;
    searched on name, BSN (exact) or postcode as in the klantenlijst."""
    return zoek_klanten(
        filter_for_user(user, Klant.objects.select_related("gemeente"))
        .filter(gemeente_id__in=gemeente_ids(user))
        .exclude(Exists(Traject.objects.lopend().filter(klant=OuterRef("pk")))),
        zoek,
    )


def behandelaars(gemeente_ids_: Iterable[int]) -> QuerySet[Gebruiker]:
    """Active users with a dossier role who work for one of these gemeenten."""
    return dossierwerkers(gemeente_ids_)
