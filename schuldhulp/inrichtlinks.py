"""One-time links to enrol the second factor (issue 17, point 1; ADR 0015).

Nobody enrols an authenticator app with only a password: a beheerder (or, for the very first
account, whoever runs ``manage.py inrichtlink``) makes a link for one account, valid for
``INRICHTLINK_GELDIG_UREN`` and usable once. Only a hash of the token is stored.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from schuldhulp import audit, opmaak
from schuldhulp.modellen_toegang import Inrichtlink
from schuldhulp.models import Gebruiker
from schuldhulp.permissions import vereis

NIET_GELDIG = (
    "Deze inrichtlink werkt niet (meer): hij is al gebruikt, verlopen of vervangen door een "
    "nieuwere. Vraag uw beheerder om een nieuwe link."
)
ANDER_ACCOUNT = (
    "Deze inrichtlink hoort bij een ander account. Log uit en log in met het account waarvoor "
    "u de link kreeg."
)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def maak(
    *, gebruiker: Gebruiker, door: Gebruiker | None, request: HttpRequest | None = None
) -> str:
    """A new link for `gebruiker` (the token, to put in the URL; shown once). Older unused
    links of the account stop working. `door` None: from the command line."""
    if door is not None:
        vereis(door, "tweestaps.inrichtlink", gebruiker)
    nu = timezone.now()
    Inrichtlink.objects.filter(gebruiker=gebruiker, gebruikt_op__isnull=True).update(verloopt_op=nu)
    # A fresh secret for every link: an unconfirmed app from before (its QR code seen by who
    # knows) never becomes the account's second factor.
    TOTPDevice.objects.filter(user=gebruiker, confirmed=False).delete()
    token = secrets.token_urlsafe(32)
    link = Inrichtlink.objects.create(
        gebruiker=gebruiker,
        token_hash=_hash(token),
        gemaakt_door=door,
        verloopt_op=nu + timedelta(hours=settings.INRICHTLINK_GELDIG_UREN),
    )
    tot = opmaak.datum_tijd(timezone.localtime(link.verloopt_op))
    audit.account_gebeurtenis(
        request=request,
        gebruiker=gebruiker,
        soort="gebruiker-inrichtlink",
        omschrijving=f"Inrichtlink voor tweestapsverificatie gemaakt, geldig tot {tot}"
        + ("" if door else " (beheercommando)"),
        door=door,
    )
    return token


def zoek(token: str) -> Inrichtlink | None:
    return Inrichtlink.objects.filter(token_hash=_hash(token)).first()


def reden_ongeldig(link: Inrichtlink | None, gebruiker: Gebruiker) -> str | None:
    """Why this link cannot enrol `gebruiker` (None: it can)."""
    if link is None or not link.bruikbaar:
        return NIET_GELDIG
    if link.gebruiker_id != gebruiker.pk:
        return ANDER_ACCOUNT
    return None


def gebruik(link: Inrichtlink) -> bool:
    """Mark the link used; False when another request used it first (single use)."""
    return bool(
        Inrichtlink.objects.filter(
            pk=link.pk, gebruikt_op__isnull=True, verloopt_op__gt=timezone.now()
        ).update(gebruikt_op=timezone.now())
    )
