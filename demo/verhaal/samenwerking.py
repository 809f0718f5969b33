"""Enschede (Hybride): the gemeente and the Stadsbank at work on the same trajecten.

Recorded through the real services, as the users would: the Enschede consulent hands one
traject over warmly to the Stadsbank (it waits for the klantregisseur, "aan zet: ik" on her
werkvoorraad), and a second one that the klantregisseur already accepted; the consulent asks
the Stadsbank something about a third traject (an afstemming that waits for an answer), and
has the daily e-mail turned on (``manage.py dagoverzicht`` shows it in var/mail/).
"""

from __future__ import annotations

from django.utils import timezone

from klantplan.services.contact import registreer_afstemming
from schuldhulp.models import Gebruiker
from schuldhulp.pakketten import Partij
from trajecten.models import Traject
from trajecten.samenwerking import aanzet
from trajecten.samenwerking.services import overdracht

GEMEENTE = "GM0153"  # Enschede
REGISSEUR, CONSULENT = "regisseur", "consulent.enschede"
SAMENVATTINGEN = [
    {
        "situatie": "Alleenstaande vader, twee kinderen. Huurachterstand van drie maanden en een "
        "betalingsregeling met de zorgverzekeraar die niet wordt nagekomen.",
        "gedaan": "Intake gehouden, toelating verleend, post van drie maanden doorgenomen.",
        "urgent": "De woningcorporatie heeft een ontruimingsvonnis aangevraagd.",
        "documenten": "Bankafschriften (3 maanden), aanmaningen woningcorporatie en CJIB.",
        "afspraken": "Klant levert loonstroken aan; belt liever niet na 15.00 uur.",
    },
    {
        "situatie": "Jong stel, samenwonend. Schulden bij webwinkels en een studieschuld.",
        "gedaan": "Intake en toelating; schuldenoverzicht gestart.",
        "urgent": "",
        "documenten": "Overzicht DUO, twee incassobrieven.",
        "afspraken": "Volgende afspraak op het spreekuur in het stadhuis.",
    },
]


def speel_samenwerking() -> dict[str, int]:
    regisseur = Gebruiker.objects.get(username=REGISSEUR)
    consulent = Gebruiker.objects.get(username=CONSULENT)
    consulent.email = consulent.email or f"{CONSULENT}@gemeente.example"
    consulent.dagoverzicht = True
    consulent.save(update_fields=["email", "dagoverzicht"])
    lopend = Traject.objects.lopend().filter(gemeente__code=GEMEENTE).order_by("pk")
    verschuldigd = [t for t in lopend if aanzet.bepaal(t).overdracht_van == Partij.GEMEENTE][
        : len(SAMENVATTINGEN)
    ]
    verstuurd = 0
    for n, (traject, samenvatting) in enumerate(zip(verschuldigd, SAMENVATTINGEN, strict=False)):
        rij = overdracht.verstuur(traject_id=traject.pk, door=consulent, **samenvatting)
        verstuurd += 1
        if n == 1:  # the second one the klantregisseur already took over
            overdracht.accepteer(overdracht_id=rij.pk, door=regisseur)
    vraag = next((t for t in lopend if t not in verschuldigd and t.behandelaar_id), None)
    if vraag is not None:
        registreer_afstemming(
            traject=vraag,
            door=consulent,
            soort="signaal",
            datum=timezone.localdate(),
            bericht="De klant meldt dat de energieleverancier de termijnbedragen verhoogt. "
            "Kan de Stadsbank dat meenemen in het budgetplan?",
            aan=Partij.STADSBANK.value,
        )
    return {"overdrachten": verstuurd, "afstemmingen_open": int(vraag is not None)}
