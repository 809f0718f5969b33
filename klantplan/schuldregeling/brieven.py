"""The letters to creditors: a PDF per message type in plain language (B1: short sentences,
the legal text in an annex), stored on the message with its checksum (the PDF as sent), and
put in the print batch of the day it was made (``printdatum``).

The text per message type is a template ``schuldregeling/brieven/<soort>.html`` (all extend
``_brief.html``); a type without one gets the general letter (``_algemeen.html``). The
figures come from the message's payload (``Bericht.inhoud``, what a Schuldenknooppunt
message would carry), so a letter says what was sent even when the negotiation moved on.

The print batch: every letter of one day for the gemeenten a klantregisseur works for, as
one PDF of the stored letters (not rendered again: what is printed is what was checksummed).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO
from typing import Any

import segno
from django.db.models import Count, QuerySet, Sum
from django.template.loader import select_template
from django.utils import timezone
from django.utils.dateparse import parse_date

from klantplan.documenten import contactpersoon
from klantplan.models import Voorstel, Voorstelsoort
from klantplan.schuldregeling.models import Bericht, Betaalrichting, Betaling
from klantplan.schuldregeling.termijnen import HERINNERINGEN
from klantplan.schuldregeling.workflow import Berichtsoort, Richting
from schuldhulp.pdf import render_to_pdf

# The question a reminder is about, as the letter names it ("Op 3 maart stuurden wij u …").
VRAAG: dict[str, str] = {
    Berichtsoort.SALDOVERZOEK: "een saldoverzoek",
    Berichtsoort.BETAALVOORSTEL: "een betaalvoorstel",
    Berichtsoort.HEROVERWEGING: "een verzoek om ons betaalvoorstel opnieuw te bekijken",
}


def _datum(waarde: Any) -> date | None:
    if isinstance(waarde, date):
        return waarde
    return parse_date(waarde) if isinstance(waarde, str) else None


def _cent(waarde: Any) -> int | None:
    return waarde if isinstance(waarde, int) and not isinstance(waarde, bool) else None


def qr(url: str) -> str:
    """The portal link as a QR code (an SVG data URI: the PDF fetches nothing)."""
    return segno.make(url, error="m").svg_data_uri(scale=3, border=2)


def percentage(inhoud: dict[str, Any], schuld_id: int) -> Decimal | None:
    """The creditor's share as a percentage of its claim: the voorstel's own figure (exact,
    as in the saneringsvoorstel), else aanbod / vordering rounded half up."""
    resultaat = (
        Voorstel.objects.filter(pk=inhoud["voorstel"]).values_list("resultaat", flat=True).first()
        if isinstance(inhoud.get("voorstel"), int)
        else None
    )
    for aandeel in (resultaat or {}).get("aandelen", []):
        if aandeel.get("sleutel") == f"schuld-{schuld_id}":
            return Decimal(aandeel["percentage"])
    aanbod, vordering = _cent(inhoud.get("aanbod_cent")), _cent(inhoud.get("vordering_cent"))
    if aanbod is None or not vordering:
        return None
    return (Decimal(aanbod * 100) / vordering).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _gemiddeld(totaal: int | None, maanden: Any) -> int | None:
    if totaal is None or not isinstance(maanden, int) or maanden <= 0:
        return None
    return int((Decimal(totaal) / maanden).quantize(Decimal(1), ROUND_HALF_UP))


def _aanbod(bericht: Bericht, inhoud: dict[str, Any]) -> dict[str, Any]:
    """The offer of a betaalvoorstel or heroverweging (from the payload)."""
    o = bericht.onderhandeling
    aanbod = _cent(inhoud.get("aanbod_cent"))
    looptijd = inhoud.get("looptijd_maanden")
    return {
        "aanbod_cent": aanbod,
        "percentage": percentage(inhoud, o.schuld_id),
        "looptijd_maanden": looptijd,
        "aflosruimte_cent": _cent(inhoud.get("aflosruimte_per_maand_cent")),
        "per_maand_cent": _gemiddeld(aanbod, looptijd),
        "krediet_cent": _cent(inhoud.get("krediet_cent")),
        "saneringskrediet": inhoud.get("soort") == Voorstelsoort.SANERINGSKREDIET,
    }


def _herinnering(bericht: Bericht, inhoud: dict[str, Any]) -> dict[str, Any]:
    """A reminder names the original question, its date and term, and the new term."""
    vraag = inhoud.get("vraag", "")
    nummer = inhoud.get("herinnering", 1)
    gegevens = {
        "vraag": vraag,
        "vraag_tekst": VRAAG.get(vraag, "een vraag"),
        "vraag_datum": _datum(inhoud.get("vraag_datum")),
        "oude_termijn": _datum(inhoud.get("oude_termijn")),
        "nummer": nummer,
        "laatste": nummer >= HERINNERINGEN,
    }
    if vraag in (Berichtsoort.BETAALVOORSTEL, Berichtsoort.HEROVERWEGING):
        gegevens |= _aanbod(bericht, inhoud)
    return gegevens


def _regeling(bericht: Bericht, inhoud: dict[str, Any]) -> dict[str, Any]:
    """The running regeling (akkoord) or its end (finale kwijting): from the payload the
    regeling's screens write, else from the regeling itself."""
    o = bericht.onderhandeling
    regeling = o.regeling
    totaal = _cent(inhoud.get("totaal_cent"))
    looptijd = inhoud.get("looptijd_maanden", regeling.looptijd_maanden)
    betaald = _cent(inhoud.get("betaald_cent"))
    if betaald is None and bericht.soort == Berichtsoort.SCHULDREGELING_BEEINDIGD:
        betaald = Betaling.objects.filter(
            onderhandeling=o, richting=Betaalrichting.UITBETAALD
        ).aggregate(s=Sum("bedrag_cent"))["s"]
    return {
        "startdatum": _datum(inhoud.get("startdatum")) or regeling.startdatum,
        "einddatum": _datum(inhoud.get("einddatum")) or regeling.einddatum,
        "looptijd_maanden": looptijd,
        "totaal_cent": totaal if totaal is not None else o.aangeboden_cent,
        "per_maand_cent": None
        if regeling.soort == Voorstelsoort.SANERINGSKREDIET
        else _gemiddeld(totaal if totaal is not None else o.aangeboden_cent, looptijd),
        "betaald_cent": betaald,
        "voortijdig": inhoud.get("reden") == "voortijdig",
        "saneringskrediet": regeling.soort == Voorstelsoort.SANERINGSKREDIET,
    }


PER_SOORT = {
    Berichtsoort.BETAALVOORSTEL: _aanbod,
    Berichtsoort.HEROVERWEGING: _aanbod,
    Berichtsoort.HERINNERING: _herinnering,
    Berichtsoort.SCHULDREGELING_AKKOORD: _regeling,
    Berichtsoort.SCHULDREGELING_BEEINDIGD: _regeling,
}


def titel(bericht: Bericht) -> str:
    return f"{bericht.get_soort_display()}: {bericht.onderhandeling.schuld.schuldeiser.naam}"


def context(bericht: Bericht) -> dict[str, Any]:
    o = bericht.onderhandeling
    traject = bericht.traject
    inhoud = bericht.inhoud or {}
    link = getattr(bericht, "portaallink", None)
    url = portaal_url(link) if link else ""
    extra = PER_SOORT.get(bericht.soort)
    return {
        "bericht": bericht,
        "onderhandeling": o,
        "regeling": o.regeling,
        "schuld": o.schuld,
        "schuldeiser": o.schuld.schuldeiser,
        "traject": traject,
        "klant": traject.klant,
        "contact": contactpersoon(traject),
        "merk": traject.gemeente.organisatie.naam,
        "organisatie": traject.gemeente.organisatie.naam,
        "titel": titel(bericht),
        "vandaag": bericht.datum,
        "inhoud": inhoud,
        "kenmerk": inhoud.get("kenmerk") or o.kenmerk or o.schuld.kenmerk,
        "vordering_cent": _cent(inhoud.get("vordering_cent")) or o.schuld.actueel_bedrag_cent,
        "peildatum": _datum(inhoud.get("peildatum")) or o.regeling.peildatum,
        # The term: in the payload of a reminder; for a question the one set when it went.
        "termijn": _datum(inhoud.get("termijn_tot")) or o.termijn_tot,
        "portaal_url": url,
        "portaal_qr": qr(url) if url else "",
        **(extra(bericht, inhoud) if extra else {}),
    }


def portaal_url(link) -> str:
    from klantplan.schuldregeling.services.portaal import url

    return url(link)


def maak_brief(bericht: Bericht) -> None:
    """Render and store the letter of `bericht` (an outgoing message) for today's batch.

    The batch is the day the letter is made (not the message's date: a message entered
    with an earlier date would otherwise land in a batch that was printed already)."""
    if bericht.richting != Richting.UIT:
        return
    sjabloon = select_template(
        [f"schuldregeling/brieven/{bericht.soort}.html", "schuldregeling/brieven/_algemeen.html"]
    )
    pdf = render_to_pdf(sjabloon.template.name, context(bericht), titel=titel(bericht))
    bericht.pdf = pdf
    bericht.sha256 = hashlib.sha256(pdf).hexdigest()
    bericht.printdatum = timezone.localdate()
    bericht.save(update_fields=["pdf", "sha256", "printdatum"])


# --------------------------------------------------------------------------- the print batch


class Beschadigd(ValueError):
    """A stored letter no longer matches its checksum: the batch is not made."""


@dataclass
class Dag:
    """One day's print batch: the number of letters per message type."""

    dag: date
    per_soort: list[tuple[str, int]] = field(default_factory=list)

    @property
    def aantal(self) -> int:
        return sum(n for _soort, n in self.per_soort)


def brieven_van(gemeente_ids: list[int], dag: date) -> QuerySet[Bericht]:
    """The letters of `dag` for these gemeenten, grouped by gemeente and by creditor (one
    envelope per creditor address). Only the gemeente of the traject counts: a dossier
    shared with the user from another gemeente is never in the user's batch."""
    return (
        Bericht.objects.filter(
            printdatum=dag, richting=Richting.UIT, traject__gemeente_id__in=gemeente_ids
        )
        .exclude(pdf__isnull=True)
        .select_related("onderhandeling__schuld__schuldeiser", "traject__gemeente")
        .order_by("traject__gemeente__naam", "onderhandeling__schuld__schuldeiser__naam", "pk")
    )


def dagen(gemeente_ids: list[int], *, aantal: int = 30) -> list[Dag]:
    """The most recent `aantal` days with letters, newest first."""
    rijen = (
        Bericht.objects.filter(
            printdatum__isnull=False, richting=Richting.UIT, traject__gemeente_id__in=gemeente_ids
        )
        .values("printdatum", "soort")
        .annotate(n=Count("pk"))
        .order_by("-printdatum", "soort")
    )
    labels = dict(Berichtsoort.choices)
    per_dag: dict[date, Dag] = {}
    for rij in rijen:
        if rij["printdatum"] not in per_dag:
            if len(per_dag) == aantal:
                break
            per_dag[rij["printdatum"]] = Dag(rij["printdatum"])
        per_dag[rij["printdatum"]].per_soort.append((labels[rij["soort"]], rij["n"]))
    return list(per_dag.values())


def combineer(berichten: list[Bericht], *, titel_: str) -> bytes:
    """One PDF of the stored letters, in order; each checked against its checksum."""
    from pypdf import PdfReader, PdfWriter

    schrijver = PdfWriter()
    for b in berichten:
        pdf = bytes(b.pdf)
        if hashlib.sha256(pdf).hexdigest() != b.sha256:
            raise Beschadigd(
                f"De brief '{b.get_soort_display()}' aan {b.onderhandeling.schuld.schuldeiser} "
                f"(dossier {b.traject_id}) is beschadigd: het controlegetal klopt niet."
            )
        schrijver.append(PdfReader(BytesIO(pdf)))
    schrijver.add_metadata({"/Title": titel_})
    uit = BytesIO()
    schrijver.write(uit)
    return uit.getvalue()
