"""The court: the verzoek dwangakkoord (art. 287a Fw), the Wsnp-verzoek with the
285-verklaring, and the court's decision. Each is one transaction: the gate (catalogue rows
sr.dwangakkoord_bundel, sr.wsnp_verzoek, sr.uitspraak_vastleggen with their data checks),
the PDF stored as a klantplan ``Document``, the event row, and the product's own status
(trajecten.services.schuldregeling_stap) — all or nothing.

Order inside a write: our own event first, then the services we call (each locks the
traject again and reads its version fresh, so no stale copy of the traject is saved).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from klantplan.models import Document, Documentsoort, Schuld, Schuldstatus
from klantplan.schuldregeling import bundels
from klantplan.schuldregeling.models import Regeling
from klantplan.schuldregeling.selectors import instemming
from klantplan.schuldregeling.services.antwoorden import tekst
from klantplan.schuldregeling.services.kern import (
    Door,
    controleer_datum,
    onder_onderhandeling,
    onder_regeling,
    stap,
)
from klantplan.schuldregeling.services.lopend import beeindig_regeling
from klantplan.schuldregeling.workflow import TE_BINDEN, Kanaal, Richting
from klantplan.services.documenten import bewaar_document
from schuldhulp.keuzes import Keuzelijst
from trajecten.services import (
    Geweigerd,
    _controleer_datum,
    _leg_vast,
    beeindig_product,
    schuldregeling_stap,
    start_product,
)
from trajecten.workflow import Productsoort, Schuldregelingstatus

S = Schuldregelingstatus
RESULTAAT_WSNP = "Wsnp"  # the schuldbemiddeling's result when the court admits the client


class Uitspraak(Keuzelijst):
    DWANGAKKOORD_TOEGEWEZEN = "dwangakkoord_toegewezen", "Dwangakkoord toegewezen"
    DWANGAKKOORD_AFGEWEZEN = "dwangakkoord_afgewezen", "Dwangakkoord afgewezen"
    WSNP_TOEGELATEN = "wsnp_toegelaten", "Toegelaten tot de Wsnp"
    WSNP_AFGEWEZEN = "wsnp_afgewezen", "Wsnp-verzoek afgewezen"


DWANGAKKOORD_UITSPRAKEN = (Uitspraak.DWANGAKKOORD_TOEGEWEZEN, Uitspraak.DWANGAKKOORD_AFGEWEZEN)


def klein(label: str) -> str:
    """'Toegelaten tot de Wsnp' → 'toegelaten tot de Wsnp' (a name keeps its capital)."""
    return label[:1].lower() + label[1:]


def _bundel(
    regeling_id: int, handeling: str, soort: Documentsoort, door: Door, versie: int | None
) -> tuple[Regeling, Document]:
    """Lock, ask the gate, make and store the PDF, write the event row; then, when the
    proposal is still 'ingediend', record that the creditors turned it down (wijs_af)."""
    traject, regeling = onder_regeling(regeling_id, handeling, door, versie)
    vandaag = timezone.localdate()
    gemaakt = bundels.maak_pdf(soort, regeling, door)
    document = bewaar_document(traject=traject, door=door, soort=soort, **gemaakt)
    regeling.versie += 1
    regeling.save(update_fields=["versie"])
    stemmen = instemming(bundels.onderhandelingen(regeling))
    _leg_vast(
        traject,
        handeling,
        door=door,
        datum=vandaag,
        regeling=regeling.pk,
        document=document.pk,
        akkoord=stemmen.aantal_akkoord,
        schuldeisers=stemmen.aantal,
    )
    if regeling.product.schuldregeling_status == S.INGEDIEND:
        schuldregeling_stap(
            product_id=regeling.product_id,
            stap="wijs_af",
            door=door,
            datum=vandaag,
            toelichting="Niet alle schuldeisers stemden in.",
        )
    return regeling, document


@transaction.atomic
def maak_dwangakkoord_bundel(
    *, regeling_id: int, door: Door, versie: int | None = None
) -> Document:
    """The verzoek dwangakkoord as PDF; the product moves to 'dwangakkoord verzocht'."""
    regeling, document = _bundel(
        regeling_id, "sr.dwangakkoord_bundel", Documentsoort.DWANGAKKOORD, door, versie
    )
    schuldregeling_stap(
        product_id=regeling.product_id,
        stap="verzoek_dwangakkoord",
        door=door,
        datum=timezone.localdate(),
        toelichting=f"Verzoek dwangakkoord (art. 287a Fw), document {document.pk}.",
    )
    return document


@transaction.atomic
def maak_wsnp_verzoek(*, regeling_id: int, door: Door, versie: int | None = None) -> Document:
    """The Wsnp-verzoek with the 285-verklaring as PDF (the product keeps its status:
    'afgewezen', or 'dwangakkoord verzocht' when both go to the court together)."""
    _regeling, document = _bundel(
        regeling_id, "sr.wsnp_verzoek", Documentsoort.WSNP_VERZOEK, door, versie
    )
    return document


def _laatste_verzoek(regeling: Regeling, soort: Documentsoort) -> Document | None:
    return (
        Document.objects.filter(traject_id=regeling.traject_id, soort=soort)
        .only("pk", "gemaakt_op")
        .order_by("-gemaakt_op", "-pk")
        .first()
    )


def _controleer_uitspraak(regeling: Regeling, uitkomst: Uitspraak, datum: date) -> None:
    """What the outcome needs besides the catalogue row (which checks that a request is
    with the court at all)."""
    status = regeling.product.schuldregeling_status
    if uitkomst in DWANGAKKOORD_UITSPRAKEN:
        if status != S.DWANGAKKOORD_VERZOCHT:
            raise Geweigerd(
                "Er is geen verzoek om een dwangakkoord ingediend. Maak eerst het verzoek."
            )
        soort = Documentsoort.DWANGAKKOORD
    else:  # the Wsnp-verzoek is a document only (the product status does not say so)
        if status == S.DWANGAKKOORD_VERZOCHT:
            raise Geweigerd(
                "Leg eerst de uitspraak over het dwangakkoord vast; de rechtbank beslist "
                "daarover vóór het Wsnp-verzoek."
            )
        soort = Documentsoort.WSNP_VERZOEK
    verzoek = _laatste_verzoek(regeling, soort)
    if verzoek is None:
        wat = "verzoek dwangakkoord" if soort == Documentsoort.DWANGAKKOORD else "Wsnp-verzoek"
        raise Geweigerd(f"Er is geen {wat} gemaakt. Maak eerst het {wat}.")
    if datum < timezone.localdate(verzoek.gemaakt_op):
        raise Geweigerd("De datum van de uitspraak ligt voor de datum van het verzoek.")


def _bind_weigeraars(regeling: Regeling, door: Door, datum: date, toelichting: str) -> int:
    """Every creditor that did not agree is bound by the dwangakkoord: its negotiation
    moves through the one write path (no message: the court's decision is not a letter of
    or to the creditor; the event row records it)."""
    ids = list(
        regeling.onderhandelingen.filter(status__in=TE_BINDEN)
        .order_by("pk")
        .values_list("pk", "schuld_id")
    )
    for pk, _schuld_id in ids:
        traject, o = onder_onderhandeling(pk, "sr.dwangakkoord", door)
        stap(
            traject=traject,
            onderhandeling=o,
            handeling="sr.dwangakkoord",
            door=door,
            datum=datum,
            soort=None,
            richting=Richting.IN,
            kanaal=Kanaal.POST,
            toelichting=toelichting,
        )
    Schuld.objects.filter(pk__in=[s for _pk, s in ids]).update(status=Schuldstatus.AKKOORD)
    return len(ids)


@transaction.atomic
def leg_uitspraak_vast(
    *,
    regeling_id: int,
    door: Door,
    datum: date,
    uitkomst: str,
    kenmerk: str = "",
    toelichting: str = "",
    versie: int | None = None,
) -> Regeling:
    """The court's decision on the verzoek dwangakkoord or the Wsnp-verzoek, dated the day of
    the decision (recorded later: the backdating reason is that date)."""
    if uitkomst not in Uitspraak.values:
        raise Geweigerd("Kies de uitspraak van de rechtbank.")
    uitkomst = Uitspraak(uitkomst)
    kenmerk = tekst(kenmerk, "het kenmerk van de rechtbank", maximum=100)
    toelichting = tekst(toelichting, "de toelichting")
    traject, regeling = onder_regeling(regeling_id, "sr.uitspraak_vastleggen", door, versie)
    controleer_datum(regeling, datum)
    _controleer_uitspraak(regeling, uitkomst, datum)
    terug = "" if datum == timezone.localdate() else "Datum van de uitspraak van de rechtbank."
    _controleer_datum(traject, datum, terug)
    regeling.versie += 1
    regeling.save(update_fields=["versie"])
    _leg_vast(
        traject,
        "sr.uitspraak_vastleggen",
        door=door,
        datum=datum,
        toelichting=toelichting,
        reden_terugdatering=terug,
        regeling=regeling.pk,
        uitkomst=uitkomst.value,
        kenmerk=kenmerk,
    )
    omschrijving = f"Uitspraak rechtbank: {klein(uitkomst.label)}" + (
        f" ({kenmerk})" if kenmerk else ""
    )
    product_id = regeling.product_id
    if uitkomst in DWANGAKKOORD_UITSPRAKEN:
        schuldregeling_stap(
            product_id=product_id,
            stap=uitkomst.value,
            door=door,
            datum=datum,
            toelichting=omschrijving,
            reden_terugdatering=terug,
        )
        if uitkomst == Uitspraak.DWANGAKKOORD_TOEGEWEZEN:
            _bind_weigeraars(regeling, door, datum, omschrijving)
    elif uitkomst == Uitspraak.WSNP_TOEGELATEN:
        # The negotiation is over; the creditors written to hear so (lopend's path).
        beeindig_regeling(regeling_id=regeling.pk, door=door, datum=datum, reden=omschrijving)
        beeindig_product(
            product_id=product_id,
            door=door,
            datum=datum,
            resultaat=RESULTAAT_WSNP,
            reden_terugdatering=terug,
        )
        start_product(
            traject_id=traject.pk,
            soort=Productsoort.WSNP,
            door=door,
            datum=datum,
            toelichting=omschrijving,
            reden_terugdatering=terug,
        )
    return Regeling.objects.get(pk=regeling.pk)
