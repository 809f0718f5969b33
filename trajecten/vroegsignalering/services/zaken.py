"""Case work: contact attempts, closing a case, and turning it into an aanmelding."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from schuldhulp import audit, opmaak
from schuldhulp.models import Gebruiker, Klant
from schuldhulp.services import klant_opslaan
from schuldhulp.validators import normaliseer_bsn, normaliseer_postcode
from trajecten.models import Aanmeldkanaal, BedreigendeSituatie, Traject
from trajecten.services import Geweigerd, meld_aan
from trajecten.vroegsignalering.models import (
    Contactpoging,
    Contactsoort,
    Dagdeel,
    Signaalstatus,
    Signaalzaak,
    Sluitreden,
    Vroegsignaal,
)
from trajecten.vroegsignalering.services.klok import Normcontext, bereken_klok
from trajecten.vroegsignalering.services.toegang import vergrendel_zaak


def _niet_voor_eerste_signaal(zaak: Signaalzaak, datum: date, *, wat: str = "De datum") -> None:
    if datum < zaak.eerste_signaal_op:
        raise Geweigerd(
            f"{wat} ligt voor het eerste signaal ({opmaak.datum(zaak.eerste_signaal_op)})."
        )


def _sla_overgang_op(
    zaak: Signaalzaak, *, voor: dict, door: Gebruiker, signaalstatus: str, omschrijving: str
) -> None:
    """After a transition: the clock, the row, the status of its signals and the audit."""
    bereken_klok(zaak, Normcontext.laad())
    zaak.save()
    Vroegsignaal.objects.filter(zaak=zaak).update(status=signaalstatus)
    audit.dossier_gewijzigd(
        request=None, obj=zaak, voor=voor, gebruiker=door, omschrijving=omschrijving
    )


@transaction.atomic
def registreer_contactpoging(
    *,
    zaak_id: int,
    door: Gebruiker,
    soort: str,
    datum: date,
    dagdeel: str,
    bereikt: bool,
    notitie: str = "",
) -> Contactpoging:
    """An attempt to reach the person; the first successful one stops the clock."""
    zaak = vergrendel_zaak(zaak_id, door)
    if not zaak.is_open:
        raise Geweigerd("Deze zaak is afgehandeld. U kunt geen contactpoging meer vastleggen.")
    if soort not in Contactsoort.values:
        raise Geweigerd("Kies hoe u contact zocht (brief, telefoon, e-mail, sms of huisbezoek).")
    if dagdeel not in Dagdeel.values:
        raise Geweigerd("Kies het dagdeel: ochtend, middag of avond.")
    if datum > timezone.localdate():
        raise Geweigerd("De datum ligt in de toekomst. Leg alleen vast wat al gebeurd is.")
    _niet_voor_eerste_signaal(zaak, datum)
    poging = Contactpoging.objects.create(
        zaak=zaak,
        soort=soort,
        datum=datum,
        dagdeel=dagdeel,
        bereikt=bereikt,
        notitie=notitie.strip(),
        door=door,
    )
    if bereikt:
        voor = audit.momentopname(zaak)
        zaak.leg_contact(datum=datum)
        _sla_overgang_op(
            zaak,
            voor=voor,
            door=door,
            signaalstatus=Signaalstatus.IN_BEHANDELING,
            omschrijving="Eerste contact",
        )
    audit.dossier_aangemaakt(
        request=None, obj=poging, gebruiker=door, omschrijving=f"Contactpoging zaak {zaak.pk}"
    )
    return poging


@transaction.atomic
def sluit_zaak(
    *, zaak_id: int, door: Gebruiker, reden: str, datum: date, toelichting: str = ""
) -> Signaalzaak:
    """Close a case without an aanmelding, with a reason."""
    zaak = vergrendel_zaak(zaak_id, door)
    if not zaak.is_open:
        raise Geweigerd("Deze zaak is al afgehandeld.")
    if reden not in Sluitreden.values:
        raise Geweigerd("Kies een reden om de zaak te sluiten.")
    if reden == Sluitreden.ANDERS and not toelichting.strip():
        raise Geweigerd("Licht de reden 'anders' toe.")
    if datum > timezone.localdate():
        raise Geweigerd("De datum ligt in de toekomst.")
    _niet_voor_eerste_signaal(zaak, datum)
    voor = audit.momentopname(zaak)
    zaak.sluit(reden=reden, datum=datum, toelichting=toelichting.strip(), door=door)
    _sla_overgang_op(
        zaak,
        voor=voor,
        door=door,
        signaalstatus=Signaalstatus.AFGEHANDELD,
        omschrijving="Signaalzaak gesloten",
    )
    return zaak


@dataclass
class Klantgegevens:
    bsn: str
    voornamen: str
    achternaam: str
    geboortedatum: date
    postcode: str
    tussenvoegsel: str = ""
    straat: str = ""
    huisnummer: str = ""
    woonplaats: str = ""
    telefoon: str = ""
    email: str = ""


@dataclass
class Omzetting:
    traject: Traject
    klant: Klant
    klant_nieuw: bool


class BsnElders(Geweigerd):
    """The BSN is a client of another gemeente (ADR 0009): said without where or whose; the
    view logs the lookup after this transaction rolled back."""

    def __init__(self, klant: Klant) -> None:
        super().__init__(
            "Dit BSN hoort al bij een klant van de Stadsbank, bij een gemeente waarvoor u niet "
            "werkt. Vraag de functioneel beheerder om de klant over te zetten."
        )
        self.klant = klant


@transaction.atomic
def zet_om_naar_aanmelding(
    *,
    zaak_id: int,
    door: Gebruiker,
    klantgegevens: Klantgegevens,
    datum: date,
    reden_terugdatering: str = "",
    bedreigende_situatie: str = "",
    toelichting: str = "",
) -> Omzetting:
    """Turn a case into an aanmelding: the klant (made if new) and a traject via
    vroegsignalering. All or nothing: a refused aanmelding leaves no new klant behind."""
    zaak = vergrendel_zaak(zaak_id, door)
    if not zaak.is_open:
        raise Geweigerd("Deze zaak is al afgehandeld.")
    _niet_voor_eerste_signaal(zaak, datum, wat="De aanmelddatum")
    if bedreigende_situatie and bedreigende_situatie not in BedreigendeSituatie.values:
        raise Geweigerd("Kies een bedreigende situatie uit de lijst, of laat het veld leeg.")
    bsn = normaliseer_bsn(klantgegevens.bsn)
    klant = Klant.objects.filter(bsn=bsn).first()
    klant_nieuw = klant is None
    if klant is not None and klant.gemeente_id != zaak.gemeente_id:
        raise BsnElders(klant)
    if klant is None:
        klant = Klant(
            gemeente=zaak.gemeente,
            bsn=bsn,
            voornamen=klantgegevens.voornamen.strip(),
            tussenvoegsel=klantgegevens.tussenvoegsel.strip(),
            achternaam=klantgegevens.achternaam.strip(),
            geboortedatum=klantgegevens.geboortedatum,
            straat=klantgegevens.straat.strip(),
            huisnummer=klantgegevens.huisnummer.strip(),
            postcode=normaliseer_postcode(klantgegevens.postcode),
            woonplaats=klantgegevens.woonplaats.strip(),
            telefoon=klantgegevens.telefoon.strip(),
            email=klantgegevens.email.strip(),
        )
        try:
            klant_opslaan(klant=klant, door=door)
        except ValidationError as exc:
            raise Geweigerd(" ".join(exc.messages)) from exc
    traject = meld_aan(
        klant=klant,
        door=door,
        datum=datum,
        kanaal=Aanmeldkanaal.VROEGSIGNALERING,
        bedreigende_situatie=bedreigende_situatie,
        toelichting=toelichting,  # door becomes the person of their side (meld_aan)
        reden_terugdatering=reden_terugdatering,
        signaaldatum=zaak.eerste_signaal_op,
    )
    voor = audit.momentopname(zaak)
    # What the inwoner told us fills the gaps of what the partners delivered.
    for veld, waarde in vars(klantgegevens).items():
        if waarde and not getattr(zaak, veld):
            setattr(zaak, veld, waarde)
    zaak.zet_om(traject=traject, datum=datum, door=door)
    _sla_overgang_op(
        zaak,
        voor=voor,
        door=door,
        signaalstatus=Signaalstatus.AFGEHANDELD,
        omschrijving="Omgezet in aanmelding",
    )
    return Omzetting(traject=traject, klant=klant, klant_nieuw=klant_nieuw)
