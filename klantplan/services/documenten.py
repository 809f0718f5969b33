"""The documents for the klant: made as PDF, stored as sent, the actielijst mailed."""

from __future__ import annotations

import hashlib
import logging

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from klantplan.models import (
    Document,
    Documentsoort,
    Gesprek,
    Klantplan,
    Voorstel,
)
from klantplan.services.fouten import Geweigerd
from klantplan.services.toegang import controleer_toegang
from klantplan.services.vergrendelen import vergrendel_traject
from schuldhulp import audit
from schuldhulp.models import Gebruiker
from trajecten.models import Traject

logger = logging.getLogger(__name__)


def bewaar_document(
    *,
    traject: Traject,
    door: Gebruiker,
    soort: str,
    titel: str,
    pdf: bytes,
    bestandsnaam: str,
    klantplan: Klantplan | None = None,
    gesprek: Gesprek | None = None,
    voorstel: Voorstel | None = None,
) -> Document:
    """Store a produced PDF exactly as made (called inside the producing transaction)."""
    if not pdf:
        raise Geweigerd("Het document is leeg; er is niets opgeslagen.")
    document = Document.objects.create(
        traject=traject,
        soort=soort,
        titel=titel[:200],
        klantplan=klantplan,
        gesprek=gesprek,
        voorstel=voorstel,
        bestandsnaam=bestandsnaam[:200],
        inhoud=pdf,
        grootte=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
        gemaakt_door=door,
    )
    audit.export_gemaakt(
        request=None,
        soort=f"document:{soort}",
        gemeente_id=traject.gemeente_id,
        gebruiker=door,
        omschrijving=f"Traject {traject.pk}, klant {traject.klant_id}, document {document.pk}",
    )
    return document


@transaction.atomic
def maak_document(
    *,
    traject: Traject,
    door: Gebruiker,
    soort: str,
    klantplan_id: int | None = None,
    gesprek_id: int | None = None,
    voorstel_id: int | None = None,
) -> Document:
    """Produce one of the klant documents as PDF and record it."""
    from klantplan import documenten

    traject = vergrendel_traject(traject.pk)
    controleer_toegang(traject, door, "document.maken")
    gemaakt = documenten.maak(
        traject=traject,
        door=door,
        soort=Documentsoort(soort),
        klantplan_id=klantplan_id,
        gesprek_id=gesprek_id,
        voorstel_id=voorstel_id,
    )
    return bewaar_document(traject=traject, door=door, soort=soort, **gemaakt)


@transaction.atomic
def verstuur_actielijst(
    *, traject: Traject, door: Gebruiker, gesprek_id: int | None = None, aan: str = ""
) -> Document:
    """Make the actielijst and e-mail it to the klant (after the transaction commits)."""
    traject = vergrendel_traject(traject.pk)
    controleer_toegang(traject, door, "document.maken")
    adres = (aan or traject.klant.email or "").strip()
    if not adres:
        raise Geweigerd(
            "Van deze klant is geen e-mailadres bekend. Vul het e-mailadres in bij de "
            "klantgegevens, of print de actielijst."
        )
    document = maak_document(
        traject=traject, door=door, soort=Documentsoort.ACTIELIJST, gesprek_id=gesprek_id
    )
    document.verzonden_aan = adres
    document.save(update_fields=["verzonden_aan"])
    from klantplan import documenten

    # Signed by the klant's vaste contactpersoon, the name the actielijst itself gives
    # (with nobody assigned on that side: the organisation).
    contact = documenten.contactpersoon(traject)
    afzender = contact["naam"] if traject.contactpersoon else contact["organisatie"]
    transaction.on_commit(lambda: _mail_actielijst(document.pk, adres, afzender))
    return document


def _mail_actielijst(document_id: int, adres: str, afzender: str) -> None:
    from django.template.loader import render_to_string

    document = Document.objects.select_related("traject__klant", "traject__gemeente").get(
        pk=document_id
    )
    bericht = EmailMessage(
        subject="Uw actielijst: wat gaan we doen?",
        body=render_to_string(
            "klantplan/mail/actielijst.txt",
            {"klant": document.traject.klant, "afzender": afzender, "traject": document.traject},
        ),
        to=[adres],
    )
    bericht.attach(document.bestandsnaam, bytes(document.inhoud), "application/pdf")
    try:
        bericht.send(fail_silently=False)
    except Exception as exc:  # the mail server may be down; the document itself is kept
        logger.exception("Actielijst %s kon niet worden gemaild", document_id)
        Document.objects.filter(pk=document_id).update(
            verzendfout=f"Niet verstuurd: {exc.__class__.__name__}"[:300]
        )
        return
    Document.objects.filter(pk=document_id).update(verzonden_op=timezone.now())
