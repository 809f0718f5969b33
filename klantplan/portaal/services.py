"""What the klant does on the portal, and the worker's answer: each asks the gate under the
traject's row lock, writes, logs and tells the person aan zet (werkvoorraad)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from klantplan.models import Actie
from klantplan.portaal import sessie
from klantplan.portaal.models import MAX_TEKST, Bericht
from klantplan.services.acties import markeer_actie
from klantplan.services.vergrendelen import vergrendel_traject
from schuldhulp import audit
from schuldhulp.models import Gebruiker, Klant
from schuldhulp.permissions import mag
from trajecten.models import Signaleringsoort, Traject
from trajecten.samenwerking import mail, signalen
from trajecten.services import Geweigerd

MELDING_ONDERWERP = "Er staat een bericht voor u klaar"
# No content in the mail (it may be read by others): only that there is something to read.
MELDING_TEKST = (
    "Beste klant,\n\n"
    "Er staat een bericht voor u klaar in Mijn Schuldhulp. Log in met DigiD om het te lezen:\n"
    "{link}\n\n"
    "Met vriendelijke groet,\n{organisatie}"
)


class TeVeel(Geweigerd):
    """Too many messages in a short time (HTTP 429)."""


def _tekst(tekst: str) -> str:
    tekst = (tekst or "").strip()
    if not tekst:
        raise Geweigerd("Schrijf eerst uw bericht.")
    if len(tekst) > MAX_TEKST:
        raise Geweigerd(
            f"Uw bericht is te lang: {len(tekst)} tekens. Het mag maximaal {MAX_TEKST} tekens "
            "zijn. Maak het korter, of stuur een brief als stuk mee."
        )
    return tekst


def _vertel_aan_zet(traject: Traject, *, soort: str, tekst: str, sleutel: str) -> None:
    signalen.voor_aan_zet(
        traject, soort=soort, tekst=f"{tekst} (dossier {traject.pk})", sleutel=sleutel
    )


@transaction.atomic
def vink_af(*, actie_id: int, klant: Klant) -> Actie:
    """The klant ticks off one of its own actions; the person aan zet sees it."""
    actie = markeer_actie(
        actie_id=actie_id, door=sessie.partij(klant), gedaan_op=timezone.localdate()
    )
    _vertel_aan_zet(
        actie.traject,
        soort=Signaleringsoort.KLANTACTIE,
        tekst="De klant heeft een actie afgevinkt",
        sleutel=f"klantactie-{actie.pk}-{actie.gedaan_op.isoformat()}",
    )
    return actie


@transaction.atomic
def stuur_bericht(*, traject_id: int, klant: Klant, tekst: str) -> Bericht:
    traject = vergrendel_traject(traject_id)
    partij = sessie.partij(klant)
    if reden := mag(partij, "portaal.bericht_sturen", traject):
        raise Geweigerd(reden)
    tekst = _tekst(tekst)
    # Under the traject's lock, so two tabs at once count each other.
    sinds = timezone.now() - timedelta(minutes=1)
    recent = Bericht.objects.filter(klant=klant, van_klant=True, aangemaakt_op__gte=sinds)
    if recent.count() >= settings.PORTAAL_BERICHTEN_PER_MINUUT:
        raise TeVeel(
            "U heeft net veel berichten gestuurd. Wacht een minuut en probeer het dan opnieuw. "
            "Is het dringend? Bel dan uw contactpersoon."
        )
    bericht = Bericht.objects.create(traject=traject, van_klant=True, klant=klant, tekst=tekst)
    audit.dossier_aangemaakt(request=None, obj=bericht, gebruiker=partij)
    _vertel_aan_zet(
        traject,
        soort=Signaleringsoort.KLANTBERICHT,
        tekst="Nieuw bericht van de klant",
        sleutel=f"klantbericht-{bericht.pk}",
    )
    return bericht


@transaction.atomic
def beantwoord(*, traject_id: int, door: Gebruiker, tekst: str) -> Bericht:
    """A worker answers in the dossier: the klant's messages count as read, and the klant
    (and partner) get a mail without content."""
    traject = vergrendel_traject(traject_id)
    if reden := mag(door, "portaal.bericht_beantwoorden", traject):
        raise Geweigerd(reden)
    bericht = Bericht.objects.create(
        traject=traject, van_klant=False, door=door, tekst=_tekst(tekst)
    )
    Bericht.objects.filter(traject=traject, van_klant=True, gelezen_op__isnull=True).update(
        gelezen_op=timezone.now()
    )
    audit.dossier_aangemaakt(request=None, obj=bericht, gebruiker=door)
    partner = getattr(getattr(traject, "huishouden", None), "partner", None)
    for persoon in (traject.klant, partner):
        if persoon is not None and persoon.email:
            mail.schrijf(
                None,
                onderwerp=MELDING_ONDERWERP,
                tekst=MELDING_TEKST.format(
                    link=f"{settings.SCHULDHULP_BASIS_URL}{settings.PORTAAL_PREFIX}",
                    organisatie=traject.gemeente.organisatie.naam,
                ),
                aan=persoon.email,
                trajecten=[traject],
            )
    return bericht


def berichten_gelezen(*, traject: Traject, klant: Klant) -> None:
    """The klant opened the messages: the answers count as read."""
    Bericht.objects.filter(traject=traject, van_klant=False, gelezen_op__isnull=True).update(
        gelezen_op=timezone.now()
    )
