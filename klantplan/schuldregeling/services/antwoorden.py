"""The creditors' answers: through the schuldeiserportaal (``door`` is the creditor's
``Extern``) or entered by the klantregisseur from a letter or a phone call (``door`` is the
user, ``kanaal`` post/telefoon, ``datum`` the day of receipt). Both take this one path.

A saldo that differs from what the client said updates the debt; the old amount is kept
(``Saldowijziging``) and the offer of a chosen voorstel is void until a new one is chosen.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from klantplan.models import Schuld, Schuldstatus
from klantplan.models.controles import MAX_BEDRAG_CENT
from klantplan.schuldregeling.models import Bericht, Onderhandeling, Saldowijziging
from klantplan.schuldregeling.services.kern import (
    Door,
    controleer_datum,
    onder_onderhandeling,
    stap,
)
from klantplan.schuldregeling.workflow import Berichtsoort, Kanaal, Onderhandelingstatus, Richting
from schuldhulp.extern import Extern
from schuldhulp.models import Gebruiker
from trajecten.services import Geweigerd

MAX_TEKST = 2000
O = Onderhandelingstatus


def _datum(datum: date, o: Onderhandeling) -> date:
    """The day of receipt: between the product's start and today (kern.controleer_datum)."""
    controleer_datum(o.regeling, datum)
    return datum


def _bedrag(waarde: int | None, wat: str) -> int:
    if waarde is None:
        return 0
    if isinstance(waarde, bool) or not isinstance(waarde, int):
        raise Geweigerd(f"{wat} is geen bedrag.")
    if waarde < 0:
        raise Geweigerd(f"{wat} kan niet negatief zijn.")
    if waarde > MAX_BEDRAG_CENT:
        raise Geweigerd(f"{wat} is te hoog (hoogstens € 10.000.000).")
    return waarde


def tekst(
    waarde: str | None, wat: str, *, verplicht: bool = False, maximum: int = MAX_TEKST
) -> str:
    """Trimmed text without NUL characters (PostgreSQL cannot store them)."""
    schoon = (waarde or "").replace("\x00", "").strip()
    if verplicht and not schoon:
        raise Geweigerd(f"Vul {wat} in.")
    if len(schoon) > maximum:
        raise Geweigerd(f"{wat[0].upper()}{wat[1:]} is te lang: hoogstens {maximum} tekens.")
    return schoon


def _kanaal(door: Door, kanaal: str) -> Kanaal:
    if isinstance(door, Extern):
        return Kanaal.PORTAAL
    if kanaal not in (Kanaal.POST, Kanaal.TELEFOON, Kanaal.EMAIL, Kanaal.SCHULDENKNOOPPUNT):
        raise Geweigerd("Kies hoe het antwoord binnenkwam (post, telefoon of e-mail).")
    return Kanaal(kanaal)


@transaction.atomic
def leg_saldo_vast(
    *,
    onderhandeling_id: int,
    door: Door,
    datum: date,
    hoofdsom_cent: int,
    kosten_cent: int | None = 0,
    rente_cent: int | None = 0,
    kenmerk: str = "",
    kanaal: str = Kanaal.POST,
) -> Bericht:
    """The creditor's claim on the regeling's peildatum (hoofdsom, kosten, rente)."""
    traject, o = onder_onderhandeling(onderhandeling_id, "sr.saldo_ontvangen", door)
    datum = _datum(datum, o)
    hoofdsom = _bedrag(hoofdsom_cent, "De hoofdsom")
    kosten = _bedrag(kosten_cent, "De kosten")
    rente = _bedrag(rente_cent, "De rente")
    saldo = hoofdsom + kosten + rente
    if saldo > MAX_BEDRAG_CENT:
        raise Geweigerd("Het saldo is te hoog (hoogstens € 10.000.000).")
    kenmerk = tekst(kenmerk, "het kenmerk", maximum=100)
    peildatum = o.regeling.peildatum
    bericht = stap(
        traject=traject,
        onderhandeling=o,
        handeling="sr.saldo_ontvangen",
        door=door,
        datum=datum,
        soort=Berichtsoort.SALDOVERZOEK_ANTWOORD,
        richting=Richting.IN,
        kanaal=_kanaal(door, kanaal),
        inhoud={
            "peildatum": peildatum.isoformat(),
            "hoofdsom_cent": hoofdsom,
            "kosten_cent": kosten,
            "rente_cent": rente,
            "saldo_cent": saldo,
            "kenmerk": kenmerk,
        },
    )
    o.saldo_cent, o.hoofdsom_cent, o.kosten_cent, o.rente_cent = saldo, hoofdsom, kosten, rente
    o.kenmerk = kenmerk or o.kenmerk
    o.termijn_tot = None
    schuld = Schuld.objects.select_for_update().get(pk=o.schuld_id)
    if schuld.actueel_bedrag_cent != saldo:
        Saldowijziging.objects.create(
            schuld=schuld,
            bericht=bericht,
            oud_cent=schuld.actueel_bedrag_cent,
            nieuw_cent=saldo,
            oude_peildatum=schuld.peildatum,
            nieuwe_peildatum=peildatum,
            door=door if isinstance(door, Gebruiker) else None,
            door_extern=door.naam if isinstance(door, Extern) else "",
        )
        o.aangeboden_cent = None  # the chosen voorstel counted with the old amount
    schuld.actueel_bedrag_cent = saldo
    schuld.peildatum = peildatum
    schuld.kenmerk = schuld.kenmerk or kenmerk
    schuld.status = Schuldstatus.VASTGESTELD
    schuld.bijgewerkt_door = door if isinstance(door, Gebruiker) else None
    schuld.save()
    o.save()
    return bericht


@transaction.atomic
def leg_antwoord_vast(
    *,
    onderhandeling_id: int,
    door: Door,
    datum: date,
    akkoord: bool,
    reden: str = "",
    kanaal: str = Kanaal.POST,
) -> Bericht:
    """The answer to a betaalvoorstel or to a heroverweging: akkoord, or not (with reason)."""
    o = Onderhandeling.objects.filter(pk=onderhandeling_id).only("status").first()
    if o is None:
        raise Geweigerd("Deze schuldeiser staat niet (meer) in deze schuldregeling.")
    heroverweging = o.status == O.HEROVERWEGING
    handeling = "sr.akkoord" if akkoord else ("sr.weigering" if heroverweging else "sr.afwijzing")
    traject, o = onder_onderhandeling(onderhandeling_id, handeling, door)
    # Read again under the lock: the status may have moved since.
    heroverweging = o.status == O.HEROVERWEGING
    datum = _datum(datum, o)
    reden = tekst(reden, "de reden van de afwijzing", verplicht=not akkoord)
    soort = (
        Berichtsoort.HEROVERWEGING_ANTWOORD
        if heroverweging
        else Berichtsoort.BETAALVOORSTEL_ANTWOORD
    )
    bericht = stap(
        traject=traject,
        onderhandeling=o,
        handeling=handeling,
        door=door,
        datum=datum,
        soort=soort,
        richting=Richting.IN,
        kanaal=_kanaal(door, kanaal),
        inhoud={"akkoord": akkoord, "reden": reden, "aanbod_cent": o.aangeboden_cent},
    )
    o.afwijsreden = reden
    o.termijn_tot = None
    o.save(update_fields=["afwijsreden", "termijn_tot"])
    if akkoord:
        Schuld.objects.filter(pk=o.schuld_id).update(status=Schuldstatus.AKKOORD)
    return bericht


@transaction.atomic
def leg_geen_medewerking_vast(
    *, onderhandeling_id: int, door: Door, datum: date, reden: str, kanaal: str = Kanaal.POST
) -> Bericht:
    traject, o = onder_onderhandeling(onderhandeling_id, "sr.geen_medewerking", door)
    datum = _datum(datum, o)
    reden = tekst(reden, "de reden", verplicht=True)
    bericht = stap(
        traject=traject,
        onderhandeling=o,
        handeling="sr.geen_medewerking",
        door=door,
        datum=datum,
        soort=Berichtsoort.GEEN_MEDEWERKING,
        richting=Richting.IN,
        kanaal=_kanaal(door, kanaal),
        inhoud={"reden": reden},
    )
    o.afwijsreden = reden
    o.termijn_tot = None
    o.save(update_fields=["afwijsreden", "termijn_tot"])
    return bericht


@transaction.atomic
def leg_status_vast(
    *,
    onderhandeling_id: int,
    door: Door,
    datum: date,
    soort: str,
    tekst_: str,
    kanaal: str = Kanaal.POST,
) -> Bericht:
    """An incoming statusverzoek or statusbericht (no state change)."""
    if soort not in (Berichtsoort.STATUSVERZOEK, Berichtsoort.STATUSBERICHT):
        raise Geweigerd("Kies statusverzoek of statusbericht.")
    handeling = f"sr.{soort}"
    traject, o = onder_onderhandeling(onderhandeling_id, handeling, door)
    return stap(
        traject=traject,
        onderhandeling=o,
        handeling=handeling,
        door=door,
        datum=_datum(datum, o),
        soort=Berichtsoort(soort),
        richting=Richting.IN,
        kanaal=_kanaal(door, kanaal),
        inhoud={"tekst": tekst(tekst_, "het bericht", verplicht=True)},
    )
