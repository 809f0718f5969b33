"""Sending messages to creditors: kennisgeving, saldoverzoek, betaalvoorstel, heroverweging,
statusverzoek. One call sends to several creditors at once, all or nothing. Each message is
a stored row (kern.stap), a letter (klantplan.schuldregeling.brieven) and, for a question,
a portal link (klantplan.schuldregeling.services.portaal) and an answer term (termijnen)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction

from klantplan.schuldregeling import brieven, termijnen
from klantplan.schuldregeling.models import Bericht, Onderhandeling
from klantplan.schuldregeling.services import portaal
from klantplan.schuldregeling.services.kern import Door, onder_onderhandeling, stap
from klantplan.schuldregeling.workflow import Berichtsoort, Kanaal, Richting
from trajecten.services import Geweigerd

# handeling → the message it sends
SOORT: dict[str, Berichtsoort] = {
    "sr.kennisgeving": Berichtsoort.KENNISGEVING,
    "sr.saldoverzoek": Berichtsoort.SALDOVERZOEK,
    "sr.betaalvoorstel": Berichtsoort.BETAALVOORSTEL,
    "sr.heroverweging": Berichtsoort.HEROVERWEGING,
    "sr.statusverzoek": Berichtsoort.STATUSVERZOEK,
}
# Questions that get a term and a link to the schuldeiserportaal.
VRAGEN = (Berichtsoort.SALDOVERZOEK, Berichtsoort.BETAALVOORSTEL, Berichtsoort.HEROVERWEGING)


def inhoud(o: Onderhandeling, soort: str) -> dict[str, Any]:
    """The payload of an outgoing message (what a Schuldenknooppunt message would carry)."""
    regeling = o.regeling
    gegevens: dict[str, Any] = {
        "schuldeiser": o.schuld.schuldeiser.naam,
        "kenmerk": o.schuld.kenmerk or o.kenmerk,
        "vordering_cent": o.schuld.actueel_bedrag_cent,
    }
    if soort == Berichtsoort.SALDOVERZOEK:
        gegevens["peildatum"] = regeling.peildatum.isoformat()
    if soort in (Berichtsoort.BETAALVOORSTEL, Berichtsoort.HEROVERWEGING):
        voorstel = regeling.voorstel
        gegevens |= {
            "voorstel": voorstel.pk,
            "soort": voorstel.soort,
            "aanbod_cent": o.aangeboden_cent,
            "looptijd_maanden": voorstel.looptijd_maanden,
            "aflosruimte_per_maand_cent": voorstel.aflosruimte_per_maand_cent,
            "krediet_cent": voorstel.krediet_cent,
        }
    return gegevens


@transaction.atomic
def verstuur(
    *, onderhandeling_ids: Iterable[int], handeling: str, door: Door, datum: date
) -> list[Bericht]:
    """Send `handeling`'s message to each creditor (all or nothing: one refusal, none sent)."""
    if handeling not in SOORT:
        raise Geweigerd("Dit bericht kan niet worden verstuurd.")
    ids = sorted(set(onderhandeling_ids))
    if not ids:
        raise Geweigerd("Kies ten minste één schuldeiser.")
    soort = SOORT[handeling]
    berichten = []
    for pk in ids:
        try:  # a refusal names the creditor (the screen sends to many at once)
            traject, o = onder_onderhandeling(pk, handeling, door)
        except Geweigerd as exc:
            naam = (
                Onderhandeling.objects.filter(pk=pk)
                .values_list("schuld__schuldeiser__naam", flat=True)
                .first()
            )
            raise Geweigerd(f"{naam}: {exc}" if naam else str(exc)) from exc
        try:
            bericht = stap(
                traject=traject,
                onderhandeling=o,
                handeling=handeling,
                door=door,
                datum=datum,
                soort=soort,
                richting=Richting.UIT,
                kanaal=Kanaal.BRIEF,
                inhoud=inhoud(o, soort),
            )
        except Geweigerd as exc:
            raise Geweigerd(f"{o.schuld.schuldeiser.naam}: {exc}") from exc
        if soort in VRAGEN:
            o.termijn_tot = termijnen.eind_termijn(soort, traject.gemeente_id, datum)
            o.herinneringen = 0
            o.save(update_fields=["termijn_tot", "herinneringen"])
            portaal.maak_link(bericht)
        brieven.maak_brief(bericht)
        berichten.append(bericht)
    return berichten
