"""Gesprekken, afstemming with the gemeente, klachten and bezwaren."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from klantplan.models import (
    Afstemming,
    Afstemmingsoort,
    Gesprek,
    Gesprekssoort,
    Klacht,
    Klachtsoort,
    Klachtuitkomst,
    Leefgebied,
)
from klantplan.services.fouten import Geweigerd, Ongeldig
from klantplan.services.invoer import datum_nl, datum_verleden, keuze, tekst
from klantplan.services.toegang import (
    afstemming_handeling,
    controleer_toegang,
    gesprek_handeling,
)
from klantplan.services.vergrendelen import vergrendel_onder_traject, vergrendel_traject
from schuldhulp import audit
from schuldhulp.models import Gebruiker
from schuldhulp.pakketten import Partij
from trajecten.models import Traject
from trajecten.samenwerking import informeren
from trajecten.samenwerking.signalen import andere
from trajecten.samenwerking.workflow import Afstemmingstatus
from trajecten.services import poort
from trajecten.workflow import AFSTEMMING_HANDELING


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
    """Record a gesprek; the package task of its kind decides who may (workflow.GESPREKKEN)."""
    traject = vergrendel_traject(traject.pk)
    controleer_toegang(traject, door, gesprek_handeling(soort))
    gesprek = Gesprek.objects.create(
        traject=traject,
        soort=keuze(soort, Gesprekssoort, veld="soort", bericht="Kies de soort gesprek."),
        datum=datum_verleden(datum, veld="datum", wat="De datum van het gesprek"),
        deelnemers=tekst(deelnemers, veld="deelnemers", label="wie erbij waren", verplicht=True)[
            :300
        ],
        samenvatting=tekst(samenvatting, veld="samenvatting", label="de samenvatting"),
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
    aan: str = "",
) -> Afstemming:
    """Record an afstemming; its kind decides who may (workflow.AFSTEMMINGEN).

    `aan`: the other party (a Partij value) when it is addressed to them: it then waits for
    their answer (afstemming.beantwoorden) and they get a signalering; empty: a note for the
    dossier, which both sides read."""
    traject = vergrendel_traject(traject.pk)
    controleer_toegang(traject, door, afstemming_handeling(soort))
    soort = keuze(soort, Afstemmingsoort, veld="soort", bericht="Kies de soort afstemming.")
    if soort not in AFSTEMMING_HANDELING:  # warme_overdracht: kept for the rows of before
        raise Ongeldig(
            "Een warme overdracht verstuurt u op de trajectpagina (Warme overdracht "
            "versturen): de andere partij accepteert hem daar.",
            veld="soort",
        )
    van = door.partij
    if aan:
        if aan not in Partij.values:
            raise Ongeldig("Kies aan wie de afstemming gericht is.", veld="aan")
        if aan != andere(van):
            raise Ongeldig(
                "Richt de afstemming aan de andere partij, of aan niemand (een notitie voor "
                "het dossier).",
                veld="aan",
            )
    afstemming = Afstemming.objects.create(
        traject=traject,
        soort=soort,
        datum=datum_verleden(datum, veld="datum"),
        leefgebied=keuze(
            leefgebied, Leefgebied, veld="leefgebied", bericht="Kies een leefgebied.", leeg_mag=True
        ),
        bericht=tekst(bericht, veld="bericht", label="het bericht", verplicht=True),
        door=door,
        van=van.value if van else "",
        aan=aan,
        status=Afstemmingstatus.OPEN if aan else "",
    )
    audit.dossier_aangemaakt(request=None, obj=afstemming, gebruiker=door)
    if aan and van:
        informeren.afstemming_gericht(
            traject, afstemming.pk, afstemming.get_soort_display(), van, Partij(aan)
        )
    return afstemming


@transaction.atomic
def beantwoord_afstemming(*, afstemming_id: int, door: Gebruiker, antwoord: str) -> Afstemming:
    """The addressed party answers (also after uitstroom); the sender's side hears it."""
    try:
        traject, afstemming = vergrendel_onder_traject(Afstemming, afstemming_id)
    except Afstemming.DoesNotExist:
        raise Geweigerd("Deze afstemming bestaat niet (meer).") from None
    poort(door, "afstemming.beantwoorden", afstemming)
    voor = audit.momentopname(afstemming)
    afstemming.antwoord = tekst(antwoord, veld="antwoord", label="het antwoord", verplicht=True)
    afstemming.status = Afstemmingstatus.BEANTWOORD
    afstemming.beantwoord_door = door
    afstemming.beantwoord_op = timezone.now()
    afstemming.save(update_fields=["antwoord", "status", "beantwoord_door", "beantwoord_op"])
    audit.dossier_gewijzigd(request=None, obj=afstemming, voor=voor, gebruiker=door)
    aan = Partij(afstemming.aan)
    informeren.afstemming_beantwoord(
        traject, afstemming.pk, Partij(afstemming.van) if afstemming.van else andere(aan), aan
    )
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
    traject = vergrendel_traject(traject.pk)
    controleer_toegang(traject, door, "klacht.vastleggen")
    klacht = Klacht.objects.create(
        traject=traject,
        soort=keuze(soort, Klachtsoort, veld="soort", bericht="Kies klacht of bezwaar."),
        datum=datum_verleden(datum, veld="datum", wat="De datum van ontvangst"),
        onderwerp=tekst(onderwerp, veld="onderwerp", label="het onderwerp", verplicht=True)[:200],
        toelichting=tekst(toelichting, veld="toelichting", label="de toelichting"),
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
    _traject, klacht = vergrendel_onder_traject(Klacht, klacht_id)
    controleer_toegang(klacht.traject, door, "klacht.vastleggen")
    uitkomst = keuze(uitkomst, Klachtuitkomst, veld="uitkomst", bericht="Kies de uitkomst.")
    if uitkomst == Klachtuitkomst.OPEN:
        raise Ongeldig("Kies de uitkomst van de afhandeling.", veld="uitkomst")
    afgehandeld_op = datum_verleden(afgehandeld_op, veld="afgehandeld_op", wat="De datum")
    if afgehandeld_op < klacht.datum:
        raise Ongeldig(
            f"De datum ligt voor de ontvangst ({datum_nl(klacht.datum)}).", veld="afgehandeld_op"
        )
    voor = audit.momentopname(klacht)
    klacht.uitkomst = uitkomst
    klacht.afgehandeld_op = afgehandeld_op
    klacht.toelichting = tekst(toelichting, veld="toelichting", label="de toelichting")
    klacht.save()
    audit.dossier_gewijzigd(request=None, obj=klacht, voor=voor, gebruiker=door)
    return klacht
