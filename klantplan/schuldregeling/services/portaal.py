"""The schuldeiserportaal: an expiring, single-use link per outgoing question (saldoverzoek,
betaalvoorstel, heroverweging). The URL carries a signed token naming the link's random
``sleutel``; the row says until when it holds and whether it was used.

A link holds while the negotiation waits for the answer to its question:
- until the answer term of the question plus the terms of the two reminders
  (termijnen.HERINNERINGEN) plus ``MARGE`` for the post — so the link printed in the
  question and in both reminders works until "geen reactie" and a little after (defaults:
  saldoverzoek 2+2+2+2 = 8 weeks, betaalvoorstel 4+2+2+2 = 10 weeks);
- once: the answer marks it used, in the same transaction, under a lock;
- only for the newest question: a new question to the same creditor ends older links (a
  reminder brings one more link to the same question; the older one keeps working);
- only while the question is open: an answer entered by hand, the regeling or the traject
  ending closes it too.
Each refusal is a :class:`Linkfout` with its own Dutch page and status (404 unknown, 410 gone).

The creditor acts as ``schuldhulp.extern.schuldeiser`` (reach: this one negotiation) through
the same write path as manual entry (services/antwoorden.py).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from klantplan.documenten import contactpersoon
from klantplan.schuldregeling import termijnen
from klantplan.schuldregeling.models import Bericht, Onderhandeling, Portaallink
from klantplan.schuldregeling.services import antwoorden
from klantplan.schuldregeling.services.kern import vergrendel_traject
from klantplan.schuldregeling.workflow import (
    Berichtsoort,
    Kanaal,
    Onderhandelingstatus,
    Regelingfase,
    Richting,
)
from schuldhulp import extern, opmaak
from schuldhulp.permissions import mag
from trajecten.services import Geweigerd

ZOUT = "schuldregeling.portaal"
MARGE = timedelta(weeks=2)  # for the post: a letter read late still finds the link open
MAX_TOKEN = 300  # a signed sleutel is ~110 characters; anything far longer is not ours

O, S = Onderhandelingstatus, Berichtsoort
VRAGEN = (S.SALDOVERZOEK, S.BETAALVOORSTEL, S.HEROVERWEGING)
# The states in which the negotiation still waits for the answer to each question. A saldo
# may come in late after "geen reactie" (the catalogue allows sr.saldo_ontvangen there).
WACHT_OP: dict[str, tuple[str, ...]] = {
    S.SALDOVERZOEK: (O.SALDO_GEVRAAGD, O.GEEN_REACTIE),
    S.BETAALVOORSTEL: (O.VOORSTEL,),
    S.HEROVERWEGING: (O.HEROVERWEGING,),
}


class Linkfout(Exception):
    """Why a link opens no question: a page title, an explanation and the HTTP status."""

    def __init__(self, titel: str, uitleg: str, status: int = 410) -> None:
        super().__init__(uitleg)
        self.titel, self.uitleg, self.status = titel, uitleg, status


def onbekend() -> Linkfout:
    return Linkfout(
        "Deze link werkt niet",
        "Wij kennen deze link niet. Controleer of u de hele link uit de brief of e-mail "
        "hebt overgenomen, zonder spaties of tekens erbij.",
        404,
    )


# --- Making links --------------------------------------------------------------------------


def token(link: Portaallink) -> str:
    return signing.dumps(link.sleutel, salt=ZOUT)


def url(link: Portaallink) -> str:
    return settings.SCHULDHULP_BASIS_URL + reverse(
        "schuldregeling:portaal", kwargs={"token": token(link)}
    )


def geldig_tot(bericht: Bericht) -> datetime:
    """The end of the last day the link of question `bericht` works (see the module doc)."""
    o = bericht.onderhandeling
    gemeente_id = bericht.traject.gemeente_id
    eind: date = (
        o.termijn_tot
        or termijnen.eind_termijn(bericht.soort, gemeente_id, bericht.datum)
        or bericht.datum
    )
    # The reminders still to come (none sent yet for a new question).
    for _ in range(max(0, termijnen.HERINNERINGEN - o.herinneringen)):
        eind = termijnen.eind_termijn(S.HERINNERING, gemeente_id, eind) or eind
    laatste_dag = max(eind, timezone.localdate()) + MARGE
    return timezone.make_aware(datetime.combine(laatste_dag, time.max))


def maak_link(bericht: Bericht) -> Portaallink:
    """The link for question `bericht` (or for a reminder of it: one more link to the same
    question). A new question ends the negotiation's older unused links: a creditor answers
    the newest question only. Called under kern's traject lock."""
    if bericht.soort in VRAGEN:
        nu = timezone.now()
        Portaallink.objects.filter(
            onderhandeling_id=bericht.onderhandeling_id,
            gebruikt_op__isnull=True,
            verloopt_op__gt=nu,
        ).update(verloopt_op=nu)
    return Portaallink.objects.create(
        bericht=bericht,
        onderhandeling=bericht.onderhandeling,
        sleutel=secrets.token_urlsafe(32),
        verloopt_op=geldig_tot(bericht),
    )


def open_link(onderhandeling: Onderhandeling) -> Portaallink | None:
    """The negotiation's link that still works (for a reminder letter or e-mail), if any."""
    link = onderhandeling.portaallinks.order_by("-pk").first()
    try:
        return controleer(link) if link is not None else None
    except Linkfout:
        return None


# --- Reading a token ------------------------------------------------------------------------


def _zoek(tekst: str) -> Portaallink:
    if not tekst or len(tekst) > MAX_TOKEN:
        raise onbekend()
    try:
        sleutel = signing.loads(tekst, salt=ZOUT)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError) as exc:
        raise onbekend() from exc
    if not isinstance(sleutel, str):
        raise onbekend()
    link = (
        Portaallink.objects.select_related(
            "bericht",
            "onderhandeling__regeling",
            "onderhandeling__schuld__schuldeiser",
            "onderhandeling__traject__klant",
            "onderhandeling__traject__gemeente__organisatie",
        )
        .defer("bericht__pdf")
        .filter(sleutel=sleutel)
        .first()
    )
    if link is None:
        raise onbekend()
    return link


def vraag_van(link: Portaallink) -> Bericht:
    """The question the link answers: its own message, or (a link on a reminder) the
    question before it."""
    if link.bericht.soort in VRAGEN:
        return link.bericht
    vraag = laatste_vraag(link.onderhandeling_id, voor=link.bericht_id)
    if vraag is None:
        raise onbekend()
    return vraag


def laatste_vraag(onderhandeling_id: int, voor: int | None = None) -> Bericht | None:
    """The negotiation's newest question (sent before message `voor`, if given)."""
    vragen = Bericht.objects.defer("pdf").filter(
        onderhandeling_id=onderhandeling_id, richting=Richting.UIT, soort__in=VRAGEN
    )
    if voor is not None:
        vragen = vragen.filter(pk__lt=voor)
    return vragen.order_by("-pk").first()


def controleer(link: Portaallink, nu: datetime | None = None) -> Portaallink:
    """`link` if it still opens its question, else the :class:`Linkfout` saying why."""
    o = link.onderhandeling
    contact = f"Wilt u iets veranderen of hebt u een vraag? Neem contact op met {_merk(link)}."
    if link.gebruikt_op is not None:
        raise Linkfout(
            "U hebt deze vraag al beantwoord",
            f"Wij ontvingen uw antwoord via deze link op "
            f"{opmaak.datum_lang(timezone.localtime(link.gebruikt_op))}. Een link werkt één "
            f"keer. {contact}",
        )
    vraag = vraag_van(link)
    laatste = laatste_vraag(o.pk)
    if laatste is not None and laatste.pk != vraag.pk:
        raise Linkfout(
            "Er is een nieuwere vraag",
            f"Wij stuurden u op {opmaak.datum_lang(laatste.datum)} een nieuwe vraag over "
            f"deze vordering. Gebruik de link uit die brief; deze link werkt niet meer.",
        )
    if o.regeling.fase != Regelingfase.ONDERHANDELING or not o.traject.is_open:
        raise Linkfout(
            "Deze vraag is vervallen",
            f"De onderhandeling over deze schuldregeling is voorbij. U hoeft niets meer te "
            f"doen via deze link. {contact}",
        )
    if o.status not in WACHT_OP.get(vraag.soort, ()):
        antwoord = (
            o.berichten.defer("pdf")
            .filter(richting=Richting.IN, pk__gt=vraag.pk)
            .order_by("-pk")
            .first()
        )
        if antwoord is not None:
            raise Linkfout(
                "Deze vraag is al beantwoord",
                f"Wij legden uw antwoord vast op {opmaak.datum_lang(antwoord.datum)} "
                f"({antwoord.get_kanaal_display().lower()}). {contact}",
            )
        raise Linkfout(
            "Deze vraag staat niet meer open",
            f"Wij wachten niet meer op een antwoord op deze vraag. {contact}",
        )
    if link.verloopt_op <= (nu or timezone.now()):
        raise Linkfout(
            "Deze link is verlopen",
            f"De link werkte tot en met {opmaak.datum_lang(_laatste_dag(link))}. {contact}",
        )
    return link


def _laatste_dag(link: Portaallink) -> date:
    return timezone.localtime(link.verloopt_op).date()


def partij(link: Portaallink) -> extern.Extern:
    """The creditor holding `link`, as the gate knows it (reach: this negotiation only)."""
    o = link.onderhandeling
    return extern.schuldeiser(o.pk, o.schuld.schuldeiser.naam)


def lees(tekst: str) -> Portaallink:
    """The link of token `tekst` that still opens its question (else a :class:`Linkfout`)."""
    link = controleer(_zoek(tekst))
    if mag(partij(link), "sr.portaal_inzien", link.onderhandeling):
        raise onbekend()
    return link


def brief(link: Portaallink, bericht_id: int) -> Bericht | None:
    """A letter (with its PDF) of the link's negotiation; None outside the link's reach."""
    bericht = Bericht.objects.filter(pk=bericht_id, richting=Richting.UIT).first()
    if bericht is None or not bericht.pdf or mag(partij(link), "sr.portaal_inzien", bericht):
        return None
    return bericht


def brieven(link: Portaallink) -> list[Bericht]:
    """The letters of the link's negotiation, oldest first (without their PDF bytes)."""
    return list(
        link.onderhandeling.berichten.defer("pdf")
        .filter(richting=Richting.UIT, pdf__isnull=False)
        .order_by("datum", "pk")
    )


# --- What the page shows ------------------------------------------------------------------


def _merk(link: Portaallink) -> str:
    return link.onderhandeling.traject.gemeente.organisatie.naam


def voorletters(voornamen: str) -> str:
    return "".join(f"{deel[0].upper()}." for deel in voornamen.split())


@dataclass(frozen=True)
class Vraag:
    """What the creditor sees: who asks, about whom (minimal), its claim and the question."""

    soort: str
    titel: str
    bericht: Bericht
    organisatie: str
    schuldeiser: str
    klant: str  # initials and surname
    geboortedatum: date
    vordering_cent: int | None
    kenmerk: str
    peildatum: date | None
    verstuurd_op: date
    antwoord_voor: date | None
    geldig_tot: date
    aanbod: dict[str, Any] | None
    contact: str  # whom to ask, as in the letters (klantplan.documenten.contactpersoon)
    contact_email: str


def _aanbod(inhoud: dict[str, Any]) -> dict[str, Any]:
    aanbod, vordering = inhoud.get("aanbod_cent"), inhoud.get("vordering_cent")
    looptijd = inhoud.get("looptijd_maanden")
    krediet = inhoud.get("soort") == "saneringskrediet"
    return {
        "aanbod_cent": aanbod,
        "percentage": (
            opmaak.getal(aanbod * 100 / vordering, 2) if aanbod is not None and vordering else ""
        ),
        "looptijd_maanden": looptijd,
        "maandbedrag_cent": (
            aanbod // looptijd if aanbod is not None and looptijd and not krediet else None
        ),
        "krediet": krediet,
    }


TITELS = {
    S.SALDOVERZOEK: "Wat is het saldo van uw vordering?",
    S.BETAALVOORSTEL: "Gaat u akkoord met het betaalvoorstel?",
    S.HEROVERWEGING: "Wilt u het betaalvoorstel opnieuw bekijken?",
}


def vraag(link: Portaallink) -> Vraag:
    v = vraag_van(link)
    o = link.onderhandeling
    klant = o.traject.klant
    inhoud = v.inhoud or {}
    contact = contactpersoon(o.traject)
    peildatum = inhoud.get("peildatum")
    return Vraag(
        soort=v.soort,
        titel=TITELS[v.soort],
        bericht=v,
        organisatie=_merk(link),
        schuldeiser=o.schuld.schuldeiser.naam,
        klant=" ".join(
            d for d in (voorletters(klant.voornamen), klant.tussenvoegsel, klant.achternaam) if d
        ),
        geboortedatum=klant.geboortedatum,
        vordering_cent=inhoud.get("vordering_cent"),
        kenmerk=inhoud.get("kenmerk", ""),
        peildatum=date.fromisoformat(peildatum) if peildatum else None,
        verstuurd_op=v.datum,
        antwoord_voor=o.termijn_tot,
        geldig_tot=_laatste_dag(link),
        aanbod=_aanbod(inhoud) if v.soort != S.SALDOVERZOEK else None,
        contact=(
            contact["naam"]
            if o.traject.contactpersoon is None
            else f"{contact['naam']} van {contact['organisatie']}"
        ),
        contact_email=contact["email"],
    )


# --- Answering -----------------------------------------------------------------------------


def _onder_link(tekst: str, vraag_id: int | None, soorten: tuple[str, ...]) -> Portaallink:
    """Lock the traject (kern's order: traject first), then the link; read both again under
    the lock, so of two submits at once the second finds the link used."""
    link = _zoek(tekst)
    vergrendel_traject(link.onderhandeling.traject_id)
    link = (
        Portaallink.objects.select_for_update(of=("self",))
        .select_related(
            "bericht", "onderhandeling__regeling", "onderhandeling__schuld__schuldeiser"
        )
        .defer("bericht__pdf")
        .get(pk=link.pk)
    )
    controleer(link)
    vraag = vraag_van(link)
    if vraag_id is not None and vraag_id != vraag.pk:
        raise Geweigerd("Dit formulier hoort bij een andere vraag. Open de link opnieuw.")
    if vraag.soort not in soorten:
        raise Geweigerd("Dit antwoord past niet bij deze vraag. Open de link opnieuw.")
    return link


def _gebruikt(link: Portaallink) -> None:
    link.gebruikt_op = timezone.now()
    link.save(update_fields=["gebruikt_op"])


@transaction.atomic
def geef_saldo(
    *,
    token: str,
    vraag_id: int | None,
    hoofdsom_cent: int,
    kosten_cent: int | None,
    rente_cent: int | None,
    kenmerk: str = "",
) -> Bericht:
    """The creditor's saldo on the peildatum, through the link (then used)."""
    link = _onder_link(token, vraag_id, (S.SALDOVERZOEK,))
    bericht = antwoorden.leg_saldo_vast(
        onderhandeling_id=link.onderhandeling_id,
        door=partij(link),
        datum=timezone.localdate(),
        hoofdsom_cent=hoofdsom_cent,
        kosten_cent=kosten_cent,
        rente_cent=rente_cent,
        kenmerk=kenmerk,
        kanaal=Kanaal.PORTAAL,
    )
    _gebruikt(link)
    return bericht


@transaction.atomic
def geef_geen_medewerking(*, token: str, vraag_id: int | None, reden: str) -> Bericht:
    """The creditor will not take part in a schuldregeling (with its reason)."""
    link = _onder_link(token, vraag_id, (S.SALDOVERZOEK,))
    bericht = antwoorden.leg_geen_medewerking_vast(
        onderhandeling_id=link.onderhandeling_id,
        door=partij(link),
        datum=timezone.localdate(),
        reden=reden,
        kanaal=Kanaal.PORTAAL,
    )
    _gebruikt(link)
    return bericht


@transaction.atomic
def geef_antwoord(*, token: str, vraag_id: int | None, akkoord: bool, reden: str = "") -> Bericht:
    """Akkoord or not (with reason) on a betaalvoorstel or after a heroverweging."""
    link = _onder_link(token, vraag_id, (S.BETAALVOORSTEL, S.HEROVERWEGING))
    bericht = antwoorden.leg_antwoord_vast(
        onderhandeling_id=link.onderhandeling_id,
        door=partij(link),
        datum=timezone.localdate(),
        akkoord=akkoord,
        reden=reden,
        kanaal=Kanaal.PORTAAL,
    )
    _gebruikt(link)
    return bericht
