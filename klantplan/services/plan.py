"""The klantplan and its versions, its doelen and the monitoring moments."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from klantplan.models import (
    Actie,
    Doel,
    DoelenGehaald,
    Doelstatus,
    Klantplan,
    Leefgebied,
    Monitoringmoment,
    OplossendVermogen,
    Planstatus,
    Schaal,
)
from klantplan.services.fouten import Geweigerd, Ongeldig
from klantplan.services.invoer import datum_nl, datum_verleden, keuze, tekst
from klantplan.services.toegang import controleer_toegang
from klantplan.services.vergrendelen import (
    vergrendel_onder_plan,
    vergrendel_plan,
    vergrendel_traject,
)
from schuldhulp import audit
from schuldhulp.models import Gebruiker
from trajecten.models import Productsoort, Traject
from trajecten.samenwerking import informeren


def moet_concept(plan: Klantplan) -> None:
    if plan.is_vastgesteld:
        raise Geweigerd(
            f"Versie {plan.versie} van het klantplan is vastgesteld op "
            f"{datum_nl(plan.vastgesteld_op)} en kan niet meer worden gewijzigd. "
            "Maak een nieuwe versie om iets te veranderen."
        )


def moet_laatste_versie(plan: Klantplan) -> None:
    laatste = plan.traject.klantplannen.order_by("-versie").values_list("versie", flat=True)[0]
    if plan.versie != laatste:
        raise Geweigerd(
            f"Dit is een oude versie (versie {plan.versie}) van het klantplan. "
            f"Werk in de nieuwste versie (versie {laatste})."
        )


@transaction.atomic
def maak_klantplan(*, traject: Traject, door: Gebruiker) -> Klantplan:
    """Version 1 (concept) of the klantplan of `traject`."""
    traject = vergrendel_traject(traject.pk)
    controleer_toegang(traject, door)
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
    hulpvraag_klant: str = "",
    situatie_klant: str = "",
    gewijzigd_op: str | None = None,
) -> Klantplan:
    """Change the text of a concept version. A summier (Basis) plan has no leefgebieden or
    oplossend vermogen: those arguments are ignored there. `gewijzigd_op`: the plan's last
    change as the user's form showed it; a change since then (another user, another tab) is
    refused rather than silently overwritten."""
    plan = vergrendel_plan(klantplan_id)
    controleer_toegang(plan.traject, door)
    moet_concept(plan)
    if gewijzigd_op is not None and gewijzigd_op != plan.gewijzigd_op.isoformat():
        raise Geweigerd(
            "Iemand anders heeft dit klantplan gewijzigd nadat u het opende. Uw tekst is niet "
            "opgeslagen en staat hieronder nog. Bekijk de nieuwe tekst in een ander tabblad; "
            "slaat u hierna opnieuw op, dan vervangt uw tekst die van de ander."
        )
    voor = audit.momentopname(plan)
    plan.hulpvraag = tekst(hulpvraag, veld="hulpvraag", label="de hulpvraag")
    plan.oorzaak = tekst(oorzaak, veld="oorzaak", label="de oorzaak van de schulden")
    plan.hulpvraag_klant = tekst(hulpvraag_klant, veld="hulpvraag_klant", label="de vraag")
    plan.situatie_klant = tekst(situatie_klant, veld="situatie_klant", label="de situatie")
    plan.productkeuze = keuze(
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
            lg.value: tekst(
                leefgebieden.get(lg.value), veld=f"leefgebied_{lg.value}", label=lg.label
            )
            for lg in Leefgebied
            if (leefgebieden.get(lg.value) or "").strip()
        }
        plan.oplossend_vermogen = keuze(
            oplossend_vermogen,
            OplossendVermogen,
            veld="oplossend_vermogen",
            bericht="Kies hoe goed de klant zijn problemen zelf kan oplossen.",
            leeg_mag=True,
        )
        plan.oplossend_vermogen_toelichting = tekst(
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
    plan = vergrendel_plan(klantplan_id)
    traject = plan.traject
    controleer_toegang(traject, door, "klantplan.vaststellen")
    moet_concept(plan)
    datum = datum_verleden(datum, veld="datum", wat="De datum van vaststellen")
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
    plan.vaststellen(datum=datum, door=door)
    plan.save()
    audit.dossier_gewijzigd(
        request=None, obj=plan, voor=voor, gebruiker=door, omschrijving="Vastgesteld"
    )
    return plan


@transaction.atomic
def nieuwe_versie(*, traject: Traject, door: Gebruiker) -> Klantplan:
    """Copy the newest (vastgesteld) version into a new concept; the old one stays as it is."""
    traject = vergrendel_traject(traject.pk)
    controleer_toegang(traject, door)
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
        hulpvraag_klant=laatste.hulpvraag_klant,
        situatie_klant=laatste.situatie_klant,
        productkeuze=laatste.productkeuze,
        vorige=laatste,
        aangemaakt_door=door,
    )
    Doel.objects.bulk_create(
        Doel(
            klantplan=nieuw,
            ref=d.ref,
            omschrijving=d.omschrijving,
            klanttekst=d.klanttekst,
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
            klanttekst=a.klanttekst,
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


def intern_en_klant(intern: str, klanttekst: str, *, veld: str, label: str) -> dict[str, str]:
    """The internal text and the klanttekst of a doel or actie (ADR 0027). One of the two is
    required; an empty internal text takes the klanttekst, so the team's screens always have a
    name for it. The other way round never happens: a note is not copied to the klant."""
    klanttekst = tekst(klanttekst, veld="klanttekst", label="de tekst voor de klant")
    intern = tekst(intern, veld=veld, label=label) or klanttekst
    if not intern:
        raise Ongeldig("Vul de tekst voor de klant in.", veld="klanttekst")
    return {veld: intern, "klanttekst": klanttekst}


def _doel_velden(omschrijving: str, klanttekst: str, streefdatum: date | None, status: str) -> dict:
    return {
        **intern_en_klant(omschrijving, klanttekst, veld="omschrijving", label="wat het doel is"),
        "streefdatum": streefdatum,
        "status": keuze(status, Doelstatus, veld="status", bericht="Kies de status van het doel."),
    }


@transaction.atomic
def voeg_doel_toe(
    *,
    klantplan_id: int,
    door: Gebruiker,
    omschrijving: str = "",
    streefdatum: date | None = None,
    status: str = Doelstatus.OPEN,
    klanttekst: str = "",
) -> Doel:
    plan = vergrendel_plan(klantplan_id)
    controleer_toegang(plan.traject, door)
    moet_concept(plan)
    velden = _doel_velden(omschrijving, klanttekst, streefdatum, status)
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
    klanttekst: str = "",
) -> Doel:
    plan, doel = vergrendel_onder_plan(Doel, doel_id)
    controleer_toegang(plan.traject, door)
    moet_concept(plan)
    voor = audit.momentopname(doel)
    for naam, waarde in _doel_velden(omschrijving, klanttekst, streefdatum, status).items():
        setattr(doel, naam, waarde)
    doel.save()
    audit.dossier_gewijzigd(request=None, obj=doel, voor=voor, gebruiker=door)
    return doel


@transaction.atomic
def verwijder_doel(*, doel_id: int, door: Gebruiker) -> None:
    plan, doel = vergrendel_onder_plan(Doel, doel_id)
    controleer_toegang(plan.traject, door)
    moet_concept(plan)
    doel.delete()
    audit.dossier_gewijzigd(
        request=None, obj=plan, voor={}, gebruiker=door, omschrijving="Doel verwijderd"
    )


@transaction.atomic
def zet_doelstatus(*, doel_id: int, door: Gebruiker, status: str) -> Doel:
    """Progress, not a change of the plan: allowed on the newest version, also when fixed."""
    plan, doel = vergrendel_onder_plan(Doel, doel_id)
    controleer_toegang(plan.traject, door)
    moet_laatste_versie(plan)
    voor = audit.momentopname(doel)
    doel.status = keuze(status, Doelstatus, veld="status", bericht="Kies de status van het doel.")
    doel.save(update_fields=["status", "bijgewerkt_op"])
    audit.dossier_gewijzigd(request=None, obj=doel, voor=voor, gebruiker=door)
    return doel


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
    traject = vergrendel_traject(traject.pk)
    controleer_toegang(traject, door, "monitoring.vastleggen")
    moment = Monitoringmoment.objects.create(
        traject=traject,
        klantplan=traject.klantplannen.filter(status=Planstatus.VASTGESTELD)
        .order_by("-versie")
        .first(),
        datum=datum_verleden(datum, veld="datum"),
        doelen_gehaald=keuze(
            doelen_gehaald,
            DoelenGehaald,
            veld="doelen_gehaald",
            bericht="Kies of de doelen gehaald zijn.",
        ),
        schaal=keuze(schaal, Schaal, veld="schaal", bericht="Kies op- of afschalen."),
        afspraak_gemeente=tekst(
            afspraak_gemeente, veld="afspraak_gemeente", label="de afspraak met de gemeente"
        ),
        toelichting=tekst(toelichting, veld="toelichting", label="de toelichting"),
        door=door,
    )
    audit.dossier_aangemaakt(request=None, obj=moment, gebruiker=door)
    informeren.monitoring(traject, moment.pk, moment.schaal, door.partij, door.pk)
    return moment
