"""The reminder job: every working day (Celery beat, klantplan.schuldregeling.tasks), each
negotiation that waits on the creditor (``WACHT_OP_SCHULDEISER``) and whose term
(``Onderhandeling.termijn_tot``, the last day to answer) has passed gets its next step:

- no reminder yet for this question → reminder 1 (letter, and an e-mail with a fresh portal
  link when the creditor has an address), new term ``schuldeiser-herinnering``;
- reminder 1 sent → reminder 2 (the last), new term;
- reminder 2 sent → ``sr.geen_reactie`` (state change) and a signal to the klantregisseur.

All through the one write path (kern.onder_onderhandeling + kern.stap) as the system
(``SYSTEEMPARTIJ``), one transaction per negotiation. Idempotent: the negotiation is
re-read under the traject lock (a rerun sees the new term and does nothing), a reminder for
a question is looked up before it is written, and the database refuses a second reminder
with the same number (``bericht_herinnering_eenmaal``; the number is derived from the
question, see :func:`volgnummer`). A missed day is caught up (the term "passed", not "passed
yesterday"); one failing dossier is logged and the others go on; a broker outage only delays
the e-mail (the outbox row waits, trajecten.samenwerking.mail).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from klantplan.schuldregeling import brieven, termijnen
from klantplan.schuldregeling.models import Bericht, Onderhandeling
from klantplan.schuldregeling.services import portaal
from klantplan.schuldregeling.services.kern import onder_onderhandeling, stap
from klantplan.schuldregeling.workflow import (
    WACHT_OP_SCHULDEISER,
    Berichtsoort,
    Kanaal,
    Regelingfase,
    Richting,
)
from schuldhulp import opmaak
from schuldhulp.extern import SYSTEEMPARTIJ
from schuldhulp.pakketten import Partij
from trajecten.models import Signaleringsoort, Traject
from trajecten.samenwerking import mail, signalen
from trajecten.services import Geweigerd

logger = logging.getLogger(__name__)

# The questions a term runs on (versturen.VRAGEN): the reminder is about the latest one.
VRAGEN = tuple(brieven.VRAAG)


@dataclass
class Uitkomst:
    herinneringen: int = 0
    geen_reactie: int = 0
    overgeslagen: int = 0  # nothing to do any more (answered meanwhile, a rerun)
    mislukt: list[int] = field(default_factory=list)  # negotiation ids, logged

    def als_dict(self) -> dict[str, int]:
        return {
            "herinneringen": self.herinneringen,
            "geen_reactie": self.geen_reactie,
            "overgeslagen": self.overgeslagen,
            "mislukt": len(self.mislukt),
        }


def verlopen(vandaag: date) -> list[int]:
    """The negotiations whose term passed before `vandaag` and that still wait (partial
    index ``onderhandeling_wacht_idx``), of running regelingen of open trajecten."""
    return list(
        Onderhandeling.objects.filter(
            status__in=WACHT_OP_SCHULDEISER,
            termijn_tot__lt=vandaag,
            regeling__fase=Regelingfase.ONDERHANDELING,
            traject__in=Traject.objects.lopend(),
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def verstuur_herinneringen(*, vandaag: date | None = None) -> Uitkomst:
    """The daily run (safe to run twice, and to run after a missed day)."""
    vandaag = vandaag or timezone.localdate()
    uitkomst = Uitkomst()
    for pk in verlopen(vandaag):
        try:
            gedaan = behandel(pk, vandaag)
        except IntegrityError:  # a second writer sent this reminder first: nothing to do
            logger.info("Herinnering voor onderhandeling %s was al verstuurd", pk)
            gedaan = ""
        except Exception:  # one dossier never stops the others: logged, tried again tomorrow
            logger.exception("Herinnering voor onderhandeling %s mislukt", pk)
            uitkomst.mislukt.append(pk)
            continue
        if gedaan == "herinnering":
            uitkomst.herinneringen += 1
        elif gedaan == "geen_reactie":
            uitkomst.geen_reactie += 1
        else:
            uitkomst.overgeslagen += 1
    logger.info("Herinneringen schuldregeling %s: %s", vandaag.isoformat(), uitkomst.als_dict())
    return uitkomst


def laatste_vraag(o: Onderhandeling) -> Bericht | None:
    return (
        o.berichten.filter(richting=Richting.UIT, soort__in=VRAGEN)
        .order_by("-datum", "-pk")
        .first()
    )


def volgnummer(o: Onderhandeling, vraag: Bericht, nummer: int) -> int:
    """The reminder's number in the negotiation, derived from its question: reminders 1 and
    2 of the k-th question are 2k-1 and 2k. Deterministic, so the unique constraint on
    (negotiation, herinnering, volgnummer) refuses a duplicate even from a second writer."""
    k = o.berichten.filter(richting=Richting.UIT, soort__in=VRAGEN, pk__lte=vraag.pk).count()
    return (k - 1) * termijnen.HERINNERINGEN + nummer


@transaction.atomic
def behandel(onderhandeling_id: int, vandaag: date) -> str:
    """One negotiation's next step; returns 'herinnering', 'geen_reactie' or '' (nothing)."""
    gestuurd = (
        Onderhandeling.objects.filter(pk=onderhandeling_id)
        .values_list("herinneringen", flat=True)
        .first()
    )
    if gestuurd is None:
        return ""
    # Chosen before the lock (the gate asks for one row), checked again after it.
    handeling = "sr.geen_reactie" if gestuurd >= termijnen.HERINNERINGEN else "sr.herinnering"
    try:
        traject, o = onder_onderhandeling(onderhandeling_id, handeling, SYSTEEMPARTIJ)
    except Geweigerd:
        return ""  # answered, closed or moved on since the list was made
    # Re-read under the lock: a rerun or a parallel run finds the new term and stops here.
    if o.termijn_tot is None or o.termijn_tot >= vandaag or o.herinneringen != gestuurd:
        return ""
    if handeling == "sr.geen_reactie":
        return _geen_reactie(traject, o, vandaag)
    return _herinner(traject, o, vandaag)


def _herinner(traject: Traject, o: Onderhandeling, vandaag: date) -> str:
    vraag = laatste_vraag(o)
    if vraag is None:
        return ""
    nummer = o.herinneringen + 1
    al = o.berichten.filter(
        soort=Berichtsoort.HERINNERING, inhoud__vraag_bericht=vraag.pk, inhoud__herinnering=nummer
    )
    if al.exists():  # sent before (a row changed by hand?): never twice
        return ""
    termijn = termijnen.eind_termijn(Berichtsoort.HERINNERING, traject.gemeente_id, vandaag)
    inhoud = {
        **{k: v for k, v in vraag.inhoud.items() if k != "termijn_tot"},
        "vraag": vraag.soort,
        "vraag_bericht": vraag.pk,
        "vraag_datum": vraag.datum.isoformat(),
        "oude_termijn": o.termijn_tot.isoformat(),
        "herinnering": nummer,
        "termijn_tot": termijn.isoformat() if termijn else None,
        "email": bool(o.schuld.schuldeiser.email),
    }
    bericht = stap(
        traject=traject,
        onderhandeling=o,
        handeling="sr.herinnering",
        door=SYSTEEMPARTIJ,
        datum=vandaag,
        soort=Berichtsoort.HERINNERING,
        richting=Richting.UIT,
        kanaal=Kanaal.BRIEF,
        inhoud=inhoud,
        volgnummer=volgnummer(o, vraag, nummer),
        toelichting=f"Herinnering {nummer}: {vraag.get_soort_display().lower()} van "
        f"{opmaak.datum(vraag.datum)} niet beantwoord.",
    )
    assert bericht is not None
    o.termijn_tot, o.herinneringen = termijn, nummer
    o.save(update_fields=["termijn_tot", "herinneringen"])
    link = portaal.maak_link(bericht)
    brieven.maak_brief(bericht)
    if o.schuld.schuldeiser.email:
        _mail(traject, o, bericht, link)
    return "herinnering"


def _mail(traject: Traject, o: Onderhandeling, bericht: Bericht, link) -> None:
    """The reminder by e-mail with the fresh link (the outbox: queued after commit, kept
    when the broker is down). No client name or amount: the dossier number and links."""
    inhoud = bericht.inhoud
    vraag = brieven.VRAAG.get(inhoud["vraag"], "een vraag")
    tekst = render_to_string(
        "schuldregeling/brieven/herinnering_email.txt",
        {
            "organisatie": traject.gemeente.organisatie.naam,
            "dossier": traject.pk,
            "kenmerk": inhoud.get("kenmerk", ""),
            "vraag": vraag,
            "vraag_datum": opmaak.datum_lang(date.fromisoformat(inhoud["vraag_datum"])),
            "termijn": opmaak.datum_lang(o.termijn_tot) if o.termijn_tot else "",
            "link": brieven.portaal_url(link),
            # verloopt_op is midnight after the last day (services.portaal.geldig_tot)
            "geldig_tot": opmaak.datum_lang(
                (timezone.localtime(link.verloopt_op) - timedelta(microseconds=1)).date()
            ),
            "laatste": inhoud["herinnering"] >= termijnen.HERINNERINGEN,
        },
    )
    kenmerk = f" (uw kenmerk {inhoud['kenmerk']})" if inhoud.get("kenmerk") else ""
    mail.schrijf(
        None,
        aan=o.schuld.schuldeiser.email,
        onderwerp=f"Herinnering: {vraag}, dossier {traject.pk}{kenmerk}",
        tekst=tekst,
        trajecten=[traject],
    )


def _geen_reactie(traject: Traject, o: Onderhandeling, vandaag: date) -> str:
    stap(
        traject=traject,
        onderhandeling=o,
        handeling="sr.geen_reactie",
        door=SYSTEEMPARTIJ,
        datum=vandaag,
        soort=None,
        richting=Richting.IN,
        kanaal=Kanaal.BRIEF,
        toelichting=f"Geen antwoord na {termijnen.HERINNERINGEN} herinneringen.",
    )
    o.termijn_tot = None
    o.save(update_fields=["termijn_tot"])
    # The klantregisseur decides what next (a new saldoverzoek, the client's amount, a
    # dwangakkoord): their person on the traject, else the Stadsbank's team.
    signalen.voor_aan_zet(
        traject,
        partij=Partij.STADSBANK,
        soort=Signaleringsoort.OVERSCHREDEN,
        tekst=f"Schuldregeling: een schuldeiser antwoordde niet na "
        f"{termijnen.HERINNERINGEN} herinneringen (geen reactie), dossier {traject.pk}",
        sleutel=f"sr-geen-reactie-{o.pk}-{vandaag.isoformat()}",
    )
    return "geen_reactie"
