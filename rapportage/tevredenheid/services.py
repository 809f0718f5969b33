"""The survey at uitstroom: make the klant's link, read it, and store an answer anonymously.

The link: a signed token naming the invitation's random ``sleutel`` (as the schuldeiser's
portal link, klantplan/schuldregeling/services/portaal.py), valid for ``GELDIG`` after the
uitstroom, used once. Filling in writes an :class:`Antwoord` with only gemeente, package,
uitstroom reason and quarter, and marks the invitation used (a date), in one transaction under
a lock: of two submits at once the second finds it used. Why it is built this way: ADR 0029.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from rapportage.figuren.pakket import pakket_op
from rapportage.kwartalen import Kwartaal
from rapportage.tevredenheid.models import Antwoord, Uitnodiging
from schuldhulp import extern, opmaak
from schuldhulp.handelingen import KLANT
from schuldhulp.permissions import mag
from trajecten.models import UITSTROOM_SOORTEN, Traject

ZOUT = "tevredenheid.vragenlijst"
MAX_TOKEN = 300  # a signed sleutel is ~110 characters; anything far longer is not ours


def geldig() -> timedelta:
    """How long a link works after the uitstroom (setting TEVREDENHEID_LINK_DAGEN, 90)."""
    return timedelta(days=int(getattr(settings, "TEVREDENHEID_LINK_DAGEN", 90)))


class Linkfout(Exception):
    """Why a link opens no survey: a page title, a friendly explanation, the HTTP status."""

    def __init__(self, titel: str, uitleg: str, status: int = 410) -> None:
        super().__init__(uitleg)
        self.titel, self.uitleg, self.status = titel, uitleg, status


ONBEKEND = (
    "Deze link werkt niet",
    "Wij kennen deze link niet. Controleer of u de hele link uit de brief hebt overgenomen.",
)


# --- Making the link -------------------------------------------------------------------------


def maak_uitnodiging(traject_id: int, *, op: date | None = None) -> Uitnodiging:
    """The traject's invitation (one per traject: a second uitstroom makes no second one)."""
    dag = op or timezone.localdate()
    eind = timezone.make_aware(datetime.combine(dag + geldig(), time.max))
    uitnodiging, _ = Uitnodiging.objects.get_or_create(
        traject_id=traject_id,
        defaults={"sleutel": secrets.token_urlsafe(32), "verloopt_op": eind},
    )
    return uitnodiging


def bij_uitstroom(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """Signal: an event that ends a traject (uitstroom, afwijzing) makes its invitation, after
    the commit (a step that rolls back leaves no link behind)."""
    if created and instance.soort in UITSTROOM_SOORTEN:
        traject_id, dag = instance.traject_id, instance.datum
        transaction.on_commit(lambda: maak_uitnodiging(traject_id, op=max(dag, _vandaag())))


def _vandaag() -> date:
    return timezone.localdate()


def token(uitnodiging: Uitnodiging) -> str:
    return signing.dumps(uitnodiging.sleutel, salt=ZOUT)


def url(uitnodiging: Uitnodiging) -> str:
    return settings.SCHULDHULP_BASIS_URL + pad(uitnodiging)


def pad(uitnodiging: Uitnodiging) -> str:
    return reverse("tevredenheid:vragenlijst", kwargs={"token": token(uitnodiging)})


def voor_traject(traject: Traject) -> Uitnodiging | None:
    """The invitation of an ended traject that still opens the survey (the letter, the
    portal); None when there is none, or it was used or has expired."""
    uitnodiging = Uitnodiging.objects.filter(traject=traject).first()
    if uitnodiging is None or mag(partij(uitnodiging), "tevredenheid.invullen", uitnodiging):
        return None
    return uitnodiging


# --- Reading a token -------------------------------------------------------------------------


def partij(uitnodiging: Uitnodiging) -> extern.Extern:
    """The holder of the link, as the gate knows it: a klant reaching this invitation only."""
    pk = uitnodiging.pk
    return extern.Extern(
        rol=KLANT,
        naam="Klant (via de link naar de vragenlijst)",
        omvat=lambda obj: isinstance(obj, Uitnodiging) and obj.pk == pk,
        buiten_bereik="Deze link hoort bij een andere vragenlijst.",
    )


def _zoek(tekst: str, *, vergrendel: bool = False) -> Uitnodiging:
    if len(tekst) > MAX_TOKEN:
        raise Linkfout(*ONBEKEND, status=404)
    try:
        sleutel = signing.loads(tekst, salt=ZOUT)
    except signing.BadSignature:
        raise Linkfout(*ONBEKEND, status=404) from None
    qs = Uitnodiging.objects.select_related("traject")
    if vergrendel:
        qs = qs.select_for_update(of=("self",))
    uitnodiging = qs.filter(sleutel=sleutel).first()
    if uitnodiging is None:
        raise Linkfout(*ONBEKEND, status=404)
    return uitnodiging


def _controleer(uitnodiging: Uitnodiging) -> Uitnodiging:
    """The gate decides (used? expired?); the refusal becomes a friendly page."""
    reden = mag(partij(uitnodiging), "tevredenheid.invullen", uitnodiging)
    if reden is None:
        return uitnodiging
    if uitnodiging.ingevuld_op is not None:
        raise Linkfout(
            "U hebt de vragenlijst al ingevuld",
            f"Dank u wel! Wij ontvingen uw antwoorden op "
            f"{opmaak.datum_lang(uitnodiging.ingevuld_op)}. U kunt de vragenlijst één keer "
            f"invullen.",
        )
    if uitnodiging.verloopt_op <= timezone.now():
        laatste = timezone.localtime(uitnodiging.verloopt_op).date()
        raise Linkfout(
            "Deze link is verlopen",
            f"U kon de vragenlijst invullen tot en met {opmaak.datum_lang(laatste)}. "
            f"Dank u wel voor uw moeite.",
        )
    raise Linkfout("Deze link werkt niet", reden, status=403)


def lees(tekst: str) -> Uitnodiging:
    """The invitation of token `tekst` that still opens the survey (else a Linkfout)."""
    return _controleer(_zoek(tekst))


# --- Filling in ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Antwoorden:
    cijfer: int
    meer_rust: str
    aanraden: str
    toelichting: str = ""


def _waar_hoort_het_bij(traject_id: int, dag: date) -> dict[str, Any]:
    """Gemeente, package on the day of filling in, and uitstroom reason: all an answer
    keeps of its traject."""
    return (
        Traject.objects.filter(pk=traject_id)
        .annotate(pakket_nu=pakket_op(dag, "pk", "afspraak__pakket"))
        .values("gemeente_id", "pakket_nu", "uitstroomreden")
        .get()
    )


@transaction.atomic
def vul_in(tekst: str, antwoorden: Antwoorden, *, vandaag: date | None = None) -> None:
    """Store the answers without a trace to the klant and use the link up; all or nothing.
    Returns nothing on purpose: the caller has no use for the answer's id."""
    uitnodiging = _controleer(_zoek(tekst, vergrendel=True))
    dag = vandaag or timezone.localdate()
    herkomst = _waar_hoort_het_bij(uitnodiging.traject_id, dag)
    Antwoord.objects.create(
        gemeente_id=herkomst["gemeente_id"],
        pakket=herkomst["pakket_nu"] or "",
        uitstroomreden=herkomst["uitstroomreden"] or "",
        kwartaal=Kwartaal.van_datum(dag).start,
        cijfer=antwoorden.cijfer,
        meer_rust=antwoorden.meer_rust,
        aanraden=antwoorden.aanraden,
        toelichting=antwoorden.toelichting.strip(),
    )
    uitnodiging.ingevuld_op = dag
    uitnodiging.save(update_fields=["ingevuld_op"])
