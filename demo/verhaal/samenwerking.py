"""The gemeente and the Stadsbank at work on the same trajecten.

Recorded through the real services, as the users would: where the story left a warme
overdracht due, the sending side writes it: one waits for the receiving side ("aan zet" on
their werkvoorraad), a second one was already accepted. In Enschede (Hybride) the consulent
asks the Stadsbank something (an afstemming that waits for an answer) and has the daily
e-mail turned on (``manage.py dagoverzicht`` shows it in var/mail/).
"""

from __future__ import annotations

from django.utils import timezone

from klantplan.services.contact import registreer_afstemming
from schuldhulp.models import Gebruiker
from schuldhulp.pakketten import Partij
from trajecten.models import Traject
from trajecten.samenwerking import aanzet, personen
from trajecten.samenwerking.services import overdracht
from trajecten.samenwerking.signalen import andere

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
    # Where the story left a handover due (the next step lies with the other party than the
    # one that took the last step), the person of the sending side writes it.
    verschuldigd = []
    for traject in Traject.objects.lopend().order_by("pk"):
        van = aanzet.bepaal(traject).overdracht_van
        if van is not None and traject.persoon(van):
            verschuldigd.append((traject, van))
        if len(verschuldigd) == len(SAMENVATTINGEN):
            break
    for n, ((traject, van), samenvatting) in enumerate(
        zip(verschuldigd, SAMENVATTINGEN, strict=False)
    ):
        rij = overdracht.verstuur(traject_id=traject.pk, door=traject.persoon(van), **samenvatting)
        if n == 1:  # the second one the receiving side already took over
            ontvanger = traject.persoon(andere(van)) or (
                personen.kandidaten(traject.gemeente_id, andere(van)).first()
            )
            if ontvanger is not None:
                overdracht.accepteer(overdracht_id=rij.pk, door=ontvanger)
    vraag = (
        Traject.objects.lopend()
        .filter(gemeente__code=GEMEENTE, consulent=consulent, behandelaar=regisseur)
        .order_by("pk")
        .first()
    )
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
    return {"overdrachten": len(verschuldigd), "afstemmingen_open": int(vraag is not None)}
