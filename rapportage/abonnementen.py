"""Subscriptions to a gemeente's report: subscribe, unsubscribe, and the e-mail when a new
version is klaar. The mail holds a link only: no figures, no personal data (it leaves the
building; the figures stay behind the login and the gate)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from rapportage.models import Abonnement, Kwartaalrapportage
from schuldhulp.models import Gebruiker, Gemeente
from schuldhulp.permissions import can_do, vereis


def _vereis_recht(gebruiker: Gebruiker, gemeente: Gemeente | None) -> None:
    if gemeente is None:
        vereis(gebruiker, "rapportage.stadsbank")
        vereis(gebruiker, "rapportage.abonneren")
    else:
        vereis(gebruiker, "rapportage.abonneren", gemeente)


def is_geabonneerd(gebruiker: Gebruiker, gemeente: Gemeente | None) -> bool:
    return Abonnement.objects.filter(gebruiker=gebruiker, gemeente=gemeente).exists()


def zet(*, gebruiker: Gebruiker, gemeente: Gemeente | None, aan: bool) -> bool:
    """Subscribe (`aan`) or unsubscribe; idempotent. Returns whether subscribed now."""
    _vereis_recht(gebruiker, gemeente)
    if aan:
        Abonnement.objects.get_or_create(gebruiker=gebruiker, gemeente=gemeente)
    else:
        Abonnement.objects.filter(gebruiker=gebruiker, gemeente=gemeente).delete()
    return aan


def _mag_nog(gebruiker: Gebruiker, rapportage: Kwartaalrapportage) -> bool:
    """The gate again at sending time: someone who lost the gemeente gets no mail."""
    if rapportage.gemeente_id is None:
        return can_do(gebruiker, "rapportage.stadsbank")
    return can_do(gebruiker, "rapportage.abonneren", rapportage.gemeente)


def meld_klaar(rapportage: Kwartaalrapportage) -> int:
    """Called in the transaction that marks `rapportage` klaar: one message per subscriber
    through the outbox (sent after commit, retried, visible in beheer). Returns how many."""
    from trajecten.samenwerking import mail

    abonnees = Gebruiker.objects.filter(
        rapportabonnementen__gemeente_id=rapportage.gemeente_id, is_active=True
    ).exclude(email="")
    link = f"{settings.SCHULDHULP_BASIS_URL}{reverse('rapportage_detail', args=[rapportage.pk])}"
    onderwerp = (
        f"Schuldhulp: kwartaalrapportage {rapportage.onderwerp}, {rapportage.periode.naam} "
        f"(versie {rapportage.versie}) staat klaar"
    )
    tekst = render_to_string(
        "rapportage/mail/rapportage_klaar.txt",
        {
            "rapportage": rapportage,
            "link": link,
            "instellingen": f"{settings.SCHULDHULP_BASIS_URL}{reverse('rapportage_dashboard')}",
        },
    )
    aantal = 0
    for gebruiker in abonnees:
        if _mag_nog(gebruiker, rapportage):
            mail.schrijf(gebruiker, onderwerp=onderwerp, tekst=tekst)
            aantal += 1
    return aantal
