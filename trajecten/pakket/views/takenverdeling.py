"""The section "Takenverdeling" of the traject page: which agreement's split applies and
since when, who does each task in this traject (maatwerk and settled tasks included), the
maatwerk rows with the buttons the gate allows, and the form to settle an open task.

Built from the traject as trajecten.selectors.traject_detail loads it (``maatwerk``
prefetched with its users): no query per task or per maatwerk row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils import timezone

from schuldhulp import opmaak
from schuldhulp.handelingen import handeling
from schuldhulp.models import Dienstverleningsafspraak
from schuldhulp.pakketten import Partij, Taak
from schuldhulp.permissions import mag
from trajecten.models import Traject
from trajecten.pakket.forms import maatwerk as f
from trajecten.pakket.models import Maatwerk
from trajecten.pakket.services.maatwerk import open_overleg
from trajecten.pakket.workflow import MAATWERK_STAPPEN, Maatwerksoort, Maatwerkstatus
from trajecten.views.knoppen import Actie

BEOORDELEN = ("maatwerk.goedkeuren", "maatwerk.afwijzen")


@dataclass
class Taakregel:
    taak: Taak
    volgens_afspraak: Partij | None  # None: per traject in overleg
    uitvoerder: Partij | None  # in this traject today; None: nog af te spreken
    maatwerk: Maatwerk | None  # the maatwerk or settlement that decides it today

    @property
    def gewijzigd(self) -> bool:
        return self.maatwerk is not None


@dataclass
class Maatwerkregel:
    maatwerk: Maatwerk
    acties: list[Actie] = field(default_factory=list)


@dataclass
class Takenverdeling:
    afspraak: Dienstverleningsafspraak
    sinds: date | None  # None: since the aanmelding; else the date of the package switch
    taken: list[Taakregel]
    maatwerk: list[Maatwerkregel]
    voorstellen_url: str  # "" when the gate does not allow proposing
    afspreken: Actie | None
    acties: list[Actie]  # every form of the section (for the bound form after a refusal)

    @property
    def open_taken(self) -> list[Taakregel]:
        return [r for r in self.taken if r.uitvoerder is None]

    @property
    def wacht_op_besluit(self) -> int:
        return sum(r.maatwerk.status == Maatwerkstatus.VOORGESTELD for r in self.maatwerk)


def kort(m: Maatwerk) -> str:
    """'Opschalen vanaf 7 december 2026' (how a title names one maatwerk row)."""
    soort = "Afspraak" if m.soort == Maatwerksoort.OVERLEG else m.soort.capitalize()
    return f"{soort} vanaf {opmaak.datum_lang(m.van)}"


def _vervang(actie: Actie, gebonden: Actie | None) -> Actie:
    return gebonden if gebonden is not None and gebonden.id == actie.id else actie


def beoordeel_actie(m: Maatwerk, knoppen: list[str], **formulier) -> Actie:
    """One form with a button per decision the gate allows (goedkeuren, afwijzen)."""
    actie_id = f"maatwerk-{m.pk}-beoordelen"
    return Actie(
        id=actie_id,
        titel=f"Voorstel beoordelen: {kort(m).lower()}",
        knop="",
        url=reverse("maatwerk_beoordelen", args=[m.pk]),
        form=f.BeoordeelForm(prefix=actie_id, **formulier),
        uitleg="De gemeente beslist: zij betaalt het maatwerk. Bij afwijzen geeft u de reden.",
        knoppen=[(f"{actie_id}-stap", n.split(".")[1], handeling(n).knop) for n in knoppen],
    )


def intrek_actie(m: Maatwerk, **formulier) -> Actie:
    actie_id = f"maatwerk-{m.pk}-intrekken"
    h = MAATWERK_STAPPEN["maatwerk.intrekken"]
    return Actie(
        id=actie_id,
        titel=f"{h.knop}: {kort(m).lower()}",
        knop=h.knop,
        url=reverse("maatwerk_intrekken", args=[m.pk]),
        form=f.IntrekkenForm(prefix=actie_id, **formulier),
    )


def beeindig_actie(m: Maatwerk, **formulier) -> Actie:
    actie_id = f"maatwerk-{m.pk}-beeindigen"
    h = MAATWERK_STAPPEN["maatwerk.beeindigen"]
    return Actie(
        id=actie_id,
        titel=f"{h.knop}: {kort(m).lower()}",
        knop=h.knop,
        url=reverse("maatwerk_beeindigen", args=[m.pk]),
        form=f.BeeindigenForm(prefix=actie_id, **formulier),
        uitleg=h.uitleg,
    )


def afspreek_actie(traject: Traject, taken: list[Taak], **formulier) -> Actie:
    h = handeling("taak.afspreken")
    return Actie(
        id="taak-afspreken",
        titel="Afspreken wie een taak doet",
        knop=h.knop,
        url=reverse("traject_taak_afspreken", args=[traject.pk]),
        form=f.TaakAfsprekenForm(prefix="taak-afspreken", taken=taken, **formulier),
        uitleg=h.uitleg,
    )


def maatwerk_acties(m: Maatwerk, user) -> list[Actie]:
    """The buttons on one maatwerk row: exactly the catalogue rows the gate allows now."""
    acties = []
    knoppen = [naam for naam in BEOORDELEN if mag(user, naam, m) is None]
    if knoppen:
        acties.append(beoordeel_actie(m, knoppen))
    if mag(user, "maatwerk.intrekken", m) is None:
        acties.append(intrek_actie(m))
    if mag(user, "maatwerk.beeindigen", m) is None:
        acties.append(beeindig_actie(m))
    return acties


def _beslissend(maatwerk: list[Maatwerk], taak: Taak, datum: date) -> Maatwerk | None:
    """The row that decides `taak` on `datum` (the latest wins, as in Traject.uitvoerder)."""
    return next((m for m in reversed(maatwerk) if taak in m.taken and m.geldt_op(datum)), None)


def takenverdeling(traject: Traject, user, gebonden: Actie | None = None) -> Takenverdeling:
    """The section's data; `gebonden` (a form posted and refused) replaces its blank twin."""
    vandaag = timezone.localdate()
    rijen = list(traject.maatwerk.all())
    for m in rijen:
        m.traject = traject  # the gate reads the traject; no query per row
    afspraak = traject.afspraak
    taken = [
        Taakregel(
            taak=taak,
            volgens_afspraak=afspraak.uitvoerder(taak),
            uitvoerder=traject.uitvoerder(taak, vandaag),
            maatwerk=_beslissend(rijen, taak, vandaag),
        )
        for taak in Taak
    ]
    maatwerk = [
        Maatwerkregel(m, [_vervang(a, gebonden) for a in maatwerk_acties(m, user)])
        for m in reversed(rijen)  # newest first
    ]
    afspreken = None
    open_ = open_overleg(traject)
    if open_ and mag(user, "taak.afspreken", traject) is None:
        afspreken = _vervang(
            afspreek_actie(traject, open_, initial={"versie": traject.versie}), gebonden
        )
    acties = [a for r in maatwerk for a in r.acties] + ([afspreken] if afspreken else [])
    return Takenverdeling(
        afspraak=afspraak,
        sinds=traject.afspraak_sinds,
        taken=taken,
        maatwerk=maatwerk,
        voorstellen_url=reverse("maatwerk_voorstellen", args=[traject.pk])
        if mag(user, "maatwerk.voorstellen", traject) is None
        else "",
        afspreken=afspreken,
        acties=acties,
    )
