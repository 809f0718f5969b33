"""Writes of the stabilisation phase on a traject: crisisinterventie, moratorium, and a
norm clock paused and resumed. Same rules as :mod:`trajecten.services` (row lock, version,
the gate, one event row per write); split off by subject to keep each module small."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from schuldhulp.models import Gebruiker
from trajecten.models import (
    BedreigendeSituatie,
    Crisisinterventie,
    Moratorium,
    Normbewaking,
    Opschorting,
)
from trajecten.services import (
    Geweigerd,
    _controleer_datum,
    _leg_vast,
    _onder_traject,
    _vergrendel,
    poort,
)


@transaction.atomic
def registreer_crisisinterventie(
    *,
    traject_id: int,
    door: Gebruiker,
    soort: str,
    datum: date,
    reden_terugdatering: str = "",
    verwachte_versie: int | None = None,
) -> Crisisinterventie:
    traject = _vergrendel(traject_id, verwachte_versie)
    poort(door, "crisis.start", traject)
    if soort not in BedreigendeSituatie.values:
        raise Geweigerd("Kies om welke bedreiging het gaat.")
    _controleer_datum(traject, datum, reden_terugdatering)
    interventie = Crisisinterventie.objects.create(traject=traject, soort=soort, startdatum=datum)
    traject.crisisinterventie = True
    _leg_vast(
        traject,
        "crisis.start",
        door=door,
        datum=datum,
        velden=("crisisinterventie",),
        klokken=False,  # the crisis clocks start at the aanmelding (bedreigende situatie)
        reden_terugdatering=reden_terugdatering,
        crisisinterventie=interventie.pk,
        bedreiging=soort,
    )
    return interventie


@transaction.atomic
def rond_crisisinterventie_af(
    *,
    interventie_id: int,
    door: Gebruiker,
    datum: date,
    voorkomen: bool,
    resultaat: str = "",
    reden_terugdatering: str = "",
    verwachte_versie: int | None = None,
) -> Crisisinterventie:
    traject, interventie = _onder_traject(
        Crisisinterventie,
        interventie_id,
        "Deze crisisinterventie bestaat niet.",
        "crisis.rond_af",
        door,
        verwachte_versie,
    )
    if datum < interventie.startdatum:
        raise Geweigerd("De einddatum ligt voor de startdatum.")
    _controleer_datum(traject, datum, reden_terugdatering)
    interventie.einddatum, interventie.voorkomen, interventie.resultaat = (
        datum,
        voorkomen,
        resultaat,
    )
    interventie.save()
    _leg_vast(
        traject,
        "crisis.rond_af",
        klokken=False,
        datum=datum,
        door=door,
        reden_terugdatering=reden_terugdatering,
        crisisinterventie=interventie.pk,
        voorkomen=voorkomen,
        afgerond=True,
    )
    return interventie


MORATORIUM_MAXIMUM = relativedelta(months=6)  # art. 287b Fw


@transaction.atomic
def registreer_moratorium(
    *,
    traject_id: int,
    door: Gebruiker,
    aanvraagdatum: date,
    startdatum: date | None = None,
    einddatum: date | None = None,
    reden_terugdatering: str = "",
    verwachte_versie: int | None = None,
) -> Moratorium:
    """A request for a breed moratorium; with start (and end) once the court granted it."""
    traject = _vergrendel(traject_id, verwachte_versie)
    poort(door, "moratorium.registreer", traject)
    _controleer_datum(traject, aanvraagdatum, reden_terugdatering)
    if einddatum and not startdatum:
        raise Geweigerd(
            "Vul eerst de startdatum in; een einddatum hoort bij een toegewezen moratorium."
        )
    if startdatum:
        if startdatum < aanvraagdatum:
            raise Geweigerd("Het moratorium kan niet starten voor de aanvraag.")
        if startdatum > timezone.localdate():
            raise Geweigerd("De startdatum ligt in de toekomst. Leg vast wat de rechter besliste.")
    if startdatum and einddatum:
        if einddatum < startdatum:
            raise Geweigerd("De einddatum ligt voor de startdatum.")
        if einddatum > startdatum + MORATORIUM_MAXIMUM:
            raise Geweigerd("Een breed moratorium duurt hooguit 6 maanden (art. 287b Fw).")
    moratorium = Moratorium.objects.create(
        traject=traject,
        aanvraagdatum=aanvraagdatum,
        goedkeuringsdatum=startdatum,
        startdatum=startdatum,
        einddatum=einddatum,
    )
    _leg_vast(
        traject,
        "moratorium.registreer",
        klokken=False,
        datum=aanvraagdatum,
        door=door,
        reden_terugdatering=reden_terugdatering,
        moratorium=moratorium.pk,
    )
    return moratorium


@transaction.atomic
def schort_klok_op(
    *, klok_id: int, door: Gebruiker, van: date, reden: str, verwachte_versie: int | None = None
) -> Opschorting:
    """Pause a clock (waiting for the klant's papers, …); the reason is required."""
    traject, klok = _onder_traject(
        Normbewaking,
        klok_id,
        "Deze termijn bestaat niet.",
        "klok.schort_op",
        door,
        verwachte_versie,
    )
    if not reden.strip():
        raise Geweigerd("Geef de reden van de opschorting op.")
    if van > timezone.localdate() or van < klok.start:
        raise Geweigerd(
            "De opschorting begint op of na de start van de klok en niet in de toekomst."
        )
    pauze = Opschorting.objects.create(klok=klok, van=van, reden=reden.strip(), door=door)
    _leg_vast(
        traject,
        "klok.schort_op",
        datum=van,
        door=door,
        toelichting=reden.strip(),
        klok=klok.pk,
    )
    return pauze


@transaction.atomic
def hervat_klok(
    *, klok_id: int, door: Gebruiker, tot: date, verwachte_versie: int | None = None
) -> Opschorting:
    traject, klok = _onder_traject(
        Normbewaking, klok_id, "Deze termijn bestaat niet.", "klok.hervat", door, verwachte_versie
    )
    pauze = klok.opschortingen.filter(tot__isnull=True).first()
    if pauze is None:
        raise Geweigerd("Deze klok is niet opgeschort.")
    if tot < pauze.van or tot > timezone.localdate():
        raise Geweigerd("De hervatting ligt tussen het begin van de opschorting en vandaag.")
    pauze.tot = tot
    pauze.save()
    _leg_vast(traject, "klok.hervat", door=door, datum=tot, klok=klok.pk)
    return pauze
