"""Maatwerk per traject (op- en afschalen) and tasks settled per traject in overleg.

The klantregisseur proposes, the gemeente consulent decides (the gemeente pays); the gate
(catalogue rows in trajecten/pakket/workflow.py) says who may. Approved maatwerk changes
who does the named tasks in this one traject from its date (``Traject.uitvoerder``).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from schuldhulp import opmaak
from schuldhulp.models import Gebruiker
from schuldhulp.pakketten import Partij, Taak
from trajecten.pakket.models import Maatwerk
from trajecten.pakket.workflow import Maatwerksoort, Maatwerkstatus
from trajecten.services import Geweigerd, _leg_vast, _onder_traject, _vergrendel, poort

NAAR = {Maatwerksoort.OPSCHALEN: Partij.STADSBANK, Maatwerksoort.AFSCHALEN: Partij.GEMEENTE}
NIET_GEVONDEN = "Dit maatwerk bestaat niet (meer)."


def _taken(waarden) -> list[Taak]:
    taken = []
    for waarde in waarden or []:
        if waarde not in Taak.values:
            raise Geweigerd("Kies alleen taken uit het pakket.")
        taken.append(Taak(waarde))
    if not taken:
        raise Geweigerd("Kies ten minste één taak.")
    return list(dict.fromkeys(taken))


@transaction.atomic
def stel_voor(
    *,
    door: Gebruiker,
    traject_id: int,
    soort: str,
    taken: list[str],
    van: date,
    reden: str,
    tot: date | None = None,
    evaluatie_op: date | None = None,
    monitoringmoment_id: int | None = None,
    verwachte_versie: int | None = None,
) -> Maatwerk:
    """Propose that the Stadsbank takes over (opschalen) or hands back (afschalen) `taken`
    for this traject, from `van`; the gemeente consulent decides."""
    traject = _vergrendel(traject_id, verwachte_versie)
    poort(door, "maatwerk.voorstellen", traject)
    if soort not in NAAR:
        raise Geweigerd("Kies opschalen of afschalen.")
    naar = NAAR[Maatwerksoort(soort)]
    gekozen = _taken(taken)
    if van < timezone.localdate():
        raise Geweigerd("De begindatum ligt in het verleden. Maatwerk geldt vanaf vandaag.")
    if tot is not None and tot < van:
        raise Geweigerd("De einddatum ligt voor de begindatum.")
    if tot is None and evaluatie_op is None:
        raise Geweigerd("Geef een einddatum of een datum om te evalueren.")
    if evaluatie_op is not None and evaluatie_op < van:
        raise Geweigerd("De evaluatiedatum ligt voor de begindatum.")
    if not reden.strip():
        raise Geweigerd("Geef de reden op: waarom heeft deze klant meer of minder hulp nodig?")
    al = [t.label for t in gekozen if traject.uitvoerder(t, van) == naar]
    if al:
        raise Geweigerd(f"Dit doet de {naar.label.lower()} al: {', '.join(al)}.")
    moment = None
    if monitoringmoment_id is not None:
        moment = traject.monitoringmomenten.filter(pk=monitoringmoment_id).first()
        if moment is None:
            raise Geweigerd("Dit monitoringmoment hoort niet bij dit traject.")
    # A second proposal for a task whose first still waits: the gemeente would get both.
    voorstellen = traject.maatwerk.filter(status=Maatwerkstatus.VOORGESTELD)
    wachtend = {t for taken in voorstellen.values_list("taken", flat=True) for t in taken}
    if dubbel := [t.label for t in gekozen if t in wachtend]:
        raise Geweigerd(
            f"Voor {', '.join(dubbel)} wacht al een voorstel op een besluit van de gemeente. "
            "Wacht dat besluit af of trek dat voorstel eerst in."
        )
    maatwerk = Maatwerk.objects.create(
        traject=traject,
        soort=soort,
        taken=[t.value for t in gekozen],
        partij=naar,
        van=van,
        tot=tot,
        evaluatie_op=evaluatie_op,
        reden=reden.strip(),
        monitoringmoment=moment,
        voorgesteld_door=door,
    )
    _leg_vast(
        traject,
        "maatwerk.voorstellen",
        door=door,
        datum=timezone.localdate(),
        klokken=False,
        toelichting=f"{Maatwerksoort(soort).label} voorgesteld: {', '.join(maatwerk.taaklabels)}"
        f" vanaf {opmaak.datum(van)}. {reden.strip()}",
        maatwerk=maatwerk.pk,
        stap="voorgesteld",
    )
    return maatwerk


def _stap(
    *, door: Gebruiker, maatwerk_id: int, handeling: str, toelichting: str, verplicht: str = ""
) -> Maatwerk:
    _, maatwerk = _onder_traject(Maatwerk, maatwerk_id, NIET_GEVONDEN, handeling, door)
    if verplicht and not toelichting.strip():
        raise Geweigerd(verplicht)
    return maatwerk


def _vastleggen(maatwerk: Maatwerk, handeling: str, *, door, toelichting: str) -> Maatwerk:
    maatwerk.save()
    status = Maatwerkstatus(maatwerk.status)
    _leg_vast(
        maatwerk.traject,
        handeling,
        door=door,
        datum=timezone.localdate(),
        klokken=False,
        toelichting=f"Maatwerk {status.label.lower()}: {', '.join(maatwerk.taaklabels)}. "
        f"{toelichting.strip()}".strip(),
        maatwerk=maatwerk.pk,
        stap=maatwerk.status,
    )
    return maatwerk


@transaction.atomic
def beoordeel(
    *, door: Gebruiker, maatwerk_id: int, goedkeuren: bool, toelichting: str = ""
) -> Maatwerk:
    """The gemeente consulent approves (from the proposed date) or declines (with why)."""
    handeling = "maatwerk.goedkeuren" if goedkeuren else "maatwerk.afwijzen"
    maatwerk = _stap(
        door=door,
        maatwerk_id=maatwerk_id,
        handeling=handeling,
        toelichting=toelichting,
        verplicht="" if goedkeuren else "Geef de reden op waarom u het maatwerk afwijst.",
    )
    if goedkeuren:
        maatwerk.goedkeuren()
    else:
        maatwerk.afwijzen()
    maatwerk.beoordeeld_door = door
    maatwerk.beoordeeld_op = timezone.now()
    maatwerk.besluit = toelichting.strip()
    return _vastleggen(maatwerk, handeling, door=door, toelichting=toelichting)


@transaction.atomic
def trek_in(*, door: Gebruiker, maatwerk_id: int, toelichting: str = "") -> Maatwerk:
    maatwerk = _stap(
        door=door, maatwerk_id=maatwerk_id, handeling="maatwerk.intrekken", toelichting=""
    )
    maatwerk.intrekken()
    return _vastleggen(maatwerk, "maatwerk.intrekken", door=door, toelichting=toelichting)


@transaction.atomic
def beeindig(*, door: Gebruiker, maatwerk_id: int, reden: str) -> Maatwerk:
    """Stop approved maatwerk today: from tomorrow the agreement's split applies again."""
    maatwerk = _stap(
        door=door,
        maatwerk_id=maatwerk_id,
        handeling="maatwerk.beeindigen",
        toelichting=reden,
        verplicht="Geef de reden op waarom het maatwerk stopt.",
    )
    vandaag = timezone.localdate()
    # Started: it applied up to today (or its own earlier end). Not started yet: it applies
    # on no day (no end date).
    if maatwerk.van > vandaag:
        maatwerk.tot = None
    elif maatwerk.tot is None or maatwerk.tot > vandaag:
        maatwerk.tot = vandaag
    maatwerk.beeindigen()
    return _vastleggen(maatwerk, "maatwerk.beeindigen", door=door, toelichting=reden)


def open_overleg(traject) -> list[Taak]:
    """The tasks that the traject's agreement leaves per traject in overleg and that this
    traject has not settled yet (nobody does them now)."""
    return [t for t in Taak if traject.uitvoerder(t) is None]


@transaction.atomic
def spreek_taak_af(
    *,
    door: Gebruiker,
    traject_id: int,
    taak: str,
    partij: str,
    toelichting: str = "",
    verwachte_versie: int | None = None,
) -> Maatwerk:
    """Record who does a task the agreement left per traject in overleg (from today)."""
    traject = _vergrendel(traject_id, verwachte_versie)
    poort(door, "taak.afspreken", traject)
    if taak not in Taak.values or Taak(taak) not in open_overleg(traject):
        raise Geweigerd("Voor deze taak is in dit traject niets meer af te spreken.")
    if partij not in Partij.values:
        raise Geweigerd("Kies wie de taak doet: Stadsbank of gemeente.")
    vandaag = timezone.localdate()
    afspraak = Maatwerk.objects.create(
        traject=traject,
        soort=Maatwerksoort.OVERLEG,
        taken=[taak],
        partij=partij,
        van=vandaag,
        reden=toelichting.strip() or "In overleg afgesproken",
        status=Maatwerkstatus.GOEDGEKEURD,
        voorgesteld_door=door,
        beoordeeld_door=door,
        beoordeeld_op=timezone.now(),
    )
    _leg_vast(
        traject,
        "taak.afspreken",
        door=door,
        datum=vandaag,
        klokken=False,
        toelichting=f"'{Taak(taak).label}' doet in dit traject de {Partij(partij).label.lower()}."
        + (f" {toelichting.strip()}" if toelichting.strip() else ""),
        maatwerk=afspraak.pk,
        taak=taak,
        partij=partij,
    )
    return afspraak
