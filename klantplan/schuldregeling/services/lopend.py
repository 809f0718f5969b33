"""The running regeling: start, the tussentijdse toets every 6 months, the finale kwijting and
a premature end. Each is a catalogue row on the regeling (klantplan/schuldregeling/
workflow.py) and goes through ``kern.onder_regeling`` (lock, gate) and ``_leg_vast``.

The messages to every creditor at the start (``schuldregeling_akkoord``) and at the end
(``schuldregeling_beeindigd``) carry no state change of the creditor's negotiation: they are
stored here, after the gate passed for the regeling's own row, with a letter each
(``brieven.maak_brief``). That is the one write path for regeling-wide messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_fsm import TransitionNotAllowed
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumFout

from klantplan.models import Voorstel
from klantplan.schuldregeling import brieven
from klantplan.schuldregeling import schema as sch
from klantplan.schuldregeling.models import (
    Bericht,
    Betaalbron,
    Betaling,
    Onderhandeling,
    Regeling,
    Tussentijdsetoets,
)
from klantplan.schuldregeling.services import betalingen
from klantplan.schuldregeling.services.antwoorden import tekst
from klantplan.schuldregeling.services.kern import Door, controleer_datum, onder_regeling
from klantplan.schuldregeling.workflow import Berichtsoort, Kanaal, Onderhandelingstatus, Richting
from schuldhulp import opmaak
from schuldhulp.models import Gebruiker, Huishouden
from trajecten.models import Traject
from trajecten.services import Geweigerd, _leg_vast, beeindig_product

MAX_VOORUIT = timedelta(days=92)  # a regeling may start up to about 3 months ahead
KREDIET_LOOPTIJDEN = range(1, 121)
RESULTAAT = "schuldenvrij"


def _fase(regeling: Regeling, stap: str) -> None:
    try:
        getattr(regeling, stap)()
    except TransitionNotAllowed as exc:
        raise Geweigerd(
            f"Dit kan niet bij een regeling met fase '{regeling.get_fase_display()}'."
        ) from exc


def _iban(waarde: str) -> str:
    schoon = stdnum_iban.compact((waarde or "").replace("\x00", ""))
    if not schoon:
        raise Geweigerd("Vul het IBAN van de klant in.")
    try:
        return stdnum_iban.validate(schoon)
    except StdnumFout as exc:
        raise Geweigerd(
            "Dit IBAN klopt niet (controleer de letters en cijfers), bijvoorbeeld "
            "NL91 ABNA 0417 1643 00."
        ) from exc


def _aan_alle_schuldeisers(
    traject: Traject,
    regeling: Regeling,
    *,
    soort: Berichtsoort,
    door: Door,
    datum: date,
    inhoud: dict[str, Any],
    alleen_aangeschreven: bool = False,
) -> list[Bericht]:
    """One message (and letter) to every creditor of the regeling."""
    onderhandelingen = regeling.onderhandelingen.select_related("schuld__schuldeiser")
    if alleen_aangeschreven:
        onderhandelingen = onderhandelingen.exclude(status=Onderhandelingstatus.NIEUW)
    berichten = []
    for o in onderhandelingen:
        bericht = Bericht.objects.create(
            onderhandeling=o,
            traject=traject,
            soort=soort,
            richting=Richting.UIT,
            kanaal=Kanaal.BRIEF,
            datum=datum,
            inhoud={
                **inhoud,
                "schuldeiser": o.schuld.schuldeiser.naam,
                "kenmerk": o.schuld.kenmerk or o.kenmerk,
                "aanbod_cent": o.aangeboden_cent,
                "uitbetaald_cent": _uitbetaald(o),
            },
            door=door if isinstance(door, Gebruiker) else None,
            door_extern="" if isinstance(door, Gebruiker) else str(door),
        )
        brieven.maak_brief(bericht)
        berichten.append(bericht)
    return berichten


def _uitbetaald(o: Onderhandeling) -> int:
    return sum(b.bedrag_cent for b in o.betalingen.all())


@transaction.atomic
def start_regeling(
    *,
    regeling_id: int,
    door: Door,
    datum: date,
    startdatum: date,
    iban_klant: str,
    looptijd_maanden: int | None = None,
    sociaal_krediet: bool = False,
    versie: int | None = None,
) -> Regeling:
    """Onderhandeling → lopend. Schuldregeling: the looptijd and the monthly reservation are
    the chosen voorstel's (what the creditors agreed to; another amount needs a new
    voorstel). Saneringskrediet: every creditor is paid its share now; the client repays
    the krediet in `looptijd_maanden` (the loan schedule)."""
    traject, regeling = onder_regeling(regeling_id, "sr.regeling_starten", door, versie)
    voorstel: Voorstel = regeling.voorstel
    if startdatum < regeling.product.startdatum:
        raise Geweigerd("De startdatum ligt voor de start van het product.")
    if startdatum > datum + MAX_VOORUIT:
        raise Geweigerd("De startdatum ligt te ver vooruit: hoogstens 3 maanden.")
    controleer_datum(regeling, datum)
    regeling.iban_klant = _iban(iban_klant)
    if betalingen.is_krediet(regeling):
        if looptijd_maanden not in KREDIET_LOOPTIJDEN:
            raise Geweigerd("Vul de looptijd van het krediet in: 1 tot en met 120 maanden.")
        krediet = voorstel.krediet_cent or 0
        if sociaal_krediet and (
            reden := sch.sociaal_krediet_reden(
                krediet,
                meerpersoons=traject.klant.huishouden != Huishouden.ALLEENSTAAND,
                maanden=looptijd_maanden,
            )
        ):
            raise Geweigerd(reden)
        regeling.looptijd_maanden = looptijd_maanden
        regeling.maandbedrag_cent = sch.maandtotalen(krediet, looptijd_maanden)[0]
    else:
        regeling.looptijd_maanden = voorstel.looptijd_maanden
        regeling.maandbedrag_cent = voorstel.aflosruimte_per_maand_cent
    _fase(regeling, "regeling_starten")
    regeling.startdatum = startdatum
    regeling.versie += 1
    regeling.save()
    inhoud = {
        "soort": regeling.soort,
        "startdatum": startdatum.isoformat(),
        "looptijd_maanden": regeling.looptijd_maanden,
        "einddatum": sch.einddatum(startdatum, regeling.looptijd_maanden).isoformat(),
        "betalingskenmerk": betalingen.betalingskenmerk(regeling),
    }
    if betalingen.is_krediet(regeling):
        _krediet_uitbetalen(regeling, traject, door, datum)
    _aan_alle_schuldeisers(
        traject,
        regeling,
        soort=Berichtsoort.SCHULDREGELING_AKKOORD,
        door=door,
        datum=datum,
        inhoud=inhoud,
    )
    _leg_vast(
        traject,
        "sr.regeling_starten",
        door=door,
        datum=datum,
        regeling=regeling.pk,
        fase=regeling.fase,
        startdatum=startdatum.isoformat(),
        looptijd_maanden=regeling.looptijd_maanden,
        maandbedrag_cent=regeling.maandbedrag_cent,
        sociaal_krediet=sociaal_krediet,
    )
    return regeling


def _krediet_uitbetalen(regeling: Regeling, traject: Traject, door: Door, datum: date) -> None:
    """A saneringskrediet pays each creditor its whole share at once, from the krediet."""
    Betaling.objects.bulk_create(
        Betaling(
            regeling=regeling,
            traject=traject,
            richting=betalingen.R.UITBETAALD,
            onderhandeling=o,
            bedrag_cent=o.aangeboden_cent,
            datum=datum,
            bron=Betaalbron.HANDMATIG,
            omschrijving=f"Saneringskrediet {betalingen.betalingskenmerk(regeling)}",
            door=door if isinstance(door, Gebruiker) else None,
        )
        for o in regeling.onderhandelingen.all()
        if o.aangeboden_cent
    )


# --- Tussentijdse toets --------------------------------------------------------------------------


@dataclass
class Toetsmoment:
    nummer: int
    datum: date
    toets: Tussentijdsetoets | None  # the toets recorded for it (the n-th one), if any

    @property
    def open(self) -> bool:
        return self.toets is None

    def verschuldigd(self, peildatum: date) -> bool:
        return self.open and self.datum <= peildatum


def toetsmomenten(regeling: Regeling) -> list[Toetsmoment]:
    """Every 6 months from the start within the looptijd; the n-th toets recorded counts
    for the n-th moment (a toets done early counts too)."""
    if regeling.startdatum is None or not regeling.looptijd_maanden:
        return []
    gedaan = list(regeling.toetsen.order_by("datum", "pk"))
    return [
        Toetsmoment(n, d, gedaan[n - 1] if n <= len(gedaan) else None)
        for n, d in enumerate(sch.toetsdata(regeling.startdatum, regeling.looptijd_maanden), 1)
    ]


@transaction.atomic
def leg_toets_vast(
    *,
    regeling_id: int,
    door: Door,
    datum: date,
    inkomen_gewijzigd: bool,
    toelichting: str = "",
    nieuw_voorstel_id: int | None = None,
    versie: int | None = None,
) -> Tussentijdsetoets:
    """The six-monthly check: did the income change? A changed income may lead to a new
    voorstel (made on the Saneringsvoorstel tab); recording it here does not change the
    running schedule: the creditors must agree to a new proposal first."""
    traject, regeling = onder_regeling(regeling_id, "sr.tussentijdse_toets", door, versie)
    controleer_datum(regeling, datum)
    if datum < regeling.startdatum:
        raise Geweigerd("De datum van de toets ligt voor de start van de regeling.")
    toelichting = tekst(toelichting, "de toelichting", verplicht=inkomen_gewijzigd)
    voorstel = None
    if nieuw_voorstel_id is not None:
        voorstel = Voorstel.objects.filter(pk=nieuw_voorstel_id, traject=traject).first()
        if voorstel is None:
            raise Geweigerd("Dit saneringsvoorstel hoort niet bij dit traject.")
        if voorstel.pk == regeling.voorstel_id:
            raise Geweigerd("Dit is het voorstel waarop de regeling al loopt.")
    toets = Tussentijdsetoets.objects.create(
        regeling=regeling,
        traject=traject,
        datum=datum,
        inkomen_gewijzigd=inkomen_gewijzigd,
        toelichting=toelichting,
        nieuw_voorstel=voorstel,
        door=door if isinstance(door, Gebruiker) else None,
    )
    regeling.versie += 1
    regeling.save(update_fields=["versie"])
    _leg_vast(
        traject,
        "sr.tussentijdse_toets",
        door=door,
        datum=datum,
        toelichting=toelichting,
        regeling=regeling.pk,
        inkomen_gewijzigd=inkomen_gewijzigd,
        nieuw_voorstel=voorstel.pk if voorstel else None,
    )
    return toets


# --- The end -------------------------------------------------------------------------------------


def reden_geen_kwijting(regeling: Regeling, peildatum: date) -> str | None:
    """Why the finale kwijting cannot be recorded without a reason (the page asks the same)."""
    if regeling.startdatum is None or not regeling.looptijd_maanden:
        return "De regeling is niet gestart."
    eind = sch.einddatum(regeling.startdatum, regeling.looptijd_maanden)
    if peildatum < eind:
        return f"De looptijd is nog niet voorbij (tot {opmaak.datum(eind)})."
    stand = betalingen.stand(regeling, peildatum)
    if not stand.alles_uitbetaald:
        open_ = stand.aandelen_cent - stand.uitbetaald_cent
        return (
            f"Nog niet alles is uitbetaald: {opmaak.bedrag(open_, centen=True)} staat nog "
            "open bij de schuldeisers."
        )
    return None


@transaction.atomic
def leg_finale_kwijting_vast(
    *,
    regeling_id: int,
    door: Door,
    datum: date,
    reden: str = "",
    versie: int | None = None,
) -> Regeling:
    """Lopend → afgerond: a letter to every creditor, and the product ends "schuldenvrij".
    Before the end of the looptijd or with money still open only with a reason (e.g. the
    creditors granted the kwijting early)."""
    traject, regeling = onder_regeling(regeling_id, "sr.finale_kwijting", door, versie)
    controleer_datum(regeling, datum)
    reden = tekst(reden, "de reden")
    if (bezwaar := reden_geen_kwijting(regeling, datum)) and not reden:
        raise Geweigerd(f"{bezwaar} Geef een reden om toch de finale kwijting vast te leggen.")
    _eindig(traject, regeling, "finale_kwijting", door, datum, reden)
    beeindig_product(
        product_id=regeling.product_id,
        door=door,
        datum=datum,
        resultaat=RESULTAAT,
        reden_terugdatering="" if datum == timezone.localdate() else "Datum finale kwijting",
    )
    return regeling


def _eindig(traject, regeling: Regeling, stap_naam: str, door: Door, datum: date, reden: str):
    """The regeling's end (finale kwijting or premature): its phase, a letter to the creditors
    (before the start only to those written to) and the event row, in the caller's
    transaction."""
    was_lopend = regeling.startdatum is not None
    _fase(regeling, stap_naam)
    regeling.einddatum, regeling.einde_reden = datum, reden
    regeling.versie += 1
    regeling.save()
    _aan_alle_schuldeisers(
        traject,
        regeling,
        soort=Berichtsoort.SCHULDREGELING_BEEINDIGD,
        door=door,
        datum=datum,
        inhoud={
            "reden": "finale_kwijting" if stap_naam == "finale_kwijting" else "voortijdig",
            "toelichting": reden,
            "einddatum": datum.isoformat(),
        },
        alleen_aangeschreven=not was_lopend,
    )
    _leg_vast(
        traject,
        f"sr.{stap_naam}",
        door=door,
        datum=datum,
        toelichting=reden,
        regeling=regeling.pk,
        fase=regeling.fase,
    )


@transaction.atomic
def beeindig_regeling(
    *, regeling_id: int, door: Door, datum: date, reden: str, versie: int | None = None
) -> Regeling:
    """A premature end (with reason): the creditors that were written to get a letter. The
    product runs on: the klantregisseur decides what follows (a new regeling, Wsnp)."""
    traject, regeling = onder_regeling(regeling_id, "sr.regeling_beeindigen", door, versie)
    controleer_datum(regeling, datum)
    reden = tekst(reden, "de reden", verplicht=True)
    _eindig(traject, regeling, "regeling_beeindigen", door, datum, reden)
    return regeling
