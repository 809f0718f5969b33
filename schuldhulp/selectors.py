"""Reads of the core domain; each starts from permissions.filter_for_user."""

from __future__ import annotations

import re
from datetime import date

from django.db.models import (
    Case,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, NullIf, Trim, Upper

from schuldhulp.models import Dienstverleningsafspraak, Gemeente, Klant
from schuldhulp.pakketten import Partij
from schuldhulp.permissions import filter_for_user
from schuldhulp.validators import POSTCODE_RE, normaliseer_postcode


def klanten_voor(user, *, zoek: str = "", gemeente_id: int | None = None) -> QuerySet[Klant]:
    """Klanten this user may see, searched on name, BSN (exact) or postcode."""
    qs = met_vaste_contactpersoon(filter_for_user(user, Klant.objects.select_related("gemeente")))
    if gemeente_id:
        qs = qs.filter(gemeente_id=gemeente_id)
    # pk last: namesakes keep one order from page to page (klant_naam_idx + incremental sort).
    return zoek_klanten(qs.order_by("achternaam", "voornamen", "pk"), zoek)


def lijkt_op_bsn(zoek: str) -> str | None:
    """The BSN in a search term (8 or 9 digits, spaces, dots and dashes allowed), else None."""
    compact = re.sub(r"[\s.-]", "", zoek or "")
    return compact.zfill(9) if compact.isdigit() and len(compact) in (8, 9) else None


def naam_voorwaarde(zoek: str, pad: str = "") -> Q:
    """Every word of `zoek` in the name (or postcode) of a klant; `pad`: the way from the
    model searched to the klant, e.g. "klant__". Served by the trigram indexes on the names."""
    voorwaarde = Q()
    for deel in zoek.split():
        voorwaarde &= (
            Q(**{f"{pad}achternaam__icontains": deel})
            | Q(**{f"{pad}voornamen__icontains": deel})
            | Q(**{f"{pad}tussenvoegsel__iexact": deel})
            | Q(**{f"{pad}postcode__istartswith": deel})
        )
    return voorwaarde


def zoek_klanten(qs: QuerySet[Klant], zoek: str) -> QuerySet[Klant]:
    """Klanten of `qs` searched on name, BSN (exact only) or postcode."""
    zoek = (zoek or "").strip()
    if not zoek:
        return qs
    if bsn := lijkt_op_bsn(zoek):
        return qs.filter(bsn=bsn)  # BSN: exact match only
    if POSTCODE_RE.match(zoek):
        return qs.filter(postcode=normaliseer_postcode(zoek))
    voorwaarde = naam_voorwaarde(zoek)
    # Sorted case-insensitively, which klant_naam_idx cannot deliver: otherwise PostgreSQL may
    # walk that index in name order hoping to meet 25 matches soon, and for a common fragment
    # deep in the alphabet read half the table (229 instead of 23 ms at 670,000 klanten);
    # now it takes the matches from the trigram index and sorts those (docs/schaal.md).
    return qs.filter(voorwaarde).order_by(Upper("achternaam"), Upper("voornamen"), "pk")


def _naam(veld: str):
    """str(Gebruiker) in SQL: the full name, else the username (NULL: nobody)."""
    volledig = Trim(Concat(F(f"{veld}__first_name"), Value(" "), F(f"{veld}__last_name")))
    return Coalesce(NullIf(volledig, Value("")), F(f"{veld}__username"))


def met_vaste_contactpersoon(qs: QuerySet[Klant]) -> QuerySet[Klant]:
    """Each klant with the vaste contactpersoon of its latest traject, as the dossier, the
    klantplan and the letters print it (Traject.contactpersoon): ``contact_naam`` (None:
    nobody assigned on that side) and ``contact_partij`` ("" without a traject). One
    subquery per column, no query per row. The traject model is read from the reverse
    relation (the trajecten app builds on this one, not the other way round)."""
    traject = Klant._meta.get_field("trajecten").related_model
    laatste = (
        traject.objects.filter(klant=OuterRef("pk"))
        .order_by("-aanmelddatum", "-pk")
        .annotate(
            contact_naam=Case(
                When(vaste_contactpersoon=Partij.STADSBANK, then=_naam("behandelaar")),
                default=_naam("consulent"),
            )
        )
    )
    return qs.annotate(
        contact_naam=Subquery(laatste.values("contact_naam")[:1]),
        contact_partij=Coalesce(Subquery(laatste.values("vaste_contactpersoon")[:1]), Value("")),
    )


def gemeenten_voor(user) -> QuerySet[Gemeente]:
    return filter_for_user(user, Gemeente.objects.all())


def gemeente_met_afspraken(user, pk: int) -> Gemeente:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        gemeenten_voor(user).prefetch_related(
            Prefetch("afspraken", queryset=Dienstverleningsafspraak.objects.order_by("-geldig_van"))
        ),
        pk=pk,
    )


def huidige_afspraak(gemeente: Gemeente, datum: date) -> Dienstverleningsafspraak | None:
    """From the prefetched agreements (no extra query)."""
    return next((a for a in gemeente.afspraken.all() if a.geldig_op(datum)), None)
