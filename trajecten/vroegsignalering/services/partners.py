"""Signal partners: their API tokens (only a hash is stored) and the signals they deliver."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from schuldhulp import audit
from schuldhulp.models import Gemeente
from trajecten.services import Geweigerd
from trajecten.vroegsignalering.models import Bron, SignaalPartner, Vroegsignaal
from trajecten.vroegsignalering.services.groepering import sla_signalen_op
from trajecten.vroegsignalering.services.toegang import vergrendel_gemeente
from trajecten.vroegsignalering.validatie import SignaalGegevens


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _nieuw_token() -> str:
    return "vs_" + secrets.token_urlsafe(32)


@transaction.atomic
def maak_partner(
    *, naam: str, soort: str, gemeenten: Iterable[Gemeente]
) -> tuple[SignaalPartner, str]:
    """A new signal partner; returns the token (shown once, only its hash is stored)."""
    naam = naam.strip()
    if not naam:
        raise Geweigerd("Geef de naam van de partner op.")
    if SignaalPartner.objects.filter(naam__iexact=naam).exists():
        raise Geweigerd(f"Er is al een signaalpartner met de naam '{naam}'.")
    partner = SignaalPartner(naam=naam, soort=soort)
    token = zet_token(partner=partner)
    try:
        partner.full_clean(exclude=["token_hash", "token_begin"])
    except ValidationError as exc:
        raise Geweigerd(" ".join(exc.messages)) from exc
    partner.save()
    partner.gemeenten.set(list(gemeenten))
    return partner, token


def zet_token(*, partner: SignaalPartner) -> str:
    """Give `partner` a new token (the old one stops working when saved)."""
    token = _nieuw_token()
    partner.token_hash = _hash_token(token)
    partner.token_begin = token[:10]
    return token


@transaction.atomic
def vernieuw_token(*, partner_id: int) -> str:
    partner = SignaalPartner.objects.select_for_update().get(pk=partner_id)
    token = zet_token(partner=partner)
    partner.save(update_fields=["token_hash", "token_begin"])
    return token


def partner_voor_token(token: str) -> SignaalPartner | None:
    """The active partner with this token, or None. Only hashes are compared."""
    if not token or len(token) > 200:
        return None
    partner = SignaalPartner.objects.filter(token_hash=_hash_token(token), actief=True).first()
    if partner is not None:
        SignaalPartner.objects.filter(pk=partner.pk).update(laatst_gebruikt_op=timezone.now())
    return partner


@dataclass
class Ontvangst:
    signaal: Vroegsignaal
    nieuw: bool


@transaction.atomic
def ontvang_api_signaal(
    *, partner: SignaalPartner, gemeente: Gemeente, gegevens: SignaalGegevens
) -> Ontvangst:
    """Store one signal from the API. The same (partner, signaal_id) again: the first one."""
    if not partner.gemeenten.filter(pk=gemeente.pk).exists():
        raise Geweigerd("U mag geen signalen leveren voor deze gemeente.")
    vergrendel_gemeente(gemeente.pk)
    bestaand = Vroegsignaal.objects.filter(
        partner=partner, partner_signaal_id=gegevens.partner_signaal_id
    ).first()
    if bestaand is not None:
        return Ontvangst(signaal=bestaand, nieuw=False)
    try:
        with transaction.atomic():
            signalen, _ = sla_signalen_op(
                gemeente.pk, [gegevens], bron=Bron.API, met_sleutels=False, partner=partner
            )
    except IntegrityError:
        # The same signal id for another gemeente at the same moment: the first one wins.
        bestaand = Vroegsignaal.objects.filter(
            partner=partner, partner_signaal_id=gegevens.partner_signaal_id
        ).first()
        if bestaand is None:
            raise
        return Ontvangst(signaal=bestaand, nieuw=False)
    signaal = signalen[0]
    audit.import_uitgevoerd(
        request=None,
        soort="vroegsignaal-api",
        gemeente_id=gemeente.pk,
        omschrijving=(
            f"Vroegsignaal {signaal.pk} van signaalpartner {partner.pk} (zaak {signaal.zaak_id})"
        ),
    )
    return Ontvangst(signaal=signaal, nieuw=True)
