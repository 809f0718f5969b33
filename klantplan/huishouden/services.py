"""The household's write path: link or unlink the partner, add or remove a huisgenoot.

Every write asks the gate (``huishouden.wijzigen``: the package task "informatie verzamelen")
under the traject's lock and is audited. A partner is a klant: found by BSN within the
gemeenten of the user, or made new in the traject's gemeente; a BSN that belongs to a client
elsewhere gets the neutral answer of ADR 0009 and is logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from klantplan.huishouden.models import Huisgenoot, Huisgenootsoort, Huishouden
from klantplan.services.toegang import controleer_toegang
from klantplan.services.vergrendelen import vergrendel_traject
from schuldhulp import audit, opmaak, services
from schuldhulp.models import Gebruiker, Klant
from schuldhulp.permissions import mag
from schuldhulp.validators import geboortedatum_fout, normaliseer_bsn, valideer_bsn
from trajecten.models import Fase, Traject
from trajecten.services import Geweigerd

HANDELING = "huishouden.wijzigen"


def huishouden_van(traject: Traject) -> Huishouden:
    huishouden, _ = Huishouden.objects.get_or_create(traject=traject)
    return huishouden


@dataclass(frozen=True)
class NieuwePartner:
    """What is needed to register a partner who is not yet a klant."""

    voornamen: str
    tussenvoegsel: str
    achternaam: str
    geboortedatum: date


def _bsn(waarde: str, traject: Traject) -> str:
    bsn = normaliseer_bsn(waarde or "")
    try:
        valideer_bsn(bsn)
    except ValidationError as exc:
        raise Geweigerd(f"BSN van de partner: {exc.messages[0]}") from exc
    if bsn == traject.klant.bsn:
        raise Geweigerd("Dit is het BSN van de klant zelf. Vul het BSN van de partner in.")
    return bsn


def _bestaande_partner(klant: Klant, traject: Traject, door: Gebruiker) -> Klant:
    lopend = klant.trajecten.exclude(fase=Fase.UITGESTROOMD).exclude(pk=traject.pk).first()
    if lopend is not None:
        raise Geweigerd(
            f"{klant.volledige_naam} heeft zelf een lopend traject (aangemeld op "
            f"{opmaak.datum(lopend.aanmelddatum)}). Eén huishouden heeft één traject: sluit dat "
            "traject eerst af of leg het huishouden daar vast."
        )
    return klant


def _nieuwe_partner(bsn: str, nieuw: NieuwePartner | None, traject: Traject, door) -> Klant:
    if nieuw is None or not (nieuw.voornamen.strip() and nieuw.achternaam.strip()):
        raise Geweigerd(
            "Dit BSN is nog geen klant. Vul ook de voornamen, achternaam en geboortedatum van "
            "de partner in."
        )
    if fout := geboortedatum_fout(nieuw.geboortedatum, uiterlijk=timezone.localdate()):
        raise Geweigerd(fout)
    klant = traject.klant
    partner = Klant(
        bsn=bsn,
        voornamen=nieuw.voornamen.strip(),
        tussenvoegsel=nieuw.tussenvoegsel.strip(),
        achternaam=nieuw.achternaam.strip(),
        geboortedatum=nieuw.geboortedatum,
        # Same address: a partner in the household lives there.
        straat=klant.straat,
        huisnummer=klant.huisnummer,
        postcode=klant.postcode,
        woonplaats=klant.woonplaats,
        huishouden=klant.huishouden,
        gemeente=traject.gemeente,
    )
    try:
        with transaction.atomic():
            return services.klant_opslaan(klant=partner, door=door)
    except ValidationError as exc:
        raise Geweigerd(" ".join(exc.messages)) from exc


def koppel_partner(
    *, traject_id: int, door: Gebruiker, bsn: str, nieuw: NieuwePartner | None = None
) -> Huishouden:
    # A klant the user may not change (another gemeente, or only shared with them) is not
    # theirs to make a partner: the gate decides.
    klant = Klant.objects.filter(bsn=normaliseer_bsn(bsn or "")).first()
    if klant is not None and mag(door, "klant.wijzigen", klant) is not None:
        # ADR 0009: that it exists, never where or whose; the lookup is logged (outside the
        # transaction, so the refusal does not take the log row with it).
        audit.bsn_gevonden(request=None, klant=klant, gebruiker=door)
        raise Geweigerd(
            "Dit BSN hoort al bij een klant van de Stadsbank, bij een gemeente waarvoor u niet "
            "werkt. Vraag de functioneel beheerder om de klant over te zetten."
        )
    return _koppel_partner(traject_id=traject_id, door=door, bsn=bsn, nieuw=nieuw)


@transaction.atomic
def _koppel_partner(
    *, traject_id: int, door: Gebruiker, bsn: str, nieuw: NieuwePartner | None
) -> Huishouden:
    traject = vergrendel_traject(traject_id)
    controleer_toegang(traject, door, HANDELING)
    bsn = _bsn(bsn, traject)
    bestaand = Klant.objects.filter(bsn=bsn).first()
    if bestaand is not None:
        partner = _bestaande_partner(bestaand, traject, door)
    else:
        partner = _nieuwe_partner(bsn, nieuw, traject, door)
    huishouden = huishouden_van(traject)
    voor = audit.momentopname(huishouden)
    huishouden.partner, huishouden.gewijzigd_door = partner, door
    huishouden.save()
    audit.dossier_gewijzigd(request=None, obj=huishouden, voor=voor, gebruiker=door)
    return huishouden


@transaction.atomic
def ontkoppel_partner(*, traject_id: int, door: Gebruiker) -> Huishouden:
    traject = vergrendel_traject(traject_id)
    controleer_toegang(traject, door, HANDELING)
    huishouden = huishouden_van(traject)
    if traject.schulden.filter(van__in=["partner", "samen"]).exists():
        raise Geweigerd(
            "Er staan schulden van de partner of van beiden in het schuldenoverzicht. Zet die "
            "eerst op naam van de klant of verwijder ze."
        )
    voor = audit.momentopname(huishouden)
    huishouden.partner, huishouden.gewijzigd_door = None, door
    huishouden.save()
    audit.dossier_gewijzigd(request=None, obj=huishouden, voor=voor, gebruiker=door)
    return huishouden


@transaction.atomic
def voeg_huisgenoot_toe(
    *, traject_id: int, door: Gebruiker, soort: str, geboortejaar: int
) -> Huisgenoot:
    traject = vergrendel_traject(traject_id)
    controleer_toegang(traject, door, HANDELING)
    if soort not in Huisgenootsoort.values:
        raise Geweigerd("Kies of de huisgenoot een kind of een andere volwassene is.")
    dit_jaar = timezone.localdate().year
    if not 1900 <= geboortejaar <= dit_jaar:
        raise Geweigerd(f"Vul een geboortejaar in tussen 1900 en {dit_jaar}.")
    huishouden = huishouden_van(traject)
    genoot = Huisgenoot.objects.create(
        huishouden=huishouden, soort=soort, geboortejaar=geboortejaar
    )
    audit.dossier_aangemaakt(request=None, obj=genoot, gebruiker=door)
    return genoot


@transaction.atomic
def verwijder_huisgenoot(*, huisgenoot_id: int, door: Gebruiker) -> None:
    traject_id = Huisgenoot.objects.values_list("huishouden__traject_id", flat=True).get(
        pk=huisgenoot_id
    )
    traject = vergrendel_traject(traject_id)
    controleer_toegang(traject, door, HANDELING)
    genoot = Huisgenoot.objects.select_for_update().get(pk=huisgenoot_id)
    audit.dossier_gewijzigd(
        request=None, obj=genoot, voor={}, gebruiker=door, omschrijving="Huisgenoot verwijderd"
    )
    genoot.delete()
