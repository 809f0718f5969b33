"""The klantenlijst without a search: keyset pages in name order and the total from the
counters (issue 21, ADR 0024).

The place after a page is the pk of its last klant (``?na=<pk>``), not the name: names are
personal data and stay out of URLs and proxy logs, like the BSN (issue 17). The page after
it is read per gemeente of the user from ``klant_lijst_idx (gemeente, achternaam,
voornamen, id)``, at most one page each, merged with ``UNION ALL``: the cost depends on the
number of gemeenten, not on the number of klanten.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from schuldhulp import klantteller
from schuldhulp.models import Klant
from schuldhulp.permissions import gedeelde_klanten, gemeente_ids

KOLOMMEN = ("achternaam", "voornamen", "id")


@dataclass
class Bladzijde:
    rijen: list[Klant]
    volgende: int | None  # pk of the last klant of this page; None: the last page
    eerste: bool

    def __iter__(self):
        return iter(self.rijen)

    @property
    def object_list(self) -> list[Klant]:
        return self.rijen


def _erna(qs: QuerySet[Klant], na: str | None) -> tuple[QuerySet[Klant], bool]:
    """The klanten after the klant `na` (a pk this user may see); else from the start."""
    if not (na or "").isdigit():
        return qs, True
    plek = qs.filter(pk=int(na)).values_list(*KOLOMMEN).first()
    if plek is None:
        return qs, True
    achternaam, voornamen, pk = plek
    return qs.filter(
        Q(achternaam__gte=achternaam)
        & (
            Q(achternaam__gt=achternaam)
            | Q(achternaam=achternaam, voornamen__gt=voornamen)
            | Q(achternaam=achternaam, voornamen=voornamen, pk__gt=pk)
        )
    ), False


def bladzijde(user, qs: QuerySet[Klant], na: str | None, n: int) -> Bladzijde:
    """The page after klant `na` of `qs` (selectors.klanten_voor without a search): the
    keys per gemeente range (one query), then the rows with their annotations (one)."""
    deel, eerste = _erna(qs, na)
    gemeenten = gemeente_ids(user)
    delen = [
        deel.filter(gemeente_id=g).order_by(*KOLOMMEN).values_list(*KOLOMMEN)[: n + 1]
        for g in gemeenten
    ]
    if gedeelde_klanten(user):  # a shared dossier of another gemeente (rare)
        delen.append(
            deel.exclude(gemeente_id__in=gemeenten)
            .order_by(*KOLOMMEN)
            .values_list(*KOLOMMEN)[: n + 1]
        )
    if not delen:
        return Bladzijde([], None, eerste)
    sleutels = (
        list(delen[0])
        if len(delen) == 1
        else list(delen[0].union(*delen[1:], all=True).order_by(*KOLOMMEN)[: n + 1])
    )
    ids = [pk for _, _, pk in sleutels[:n]]
    rijen = {k.pk: k for k in qs.filter(pk__in=ids).order_by()} if ids else {}
    volgende = ids[-1] if len(sleutels) > n else None
    return Bladzijde([rijen[pk] for pk in ids], volgende, eerste)


def totaal(user) -> int:
    """The klanten of the user's gemeenten from the counter rows; plus the shared dossiers
    of other gemeenten (rare, a short list)."""
    eigen = gemeente_ids(user)
    gedeeld = gedeelde_klanten(user)
    extra = (
        Klant.objects.filter(pk__in=gedeeld).exclude(gemeente_id__in=eigen).count()
        if gedeeld
        else 0
    )
    return klantteller.aantal(eigen) + extra
