"""Reads of vroegsignalering. Each starts from permissions.filter_for_user and, because
signals are dossier data, also requires a dossier role (permissions.mag_dossiers_zien)."""

from __future__ import annotations

import re

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from schuldhulp.permissions import (
    filter_for_user,
    gedeelde_klanten,
    gemeente_ids,
    mag_dossiers_zien,
)
from schuldhulp.validators import POSTCODE_RE, normaliseer_postcode
from trajecten.normen import KlokStatus
from trajecten.vroegsignalering.models import (
    OPEN_STATUSSEN,
    Contactpoging,
    ImportBatch,
    Signaalzaak,
    Vroegsignaal,
    Zaakstatus,
)
from trajecten.vroegsignalering.werklijst import tellers

SORTERINGEN = {
    # The default: the 2-week contact clock, overdue first, then the nearest deadline.
    "klok": "Meest urgent eerst (termijn eerste contact)",
    "oudste_zonder_contact": "Langst zonder contact eerst",
    "nieuwste": "Nieuwste signaal eerst",
}
STANDAARD_SORTERING = "klok"
STATUSFILTERS = {
    "open": "Open (nog niet afgehandeld)",
    Zaakstatus.NIEUW.value: Zaakstatus.NIEUW.label,
    Zaakstatus.IN_CONTACT.value: Zaakstatus.IN_CONTACT.label,
    Zaakstatus.AANGEMELD.value: Zaakstatus.AANGEMELD.label,
    Zaakstatus.GESLOTEN.value: Zaakstatus.GESLOTEN.label,
    "alle": "Alle zaken",
}


def zaken_voor(user) -> QuerySet[Signaalzaak]:
    if not mag_dossiers_zien(user):
        return Signaalzaak.objects.none()
    return filter_for_user(user, Signaalzaak.objects.select_related("gemeente", "klok_norm"))


def werklijst(
    user,
    *,
    gemeente_id: int | None = None,
    status: str = "open",
    sortering: str = STANDAARD_SORTERING,
    zoek: str = "",
) -> QuerySet[Signaalzaak]:
    """The work list: filtered by gemeente and status, searched, sorted."""
    qs = zaken_voor(user)
    if gemeente_id:
        qs = qs.filter(gemeente_id=gemeente_id)
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSSEN)
    elif status in Zaakstatus.values:
        qs = qs.filter(status=status)
    zoek = (zoek or "").strip()
    if zoek:
        compact = re.sub(r"[\s.-]", "", zoek)
        if compact.isdigit() and len(compact) == 9:
            qs = qs.filter(Q(bsn=compact) | Q(signalen__bsn=compact)).distinct()
        elif POSTCODE_RE.match(zoek):
            qs = qs.filter(postcode=normaliseer_postcode(zoek))
        else:
            qs = qs.filter(Q(achternaam__icontains=zoek) | Q(voornamen__icontains=zoek))
    if sortering == "oudste_zonder_contact":
        return qs.annotate(
            _heeft_contact=Case(
                When(eerste_contact_op__isnull=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        ).order_by("_heeft_contact", "eerste_signaal_op", "pk")
    if sortering == "klok":
        # The stored key (Signaalzaak.klokvolgorde, ADR 0024): the same order as the clock
        # rank then the deadline, carried by zaak_werklijst_idx.
        return qs.order_by("klokvolgorde", "pk")
    return qs.order_by("-laatste_signaal_op", "-pk")


def tellingen(user, *, gemeente_id: int | None = None) -> dict[str, int]:
    """The counts above the work list: from the counter rows of the user's gemeenten (one
    small query, ADR 0024). A user with a shared dossier of another gemeente (rare) counts
    the rows, so those cases are in the tiles too."""
    if not mag_dossiers_zien(user):
        return tellers([])
    if gemeente_id or not gedeelde_klanten(user):
        return tellers([gemeente_id] if gemeente_id else gemeente_ids(user))
    open_ = Q(status__in=OPEN_STATUSSEN)
    return zaken_voor(user).aggregate(
        open=Count("pk", filter=open_),
        zonder_contact=Count("pk", filter=Q(status=Zaakstatus.NIEUW)),
        overschreden=Count("pk", filter=open_ & Q(klok_status=KlokStatus.OVERSCHREDEN)),
        dreigt=Count("pk", filter=open_ & Q(klok_status=KlokStatus.DREIGT)),
        meerdere=Count("pk", filter=open_ & Q(aantal_signalen__gt=1)),
    )


def aantal_in_lijst(status: str, zoek: str, telling: dict[str, int], qs) -> int:
    """The number above the list: from the tiles when they know it (the open cases, or
    those without contact), else a count of the filtered rows (closed cases, a search)."""
    if not zoek and status == "open":
        return telling["open"]
    if not zoek and status == Zaakstatus.NIEUW:
        return telling["zonder_contact"]
    if not zoek and status == Zaakstatus.IN_CONTACT:
        return telling["open"] - telling["zonder_contact"]
    return qs.order_by().count()


def zaak_voor(user, pk: int) -> Signaalzaak:
    """One case (404 when it is not this user's); with its signals and contact attempts."""
    return get_object_or_404(
        zaken_voor(user).select_related(
            "klok_norm", "traject", "traject__klant", "afgehandeld_door"
        ),
        pk=pk,
    )


def signalen_van(user, zaak: Signaalzaak) -> QuerySet[Vroegsignaal]:
    return filter_for_user(user, Vroegsignaal.objects.filter(zaak=zaak)).order_by(
        "ontvangen_op", "pk"
    )


def contactpogingen_van(user, zaak: Signaalzaak) -> QuerySet[Contactpoging]:
    return (
        filter_for_user(user, Contactpoging.objects.filter(zaak=zaak))
        .select_related("door")
        .order_by("datum", "pk")
    )


def lijsten_voor(user) -> QuerySet[ImportBatch]:
    """Uploaded lists: gemeente-level rows, but they hold personal data, so dossier roles
    only (filter_for_user alone would also show them to a contractmanager)."""
    if not mag_dossiers_zien(user):
        return ImportBatch.objects.none()
    return filter_for_user(
        user, ImportBatch.objects.select_related("gemeente", "geupload_door").defer("inhoud")
    )


def lijst_voor(user, pk: int) -> ImportBatch:
    return get_object_or_404(lijsten_voor(user), pk=pk)
