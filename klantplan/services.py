"""Every write of the klantplan app. Views, the CSV import and the documents call these.

All functions take keyword-only arguments, run in one transaction and refuse with a plain
Dutch message (:class:`Geweigerd`, or :class:`Ongeldig` naming the field). Who may write:
a klantregisseur or gemeente consulent who works for the traject's gemeente.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.utils import formats, timezone

from klantplan import sanering
from klantplan.models import (
    Actie,
    Actiesoort,
    Afstemming,
    Afstemmingsoort,
    Document,
    Documentsoort,
    Doel,
    DoelenGehaald,
    Doelstatus,
    Gesprek,
    Gesprekssoort,
    Klacht,
    Klachtsoort,
    Klachtuitkomst,
    Klantplan,
    Leefgebied,
    Monitoringmoment,
    OplossendVermogen,
    Planstatus,
    Schaal,
    Schuld,
    Schuldeiser,
    Schuldeisersoort,
    Schuldstatus,
    Voorstel,
    Voorstelsoort,
    Wie,
)
from klantplan.validatie import (
    OngeldigeWaarde,
    controleer_bedrag,
    controleer_kvk,
    controleer_niet_in_toekomst,
)
from schuldhulp import audit
from schuldhulp.models import Gebruiker
from schuldhulp.pakketten import Partij, Taak
from schuldhulp.permissions import DOSSIERROLLEN
from trajecten import workflow
from trajecten.models import Productsoort, Traject
from trajecten.services import Geweigerd

logger = logging.getLogger(__name__)

__all__ = ["Geweigerd", "ImportGeweigerd", "Ongeldig"]

MAX_TEKST = 5000


class Ongeldig(Geweigerd):
    """Bad input for one field; ``veld`` names the form field the message belongs to."""

    def __init__(self, bericht: str, *, veld: str | None = None) -> None:
        super().__init__(bericht)
        self.veld = veld


@dataclass
class Rijfout:
    rij: int
    berichten: list[str]


class ImportGeweigerd(Geweigerd):
    """The CSV import found errors: nothing was stored."""

    def __init__(self, fouten: list[Rijfout]) -> None:
        self.fouten = fouten
        aantal = len(fouten)
        super().__init__(
            f"Er {'is' if aantal == 1 else 'zijn'} {aantal} "
            f"{'rij' if aantal == 1 else 'rijen'} met fouten. Er is niets opgeslagen."
        )


def datum_nl(datum: date) -> str:
    return formats.date_format(datum, "j F Y")


# --- Guards ---------------------------------------------------------------------------------


def _toegang(traject: Traject, door: Gebruiker) -> None:
    if reden := workflow.rol_en_gemeente(traject, door):
        raise Geweigerd(reden)


def _vergrendel_traject(traject_id: int) -> Traject:
    return (
        Traject.objects.select_for_update(of=("self",))
        .select_related("afspraak", "gemeente", "klant", "behandelaar")
        .get(pk=traject_id)
    )


def _vergrendel_plan(klantplan_id: int) -> Klantplan:
    return (
        Klantplan.objects.select_for_update(of=("self",))
        .select_related("traject__afspraak", "traject__gemeente", "traject__klant")
        .get(pk=klantplan_id)
    )


def _moet_concept(plan: Klantplan) -> None:
    if plan.is_vastgesteld:
        raise Geweigerd(
            f"Versie {plan.versie} van het klantplan is vastgesteld op "
            f"{datum_nl(plan.vastgesteld_op)} en kan niet meer worden gewijzigd. "
            "Maak een nieuwe versie om iets te veranderen."
        )


def _moet_laatste_versie(plan: Klantplan) -> None:
    laatste = plan.traject.klantplannen.order_by("-versie").values_list("versie", flat=True)[0]
    if plan.versie != laatste:
        raise Geweigerd(
            f"Dit is een oude versie (versie {plan.versie}) van het klantplan. "
            f"Werk in de nieuwste versie (versie {laatste})."
        )


def _tekst(waarde: str | None, *, veld: str, label: str, verplicht: bool = False) -> str:
    tekst = (waarde or "").strip()
    if verplicht and not tekst:
        raise Ongeldig(f"Vul {label} in.", veld=veld)
    if len(tekst) > MAX_TEKST:
        raise Ongeldig(
            f"{label[0].upper()}{label[1:]} is te lang: hoogstens {MAX_TEKST} tekens.", veld=veld
        )
    return tekst


def _keuze(waarde: str, keuzes, *, veld: str, bericht: str, leeg_mag: bool = False) -> str:
    if leeg_mag and not waarde:
        return ""
    if waarde not in keuzes.values:
        raise Ongeldig(bericht, veld=veld)
    return waarde


def _datum_verleden(datum: date | None, *, veld: str, wat: str = "De datum") -> date:
    if datum is None:
        raise Ongeldig(f"Vul {wat.lower()} in.", veld=veld)
    try:
        return controleer_niet_in_toekomst(datum, wat=wat)
    except OngeldigeWaarde as exc:
        raise Ongeldig(str(exc), veld=veld) from exc


def _bedrag(centen: int | None, *, veld: str, wat: str) -> int:
    if centen is None:
        raise Ongeldig(f"Vul {wat.lower()} in.", veld=veld)
    try:
        return controleer_bedrag(centen, wat=wat)
    except OngeldigeWaarde as exc:
        raise Ongeldig(str(exc), veld=veld) from exc


# --- Klantplan and its versions -------------------------------------------------------------


@transaction.atomic
def maak_klantplan(*, traject: Traject, door: Gebruiker) -> Klantplan:
    """Version 1 (concept) of the klantplan of `traject`."""
    traject = _vergrendel_traject(traject.pk)
    _toegang(traject, door)
    if traject.klantplannen.exists():
        raise Geweigerd("Dit traject heeft al een klantplan. Open het bestaande klantplan.")
    plan = Klantplan.objects.create(traject=traject, versie=1, aangemaakt_door=door)
    audit.dossier_aangemaakt(request=None, obj=plan, gebruiker=door, omschrijving="Klantplan v1")
    return plan


@transaction.atomic
def wijzig_klantplan(
    *,
    klantplan_id: int,
    door: Gebruiker,
    hulpvraag: str,
    oorzaak: str,
    productkeuze: str = "",
    leefgebieden: dict[str, str] | None = None,
    oplossend_vermogen: str = "",
    oplossend_vermogen_toelichting: str = "",
) -> Klantplan:
    """Change the text of a concept version. A summier (Basis) plan has no leefgebieden or
    oplossend vermogen: those arguments are ignored there."""
    plan = _vergrendel_plan(klantplan_id)
    _toegang(plan.traject, door)
    _moet_concept(plan)
    voor = audit.momentopname(plan)
    plan.hulpvraag = _tekst(hulpvraag, veld="hulpvraag", label="de hulpvraag")
    plan.oorzaak = _tekst(oorzaak, veld="oorzaak", label="de oorzaak van de schulden")
    plan.productkeuze = _keuze(
        productkeuze,
        Productsoort,
        veld="productkeuze",
        bericht="Kies een product uit de lijst.",
        leeg_mag=True,
    )
    if not plan.summier:
        leefgebieden = leefgebieden or {}
        onbekend = set(leefgebieden) - set(Leefgebied.values)
        if onbekend:
            raise Ongeldig(f"Onbekend leefgebied: {', '.join(sorted(onbekend))}.")
        plan.leefgebieden = {
            lg.value: _tekst(
                leefgebieden.get(lg.value), veld=f"leefgebied_{lg.value}", label=lg.label
            )
            for lg in Leefgebied
            if (leefgebieden.get(lg.value) or "").strip()
        }
        plan.oplossend_vermogen = _keuze(
            oplossend_vermogen,
            OplossendVermogen,
            veld="oplossend_vermogen",
            bericht="Kies hoe goed de klant zijn problemen zelf kan oplossen.",
            leeg_mag=True,
        )
        plan.oplossend_vermogen_toelichting = _tekst(
            oplossend_vermogen_toelichting,
            veld="oplossend_vermogen_toelichting",
            label="de toelichting",
        )
    plan.save()
    audit.dossier_gewijzigd(request=None, obj=plan, voor=voor, gebruiker=door)
    return plan


@transaction.atomic
def stel_vast(
    *, klantplan_id: int, door: Gebruiker, datum: date | None, besproken_met_klant: bool
) -> Klantplan:
    """Fix a concept version: agreed with the klant on `datum`. After this it is frozen."""
    plan = _vergrendel_plan(klantplan_id)
    traject = plan.traject
    _toegang(traject, door)
    _moet_concept(plan)
    datum = _datum_verleden(datum, veld="datum", wat="De datum van vaststellen")
    if datum < traject.aanmelddatum:
        raise Ongeldig(
            f"De datum ligt voor de aanmelding ({datum_nl(traject.aanmelddatum)}).", veld="datum"
        )
    if plan.vorige and plan.vorige.vastgesteld_op and datum < plan.vorige.vastgesteld_op:
        raise Ongeldig(
            f"De datum ligt voor de vaststelling van versie {plan.vorige.versie} "
            f"({datum_nl(plan.vorige.vastgesteld_op)}).",
            veld="datum",
        )
    if not besproken_met_klant:
        raise Ongeldig(
            "Stel het klantplan pas vast als u het met de klant heeft besproken en de klant "
            "akkoord is. Zet dan het vinkje.",
            veld="besproken_met_klant",
        )
    if not plan.hulpvraag.strip():
        raise Geweigerd("Vul eerst de hulpvraag in. Daarna kunt u het klantplan vaststellen.")
    if not plan.doelen.exists():
        raise Geweigerd("Voeg eerst minstens één doel toe. Daarna kunt u het plan vaststellen.")
    voor = audit.momentopname(plan)
    plan.status = Planstatus.VASTGESTELD
    plan.vastgesteld_op = datum
    plan.vastgesteld_door = door
    plan.besproken_met_klant = True
    plan.save()
    audit.dossier_gewijzigd(
        request=None, obj=plan, voor=voor, gebruiker=door, omschrijving="Vastgesteld"
    )
    return plan


@transaction.atomic
def nieuwe_versie(*, traject: Traject, door: Gebruiker) -> Klantplan:
    """Copy the newest (vastgesteld) version into a new concept; the old one stays as it is."""
    traject = _vergrendel_traject(traject.pk)
    _toegang(traject, door)
    laatste = traject.klantplannen.order_by("-versie").first()
    if laatste is None:
        raise Geweigerd("Dit traject heeft nog geen klantplan. Maak eerst een klantplan.")
    if not laatste.is_vastgesteld:
        raise Geweigerd(
            f"Versie {laatste.versie} is nog een concept. Wijzig die versie; een nieuwe versie "
            "maakt u pas na het vaststellen."
        )
    nieuw = Klantplan.objects.create(
        traject=traject,
        versie=laatste.versie + 1,
        hulpvraag=laatste.hulpvraag,
        oorzaak=laatste.oorzaak,
        leefgebieden=laatste.leefgebieden,
        oplossend_vermogen=laatste.oplossend_vermogen,
        oplossend_vermogen_toelichting=laatste.oplossend_vermogen_toelichting,
        productkeuze=laatste.productkeuze,
        vorige=laatste,
        aangemaakt_door=door,
    )
    Doel.objects.bulk_create(
        Doel(
            klantplan=nieuw,
            ref=d.ref,
            omschrijving=d.omschrijving,
            streefdatum=d.streefdatum,
            status=d.status,
            volgorde=d.volgorde,
        )
        for d in laatste.doelen.all()
    )
    Actie.objects.bulk_create(
        Actie(
            traject=traject,
            klantplan=nieuw,
            ref=a.ref,
            soort=a.soort,
            wat=a.wat,
            wie=a.wie,
            deadline=a.deadline,
            gedaan_op=a.gedaan_op,
        )
        for a in laatste.acties.all()
    )
    audit.dossier_aangemaakt(
        request=None, obj=nieuw, gebruiker=door, omschrijving=f"Klantplan v{nieuw.versie}"
    )
    return nieuw


# --- Doelen ----------------------------------------------------------------------------------


def _doel_velden(omschrijving: str, streefdatum: date | None, status: str) -> dict:
    return {
        "omschrijving": _tekst(
            omschrijving, veld="omschrijving", label="wat het doel is", verplicht=True
        ),
        "streefdatum": streefdatum,
        "status": _keuze(status, Doelstatus, veld="status", bericht="Kies de status van het doel."),
    }


@transaction.atomic
def voeg_doel_toe(
    *,
    klantplan_id: int,
    door: Gebruiker,
    omschrijving: str,
    streefdatum: date | None = None,
    status: str = Doelstatus.OPEN,
) -> Doel:
    plan = _vergrendel_plan(klantplan_id)
    _toegang(plan.traject, door)
    _moet_concept(plan)
    velden = _doel_velden(omschrijving, streefdatum, status)
    volgorde = plan.doelen.order_by("-volgorde").values_list("volgorde", flat=True).first() or 0
    doel = Doel.objects.create(klantplan=plan, volgorde=volgorde + 1, **velden)
    audit.dossier_aangemaakt(request=None, obj=plan, gebruiker=door, omschrijving="Doel toegevoegd")
    return doel


@transaction.atomic
def wijzig_doel(
    *,
    doel_id: int,
    door: Gebruiker,
    omschrijving: str,
    streefdatum: date | None,
    status: str,
) -> Doel:
    doel = Doel.objects.select_for_update().get(pk=doel_id)
    plan = _vergrendel_plan(doel.klantplan_id)
    _toegang(plan.traject, door)
    _moet_concept(plan)
    voor = audit.momentopname(doel)
    for naam, waarde in _doel_velden(omschrijving, streefdatum, status).items():
        setattr(doel, naam, waarde)
    doel.save()
    audit.dossier_gewijzigd(request=None, obj=plan, voor=voor, gebruiker=door)
    return doel


@transaction.atomic
def verwijder_doel(*, doel_id: int, door: Gebruiker) -> None:
    doel = Doel.objects.select_for_update().get(pk=doel_id)
    plan = _vergrendel_plan(doel.klantplan_id)
    _toegang(plan.traject, door)
    _moet_concept(plan)
    doel.delete()
    audit.dossier_gewijzigd(
        request=None, obj=plan, voor={}, gebruiker=door, omschrijving="Doel verwijderd"
    )


@transaction.atomic
def zet_doelstatus(*, doel_id: int, door: Gebruiker, status: str) -> Doel:
    """Progress, not a change of the plan: allowed on the newest version, also when fixed."""
    doel = Doel.objects.select_for_update().get(pk=doel_id)
    plan = _vergrendel_plan(doel.klantplan_id)
    _toegang(plan.traject, door)
    _moet_laatste_versie(plan)
    voor = audit.momentopname(doel)
    doel.status = _keuze(status, Doelstatus, veld="status", bericht="Kies de status van het doel.")
    doel.save(update_fields=["status", "bijgewerkt_op"])
    audit.dossier_gewijzigd(request=None, obj=plan, voor=voor, gebruiker=door)
    return doel


# --- Acties ----------------------------------------------------------------------------------

ACTIESOORT_TAAK: dict[str, Taak | None] = {
    soort.value: (None if soort == Actiesoort.PRODUCT else Taak(soort.value))
    for soort in Actiesoort
    if soort != Actiesoort.KLANT
}


def standaard_wie(traject: Traject, soort: str) -> Wie:
    """Who does an action of this kind, by the package matrix agreed when the traject began."""
    if soort == Actiesoort.KLANT:
        return Wie.KLANT
    partij = workflow.partij_voor(traject, ACTIESOORT_TAAK[soort])
    return Wie.STADSBANK if partij == Partij.STADSBANK else Wie.GEMEENTE


def _actie_velden(traject: Traject, soort: str, wat: str, wie: str, deadline: date | None) -> dict:
    soort = _keuze(soort, Actiesoort, veld="soort", bericht="Kies wat voor actie het is.")
    wie = _keuze(wie, Wie, veld="wie", bericht="Kies wie de actie doet.", leeg_mag=True)
    return {
        "soort": soort,
        "wat": _tekst(wat, veld="wat", label="wat er moet gebeuren", verplicht=True),
        "wie": wie or standaard_wie(traject, soort),
        "deadline": deadline,
    }


@transaction.atomic
def voeg_actie_toe(
    *,
    door: Gebruiker,
    soort: str,
    wat: str,
    wie: str = "",
    deadline: date | None = None,
    klantplan_id: int | None = None,
    gesprek_id: int | None = None,
) -> Actie:
    """An action in a concept klantplan, or agreed in a gesprek. An empty `wie` takes the
    party the package matrix gives for this kind of action."""
    if (klantplan_id is None) == (gesprek_id is None):
        raise Geweigerd("Een actie hoort bij een klantplan of bij een gesprek.")
    plan = gesprek = None
    if klantplan_id is not None:
        plan = _vergrendel_plan(klantplan_id)
        traject = plan.traject
        _toegang(traject, door)
        _moet_concept(plan)
    else:
        gesprek = Gesprek.objects.select_related("traject__afspraak").get(pk=gesprek_id)
        traject = _vergrendel_traject(gesprek.traject_id)
        _toegang(traject, door)
    actie = Actie.objects.create(
        traject=traject,
        klantplan=plan,
        gesprek=gesprek,
        **_actie_velden(traject, soort, wat, wie, deadline),
    )
    audit.dossier_aangemaakt(request=None, obj=actie, gebruiker=door)
    return actie


def _vergrendel_actie(actie_id: int, door: Gebruiker) -> Actie:
    actie = Actie.objects.select_for_update().get(pk=actie_id)
    traject = _vergrendel_traject(actie.traject_id)
    _toegang(traject, door)
    actie.traject = traject
    return actie


@transaction.atomic
def wijzig_actie(
    *,
    actie_id: int,
    door: Gebruiker,
    soort: str,
    wat: str,
    wie: str = "",
    deadline: date | None = None,
) -> Actie:
    actie = _vergrendel_actie(actie_id, door)
    if actie.klantplan_id:
        _moet_concept(_vergrendel_plan(actie.klantplan_id))
    voor = audit.momentopname(actie)
    for naam, waarde in _actie_velden(actie.traject, soort, wat, wie, deadline).items():
        setattr(actie, naam, waarde)
    actie.save()
    audit.dossier_gewijzigd(request=None, obj=actie, voor=voor, gebruiker=door)
    return actie


@transaction.atomic
def verwijder_actie(*, actie_id: int, door: Gebruiker) -> None:
    actie = _vergrendel_actie(actie_id, door)
    if actie.klantplan_id:
        _moet_concept(_vergrendel_plan(actie.klantplan_id))
    audit.dossier_gewijzigd(
        request=None, obj=actie, voor={}, gebruiker=door, omschrijving="Actie verwijderd"
    )
    actie.delete()


@transaction.atomic
def markeer_actie(*, actie_id: int, door: Gebruiker, gedaan_op: date | None) -> Actie:
    """Mark an action done (or open again). Progress: allowed on a fixed plan too, but only
    in its newest version."""
    actie = _vergrendel_actie(actie_id, door)
    if actie.klantplan_id:
        _moet_laatste_versie(_vergrendel_plan(actie.klantplan_id))
    if gedaan_op is not None:
        gedaan_op = _datum_verleden(gedaan_op, veld="gedaan_op", wat="De datum")
    voor = audit.momentopname(actie)
    actie.gedaan_op = gedaan_op
    actie.save(update_fields=["gedaan_op", "bijgewerkt_op"])
    audit.dossier_gewijzigd(request=None, obj=actie, voor=voor, gebruiker=door)
    return actie


# --- Monitoring ------------------------------------------------------------------------------


@transaction.atomic
def registreer_monitoring(
    *,
    traject: Traject,
    door: Gebruiker,
    datum: date | None,
    doelen_gehaald: str,
    schaal: str,
    afspraak_gemeente: str = "",
    toelichting: str = "",
) -> Monitoringmoment:
    traject = _vergrendel_traject(traject.pk)
    _toegang(traject, door)
    moment = Monitoringmoment.objects.create(
        traject=traject,
        klantplan=traject.klantplannen.filter(status=Planstatus.VASTGESTELD)
        .order_by("-versie")
        .first(),
        datum=_datum_verleden(datum, veld="datum"),
        doelen_gehaald=_keuze(
            doelen_gehaald,
            DoelenGehaald,
            veld="doelen_gehaald",
            bericht="Kies of de doelen gehaald zijn.",
        ),
        schaal=_keuze(schaal, Schaal, veld="schaal", bericht="Kies op- of afschalen."),
        afspraak_gemeente=_tekst(
            afspraak_gemeente, veld="afspraak_gemeente", label="de afspraak met de gemeente"
        ),
        toelichting=_tekst(toelichting, veld="toelichting", label="de toelichting"),
        door=door,
    )
    audit.dossier_aangemaakt(request=None, obj=moment, gebruiker=door)
    return moment


# --- Schuldeisers and schulden ---------------------------------------------------------------


@transaction.atomic
def voeg_schuldeiser_toe(
    *, door: Gebruiker, naam: str, soort: str, kvk_nummer: str = "", preferent: bool = False
) -> Schuldeiser:
    """Add a creditor to the shared register (any klantregisseur or consulent)."""
    if not (door and door.is_authenticated and door.rol in DOSSIERROLLEN):
        raise Geweigerd("Met uw rol kunt u geen schuldeisers toevoegen.")
    naam = _tekst(naam, veld="naam", label="de naam", verplicht=True)[:200]
    try:
        kvk_nummer = controleer_kvk(kvk_nummer)
    except OngeldigeWaarde as exc:
        raise Ongeldig(str(exc), veld="kvk_nummer") from exc
    soort = _keuze(soort, Schuldeisersoort, veld="soort", bericht="Kies de soort schuldeiser.")
    if Schuldeiser.objects.filter(naam__iexact=naam).exists():
        raise Ongeldig("Er staat al een schuldeiser met deze naam in het register.", veld="naam")
    if kvk_nummer and Schuldeiser.objects.filter(kvk_nummer=kvk_nummer).exists():
        raise Ongeldig("Er staat al een schuldeiser met dit KvK-nummer.", veld="kvk_nummer")
    return Schuldeiser.objects.create(
        naam=naam, soort=soort, kvk_nummer=kvk_nummer, preferent=preferent
    )


@dataclass(frozen=True)
class Schuldgegevens:
    schuldeiser: Schuldeiser | None
    oorspronkelijk_bedrag_cent: int | None
    actueel_bedrag_cent: int | None
    peildatum: date | None
    status: str = Schuldstatus.AANGEMELD
    zakelijk: bool = False
    beslag: bool = False
    kenmerk: str = ""


def _controleer_schuld(gegevens: Schuldgegevens) -> dict:
    """All checks on one debt line; the first problem is raised, naming its field."""
    if gegevens.schuldeiser is None:
        raise Ongeldig("Kies de schuldeiser.", veld="schuldeiser")
    oorspronkelijk = _bedrag(
        gegevens.oorspronkelijk_bedrag_cent,
        veld="oorspronkelijk_bedrag",
        wat="Het oorspronkelijke bedrag",
    )
    actueel = _bedrag(gegevens.actueel_bedrag_cent, veld="actueel_bedrag", wat="Het actuele bedrag")
    peildatum = _datum_verleden(gegevens.peildatum, veld="peildatum", wat="De peildatum")
    if peildatum.year < 1980:
        raise Ongeldig("De peildatum ligt te ver terug. Controleer het jaartal.", veld="peildatum")
    return {
        "schuldeiser": gegevens.schuldeiser,
        "oorspronkelijk_bedrag_cent": oorspronkelijk,
        "actueel_bedrag_cent": actueel,
        "peildatum": peildatum,
        "status": _keuze(
            gegevens.status, Schuldstatus, veld="status", bericht="Kies de status van de schuld."
        ),
        "zakelijk": bool(gegevens.zakelijk),
        "beslag": bool(gegevens.beslag),
        "kenmerk": _tekst(gegevens.kenmerk, veld="kenmerk", label="het kenmerk")[:100],
    }


@transaction.atomic
def voeg_schuld_toe(*, traject: Traject, door: Gebruiker, gegevens: Schuldgegevens) -> Schuld:
    traject = _vergrendel_traject(traject.pk)
    _toegang(traject, door)
    schuld = Schuld.objects.create(
        traject=traject, bijgewerkt_door=door, **_controleer_schuld(gegevens)
    )
    audit.dossier_aangemaakt(request=None, obj=schuld, gebruiker=door)
    return schuld


@transaction.atomic
def wijzig_schuld(*, schuld_id: int, door: Gebruiker, gegevens: Schuldgegevens) -> Schuld:
    schuld = Schuld.objects.select_for_update().select_related("traject").get(pk=schuld_id)
    _toegang(schuld.traject, door)
    voor = audit.momentopname(schuld)
    for naam, waarde in _controleer_schuld(gegevens).items():
        setattr(schuld, naam, waarde)
    schuld.bijgewerkt_door = door
    schuld.save()
    audit.dossier_gewijzigd(request=None, obj=schuld, voor=voor, gebruiker=door)
    return schuld


@transaction.atomic
def verwijder_schuld(*, schuld_id: int, door: Gebruiker) -> None:
    schuld = Schuld.objects.select_for_update().select_related("traject").get(pk=schuld_id)
    _toegang(schuld.traject, door)
    audit.dossier_gewijzigd(
        request=None, obj=schuld, voor={}, gebruiker=door, omschrijving="Schuld verwijderd"
    )
    schuld.delete()


@transaction.atomic
def importeer_schulden(*, traject: Traject, door: Gebruiker, inhoud: bytes) -> list[Schuld]:
    """Read a creditor list (CSV) into the schuldenoverzicht. Every row is checked first;
    with any error nothing is stored and :class:`ImportGeweigerd` lists the errors per row."""
    from klantplan.csvimport import lees_schulden

    traject = _vergrendel_traject(traject.pk)
    _toegang(traject, door)
    rijen, fouten = lees_schulden(inhoud)
    bestaande = set(traject.schulden.exclude(kenmerk="").values_list("schuldeiser_id", "kenmerk"))
    gecontroleerd: list[dict] = []
    for rij in rijen:
        berichten = list(rij.fouten)
        if not berichten:
            try:
                velden = _controleer_schuld(rij.gegevens)
            except Ongeldig as exc:
                berichten.append(str(exc))
            else:
                sleutel = (velden["schuldeiser"].pk, velden["kenmerk"])
                if velden["kenmerk"] and sleutel in bestaande:
                    berichten.append(
                        f"Deze schuld ({velden['schuldeiser']}, kenmerk {velden['kenmerk']}) "
                        "staat al in het overzicht of komt twee keer voor in het bestand."
                    )
                bestaande.add(sleutel)
                gecontroleerd.append(velden)
        if berichten:
            fouten.append(Rijfout(rij=rij.nummer, berichten=berichten))
    if fouten:
        raise ImportGeweigerd(sorted(fouten, key=lambda f: f.rij))
    if not gecontroleerd:
        raise Geweigerd("Het bestand bevat geen schulden.")
    schulden = Schuld.objects.bulk_create(
        Schuld(traject=traject, bijgewerkt_door=door, **velden) for velden in gecontroleerd
    )
    audit.import_uitgevoerd(
        request=None,
        soort="schulden",
        gemeente_id=traject.gemeente_id,
        gebruiker=door,
        omschrijving=f"Traject {traject.pk}: {len(schulden)} schulden ingelezen",
    )
    return schulden


# --- Saneringsvoorstel -----------------------------------------------------------------------


@transaction.atomic
def bereken_voorstel(
    *,
    traject: Traject,
    door: Gebruiker,
    soort: str,
    aflosruimte_per_maand_cent: int | None = None,
    looptijd_maanden: int | None = sanering.STANDAARD_LOOPTIJD_MAANDEN,
    krediet_cent: int | None = None,
    preferent_factor: Decimal = sanering.STANDAARD_PREFERENT_FACTOR,
) -> Voorstel:
    """Share what the klant can pay among the creditors (klantplan.sanering) and store it."""
    traject = _vergrendel_traject(traject.pk)
    _toegang(traject, door)
    soort = _keuze(soort, Voorstelsoort, veld="soort", bericht="Kies de soort voorstel.")
    try:
        factor = Decimal(preferent_factor)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise Ongeldig("De factor voor preferente schuldeisers is geen getal.") from exc
    if not factor.is_finite() or not Decimal(1) <= factor <= Decimal(10):
        raise Ongeldig(
            "De factor voor preferente schuldeisers ligt tussen 1 en 10 (meestal 2).",
            veld="preferent_factor",
        )
    factor = factor.quantize(Decimal("0.01"))
    schulden = list(
        traject.schulden.select_related("schuldeiser")
        .exclude(status=Schuldstatus.AFGEWEZEN)
        .filter(actueel_bedrag_cent__gt=0)
        .order_by("schuldeiser__naam", "pk")
    )
    if not schulden:
        raise Geweigerd(
            "Er staan geen openstaande schulden in het schuldenoverzicht. Vul eerst het "
            "schuldenoverzicht."
        )
    invoer = [
        {
            "sleutel": f"schuld-{s.pk}",
            "schuld_id": s.pk,
            "schuldeiser_id": s.schuldeiser_id,
            "schuldeiser": s.schuldeiser.naam,
            "kenmerk": s.kenmerk,
            "bedrag_cent": s.actueel_bedrag_cent,
            "preferent": s.schuldeiser.preferent,
        }
        for s in schulden
    ]
    vorderingen = [
        sanering.Vordering(r["sleutel"], r["bedrag_cent"], r["preferent"]) for r in invoer
    ]
    if soort == Voorstelsoort.SCHULDREGELING:
        if looptijd_maanden not in sanering.TOEGESTANE_LOOPTIJDEN_MAANDEN:
            raise Ongeldig(
                "De looptijd is 18 maanden. Alleen voor oudere regelingen geldt nog 36 maanden.",
                veld="looptijd_maanden",
            )
        aflosruimte = _bedrag(
            aflosruimte_per_maand_cent, veld="aflosruimte", wat="De aflosruimte per maand"
        )
        try:
            resultaat = sanering.bereken_schuldregeling(
                vorderingen,
                aflosruimte_per_maand_cent=aflosruimte,
                looptijd_maanden=looptijd_maanden,
                preferent_factor=factor,
            )
        except sanering.OngeldigeInvoer as exc:
            raise Ongeldig(str(exc)) from exc
        velden = {"aflosruimte_per_maand_cent": aflosruimte, "looptijd_maanden": looptijd_maanden}
    else:
        krediet = _bedrag(krediet_cent, veld="krediet", wat="Het bedrag van het krediet")
        try:
            resultaat = sanering.bereken_saneringskrediet(
                vorderingen, krediet_cent=krediet, preferent_factor=factor
            )
        except sanering.OngeldigeInvoer as exc:
            raise Ongeldig(str(exc)) from exc
        velden = {"krediet_cent": krediet}
    voorstel = Voorstel.objects.create(
        traject=traject,
        soort=soort,
        preferent_factor=factor,
        invoer=invoer,
        resultaat=resultaat.as_dict(),
        gemaakt_door=door,
        **velden,
    )
    audit.dossier_aangemaakt(request=None, obj=voorstel, gebruiker=door)
    return voorstel


# --- Gesprekken, afstemming, klachten --------------------------------------------------------


@transaction.atomic
def registreer_gesprek(
    *,
    traject: Traject,
    door: Gebruiker,
    soort: str,
    datum: date | None,
    deelnemers: str,
    samenvatting: str = "",
) -> Gesprek:
    traject = _vergrendel_traject(traject.pk)
    _toegang(traject, door)
    gesprek = Gesprek.objects.create(
        traject=traject,
        soort=_keuze(soort, Gesprekssoort, veld="soort", bericht="Kies de soort gesprek."),
        datum=_datum_verleden(datum, veld="datum", wat="De datum van het gesprek"),
        deelnemers=_tekst(deelnemers, veld="deelnemers", label="wie erbij waren", verplicht=True)[
            :300
        ],
        samenvatting=_tekst(samenvatting, veld="samenvatting", label="de samenvatting"),
        door=door,
    )
    audit.dossier_aangemaakt(request=None, obj=gesprek, gebruiker=door)
    return gesprek


@transaction.atomic
def registreer_afstemming(
    *,
    traject: Traject,
    door: Gebruiker,
    soort: str,
    datum: date | None,
    bericht: str,
    leefgebied: str = "",
) -> Afstemming:
    traject = _vergrendel_traject(traject.pk)
    _toegang(traject, door)
    afstemming = Afstemming.objects.create(
        traject=traject,
        soort=_keuze(soort, Afstemmingsoort, veld="soort", bericht="Kies de soort afstemming."),
        datum=_datum_verleden(datum, veld="datum"),
        leefgebied=_keuze(
            leefgebied, Leefgebied, veld="leefgebied", bericht="Kies een leefgebied.", leeg_mag=True
        ),
        bericht=_tekst(bericht, veld="bericht", label="het bericht", verplicht=True),
        door=door,
    )
    audit.dossier_aangemaakt(request=None, obj=afstemming, gebruiker=door)
    return afstemming


@transaction.atomic
def registreer_klacht(
    *,
    traject: Traject,
    door: Gebruiker,
    soort: str,
    datum: date | None,
    onderwerp: str,
    toelichting: str = "",
) -> Klacht:
    traject = _vergrendel_traject(traject.pk)
    _toegang(traject, door)
    klacht = Klacht.objects.create(
        traject=traject,
        soort=_keuze(soort, Klachtsoort, veld="soort", bericht="Kies klacht of bezwaar."),
        datum=_datum_verleden(datum, veld="datum", wat="De datum van ontvangst"),
        onderwerp=_tekst(onderwerp, veld="onderwerp", label="het onderwerp", verplicht=True)[:200],
        toelichting=_tekst(toelichting, veld="toelichting", label="de toelichting"),
        door=door,
    )
    audit.dossier_aangemaakt(request=None, obj=klacht, gebruiker=door)
    return klacht


@transaction.atomic
def handel_klacht_af(
    *,
    klacht_id: int,
    door: Gebruiker,
    uitkomst: str,
    afgehandeld_op: date | None,
    toelichting: str = "",
) -> Klacht:
    klacht = Klacht.objects.select_for_update().select_related("traject").get(pk=klacht_id)
    _toegang(klacht.traject, door)
    uitkomst = _keuze(uitkomst, Klachtuitkomst, veld="uitkomst", bericht="Kies de uitkomst.")
    if uitkomst == Klachtuitkomst.OPEN:
        raise Ongeldig("Kies de uitkomst van de afhandeling.", veld="uitkomst")
    afgehandeld_op = _datum_verleden(afgehandeld_op, veld="afgehandeld_op", wat="De datum")
    if afgehandeld_op < klacht.datum:
        raise Ongeldig(
            f"De datum ligt voor de ontvangst ({datum_nl(klacht.datum)}).", veld="afgehandeld_op"
        )
    voor = audit.momentopname(klacht)
    klacht.uitkomst = uitkomst
    klacht.afgehandeld_op = afgehandeld_op
    klacht.toelichting = _tekst(toelichting, veld="toelichting", label="de toelichting")
    klacht.save()
    audit.dossier_gewijzigd(request=None, obj=klacht, voor=voor, gebruiker=door)
    return klacht


# --- Documents -------------------------------------------------------------------------------


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

    traject = _vergrendel_traject(traject.pk)
    _toegang(traject, door)
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
    traject = _vergrendel_traject(traject.pk)
    _toegang(traject, door)
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
    afzender = traject.behandelaar or door
    transaction.on_commit(lambda: _mail_actielijst(document.pk, adres, str(afzender)))
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


# --- Retention ----------------------------------------------------------------------------

GEANONIMISEERD = "Geanonimiseerd"


@transaction.atomic
def anonimiseer_klant(*, klant_id: int) -> int:
    """The klant's dossier passed its retention period (trajecten.bewaartermijn sends
    ``klant_geanonimiseerd``): blank every free text, delete the PDFs. Rows, dates, kinds and
    amounts stay, so the reports (gesprekken, klachten, schulden) do not change.
    Returns the number of documents deleted."""
    with connection.cursor() as cursor:
        # The freeze trigger lets this one transaction through (SET LOCAL semantics).
        cursor.execute("SELECT set_config('klantplan.anonimiseren', 'aan', true)")
    van_klant = {"traject__klant_id": klant_id}
    Klantplan.objects.filter(**van_klant).update(
        hulpvraag="", oorzaak="", leefgebieden={}, oplossend_vermogen_toelichting=""
    )
    Doel.objects.filter(klantplan__traject__klant_id=klant_id).update(omschrijving=GEANONIMISEERD)
    Actie.objects.filter(**van_klant).update(wat=GEANONIMISEERD)
    Monitoringmoment.objects.filter(**van_klant).update(afspraak_gemeente="", toelichting="")
    Schuld.objects.filter(**van_klant).update(kenmerk="")
    for voorstel in Voorstel.objects.filter(**van_klant):
        voorstel.invoer = [{**regel, "kenmerk": ""} for regel in voorstel.invoer]
        voorstel.save(update_fields=["invoer"])
    Gesprek.objects.filter(**van_klant).update(deelnemers="", samenvatting="")
    Afstemming.objects.filter(**van_klant).update(bericht=GEANONIMISEERD)
    Klacht.objects.filter(**van_klant).update(onderwerp=GEANONIMISEERD, toelichting="")
    verwijderd, _ = Document.objects.filter(**van_klant).delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('klantplan.anonimiseren', '', true)")
    return verwijderd
