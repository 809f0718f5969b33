"""Outgoing e-mail through the outbox (``Emailbericht``): write, queue, send, retry, resend,
and the daily digest of new signaleringen.

A message is a row before it is a Celery message, so nothing is lost silently:
- :func:`schrijf` writes the row and queues it once the transaction commits. If the broker is
  down then, the row stays ``wachtend`` and :func:`opnieuw_in_wachtrij` (beat, every few
  minutes) queues it again; so does a killed worker (acks_late redelivers, the lock below keeps
  it single).
- :func:`verstuur` is one attempt under a row lock: sent → ``verzonden``; a temporary failure
  (connection, 4xx) raises :class:`TijdelijkeFout` for the task to retry with back-off; a
  permanent failure or the last attempt → ``mislukt`` with the reason, shown on the traject
  page and in beheer, where it can be sent again (:func:`opnieuw_versturen`).
Texts hold no personal data: dossier numbers and links only.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from schuldhulp import opmaak, wachtrij
from schuldhulp.models import Gebruiker
from schuldhulp.permissions import mag
from trajecten import selectors
from trajecten.models import Signalering, Traject
from trajecten.samenwerking.models import Emailbericht, Mailstatus
from trajecten.services import Geweigerd, poort

logger = logging.getLogger(__name__)

MAX_POGINGEN = 5  # attempts before a message is mislukt (the task retries in between)
OPNIEUW_NA = timedelta(minutes=10)  # a row still wachtend this long is queued again
MAX_REGELS = 50  # signaleringen listed in one digest; the rest as a count and a link


class TijdelijkeFout(Exception):
    """An attempt failed in a way a later attempt may not (the task retries)."""


class GeenAdres(ValueError):
    """The recipient has no address: permanent, nothing to retry."""


# --------------------------------------------------------------------------- writing, queueing


def schrijf(
    gebruiker: Gebruiker | None,
    *,
    onderwerp: str,
    tekst: str,
    trajecten: Iterable[Traject] = (),
    aan: str = "",
) -> Emailbericht:
    """Put a message for `gebruiker` in the outbox; it is queued when the transaction commits.
    Without `gebruiker`: a message to someone without an account (a creditor) at `aan`."""
    bericht = Emailbericht.objects.create(
        gebruiker=gebruiker,
        aan=aan or (gebruiker.email if gebruiker else ""),
        onderwerp=onderwerp[:200],
        tekst=tekst,
    )
    if trajecten := list(trajecten):
        bericht.trajecten.set(trajecten)
    in_wachtrij(bericht.pk)
    return bericht


def in_wachtrij(bericht_id: int) -> None:
    transaction.on_commit(lambda: naar_broker(bericht_id))


def naar_broker(bericht_id: int) -> bool:
    """Hand the message to Celery; False when the broker is unreachable (the row stays
    wachtend and :func:`opnieuw_in_wachtrij` tries again later)."""
    from trajecten.samenwerking import mailtasks

    return wachtrij.naar_broker(mailtasks.verstuur_email, bericht_id)


def opnieuw_in_wachtrij(*, ouder_dan: timedelta = OPNIEUW_NA, nu: datetime | None = None) -> int:
    """Queue again what is still wachtend after `ouder_dan` (broker outage, killed worker).
    Safe to overlap with a pending retry: :func:`verstuur` skips what is no longer wachtend."""
    grens = (nu or timezone.now()) - ouder_dan
    ids = Emailbericht.objects.filter(
        status=Mailstatus.WACHTEND, aangemaakt_op__lt=grens
    ).values_list("pk", flat=True)
    return sum(naar_broker(pk) for pk in list(ids[:1000]))


# --------------------------------------------------------------------------- sending


def _bericht(bericht: Emailbericht) -> EmailMessage:
    domein = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "schuldhulp.local"
    kenmerk = f"emailbericht-{bericht.pk}.{bericht.aangemaakt_op:%Y%m%d%H%M%S}"
    return EmailMessage(
        subject=bericht.onderwerp,
        body=bericht.tekst,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[bericht.aan],
        # One Message-ID per row: a receiver can recognise a message sent twice (a worker
        # killed after the server accepted it, before the status was saved).
        headers={
            "Message-ID": f"<{kenmerk}@{domein}>",
            "Auto-Submitted": "auto-generated",
        },
    )


def _reden(exc: BaseException) -> str:
    """A short Dutch reason for the page (the technical text follows on the next line)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "De mailserver weigerde het adres van de ontvanger."
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return "Aanmelden bij de mailserver is mislukt."
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return "De mailserver verbrak de verbinding."
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"De mailserver weigerde het bericht (code {exc.smtp_code})."
    if isinstance(exc, TimeoutError):
        return "De mailserver antwoordde niet op tijd."
    if isinstance(exc, OSError):
        return "De mailserver was niet bereikbaar."
    if isinstance(exc, GeenAdres):
        return str(exc)
    return "Onverwachte fout bij het versturen."


def _tijdelijk(exc: BaseException) -> bool:
    """Whether a later attempt may succeed: network trouble and 4xx answers, not a 5xx
    refusal, bad credentials or a bug."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _tekst in exc.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return False
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, OSError)  # incl. SMTPServerDisconnected, refused, timeout, DNS


def beschrijf_fout(exc: BaseException) -> str:
    return f"{_reden(exc)}\n{type(exc).__name__}: {exc}"[:2000]


def korte_reden(fout: str) -> str:
    return fout.splitlines()[0] if fout else ""


def verstuur(bericht_id: int) -> str:
    """One attempt to send a message from the outbox; returns its status afterwards.
    Raises :class:`TijdelijkeFout` when the task should try again later."""
    opnieuw: TijdelijkeFout | None = None
    with transaction.atomic():
        # The row lock makes a duplicate delivery (retry + requeue, redelivery after a
        # killed worker) wait, then see the new status and skip: sent once.
        bericht = Emailbericht.objects.select_for_update().filter(pk=bericht_id).first()
        if bericht is None:
            return "verdwenen"
        if bericht.status != Mailstatus.WACHTEND:
            return bericht.status
        bericht.pogingen += 1
        try:
            if not bericht.aan:
                raise GeenAdres("De ontvanger heeft geen e-mailadres.")
            _bericht(bericht).send(fail_silently=False)
        except Exception as exc:  # every failure is recorded on the row, none is swallowed
            bericht.fout = beschrijf_fout(exc)
            if _tijdelijk(exc) and bericht.pogingen < MAX_POGINGEN:
                opnieuw = TijdelijkeFout(korte_reden(bericht.fout))
            else:
                bericht.status = Mailstatus.MISLUKT
                logger.error(
                    "E-mailbericht %s mislukt na %s poging(en): %s",
                    bericht.pk,
                    bericht.pogingen,
                    korte_reden(bericht.fout),
                )
        else:
            bericht.status = Mailstatus.VERZONDEN
            bericht.verzonden_op = timezone.now()
            bericht.fout = ""
        bericht.save(update_fields=["status", "pogingen", "fout", "verzonden_op"])
    if opnieuw is not None:
        raise opnieuw
    return bericht.status


@transaction.atomic
def opnieuw_versturen(*, bericht_id: int, door: Gebruiker) -> Emailbericht:
    """Beheer: put a failed message back in the queue (the attempts count again)."""
    poort(door, "email.opnieuw", None)
    bericht = Emailbericht.objects.select_for_update().filter(pk=bericht_id).first()
    if bericht is None:
        raise Geweigerd("Deze e-mail bestaat niet meer.")
    if bericht.status != Mailstatus.MISLUKT:
        raise Geweigerd(
            f"Alleen een mislukte e-mail kan opnieuw worden verstuurd; deze is "
            f"'{bericht.get_status_display().lower()}'."
        )
    bericht.status = Mailstatus.WACHTEND
    bericht.pogingen = 0
    bericht.save(update_fields=["status", "pogingen"])  # fout stays until it is sent
    in_wachtrij(bericht.pk)
    return bericht


# --------------------------------------------------------------------------- daily digest


def _link(pad: str) -> str:
    return f"{settings.SCHULDHULP_BASIS_URL}{pad}"


def onderwerp_dagoverzicht(dag) -> str:
    return f"Schuldhulp: dagoverzicht {opmaak.datum(dag)}"


def _regel(s: Signalering) -> dict[str, str]:
    # Soort label and dossier number only: Signalering.tekst is designed without personal
    # data, but a digest that leaves the building takes no chance.
    return {
        "soort": s.get_soort_display(),
        "dossier": str(s.traject_id),
        "team": "" if s.gebruiker_id else " (voor het team)",
        "link": _link(reverse("traject_detail", args=[s.traject_id])),
    }


def dagoverzicht(gebruiker_id: int, *, nu: datetime | None = None) -> Emailbericht | None:
    """The digest for one user: the unread signaleringen visible to them since the last
    digest, in one message. Idempotent per user per day (the subject carries the date);
    nothing is written when there is nothing new."""
    nu = nu or timezone.now()
    dag = timezone.localdate(nu)
    onderwerp = onderwerp_dagoverzicht(dag)
    with transaction.atomic():
        gebruiker = Gebruiker.objects.select_for_update().filter(pk=gebruiker_id).first()
        if gebruiker is None or not (
            gebruiker.is_active and gebruiker.dagoverzicht and gebruiker.email
        ):
            return None
        if Emailbericht.objects.filter(
            gebruiker=gebruiker, onderwerp__startswith=onderwerp
        ).exists():
            return None
        nieuw = selectors.ongelezen_signaleringen(gebruiker).filter(aangemaakt_op__lte=nu)
        if gebruiker.dagoverzicht_tot:
            nieuw = nieuw.filter(aangemaakt_op__gt=gebruiker.dagoverzicht_tot)
        signaleringen = list(nieuw.order_by("aangemaakt_op", "pk")[: MAX_REGELS + 1])
        if not signaleringen:
            return None
        totaal = len(signaleringen) if len(signaleringen) <= MAX_REGELS else nieuw.count()
        getoond = signaleringen[:MAX_REGELS]
        tekst = render_to_string(
            "samenwerking/mail/dagoverzicht.txt",
            {
                "regels": [_regel(s) for s in getoond],
                "totaal": totaal,
                "meer": totaal - len(getoond),
                "signaleringen": _link(reverse("signaleringen")),
                "instellingen": _link(reverse("mijn_instellingen")),
            },
        )
        meervoud = "signalering" if totaal == 1 else "signaleringen"
        bericht = schrijf(
            gebruiker,
            onderwerp=f"{onderwerp} ({totaal} nieuwe {meervoud})",
            tekst=tekst,
            trajecten=Traject.objects.filter(pk__in={s.traject_id for s in getoond}),
        )
        gebruiker.dagoverzicht_tot = nu
        gebruiker.save(update_fields=["dagoverzicht_tot"])
    return bericht


def dagoverzichten(*, nu: datetime | None = None) -> int:
    """Every opted-in active user with an address; one transaction each. Returns the
    number of digests written."""
    nu = nu or timezone.now()
    ids = (
        Gebruiker.objects.filter(is_active=True, dagoverzicht=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return sum(dagoverzicht(pk, nu=nu) is not None for pk in list(ids))


def zet_dagoverzicht(*, gebruiker: Gebruiker, aan: bool) -> None:
    """The user's own choice. The first digest lists every unread signalering (at most
    MAX_REGELS, then a count); later ones what came after the previous digest."""
    if aan and (reden := mag(gebruiker, "dossiers.inzien")):
        raise Geweigerd(f"{reden} Er is dus geen dagoverzicht voor u.")
    if aan and not gebruiker.email:
        raise Geweigerd(
            "Er staat geen e-mailadres bij uw account. Vraag de functioneel beheerder het "
            "in te vullen."
        )
    gebruiker.dagoverzicht = aan
    gebruiker.save(update_fields=["dagoverzicht"])
