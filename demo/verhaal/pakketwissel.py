"""Oldenzaal mid-switch: from Ontzorging to Hybride today, per phase, and two maatwerk cases.

Recorded through the real services, as the users would: the functioneel beheerder drafts the
Hybride agreement and signs it with the overgangsregeling *per fase* (trajecten before the
toelating move, the rest keeps Ontzorging until uitstroom); its start date is the story's
today, so vaststellen activates it at once and moves the trajecten (each gets a
"pakketwissel" event); the daily job then ends the Ontzorging agreement. The start date is
today and not earlier: every traject of the story was registered under Ontzorging, so an
earlier date would leave kept trajecten on an agreement that had ended before they started.

Then the klantregisseur proposes maatwerk twice and the Oldenzaal consulent decides once:
opschalen approved on a moved traject, afschalen awaiting the consulent's decision on a kept one.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from schuldhulp.afspraken import Overgangsregeling
from schuldhulp.models import Dienstverleningsafspraak, Gebruiker, Gemeente
from schuldhulp.pakketten import Pakket, Partij, Taak
from trajecten.models import Gebeurtenissoort, Traject
from trajecten.pakket.services import afspraken, maatwerk
from trajecten.pakket.workflow import Maatwerksoort
from trajecten.workflow import Fase

GEMEENTE = "GM0173"  # Oldenzaal
NAAR = Pakket.HYBRIDE
# Hybride with the gemeente doing the file work: a moved traject's toelating lands with the
# Oldenzaal consulent, which the switch preview lists.
KEUZES: dict[str, str] = {
    Taak.INFORMATIE_VERZAMELEN.value: Partij.GEMEENTE.value,
    Taak.SCHULDENOVERZICHT.value: Partij.GEMEENTE.value,
    Taak.WGS_BESCHIKKING.value: Partij.GEMEENTE.value,
    Taak.OPMAAT_TOT_UITSTROOM.value: Partij.STADSBANK.value,
    Taak.EXITGESPREK.value: Partij.STADSBANK.value,
}
FASEN: tuple[str, ...] = (Fase.AANGEMELD.value, Fase.INTAKE.value)  # before the toelating
BEHEERDER, REGISSEUR, CONSULENT = "beheerder", "regisseur2", "consulent.oldenzaal"


def wissel_pakket(vandaag: date) -> Dienstverleningsafspraak:
    """Draft, sign and start the Hybride agreement of Oldenzaal today."""
    gemeente = Gemeente.objects.get(code=GEMEENTE)
    beheerder = Gebruiker.objects.get(username=BEHEERDER)
    afspraak = afspraken.stel_op(
        door=beheerder,
        gemeente=gemeente,
        pakket=NAAR,
        geldig_van=vandaag,
        optionele=KEUZES,
        opmerking="Oldenzaal houdt de regie over de klantreis en maakt zelf het "
        "schuldenoverzicht en de beschikking.",
    )
    afspraken.stel_vast(
        door=beheerder,
        afspraak_id=afspraak.pk,
        overgang=Overgangsregeling.PER_FASE,
        fasen=FASEN,
        reden="Raadsbesluit pakketkeuze; ondertekend door de wethouder.",
    )
    # Activates it if the story's today lies ahead of the clock; ends Ontzorging (its end
    # date is yesterday now).
    afspraken.dagelijks(vandaag=vandaag)
    afspraak.refresh_from_db()
    return afspraak


def _eerste(trajecten) -> Traject:
    # Later phases first: maatwerk around the end of a traject tells the clearest story.
    volgorde = Case(
        *(When(fase=f, then=Value(n)) for n, f in enumerate(reversed(Fase))),
        output_field=IntegerField(),
    )
    traject = trajecten.order_by(volgorde, "pk").first()
    if traject is None:
        raise RuntimeError("Demoverhaal: geen lopend traject in Oldenzaal voor maatwerk.")
    return traject


def maatwerk_gevallen(afspraak: Dienstverleningsafspraak, vandaag: date) -> list[int]:
    """Opschalen approved on a moved traject; afschalen proposed on a kept one."""
    regisseur = Gebruiker.objects.get(username=REGISSEUR)
    consulent = Gebruiker.objects.get(username=CONSULENT)
    lopend = Traject.objects.lopend().filter(gemeente=afspraak.gemeente)
    verhuisd = _eerste(
        lopend.filter(afspraak=afspraak, gebeurtenissen__soort=Gebeurtenissoort.PAKKETWISSEL)
    )
    gebleven = _eerste(lopend.exclude(afspraak=afspraak))
    van = max(vandaag, timezone.localdate())  # maatwerk starts today, never in the past
    op = maatwerk.stel_voor(
        door=regisseur,
        traject_id=verhuisd.pk,
        soort=Maatwerksoort.OPSCHALEN,
        taken=[Taak.INFORMATIE_VERZAMELEN.value, Taak.SCHULDENOVERZICHT.value],
        van=van,
        evaluatie_op=van + timedelta(days=91),
        reden="Veel schuldeisers en post die niet wordt geopend; de klant heeft hulp nodig "
        "om het overzicht compleet te krijgen.",
    )
    maatwerk.beoordeel(
        door=consulent,
        maatwerk_id=op.pk,
        goedkeuren=True,
        toelichting="Akkoord voor drie maanden; daarna evalueren we samen.",
    )
    af = maatwerk.stel_voor(
        door=regisseur,
        traject_id=gebleven.pk,
        soort=Maatwerksoort.AFSCHALEN,
        taken=[Taak.OPMAAT_TOT_UITSTROOM.value, Taak.EXITGESPREK.value],
        van=van,
        tot=van + timedelta(days=182),
        reden="De klant woont in een wijk waar het wijkteam de nazorg al doet; het "
        "exitgesprek past beter bij de consulent.",
    )
    return [op.pk, af.pk]


def speel_pakketwissel(vandaag: date) -> dict[str, int]:
    afspraak = wissel_pakket(vandaag)
    gevallen = maatwerk_gevallen(afspraak, vandaag)
    verplaatst = Traject.objects.filter(afspraak=afspraak, afspraak_sinds=vandaag).count()
    return {"pakketwissel": verplaatst, "maatwerk": len(gevallen)}
